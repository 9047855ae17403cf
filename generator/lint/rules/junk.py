"""Rule `junk`: web leftovers pasted with the draft (paywall notices, contact lures, related-article lists).

The input adapters mark these lines (role "junk") so that no other rule reads them."""
from __future__ import annotations

from generator.lint.para import Hit
from generator.lint.webjunk import junk_reason
from generator.text.junk import markers, running_lines

# roles whose text is the writer's own (None: a plain draft's paragraph)
_TEXT_ROLES = (None, "body", "title", "heading1", "heading2", "heading3", "heading4", "closing", "salutation")

ID = "junk"
LEVEL = "warning"
SUMMARY = "网页残留内容（预览已结束、请点击联系、推荐阅读列表）"


def check(ctx) -> list[Hit]:
    out = []
    running = running_lines([p.text for p in ctx.paras])  # a line recurring at the top or foot of each page
    for pi, p in enumerate(ctx.paras):
        if p.role != "junk":
            if p.role in _TEXT_ROLES:
                # junk inside a line of text: a hidden-text marker, a word-count note, a notice glued after
                # the last sentence (the importer removes the same markers)
                for h in markers(p.text):
                    out.append(Hit(ID, f"疑似网页残留内容“{h.text.strip()[:20]}”（{h.reason}），请删除", h.text, pi, h.start))
            continue
        s = p.text.strip()
        why = junk_reason(s) or ("页眉页脚" if pi in running else None)
        out.append(Hit(ID, f"疑似网页残留内容“{s[:20]}”{'（' + why + '）' if why else ''}，请删除", s, pi,
                       len(p.text) - len(p.text.lstrip())))
    return out
