"""Markdown writer: title and headings as # lines, run-in leads in bold."""
from __future__ import annotations

import re

from generator.model.tree import Document, Table
from generator.write.text import line_text

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^([#>+\-=])")
_ORDERED = re.compile(r"^(\d+)([.)])")
_PREFIX = {"title": "# ", "heading1": "## ", "heading2": "### ", "heading3": "#### ", "heading4": "##### "}


def _esc(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def render(doc: Document) -> str:
    out = []
    for b in doc.blocks:
        if isinstance(b, Table):
            if b.title:
                out.append(f"**{_esc(b.title)}**")
            out.append("| " + " | ".join(_esc(c) for c in b.header) + " |")
            out.append("|" + "---|" * len(b.header))
            out.extend("| " + " | ".join(_esc(c) for c in row) + " |" for row in b.rows)
            continue
        if b.role in ("doc-number", "imprint"):
            text = _esc(line_text(b))
        else:
            text = "".join(f"**{_esc(s.text)}**" if s.role == "lead" else _esc(s.text) for s in b.spans)
        prefix = _PREFIX.get(b.role, "")
        if not prefix:
            text = _ORDERED.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", text))
        out.append(prefix + text)
    return "\n\n".join(out) + "\n"
