"""Parses the block syntax templates emit (a role per paragraph, lead spans) into tree blocks."""
from __future__ import annotations

import html
import re

from generator.errors import GaoziError, Problem
from generator.model.tree import BLOCK_ROLES, SPAN_ROLES, Block, Span, Table

_START = re.compile(r"^@([a-z][a-z0-9-]*)(?:#(\d+))?(?:[ \t]|$)")
_SPAN = re.compile(r"<(/?)(" + "|".join(SPAN_ROLES) + ")>")
# Tables (docs/design.md): "@table widths=… title=…", then "@header" and "@row" lines, cells split by
# "<|>" (a raw "<" never comes from user text: the environment escapes it, so a user's "|" survives).
_TABLE_ROLES = ("table", "header", "row")
_CELL = "<|>"


def parse(text: str, template: str = "<template>", source: str | None = None) -> list[Block]:
    """Split rendered template output into Blocks; a role line starts a block, other lines continue it.

    A problem names the template and, given the template's `source`, the template's own line: the line of
    the output is looked up there (its role marker, else its opening words); when the template does not
    contain it literally (a macro wrote it), the message quotes the output line instead."""
    try:
        return _parse(text, template)
    except GaoziError as exc:
        if source is None:
            raise
        lines = text.split("\n")
        fixed = []
        for p in exc.problems:
            if p.file != template or p.line is None or not 0 < p.line <= len(lines):
                fixed.append(p)
                continue
            out = lines[p.line - 1].strip()
            where = _template_line(out, source)
            if where is not None:
                fixed.append(Problem(template, where, p.path, p.message, "block-syntax", (("output_line", p.line),)))
            else:
                snippet = out if len(out) <= 30 else out[:30] + "…"
                fixed.append(Problem(template, None, p.path, f"{p.message}（模板输出的第{p.line}行：“{snippet}”）",
                                     "block-syntax", (("output_line", p.line),)))
        raise GaoziError(fixed) from None


def _template_line(out: str, source: str) -> int | None:
    """The line of the template source that wrote output line `out`, when it can be told."""
    m = _START.match(out)
    keys = [f"@{m[1]}"] if m else []
    words = (out[m.end():] if m else out).split("<", 1)[0].strip()[:8]
    if words and "{" not in words:
        keys.append(words)
    src_lines = source.split("\n")
    for key in keys:
        hits = [i for i, s in enumerate(src_lines, 1) if key in s]
        if hits:
            return hits[0]
    return None


def _parse(text: str, template: str) -> list[Block]:
    blocks: list[Block] = []
    pending: list[str] = []
    role = None
    source = None
    start_line = 0

    def flush():
        if role in _TABLE_ROLES:
            _table_part(blocks, role, "".join(pending), template, start_line)
        elif role is not None:
            blocks.append(Block(role, _spans("".join(pending), template, start_line), source))

    for no, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        m = _START.match(line)
        if m:
            flush()
            role = m[1]
            if role not in BLOCK_ROLES and role not in _TABLE_ROLES:
                raise GaoziError(Problem(template, no, "", f"模板输出了未知的段落角色“@{role}”"))
            source = int(m[2]) if m[2] else None
            pending = [line[m.end():].strip()]
            start_line = no
        elif role is None:
            raise GaoziError(Problem(template, no, "", "模板输出的文字前缺少段落角色（如 @body）"))
        else:
            pending.append(line)
    flush()
    return [b for b in blocks if (b.header or b.rows if isinstance(b, Table) else b.spans)]


def _spans(body: str, template: str, line: int) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    open_: str | None = None
    for m in _SPAN.finditer(body):
        closing = m[1] == "/"
        if closing != (open_ is not None) or (closing and m[2] != open_):
            raise GaoziError(Problem(template, line, "", f"模板中 <{m[2]}> 标记不配对"))
        chunk = html.unescape(body[pos:m.start()])
        if chunk:
            spans.append(Span(chunk, open_))
        open_ = None if closing else m[2]
        pos = m.end()
    if open_:
        raise GaoziError(Problem(template, line, "", f"模板中 <{open_}> 标记不配对"))
    tail = html.unescape(body[pos:])
    if tail:
        spans.append(Span(tail))
    return spans


def _table_part(blocks: list, role: str, body: str, template: str, line: int) -> None:
    """One @table, @header or @row line (with its continuation lines) into the table being built."""
    if role == "table":
        widths, title, new_page, merge = _table_options(body, template, line)
        blocks.append(Table([], [], widths, title, new_page=new_page, merge=merge))
        return
    if not blocks or not isinstance(blocks[-1], Table):
        raise GaoziError(Problem(template, line, "", f"模板输出的 @{role} 前面缺少 @table"))
    t = blocks[-1]
    if _SPAN.search(body):
        raise GaoziError(Problem(template, line, "", "表格单元格中不能使用 <lead> 等标记"))
    cells = [html.unescape(c).strip(" \t") for c in body.split(_CELL)]
    want = len(t.widths_mm) or len(t.header) or (len(t.rows[0]) if t.rows else len(cells))
    if len(cells) != want:
        raise GaoziError(Problem(template, line, "", f"表格这一行有 {len(cells)} 个单元格，应为 {want} 个"))
    if role == "header":
        if t.header or t.rows:
            raise GaoziError(Problem(template, line, "", "表格只能有一行 @header，且在各 @row 之前"))
        t.header = cells
    else:
        t.rows.append(cells)


def _table_options(body: str, template: str, line: int) -> tuple[list[float], str | None, bool, list[int]]:
    """`newpage merge=2 widths=12,60,20 title=…`: widths in millimetres (without them the Word writer sizes
    the columns from their content); `merge` lists the columns (from 1) whose equal neighbouring cells
    merge vertically; the title, when given, takes the rest of the line; `newpage` starts the table (an
    attachment) on a new page."""
    head, sep, title = body.partition("title=")
    widths: list[float] = []
    merge: list[int] = []
    new_page = False
    for opt in head.split():
        key, _, value = opt.partition("=")
        if key == "newpage" and not value:
            new_page = True
            continue
        if key == "merge" and value:
            try:
                merge = [int(c) - 1 for c in value.split(",")]
            except ValueError:
                merge = [-1]
            if any(c < 0 for c in merge):
                raise GaoziError(Problem(template, line, "", f"@table 的 merge 应为从 1 起的列号，而不是“{value}”"))
            continue
        if key != "widths" or not value:
            raise GaoziError(Problem(template, line, "", f"@table 的选项“{opt}”无法识别（可用：newpage merge=… widths=… title=…）"))
        try:
            widths = [float(w) for w in value.split(",")]
        except ValueError:
            widths = []
        if not widths or any(not w > 0 for w in widths):
            raise GaoziError(Problem(template, line, "", f"@table 的列宽应为以逗号分隔的正数（毫米），而不是“{value}”"))
    title = html.unescape(title).strip() if sep else None
    return widths, title or None, new_page, merge
