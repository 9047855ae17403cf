"""Rule `set-phrase`: a set phrase (举一反三, 真抓实干, 纸面整改 …) said twice in one speech.

The phrases are the composer's table (text/phrases.py), so gaozi never writes a repeat this rule reports.
Only the words as spoken count: a phrase that is the edge of longer words (认真抓实干部 is 认真|抓实|干部, not
真抓实干), one inside a quoted title or name (《…》, “…”), and table cells do not. Each title of a volume (a
combined batch) starts a new speech. Info: real documents do repeat 标本兼治, and are not wrong for it; in a
person's draft (not an outline) two uses far apart are not noted.
"""
from __future__ import annotations

import re

from generator.lint.para import Hit
from generator.lint.rules._words import stands_alone
from generator.text.phrases import family, find

ID = "set-phrase"
LEVEL = "info"
SUMMARY = "同一篇讲话里同一个成语、套话用了两次以上"

_NOT_PROSE = ("junk", "outline-summary", "table-text", "table-header", "table-title", "subtitle", "speaker", "date-line",
              "signature", "sign-date", "source", "imprint", "copy-to")
_QUOTED = re.compile(r"《[^《》]*》|“[^“”]*”|「[^「」]*」|‘[^‘’]*’")


def _speeches(paras):
    """Per speech (a volume's titles start new ones): family → its uses [(paragraph, start, end, words)]."""
    uses: dict[str, list[tuple[int, int, int, str]]] = {}
    for pi, p in enumerate(paras):
        if p.role == "title":
            if uses:
                yield uses
            uses = {}
            continue
        if p.role in _NOT_PROSE or not p.text.strip():
            continue
        t = p.text
        quoted = [m.span() for m in _QUOTED.finditer(t)] if any(c in t for c in "《“「‘") else []
        for m in find(t):
            s, e = m.span()
            if not any(a <= s and e <= b for a, b in quoted):
                uses.setdefault(family(m.group()), []).append((pi, s, e, m.group()))
    if uses:
        yield uses


# A person's draft (text, Word) says 标本兼治 again three pages on without anyone minding: there, a repeat
# is noted when the phrase comes back within a few paragraphs, or is said three times or more. In an
# outline (gaozi composes the text) every repeat is noted.
_NEAR = 3


def check(ctx) -> list[Hit]:
    hits: list[Hit] = []
    paras = ctx.paras
    drafted = ctx.meta.format != "outline"
    prose = [pi for pi, p in enumerate(paras) if p.role not in _NOT_PROSE and p.text.strip()]
    rank = {pi: k for k, pi in enumerate(prose)}  # distance counts paragraphs of speech, not table cells
    for uses in _speeches(paras):
        for said in uses.values():
            if len(said) < 2:
                continue  # said once: no need to read word boundaries (jieba loads only for a repeat)
            said = [u for u in said if stands_alone(paras[u[0]].text, u[1], u[2])]
            if len(said) < 2:
                continue
            qi, qs, _qe, qtext = said[0]
            line = paras[qi].locate(qs, qtext)[0]
            for k, (pi, s, _e, words) in enumerate(said[1:], 1):
                if drafted and len(said) < 3 and rank[pi] - rank[said[k - 1][0]] > _NEAR:
                    continue  # said twice, far apart, in a person's draft
                p = paras[pi]
                if pi != qi and p.source_line is not None and line == p.line:
                    continue  # an outline's template repeats its own line: one place to change, not a slip
                where = f"“{words}”在第{line}行已经说过" if words == qtext else \
                    f"“{words}”和第{line}行的“{qtext}”是一个说法"
                hits.append(Hit(ID, f"{where}，同一篇讲话里说两次显得重复，可以换个说法", words, pi, s))
    return hits
