"""Rule `count-mismatch`: an announced count (我讲三点意见) that the list after it does not match."""
from __future__ import annotations

from generator.lint.analysis import Analysis, count_mismatch

ID = "count-mismatch"
LEVEL = "error"
SUMMARY = "宣布的条数（我讲三点意见）与后面实际列出的项数不符"


def check(ctx):
    return count_mismatch(ctx.paras, ctx.shared(Analysis))
