"""One table of web junk: what pages, document-sharing sites and converters leave in copied text.

Shared by `gaozi import` (which removes it before lines are rejoined, so junk is never glued into text)
and `gaozi check` (which reports it). Each pattern has an id and a Chinese reason shown by
`gaozi import --verbose`.

    match(line) -> Hit | None     one line: whole-line junk, or the first junk marker inside it
    scan(lines) -> [(i, Hit)]     many lines: also blocks of recommended articles and a bare date under a
                                  site header, which only the neighbouring lines reveal

A Hit with `whole=True` means the whole line is junk; otherwise `start:end` is a marker inside the line
(a hidden-text note, a word-count note after a title, a 第一篇： prefix, a URL), widened to the marker's
own punctuation so that a partly recognised marker is removed whole.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from generator.text import numbering

__all__ = ["Hit", "Pattern", "PATTERNS", "MARKERS", "match", "markers", "scan", "simplify", "is_block_head"]

# Matching runs on a simplified copy of each line so that traditional-character pages are recognised too;
# the map is one character to one character, so positions found in the copy hold in the original.
_T2S = str.maketrans(
    "講話會議報關於們謝來發佈瀏覽數薦閱讀關編輯頁點擊載與為這說著際區縣鄉鎮嚴責務開對後們當現從無題問達體黨國"
    "標動實導組織紀監總結錄稱傳轉寫電網圖隱藏聯繫師掃碼權聲明歡參考範韓頂閉窗級類熱門相關進訂單號見聞個處書長員廳幹記經場",
    "讲话会议报关于们谢来发布浏览数荐阅读关编辑页点击载与为这说着际区县乡镇严责务开对后们当现从无题问达体党国"
    "标动实导组织纪监总结录称传转写电网图隐藏联系师扫码权声明欢参考范韩顶闭窗级类热门相关进订单号见闻个处书长员厅干记经场",
)


_TRAD = re.compile("[" + "".join(sorted(chr(c) for c in _T2S)) + "]")


def simplify(s: str) -> str:
    """A simplified-character copy of `s`, same length (used for matching only)."""
    # str.translate looks every character up in a dict: search first, which is far faster on simplified text
    return s.translate(_T2S) if _TRAD.search(s) else s


@dataclass(frozen=True)
class Pattern:
    id: str
    reason: str  # Chinese, shown to the user
    rx: re.Pattern[str]
    limit: int  # longest line it may remove whole


@dataclass(frozen=True)
class Hit:
    id: str
    reason: str
    start: int
    end: int
    text: str  # the removed text
    whole: bool  # the whole line is junk


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SEP = r"(?:>|＞|›|»|→)"

# A site's own footer words: junk whatever the line's shape (a sentence with clauses too)
_SITE_OWN = (r"版权所有|Copyright|©|ICP备|公网安备|网站标识码|网站地图|^版权声明|如有侵权|侵删|(来源|来自|转载)于?(互联网|网络)|"
             r"转载请注明|仅代表作者")

# Whole-line junk: (id, pattern on the simplified copy, reason, longest line it may remove).
_LINE = [
    ("breadcrumb.position", r"^(您|你)?(当前|现在)?(所在)?(的)?位置\s*[:：]", "面包屑导航", 200),
    ("breadcrumb.home", r"^(网站)?首页\s*(>|＞|›|»|→|/|-+>)", "面包屑导航", 200),
    ("breadcrumb.arrows", rf"^[^。！？，,；;]{{1,30}}(\s*{_SEP}\s*[^。！？>＞›»→；;]{{1,40}})+\s*{_SEP}?\s*$", "面包屑导航", 160),
    ("meta.published", r"(发布|发表|更新|上传|录入|发稿|成文)(时间|日期|者)\s*[:：]", "发布信息", 160),
    ("meta.views", r"(浏览|阅读|点击|访问|下载)(次数|量|数|人数)\s*([:：]|\d)", "发布信息", 160),
    ("meta.source", r"^(信息|文章|稿件|新闻)?来源\s*[:：]", "发布信息", 160),
    ("meta.byline", r"^(作者|编辑|责任编辑|责编|审核|审校|校对|供稿|撰稿|摄影|通讯员|记者|编审|终审|初审|上传者|分享者|贡献者)\s*[:：]",
     "发布信息", 80),
    ("meta.editor", r"^[（(【\[]\s*(责任编辑|编辑|责编|审核|作者|编审|校对)\s*[:：].{0,30}[)）】\]]$", "发布信息", 60),
    ("meta.time", r"^(时间|日期|发布|更新)\s*[:：]?\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
     r"(\s*\d{1,2}\s*[:：]\s*\d{2}(\s*[:：]\s*\d{2})?)?\s*$", "发布时间", 40),
    ("meta.timestamp", r"^\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}\s+\d{1,2}\s*[:：]\s*\d{2}(\s*[:：]\s*\d{2})?$", "发布时间", 30),
    ("meta.uploader", rf"^(用户|网友|会员|作者)?[{_CJK}A-Za-z0-9_]{{1,12}}(?<!经验)(?<!成果)(?<!资源)(?<!信息)(?<!典型)(?<!做法)"
     r"(分享|上传|贡献|发布于)$", "上传者信息", 20),
    # 用户28813分享于2023-05-06, 由 xiaoli 上传, 本文由网友投稿
    ("meta.uploader", r"^((用户|网友|会员)[A-Za-z0-9_\u4e00-\u9fff]{1,16}|由\s*[A-Za-z0-9_\u4e00-\u9fff]{1,16}\s*|本文由[^。！？，,]{1,12})"
     r"(分享|上传|投稿|贡献|发布|整理)(于\s*[0-9\-/.:：\s]{6,20})?$", "上传者信息", 40),
    ("toolbar.links", r"((字号|字体)\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中|打印本页|关闭窗口|返回顶部|回到顶部|扫一扫在手机|在手机上打开|分享到\s*([:：]|$)|【打印】|【关闭】|【打印本页】|"
     r"【关闭窗口】|收藏本页|加入收藏|设为首页|我要纠错|【纠错】|\[打印\]|\[关闭\])", "网页按钮", 80),
    ("toolbar.buttons", r"【\s*(收藏|打印|关闭|评论|推荐|纠错|分享|复制|举报)\s*】|【\s*】|佚名|阅读\s*\d*\s*次",
     "网页工具栏", 120),
    ("footer", rf"({_SITE_OWN}|技术支持\s*[:：]|主办单位\s*[:：]|承办单位\s*[:：]|联系电话\s*[:：]|^联系我们|^免责声明|"
     r"^声明\s*[:：]|侵权(请)?(联系|告知))", "网页页脚", 160),
    ("prevnext", r"^(上一篇|下一篇|上一条|下一条|上篇|下篇)\s*[:：]?", "上下篇链接", 120),
    ("paywall", r"(预览阅读已结束|预览已结束|试读已结束|试读结束|阅读已结束|(若|如)(您|你)?需要?(全文|完整|代笔|下载)|剩余\s*\d+\s*(字|页)|"
     r"(下载|获取|查看|阅读|浏览)(本文|本篇|该文|文档)?(全文|完整版|完整文档|完整内容|全部内容|剩余内容|剩余部分)|开通(会员|VIP)|付费(阅读|下载|查看)|"
     r"展开全文|阅读全文|(充值|购买)(会员|下载|后)|登录后(查看|下载|阅读)|VIP(会员|专享|免费))", "付费墙提示", 120),
    ("paywall.contact", r"联系(老师|客服|小编|作者|我们获取)", "付费墙提示", 80),
    ("promo.wechat", r"(关注|搜索)(微信)?(公众号|微信号|服务号)|扫(码|描二维码|一扫)(关注|添加|获取|下载|领取)|长按(识别)?二维码",
     "公众号推广", 120),
    ("promo.editable", r"下载后可(任意)?(编辑|修改)|(可|能)(任意)?编辑(修改)?的?(word|Word|WORD|文档)|(word|Word|WORD)(版|文档)?(可编辑|下载)|"
     r"本文档(可|已)|文档(可|能)(直接)?(编辑|修改)", "可编辑提示", 100),
    ("promo.site", r"小编|范文网|范文大全|本站(整理|收集|推荐)|仅供(大家)?(学习)?(参考|借鉴)|欢迎(阅读|借鉴|参考|下载)|"
     r"希望(对|能)(你|您|大家)有(所)?帮助|以下是.{0,40}(范文|范例|模板|全文|整理)", "网站导语", 160),
    ("wordcount", r"^[【\[（(]?\s*(全文|本文|文章|此文)?(共计|总计|合计|共|约|计)\s*[0-9０-９,，]+\s*字.{0,20}[】\]）)]?$", "字数说明", 40),
    ("toolbar.download", r"^(立即|免费|点击|全文|文档)?下载(文档|本文|全文|word|Word|WORD|PDF|pdf)?$|^在线(阅读|预览)$|"
     r"下载(文档)?到(电脑|手机)|(保存|发送)到(电脑|手机)", "网页按钮", 40),
    ("watermark.url", r"(https?://|www\.|[A-Za-z0-9-]+\.(com|cn|net|org)(/|\b))", "网址水印", 80),
    ("site.header", r"^[^。！？，,]{1,20}([|｜丨][^。！？|｜丨]{0,20}){2,}[|｜丨]?$", "网站栏目", 120),
    ("page.of", r"^第\s*[0-9０-９一二三四五六七八九十]+\s*页\s*[,，/／、]?\s*(共\s*[0-9０-９一二三四五六七八九十]+\s*页)?$", "页码", 30),
    ("page.total", r"^共\s*[0-9０-９]+\s*页", "页码", 30),
    ("page.total", r"^本(文档|文|篇)共\s*[0-9０-９]+\s*页|当前(为|是)?第\s*[0-9０-９]+\s*页", "页码", 30),
    ("page.number", r"^[-—－–_\s]*[0-9０-９]{1,3}[-—－–_\s]*$", "页码", 12),
    ("page.fraction", r"^[0-9０-９]{1,3}\s*[/／]\s*[0-9０-９]{1,3}$", "页码", 12),
    ("page.mark", r"^[0-9０-９]{1,3}\s*[、.．]$", "分页标记", 6),
    # (one digit a step: with [0-9]+ inside the starred group a run of digits took exponential time)
    ("page.nav", r"^(上一页|下一页|首页|尾页|末页|[0-9]|\s|…|\.)*(上一页|下一页)(上一页|下一页|首页|尾页|末页|[0-9]|\s|…|\.)*$",
     "分页导航", 80),
    ("rule", r"^[-=*_~—·•#＝＊－─━]{3,}$", "分隔线", 200),
    ("site.part", r"^(篇|范文|例文)[一二三四五六七八九十0-9]{1,3}\s*[:：]?\s*$", "网站导语", 12),
    ("site.part", r"^第[一二三四五六七八九十0-9]{1,3}篇\s*[:：]?\s*$", "网站导语", 12),
    # a WeChat article's header line: [原创] account  2024年5月22日 17:05  [province]
    ("meta.wechat", r"^(原创[ \u3000]+)?[^ \u3000。，！？,!?]{1,20}[ \u3000]+(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2})"
     r"[ \u3000]+\d{1,2}:\d{2}([ \u3000]+[\u4e00-\u9fff]{2,6})?[ \u3000]*$", "公众号文章信息", 60),
    ("promo.lure", r"👉|👈|请点击.{0,20}(联系|下载|查看|阅读)|阅读原文|原文链接|版权归原作者|本文档由|更多(精彩|范文|相关)",
     "网站导语", 80),
]
PATTERNS: list[Pattern] = [Pattern(i, r, re.compile(p), n) for i, p, r, n in _LINE]
_MAX = max(p.limit for p in PATTERNS)
_PAGE_PATTERNS = [p for p in PATTERNS if p.id.startswith("page.")]
_PAGE_ANY = re.compile("|".join(f"(?:{p.rx.pattern})" for p in _PAGE_PATTERNS))
# one alternation of them all: most lines are text, and one search tells so (the table is tried only on a hit)
_ANY = re.compile("|".join(f"(?:{p.rx.pattern})" for p in PATTERNS))

# CSS left by converted pages: @page { size: … }, p.cjk { font-family: … }, or a bare declaration list
_CSS = re.compile(r"^\s*@[a-z-]+[^{}]*\{[^{}]*\{[^{}]*\}[^{}]*\}?\s*$|^\s*(@[a-z-]+|[A-Za-z*.#:][\w.#:\-\s,>*]*)?\s*\{[^{}]*\}?\s*$|"
                  r"^\s*\}?\s*([a-z-]+\s*:\s*[^;:{}]+;\s*)+[a-z-]*\s*(:\s*[^;:{}]*)?\}?\s*$|^\s*\}\s*$")

# Markers inside a line: (id, pattern on the simplified copy, reason). Each is removed whole, with the
# dashes, dots and brackets around it.
_EDGE = r"[-—－–.…·_=*~\s]*"
_MARK = [
    ("hidden", _EDGE + r"[【\[（(]?\s*(此处|以下|中间|本段|部分内容)?(已)?隐藏\s*[:：]?\s*\d+\s*字"
     r"([，,。\s]*[^-—－–.…·_=*\s。，,]{0,5}?(请|需)?(下载|登录|付费|开通会员|购买|充值|点击|查看)[^-—－–.…·_=*\s。]{0,10})?\s*[】\]）)]?"
     + _EDGE, "隐藏字数提示"),
    ("wordcount.note", r"[（(【\[]\s*(全文|本文|文章|此文)?(共|约|计)?\s*[0-9０-９,，]{2,7}\s*字\s*([，,][^（）()【】\[\]]{0,16})?[）)】\]]",
     "字数说明"),
    ("part.prefix", r"^\s*(第\s*[一二三四五六七八九十0-9]{1,3}\s*篇|篇\s*[一二三四五六七八九十0-9]{1,3}|范文\s*[一二三四五六七八九十0-9]{1,3})\s*[:：]\s*",
     "网站导语"),
]
MARKERS: list[Pattern] = [Pattern(i, r, re.compile(p), 0) for i, p, r in _MARK]
_PAYWALL_TAIL = re.compile(
    r"(?<=[。！？!?”])[-—－–.…·_=*~\s]*(预览阅读已结束|预览已结束|试读已结束|试读结束|阅读已结束|(若|如)(您|你)?需要?(全文|完整|下载)|"
    r"(下载|查看|阅读)(全文|完整版|完整文档|完整内容|全部内容|剩余内容)|开通(会员|VIP)|付费(阅读|下载))[^。]{0,40}[。！!]?\s*$")


_MARKER_WORDS = re.compile("字|篇|范文|结束|全文|完整|会员|VIP|付费")


def _css(s: str) -> bool:
    if "{" not in s and "}" not in s and ";" not in s:
        return False
    cjk = sum(1 for ch in s if "\u4e00" <= ch <= "\u9fff")
    return cjk <= 8 and cjk * 4 < len(s) and _CSS.match(s) is not None


def match(line: str) -> Hit | None:
    """The junk in one line: the whole line (whole=True) or the first marker inside it; None for text."""
    s = line.strip()
    if not s:
        return None
    simp = simplify(line)
    lead = len(line) - len(line.lstrip())
    found = markers(line)
    if found and not found[0].whole and found[0].id in ("paywall", "tail"):
        return found[0]  # a notice glued after the last sentence: only the notice is junk
    body = simp[lead:lead + len(s)]
    if len(s) <= _MAX and (_ANY.search(body) or _css(s)):
        if _css(s):
            return Hit("css", "网页样式代码", 0, len(line), line, True)
        for p in PATTERNS:
            if len(s) <= p.limit and p.rx.search(body) and not _body_line(body, p.id):
                return Hit(p.id, p.reason, 0, len(line), line, True)
    return found[0] if found else None


# Patterns body text can match too: a sentence giving a contact e-mail (…电子邮箱qsxc@163.com。), an app's
# download count (APP下载量突破21万次，…。) or when something is published (发布时间：每季度末前10天，由…发布。),
# a numbered heading (（三）建立“交办→整改→销号”闭环机制), a flow of arrows after a run-in enumerator, the
# 公文's contact note (联系人：…，联系电话：…). A site's own footer stays junk whatever its shape.
_PROSE_PRONE = frozenset({"meta.views", "meta.published", "footer", "watermark.url", "breadcrumb.arrows"})
_SITE_FOOTER = re.compile(_SITE_OWN)
_CONTACT_NOTE = re.compile(r"^[（(]?联系人[ \u3000]*[:：]")
_SENTENCE_END = ("。", "！", "？", ".", "!", "?")  # half-width too: a draft typed with an English keyboard


def _body_line(s: str, pid: str) -> bool:
    """A line pattern `pid` matches that reads as the document's own text."""
    if pid not in _PROSE_PRONE or _SITE_FOOTER.search(s):
        return False
    if _CONTACT_NOTE.match(s):
        return True
    m = numbering.detect(s)
    if m is not None and (m.family in numbering.HEADING_FAMILIES or pid == "breadcrumb.arrows"):
        return True  # a numbered heading of the document (（三）发布时间：每月5日前); 一是…→二是…
    if pid == "breadcrumb.arrows" and ("“" in s or "《" in s):
        return True  # a breadcrumb never quotes; “交办→整改→验收” names a flow, 《关于印发<方案>的通知》 a title
    return s.endswith(_SENTENCE_END) and any(c in s for c in "，；,;")  # a sentence with clauses


_SENT_END = re.compile("[。！？!?]")
_FINAL_PUNCT = tuple("。！？；!?;")


def _tail(line: str, simp: str) -> Hit | None:
    """Junk glued after the last sentence of real text on the same line (…见底清零。本文来源于网络，如有侵权
    请联系删除 / 谢谢大家！更多范文请关注公众号…): the table's first pattern starts after a sentence end, the
    text before it is clean, and what follows that sentence end is junk as a line of its own."""
    # the notice is at most _MAX characters: only sentence ends that far from the line's end are tried,
    # left to right, and the table is read on the tail alone (never on a whole long line)
    end = len(simp.rstrip())
    last = simp[:end].rstrip("”’）)》」』")
    if not last or last[-1] in _TAIL_OK:
        return None  # a line ending a sentence ends with the writer's text (a notice that ends in 。 is
        #               the paywall marker's, _PAYWALL_TAIL)
    ends = [m.end() for m in _SENT_END.finditer(simp, max(0, end - _MAX - 1), end)]
    if not ends:
        return None
    q = ends[-1]
    tail = simp[q:end].lstrip()
    if not tail or not _CJK_RX.search(simp, 0, q):
        return None
    first = _ANY.search(tail)
    if first is None or first.start() > 8:
        return None  # the junk must open the tail: what comes before it is the writer's text
    for p in PATTERNS:
        if len(tail) <= p.limit and p.rx.search(tail) and not _body_line(tail, p.id):
            start = end - len(tail)
            # a notice of two sentences (预览已结束。如需完整版请下载): its first sentence goes with it
            for q0 in reversed(ends[-3:-1]):
                prev = simp[q0:start].strip()
                h = match(prev) if prev else None
                if h is None or not h.whole:
                    break
                start = end - len(simp[q0:end].lstrip())
            return Hit("tail", p.reason, start, end, line[start:end], False)
    return None


_TAIL_OK = set(_FINAL_PUNCT) | set("：:…")  # a line ending in these ends with the writer's text


def markers(line: str) -> list[Hit]:
    """Every junk marker inside a line, left to right, not overlapping (a marker covering the whole line
    comes back with whole=True), and junk glued after the line's last sentence."""
    simp = simplify(line)
    hits: list[Hit] = []
    t = _tail(line, simp)
    if t is not None:
        hits.append(t)
    if not _MARKER_WORDS.search(simp):
        return hits
    for p in MARKERS:
        for m in p.rx.finditer(simp):
            if m.end() > m.start():
                hits.append(_hit(p.id, p.reason, line, m.start(), m.end()))
    m = _PAYWALL_TAIL.search(simp)
    if m:
        hits.append(_hit("paywall", "付费墙提示", line, m.start(), m.end()))
    hits.sort(key=lambda h: (h.start, -h.end))
    out: list[Hit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            continue
        out.append(h)
    return out


def _hit(pid: str, reason: str, line: str, start: int, end: int) -> Hit:
    whole = not line[:start].strip() and not line[end:].strip()
    return Hit(pid, reason, start, end, line[start:end], whole)


_BLOCK_HEAD = re.compile(
    r"^[【\[]?(推荐阅读|最新文章|相关文章|相关阅读|热门文章|热门推荐|相关推荐|猜你喜欢|延伸阅读|精彩推荐|精彩阅读|"
    r"更多(文章|推荐|阅读|精彩)|相关(范文|文档|资料|链接|新闻|信息)|热门阅读|热点(文章|新闻)|你可能(还)?(感兴趣|喜欢)|"
    r"为你推荐|为您推荐|大家都在看|看了.{0,6}的人还看了|最新更新|最近更新|本文标签|标签|精选文章|推荐文章|更多推荐)[】\]]?\s*[:：]?\s*$")
_ISO_DATE = re.compile(r"^\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}$")


def is_block_head(line: str) -> bool:
    """Does this line open a block of links to other articles (推荐阅读, 相关文章…)?"""
    return _BLOCK_HEAD.match(simplify(line.strip())) is not None




def running_lines(lines: Sequence[str]) -> set[int]:
    """Indices of a PDF's running headers and footers: a short line without final punctuation that
    recurs on every page (three times or more, or twice next to a page number), such as the issuing
    office or the title at the top of each page. A first copy among the first three lines is the
    document's own title and is not included."""
    seen: dict[str, list[int]] = {}
    order: list[int] = []
    for i, line in enumerate(lines):
        s = line.strip()
        if s:
            order.append(i)
            if len(s) <= 40 and not s.endswith(_FINAL_PUNCT) and _CJK_RX.search(s) and numbering.detect(s) is None:
                seen.setdefault(s, []).append(i)
    pos = {i: k for k, i in enumerate(order)}
    if not any(len(v) >= 2 for v in seen.values()) and not any(_is_page_number(lines[i]) for i in order):
        return set()
    # a wrapped piece of a sentence said twice fills the line; a header or footer is shorter
    widths = Counter(len(lines[i].strip()) for i in order if len(lines[i].strip()) >= 10)
    full = widths.most_common(1)[0][0] if widths else 0

    def by_page_number(i: int) -> bool:
        k = pos[i]
        return any(_is_page_number(lines[order[j]]) for j in (k - 1, k + 1) if 0 <= j < len(order))

    out: set[int] = set()
    for s, where in seen.items():
        paged = [by_page_number(i) for i in where]
        gaps = [pos[b] - pos[a] for a, b in zip(where, where[1:])]
        # next to a page number each time, or at the same place of pages of the same length (a wrapped
        # sentence said again recurs at random places and close together)
        if full and len(s) >= full - 2:
            continue
        if len(where) == 1:
            # once, on the one page break: a short line by the page number while a sentence runs across
            # the break (…有的整改措 / — 1 — / 某某镇人民政府 / 施针对性不强…)
            k = pos[where[0]]
            after_number = k > 0 and _is_page_number(lines[order[k - 1]])
            if len(s) <= 20 and after_number and _HEADER_END.search(s) and _across_break(lines, order, k):
                out.add(where[0])
            continue
        if all(paged) or (len(where) >= 3 and min(gaps) >= 12 and max(gaps) <= 2 * min(gaps)):
            out.update(where[1:] if pos[where[0]] < 3 and not paged[0] else where)
    return out


_CJK_RX = re.compile(f"[{_CJK}]")
# what a page's header names: the issuing office or the document (a wrapped tail such as 工程 is neither)
_HEADER_END = re.compile(r"(办公室|人民政府|政府|委员会|党委|党组|党工委|领导小组|局|委|办|厅|院|中心|文件|报告|讲话|通知|意见|方案|通报)$")


def _is_page_number(line: str) -> bool:
    """A line that is only a page number or page mark (— 3 —, 第2页 共6页), by the table's page patterns."""
    s = line.strip()
    if not s or len(s) > 30 or not _PAGE_ANY.search(s):
        return False
    return any(len(s) <= p.limit and p.rx.search(s) for p in _PAGE_PATTERNS)


def _across_break(lines: Sequence[str], order: list[int], k: int) -> bool:
    """Does a sentence run across the page break that the line at order[k] stands in (the text line
    before the page-number/header pair ends without a sentence mark)?"""
    j = k - 1
    while j >= 0 and _is_page_number(lines[order[j]]):
        j -= 1
    if j < 0:
        return False
    before = lines[order[j]].strip()
    return bool(before) and not before.endswith(_FINAL_PUNCT + ("：", ":", "”"))


def scan(lines: Sequence[str]) -> list[tuple[int, Hit]]:
    """Junk in a run of lines: (0-based index, Hit) in order. Besides match(): the short lines after a
    推荐阅读-style header, and a bare ISO date right under a junk line (the site's header)."""
    out: list[tuple[int, Hit]] = []
    in_block = False
    prev_junk = False
    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        if is_block_head(s):
            out.append((i, Hit("related", "推荐文章列表", 0, len(line), line, True)))
            in_block, prev_junk = True, True
            continue
        if in_block and len(s) <= 60 and not re.search("[。！？!?]", s):
            out.append((i, Hit("related", "推荐文章列表", 0, len(line), line, True)))
            continue
        in_block = False
        if prev_junk and _ISO_DATE.match(s):
            out.append((i, Hit("meta.date", "发布时间", 0, len(line), line, True)))
            continue
        hit = match(line)
        if hit is not None:
            out.append((i, hit))
            for h in markers(line)[1:] if not hit.whole else []:
                out.append((i, h))
        prev_junk = hit is not None and hit.whole
    return out
