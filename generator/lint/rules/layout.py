"""Rules `junk` (web leftovers pasted with the draft) and `broken-line` (hard line breaks inside a sentence)."""
from __future__ import annotations

import re

from generator.text import numbering
from generator.lint.rules.base import Hit, Para
from generator.lint.rules.structure import detect as _detect

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


def junk_flags(texts: list[str]) -> list[bool]:
    """Which of these paragraphs are web leftovers; a list header marks the list lines after it too."""
    flags = [False] * len(texts)
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
_CONT_START = tuple("，。、；：）》”’,.;:)")
_SALUTATION = re.compile(r"^.{1,30}[：:][ \u3000]*$")


def _joins(prev: str, nxt: str, first: bool) -> bool:
    """Does `nxt` continue the sentence `prev` broke off (a PDF copy's hard line break)?"""
    a, b = prev.rstrip(" \u3000"), nxt.strip(" \u3000")
    if not a or not b or b.startswith("【"):
        return False
    if b.startswith(_CONT_START):
        return True
    if a.endswith(_OPEN_END):
        return _detect(b) is None or a.endswith(("“", "‘", "《", "（", "("))
    last = a[-1]
    if not ("\u4e00" <= last <= "\u9fff"):
        return False
    if first or _TITLE_END.search(a):
        return False  # a title
    m = _detect(a.lstrip(" \u3000"))
    if m is not None and (m.family in numbering.HEADING_FAMILIES or "。" not in a):
        return False  # a heading, or a run-in lead standing on its own line
    if _detect(b) is not None or _SALUTATION.match(b):
        return False
    return last in _PARTICLE_END or len(a) >= 20


def text_paragraphs(text: str) -> list[tuple[int, str]]:
    """(line, text) paragraphs of a plain-text draft; a hard-wrapped sentence becomes one paragraph
    whose physical lines are separated by "\\n" (check_paragraphs maps findings back to each line)."""
    lines = text.split("\n")
    flags = junk_flags(lines)
    out: list[tuple[int, str]] = []
    joinable = False  # the previous line was body text with no blank line after it
    for i, raw in enumerate(lines):
        if not raw.strip() or flags[i]:
            if raw.strip():
                out.append((i + 1, raw))
            joinable = False
            continue
        title = len(out) == 1 and "\n" not in out[0][1]  # the first line of a draft is its title
        if joinable and _joins(out[-1][1].rsplit("\n", 1)[-1], raw, title):
            out[-1] = (out[-1][0], out[-1][1] + "\n" + raw)
        else:
            out.append((i + 1, raw))
        joinable = True
    return out


def junk_hits(paras: list[Para]) -> list[Hit]:
    return [Hit("junk", f"疑似网页残留内容“{p.text.strip()[:20]}”，请删除", p.text.strip(), pi,
                len(p.text) - len(p.text.lstrip()))
            for pi, p in enumerate(paras) if p.role == "junk"]


def broken_hits(paras: list[Para]) -> list[Hit]:
    hits = []
    for pi, p in enumerate(paras):
        for off, line, raw in p.segs[:-1]:
            tail = raw.rstrip(" \u3000")
            if not tail:
                continue
            hits.append(Hit("broken-line", "句子在行尾断开（疑似从 PDF 复制带来的硬换行），已与下一行合并检查；"
                                           "请删除多余的换行", tail[-1], pi, off + len(tail) - 1))
    return hits
