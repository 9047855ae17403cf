"""Rule `heading-order`: heading levels upside down or skipped (（1） right under 一、)."""
from __future__ import annotations

from generator.lint.analysis import Analysis

ID = "heading-order"
LEVEL = "error"
SUMMARY = "标题层级颠倒或跳级（（1）直接放在一、之下）"


def check(ctx):
    return [h for h in ctx.shared(Analysis).hits if h.rule == ID]
