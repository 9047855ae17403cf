"""Rule `title-repeat`: the title said again at the start of the body (a scrape that pasted it twice)."""
from __future__ import annotations

import re

from generator.lint.para import CJK, Hit, quote

ID = "title-repeat"
LEVEL = "warning"
SUMMARY = "正文开头重复了标题"
MIN_TITLE = 6  # 讲话, 通知: too short to tell a repeat from a word
LOOK = 3  # paragraphs after the title where a repeat is looked for


def _bare(s: str) -> str:
    return "".join(s.split())


def _after(text: str, title: str) -> str:
    """What follows the title at the start of `text` (spaces inside the title's span skipped)."""
    k = 0
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        k += 1
        if k == len(title):
            return text[i + 1:]
    return ""


def _sentence_goes_on(text: str, title: str) -> bool:
    """The paragraph uses the title's words as the start of its own sentence: a news lead restating its
    headline (县审计局召开督查反馈会，向14家单位…) or going on with a character (…反馈巡察情况的会议于…)."""
    rest = _after(text.lstrip(), title)
    return bool(rest) and (rest[0] in "，、" or bool(re.match(f"[{CJK}]", rest[0])))


def check(ctx) -> list[Hit]:
    title = _bare(ctx.meta.title or "")
    if len(title) < MIN_TITLE:
        return []
    seen_title = False
    looked = 0
    for pi, p in enumerate(ctx.paras):
        if p.role == "junk" or not p.text.strip():
            continue
        bare = _bare(p.text)
        if not seen_title:
            seen_title = bare == title or p.role == "title"
            continue
        if bare.startswith(title) and not _sentence_goes_on(p.text, title):
            ws = len(p.text) - len(p.text.lstrip(" \u3000"))
            return [Hit(ID, f"正文开头重复了标题“{quote(title)}”，请删除重复的一处", title, pi, ws)]
        looked += 1
        if looked >= LOOK:
            break
    return []
