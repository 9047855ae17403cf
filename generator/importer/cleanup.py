"""Clean pasted or scraped text into paragraphs: drop web junk, rejoin broken lines, split one-line scrapes."""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from generator.text import docnumber, junk, numbering


@dataclass
class Cleaned:
    paragraphs: list[str]
    removed: list[tuple[int, str, str]]  # (1-based input line, reason in Chinese, removed text)
    source: str | None  # the （来源：…） line, kept as metadata rather than body
    origins: list[int] = field(default_factory=list)  # input line where each paragraph starts
    joined: list[tuple[int, str]] = field(default_factory=list)  # (input line, its text) joined to the line before


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CPUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"
_HAS_CJK = re.compile(f"[{_CJK}]")
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_WS = " \t\u3000\xa0\u2002\u2003\u2009"
# Spaces between two Chinese characters (or a Chinese character and a digit or ASCII mark) are typing
# or PDF artefacts; spaces between Latin words (pinyin, English names) are real and stay.
_SIDE = f"[{_CJK}{_CPUNCT}]"
_STRAY_SPACE = re.compile(
    f"(?<={_SIDE})[{_WS}]+(?={_SIDE}|[0-9,.:;!?()])|(?<=[0-9,.:;!?()])[{_WS}]+(?={_SIDE})")
_SPEAKER_LINE = re.compile(f"^([{_CJK}（）()、]{{2,24}})[{_WS}]+([{_CJK}·]{{2,5}})$")
# the offices a speaker line or a news story names (县委书记　王明, 组长季东升)
OFFICES = ("书记", "县长", "市长", "区长", "乡长", "镇长", "主任", "局长", "部长", "组长", "主席", "厅长", "处长", "院长", "校长",
           "经理", "董事长", "委员", "巡视员", "调研员")
_OFFICE = re.compile("|".join(OFFICES + ("同志",)))

_FINAL = set("。！？；：…!?;:")
_CLOSE = "”’」』》"
_CONTINUE_END = set("，、,“‘《（(—-·") | set("的地得和与及或并在对把被将从向以于由为是着之其")
_HEADING_RANK = set(numbering.HEADING_FAMILIES)
_DATE_LINE = re.compile(r"^[（(]?\s*(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日\s*[)）]?$")
_TITLE_RX = re.compile(
    r"^(在.{2,60}(上|中|时)的(讲话|发言|致辞|总结讲话|主持词|报告|表态发言|动员讲话)"
    r"|关于.{2,60}的(报告|通报|通知|意见|方案|请示|决定|情况|说明|汇报)"
    r"|.{2,60}(讲话|报告|发言|致辞|讲话稿|讲话提纲|讲话材料|表态发言|汇报材料|工作要点|实施方案|整改方案))$")
_TITLE_TAIL = re.compile(r"^.{0,24}(上的讲话|上的发言|的讲话|讲话|的报告|报告|的发言|发言|致辞|的通报|的意见|的方案|情况)$")
_SALUTATION = re.compile(r"^(同志们|各位|尊敬的|亲爱的|朋友们|女士们|代表们)")
_SOURCE = re.compile(r"^[（(]\s*(来源|稿源|信息来源|文章来源|转自|摘自)\s*[:：].{1,80}[)）]$")

# a site's column label standing above a title (领导讲话, 讲话稿, 范文大全)
CATEGORY = re.compile(r"^(领导讲话|讲话稿|讲话|发言稿|发言|会议讲话|致辞|主持词|表态发言|述职报告|工作总结|汇报材料|心得体会|调研报告|"
                      r"整改报告|党建|党课|范文|公文|文秘|[^，。；：！？、]{1,8}(范文|大全|频道|栏目|专题|专栏|精选))$")
_ISO_DATE = re.compile(r"^\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}$")
_LISTED_TITLE = re.compile(r"^[^。！？]{2,60}?\s*[(（]?(\d{4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?[)）]?$")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|<!--.*?-->")
_BLOCK_TAG = re.compile(r"<\s*(br|/p|p|/div|div|/h[1-6]|h[1-6]|li|/li|tr|/tr|section|/section)\b[^<>]*>", re.I)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_ENTITY = re.compile(r"&(#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});")


_simp = junk.simplify


_NARROW = re.compile("[\x00-\u2e7f]+")


def _width(s: str) -> int:
    """Display columns: CJK characters are two, ASCII and Latin one."""
    return 2 * len(s) - sum(map(len, _NARROW.findall(s)))


def ends_final(s: str) -> bool:
    """Does the line end a sentence (。！？；：… possibly followed by closing quotes)?"""
    t = s.rstrip(_CLOSE)
    if not t:
        return False
    if t[-1] in _FINAL:
        return True
    # a whole bracketed line such as （2025年3月18日） or （来源：…） stands alone
    return t[-1] in "）)" and s[:1] in "（(" and len(s) <= 60


def _heading_like(s: str) -> bool:
    m = numbering.detect(s)
    if m is None or m.family not in _HEADING_RANK:
        return False
    rest = m.rest
    if m.family == "1." and rest[:1].isdigit():
        return False
    return 0 < len(rest) <= 60 and not re.search("[。！？!?]", rest[:-1])


def is_starter(s: str) -> bool:
    """Does this line open a new paragraph whatever precedes it (enumerator, salutation, closing words)?"""
    m = numbering.detect(s)
    if m is not None and m.rest and not (m.family == "1." and m.rest[:1].isdigit()):
        return True
    if _DATE_LINE.match(s.replace(" ", "")) or s.startswith(("——", "--")):
        return True  # a date line, or a subtitle (——在…会议上的讲话)
    t = _simp(s[:12])
    return bool(re.match(r"(同志们[，,：:！!]|谢谢大家|谢谢！|谢谢!|我就讲这些|【提纲】|提纲[：:]|附件[：:0-9一二三]|[（(]来源|抄送[：:])", t)) \
        or bool(_SALUTATION.match(t) and s.rstrip().endswith(("：", ":")) and len(s) <= 60)


_TAB_ROW = re.compile(r"\S\t+\S")
_DOC_LINE = re.compile(rf"^({docnumber.LOOSE}(\s*签发人[：:].{{1,30}})?|附件[：:].{{1,60}}|(抄送|印发|主送)[：:].{{1,80}})$")


def _standalone(para: str, first: bool) -> bool:
    """A paragraph without final punctuation that is nevertheless complete (heading, title, date, name)."""
    if _heading_like(para):
        return True
    if not _HAS_CJK.search(para):
        return True  # pinyin or Latin lines are never half of a Chinese sentence
    if _DATE_LINE.match(para.replace(" ", "")):
        return True
    if _DOC_LINE.match(para):
        return True  # a 发文字号 (with 签发人), an 附件说明, a 版记 line: each a line of its own
    m = _SPEAKER_LINE.match(para)
    if m and _OFFICE.search(_simp(m.group(1))):
        return True
    if first and len(para) <= 60 and not re.search("[。！？!?]", para):
        return True
    if _TITLE_RX.match(_simp(para)) and len(para) <= 60:
        return True
    # short phrases without any punctuation: unnumbered headings, unit names, speaker lines
    return len(para) <= 25 and not re.search(r"[，、,。；;：:！？!?]", para) and para[-1] not in _CONTINUE_END


def _estimate_wrap(lines: list[str], measure=_width) -> int | None:
    """The fixed line width of a PDF copy (in `measure` units), or None when lines are not hard-wrapped."""
    long_lines = [s for s in lines if len(s) >= 8]
    widths = [measure(s) for s in long_lines]
    if len(widths) < 6:
        return None
    counts = Counter(widths)
    best, best_n = None, 0
    for w in counts:
        n = sum(counts.get(w - d, 0) for d in range(0, 4))
        if n > best_n or (n == best_n and best is not None and w > best):
            best, best_n = w, n
    if best is None or best < 20 or best_n < 3:
        return None
    over = sum(1 for w in widths if w > best + 3)
    near = [s for s, w in zip(long_lines, widths) if best - 3 <= w <= best]
    broken = sum(1 for s in near if not ends_final(s))
    # in a hard-wrapped text nothing is longer than the line, many lines are exactly full, and most
    # full lines stop in mid-sentence (equal paragraphs that each end in 。 are not a wrap)
    if over > len(widths) // 20 or len(near) < max(3, len(widths) // 4) or broken < max(3, len(near) // 2):
        return None
    return best


@dataclass
class _Line:
    no: int
    text: str
    blank_before: bool = False
    hard: bool = False  # a paragraph boundary the caller knows (a .docx paragraph)
    indent: bool = False  # the line started with an indent (two spaces or a full-width space)


class _Cleaner:
    def __init__(self) -> None:
        self.removed: list[tuple[int, str, str]] = []
        self.joined: list[tuple[int, str]] = []
        self.source: str | None = None
        self.widths: dict[int, float] = {}

    def drop(self, no: int, reason: str, text: str) -> None:
        self.removed.append((no, reason, text))

    # ---- characters and HTML ------------------------------------------------------------------
    def raw_lines(self, text: str, hard: set[int] | None) -> list[tuple[int, str, bool]]:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        html_like = "<" in text and _TAG.search(text) is not None
        entity_like = "&" in text and _ENTITY.search(text) is not None
        if html_like:
            for m in _SCRIPT.finditer(text):
                no = text.count("\n", 0, m.start()) + 1
                self.drop(no, "HTML 脚本或样式", m.group()[:60])
            text = _SCRIPT.sub(lambda m: "\n" * m.group().count("\n"), text)
        out: list[tuple[int, str, bool]] = []
        for no, line in enumerate(text.split("\n"), 1):
            is_hard = bool(hard and no in hard)
            pieces = [line]
            if html_like and "<" in line:
                tags = _TAG.findall(line)
                if tags:
                    self.drop(no, "HTML 标记", " ".join(tags)[:80])
                # a block tag (<p>, <br>, </div>…) ended a paragraph on the page; split() also returns the
                # captured tag names at odd positions, which are dropped
                pieces = [_TAG.sub("", p) for i, p in enumerate(_BLOCK_TAG.split(line)) if i % 2 == 0]
            for k, p in enumerate(pieces):
                if entity_like and "&" in p:
                    ents = _ENTITY.findall(p)
                    if ents:
                        self.drop(no, "HTML 实体", " ".join("&" + e + ";" for e in ents)[:80])
                        p = html.unescape(p)
                out.append((no, _ZERO_WIDTH.sub("", p), is_hard and k == 0))
        return out

    # ---- junk ---------------------------------------------------------------------------------
    def junk(self, raw: list[tuple[int, str, bool]]) -> list[_Line]:
        kept: list[_Line] = []
        blank = False
        in_block = False
        after_junk = False
        running = junk.running_lines([line for _, line, _ in raw])
        i = 0
        n = len(raw)
        while i < n:
            no, line, hard = raw[i]
            s = line.strip(_WS)
            i += 1
            if not s:
                blank = True
                continue
            if i - 1 in running:
                self.drop(no, "页眉页脚", s)  # the same short line at the top or foot of every page
                continue
            simp = _simp(s)
            if in_block:
                listed = _LISTED_TITLE.match(s) is not None
                if junk.is_block_head(s) or listed or (
                        not blank and len(s) <= 60 and not re.search("[。！？!?]", s)
                        and not s.endswith(("：", ":")) and not is_starter(s)):
                    self.drop(no, "推荐文章列表", s)
                    blank = False
                    continue
                in_block = False
            if junk.is_block_head(s):
                self.drop(no, "推荐文章列表", s)
                in_block = True
                continue
            if _SOURCE.match(simp) and self.source is None:
                self.source = s
                continue
            if after_junk and _ISO_DATE.match(s):
                self.drop(no, "发布时间", s)  # a bare date under the site's header
                continue
            hit = junk.match(s)
            if hit is not None and hit.whole:
                self.drop(no, hit.reason, s)
                after_junk = True
                continue
            after_junk = False
            if hit is not None:
                s = self.cut_markers(no, s)
                if not s:
                    continue
            lead = line[:len(line) - len(line.lstrip(_WS))]
            kept.append(_Line(no, s, blank, hard, "\u3000" in lead or len(lead) >= 2))
            blank = False
        return self.title_lists(kept)

    def cut_markers(self, no: int, s: str) -> str:
        """Remove every junk marker inside a line (each whole, with its dashes and brackets)."""
        pieces, prev = [], 0
        for h in junk.markers(s):
            self.drop(no, h.reason, h.text.strip(_WS))
            pieces.append(s[prev:h.start])
            prev = h.end
        pieces.append(s[prev:])
        return "".join(pieces).strip(_WS)

    def title_lists(self, lines: list[_Line]) -> list[_Line]:
        """Runs of three or more "title + date" lines are lists of other articles, wherever they are."""
        out: list[_Line] = []
        i = 0
        while i < len(lines):
            j = i
            while j < len(lines) and _LISTED_TITLE.match(lines[j].text) and not _DATE_LINE.match(lines[j].text):
                j += 1
            if j - i >= 3:
                for ln in lines[i:j]:
                    self.drop(ln.no, "推荐文章列表", ln.text)
                i = j
                continue
            out.append(lines[i])
            i += 1
        return out

    # ---- one-line scrapes ---------------------------------------------------------------------
    def split_scrapes(self, lines: list[_Line]) -> list[_Line]:
        longest = max((len(ln.text) for ln in lines), default=0)
        gappy = any(len(ln.text) >= 30 and len(_inner_gaps(ln.text)) >= 2 for ln in lines)
        scrape = (len(lines) <= 3 and longest >= 60) or longest >= 2500 or gappy
        if not scrape:
            return lines
        out: list[_Line] = []
        for ln in lines:
            if len(ln.text) < 60 and len(_inner_gaps(ln.text)) < 2:
                out.append(ln)
                continue
            pieces = split_scraped(ln.text)
            for k, p in enumerate(pieces):
                out.append(_Line(ln.no, p, ln.blank_before if k == 0 else False, ln.hard if k == 0 else True))
        return out

    # ---- rejoining ----------------------------------------------------------------------------
    def rejoin(self, lines: list[_Line]) -> tuple[list[str], list[int]]:
        texts = [_strip_spaces(ln.text, head=k < 3) for k, ln in enumerate(lines)]
        # a PDF wraps by visual width; a naive copy tool by characters: recognise either
        measure = _width
        if self.widths:
            # widths measured by the reader (a PDF's glyph positions), in CJK units: 2 of _width's columns
            known = {t: round(2 * self.widths[ln.no]) for t, ln in zip(texts, lines) if ln.no in self.widths}
            measure = lambda t: known.get(t, _width(t))  # noqa: E731
        wrap = (_estimate_wrap(texts, measure), _estimate_wrap(texts, len), measure)
        # where some lines are indented and others not, the indent marks a paragraph start (PDF copies)
        indents = sum(1 for ln in lines if ln.indent)
        by_indent = 3 <= indents <= len(lines) - 3
        paras: list[str] = []
        origins: list[int] = []
        cur: list[str] = []
        # a table row (cells separated by tabs, as a text copy of a table comes) is a line of its own
        rows = [bool(_TAB_ROW.search(ln.text)) for ln in lines]
        for k, ln in enumerate(lines):
            s = texts[k]
            if not s:
                continue
            if cur and not ln.hard and not (by_indent and ln.indent) and not rows[k] and not (k and rows[k - 1]) \
                    and self.joins(cur, s, ln.blank_before, wrap, not paras, texts[k + 1:k + 9]):
                cur.append(s)
                self.joined.append((ln.no, s))
                continue
            if cur:
                paras.append("".join(cur))
            cur = [s]
            origins.append(ln.no)
        if cur:
            paras.append("".join(cur))
        return paras, origins

    @staticmethod
    def joins(cur: list[str], nxt: str, blank: bool, wrap: tuple, first: bool, after: list[str]) -> bool:
        last = cur[-1]
        # only a short paragraph can be a heading, title or name; long ones are not re-examined each line
        short = len(cur) < 4 and sum(map(len, cur)) <= 80
        para = "".join(cur) if short else ""
        heading = short and _heading_like(para)
        if short and _DOC_LINE.match(para):
            return False  # a 发文字号, 附件说明 or 版记 line is complete on its own
        wd, wc, _measure = wrap
        if ends_final(last):
            # a full line that happens to end a sentence: in a wrapped text the paragraph goes on far
            # more often than it ends exactly at the margin
            exact = (wd is not None and _measure(last) >= wd - 1) or (wc is not None and len(last) >= wc)
            if not exact or blank or heading:
                return False
            return not is_starter(nxt) or _continues_inline("".join(cur), nxt) or _opens_inline(last, nxt, after)
        full = (wd is not None and _measure(last) >= wd - 3) or (wc is not None and len(last) >= wc - 1)
        if last[-1] in _CONTINUE_END and not heading:
            return True
        if not full and _glued_heading_tail(last):
            return False  # …落地。二、强化督查 : a heading glued to the paragraph before it ends the line
        if full and not heading and not (first and short) and _HAS_CJK.search(last):
            return True  # a full line stopping mid-sentence wraps, even when the next line opens with 二是
        if is_starter(nxt):
            return False
        if full and heading:
            # a heading that fills the line: the next line is its tail only if the two still read as a
            # heading (a body line ends a sentence or makes it far too long)
            return _heading_like(para + nxt)
        if full and first and short and (_TITLE_RX.match(_simp(para)) or not re.search(r"[，、,；;：:]", para)):
            # the same for a title (or headline) filling the first line: its tail is a short line
            # (在…会议上的 / 讲话), while a body line after it is full or ends a sentence
            nxt_full = (wd is not None and _measure(nxt) >= wd - 3) or (wc is not None and len(nxt) >= wc - 1)
            return not nxt_full and len(para + nxt) <= 60 and not re.search("[。！？!?]", nxt)
        if first and short and not blank and not re.search("[。！？!?，,]", para) and _TITLE_TAIL.match(_simp(nxt)) \
                and not _TITLE_TAIL.match(_simp(para)) and not _simp(nxt).startswith(("在", "关于")) \
                and not (_SPEAKER_LINE.match(para) and _OFFICE.search(_simp(para))) \
                and not CATEGORY.match(_simp(nxt)) and not CATEGORY.match(_simp(para)):
            # a title broken over two lines (not a speaker line or a site label above a whole title)
            return True
        if blank:
            return full
        if full:
            return True
        if not short:
            return _HAS_CJK.search(last) is not None
        return not _standalone(para, first)


def _glued_heading_tail(line: str) -> bool:
    """Does the line end with a numbered heading after a sentence end (…。二、强化督促检查)?"""
    cut = max(line.rfind(ch) for ch in _SENT_MARK)
    return 0 < cut < len(line) - 1 and _heading_like(line[cut + 1:])


def _continues_inline(para: str, nxt: str) -> bool:
    """Does `nxt` open the next item of an enumeration already running inside `para` (…一是…。|二是…)?"""
    m = numbering.detect(nxt)
    if m is not None and re.match(r"^(【提纲】|【目录】|提纲[：:])", para):
        return True  # a 【提纲】 block is one paragraph of items, whatever the family of the next one
    if m is None or m.index < 2:
        return False
    hits = numbering.find_inline(para, m.family)
    if any(idx == m.index - 1 and start > 0 for start, _, idx in hits):
        return True
    # 刘勇强调，一、…  or  【提纲】一、… : the previous item may follow a comma or the label
    try:
        prev = numbering.enumerator(m.family, m.index - 1, m.index)
    except numbering.NumberingError:
        return False
    return re.search(f"(^【提纲】|^提纲[：:]|[，,：:；;。！？]){re.escape(prev)}", para) is not None


def _opens_inline(last: str, nxt: str, after: list[str]) -> bool:
    """After "…原因：" at the margin, does `nxt` open an enumeration that goes on inside the same paragraph?"""
    if not last.endswith(("：", ":")):
        return False
    m = numbering.detect(nxt)
    if m is None or m.index != 1:
        return False
    # the second item inside a line (not opening one) shows the enumeration runs on in one paragraph
    starts, seg = {0}, nxt
    for s in after:
        starts.add(len(seg))
        seg += s
    return any(idx == 2 and start not in starts for start, _, idx in numbering.find_inline(seg, m.family))


_TWO_PHRASES = re.compile(f"^([{_CJK}]{{4,16}})[{_WS}]+([{_CJK}]{{4,16}})$")


def _strip_spaces(s: str, head: bool = False) -> str:
    s = s.strip(_WS)
    m = _SPEAKER_LINE.match(s)
    if m and _OFFICE.search(_simp(m.group(1))):
        # the space between office and name is part of a speaker line (县委书记　王明)
        return f"{m.group(1)}\u3000{m.group(2)}"
    m = _TWO_PHRASES.match(s) if head else None
    if m and numbering.detect(s) is None:
        # a headline of two parallel phrases (凝心聚力抓整改　真抓实干见成效) keeps one full-width space
        return f"{m.group(1)}\u3000{m.group(2)}"
    return _STRAY_SPACE.sub("", s)


# an indent left by a stripped <p>: two or more spaces, or one full-width space after a sentence end
_SCRAPE_GAP = re.compile(r"[ \t\xa0\u3000\u2002\u2003]{2,}|(?<=[。！？；：!?;:”])[\u3000\u2002\u2003]")


def _inner_gaps(text: str) -> list[re.Match]:
    """Gaps inside a line that look like a lost paragraph break rather than a stray space."""
    out = []
    for m in _SCRAPE_GAP.finditer(text):
        if not 0 < m.start() < m.end() < len(text):
            continue
        gap = m.group()
        if gap.count("\u3000") >= 2 or text[m.start() - 1] in "。！？；：”’）!?;:)" or is_starter(text[m.end():m.end() + 20]):
            out.append(m)
    return out


def split_scraped(text: str) -> list[str]:
    """Split a text scraped as one line into paragraphs, by indentation gaps or else by its structure."""
    gaps = _inner_gaps(text)
    if len(gaps) >= 2:
        pieces, prev = [], 0
        for m in gaps:
            pieces.append(text[prev:m.start()])
            prev = m.end()
        pieces.append(text[prev:])
        return [p.strip(_WS) for p in pieces if p.strip(_WS)]
    cuts: set[int] = set()
    t = text
    simp = _simp(t)
    m = re.match(r"^(.{4,60}?(上的讲话|上的发言|的讲话|的报告|工作报告|的发言))", simp)
    if m:
        cuts.add(m.end())
        # a report's addressee right after its title (县委巡察办：)
        a = _ADDRESSEE.match(simp, m.end())
        if a:
            cuts.add(a.end())
    for m in re.finditer(r"[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[)）]", t[:200]):
        cuts.update((m.start(), m.end()))
    for m in re.finditer(r"(?:(?:各位领导|各位来宾|尊敬的[^。！？：:，,]{1,30})[，,、])*"
                         r"(同志们|各位领导|尊敬的[^。！？：:]{1,40})[：:]", simp[:300]):
        cuts.update((m.start(), m.end()))
    for m in re.finditer(r"(?<=[。！？!?])(同志们[，,！!]|我就讲这些|我就讲到这里|我就讲这么多|特此报告|特此通报|谢谢大家[。！!]?$)", simp):
        cuts.add(m.start())
    # a paragraph opener of the genre after a sentence end (总之，…)
    for m in _OPENER_CUE.finditer(simp):
        cuts.add(m.start())
    # the end matter of a report: 特此报告。 then the signature, then the date
    for m in re.finditer(r"(?<=[。！？!?])(特此报告|特此通报|特此说明)[。！!]", simp):
        cuts.add(m.end())
    m = re.search(r"(?<=[^。！？!?，,；;：:])\d{4}年\d{1,2}月\d{1,2}日$", simp)
    if m and m.start() > len(simp) - 60:
        cuts.add(m.start())
    m = re.search(r"[（(]\s*(来源|稿源)\s*[:：][^（）()]{1,60}[)）]$", simp)
    if m:
        cuts.add(m.start())
    # news copy: a sentence opening with who spoke (县委书记王明指出，) starts a paragraph; a speech's
    # 习近平总书记强调， is a quotation inside its paragraph
    for m in _CUE.finditer(simp):
        who = m.group("who")
        if _OFFICE.search(who) and "总书记" not in who:  # (not 会议指出，, which goes on the same story)
            cuts.add(m.start() + 1)
    _news_cuts(simp, cuts)
    block = _outline_block(simp, cuts)
    heads: list[int] = []
    inline_spans: list[tuple[int, int]] = []
    starts = sentence_starts([t])
    glued_at: dict[int, str] = {}  # a list's first item glued to heading words: position → family
    fams = sorted(numbering.FAMILIES, key=lambda f: f not in _HEADING_RANK)  # headings first
    for _round in range(2):  # a second round for lists that start right after a heading found in the first
        for fam in fams if _round == 0 else [f for f in fams if f in glued_at.values()]:
            for run in _runs(t, fam, [p for p, f in glued_at.items() if f == fam]):
                heading = fam in _HEADING_RANK
                items = [(s, e) for s, e, _ in run]
                avg = (len(t) if len(items) < 2 else (items[-1][0] - items[0][0]) / (len(items) - 1))
                first_ok = items[0][0] == 0 or t[items[0][0] - 1] in "。！？!?" or items[0][0] in cuts \
                    or (heading and avg >= 150 and _ANNOUNCED.search(t, max(0, items[0][0] - 30), items[0][0]))
                if block and block[0] <= items[0][0] < block[1]:
                    continue  # the items of a 【提纲】 block stay in it
                if not first_ok and heading:
                    # a list inside a paragraph (…主要是：一、…一是…二是…二、…): the lists under its items
                    # are inside the same paragraph, up to the next paragraph start found so far
                    end = min((c for c in cuts if c > items[-1][0]), default=len(t))
                    inline_spans.append((items[0][0], end))
                # short items are a list inside a paragraph, unless every item after a sentence end is a
                # lead sentence with its own body (第一，守住纪律底线。客观地讲，…。第二，…)
                short = not heading and avg < 40 and not all(
                    t[s - 1] in "。！？!?" and len(_SENT_END_RX.findall(t, s, n)) >= 2
                    for (s, _), (n, _) in zip(items[1:], items[2:] + [(len(t), 0)]) if n > s)
                if not first_ok or short or any(a < items[0][0] < b for a, b in inline_spans):
                    continue  # after a colon or a comma the list is inline: it stays in its paragraph
                cuts.update(s for s, _ in items)
                if heading:
                    heads.extend(s for s, _ in items)
        if _round:
            break
        glued = {p: f for p, f in _glued_after_heading(t, heads, starts) if p not in cuts}
        if not glued:
            break
        glued_at.update((p, f) for p, f in glued.items() if f is not None)
        cuts.update(glued)
    if block:
        for a, b in block[2]:  # the 提纲's headings, found again in the body: cut before and after each
            cuts.update((a, b))
        cuts.difference_update(range(block[0] + 1, block[1]))
    bounds = sorted(c for c in cuts if 0 < c < len(t))
    out, prev = [], 0
    for c in bounds:
        out.append(t[prev:c])
        prev = c
    out.append(t[prev:])
    return [p.strip(_WS) for p in out if p.strip(_WS)]


# (not 下面，我讲…: in the seeds the announced count closes the intro paragraph)
# …我讲五点意见：（一）… : the speaker announces the parts that follow as the speech's headings
_ANNOUNCED = re.compile(r"(讲|谈|提|强调)[^。：:]{0,6}[一二两三四五六七八九十]+(点|个方面)[^。：:，,]{0,6}[：:]$")
_OPENER_CUE = re.compile(r"(?<=[。！？!?])(总之[，,]|总而言之|综上所述)")
_ADDRESSEE = re.compile(r"[^，,。；;：:！!？?、\s]{2,24}(办|委|局|部|厅|组|室|处|院|所|政府|党委|党组|委员会|办公室|领导小组|中心)[：:]")
_CUE = re.compile(r"[。！？](?=(?P<who>[^。！？，,；;：:“”]{2,20})(指出|强调|表示|要求|提出|作了?表态(发言|讲话))[，,：:])")


# news copy: the headline runs into the lead's date or opener (…反馈巡察情况2024年8月26日，)
_NEWS_LEAD = re.compile(r"^([^。！？!?，,：:；;“”]{6,60}?)((\d{4}年)?\d{1,2}月\d{1,2}日(上午|下午|晚)?[，,]|近日[，,]|日前[，,]|本报讯)")
_NEWS_PUNCT = re.compile("[。！？!?，,：:；;“”（(]")
_CJK_ONLY = re.compile(f"^[{_CJK}]+$")
# a person the story introduces by office (组长季东升, 副主任刘勇)
_NAMED = re.compile("(" + "|".join(OFFICES + ("秘书长", "常委", "科长", "股长", "所长", "站长", "队长", "行长", "会长", "检察长",
                                                "庭长", "专员", "督查员", "督导员")) + ")"
                    r"([\u4e00-\u9fff]{2,3})")
# …。季东升在反馈时指出， / 刘勇强调， / 孙苗作表态发言， / 季东升提出了三点整改意见建议：
_SAID = re.compile(r"(?<=[。！？!?])(?P<who>[\u4e00-\u9fff]{2,3}?)(在[^。！？!?，,]{1,12}?时|代表[^。！？!?，,]{1,16}?)?"
                   r"(指出|强调|表示|要求|认为|介绍|说|(提出|通报|传达|宣读|反馈)了?[^。！？!?，,：:]{0,12}?|作了?表态(发言|讲话))[，,：:]")
# the attendees close the story (…参加会议，…列席会议。)
_ATTENDEES = re.compile(r"(?<=[。！？!?])[^。！？!?]{4,400}?(参加会议|出席会议|列席会议|参加了会议|出席了会议|参加会议并讲话)[。！!]")
_SOURCE_TAIL = re.compile(r"\s*([（(]\s*(来源|稿源|信息来源|文章来源)\s*[:：][^（）()]{1,60}[)）])?\s*$")


def _news_cuts(simp: str, cuts: set[int]) -> None:
    """Paragraph starts of a news story scraped without separators: after the headline, at each sentence
    where a person the story named by office speaks, and at the closing list of attendees."""
    if not any(0 < c <= 60 for c in cuts):
        m = _NEWS_LEAD.match(simp)
        if m:
            cuts.add(m.end(1))
        else:
            # the lead restates the headline's subject (…反馈巡察情况县委第二巡察组于6月12日…): the headline
            # ends where its first words come again, before any punctuation
            head = simp[:6]
            stop = _NEWS_PUNCT.search(simp, 0, 64)
            k = simp.find(head, 8, stop.start() if stop else 64) if len(head) == 6 and _CJK_ONLY.match(head) else -1
            if k > 0:
                cuts.add(k)
    names = {m.group(2)[:k] for m in _NAMED.finditer(simp) for k in (2, 3)}
    if names:
        for m in _SAID.finditer(simp):
            if m.group("who") in names:
                cuts.add(m.start())
    last = None
    for m in _ATTENDEES.finditer(simp):
        last = m
    if last is not None and _SOURCE_TAIL.fullmatch(simp, last.end()):
        cuts.add(last.start())


_OUTLINE_START = re.compile(r"^(【提纲】|【目录】|提纲[：:]|目\s*录[：:]?)")
_TITLE_END = re.compile(r"(讲话|发言|致辞|报告|讲话稿|发言稿)$")


def _outline_block(simp: str, cuts: set[int]) -> tuple[int, int, list[tuple[int, int]]] | None:
    """A 【提纲】 block opening a one-line text: its extent, up to the title before the salutation
    (【提纲】一、…。二、…。在…会议上的讲话同志们：), and where its headings stand again in the body
    ((start, end) of each copy). Cuts the title from the block and the salutation."""
    sal = re.search(r"同志们[：:]", simp[:4000])
    if sal is None:
        return None
    cuts.add(sal.end())
    if simp[sal.start() - 1:sal.start()] not in ("，", ",", "、"):  # (各位领导，同志们： is one salutation)
        cuts.add(sal.start())
    j = max(simp.rfind(ch, 0, sal.start()) for ch in "。！？!?】") + 1
    title = simp[j:sal.start()]
    if 6 <= len(title) <= 80 and _TITLE_END.search(title) and numbering.detect(title) is None:
        cuts.add(j)
    else:
        j = sal.start()
    m = _OUTLINE_START.match(simp)
    if m is None:
        return None
    copies = []
    for pos in [m.end()] + [x.end() for x in _SENT_END_RX.finditer(simp, 0, j) if x.end() < j]:
        got = numbering.detect_at(simp, pos)
        if got is None or got[0] not in _HEADING_RANK:
            continue
        stop = min((k for k in (simp.find(ch, pos, j) for ch in "。；;！!？?") if k != -1), default=j)
        head = simp[pos:stop].rstrip("，, \u3000")
        at = simp.find(head, sal.end()) if len(head) >= 6 else -1
        if at != -1:
            copies.append((at, at + len(head)))
    return (0, j, copies)


def _glued_after_heading(t: str, heads: list[int], starts: Counter | None = None) -> list[tuple[int, str | None]]:
    """Positions where a heading's words end with no punctuation after them: a list (一是…, 1.…)
    starting right there (一、压实整改责任一是要…), or the first sentence (heading_end): (position, the
    list's family or None)."""
    out = []
    starts = sentence_starts([t]) if starts is None else starts
    # the heading and the sentences after it, up to the next heading (heading_end reads no further)
    for h, c in zip(heads, heading_ends([t[h:h + 200] for h in heads], starts)):
        if c is None:
            continue
        m = numbering.detect_at(t, h + c)
        fam = m[0] if m is not None and m[1] == 1 else None
        out.append((h + c, fam))
    return out


# the second enumerator of each family, as numbering.enumerator writes it
_SECOND = {f: numbering.enumerator(f, 2, 2) for f in numbering.FAMILIES}


def _runs(text: str, fam: str, firsts: list[int] = ()) -> list[list[tuple[int, int, int]]]:
    """Successive runs 1, 2, 3 … of one family's in-paragraph enumerators (`firsts`: first items found
    where find_inline does not look, right after heading words)."""
    if _SECOND[fam] not in text:
        return []  # a run needs its second item, written exactly as gaozi writes it: skip the scan
    hits = numbering.find_inline(text, fam)
    for p in firsts:
        m = numbering.detect(text[p:p + 12])
        hits.append((p, p + len(m.enumerator.rstrip(" \u3000")), 1))
    hits.sort()
    runs = numbering.runs(hits, fam)
    return [r for r in runs if len(r) >= 2]


def clean(text: str, *, hard_breaks: set[int] | None = None, widths: dict[int, float] | None = None) -> Cleaned:
    """Turn raw text into paragraphs; every dropped line is listed in `removed` with its reason.

    hard_breaks: input line numbers that certainly start a paragraph (a .docx paragraph), never joined.
    widths: measured width of input lines (1-based line number → width, CJK character = 1, ASCII = ½),
    as a PDF reader knows them; otherwise the width is counted from the characters the same way.
    """
    c = _Cleaner()
    c.widths = dict(widths or {})
    raw = c.raw_lines(text, hard_breaks)
    lines = c.junk(raw)
    lines = c.split_scrapes(lines)
    paras, origins = c.rejoin(lines)
    if not hard_breaks:  # a Word paragraph is a paragraph as its writer made it
        paras, origins = split_glued(paras, origins)
    c.removed.sort(key=lambda r: r[0])
    return Cleaned(paras, c.removed, c.source, origins, c.joined)


# ---- glued headings ---------------------------------------------------------------------------
# A heading pasted without its line break runs straight into its first sentence (一、压实责任各单位要…);
# it ends inside that clause, where the next sentence's subject or opener starts. The evidence: words
# that open sentences elsewhere in the same document (writers repeat their subjects), the openers of
# the genre below, and the length headings have (4 to about 30 characters).

_SENT_MARK = "。！？!?；;"
_OPENERS = (
    "各级", "各地", "各部门", "各单位", "各乡镇", "各街道", "各村", "各县", "各区", "各镇", "各有关", "各责任", "各牵头",
    "全县", "全市", "全区", "全镇", "全乡", "全省", "全体", "我们", "我县", "我市", "我区", "我镇", "我乡", "大家",
    "今年", "去年", "近年来", "近期", "目前", "当前", "对此", "通过", "针对", "部分", "少数", "个别", "有的", "一些",
    "多数", "大部分", "这次", "此次", "这项", "这些", "必须", "只有", "据统计", "截至", "按照", "根据", "对于", "同时",
    "此外", "另外", "但是", "然而", "总体", "会上", "班子", "领导干部", "党员干部", "广大", "从目前", "从实际",
    "从检查", "从反馈", "从巡察", "从审计", "县委", "县政府", "县纪委", "县直", "市委", "市直", "区委", "镇党委", "乡党委",
    "主要负责", "分管", "相关", "有关", "督查", "巡察组", "审计组", "群众", "对照", "围绕", "结合", "随着", "经过",
    "习近平", "总书记", "党中央", "省委", "实践证明", "事实证明",
)
# openers by their shape: 从…来看， 就…而言， 据…， 客观地讲， 今年…以来， 各…部门, 县乡…
_OPENER_RX = re.compile("|".join(sorted(_OPENERS, key=len, reverse=True))
                        + r"|从[^，,。；;]{1,12}(来看|看来|看)[，,。]|就[^，,。；;]{1,10}而言|据[^，,。；;]{1,10}[，,]"
                        + r"|(客观|坦率|实事求是|总体|整体|具体|严格)地(讲|说)[，,]"
                        + r"|(今年|去年|近年|近期|年初|上半年|下半年|多年|长期|一段时间|一个时期|一年|两年|三年|几年)[^，,。；;]{0,4}以来[，,]"
                        + r"|各[^，,。；;、]{0,5}(部门|单位|乡镇|街道|社区|村|党组织|支部|干部|同志|机关)"
                        + r"|(县乡|乡镇|镇村|县级|市县|村级|县直|市直|区直|每一名|每一个|每名|每个)"
                        + r"|会议(指出|强调|要求|认为|决定|提出|明确|审议|听取|研究|传达|通报|部署|号召|总结)")
# the words headings of the genre end with (…上下功夫, …见成效, 压实…责任, 健全…机制)
_HEADING_TAIL = re.compile(r"(下功夫|求突破|见成效|见实效|上台阶|再提升|再强化|再加力|抓落实|出实招|工作|责任|机制|制度|作风|纪律|"
                           r"建设|成效|成果|实效|质效|水平|能力|作用|意识|站位|认识|问题|监督|督办|台账|管理|清理|运用|引领|"
                           r"保障|底线|格局|合力|落实|到位|反弹|发展|销号|自觉|见效)$")
_BAD_END = set("的地得和与及或并在对把被将从向以于由为之其且是有等就据自当随经按因")
_BAD_START = set("的地得了着过和与及之性化者们等上中下里内外后前时")
_CLAUSE = re.compile(f"[，,、：:{_SENT_MARK}]")


def sentence_starts(texts) -> Counter:
    """Prefixes (2 to 4 characters) of the sentences in `texts`: the words this writer opens sentences with."""
    out: Counter = Counter()
    for t in texts:
        pos = [] if numbering.detect(t) is not None else [0]
        pos.extend(m.end() for m in _SENT_END_RX.finditer(t))
        for p in pos:
            m = _WORDS_RX.match(t, p)
            if m is not None:
                w = m.group()
                out.update(w[:k] for k in range(2, len(w) + 1))
    return out


_SENT_END_RX = re.compile(f"[{_SENT_MARK}]")
_WORDS_RX = re.compile(f"[^，,、：:{_SENT_MARK}]{{2,4}}")


def heading_ends(texts: list[str], starts: Counter) -> list[int | None]:
    """heading_end of each text, read a second time with the length its siblings agree on: headings of
    one family are written in parallel (1.做好成果运用 2.落实领导包案 3.开展专项清理), so where two or
    more of them end at the same length, a sibling's end of that length is preferred."""
    first = [heading_end(x, starts) for x in texts]
    fams = [(m.family, len(m.enumerator)) if (m := numbering.detect(x)) is not None else (None, 0) for x in texts]
    lengths: dict[str, Counter] = {}
    for (fam, e), c in zip(fams, first):
        if c is not None and fam is not None:
            lengths.setdefault(fam, Counter())[c - e] += 1
    # siblings written as run-in items (1.问题。措施。（状态）) show how the family is written: where three
    # quarters of them (three or more) are, the few that seem glued are run-in items too
    as_written: Counter = Counter()
    total: Counter = Counter()
    for x, (fam, _), c in zip(texts, fams, first):
        if fam is not None:
            total[fam] += 1
            if c is None and len(x) > 40 and _SENT_END_RX.search(x):
                as_written[fam] += 1
    out = []
    for x, (fam, _), c in zip(texts, fams, first):
        if c is not None and as_written[fam] >= 3 and as_written[fam] >= 0.75 * total[fam]:
            out.append(None)
            continue
        common = lengths.get(fam, Counter()).most_common(2)
        if c is not None and common and common[0][1] >= 2 and (len(common) < 2 or common[0][1] > common[1][1]):
            c = heading_end(x, starts, want=common[0][0])
        out.append(c)
    return out


def heading_end(text: str, starts: Counter, want: int | None = None) -> int | None:
    """Where a numbered heading glued to the sentence after it ends (an index into `text`), or None
    when the paragraph is a heading, a run-in heading ending in 。 or a list item as written.
    want: the length (after the enumerator) the heading's siblings have."""
    m = numbering.detect(text)
    if m is None or m.family not in _HEADING_RANK or not m.rest or (m.family == "1." and m.rest[:1].isdigit()):
        return None
    e = len(m.enumerator)
    stop = len(text)
    for i in range(e, min(len(text), e + 60)):
        if text[i] in _SENT_MARK:
            stop = i
            break
    else:
        if len(text) > e + 60:
            stop = e + 60
    if stop == len(text) and len(text) - e <= 40:
        return None  # a heading line as written
    best, best_score, best_clause = None, 2.0, None
    for c in range(e + 4, min(stop - 1, e + 44)):
        a, b = text[c - 1], text[c]
        if _CLAUSE.match(a) or _CLAUSE.match(b) or not _HAS_CJK.match(a):
            continue
        got = numbering.detect_at(text, c)
        if got is not None and got[0] != m.family and got[1] == 1 and not (got[0] == "1." and text[c + len(got[2]):][:1].isdigit()):
            return c  # a list's first item glued to the heading words (一、压实责任一是要…)
        if not _HAS_CJK.match(b):
            continue
        commas = text.count("，", e, c) + text.count(",", e, c)
        if commas > 1 or (best_clause is not None and commas > best_clause):
            break  # a heading has at most two clauses; the first clause that holds a start wins
        nxt = _CLAUSE.search(text, c, stop)
        piece = (nxt.start() if nxt else stop) - c
        opener = _OPENER_RX.match(text, c) is not None
        if piece < (2 if opener else 4):
            continue
        score = 0.0
        for k, w in ((4, 4.0), (3, 2.5), (2, 1.0)):
            n = starts.get(text[c:c + k], 0)
            if n:
                score += w * (1.5 if n >= 2 else 1.0)
                break
        # two characters that open some sentences (整改…, 问题…) are common words as well: alone they show nothing
        weak = score > 0 and k == 2 and n < 3
        if opener:
            score += 2
        parallel = want is not None and c - e == want
        if parallel:
            score += 1.0  # evidence, though not enough alone: with a heading's usual last words it is
        elif score == 0 or (weak and not opener):
            continue  # nothing shows a sentence starting here
        if _OPENER_RX.match(text, c - 1) is not None:
            continue  # never inside an opener (…取信于民各|级党组织)
        if _HEADING_TAIL.search(text, e, c):
            score += 1.5
        if "要" in text[c:c + 10]:
            score += 0.5
        if a in _BAD_END:
            score -= 3
        if b in _BAD_START:
            score -= 3
        length = c - e
        if length > 32:
            score -= (length - 32) / 4
        if best is None and score >= best_score or best is not None and score > best_score + 0.25:
            best, best_score, best_clause = c, score, commas
    return best


def split_glued(paras: list[str], origins: list[int]) -> tuple[list[str], list[int]]:
    """Split paragraphs where a numbered heading was glued to its neighbours: a heading of a sequence
    that runs through the document standing after a sentence end (…清零。二、强化督查), and a heading
    run into its first sentence (二、强化督查各单位要…). `origins` (input line of each paragraph) is
    split alongside."""
    starts = sentence_starts(paras)
    splits = _sequence_splits(paras)
    out: list[str] = []
    out_o: list[int] = []
    pieces: list[tuple[str, int]] = []
    for pi, (p, o) in enumerate(zip(paras, origins)):
        bounds = [0] + sorted(splits.get(pi, ())) + [len(p)]
        pieces.extend((p[s:e], o) for s, e in zip(bounds, bounds[1:]))
    for (piece, o), c in zip(pieces, heading_ends([x for x, _ in pieces], starts)):
        for part in ((piece,) if c is None else (piece[:c], piece[c:])):
            out.append(part)
            out_o.append(o)
    return out, out_o


def _inline_before(p: str, enum: str, pos: int) -> bool:
    """Does `enum` stand in p[1:pos] after a colon or comma (an item of a list inside the paragraph)?
    Items of one list stand close together: only the 2,000 characters before `pos` are searched."""
    q = p.find(enum, max(1, pos - 2000), pos)
    while q != -1:
        if p[q - 1] not in _SENT_MARK:
            return True
        q = p.find(enum, q + 1, pos)
    return False


def _sequence_splits(paras: list[str]) -> dict[int, set[int]]:
    """Positions (paragraph → offsets) of headings after a sentence end that continue a sequence of
    the same family through the document (一、 … 二、 … 三、, restarting at each 1): a sequence that
    opens a paragraph somewhere or spans paragraphs. An item whose predecessor stands earlier in the
    same paragraph belongs to a list inside it (…：一、…。二、…) and stays."""
    chains: dict[str, list[list[tuple[int, int]]]] = {}
    for pi, p in enumerate(paras):
        m = numbering.detect(p)
        found = []
        if m is not None and m.family in _HEADING_RANK and m.rest:
            found.append((0, m.family, m.index))
        inline: set[str] = set()  # families whose list runs inside this paragraph (…：一、…。二、…)
        for pos, _, fam, idx in numbering.find_inline_all(p):
            if fam not in _HEADING_RANK or pos == 0 or fam in inline:
                continue
            if p[pos - 1] not in _SENT_MARK or (
                    idx > 1 and _inline_before(p, numbering.enumerator(fam, idx - 1, idx - 1), pos)):
                inline.add(fam)
                continue
            found.append((pos, fam, idx))
        for pos, fam, idx in found:
            runs = chains.setdefault(fam, [])
            if idx == 1:
                runs.append([(pi, pos, idx)])
            elif runs and runs[-1][-1][2] == idx - 1:
                runs[-1].append((pi, pos, idx))
    out: dict[int, set[int]] = {}
    for runs in chains.values():
        for run in runs:
            if len(run) < 2 or not (any(pos == 0 for _, pos, _ in run) or len({pi for pi, _, _ in run}) > 1):
                continue
            for pi, pos, _ in run:
                if pos > 0:
                    out.setdefault(pi, set()).add(pos)
    return out
