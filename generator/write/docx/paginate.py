"""Where the renderer will break the pages: a model of LibreOffice's line and page breaking on the 22-line grid.

A .docx has no pages; Word, WPS and LibreOffice break them when they lay the text out. Two rules of GB/T 9704
need to know the pages at writing time: a heading never ends a page while every full page keeps its 22 lines,
and the 版记 stands on an even page. The body is on a fixed grid (every line exactly one 行, 28 characters of
one width, no hyphenation), so its line and page breaks can be computed: characters are one em (plus the
grid's spacing), Latin letters and digits half an em with LibreOffice's gap where they meet Chinese, and
punctuation follows the line-breaking rules (禁则: closing marks never start a line, opening marks never end
one, —— and …… are never split). Tables are estimated from their cells' line counts. Measured against
LibreOffice 7.4 on every shipped example (tests/test_paginate.py); Word breaks lines alike within a character.
"""
from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress
from operator import ne

# 禁则 (kinsoku) as LibreOffice applies them to zh-CN text
NO_START = frozenset("，。、；：！？）》」』】〉〕”’…%‰℃·,.;:!?)]}")
NO_END = frozenset("（《「『【〈〔“‘([{")
_TOKEN = re.compile(r"——|……|[0-9A-Za-z.%/\-]+| |.", re.S)
_HALF = ("N", "Na", "H")


# Advance widths (thousandths of an em) of Times New Roman and its metric twin Liberation Serif, for the
# Latin letters, digits and signs that appear in Chinese official text; other half-width characters ½ em.
_LATIN = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                  (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556,
                   611, 722, 722, 944, 722, 722, 611)))
_LATIN.update(zip("abcdefghijklmnopqrstuvwxyz",
                  (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389,
                   278, 500, 500, 722, 500, 500, 444)))
_LATIN.update({c: 500 for c in "0123456789"})
_LATIN.update({" ": 250, ".": 250, ",": 250, "%": 833, "-": 333, "/": 278, ":": 278, ";": 278, "(": 333,
               ")": 333, "+": 564, "&": 778, "#": 500, "*": 500, "'": 180, '"': 408})


@lru_cache(maxsize=8192)
def _token(tok: str) -> tuple[float, int, bool]:
    """A token's width in ems, its length, and whether it is Latin (a half-width run)."""
    w = 0.0
    for c in tok:
        if c in _LATIN:
            w += _LATIN[c] / 1000
        else:
            w += 0.5 if unicodedata.east_asian_width(c) in _HALF else 1.0
    return w, len(tok), tok.isascii() and tok != " "


_ASCII = re.compile("[0-9A-Za-z]")


class _Widths(dict):
    """Token → advance width in twips at one size and spacing, filled on first use."""
    def __init__(self, em: float, spacing: int) -> None:
        super().__init__()
        self.em, self.spacing = em, spacing

    def __missing__(self, tok: str) -> float:
        w, n, _ = _token(tok)
        self[tok] = value = w * self.em + n * self.spacing
        return value


@lru_cache(maxsize=64)
def _widths(em: float, spacing: int) -> _Widths:
    return _Widths(em, spacing)


@lru_cache(maxsize=4096)
def lines(text: str, first: int, rest: int, em: float, spacing: int = 0, gap: float = 0.0) -> int:
    """How many lines `text` takes: `first` and `rest` are the room (twips) on the first and the following
    lines, `em` a character of the type size, `spacing` the character spacing, `gap` the space the
    renderer puts between a Chinese character and a Latin/digit run."""
    if not text:
        return 1
    toks = _TOKEN.findall(text)
    widths = list(map(_widths(em, spacing).__getitem__, toks))
    gaps = [0.0] * len(toks)
    if gap and _ASCII.search(text):  # the gap where Chinese meets a Latin/digit run (not at a line's start)
        if " " in text:  # a space neither takes a gap nor counts as either side
            prev = None
            for i, t in enumerate(toks):
                if t == " ":
                    continue
                latin = t.isascii()
                if prev is not None and latin != prev:
                    gaps[i] = gap
                    widths[i] += gap
                prev = latin
        else:
            flags = list(map(str.isascii, toks))
            for i in compress(range(1, len(toks)), map(ne, flags[1:], flags[:-1])):
                gaps[i] = gap
                widths[i] += gap
    cum = list(accumulate(widths, initial=0.0))  # cum[i]: the width of toks[:i], gaps included
    count, start, room, end = 1, 0, first, len(toks)
    while True:
        # the most tokens from `start` that fit `room`; at least one
        j = bisect_right(cum, cum[start] + gaps[start] + room + 1e-6) - 1
        if j >= end:
            return count
        j = max(j, start + 1)
        while j < end and toks[j] == " ":  # spaces at the end of a line hang
            j += 1
        if j >= end:
            return count
        # break before toks[j]; carry down what may not end or start a line
        k = j
        while k > start + 1 and (toks[k][:1] in NO_START or toks[k - 1][-1:] in NO_END):
            k -= 1
        count += 1
        start, room = k, rest


@dataclass(slots=True)
class Item:
    """One piece of the body in writing order."""
    kind: str                     # "par", "table" or "space" (a fixed height: the 版头)
    index: int = -1               # the block's index in the document
    lines: int = 1                # text lines of a paragraph
    before: int = 0               # twips above (paragraph spacing)
    after: int = 0
    keep: bool = False            # kept with the next line (headings, titles, table titles); never split
    new_page: bool = False
    height: int = 0               # "space": its height
    rows: list[int] = field(default_factory=list)  # "table": row heights, the header first when `header`
    header: bool = False
    text: str = ""                # what a fit may re-break: the paragraph's text and room
    first: int = 0
    rest: int = 0
    spacing: int = 0
    heading: bool = False


@dataclass(slots=True)
class Placed:
    item: Item
    first: tuple[int, int]        # (page, twips from the top of the type area) of the first line
    last: tuple[int, int]         # of the last line
    moved: bool = False           # keep-with-next sent it to the next page


def paginate(items: list[Item], page_h: int, pitch: int) -> tuple[list[Placed], int, int]:
    """Each item's first and last line; and the page and height where the body ends (pages from 1)."""
    page, y = 1, 0
    out: list[Placed] = []
    for k, it in enumerate(items):
        if it.new_page and (y > 0 or out):
            page, y = page + 1, 0
        if it.kind == "space":
            y += it.height
            out.append(Placed(it, (page, y), (page, y)))
            continue
        if it.kind == "table":
            rows = it.rows
            head = rows[0] if it.header and rows else 0
            body = rows[1:] if it.header else rows
            need = head + (body[0] if body else 0)
            if y > 0 and y + need > page_h:
                page, y = page + 1, 0
            start = (page, y)
            y += head
            for h in body:
                if y + h > page_h and y > head:
                    page, y = page + 1, head
                y += h
            out.append(Placed(it, start, (page, y)))
            continue
        y += it.before
        n = it.lines
        moved = False
        if it.keep:
            # the paragraph and the first line of what follows (a chain of headings counts whole)
            need = n * pitch
            j = k + 1
            while j < len(items) and items[j].kind == "par" and items[j].keep and not items[j].new_page:
                need += items[j].before + items[j].lines * pitch
                j += 1
            if j < len(items) and not items[j].new_page:
                nxt = items[j]
                need += (nxt.before + pitch) if nxt.kind == "par" else sum(nxt.rows[:2])
            if y + need > page_h + 1 and y - it.before > 0 and need <= page_h:
                page, y, moved = page + 1, 0, True
        if y + pitch > page_h + 1:
            page, y = page + 1, 0
        start = (page, y)
        # the lines after the first: those that still fit this page, then whole pages of `per_page`
        here = int((page_h + 1 - y) // pitch) - 1
        if n - 1 <= here:
            y += (n - 1) * pitch
        else:
            per_page = int((page_h + 1) // pitch)
            rest = n - 1 - here  # lines on the following pages
            page += 1 + (rest - 1) // per_page
            y = ((rest - 1) % per_page) * pitch
        last = (page, y)
        y += pitch + it.after
        if y + pitch > page_h + 1:  # spacing after a page's last line is dropped
            page, y = page + 1, 0
        out.append(Placed(it, start, last, moved))
    return out, page, y


def fit_headings(items: list[Item], page_h: int, pitch: int, chars: int, em: float, gap: float,
                 base_spacing: int) -> dict[int, int]:
    """Character spacing for a few paragraphs (block index → twentieths of a point) so that no heading
    needs to move to the next page (keep-with-next would leave that page a line short of 22).

    When a heading (or a chain of headings) would end a page, one paragraph before it on the same page
    is set one line longer (27 characters a line) or one line shorter (29), whichever changes fewer
    lines; the heading then starts the next page, or moves up with its next line. Pages are fitted in
    order; a page with no paragraph that can take the change is left to keep-with-next."""
    spacing: dict[int, int] = {}
    rest = next((it.rest for it in items if it.kind == "par" and it.heading), 0)
    if not rest:
        return spacing
    # (cost, spacing, lines gained): a character a line first, two only when one does not do
    choices = [(abs(c - chars), sp, 1 if c < chars else -1)
               for c in (chars - 1, chars + 1, chars - 2, chars + 2)
               if (sp := _spacing_for(c, em, rest, base_spacing)) is not None]
    original = {id(it): it.lines for it in items}
    unfit: set[int] = set()  # headings no paragraph before them can help: left to keep-with-next
    try:
        for _ in range(100):  # each round fixes the first heading that ends a page; a document has few
            placed, _, _ = paginate(items, page_h, pitch)
            conflict = next((k for k, p in enumerate(placed) if k not in unfit and _stranded(placed, k)), None)
            if conflict is None:
                break
            page = placed[conflict].first[0] - 1  # the page it was moved off
            candidates = []
            for k in range(conflict - 1, -1, -1):
                p = placed[k]
                it = p.item
                if p.last[0] != page or it.kind != "par":
                    break
                if it.keep or it.index in spacing or it.lines < 2 or not it.text:
                    continue
                for tier, sp, delta in choices:
                    if _holds(it, sp, delta, em, gap):
                        candidates.append(((tier, it.lines), k, sp, delta))
            for _, k, sp, delta in sorted(candidates, key=lambda c: c[0]):
                it = placed[k].item
                it.lines += delta
                trial, _, _ = paginate(items, page_h, pitch)
                if not any(_stranded(trial, j) for j in range(k, conflict + 1)):
                    spacing[it.index] = sp
                    break
                it.lines -= delta
            else:
                unfit.add(conflict)
    finally:
        for it in items:
            it.lines = original[id(it)]
    return spacing


def _stranded(placed: list[Placed], k: int) -> bool:
    """Whether the heading at placed[k] (first of a chain of kept paragraphs) would end its page, so that
    keep-with-next moves it (and the page before loses a line)."""
    it = placed[k].item
    if it.kind != "par" or not it.heading or (k and placed[k - 1].item.keep and placed[k - 1].item.kind == "par"):
        return False
    j = k
    while j + 1 < len(placed) and placed[j + 1].item.kind == "par" and placed[j + 1].item.keep:
        j += 1
    if j + 1 >= len(placed) or placed[j + 1].item.new_page:
        return False
    return placed[k].moved


def _holds(it: Item, sp: int, delta: int, em: float, gap: float) -> bool:
    """`sp` changes the paragraph by `delta` lines, and still would with a character more (when it
    shortens) or less (when it lengthens) of text: a margin for the renderer's own measuring."""
    target = it.lines + delta
    if lines(it.text, it.first, it.rest, em, sp, gap) != target:
        return False
    t = it.text
    probe = (t[:-2] + t[-1:]) if delta > 0 else (t[:-1] + "字" + t[-1:])
    return len(t) < 3 or lines(probe, it.first, it.rest, em, sp, gap) == target


def _spacing_for(chars: int, em: float, rest: int, base: int, margin: int = 30) -> int | None:
    """The spacing nearest the grid's own that sets exactly `chars` characters on a full line, with
    `margin` twips to spare either way (renderers round widths differently)."""
    lo = math.floor((rest + margin) / (chars + 1) - em) + 1   # (chars + 1) × (em + s) > rest + margin
    hi = math.floor((rest - margin) / chars - em)             # chars × (em + s) ≤ rest − margin
    if hi < lo:
        return None
    return lo if abs(lo - base) <= abs(hi - base) else hi
