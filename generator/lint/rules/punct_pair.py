"""Rule `punct-pair`: unpaired quotes, 《》 and （） inside one paragraph."""
from __future__ import annotations

import re

from generator.lint.para import Hit, Para

ID = "punct-pair"
LEVEL = "error"
SUMMARY = "引号、书名号、括号不配对"

_OPEN = {"“": "”", "‘": "’", "《": "》", "（": "）", "(": "）"}
_CLOSE = {"”": "“", "’": "‘", "》": "《", "）": "（", ")": "（"}
_CLASS = {"“": "“", "‘": "‘", "《": "《", "（": "（", "(": "（", "”": "“", "’": "‘", "》": "《", "）": "（", ")": "（"}
_BRACKETS = re.compile("[“”‘’《》（）()]")
# 1）加强学习 / a) …: a list marker whose closing parenthesis has no partner by design
_MARKER = re.compile(r"^[ \u3000]*[0-9a-zA-Z一二三四五六七八九十①-⑳]{1,3}[)）]")
_LATIN = re.compile(r"[A-Za-z]")


def pair_hits(p: Para, pi: int, quote_goes_on: bool = False) -> list[Hit]:
    """`quote_goes_on`: the next paragraph opens with “ — a quotation of several paragraphs, where each
    paragraph but the last opens with “ and only the last one closes it (GB/T 15834)."""
    t = p.text
    if not _BRACKETS.search(t):
        return []
    skip = set()
    m = _MARKER.match(t)
    if m:
        skip.add(m.end() - 1)
    stack: list[tuple[str, int]] = []
    hits = []
    for m in _BRACKETS.finditer(t):
        ch, i = m.group(), m.start()
        if i in skip:
            continue
        if ch in "‘’" and 0 < i < len(t) - 1 and _LATIN.match(t[i - 1]) and _LATIN.match(t[i + 1]):
            continue  # an apostrophe in a Latin word (Xi’an)
        if ch in _OPEN:
            stack.append((_CLASS[ch], i))
            continue
        cls = _CLASS[ch]
        depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == cls), None)
        if depth is None:
            hits.append(Hit("punct-pair", f"“{ch}”前面没有与之配对的“{_CLOSE[ch]}”", ch, pi, i))
            continue
        for ocls, oi in stack[depth + 1:]:
            hits.append(Hit("punct-pair", f"“{t[oi]}”没有与之配对的“{_OPEN[t[oi]]}”", t[oi], pi, oi))
        del stack[depth:]
    lead = len(t) - len(t.lstrip(" \u3000"))
    if quote_goes_on and stack and stack[0] == ("“", lead):
        del stack[0]  # this paragraph's part of a quotation that the next paragraph continues
    for ocls, oi in stack:
        hits.append(Hit("punct-pair", f"“{t[oi]}”没有与之配对的“{_OPEN[t[oi]]}”", t[oi], pi, oi))
    return hits


def check(ctx) -> list[Hit]:
    hits: list[Hit] = []
    paras = [(pi, p) for pi, p in enumerate(ctx.paras) if p.role != "junk" and p.text.strip()]
    for k, (pi, p) in enumerate(paras):
        nxt = paras[k + 1][1].text.lstrip(" \u3000") if k + 1 < len(paras) else ""
        hits += pair_hits(p, pi, quote_goes_on=nxt.startswith("“") and p.text.lstrip(" \u3000").startswith("“"))
    return hits
