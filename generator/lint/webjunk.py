"""Web leftovers pasted with a draft (junk lines) and hard line breaks inside a sentence (PDF copies):
how the input adapters split a text into paragraphs and mark the lines no other rule should read."""
from __future__ import annotations

import re

from generator.text import numbering
from generator.lint.analysis import detect as _detect

# lines a document-sharing site appends: paywall notices, contact lures, related-article lists
_JUNK_LINE = re.compile(
    r"预览阅读已结束|预览已结束|若您需要全文|需要全文或代笔|请点击.{0,20}(?:联系|下载|查看|阅读)|联系老师|联系客服"
    r"|👉|👈|扫码(?:关注|下载|阅读|联系)|长按识别|(?:免费|立即|点击)下载|下载(?:全文|完整版|本文档)"
    r"|付费阅读|开通会员|阅读原文|原文链接|版权归原作者|如有侵权|侵删|免责声明|本文档由|更多(?:精彩|范文|相关)")
_JUNK_HEAD = re.compile(
    r"^[ \u3000]*(?:推荐阅读|最新文章|相关文章|热门文章|猜你喜欢|相关推荐|延伸阅读|热门推荐|精选文章|相关阅读"
    r"|热门阅读|最新更新|相关范文|推荐文章|上一篇|下一篇|更多推荐)[ \u3000]*[:：]?(?:.{0,40})?$")
_LIST_DATE = re.compile(r"(?:\d{4}[-/.])?\d{1,2}[-/.]\d{1,2}[ \u3000]*$")
_SENTENCE_PUNCT = re.compile(r"[。！？；，,;!?]")
MAX_JUNK_LINE = 80  # a real paragraph that happens to mention 下载 is longer than a lure line


def _junk_item(text: str) -> bool:
    """A line of a related-articles list: a short title, often with a date, never a sentence."""
    t = text.strip()
    return bool(t) and len(t) <= 40 and (_LIST_DATE.search(t) is not None or not _SENTENCE_PUNCT.search(t))


def _shared_table():
    """generator.text.junk.match (the junk table the importer shares), or None while it is not there."""
    try:
        from generator.text import junk
    except ImportError:
        return None
    return getattr(junk, "match", None)


_SHARED = _shared_table()


# a WeChat article's header line: [原创] account  2024年5月22日 17:05  [province]
_WECHAT_HEAD = re.compile(
    r"^(?:原创[ \u3000]+)?[^ \u3000。，！？,!?]{1,20}[ \u3000]+(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2})"
    r"[ \u3000]+\d{1,2}:\d{2}(?:[ \u3000]+[\u4e00-\u9fff]{2,6})?[ \u3000]*$")

# Patterns of the shared table that body text can match too: a sentence giving a contact e-mail
# (…电子邮箱qsxc@163.com。), an app's download count (APP下载量突破21万次，…。) or when something is published
# (发布时间：每季度末前10天，由…发布。), a numbered heading (（三）建立“交办→整改→销号”闭环机制), a flow of
# arrows after a run-in enumerator, the 公文's contact note (联系人：…，联系电话：…).
_PROSE_PRONE = frozenset({"meta.views", "meta.published", "footer", "watermark.url", "breadcrumb.arrows"})
_SITE_FOOTER = re.compile(r"版权所有|Copyright|©|ICP备|公网安备|网站标识码|网站地图")
_CONTACT_NOTE = re.compile(r"^[（(]?联系人[ \u3000]*[:：]")
_SENTENCE_END = ("。", "！", "？", ".", "!", "?")  # half-width too: a draft typed with an English keyboard


def _body_line(s: str, pid: str) -> bool:
    """A line the shared table took for `pid` junk that reads as the document's own text."""
    if pid not in _PROSE_PRONE or _SITE_FOOTER.search(s):
        return False
    if _CONTACT_NOTE.match(s):
        return True
    m = _detect(s)
    if m is not None and (m.family in numbering.HEADING_FAMILIES or pid == "breadcrumb.arrows"):
        return True  # a numbered heading of the document (（三）发布时间：每月5日前); 一是…→二是…
    if pid == "breadcrumb.arrows" and ("“" in s or "《" in s):
        return True  # a breadcrumb never quotes; “交办→整改→验收” names a flow, 《关于印发<方案>的通知》 a title
    return s.endswith(_SENTENCE_END) and any(c in s for c in "，；,;")  # a sentence with clauses


def junk_reason(text: str) -> str | None:
    """Why a single line is web junk (the shared table, less the body lines it would take, plus a
    WeChat article header), or None (only the WeChat header without the table)."""
    s = text.strip()
    if not s:
        return None
    if _WECHAT_HEAD.match(s):
        return "公众号文章信息"
    if _SHARED is None:
        return None
    m = _SHARED(s)
    if m is not None and not getattr(m, "whole", True):
        return None  # a marker inside real text (a word-count note after a title): the line is not junk
    if m is not None and _body_line(s, getattr(m, "id", "")):
        return None
    return None if m is None else (getattr(m, "reason", None) or getattr(m, "id", None) or "网页残留")


def junk_flags(texts: list[str]) -> list[bool]:
    """Which of these paragraphs are web leftovers; a list header marks the list lines after it too."""
    flags = [False] * len(texts)
    for i, t in enumerate(texts):
        if junk_reason(t) is not None:
            flags[i] = True
    in_list = False
    for i, t in enumerate(texts):
        s = t.strip()
        if not s:
            continue  # blank lines neither start nor end a list
        if _JUNK_HEAD.match(s) and len(s) <= 50:
            flags[i] = in_list = True
        elif in_list and _junk_item(s):
            flags[i] = True
        elif len(s) <= MAX_JUNK_LINE and _JUNK_LINE.search(s):
            flags[i] = True
            in_list = False
        else:
            in_list = False
    return flags


# the last character of a line that cannot end a sentence: the next line continues it
_OPEN_END = tuple("，,、（(“‘《【——")
_PARTICLE_END = set("的地得之和与及或并是在对把被将为向从于以而但了着们个等其各")
_TITLE_END = re.compile(r"(?:讲话|发言|致辞|报告|通报|情况|方案|通知|意见|决定|纪要|总结|规定|办法|提纲|讲稿)[ \u3000]*$")
_SUBTITLE = re.compile(r"^[ \u3000]*——[^。！？]*$")
_NAME_LINE = re.compile(r"^[^，。；：！？,.;:!?]{1,24}\u3000+[^，。；：！？,.;:!?\u3000]{1,6}$")  # office　name
_CONT_START = tuple("，。、；：）》”’,.;:)")
_SALUTATION = re.compile(r"^.{1,30}[：:][ \u3000]*$")


# 公文 lines that end without punctuation by design: 附件说明, the 发文字号 with 签发人, 抄送, 印发, 附注
_GONGWEN_LINE = re.compile(r"^(?:附件\s*\d*[：:.．]|抄送[：:]|（联系人)|〔\d{4}〕\d+号[ \u3000]+签发人[：:]|印发$")


def joins(prev: str, nxt: str, first: bool) -> bool:
    """Does `nxt` continue the sentence `prev` broke off (a PDF copy's hard line break)?"""
    a, b = prev.rstrip(" \u3000"), nxt.strip(" \u3000")
    if not a or not b or b.startswith("【"):
        return False
    if _GONGWEN_LINE.search(a.strip(" \u3000")) or _GONGWEN_LINE.search(b):
        return False
    if b.startswith(_CONT_START):
        return True
    if a.endswith(_OPEN_END):
        return _detect(b) is None or a.endswith(("“", "‘", "《", "（", "("))
    last = a[-1]
    if not ("\u4e00" <= last <= "\u9fff"):
        return False
    if first or _TITLE_END.search(a) or _SUBTITLE.match(a) or _NAME_LINE.match(b):
        return False  # a title; a subtitle (——在…会议上); a speaker line after it (县审计局局长　方卫国)
    m = _detect(a.lstrip(" \u3000"))
    if m is not None and (m.family in numbering.HEADING_FAMILIES or "。" not in a):
        return False  # a heading, or a run-in lead standing on its own line
    if _detect(b) is not None or _SALUTATION.match(b):
        return False
    return last in _PARTICLE_END or len(a) >= 20

