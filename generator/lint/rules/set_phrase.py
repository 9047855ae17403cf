"""Rule `set-phrase`: a set phrase (举一反三, 真抓实干, 纸面整改 …) said twice in one speech.

The phrases are the composer's table (text/phrases.py), so gaozi never writes a repeat this rule reports.
Only the words as spoken count: a phrase that is the edge of longer words (认真抓实干部 is 认真|抓实|干部, not
真抓实干), one inside a quoted title or name (《…》, “…”), and table cells do not. Each title of a volume (a
combined batch) starts a new speech. Info: real documents do repeat 标本兼治, and are not wrong for it.
"""
from __future__ import annotations

import re

from generator.lint.para import Hit
from generator.lint.rules._words import stands_alone
from generator.text.phrases import family, find

ID = "set-phrase"
LEVEL = "info"
SUMMARY = "同一篇讲话里同一个成语、套话用了两次以上"

_NOT_PROSE = ("junk", "outline-summary", "table-text", "table-header", "table-title", "speaker", "date-line",
              "signature", "sign-date", "source", "imprint", "copy-to")
_QUOTED = re.compile(r"《[^《》]*》|“[^“”]*”|「[^「」]*」|‘[^‘’]*’")


def check(ctx) -> list[Hit]:
    hits: list[Hit] = []
    first: dict[str, tuple[int, int, str]] = {}  # family → (paragraph, offset, words) of its first use here
    for pi, p in enumerate(ctx.paras):
        if p.role == "title":
            first = {}  # a volume: every speech is heard on its own
            continue
        if p.role in _NOT_PROSE or not p.text.strip():
            continue
        t = p.text
        quoted = [m.span() for m in _QUOTED.finditer(t)] if any(c in t for c in "《“「‘") else []
        for m in find(t):
            s, e = m.span()
            if any(a <= s and e <= b for a, b in quoted) or not stands_alone(t, s, e):
                continue
            fam = family(m.group())
            if fam not in first:
                first[fam] = (pi, s, m.group())
                continue
            qi, qs, qtext = first[fam]
            line = ctx.paras[qi].locate(qs, qtext)[0]
            if qi != pi and p.source_line is not None and line == p.line:
                continue  # an outline's template repeats its own line: one place to change, not a slip
            said = f"“{m.group()}”在第{line}行已经说过" if m.group() == qtext else \
                f"“{m.group()}”和第{line}行的“{qtext}”是一个说法"
            hits.append(Hit(ID, f"{said}，同一篇讲话里说两次显得重复，可以换个说法", m.group(), pi, s))
    return hits
