"""Rule `space-gap`: a space inside a Chinese phrase where a word is missing (加强 和党风廉政建设).

punct-width would delete the space and hide the gap; this rule reports it instead, and `--fix` keeps it."""
from __future__ import annotations

import re

from generator.lint.para import Hit
from generator.text import zh

ID = "space-gap"
LEVEL = "warning"
SUMMARY = "汉字之间的空格疑似漏了词语（加强 和党风廉政建设）"

_GAP = re.compile(f"(?<=[{zh.CJK}])[ \u3000]{{1,3}}(?=[{zh.CJK}])")


def check(ctx) -> list[Hit]:
    hits = []
    for pi, p in enumerate(ctx.paras):
        if p.role in ("junk", "table-text", "table-header") or (p.role in zh.SPACED_ROLES) or " " not in p.text \
                and "\u3000" not in p.text:
            continue
        t = p.text
        for m in _GAP.finditer(t):
            if zh.is_word_gap(t, m.start(), m.end()):
                a, b = t[max(0, m.start() - 4):m.start()], t[m.end():m.end() + 4]
                hits.append(Hit(ID, f"“{a}{m.group()}{b}”中间的空格处疑似漏了词语，请补全（--fix 不会删除这个空格）",
                                m.group(), pi, m.start()))
    return hits
