"""Rule `consistency`: one truth across the set of documents of one inspection (facts, ledger, speech, 表态,
plan, progress report): problem counts and categories, promised deadlines, 截至 dates, overdue items,
“全部整改到位” over 长期坚持 items, the report's closing formula, “X代表X”.

The rule is cross-document: it cannot be decided from one document's paragraphs, so `check(ctx)` finds
nothing and the work is done over the whole set of inputs by generator.lint.consistency.check_set, which
generator.lint.check.check() calls once after the per-document rules (selected and ignored like any rule:
`--rule consistency`, `--ignore consistency`)."""
from __future__ import annotations

from generator.lint.para import Hit

ID = "consistency"
LEVEL = "error"
SUMMARY = ("一套文稿之间、文稿与事实文件和台账之间不一致：问题个数和类别、承诺的时限、截至日期、"
           "超期未完成、“全部整改到位”与长期坚持、报告的结束语、“X代表X”")


def check(ctx) -> list[Hit]:
    return []  # cross-document: see generator.lint.consistency.check_set (run by lint.check.check)
