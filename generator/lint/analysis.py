"""The lists of a document as a reader nests them (shared by the rules enum-sequence, heading-order and
count-mismatch): every enumerator found, the lists built from them, the sequence problems and the announced counts."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from generator.text import numbering
from generator.lint.para import Hit, Para, quote

HEADING_RANK = {"一、": 1, "（一）": 2, "1.": 3, "（1）": 4}
_SHOUXIAN = {1: "首先", 2: "其次", 3: "再次", -1: "最后"}
# a paragraph without any of these characters holds no inline enumerator
_ANY_NEED = re.compile("[、（(.．要是第首其再最方]")
# every enumerator starts with one of these: most paragraphs are ruled out by their first character
_STARTS = frozenset("一二三四五六七八九十第（(123456789１２３４５６７８９首其再最另")


def detect(text: str):
    """numbering.detect, skipping the regexes when the first character cannot start an enumerator."""
    return numbering.detect(text) if text and text[0] in _STARTS else None


def detect_at(text: str, pos: int):
    """(family, index, enumerator) at text[pos] without copying the rest of the text, or None."""
    return numbering.detect_at(text, pos) if pos < len(text) and text[pos] in _STARTS else None


@dataclass(slots=True, eq=False)
class Item:
    para: int
    start: int
    end: int
    family: str
    index: int
    enum: str
    at_start: bool
    lst: "EList | None" = None


@dataclass(slots=True, eq=False)
class EList:
    family: str
    items: list[Item] = field(default_factory=list)
    error: bool = False

    @property
    def last(self) -> int:
        return self.items[-1].index


def _shown(enum: str) -> str:
    return enum.strip(" \u3000").rstrip("，,")


def _expected(family: str, n: int) -> str:
    if family == "首先":
        return _SHOUXIAN.get(n, "最后")
    if family == "一方面":
        return "一方面" if n == 1 else "另一方面"
    return _shown(numbering.enumerator(family, n, n)) if 1 <= n <= numbering.MAX_INDEX else str(n)


_LABEL = re.compile(r"^[ \u3000]*(?:【[^】]{1,8}】|附[ \u3000]*件[ \u3000]*[：:])[ \u3000]*")
# paragraphs whose lists stand apart from the body's: the 【提纲】 block, the 附件说明
_OWN_LISTS = ("outline-summary", "attachment")
_COMMA = re.compile(r"[，,][ \u3000]*(?=[一（(])")  # only a first item (一、 （一）) may follow a comma


def gather(p: Para, pi: int) -> list[Item]:
    """Every enumerator of the paragraph: the one it opens with, then those inside it, in text order."""
    text = p.text
    ws = len(text) - len(text.lstrip(" \u3000\t"))
    items: dict[int, Item] = {}
    m = detect_at(text, ws)
    start_end = -1
    if m is not None:
        start_end = ws + len(m[2].rstrip(" \u3000"))
        items[ws] = Item(pi, ws, start_end, m[0], m[1], m[2], True)
    else:
        # 【提纲】一、…: the label is not part of the list
        lab = _LABEL.match(text)
        if lab and (m := detect_at(text, lab.end())) is not None:
            s = lab.end()
            start_end = s + len(m[2].rstrip(" \u3000"))
            items[s] = Item(pi, s, start_end, m[0], m[1], m[2], False)
    if _ANY_NEED.search(text) is None:
        return [items[k] for k in sorted(items)]
    for s, e, fam, idx in numbering.find_inline_all(text):  # one pass for every family
        if s in items or s < start_end:
            continue
        items[s] = Item(pi, s, e, fam, idx, text[s:e], False)
    if "、" in text or "（" in text or "(" in text:
        # 刘勇强调，一、…二、…: find_inline opens heading families only after 。；： — after a comma
        # only a first item (一、 （一）) can start an inline list
        for c in _COMMA.finditer(text):
            s = c.end()
            if s in items or s <= start_end:
                continue
            m = detect_at(text, s)  # a position, not text[s:]: a copy per comma made long paragraphs quadratic
            if m is not None and m[0] in HEADING_RANK and m[1] == 1:
                items[s] = Item(pi, s, s + len(m[2].rstrip(" \u3000")), m[0], 1, m[2], False)
    return [items[k] for k in sorted(items)]


class Analysis:
    """The lists of a document, built the way a reader nests them, and the sequence problems found."""

    def __init__(self, paras: list[Para]):
        self.paras = paras
        self.lists: list[EList] = []
        self.items: list[Item] = []
        self.hits: list[Hit] = []
        per_para = [gather(p, pi) if p.role != "junk" else [] for pi, p in enumerate(paras)]
        # families used as headings anywhere: 1. right under 一、 is fine only when （一） is never used
        self.heading_families = {it.family for its in per_para for it in its
                                 if it.at_start and it.family in HEADING_RANK
                                 and paras[it.para].role not in _OWN_LISTS}
        heads: list[EList] = []
        runins: list[EList] = []
        summary: list[EList] = []
        for pi, its in enumerate(per_para):
            local = paras[pi].role in _OWN_LISTS
            # a 【提纲】 block summarises the headings, the 附件说明 numbers the attachments: their lists
            # are their own, never the body's
            if not local:
                summary = []
            r_stack = summary if local else runins
            chain = None  # the heading this paragraph opens with, and the same-family items that follow it
            for it in its:
                self.items.append(it)
                if it.at_start and it.family in HEADING_RANK and not local:
                    self._heading(heads, it)
                    runins.clear()
                    chain = it
                elif chain is not None and it.family == chain.family and it.index > chain.index:
                    # 1.明确分工。2.强化考核。3.严格问责。: headings run together in one paragraph
                    self._heading(heads, it)
                    runins.clear()
                    chain = it
                else:
                    self._place(r_stack, it)

    # -- helpers -------------------------------------------------------------------------------
    def _hit(self, rule: str, it: Item, message: str) -> None:
        self.hits.append(Hit(rule, message, _shown(it.enum), it.para, it.start))

    def _new(self, stack: list[EList], it: Item) -> EList:
        lst = EList(it.family, [it])
        it.lst = lst
        stack.append(lst)
        self.lists.append(lst)
        return lst

    def _continue(self, lst: EList, it: Item, stack: list[EList], k: int) -> None:
        """Append `it` to the list it continues, reporting gaps, repeats and order problems."""
        last = lst.items[-1]
        got, want = _shown(it.enum), _expected(lst.family, last.index + 1) if last.index > 0 else ""
        msg = None
        if lst.family == "首先":
            if last.index == -1:
                msg = f"“最后”之后又出现“{got}”：“首先、其次、再次、最后”的顺序不对"
            elif it.index == -1:
                pass
            elif it.index == 3 and last.index == 3:
                msg = "“再次”重复：“首先、其次、再次、最后”只用于二至四项，超过四项请改用“第一、第二……”"
            elif it.index != last.index + 1:
                msg = f"“{_shown(last.enum)}”之后应为“{want}”，这里是“{got}”"
        elif it.index == last.index:
            msg = f"序号“{got}”重复出现（上一项也是“{_shown(last.enum)}”），应为“{want}”"
        elif it.index > last.index + 1:
            missing = "、".join(f"“{_expected(lst.family, n)}”" for n in range(last.index + 1, it.index)
                               if n - last.index <= 3)
            msg = f"“{_shown(last.enum)}”之后应为“{want}”，这里是“{got}”（缺少{missing}）"
            parent = stack[k - 1] if k > 0 else None
            if parent is not None and parent.family != lst.family and parent.last + 1 == it.index:
                msg += f"；若这是上一级的第{numbering.cn_numeral(it.index)}项，应写作“{_expected(parent.family, it.index)}”"
        elif it.index < last.index:
            msg = f"序号倒退：“{_shown(last.enum)}”之后出现“{got}”"
        if msg:
            self._hit("enum-sequence", it, msg)
            lst.error = True
        lst.items.append(it)
        it.lst = lst

    def _start_problem(self, stack: list[EList], it: Item) -> None:
        """A new list that does not start at 1: a family switched mid-list, or the first items are missing."""
        top = stack[-1] if stack else None
        got = _shown(it.enum)
        if top is not None and top.family != it.family and top.last == it.index - 1:
            self._hit("enum-sequence", it,
                      f"编号混用：前一项是“{_shown(top.items[-1].enum)}”，这里却是“{got}”，"
                      f"同一组应统一为“{_expected(top.family, it.index)}”")
            top.error = True
        else:
            self._hit("enum-sequence", it, f"编号从“{got}”开始，缺少“{_expected(it.family, 1)}”")

    # -- run-in and inline items ------------------------------------------------------------------
    def _place(self, stack: list[EList], it: Item) -> None:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k].family == it.family:
                if not it.at_start and stack[k].items[-1].para != it.para:
                    # an item inside a paragraph does not continue a list of an earlier paragraph
                    del stack[k:]
                    break
                if it.index == 1:
                    del stack[k:]  # 一是 again: a new list (under a new section or a new paragraph)
                    self._new(stack, it)
                else:
                    del stack[k + 1:]
                    self._continue(stack[k], it, stack, k)
                return
        if it.index != 1:
            if it.family in ("首先", "一方面"):
                return  # 其次、最后、另一方面 opening a sentence is ordinary prose
            self._start_problem(stack, it)
            self._new(stack, it).error = True
            return
        self._new(stack, it)

    # -- headings ---------------------------------------------------------------------------------
    def _heading(self, stack: list[EList], it: Item) -> None:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k].family == it.family:
                del stack[k + 1:]
                lst = stack[k]
                if it.index == 1:
                    # a second 一、 at the same level, with no new parent in between
                    self._hit("enum-sequence", it, f"标题序号重新从“{_shown(it.enum)}”开始（上一项是“{_shown(lst.items[-1].enum)}”）")
                    lst.error = True
                    lst.items.append(it)
                    it.lst = lst
                else:
                    self._continue(lst, it, stack, k)
                return
        rank = HEADING_RANK[it.family]
        popped = []
        while stack and HEADING_RANK[stack[-1].family] >= rank:
            popped.append(stack.pop())
        parent = stack[-1] if stack else None
        got = _shown(it.enum)
        if parent is None and popped:
            self._hit("heading-order", it,
                      f"标题层级颠倒：“{got}”是比“{_shown(popped[-1].items[0].enum)}”更高一级的标题，却出现在它之后")
        elif parent is not None:
            prank = HEADING_RANK[parent.family]
            skipped = [f for f, r in HEADING_RANK.items() if prank < r < rank]
            pshown = _shown(parent.items[-1].enum)
            if len(skipped) >= 2:
                self._hit("heading-order", it, f"标题层级跳级：“{got}”不能直接放在“{pshown}”之下，"
                                               f"中间应有“{skipped[0]}”一级")
            elif skipped and skipped[0] in self.heading_families:
                self._hit("heading-order", it, f"标题层级跳级：“{got}”直接放在“{pshown}”之下，"
                                               f"但本文用了“{skipped[0]}”一级，这里应先用“{skipped[0]}”")
        if it.index != 1:
            self._start_problem(stack, it)
            self._new(stack, it).error = True
            return
        self._new(stack, it)


# ---------------------------------------------------------------------------------------------
# announced counts

_ANN = re.compile(r"(?P<num>[一二三四五六七八九十两]{1,3}|[1-9][0-9]?)(?P<measure>个方面|方面|点|条|项|句话)")
_NOT_BEFORE = set("第0123456789一二三四五六七八九十两几百千万")
_NOT_AFTER = re.compile(r"(?:钟|半|多|左右|以上|以下|余|零|几|[0-9])")
_NOUN = re.compile(r"[^，。；：:,;！？!?“”\"（）()\s、]{0,12}")
_NOUN_ENDS = ("意见", "要求", "建议", "措施", "工作", "任务", "原因", "问题", "举措", "重点", "内容", "体会",
              "看法", "想法", "原则", "标准", "经验", "做法", "打算", "考虑", "期望", "希望")
_VERBS = re.compile(r"讲|谈|说|提|强调|抓好|做好|把握|突出|做到|明确|围绕|概括|归纳|分为|包括|聚焦|着力")
_SENT_END = re.compile(r"[。！？!?]")
_CLAUSE = re.compile(r"[，。；：、,;:！？!?]")


def _verb_near(text: str, s: int, e: int) -> bool:
    """A speaking/doing verb in the same clause as the count (我讲三点意见, 从三个方面谈一谈)."""
    before = _CLAUSE.split(text[max(0, s - 10):s])[-1]
    after = _CLAUSE.split(text[e:e + 12])[0]
    return bool(_VERBS.search(before) or _VERBS.search(after))


def _announcements(p: Para):
    """(start, end, count, kind) for each announced count; kind is "inline" or "next" (paragraphs)."""
    t = p.text
    for m in _ANN.finditer(t):
        s, e = m.span()
        if s > 0 and t[s - 1] in _NOT_BEFORE:
            continue  # 第三点, 十三点 seen from its middle
        if _NOT_AFTER.match(t, e):
            continue  # 三点半, 两点多: clock times
        try:
            num = int(m["num"]) if m["num"].isdigit() else numbering.parse_cn_numeral(m["num"])
        except ValueError:
            continue
        if num < 2:
            continue
        noun = _NOUN.match(t, e).group()
        if re.search(r"[0-9一二三四五六七八九十两][个项条点]", noun):
            continue  # 3个方面15项问题: a tally of findings, not an announcement
        if m["measure"] in ("项", "条") and not noun.endswith(_NOUN_ENDS):
            continue
        ne = e + len(noun)
        nxt = t[ne:ne + 1]
        if nxt in ("：", ":"):
            k = _skip_space(t, ne + 1)
            if k >= len(t):
                yield s, ne, num, "next"
            elif detect_at(t, k) is not None:
                yield s, ne, num, "inline"
            continue
        if not _verb_near(t, s, e):
            continue
        if nxt in ("，", ",") and detect_at(t, _skip_space(t, ne + 1)) is not None:
            yield s, ne, num, "inline"
            continue
        end = _SENT_END.search(t, ne)
        if "：" in t[ne:end.start() if end else len(t)]:
            continue
        if end and _MORE_TEXT.search(t, end.end()):
            continue  # not the paragraph's last sentence: the list, if any, is not what follows
        yield s, ne, num, "next"


_MORE_TEXT = re.compile("[^ \u3000”’」』）)]")


def _skip_space(t: str, i: int) -> int:
    while i < len(t) and t[i] in " \u3000":
        i += 1
    return i


def _truncated(paras: list[Para]) -> bool:
    """The text stops mid-way (…… at the end, or a sentence cut off): missing items are not the author's."""
    for p in reversed(paras):
        if p.role == "junk" or not p.text.strip():
            continue
        # not "no full stop": reports end with a signature and a date, which are complete
        return p.text.rstrip(" \u3000").endswith(("…", "...", "，", ",", "、", "“", "（", "(", "《"))
    return False


def count_mismatch(paras: list[Para], an: Analysis) -> list[Hit]:
    hits: list[Hit] = []
    order = sorted(an.items, key=lambda it: (it.para, it.start))
    keys = [(it.para, it.start) for it in order]
    truncated = None
    for pi, p in enumerate(paras):
        if p.role in ("junk", "outline-summary") or not p.text:
            continue
        for s, e, num, kind in _announcements(p):
            k = bisect_right(keys, (pi, e))
            if k >= len(order):
                continue
            first = order[k]
            lst = first.lst
            if lst is None or lst.items[0] is not first or first.index != 1 or lst.error:
                continue
            if kind == "inline" and first.para != pi:
                continue
            if kind == "next":
                gap = [q for q in range(pi + 1, first.para) if paras[q].role != "junk" and paras[q].text.strip()]
                if not first.at_start or len(gap) > 2:
                    continue
            count = len(lst.items)
            if count == num:
                continue
            if count < num:
                if truncated is None:
                    truncated = _truncated(paras)
                if truncated:
                    continue  # the text breaks off: the missing items may be in the lost part
            said = p.text[s:e]
            first_e, last_e = _shown(lst.items[0].enum), _shown(lst.items[-1].enum)
            lines = list(dict.fromkeys(paras[i.para].locate(i.start)[0] for i in lst.items))
            where = "、".join(map(str, lines[:6])) + ("…" if len(lines) > 6 else "")
            hits.append(Hit("count-mismatch",
                            f"前文说“{quote(said)}”（{num}项），后面实际列了{count}项"
                            f"（“{first_e}”至“{last_e}”，第{where}行）", said, pi, s))
    return hits

