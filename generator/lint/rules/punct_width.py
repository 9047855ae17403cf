"""Rule `punct-width`: what typography.changes would fix (half-width punctuation in Chinese, straight
quotes, ... and --, spaces between Chinese characters), computed line by line exactly as `--fix` applies it."""
from __future__ import annotations

from generator.lint import yamltext
from generator.lint.para import Hit
from generator.lint.typo import KIND_MSG, line_changes
from generator.text import zh

ID = "punct-width"
LEVEL = "warning"
SUMMARY = "中文里的半角标点、直引号、省略号、破折号和多余空格（--fix 可自动改正）"


def _outline_hits(ctx) -> list[Hit]:
    # outline: the YAML's own strings, at info level (render corrects them anyway)
    text = ctx.meta.source or ""
    conv = yamltext.linecol(text)
    out = []
    for off, c in yamltext.changes(text):
        line, col = conv(off)
        msg = KIND_MSG.get(c.kind, "标点不规范").format(old=c.old, new=c.new) + "（渲染时会自动改正，--fix 可改正提纲）"
        out.append(Hit(ID, msg, c.old, None, 0, line=line, column=col, level="info"))
    return out


def check(ctx) -> list[Hit]:
    if ctx.meta.format == "outline":
        return _outline_hits(ctx)
    hits = []
    for pi, p in enumerate(ctx.paras):
        if p.role == "junk" or p.source_line is not None:
            continue
        spaced = True if p.role in zh.SPACED_ROLES else None
        for off, _line, raw in p.segs:
            for c in line_changes(raw, spaced):
                msg = KIND_MSG.get(c.kind, "标点或空格不规范：“{old}”应为“{new}”").format(old=c.old, new=c.new)
                hits.append(Hit(ID, msg, c.old, pi, off + c.start))
    return hits
