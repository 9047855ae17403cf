"""Import an existing speech or report (txt, docx, pasted web text) as an editable YAML outline."""
from __future__ import annotations

import bisect
import datetime as _dt
import json
import re
from dataclasses import dataclass, field

import yaml

from generator.text import docnumber, zh
from generator.text import numbering
from generator.text import typography
from generator.importer.cleanup import CATEGORY, OFFICES, Cleaned, clean
from generator.importer.cleanup import _simp as _cleanup_simp
from generator.errors import GaoziError, Problem
from generator.io.yamlload import MAX_CHARS

__all__ = ["ImportResult", "import_text", "import_docx", "import_bytes", "import_file", "render_paragraphs",
           "dump_outline"]


@dataclass
class ImportResult:
    outline: dict
    yaml_text: str
    notes: list[str]
    removed: list[tuple[int, str, str]] = field(default_factory=list)  # what clean-up dropped
    paragraphs: list[str] = field(default_factory=list)  # what rendering the outline gives back
    joined: list[tuple[int, str]] = field(default_factory=list)  # input lines joined to the line before


# ---------------------------------------------------------------------------------------------
# recognisers for single paragraphs

_HEADING = set(numbering.HEADING_FAMILIES)
_RUNIN = set(numbering.RUNIN_FAMILIES)
_SENT_END = re.compile("[。！？]")
_COLON = re.compile("：")
_TITLE = re.compile(
    r"^(在.{2,60}(上|中|时)的(讲话|发言|致辞|总结讲话|主持词|报告|表态发言|动员讲话)(提纲|稿)?"
    r"|关于.{2,60}的(报告|通报|通知|意见|方案|请示|决定|情况|说明|汇报)"
    r"|.{2,60}(讲话|报告|发言|致辞|讲话稿|讲话提纲|讲话材料|表态发言|汇报材料|情况通报|工作要点|实施方案|整改方案))$")
_OFFICE = re.compile("|".join(OFFICES + ("负责人",)))
_SALUTE = re.compile(r"同志们|各位|尊敬的|亲爱的|朋友们|女士们|先生们|来宾|代表们")
_ORG_END = re.compile(r"(办|委|局|部|厅|组|政府|党委|党组|党工委|委员会|公司|院|处|室|中心|所|会|县|市|区|乡|镇|街道|办公室|领导小组)$")
_DATE_PAREN = re.compile(r"^（(\d{4})年([1-9]\d?)月([1-9]\d?)日）$")
_DATE_BARE = re.compile(r"^(\d{4})年([1-9]\d?)月([1-9]\d?)日$")
_DATE_ISO = re.compile(r"^[（(]?(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})[)）]?$")
_OUTLINE_HEAD = re.compile(r"^(【提纲】|【目录】|提纲[：:]|目\s*录[：:]?$|提纲$)")
_BARE_NAME = re.compile(r"^([\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,6})$")
_CATEGORY = CATEGORY
_FRONT_WINDOW = 12
_GONGWEN_HEAD = re.compile(rf"^(.{{2,30}}文件|{docnumber.LOOSE}.{{0,40}})$")
_PAREN_NOTE = re.compile(r"^[（(][^（）()]{6,48}[)）]$")
_DATE_IN = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
_CLOSING_WORDS = re.compile(r"谢谢大家|谢谢！|特此报告|特此通报|特此说明|以上报告|我就讲这些|我就讲到这里|我就讲这么多|我就说这些|讲到这里")
_RALLY = re.compile(r"^(同志们[，！]|总之，|总而言之，|让我们|希望大家|最后，我)")
_COUNT = re.compile(
    r"(讲|谈|提|提出了?|强调了?|说|以下|如下|归纳为|概括为|明确了?|作出了?|部署了?|有)"
    r"(?P<num>[一二两三四五六七八九十]{1,3})(?P<unit>点|个方面|方面|条|项)")
_JINJA = ("{{", "{%", "{#")
_SPACED = zh.SPACED_KEYS  # roles compose prints without removing spaces


def _simp(s: str) -> str:
    """A simplified-character copy for matching keywords (the text itself is never converted)."""
    return _cleanup_simp(s)


def _typeset_keep_spaces(text: str) -> str:
    """What compose does to speaker, title and signature lines: typography without removing spaces."""
    return typography.apply_changes(text, [c for c in typography.changes(text) if c.kind != "space"])


def _date(m: re.Match) -> _dt.date | None:
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _detect(p: str):
    """numbering.detect, minus what merely looks like an enumerator (1.5万亩, an empty item)."""
    m = numbering.detect(p)
    if m is None or not m.rest:
        return None
    if m.family == "1." and m.rest[:1].isdigit():
        return None
    return m


def _plain_enum(s: str) -> str:
    return "".join(s.split())


# ---------------------------------------------------------------------------------------------
# text values: derived counts and Jinja escaping

def _value(text: str, n: int | None = None) -> tuple[str, str | None]:
    """The outline form of a paragraph text, and a note when a count became {{ n }}."""
    if "{" in text and any(j in text for j in _JINJA):
        # outline texts are Jinja: keep literal braces literal
        return escape_jinja(text), None
    if n is None:
        return text, None
    want = numbering.cn_count(n)
    for m in _COUNT.finditer(text):
        if m["num"] == want:
            s, e = m.span("num")
            return text[:s] + "{{ n }}" + text[e:], f"推断：{want}{m['unit']}随后文项数自动生成"
    return text, None


def escape_jinja(text: str) -> str:
    """A template that prints `text` literally, whatever Jinja syntax it holds.

    Inside {% raw %} only a block tag can end the raw block ({%endraw%}, {%- endraw -%}, …), so every {%
    of the text is printed from outside it; nothing else in a raw block is ever evaluated."""
    return "{% raw %}" + text.replace("{%", "{% endraw %}{{ '{%' }}{% raw %}") + "{% endraw %}"


# ---------------------------------------------------------------------------------------------
# structure

@dataclass
class _Para:
    text: str  # typeset as compose prints body text
    keep: str  # typeset keeping spaces, as compose prints speaker, title and signature lines
    hint: str | None = None  # docx style: "title", "heading"


class _Builder:
    def __init__(self, paras: list[_Para], kind: str, source: str | None):
        self.p = paras
        self.kind = kind
        self.source = source
        self.notes: list[str] = []
        self.comments: dict[tuple[int, object], str] = {}
        self.out: dict = {"kind": kind}
        self.role_at: dict[str, int] = {}  # paragraph index of each front and end matter key
        self.families_seen: set[str] = set()
        self.dropped: list[tuple[int, str, str]] = []  # (paragraph index in the input, reason, text)
        self.override: dict[int, str] = {}  # paragraph index → the tail where a joined list starts

    def note(self, obj, key, text: str) -> None:
        self.comments[(id(obj), key)] = text

    # ---- front matter -------------------------------------------------------------------------
    def is_title(self, k: int, para: _Para, anywhere: bool = False) -> bool:
        s = para.text
        if k + 1 >= len(self.p) or len(s) > 80 or s.endswith(("：", ":")):
            return False
        if para.hint == "title":
            return True
        if _SENT_END.search(s) or _detect(s) or self.is_salutation(s) or self.date_of(s):
            return False
        if _TITLE.match(_simp(s)):
            return True
        if anywhere:
            return len(s) <= 60
        # a news headline or a title without a telltale ending: the first short line of the text
        first = all(_OUTLINE_HEAD.match(self.p[j].text) for j in range(k))
        return first and len(s) <= 60 and len(self.p[k + 1].text) > len(s)

    @staticmethod
    def is_speaker(s: str) -> bool:
        if len(s) > 40 or re.search("[。！？：；，]", s):
            return False
        return bool(_OFFICE.search(_simp(s))) and not _TITLE.match(_simp(s))

    @staticmethod
    def is_subtitle(s: str) -> bool:
        return s.startswith("——") and len(s) <= 60 and not _SENT_END.search(s)

    @staticmethod
    def is_stray(s: str) -> bool:
        """A short line without a sentence's punctuation among the front matter before a salutation
        (a site's name or column, a label): no title, speaker or date, and nothing a speech says."""
        return len(s) <= 30 and not re.search("[。！？，,；;：:]", s) and _detect(s) is None \
            and not (_TITLE.match(_simp(s)) and not _CATEGORY.match(_simp(s)))

    @staticmethod
    def is_salutation(s: str) -> bool:
        return s.endswith("：") and len(s) <= 60 and not _SENT_END.search(s) and bool(_SALUTE.search(_simp(s)))

    @staticmethod
    def is_addressee(s: str) -> bool:
        if not s.endswith("：") or len(s) > 40 or re.search("[，。；！？]", s) or _SALUTE.search(_simp(s)):
            return False
        return bool(_ORG_END.search(s[:-1]))

    def front(self) -> int:
        """Front matter by what each of the first lines is, not by a fixed order: up to a salutation
        anywhere in the first lines, every line must be a title, speaker, date, addressee, 提纲/目录 block,
        a repeated title or a site label; without a salutation, the leading lines that are."""
        n = len(self.p)
        sal = None
        for k in range(min(n, _FRONT_WINDOW)):
            s = self.p[k].text
            if self.is_salutation(s):
                sal = k
                break
            if len(s) > 200 and not _OUTLINE_HEAD.match(s):
                break
        plan = self.classify(sal, strict=True) if sal is not None else None
        if plan is None and sal is None:
            # no salutation: the front matter ends at the first paragraph that is text (a sentence, a long
            # line, a numbered heading); every line before it must be front matter or a stray site line
            lim = next((k for k in range(min(n, _FRONT_WINDOW)) if len(self.p[k].text) > 40
                        or _SENT_END.search(self.p[k].text) or _detect(self.p[k].text)), None)
            if lim:
                strict = self.classify(lim, strict=True)
                if strict is not None and "title" in strict[0] and strict[2] == lim:
                    plan = strict
        if plan is None:
            plan = self.classify(min(n, _FRONT_WINDOW), strict=False)
        roles, drops, end = plan
        if sal is not None and end == sal:
            roles["salutation"] = sal
            end = sal + 1
        order = [r for r in ("outline_text", "title", "subtitle", "speaker", "date", "addressee", "salutation") if r in roles]
        firsts = [roles[r][0] if isinstance(roles[r], list) else (roles[r][0] if isinstance(roles[r], tuple)
                                                                   else roles[r]) for r in order]
        if firsts != sorted(firsts):
            self.notes.append("开头的标题、讲话人、日期等已按标准顺序排列")
        canon: list[_Para] = []
        for r in order:
            v = roles[r]
            if r == "date":
                k, d = v
                self.out["date"] = d
                self.note(self.out, "date", "推断：日期")
                canon.append(_Para(f"（{d.year}年{d.month}月{d.day}日）", f"（{d.year}年{d.month}月{d.day}日）"))
            elif r == "outline_text":
                text = "".join(self.p[j].text for j in v)
                self.out["outline_text"] = _value(text, None)[0]
                self.note(self.out, "outline_text", "推断：【提纲】段，原样保留" if len(v) == 1 else "推断：提纲/目录，合为一段")
                canon.append(_Para(text, text))
            else:
                para = self.p[v]
                self.role_at[r] = len(canon)
                self.out[r] = _value(para.keep if r in _SPACED else para.text)[0]
                self.note(self.out, r, {"title": "推断：标题", "subtitle": "推断：副标题", "speaker": "推断：讲话人",
                                        "addressee": "推断：主送机关", "salutation": "推断：称呼"}[r])
                canon.append(para)
        self.dropped = [(k, reason, self.p[k].text) for k, reason in drops]
        self.p = canon + self.p[end:]
        if "salutation" not in self.out:
            self.out["salutation"] = ""
            self.note(self.out, "salutation", "原文没有称呼（留空，不用默认的“同志们：”）")
        return len(canon)

    def classify(self, limit: int, strict: bool):
        """(roles, dropped lines, end) for the paragraphs before `limit`; None when strict and a line is
        none of the front-matter kinds."""
        roles: dict = {}
        drops: list[tuple[int, str]] = []
        k = 0
        while k < limit:
            para = self.p[k]
            s = para.text
            if "outline_text" not in roles and _OUTLINE_HEAD.match(s) and (k <= 1 or strict):
                block, j = [k], k + 1
                if len(_OUTLINE_HEAD.match(s).group()) == len(s):  # a bare 目录 / 提纲： line: its items follow
                    while j < limit and _detect(self.p[j].text) and len(self.p[j].text) <= 80:
                        block.append(j)
                        j += 1
                    if len(block) == 1:
                        break
                roles["outline_text"] = block
                k = j
                continue
            if _GONGWEN_HEAD.match(s):
                # a 公文's 版头 (…文件) or 发文字号 line: not a speech's front matter; the lines stay text
                if strict:
                    return None
                break
            d = self.date_of(s)
            if d is not None and "date" not in roles:
                roles["date"] = (k, d)
            elif d is not None and strict:
                # two dates: the site's (2024-06-01) is dropped, the speech's (2025年3月18日) kept
                if _DATE_ISO.match(self.p[roles["date"][0]].text) and not _DATE_ISO.match(s):
                    drops.append((roles["date"][0], "网站发布日期"))
                    roles["date"] = (k, d)
                else:
                    drops.append((k, "网站发布日期" if _DATE_ISO.match(s) else "重复的日期"))
            elif "title" in roles and s == self.p[roles["title"]].text:
                drops.append((k, "重复的标题"))
            elif "title" in roles and "subtitle" not in roles and "speaker" not in roles and self.is_subtitle(s):
                roles["subtitle"] = k  # ——在…会议上的讲话 under a headline
            elif strict and "title" in roles and "subtitle" not in roles and "date" not in roles \
                    and _PAREN_NOTE.match(s) and _DATE_IN.search(s):
                # （2024年9月12日上午9:30，县委第一会议室）: date, time and place under the title, kept whole
                # as the line under the title (the outline's date holds a day only)
                roles["subtitle"] = k
            elif strict and "title" in roles and "subtitle" not in roles and roles.get("speaker", -1) < roles["title"] \
                    and _TITLE.match(_simp(s)) and not _CATEGORY.match(_simp(s)) \
                    and (not _TITLE.match(_simp(self.p[roles["title"]].text)) or _CATEGORY.match(_simp(self.p[roles["title"]].text))) \
                    and not self.is_subtitle(self.p[roles["title"]].text) and len(s) <= 80:
                # a site's name or column above the real title (公文写作网 / 2024-06-01 / 在…上的讲话)
                drops.append((roles["title"], "网站名称或栏目"))
                d = roles.get("date")
                if d is not None and d[0] == roles["title"] + 1 and _DATE_ISO.match(self.p[d[0]].text):
                    drops.append((d[0], "网站发布日期"))  # the site's date under its name, not the speech's
                    del roles["date"]
                roles["title"] = k
            elif "title" in roles and strict and _CATEGORY.match(_simp(s)):
                drops.append((k, "网站栏目名称"))
            elif "title" not in roles and _CATEGORY.match(_simp(s)) and any(
                    self.is_title(j, self.p[j]) for j in range(k + 1, limit)):
                drops.append((k, "网站栏目名称"))
            elif "title" not in roles and self.is_title(k, para, strict) and not (
                    strict and self.is_speaker(s)) and not _BARE_NAME.match(s):
                roles["title"] = k
            elif "speaker" not in roles and ("title" in roles or "date" in roles) and (
                    self.is_speaker(s) or _BARE_NAME.match(s)):
                roles["speaker"] = k
            elif strict and "speaker" not in roles and "title" not in roles and (
                    self.is_speaker(s) or (_BARE_NAME.match(s) and not _CATEGORY.match(_simp(s)))):
                roles["speaker"] = k  # the speaker line above the title (put back in order, with a note)
            elif strict and self.is_stray(s):
                drops.append((k, "网站栏目名称" if _CATEGORY.match(_simp(s)) else "网站杂项"))
            elif "addressee" not in roles and self.is_addressee(s):
                roles["addressee"] = k
            elif strict:
                return None
            else:
                break
            k += 1
        return roles, drops, k

    @staticmethod
    def date_of(s: str) -> _dt.date | None:
        m = _DATE_PAREN.match(s) or _DATE_BARE.match(s) or _DATE_ISO.match(s)
        return _date(m) if m else None

    # ---- end matter ---------------------------------------------------------------------------
    def back(self, lo: int) -> int:
        hi = len(self.p)
        if hi - lo >= 3:
            last, prev = self.p[hi - 1].text, self.p[hi - 2].text
            m = _DATE_BARE.match(last)
            if m and _date(m) and len(prev) <= 30 and not re.search("[，。；！？：]", prev) and not _detect(prev):
                self.role_at["signature"] = hi - 2
                self.out["signature"] = _value(self.p[hi - 2].keep)[0]
                self.out["sign_date"] = _date(m)
                self.note(self.out, "signature", "推断：落款")
                self.note(self.out, "sign_date", "推断：成文日期")
                hi -= 2
        return hi

    def closing_start(self, lo: int, hi: int) -> int:
        """Index where the closing begins (hi when there is none)."""
        k = None
        for j in range(hi - 1, max(lo, hi - 3) - 1, -1):
            if _CLOSING_WORDS.search(_simp(self.p[j].text)) and len(self.p[j].text) <= 400:
                k = j
                break
        if k is None:
            if hi > lo and _simp(self.p[hi - 1].text).startswith(("同志们，", "同志们！")):
                k = hi - 1
            else:
                return hi
        while k - 1 > lo and _RALLY.match(_simp(self.p[k - 1].text)) and not _detect(self.p[k - 1].text) \
                and k - 1 >= hi - 4:
            k -= 1
        if _detect(self.p[k].text) or k <= lo:
            return hi
        return k

    # ---- headings -----------------------------------------------------------------------------
    def heading_match(self, k: int, lo: int, hi: int):
        m = _detect(self.p[k].text)
        if m is None or m.family not in _HEADING:
            return None
        try:
            if numbering.enumerator(m.family, m.index, m.index) != _plain_enum(m.enumerator):
                return None
        except numbering.NumberingError:
            return None  # 零、 or a number beyond what gaozi writes
        rest = m.rest
        if self.p[k].hint != "heading":
            # one paragraph that runs 一、…二、…三、 and is not followed by 二、 is an inline list
            runs = _runs(self.p[k].text, m.family)
            if runs and runs[0][0][0] == 0 and not any(
                    (x := _detect(self.p[j].text)) and x.family == m.family and x.index == m.index + 1
                    for j in range(k + 1, hi)):
                return None
        return m if rest else None

    def build(self) -> dict:
        lo = self.front()
        hi = self.back(lo)
        c = self.closing_start(lo, hi)
        heads = {k: m for k in range(lo, c) if (m := self.heading_match(k, lo, c))}
        first_head = min(heads) if heads else c
        opening = self.body(range(lo, first_head))
        sections = self.sections(heads, first_head, c) if heads else None
        closing = self.body(range(c, hi))
        self.fill_gaps(opening, sections, closing)
        return self.out

    def fill_gaps(self, opening: list, sections: dict | None, closing: list) -> None:
        # An empty opening or closing is written out as []: the kind then adds no library passages there.
        self.out["opening"] = opening
        if opening:
            self.note(self.out, "opening", "推断：开场白")
        if sections:
            self.out["sections"] = sections
        self.out["closing"] = closing
        self.note(self.out, "closing", "推断：结束语" if closing else "原文没有结束语（[] 表示不加默认结束语）")
        if self.source:
            self.out["source"] = _value(self.source)[0]
            self.note(self.out, "source", "推断：来源")
        # keep the emitted order readable: text keys first, then the body, then the end block
        order = ("kind", "outline_text", "title", "subtitle", "speaker", "date", "addressee", "salutation",
                 "opening", "sections", "closing", "signature", "sign_date", "source")
        self.out = {k: self.out[k] for k in order if k in self.out}

    def sections(self, heads: dict, start: int, end: int) -> dict:
        stack: list[str] = []
        levels: dict[int, int] = {}
        for k in sorted(heads):
            fam = heads[k].family
            if fam in stack:
                del stack[stack.index(fam) + 1:]
            elif len(stack) < 4:
                stack.append(fam)
            else:
                continue
            levels[k] = stack.index(fam) + 1
        keys = sorted(levels)
        return self._section_list(keys, levels, heads, 1, end)

    def _section_list(self, keys: list[int], levels: dict, heads: dict, level: int, end: int) -> dict:
        mine = [k for k in keys if levels[k] == level]
        fam = heads[mine[0]].family
        items = []
        expected = 1
        for i, k in enumerate(mine):
            stop = mine[i + 1] if i + 1 < len(mine) else end
            inner = keys[bisect.bisect_right(keys, k):bisect.bisect_left(keys, stop)]  # keys are sorted
            body_end = inner[0] if inner else stop
            m = heads[k]
            sec: dict = {}
            rest = m.rest
            cut = _SENT_END.search(rest)
            colon = rest.find("：")
            if cut is not None and 0 < colon < min(cut.start(), 30):
                cut = _COLON.search(rest)  # 一、主要做法：今年以来…… runs in after the colon
            if self.p[k].hint == "heading" or cut is None or cut.end() == len(rest):
                # (a whole paragraph ending at its first sentence end has no body to run into)
                sec["heading"] = _value(rest)[0]
                body = self.body(range(k + 1, body_end))
            else:
                sec["heading"] = _value(rest[:cut.end()])[0]
                sec["runin"] = True
                self.note(sec, "runin", "推断：标题与正文同段")
                body = [_value(rest[cut.end():])[0]] + self.body(range(k + 1, body_end))
            if m.index != expected:
                sec["number"] = m.index
                self.note(sec, "number", f"原文编号不连续（应为{numbering.enumerator(fam, expected, expected)}），保留原编号")
                self.notes.append(f"第{k + 1}段：标题编号从预期的“{numbering.enumerator(fam, expected, expected)}”"
                                  f"跳到“{m.enumerator}”，已用 number: {m.index} 保留")
            expected = m.index + 1
            if body:
                sec["body"] = body
            if inner:
                sec["sections"] = self._section_list(inner, levels, heads, level + 1, stop)
            items.append(sec)
        out = {"style": fam, "items": items}
        self.note(out, "style", f"推断：{fam} 标题")
        return out

    # ---- body items ---------------------------------------------------------------------------
    def body(self, idx: range) -> list:
        out: list = []
        ks = list(idx)
        i = 0
        while i < len(ks):
            k = ks[i]
            m = _detect(self.p[k].text)
            if m is not None and m.family in _RUNIN and self.p[k].hint != "heading":
                got = self.points(ks, i, m.family, ())
                if got is not None:
                    block, i = got
                    out.append(block)
                    continue
            if m is None and self.p[k].hint != "heading" and i + 1 < len(ks):
                got = self.joined(ks, i)
                if got is not None:
                    block, i = got
                    out.append(block)
                    continue
            inline = self.inline(self.p[k].text, ())
            if inline is not None:
                fam = inline["style"]
                item = {"inline": inline}
                self.note(item, "inline", f"推断：段内列举（{fam} 系列）")
                out.append(item)
            else:
                out.append(_value(self.p[k].text)[0])
            i += 1
        return out

    def points(self, ks: list[int], i: int, fam: str, outer: tuple) -> tuple[dict, int] | None:
        """A run of paragraphs opening with one run-in family; other families inside nest under an item."""
        found: list[tuple[str, int, str, dict | None]] = []  # (written enumerator, index, rest, children)
        extra: dict[int, list[str]] = {}  # plain paragraphs continuing found[n], before the next item
        expected = None
        j = i
        while j < len(ks):
            m = _detect(self.text_at(ks[j]))
            if m is None and found and not outer and found[-1][3] is None and len(found) - 1 not in extra:
                j2 = self._continuation(ks, j, fam, expected)
                if j2 is not None:
                    extra[len(found) - 1] = [self.p[ks[x]].text for x in range(j, j2)]
                    j = j2
                    continue
            if m is None or self.p[ks[j]].hint == "heading":
                break
            mfam, rest, written = m.family, m.rest, m.enumerator
            if fam == "一是要" and mfam == "一是" and found:
                # 一是要…二是…: one list of the 一是 family whose first items happen to start with 要
                fam = "一是"
                found = [(w.rstrip(" \u3000")[:-1], idx, "要" + r, ch) for w, idx, r, ch in found]
            if fam == "一是" and mfam == "一是要":
                mfam, rest, written = "一是", "要" + rest, written.rstrip(" \u3000")[:-1]
            if mfam == fam:
                idx = m.index
                if idx == -1:
                    idx = (expected or 1)
                if found and idx < (expected or 1):
                    break  # a new list of the same family starts here
                found.append((written, idx, rest, None))
                expected = idx + 1
                j += 1
                continue
            if found and mfam in _RUNIN and mfam not in outer and mfam != fam and m.index == 1:
                sub = self.points(ks, j, mfam, outer + (fam,))
                if sub is not None:
                    block, j2 = sub
                    w, idx, rest0, _ = found[-1]
                    found[-1] = (w, idx, rest0, block)
                    j = j2
                    continue
            break
        if not found:
            return None
        while found:
            if self._verify(fam, [(w, idx) for w, idx, _, _ in found]):
                break
            found.pop()
            extra.pop(len(found), None)
            j = None  # recomputed below
        # a lone 其次… or 三要… is a fragment of a list whose start is elsewhere: leave it a paragraph
        if not found or (found[0][1] != 1 and len(found) < 2 and fam not in self.families_seen):
            return None
        self.families_seen.add(fam)
        if j is None:
            j = self._advance(ks, i, found) + sum(len(v) for v in extra.values())
        items = []
        expected = 1
        for n_, (w, idx, rest, children) in enumerate(found):
            value, cnote = _value(rest, len(children["items"]) if children else None)
            if children is None and idx == expected and n_ not in extra:
                items.append(value)
            else:
                it: dict = {"text": value}
                if n_ in extra:
                    it["paras"] = [_value(t)[0] for t in extra[n_]]
                    self.note(it, "paras", "推断：本要点之后的接续段落")
                if idx != expected:
                    it["number"] = idx
                    self.note(it, "number", "原文编号不连续，保留原编号")
                if children is not None:
                    it["points"] = children
                items.append(it)
            expected = idx + 1
        block = {"style": fam, "items": items}
        wrapper = {"points": block}
        self.note(wrapper, "points", f"推断：{fam} 系列")
        return wrapper if not outer else block, j

    def joined(self, ks: list[int], i: int) -> tuple[dict, int] | None:
        """A list whose first item starts inside an intro paragraph (…。首先，…) and whose next items open
        the following paragraphs (其次，…)."""
        k = ks[i]
        nxt = _detect(self.p[ks[i + 1]].text)
        if nxt is None or nxt.family not in _RUNIN or nxt.index != 2 or self.p[ks[i + 1]].hint == "heading":
            return None
        text = self.p[k].text
        try:
            first = numbering.enumerator(nxt.family, 1, 2)
        except numbering.NumberingError:
            return None
        pos = text.rfind(first)
        if pos <= 0 or text[pos - 1] not in "。！？" or _runs(text[pos:], nxt.family):
            return None
        self.override[k] = text[pos:]
        got = self.points(ks, i, nxt.family, ())
        if got is None:
            del self.override[k]
            return None
        wrapper, j = got
        block = wrapper["points"]
        wrapper["points"] = {"intro": _value(text[:pos])[0], "joined": True, **block}
        self.note(wrapper["points"], "joined", "推断：第一项接在引言同一段")
        return wrapper, j

    def _continuation(self, ks: list[int], j: int, fam: str, expected: int | None) -> int | None:
        """Plain paragraphs from ks[j] up to the next item of `fam` (its index `expected`): where that
        item starts, or None when no such item follows the plain paragraphs."""
        x = j
        while x < len(ks) and x - j < 12:
            k = ks[x]
            if self.p[k].hint == "heading":
                return None
            m = _detect(self.text_at(k))
            if m is not None:
                same = m.family == fam or {m.family, fam} == {"一是", "一是要"}
                ok = same and (m.index == expected or (m.index == -1 and fam == "首先"))
                return x if ok and x > j else None
            if self.inline(self.p[k].text, ()) is not None:
                return None  # a paragraph holding its own list is not a mere continuation
            x += 1
        return None

    def text_at(self, k: int) -> str:
        """A paragraph's text, or its tail when a list starts inside it (joined lists)."""
        return self.override.get(k, self.p[k].text)

    def _advance(self, ks: list[int], i: int, found: list) -> int:
        """Position after the kept items (and their nested lists) when a run was shortened."""
        count = 0
        for x in found:
            count += 1 + (self._size(x[3]) if x[3] else 0)
        return i + count

    def _size(self, block: dict) -> int:
        n = 0
        for it in block["items"]:
            n += 1
            if isinstance(it, dict) and "points" in it:
                n += self._size(it["points"])
        return n

    @staticmethod
    def _verify(fam: str, found: list[tuple[str, int]]) -> bool:
        """Does compose number these items exactly as written? (首先/其次/最后 depends on the count.)"""
        total = len(found)
        for w, num in found:
            try:
                if numbering.enumerator(fam, num, max(total, num)) != _plain_enum(w):
                    return False
            except numbering.NumberingError:
                return False
        return True

    def inline(self, text: str, outer: tuple) -> dict | None:
        """An enumeration inside one paragraph (intro, items, nested enumerations), or None."""
        best = None
        for fam in numbering.FAMILIES:
            if fam in outer:
                continue
            for run in _runs(text, fam):
                if not self._verify(fam, [(text[s:e], idx) for s, e, idx in run]):
                    run = _shrink(text, fam, run, self._verify)
                    if run is None:
                        continue
                key = (run[0][0], 0 if fam in _HEADING else 1, -len(fam))
                if best is None or key < best[0]:
                    best = (key, fam, run)
                break  # only the first run of a family can open the paragraph's list
        if best is None:
            return None
        _, fam, run = best
        intro = text[:run[0][0]]
        items = []
        for n_, (s, e, idx) in enumerate(run):
            end = run[n_ + 1][0] if n_ + 1 < len(run) else len(text)
            body = text[e:end]
            if not body:
                return None
            nested = self.inline(body, outer + (fam,)) if len(outer) < 2 else None
            if nested is not None and nested.get("intro"):
                lead = nested.pop("intro")
                items.append({"text": _value(lead)[0], "inline": nested})
            else:
                items.append(_value(body)[0])
        after = _inline_after(items) if not outer else None
        out: dict = {}
        if intro:
            out["intro"], cnote = _value(intro, len(items))
            if cnote:
                self.note(out, "intro", cnote)
        out["style"] = fam
        out["items"] = items
        if after:
            items[-1], out["after"] = after
            self.note(out, "after", "推断：列举之后同一段里的文字")
        return out


_ITEM_END = re.compile("[。！？；;]")


def _inline_after(items: list) -> tuple[str, str] | None:
    """Where the last item of an inline list ends when the paragraph goes on after it: items that are one
    clause each (…；二是…；三是…。) end at their first sentence mark, so the last does too, and the text
    after it is the list's `after` (…三是作风不够扎实。对这些问题，各单位要…). (last item, after) or None."""
    if len(items) < 2 or not all(isinstance(it, str) for it in items):
        return None
    for it in items[:-1]:
        t = it.rstrip()
        if not t or t[-1] not in "；;，,。！？" or re.search("[。！？!?]", t[:-1]):
            return None
    last = items[-1]
    m = _ITEM_END.search(last)
    if m is None or not last[m.end():].strip() or _detect(last[m.end():]) is not None:
        return None
    return last[:m.end()], last[m.end():]


# the second enumerator of each family, as numbering.enumerator writes it
_SECOND = {f: numbering.enumerator(f, 2, 2) for f in numbering.FAMILIES}


def _runs(text: str, fam: str) -> list[list[tuple[int, int, int]]]:
    """Successive runs 1, 2, 3 … of one family's enumerators inside a paragraph."""
    if _SECOND[fam] not in text:
        return []  # a run needs its second item, written exactly as gaozi writes it: skip the scan
    hits = numbering.find_inline(text, fam)
    if fam in _HEADING and not any(h[2] == 1 for h in hits):
        # 刘勇强调，一、…。二、… : the first item of a heading-style list may follow a comma
        for mm in re.finditer(r"[，,]", text):
            m = numbering.detect(text[mm.end():mm.end() + 16])
            if m is not None and m.family == fam and m.index == 1:
                pos = mm.end()
                hits = sorted(hits + [(pos, pos + len(m.enumerator.rstrip(" \u3000")), 1)])
                break
    runs = numbering.runs(hits, fam)
    out = []
    for r in runs:
        if fam == "首先":
            r = [(s, e, (k + 1)) for k, (s, e, _) in enumerate(r)]
        if len(r) >= 2:
            out.append(r)
    return out


def _shrink(text, fam, run, verify):
    while len(run) > 2:
        run = run[:-1]
        if verify(fam, [(text[s:e], idx) for s, e, idx in run]):
            return run
    return None


# ---------------------------------------------------------------------------------------------
# derived counts, after the structure is known (compose's rules for `n`)

def _counts(outline: dict, comments: dict) -> None:
    secs = outline.get("sections")
    top_n = len(secs["items"]) if secs else None

    def text_n(container, key, n):
        val = container[key]
        if isinstance(val, str):
            new, note = _value(val, n) if not val.startswith("{% raw %}") else (val, None)
            if note:
                container[key] = new
                comments[(id(container), key)] = note

    def body(items: list, fallback):
        after: list = [fallback] * len(items)
        n = fallback
        for i in range(len(items) - 1, -1, -1):  # the next list after each item, in one backward pass
            after[i] = n
            x = items[i]
            if isinstance(x, dict) and ("points" in x or "inline" in x):
                n = len((x.get("points") or x.get("inline"))["items"])
        for i, it in enumerate(items):
            if isinstance(it, dict) and ("points" in it or "inline" in it):
                lst = it.get("points") or it.get("inline")
                listblock(lst)
                continue
            n = after[i]
            if isinstance(it, str):
                text_n(items, i, n)

    def listblock(lst: dict):
        if "intro" in lst:
            text_n(lst, "intro", len(lst["items"]))
        for it in lst["items"]:
            if isinstance(it, dict):
                kids = it.get("points") or it.get("inline")
                if kids is not None:
                    text_n(it, "text", len(kids["items"]))
                    listblock(kids)

    def sections(sl: dict):
        for s in sl["items"]:
            sub_n = len(s["sections"]["items"]) if s.get("sections") else None
            text_n(s, "heading", sub_n)
            body(s.get("body", []), sub_n)
            if s.get("sections"):
                sections(s["sections"])

    body(outline.get("opening", []), top_n)
    if secs:
        sections(secs)
    body(outline.get("closing", []), None)


# ---------------------------------------------------------------------------------------------
# the real renderer checks every import before it is returned

def render_paragraphs(yaml_text: str, name: str) -> list[str] | None:
    """The paragraphs `gaozi render` makes of an imported outline, or None when it would not render."""
    from generator.pipeline import build

    try:
        return [b.text for b in build(yaml_text, name=name).paragraphs()]
    except GaoziError:
        return None


# ---------------------------------------------------------------------------------------------
# YAML output with comments

_RESOLVER = yaml.resolver.Resolver()
_PLAIN_BAD_START = set("-?:,[]{}#&*!|>'\"%@` \t")
_PLAIN_BAD = re.compile(r": |:$| #|[\x00-\x1f\x7f\x85\u2028\u2029\ufeff]|^\s|\s$")


def _scalar(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, _dt.date):
        return v.isoformat()
    s = str(v)
    if not s:
        return "''"
    if s[0] not in _PLAIN_BAD_START and not _PLAIN_BAD.search(s) \
            and _RESOLVER.resolve(yaml.ScalarNode, s, (True, False)) == "tag:yaml.org,2002:str":
        return s
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _literal(s: str, indent: str) -> list[str]:
    """outline_text as a literal block, one enumerated part a line (compose joins the lines again)."""
    parts = re.split(r"(?<=[。！？；])(?=(?:[一二三四五六七八九十]+[、是要]|第[一二三四五六七八九十]+，|（[一二三四五六七八九十]+）))", s)
    if any(not p.strip() or p != p.strip() or p.startswith(("#", "{", "%")) for p in parts):
        return []
    return [indent + p for p in parts]


def dump_outline(outline: dict, comments: dict | None = None, header: list[str] | None = None) -> str:
    """Block-style YAML with readable Chinese and `# 推断：…` comments (PyYAML cannot write comments)."""
    comments = comments or {}
    lines: list[str] = [f"# {h}" for h in header or []]

    def cmt(obj, key) -> str:
        c = comments.get((id(obj), key))
        return f"  # {c}" if c else ""

    def mapping(d: dict, ind: str, first_prefix: str | None = None) -> None:
        for i, (k, v) in enumerate(d.items()):
            pre = first_prefix if (i == 0 and first_prefix is not None) else ind
            c = cmt(d, k)
            if isinstance(v, dict):
                lines.append(f"{pre}{k}:{c}")
                mapping(v, ind + "  ")
            elif isinstance(v, list):
                lines.append(f"{pre}{k}:{c}")
                sequence(v, ind + "  ")
            elif k == "outline_text" and isinstance(v, str) and (lit := _literal(v, ind + "  ")):
                lines.append(f"{pre}{k}: |-{c}")
                lines.extend(lit)
            else:
                lines.append(f"{pre}{k}: {_scalar(v)}{c}")

    def sequence(seq: list, ind: str) -> None:
        if not seq:
            lines[-1] = lines[-1].split("  #")[0] + " []"
            return
        for i, v in enumerate(seq):
            if isinstance(v, dict):
                mapping(v, ind + "  ", first_prefix=ind + "- ")
            elif isinstance(v, list):
                lines.append(f"{ind}-")
                sequence(v, ind + "  ")
            else:
                lines.append(f"{ind}- {_scalar(v)}{cmt(seq, i)}")

    mapping(outline, "")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# entry points

def _prepare(cleaned: Cleaned, hints: list[str | None] | None) -> list[_Para]:
    return [_Para(typography.normalize(p), _typeset_keep_spaces(p), hints[i] if hints else None)
            for i, p in enumerate(cleaned.paragraphs)]


def _finish(cleaned: Cleaned, paras: list[_Para], kind: str, name: str, extra_notes: list[str]) -> ImportResult:
    source = typography.normalize(cleaned.source) if cleaned.source else None
    if not paras and source is None:
        raise GaoziError(Problem(name, None, "", "清理网页杂项后没有剩下任何正文"))
    _refuse_large(sum(len(p.text) + 1 for p in paras), name)
    b = _Builder(paras, kind, source)
    outline = b.build()
    _counts(outline, b.comments)
    expected = [p.text for p in b.p]
    for key, idx in b.role_at.items():
        if key in _SPACED:
            expected[idx] = b.p[idx].keep
    if source:
        expected.append(source)
    notes = list(extra_notes) + b.notes
    header = [f"由 gaozi import 从 {name} 导入。带“推断”的注释是自动识别的结果，请核对后再渲染：",
              "gaozi render 本文件 --format txt"]
    text = dump_outline(outline, b.comments, header)
    _refuse_large(len(text), name)
    if render_paragraphs(text, name) != expected:
        # never hand back an outline that would not reproduce the text: fall back to plain paragraphs
        outline = _flat(paras, source, kind)
        expected = [p.text for p in paras] + ([source] if source else [])
        notes.append("未能完整识别结构（按识别结果重新生成与原文不一致），已按原文逐段保留为普通段落")
        text = dump_outline(outline, {}, header)
    else:
        for k, reason, t in b.dropped:
            line = cleaned.origins[k] if k < len(cleaned.origins) else 0
            cleaned.removed.append((line, reason, t))
        cleaned.removed.sort(key=lambda r: r[0])
    return ImportResult(outline, text, notes, list(cleaned.removed), expected, list(cleaned.joined))


def _refuse_large(chars: int, name: str) -> None:
    """Never write an outline that render would refuse (yamlload.MAX_CHARS)."""
    if chars > MAX_CHARS:
        raise GaoziError(Problem(name, None, "", f"导入的文字太长：提纲将有约 {chars // 10000 / 100:g} 百万字符，"
                                                 f"超过渲染上限 {MAX_CHARS // 1000000} 百万字符；请把文件拆成几份分别导入"))


def _flat(paras: list[_Para], source: str | None, kind: str) -> dict:
    out: dict = {"kind": kind, "salutation": "", "opening": [_value(p.text)[0] for p in paras], "closing": []}
    if source:
        out["source"] = _value(source)[0]
    return out


def import_text(text: str, *, name: str = "<stdin>", kind: str | None = None) -> ImportResult:
    """Clean a pasted or decoded text and recognise its structure as an outline (Markdown, as gaozi and
    chat tools write it, is read as Markdown)."""
    if _looks_markdown(text):
        return import_markdown(text, name=name, kind=kind)
    cleaned = clean(text)
    paras = _prepare(cleaned, None)
    return _finish(cleaned, paras, kind or "speech", name, [])


# ---- Markdown ---------------------------------------------------------------------------------
_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_MD_LEAD = re.compile(r"^\*\*[^*\n]+\*\*\S")
_MD_BOLD = re.compile(r"\*\*((?:\\\*|[^*\n])+?)\*\*|__((?:\\_|[^_\n])+?)__")
_MD_LIST = re.compile(r"^ {0,3}(?:[-*+]|>)[ \t]+")
_MD_RULE = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")
_MD_TABLE_SEP = re.compile(r"^ *\|?[ :|-]*-[ :|-]*\|?[ :|-]* *$")
_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]{}()<>|#+\-=.!~])")
_CJK_CHAR = re.compile("[\u3400-\u9fff]")


def _looks_markdown(text: str) -> bool:
    """An ATX heading over Chinese text (## 一、提高认识), or two run-in leads in bold (**一要…。**…)."""
    heads = leads = 0
    for line in text.splitlines()[:4000]:
        m = _MD_HEADING.match(line)
        if m and _CJK_CHAR.search(m.group(2)):
            heads += 1
        elif _MD_LEAD.match(line):
            leads += 1
        if heads or leads >= 2:
            return True
    return False


def _md_inline(s: str) -> str:
    s = _MD_BOLD.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), s)
    return _MD_ESCAPE.sub(r"\1", s)


def import_markdown(text: str, *, name: str = "<stdin>", kind: str | None = None) -> ImportResult:
    """Import Markdown: blank lines separate paragraphs, # is the title and ## … the headings (hints, as a
    .docx's styles are), bold and backslash escapes are markup, a table's rows are tab-separated lines."""
    lines: list[str] = []
    hard: set[int] = set()
    hints: dict[int, str | None] = {}
    block: list[str] = []

    def flush(hint: str | None = None) -> None:
        if block:
            hard.add(len(lines) + 1)
            lines.append("".join(x.strip() for x in block))
            hints[len(lines)] = hint
            block.clear()

    for raw in text.splitlines():
        if not raw.strip():
            flush()
            lines.append("")
            continue
        if _MD_RULE.match(raw):
            flush()
            continue
        m = _MD_HEADING.match(raw)
        if m:
            flush()
            block.append(_md_inline(m.group(2)))
            flush("title" if len(m.group(1)) == 1 else "heading")
            continue
        st = raw.strip()
        if st.startswith("|") and st.endswith("|"):
            flush()
            if not _MD_TABLE_SEP.match(st):
                cells = [_md_inline(c.strip()) for c in st[1:-1].split("|")]
                hard.add(len(lines) + 1)
                lines.append("\t".join(cells))
                hints[len(lines)] = None
            continue
        if _MD_LIST.match(raw):
            flush()
            raw = _MD_LIST.sub("", raw)
        block.append(_md_inline(raw))
    flush()
    cleaned = clean("\n".join(lines), hard_breaks=hard)
    paras = _prepare(cleaned, [hints.get(no) for no in cleaned.origins])
    return _finish(cleaned, paras, kind or "speech", name, [])


_HEADING_STYLE = re.compile(r"^(heading|标题)\s*([1-9])$", re.I)


def _hint(style: str | None) -> str | None:
    if not style:
        return None
    s = style.strip().lower()
    if s in ("title", "标题", "subtitle", "副标题"):
        return "title"
    if _HEADING_STYLE.match(s.replace("heading", "heading ").replace("  ", " ")) or _HEADING_STYLE.match(s):
        return "heading"
    return None


def import_docx(data: bytes, name: str, *, kind: str | None = None) -> ImportResult:
    """Import a .docx: its paragraphs are real paragraphs; title and heading styles are hints."""
    from generator.io.read_docx import read_docx

    pairs = read_docx(data, name)
    lines: list[str] = []
    hard: set[int] = set()
    style_at: dict[int, str | None] = {}
    for style, text in pairs:
        # a title's line breaks are layout (a long title set on two lines): the title is one line
        parts = [text.replace("\n", "")] if _hint(style) == "title" else (text.split("\n") or [""])
        hard.add(len(lines) + 1)
        for part in parts:
            lines.append(part)
            style_at[len(lines)] = style
    if not any(t.strip() for t in lines):
        raise GaoziError(Problem(name, None, "", "Word 文档里没有文字"))
    cleaned = clean("\n".join(lines), hard_breaks=hard)
    hints = [_hint(style_at.get(no)) for no in cleaned.origins]
    paras = _prepare(cleaned, hints)
    notes = [f"第{i + 1}段使用标题样式但没有编号，保留为普通段落" for i, p in enumerate(paras)
             if p.hint == "heading" and _detect(p.text) is None]
    return _finish(cleaned, paras, kind or "speech", name, notes)


def import_bytes(data: bytes, name: str, *, kind: str | None = None) -> ImportResult:
    """Import a file's bytes: .docx by its zip signature or name, anything else as text."""
    from generator.io.textio import decode

    if name.lower().endswith(".docx") or data[:4] == b"PK\x03\x04":
        return import_docx(data, name, kind=kind)
    from generator.io import readers  # .doc/.wps/.rtf (LibreOffice) and .pdf (pypdf)

    found = readers.kind_of(name, data)
    if found == "office":
        return import_docx(readers.to_docx(data, name), name, kind=kind)
    if found == "pdf":  # printed lines: the text importer rejoins the wrapped ones
        return import_text(readers.pdf_text(data, name), name=name, kind=kind)
    return import_text(decode(data, name), name=name, kind=kind)


def import_file(path: str, *, kind: str | None = None) -> ImportResult:
    """Import a file by path ('-' reads standard input: pasted text or a piped .docx)."""
    import sys

    from generator.io.textio import read_bytes, read_text

    if path == "-":
        return import_bytes(sys.stdin.buffer.read(), "<stdin>", kind=kind)
    from generator.io import readers

    if readers.kind_of(path):
        return import_bytes(read_bytes(path), path, kind=kind)
    if not path.lower().endswith(".docx"):
        try:
            with open(path, "rb") as fh:
                head = fh.read(4)
        except OSError:
            head = b""  # read_text names the problem in Chinese
        if head != b"PK\x03\x04":
            return import_text(read_text(path), name=path, kind=kind)
    return import_docx(read_bytes(path), path, kind=kind)
