"""Web leftovers pasted with a draft (junk lines) and hard line breaks inside a sentence (PDF copies):
how the input adapters split a text into paragraphs and mark the lines no other rule should read."""
from __future__ import annotations

import re

from generator.text import junk as _junk
from generator.text import numbering
from generator.lint.analysis import detect as _detect

_LIST_DATE = re.compile(r"(?:\d{4}[-/.])?\d{1,2}[-/.]\d{1,2}[ \u3000]*$")
_SENTENCE_PUNCT = re.compile(r"[。！？；，,;!?]")


def _junk_item(text: str) -> bool:
    """A line of a related-articles list: a short title, often with a date, never a sentence."""
    t = text.strip()
    return bool(t) and len(t) <= 40 and (_LIST_DATE.search(t) is not None or not _SENTENCE_PUNCT.search(t))


def junk_reason(text: str) -> str | None:
    """Why a single line is web junk by the table the importer shares (generator.text.junk), or None;
    a marker inside real text (a word-count note after a title) does not make the line junk."""
    s = text.strip()
    if not s:
        return None
    m = _junk.match(s)
    return m.reason if m is not None and m.whole else None


def junk_flags(texts: list[str]) -> list[bool]:
    """Which of these paragraphs are web leftovers; a list header marks the list lines after it too."""
    flags = [False] * len(texts)
    for i, t in enumerate(texts):
        if junk_reason(t) is not None:
            flags[i] = True
    for i in _junk.running_lines(texts):
        flags[i] = True  # a PDF's running header or footer
    in_list = False
    for i, t in enumerate(texts):
        s = t.strip()
        if not s:
            continue  # blank lines neither start nor end a list
        if _junk.is_block_head(s):
            flags[i] = in_list = True
        elif in_list and _junk_item(s):
            flags[i] = True
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
    m = _junk.match(a)
    if m is not None and not m.whole and m.end >= len(a):
        return False  # the sentence ended before the junk glued after it (…见底清零。本文来源于网络，…)
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

