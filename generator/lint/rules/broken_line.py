"""Rule `broken-line`: a hard line break inside a sentence (a PDF copy); the lines are checked as one paragraph."""
from __future__ import annotations

from generator.lint.para import Hit

ID = "broken-line"
LEVEL = "warning"
SUMMARY = "句子中间的硬换行（从 PDF 复制）"


def check(ctx) -> list[Hit]:
    hits = []
    for pi, p in enumerate(ctx.paras):
        for off, _line, raw in p.segs[:-1]:
            tail = raw.rstrip(" \u3000")
            if not tail:
                continue
            hits.append(Hit(ID, "句子在行尾断开（疑似从 PDF 复制带来的硬换行），已与下一行合并检查；"
                                "请删除多余的换行", tail[-1], pi, off + len(tail) - 1))
    return hits
