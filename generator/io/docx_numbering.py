"""Word's automatic numbering (w:numPr, word/numbering.xml): the number text Word displays before a paragraph.

County offices often let Word number their headings (一、 （一） 1. （1）) instead of typing the numbers; the
text of such a paragraph holds no number at all. `Numbering` follows the document in order, keeps Word's
counters and gives, for each paragraph, the label Word would print, so that the reader can put it back in
front of the text as a writer would have typed it.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from generator.text.numbering import MAX_NUMERAL, cn_numeral, detect

__all__ = ["Numbering", "format_number", "with_label"]

_LEVELS = 9  # Word's lists have levels 0..8
_PLACEHOLDER = re.compile(r"%([1-9])")
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL_SIMPLIFIED = str.maketrans("一二三四五六七八九十百千万", "壹贰叁肆伍陆柒捌玖拾佰仟万")
_LEGAL_TRADITIONAL = str.maketrans("一二三四五六七八九十百千万", "壹貳參肆伍陸柒捌玖拾佰仟萬")
_TRADITIONAL_COUNTING = str.maketrans("万", "萬")
_FULL_WIDTH = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)})
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_SPACES = " \t\u3000\u00a0"
_ARABIC = "0123456789"
_CN_DIGITS = "零〇一二三四五六七八九十百千万"
# width differences that do not make a typed number another number: （1） and (1), 1. and 1．
_FOLD = str.maketrans({"（": "(", "）": ")", "．": ".", "，": ","} | {chr(0xFF10 + d): str(d) for d in range(10)})


def _chinese(n: int) -> str | None:
    return cn_numeral(n) if 0 < n <= MAX_NUMERAL else None


def _legal(n: int, table: dict[int, int]) -> str | None:
    cn = _chinese(n)
    if cn is None:
        return None
    # the financial capitals always write the leading one: 10 壹拾, 15 壹拾伍 (cn_numeral gives 十, 十五)
    if cn.startswith("十"):
        cn = "一" + cn
    return cn.translate(table)


def _roman(n: int) -> str | None:
    if not 0 < n < 4000:
        return None
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letter(n: int) -> str | None:
    if n <= 0:
        return None
    # Word repeats the letter past Z: 27 AA, 28 BB, 53 AAA
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _enclosed(n: int, first: int, last: int) -> str | None:
    return chr(first + n - 1) if 1 <= n <= last else None


def _cycle(n: int, signs: str) -> str | None:
    return signs[(n - 1) % len(signs)] if n > 0 else None


_FORMATS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}" if 0 <= n < 10 else str(n),
    "decimalFullWidth": lambda n: str(n).translate(_FULL_WIDTH),
    "decimalFullWidth2": lambda n: str(n).translate(_FULL_WIDTH),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": lambda n: (_chinese(n) or "").translate(_TRADITIONAL_COUNTING) or None,
    "taiwaneseCountingThousand": lambda n: (_chinese(n) or "").translate(_TRADITIONAL_COUNTING) or None,
    "chineseLegalSimplified": lambda n: _legal(n, _LEGAL_SIMPLIFIED),
    "ideographLegalTraditional": lambda n: _legal(n, _LEGAL_TRADITIONAL),
    "ideographTraditional": lambda n: _cycle(n, _HEAVENLY_STEMS),
    "ideographZodiac": lambda n: _cycle(n, _EARTHLY_BRANCHES),
    "upperLetter": _letter,
    "lowerLetter": lambda n: (_letter(n) or "").lower() or None,
    "upperRoman": _roman,
    "lowerRoman": lambda n: (_roman(n) or "").lower() or None,
    "decimalEnclosedCircle": lambda n: _enclosed(n, 0x2460, 20),          # ① … ⑳
    "decimalEnclosedCircleChinese": lambda n: _enclosed(n, 0x2460, 20),
    "decimalEnclosedParen": lambda n: _enclosed(n, 0x2474, 20),           # ⑴ … ⒇
    "decimalEnclosedFullstop": lambda n: _enclosed(n, 0x2488, 20),        # ⒈ … ⒛
    "ideographEnclosedCircle": lambda n: _enclosed(n, 0x3280, 10),        # ㈠ … ㈩ circled 一 … 十
    "none": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    """The value `n` written in Word's number format `fmt`: (11, "chineseCounting") → "十一".

    A value a format cannot write (0 in Roman numerals, 21 in circled digits) and an unknown format are
    written as decimals, as Word does."""
    render = _FORMATS.get(fmt)
    out = render(n) if render is not None else None
    return str(n) if out is None else out


@dataclass
class Level:
    """One w:lvl of a list definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: None restarts after any higher level, 0 never, N after level N
    legal: bool = False         # w:isLgl: every level referenced is written in decimals
    style: str | None = None    # w:pStyle: the paragraph style this level belongs to

    def restarts_after(self, ilvl: int, own: int) -> bool:
        """Whether this level (index `own`) starts again when level `ilvl`, a higher one, is used."""
        if ilvl >= own:
            return False
        if self.restart is None:
            return True
        return ilvl < self.restart


@dataclass
class _List:
    """A w:num: its list definition (w:abstractNum) and the overrides of its levels."""

    abstract: str
    starts: dict[int, int] = field(default_factory=dict)    # w:lvlOverride/w:startOverride
    levels: dict[int, Level] = field(default_factory=dict)  # w:lvlOverride/w:lvl


@dataclass
class _Counters:
    values: dict[int, int] = field(default_factory=dict)
    overridden: set[tuple[str, int]] = field(default_factory=set)


def _int(el: ET.Element | None, w: str, default: int | None = None) -> int | None:
    if el is None:
        return default
    try:
        return int(el.get(f"{{{w}}}val", ""))
    except ValueError:
        return default


def _val(el: ET.Element | None, w: str) -> str | None:
    return None if el is None else el.get(f"{{{w}}}val")


def _level(el: ET.Element, w: str, base: Level | None = None) -> Level:
    lvl = Level() if base is None else Level(base.start, base.fmt, base.text, base.restart, base.legal, base.style)
    start = _int(el.find(f"{{{w}}}start"), w)
    if start is not None:
        lvl.start = start
    fmt = el.find(f"{{{w}}}numFmt")
    if fmt is not None:
        lvl.fmt = fmt.get(f"{{{w}}}val", "decimal")
    text = el.find(f"{{{w}}}lvlText")
    if text is not None:
        lvl.text = "" if text.get(f"{{{w}}}null") in ("1", "true", "on") else text.get(f"{{{w}}}val", "")
    restart = el.find(f"{{{w}}}lvlRestart")
    if restart is not None:
        lvl.restart = _int(restart, w, lvl.restart)
    legal = el.find(f"{{{w}}}isLgl")
    if legal is not None:
        lvl.legal = legal.get(f"{{{w}}}val", "1") not in ("0", "false", "off")
    style = _val(el.find(f"{{{w}}}pStyle"), w)
    if style:
        lvl.style = style
    return lvl


def _num_pr(ppr: ET.Element | None, w: str) -> tuple[str | None, int | None]:
    """(numId, ilvl) written in a w:pPr, either may be None."""
    if ppr is None:
        return None, None
    npr = ppr.find(f"{{{w}}}numPr")
    if npr is None:
        return None, None
    return _val(npr.find(f"{{{w}}}numId"), w), _int(npr.find(f"{{{w}}}ilvl"), w)


class Numbering:
    """The lists of one document and the state of their counters, read paragraph after paragraph."""

    def __init__(self, numbering: ET.Element, styles: ET.Element | None, w: str) -> None:
        self._w = w
        self._lists: dict[str, _List] = {}
        self._abstract: dict[str, dict[int, Level]] = {}
        self._links: dict[str, str] = {}  # abstractNumId → numbering style it takes its levels from
        self._counters: dict[str, _Counters] = {}
        # styles: paragraph style → (basedOn, numId, ilvl); numbering style → numId; the default paragraph style
        self._based: dict[str, str] = {}
        self._style_num: dict[str, tuple[str | None, int | None]] = {}
        self.default_style: str | None = None
        for ab in numbering.iter(f"{{{w}}}abstractNum"):
            aid = ab.get(f"{{{w}}}abstractNumId")
            if aid is None or aid in self._abstract:
                continue
            levels: dict[int, Level] = {}
            for el in ab.findall(f"{{{w}}}lvl"):
                ilvl = _int_attr(el, f"{{{w}}}ilvl")
                if ilvl is not None and 0 <= ilvl < _LEVELS and ilvl not in levels:
                    levels[ilvl] = _level(el, w)
            self._abstract[aid] = levels
            link = _val(ab.find(f"{{{w}}}numStyleLink"), w)
            if link:
                self._links[aid] = link
        # a w:lvl inside a w:lvlOverride replaces a level of the definition, read once the links are known
        pending: list[tuple[_List, int, ET.Element]] = []
        for num in numbering.iter(f"{{{w}}}num"):
            nid = num.get(f"{{{w}}}numId")
            aid = _val(num.find(f"{{{w}}}abstractNumId"), w)
            if nid is None or aid is None or nid in self._lists:
                continue
            lst = _List(aid)
            self._lists[nid] = lst
            for ov in num.findall(f"{{{w}}}lvlOverride"):
                ilvl = _int_attr(ov, f"{{{w}}}ilvl")
                if ilvl is None or not 0 <= ilvl < _LEVELS:
                    continue
                start = _int(ov.find(f"{{{w}}}startOverride"), w)
                if start is not None:
                    lst.starts[ilvl] = start
                el = ov.find(f"{{{w}}}lvl")
                if el is not None:
                    pending.append((lst, ilvl, el))
        if styles is not None:
            for st in styles.iter(f"{{{w}}}style"):
                sid = st.get(f"{{{w}}}styleId")
                if sid is None:
                    continue
                based = _val(st.find(f"{{{w}}}basedOn"), w)
                if based:
                    self._based[sid] = based
                nid, ilvl = _num_pr(st.find(f"{{{w}}}pPr"), w)
                if nid is not None or ilvl is not None:
                    self._style_num[sid] = (nid, ilvl)
                if (st.get(f"{{{w}}}type") == "paragraph" and st.get(f"{{{w}}}default") in ("1", "true", "on")
                        and self.default_style is None):
                    self.default_style = sid
        for lst, ilvl, el in pending:
            lst.levels[ilvl] = _level(el, w, self._levels(lst.abstract).get(ilvl))

    # ------------------------------------------------------------------------------------------

    def _definition(self, aid: str) -> str:
        """The abstractNum that holds the levels: through w:numStyleLink → numbering style → its list."""
        seen = {aid}
        while aid in self._links:
            nid, _ilvl = self._style_num.get(self._links[aid], (None, None))
            lst = self._lists.get(nid or "")
            if lst is None or lst.abstract in seen:
                break
            aid = lst.abstract
            seen.add(aid)
        return aid

    def _levels(self, aid: str) -> dict[int, Level]:
        return self._abstract.get(self._definition(aid), {})

    def _from_style(self, sid: str | None) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, styleId that set the numId) inherited through a style and its w:basedOn chain."""
        nid: str | None = None
        ilvl: int | None = None
        owner: str | None = None
        seen: set[str] = set()
        while sid is not None and sid not in seen:
            seen.add(sid)
            snid, silvl = self._style_num.get(sid, (None, None))
            if nid is None and snid is not None:
                nid, owner = snid, sid
            if ilvl is None and silvl is not None:
                ilvl = silvl
            if nid is not None and ilvl is not None:
                break
            sid = self._based.get(sid)
        return nid, ilvl, owner

    def label(self, ppr: ET.Element | None, style: str | None) -> str | None:
        """The number Word shows before this paragraph, counting it; None when it is not numbered, "" for
        a bullet or a level without text. Call once per paragraph, in document order."""
        nid, ilvl = _num_pr(ppr, self._w)
        sid = style if style is not None else self.default_style
        snid, silvl, owner = self._from_style(sid)
        from_style = nid is None
        if nid is None:
            nid = snid
        if nid is None or nid == "0":
            return None  # numId 0 takes away the numbering a style would give
        lst = self._lists.get(nid)
        if lst is None:
            return None
        aid = self._definition(lst.abstract)
        levels = self._abstract.get(aid, {})
        same = from_style or snid == nid  # the list is the one the style gives
        if ilvl is None and same:
            ilvl = silvl
        if ilvl is None and same:
            # a heading style numbered by its list: the level that names the paragraph's style
            ilvl = next((i for i, lv in sorted(levels.items()) if lv.style in (style, owner)), None)
        if ilvl is None or not 0 <= ilvl < _LEVELS:
            ilvl = 0
        level = lst.levels.get(ilvl) or levels.get(ilvl) or Level(text="")
        counters = self._counters.setdefault(aid, _Counters())
        override = lst.starts.get(ilvl)
        if override is not None and (nid, ilvl) not in counters.overridden:
            counters.overridden.add((nid, ilvl))
            value = override
        elif ilvl in counters.values:
            value = counters.values[ilvl] + 1
        else:
            value = override if override is not None else level.start
        counters.values[ilvl] = value
        for deeper in [i for i in counters.values if i > ilvl]:
            dl = lst.levels.get(deeper) or levels.get(deeper) or Level()
            if dl.restarts_after(ilvl, deeper):
                del counters.values[deeper]
        if level.fmt == "bullet":
            return ""  # a bullet is not a number

        def place(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            lv = lst.levels.get(i) or levels.get(i) or Level()
            n = counters.values.get(i)
            if n is None:
                n = lst.starts.get(i, lv.start)
            if lv.fmt == "bullet":
                return ""
            return format_number(n, "decimal" if level.legal and lv.fmt != "none" else lv.fmt)

        # the suffix after the number (tab, space or nothing) is layout, not part of the number: dropped
        return _PLACEHOLDER.sub(place, level.text)


def _int_attr(el: ET.Element, name: str) -> int | None:
    try:
        return int(el.get(name, ""))
    except ValueError:
        return None


def _same_number(label: str, text: str) -> bool:
    """Whether `text` already opens with the number `label` (someone typed it as well)."""
    lab = label.rstrip(_SPACES).translate(_FOLD)
    typed = text.translate(_FOLD)
    if typed.startswith(lab):
        # the number 1 is not typed in 12个问题, nor 1. in 1.5亿元: a digit right after means another number
        nxt = typed[len(lab):len(lab) + 1]
        last = lab[-1:]
        if nxt and nxt in _ARABIC and last and last in _ARABIC + ".":
            return False
        return not (nxt and nxt in _CN_DIGITS and last and last in _CN_DIGITS)
    a, b = detect(lab), detect(text)
    return a is not None and b is not None and not a.rest and (a.family, a.index) == (b.family, b.index)


def with_label(label: str | None, text: str) -> str:
    """The paragraph's text as a writer would have typed it: the number in front, unless typed already."""
    if not label or not label.strip(_SPACES):
        return text
    body = text.lstrip(_SPACES)
    if _same_number(label, body):
        return text
    return label + body
