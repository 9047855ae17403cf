"""Rule `title-repeat`: the title said again at the start of the body (a scrape that pasted it twice)."""
from __future__ import annotations

from generator.lint.para import Hit, quote

ID = "title-repeat"
LEVEL = "warning"
SUMMARY = "正文开头重复了标题"
MIN_TITLE = 6  # 讲话, 通知: too short to tell a repeat from a word
LOOK = 3  # paragraphs after the title where a repeat is looked for


def _bare(s: str) -> str:
    return "".join(s.split())


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
        if bare.startswith(title):
            ws = len(p.text) - len(p.text.lstrip(" \u3000"))
            return [Hit(ID, f"正文开头重复了标题“{quote(title)}”，请删除重复的一处", title, pi, ws)]
        looked += 1
        if looked >= LOOK:
            break
    return []
