"""Parses the block syntax templates emit (a role per paragraph, lead spans) into tree blocks."""
from __future__ import annotations

import html
import re

from .errors import GaoziError, Problem
from .tree import BLOCK_ROLES, Block, Span

_START = re.compile(r"^@([a-z][a-z0-9-]*)(?:#(\d+))?(?:[ \t]|$)")
_SPAN = re.compile(r"<(/?)lead>")


def parse(text: str, template: str = "<template>") -> list[Block]:
    """Split rendered template output into Blocks; a role line starts a block, other lines continue it."""
    blocks: list[Block] = []
    pending: list[str] = []
    role = None
    source = None
    start_line = 0

    def flush():
        if role is not None:
            blocks.append(Block(role, _spans("".join(pending), template, start_line), source))

    for no, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        m = _START.match(line)
        if m:
            flush()
            role = m[1]
            if role not in BLOCK_ROLES:
                raise GaoziError(Problem(template, no, "", f"模板输出了未知的段落角色“@{role}”"))
            source = int(m[2]) if m[2] else None
            pending = [line[m.end():].strip()]
            start_line = no
        elif role is None:
            raise GaoziError(Problem(template, no, "", "模板输出的文字前缺少段落角色（如 @body）"))
        else:
            pending.append(line)
    flush()
    return [b for b in blocks if b.spans]


def _spans(body: str, template: str, line: int) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    open_ = False
    for m in _SPAN.finditer(body):
        closing = m[1] == "/"
        if closing != open_:
            raise GaoziError(Problem(template, line, "", "模板中 <lead> 标记不配对"))
        chunk = html.unescape(body[pos:m.start()])
        if chunk:
            spans.append(Span(chunk, None if not open_ else "lead"))
        open_ = not closing
        pos = m.end()
    if open_:
        raise GaoziError(Problem(template, line, "", "模板中 <lead> 标记不配对"))
    tail = html.unescape(body[pos:])
    if tail:
        spans.append(Span(tail))
    return spans
