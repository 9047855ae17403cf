"""Rule `enum-sequence`: enumerators that skip, repeat, go backwards or mix families (一要、二要、四要；一是、二要)."""
from __future__ import annotations

from generator.lint.analysis import Analysis

ID = "enum-sequence"
LEVEL = "error"
SUMMARY = "序号跳号、重复、倒退或混用（一要、二要、四要；一是、二要）"


def check(ctx):
    return [h for h in ctx.shared(Analysis).hits if h.rule == ID]
