"""Chinese typography for every text gaozi writes: full-width punctuation, quotes, …… and ——."""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

__all__ = ["Change", "KINDS", "changes", "normalize", "apply_changes", "is_chinese"]

KINDS = ("punct-width", "quote", "ellipsis", "dash", "space")


class _Lazy:
    """A regular expression compiled on first use: the CJK classes below cost about 20 ms to compile, which
    commands that never touch typography (--help, kinds, schema) should not pay at start-up."""

    __slots__ = ("_args", "_re")

    def __init__(self, *args):
        self._args = args
        self._re = None

    def __getattr__(self, name):
        if self._re is None:
            self._re = re.compile(*self._args)
        return getattr(self._re, name)


class Change(NamedTuple):
    """Replace text[start:end] (== old) by new; positions are in the text given to changes()."""

    start: int
    end: int
    old: str
    new: str
    kind: str  # one of KINDS


# "Chinese" = an ideograph or a CJK punctuation mark; U+3000 is a space, not punctuation.
_IDEO = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CPUNCT = ("\u3001-\u303f\ufe30-\ufe4f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
           "\u2018\u2019\u201c\u201d\u2026\u2014\u00b7")
_C = f"[{_IDEO}{_CPUNCT}]"
_C_RE = _Lazy(_C)

_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "!": "！", "?": "？"})

# Patterns open with a literal (lookbehinds come after it) so the engine can skip ahead to candidates
# instead of testing every position: this is what keeps 10,000 characters in about a millisecond.
_P = "[,:;!?]"
_PUNCT_RUN = _Lazy(rf"(?={_P})(?:(?<={_C}){_P}+|{_P}+(?={_C}))")
_PAREN_PAIR = _Lazy(r"\((?<!\]\()([^()\n]*)\)")  # not after ]: Markdown [text](url)
_HALF_PAIR = _Lazy(r"（[^()（）\n]*(\))|(\()[^()（）\n]*）")  # （内容) or (内容）: IME slipped
_DQUOTE = _Lazy('"')
_SQUOTE = _Lazy(r"'(?:(?<![A-Za-z0-9]')|(?![A-Za-z0-9]))")  # between two alnums: apostrophe
_DOTS = _Lazy(r"\.[.…]+|…[.…]*")  # maximal runs of . and …; a lone . is never an ellipsis
_DASH = _Lazy(rf"--(?<={_C}--)(?={_C})")
_SPACES = _Lazy(rf"[ \u3000](?<={_C}[ \u3000])[ \u3000]*(?={_C})")
_SPACES_ASCII = _Lazy(rf" (?<={_C} ) *(?={_C})")

_MAX_PASSES = 8


def is_chinese(ch: str) -> bool:
    """True for one CJK ideograph or CJK punctuation mark."""
    return bool(ch) and _C_RE.match(ch) is not None


def _one_pass(text: str, keep_fullwidth_space: bool) -> list[Change]:
    """Every rule once over `text`; the rules touch disjoint characters, so the changes never clash."""
    out: list[Change] = []
    add = out.append
    n = len(text)
    cmatch = _C_RE.match

    for m in _PUNCT_RUN.finditer(text):
        s, e = m.span()
        run = m.group()
        if run[-1] == "!" and text.startswith("[", e):
            continue  # Markdown image ![…](…)
        add(Change(s, e, run, run.translate(_WIDTH), "punct-width"))

    for m in _PAREN_PAIR.finditer(text):
        s, e = m.span()
        if (_C_RE.search(text, s + 1, e - 1) or (s and cmatch(text, s - 1))
                or (e < n and cmatch(text, e))):
            add(Change(s, s + 1, "(", "（", "punct-width"))
            add(Change(e - 1, e, ")", "）", "punct-width"))
    half = False
    for m in _HALF_PAIR.finditer(text):
        half = True
        if m.start(1) >= 0:
            add(Change(m.start(1), m.end(1), ")", "）", "punct-width"))
        else:
            add(Change(m.start(2), m.end(2), "(", "（", "punct-width"))

    for rx, opening, closing in ((_DQUOTE, "“", "”"), (_SQUOTE, "‘", "’")):
        pos = [m.start() for m in rx.finditer(text)]
        for a, b in zip(pos[0::2], pos[1::2]):
            # quotes pair up in text order; a pair counts as Chinese by its content or its outside
            if (_C_RE.search(text, a + 1, b) or (a and cmatch(text, a - 1))
                    or (b + 1 < n and cmatch(text, b + 1))):
                add(Change(a, a + 1, text[a], opening, "quote"))
                add(Change(b, b + 1, text[b], closing, "quote"))

    for m in _DOTS.finditer(text):
        run = m.group()
        if run == "……":
            continue
        s, e = m.span()
        # ... / … / ...... mean one ellipsis; other runs (.., ...., …………) are left as written
        if (run.count(".") + 3 * run.count("…") in (3, 6)
                and ((s and cmatch(text, s - 1)) or (e < n and cmatch(text, e)))):
            add(Change(s, e, run, "……", "ellipsis"))

    for m in _DASH.finditer(text):
        add(Change(m.start(), m.end(), "--", "——", "dash"))

    for m in (_SPACES_ASCII if keep_fullwidth_space else _SPACES).finditer(text):
        add(Change(m.start(), m.end(), m.group(), "", "space"))

    out.sort()
    if half:
        # （中) is both a pair and a half-width closer: the same fix twice, keep one
        out = [c for i, c in enumerate(out) if i == 0 or c.start != out[i - 1].start]
    return out


def apply_changes(text: str, found: list[Change]) -> str:
    """Apply sorted, non-overlapping changes to the text they were computed on."""
    if not found:
        return text
    parts: list[str] = []
    pos = 0
    for c in found:
        parts.append(text[pos:c.start])
        parts.append(c.new)
        pos = c.end
    parts.append(text[pos:])
    return "".join(parts)


def _compose(orig: str, acc: list[Change], step: list[Change]) -> list[Change]:
    """Changes on `orig` equal to applying `acc`, then `step` (given on the result of `acc`)."""
    # where each earlier change sits in the current text, and the length shift it caused
    cur_ranges: list[tuple[int, int]] = []
    ends: list[int] = []
    shift_upto: list[int] = []  # cumulative shift of orig → cur after change k
    shift = 0
    for c in acc:
        cs = c.start + shift
        ce = cs + len(c.new)
        cur_ranges.append((cs, ce))
        shift += len(c.new) - (c.end - c.start)
        ends.append(ce)
        shift_upto.append(shift)

    def orig_pos(p: int) -> int:
        """Original index of the untouched current character p."""
        k = bisect_right(ends, p)
        return p - (shift_upto[k - 1] if k else 0)

    # later changes only ever touch original characters in practice, but merge overlaps to stay exact
    items = [(cs, ce, 0, k) for k, (cs, ce) in enumerate(cur_ranges)]
    items += [(c.start, c.end, 1, k) for k, c in enumerate(step)]
    items.sort()
    cur = apply_changes(orig, acc)
    out: list[Change] = []
    group: list[tuple[int, int, int, int]] = []
    group_end = -1

    def flush() -> None:
        if not group:
            return
        if len(group) == 1:
            cs, ce, src, k = group[0]
            if src == 0:
                out.append(acc[k])
            else:
                c = step[k]
                start = orig_pos(cs)
                end = orig_pos(ce - 1) + 1
                out.append(Change(start, end, orig[start:end], c.new, c.kind))
            return
        lo = min(g[0] for g in group)
        hi = max(g[1] for g in group)
        firsts = [acc[g[3]] for g in group if g[2] == 0 and g[0] == lo]
        lasts = [acc[g[3]] for g in group if g[2] == 0 and g[1] == hi]
        start = firsts[0].start if firsts else orig_pos(lo)
        end = lasts[-1].end if lasts else orig_pos(hi - 1) + 1
        pieces = sorted((step[g[3]] for g in group if g[2] == 1), key=lambda c: c.start)
        new = apply_changes(cur[lo:hi], [Change(c.start - lo, c.end - lo, c.old, c.new, c.kind)
                                         for c in pieces])
        out.append(Change(start, end, orig[start:end], new, pieces[-1].kind))

    for it in items:
        if group and it[0] < group_end:
            group.append(it)
            group_end = max(group_end, it[1])
        else:
            flush()
            group = [it]
            group_end = it[1]
    flush()
    return out


def changes(text: str, *, keep_fullwidth_space: bool = False) -> list[Change]:
    """What normalize() does to `text`, as sorted, non-overlapping changes (the linter's findings).

    The rules run until nothing changes, because one fix can put another character in Chinese
    context (中, 美 → 中，美 makes the space stray); so normalize() is idempotent by construction.
    keep_fullwidth_space keeps U+3000 between Chinese characters (县委书记　王明 in a speaker line).
    """
    return _run(text, keep_fullwidth_space)[0]


def normalize(text: str, *, keep_fullwidth_space: bool = False) -> str:
    """Text with Chinese typography applied: exactly apply_changes(text, changes(text)).

    "Chinese" below means a CJK ideograph or CJK punctuation (，。“”…— etc., not U+3000).
    - punct-width: a run of , : ; ! ? touching Chinese on either side becomes ，：；！？ (10:30 and
      "iPhone 15, Pro" stay); ( ) pairs become （ ） when the content holds Chinese or the pair
      touches Chinese (f(x) stays; [text](url) is never touched); （…) and (…） are mended.
    - quote: straight " pair up in text order, ' likewise unless between two letters/digits
      (don't); a pair becomes “ ” / ‘ ’ when its content holds Chinese or it touches Chinese.
      An unpaired last quote is left alone.
    - ellipsis: ... … ...... (alone, i.e. a maximal run worth one ellipsis) touching Chinese → ……
    - dash: exactly -- with Chinese on both sides → —— (使用--fix选项 stays).
    - space: spaces and U+3000 between two Chinese characters are removed.
    """
    return _run(text, keep_fullwidth_space)[1]


def _run(text: str, keep_fullwidth_space: bool) -> tuple[list[Change], str]:
    """The changes and the text they produce (kept together so normalize applies them only once)."""
    acc = _one_pass(text, keep_fullwidth_space)
    if not acc:
        return acc, text
    cur = apply_changes(text, acc)
    for _ in range(_MAX_PASSES):
        step = _one_pass(cur, keep_fullwidth_space)
        if not step:
            break
        acc = _compose(text, acc, step)
        cur = apply_changes(cur, step)
    return acc, cur
