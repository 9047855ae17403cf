"""Rule `dash`: a wrong character for the Chinese dash —— (U+2015 ―, U+FE63 ﹣, a hyphen between Chinese)."""
from __future__ import annotations

import re

from generator.lint.para import Hit
from generator.text import zh

ID = "dash"
LEVEL = "warning"
SUMMARY = "破折号用错了字符（―、﹣、汉字间的 -），应为“——”"

_WRONG = re.compile(f"[\u2015\ufe63\ufe58]+|(?<=[{zh.CJK}])[-\uff0d\u2010\u2011\u2012\u2013](?=[{zh.CJK}])")


def check(ctx) -> list[Hit]:
    hits = []
    for pi, p in enumerate(ctx.paras):
        if p.role in ("junk", "table-text", "table-header"):
            continue
        t = p.text
        for m in _WRONG.finditer(t):
            hits.append(Hit(ID, f"“{m.group()}”不是中文破折号，应写作“——”（两个 U+2014）", m.group(), pi, m.start()))
    return hits
