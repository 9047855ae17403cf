"""Chinese numerals, count words and the enumerator families of headings and run-in points."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = [
    "NumberingError", "cn_numeral", "parse_cn_numeral", "cn_count", "count_word",
    "FAMILIES", "HEADING_FAMILIES", "RUNIN_FAMILIES", "MAX_INDEX",
    "canonical_family", "enumerator", "Match", "detect", "detect_at", "find_inline", "find_inline_all", "runs",
]


class NumberingError(ValueError):
    """A numbering request that cannot be honoured; the message is meant for the user (Chinese)."""


# ---------------------------------------------------------------------------------------------
# numerals

_DIGITS = "零一二三四五六七八九"
_POS_UNITS = ("", "十", "百", "千", "万")  # position 0..4
_UNIT_POS = {"十": 1, "百": 2, "千": 3, "万": 4}
_DIGIT_VALUE = {ch: i for i, ch in enumerate(_DIGITS)} | {"〇": 0, "两": 2}
_ZEROS = frozenset("零〇")
MAX_NUMERAL = 99999


def cn_numeral(n: int) -> str:
    """0..99999 as a Chinese numeral: 10 十, 110 一百一十, 1010 一千零一十, 10001 一万零一."""
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_NUMERAL:
        raise ValueError(f"只能写出0至{MAX_NUMERAL}的中文数字，这里是{n!r}")
    if n == 0:
        return "零"
    digits = [int(d) for d in str(n)]
    top = len(digits) - 1
    out: list[str] = []
    zero_pending = False
    for i, d in enumerate(digits):
        pos = top - i
        if d == 0:
            # one 零 stands for any run of missing positions, and only when something follows
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        # 10–19 read 十… on their own, but 一十 inside a bigger number (一百一十)
        if not (d == 1 and pos == 1 and i == 0):
            out.append(_DIGITS[d])
        out.append(_POS_UNITS[pos])
    return "".join(out)


def parse_cn_numeral(s: str) -> int:
    """The value of a Chinese numeral (0..99999); 两 counts as 2 and 〇 as 零; junk is a ValueError."""
    if not isinstance(s, str) or not s:
        raise ValueError(f"不是中文数字：{s!r}")
    if s in _ZEROS:
        return 0
    if s == "两":
        return 2
    n = len(s)
    i = 0
    value = 0
    last_pos = len(_POS_UNITS)  # positions must strictly decrease
    zero_pending = False
    first = True
    while i < n:
        ch = s[i]
        if ch in _ZEROS:
            if first or zero_pending:
                raise ValueError(f"不是规范的中文数字：{s!r}")
            zero_pending = True
            i += 1
            continue
        if ch == "十" and first:
            digit, pos = 1, 1
            i += 1
        elif ch in _DIGIT_VALUE:
            digit = _DIGIT_VALUE[ch]
            if i + 1 < n and s[i + 1] in _UNIT_POS:
                pos = _UNIT_POS[s[i + 1]]
                i += 2
            else:
                pos = 0
                i += 1
            # 两 is a count word for hundreds and up, never a units or tens digit (二十二, not 两十两)
            if ch == "两" and pos < 2:
                raise ValueError(f"不是规范的中文数字：{s!r}")
        else:
            raise ValueError(f"不是中文数字：{s!r}")
        if pos >= last_pos:
            raise ValueError(f"不是规范的中文数字：{s!r}")
        if not first:
            gap = last_pos - pos - 1
            # 一百零五 needs its 零, 一百五 is colloquial (=150) and 一百零十 is wrong: reject both
            if zero_pending != (gap > 0):
                raise ValueError(f"不是规范的中文数字：{s!r}")
        value += digit * 10 ** pos
        last_pos = pos
        first = False
        zero_pending = False
    if zero_pending or first:
        raise ValueError(f"不是规范的中文数字：{s!r}")
    return value


def cn_count(n: int) -> str:
    """The count stem before a measure word: 2 is 两, everything else is cn_numeral (十二, 二百)."""
    return "两" if n == 2 else cn_numeral(n)


def count_word(n: int, measure: str) -> str:
    """count_word(3, "点") == "三点", count_word(2, "个方面") == "两个方面"."""
    return cn_count(n) + measure


# ---------------------------------------------------------------------------------------------
# families

FAMILIES = ("一、", "（一）", "1.", "（1）", "一要", "一是", "一是要", "第一，", "首先", "一方面")
HEADING_FAMILIES = ("一、", "（一）", "1.", "（1）")
RUNIN_FAMILIES = ("一要", "一是", "一是要", "第一，", "首先", "一方面")
MAX_INDEX = 999  # far beyond any real document; keeps every enumerator detectable (1. up to 999.)

_FIRST_WORDS = ("首先，", "其次，", "再次，", "最后，")
_SHOUXIAN = {2: ("首先，", "其次，"), 3: ("首先，", "其次，", "最后，"), 4: _FIRST_WORDS}

_VALID = "、".join(f"“{f}”" for f in FAMILIES)

_ALIASES = {f: f for f in FAMILIES} | {
    "第一": "第一，", "第一、": "第一，",
    "首先，": "首先",
    "一方面，": "一方面", "另一方面": "一方面",
}
_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", "．": ".", "／": "/"}
                       | {chr(0xFF10 + d): str(d) for d in range(10)})
_HINTS = {
    "1、": "“1、”不是本工具的标题序号，请用“1.”",
    "（1）、": "“（1）”后面不加顿号",
    "（一）、": "“（一）”后面不加顿号",
    "一，": "“一”后面用顿号：“一、”",
}


def canonical_family(name: str) -> str:
    """The canonical family for a name or alias: "(一)" → "（一）", "第一" → "第一，", "首先/其次/最后" → "首先"."""
    if not isinstance(name, str):
        raise NumberingError(f"序号样式应是文字，可用的有：{_VALID}")
    key = "".join(name.split()).translate(_WIDTH)
    if "/" in key:
        # "一方面/另一方面", "首先/其次/再次/最后": the first member names the family
        key = key.split("/", 1)[0]
    found = _ALIASES.get(key)
    if found is not None:
        return found
    hint = _HINTS.get(key)
    lead = f"未知的序号样式“{name}”" + (f"（{hint}）" if hint else "")
    raise NumberingError(f"{lead}，可用的有：{_VALID}")


def enumerator(family: str, index: int, total: int) -> str:
    """The enumerator of item `index` (1-based) of `total` items: ("一、", 11, 12) → "十一、"."""
    fam = canonical_family(family)
    if isinstance(total, bool) or not isinstance(total, int) or total < 1:
        raise NumberingError(f"项数应是正整数，这里是{total!r}")
    if isinstance(index, bool) or not isinstance(index, int) or not 1 <= index <= total:
        raise NumberingError(f"序号{index!r}超出范围：应在1至{total}之间")
    if index > MAX_INDEX:
        raise NumberingError(f"序号最多到{MAX_INDEX}，这里是{index}")
    if fam == "首先":
        words = _SHOUXIAN.get(total)
        if words is None:
            raise NumberingError(f"“首先/其次/再次/最后”只能用于2至4项，这里有{total}项")
        return words[index - 1]
    if fam == "一方面":
        if total != 2:
            raise NumberingError(f"“一方面/另一方面”只能用于2项，这里有{total}项")
        return "一方面，" if index == 1 else "另一方面，"
    if fam == "1.":
        return f"{index}."
    if fam == "（1）":
        return f"（{index}）"
    cn = cn_numeral(index)
    if fam == "一、":
        return cn + "、"
    if fam == "（一）":
        return f"（{cn}）"
    if fam == "第一，":
        return f"第{cn}，"
    return cn + fam[1:]  # 一要 一是 一是要: swap the numeral


# ---------------------------------------------------------------------------------------------
# detection

@dataclass(frozen=True, slots=True)
class Match:
    """An enumerator found at the start of a text: text == enumerator + rest."""

    family: str      # canonical family (see FAMILIES)
    index: int       # 1-based; -1 for 最后 (the last item, position unknown)
    enumerator: str  # exactly as written, with any spaces right after it
    rest: str


_NUM = "[一二三四五六七八九十][零〇一二三四五六七八九十百千万]*"
_ARABIC = "[1-9１-９][0-9０-９]{0,2}"
_SP = "[ \u3000]*"
# nouns that open with 要 (三要素, 一要案); verb phrases such as 要紧盯, 要求真务实 stay enumerators
_YAO_NOUN = "(?:素(?!质)|件|闻|害|塞|冲|案|犯|么|员)"
# 一、二季度 and 第一、二月 are a range of numbers, not a list
_RANGE = "(?![一二三四五六七八九十]+(?:、[一二三四五六七八九十]+)*(?:季度|月|年级))"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (fam, re.compile(rx)) for fam, rx in (
        ("第一，", rf"第(?P<n>{_NUM})(?:[，,]|、{_RANGE}){_SP}"),
        ("一是要", rf"(?P<n>{_NUM})是要{_SP}"),
        ("一是", rf"(?P<n>{_NUM})是(?!否){_SP}"),
        ("一要", rf"(?P<n>{_NUM})要(?!{_YAO_NOUN}){_SP}"),
        ("一、", rf"(?P<n>{_NUM})、{_RANGE}{_SP}"),
        ("（一）", rf"[（(](?P<n>{_NUM})[）)]{_SP}"),
        ("1.", rf"(?P<a>{_ARABIC})[.．](?![0-9０-９.．]){_SP}"),
        ("（1）", rf"[（(](?P<a>{_ARABIC})[）)]{_SP}"),
        # 首先要… reads as 首先，要…: the enumerator is 首先 and the rest begins at 要;
        # 要求 is excluded because 再次要求… means "once again demands"
        ("首先", rf"(?P<w>首先|其次|再次|最后)(?:[，,]{_SP}|(?=要(?!求)))"),
        ("一方面", rf"(?P<w>另一方面|一方面)(?:[，,]{_SP}|(?=要(?!求)))"),
    )
)
_WORD_INDEX = {"首先": 1, "其次": 2, "再次": 3, "最后": -1, "一方面": 1, "另一方面": 2}
_ARABIC_DIGITS = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)})


# every enumerator starts with one of these: most positions are ruled out by one set lookup
_FIRST = frozenset("一二三四五六七八九十第（(123456789１２３４５６７８９首其再最另")


@functools.lru_cache(maxsize=4096)
def _match_at(text: str, pos: int):
    """(family, index, regex match) of the enumerator starting at text[pos], or None."""
    for fam, rx in _PATTERNS:
        m = rx.match(text, pos)
        if m is None:
            continue
        groups = m.groupdict()
        if groups.get("w"):
            index = _WORD_INDEX[groups["w"]]
        elif groups.get("a"):
            index = int(groups["a"].translate(_ARABIC_DIGITS))
        else:
            try:
                index = parse_cn_numeral(groups["n"])
            except ValueError:
                continue
        return fam, index, m
    return None


def detect_at(text: str, pos: int) -> tuple[str, int, str] | None:
    """(family, index, enumerator) of the enumerator starting at text[pos], or None.

    detect() without the copy of the rest of the text: scanning a long paragraph for enumerators
    stays linear."""
    if pos >= len(text) or text[pos] not in _FIRST:
        return None
    found = _match_at(text, pos)
    return None if found is None else (found[0], found[1], found[2].group())


def _detect_at(text: str, pos: int) -> Match | None:
    found = _match_at(text, pos)
    if found is None:
        return None
    fam, index, m = found
    return Match(fam, index, m.group(), text[m.end():])


def detect(text: str) -> Match | None:
    """The enumerator at the very start of `text` (no indentation skipped), or None.

    Index is 1-based; the 首先 family gives 首先 1, 其次 2, 再次 3 and 最后 -1, because 最后 ends a
    list of any length and only the linter, seeing the whole list, can tell its position.
    首先要…/其次要…/一方面要… (common in speeches) count, with enumerator 首先 and rest 要…;
    首先是…, 再次要求… and a bare 首先 do not. 第一 counts only before ，/,/、 (not 第一次, 第一书记);
    1、 is not the 1. family, and 1.5 or 85.7% are numbers, not enumerators.
    """
    return _detect_at(text, 0)


# where an in-paragraph item may start: the start, or after a sentence/clause break
_STRONG_BREAK = re.compile(r"(?:^|[。；：！？;:!?])[”’」』）)]*[ \u3000]*")
_ANY_BREAK = re.compile(r"(?:^|[。；：！？;:!?，,])[”’」』）)]*[ \u3000]*")


def find_inline(text: str, family: str) -> list[tuple[int, int, int]]:
    """(start, end, index) of each enumerator of `family` inside one paragraph, in text order.

    Only positions at the start or right after 。；：！？ count (and after ， for run-in families:
    "一是…，二是…" is common), so 统一是 or 分为一、二类 mid-sentence never match. Hits are not
    filtered for order: the linter reports 一是…三是 itself.
    """
    fam = canonical_family(family)
    breaks = _ANY_BREAK if fam in RUNIN_FAMILIES else _STRONG_BREAK
    hits: list[tuple[int, int, int]] = []
    last_end = -1
    for b in breaks.finditer(text):
        pos = b.end()
        if pos <= last_end and hits:
            continue
        # detect with every family so that 一是要 is never reported as 一是 + 要
        m = detect_at(text, pos)
        if m is not None and m[0] == fam:
            end = pos + len(m[2].rstrip(" \u3000"))
            hits.append((pos, end, m[1]))
            last_end = end
    return hits


# the breaks above, only where an enumerator could start right after (the regex engine skips the rest)
_FIRST_CLASS = "[一二三四五六七八九十第（(1-9１-９首其再最另]"
_STRONG_CANDIDATE = re.compile(_STRONG_BREAK.pattern + f"(?={_FIRST_CLASS})")
_ANY_CANDIDATE = re.compile(_ANY_BREAK.pattern + f"(?={_FIRST_CLASS})")


def find_inline_all(text: str) -> list[tuple[int, int, str, int]]:
    """(start, end, family, index) of every enumerator inside one paragraph, in text order: find_inline
    for every family at once, in one pass over the text (each break is tried once, not once per family)."""
    strong = {b.end() for b in _STRONG_CANDIDATE.finditer(text)}
    last_end: dict[str, int] = {}
    out: list[tuple[int, int, str, int]] = []
    for b in _ANY_CANDIDATE.finditer(text):
        pos = b.end()
        m = detect_at(text, pos)
        if m is None:
            continue
        fam, index, enum = m
        if fam not in RUNIN_FAMILIES and pos not in strong:
            continue
        if pos <= last_end.get(fam, -1):
            continue
        end = pos + len(enum.rstrip(" \u3000"))
        out.append((pos, end, fam, index))
        last_end[fam] = end
    return out


def runs(hits: list[tuple[int, int, int]], family: str) -> list[list[tuple[int, int, int]]]:
    """Group find_inline hits into runs that count up from 1 (最后 closes a 首先 run)."""
    out: list[list[tuple[int, int, int]]] = []
    for h in hits:
        if h[2] == 1:
            out.append([h])
        elif out and (h[2] == out[-1][-1][2] + 1 or (h[2] == -1 and family == "首先")):
            out[-1].append(h)
    return out
