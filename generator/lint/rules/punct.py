"""Rules `punct-width` (what typography.changes would fix) and `punct-pair` (unpaired quotes, 《》 and （）)."""
from __future__ import annotations

import re

from generator.text import typography
from generator.lint.rules.base import Hit, Para

_KIND_MSG = {
    "punct-width": "中文里用了半角标点“{old}”，应为“{new}”",
    "quote": "中文里用了直引号“{old}”，应为“{new}”",
    "ellipsis": "省略号“{old}”应写作“……”",
    "dash": "破折号“{old}”应写作“——”",
    "space": "汉字之间有多余的空格",
}


# typography.changes only ever rewrites these characters: a line without any has nothing to change
_TOUCHED = re.compile("[,:;!?()\"'.…\\- \u3000]")


_SENTENCE = re.compile("[，。；：！？,.;:!?、]")
MAX_NAME_LINE = 30


def line_changes(line: str) -> list[typography.Change]:
    """typography.changes, skipped for lines it cannot change (most lines of a clean draft).

    A short line without sentence punctuation (县委书记　王明, a signature) keeps its full-width
    space: that space is layout, not a slip."""
    if not _TOUCHED.search(line):
        return []
    keep = len(line.strip()) <= MAX_NAME_LINE and not _SENTENCE.search(line)
    return typography.changes(line, keep_fullwidth_space=keep)


def width_hits(p: Para, pi: int) -> list[Hit]:
    """One hit per change typography would make, computed line by line exactly as `--fix` applies it."""
    hits = []
    for off, _line, raw in p.segs:
        for c in line_changes(raw):
            msg = _KIND_MSG.get(c.kind, "标点或空格不规范：“{old}”应为“{new}”").format(old=c.old, new=c.new)
            hits.append(Hit("punct-width", msg, c.old, pi, off + c.start))
    return hits


_OPEN = {"“": "”", "‘": "’", "《": "》", "（": "）", "(": "）"}
_CLOSE = {"”": "“", "’": "‘", "》": "《", "）": "（", ")": "（"}
_CLASS = {"“": "“", "‘": "‘", "《": "《", "（": "（", "(": "（", "”": "“", "’": "‘", "》": "《", "）": "（", ")": "（"}
_BRACKETS = re.compile("[“”‘’《》（）()]")
# 1）加强学习 / a) …: a list marker whose closing parenthesis has no partner by design
_MARKER = re.compile(r"^[ \u3000]*[0-9a-zA-Z一二三四五六七八九十①-⑳]{1,3}[)）]")
_LATIN = re.compile(r"[A-Za-z]")


def pair_hits(p: Para, pi: int) -> list[Hit]:
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
    for ocls, oi in stack:
        hits.append(Hit("punct-pair", f"“{t[oi]}”没有与之配对的“{_OPEN[t[oi]]}”", t[oi], pi, oi))
    return hits


def check(paras: list[Para], rules: set[str]) -> list[Hit]:
    hits: list[Hit] = []
    for pi, p in enumerate(paras):
        if p.role == "junk":
            continue
        if "punct-width" in rules and p.source_line is None:
            hits += width_hits(p, pi)
        if "punct-pair" in rules:
            hits += pair_hits(p, pi)
    return hits
