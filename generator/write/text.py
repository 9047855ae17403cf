"""Plain-text writer: one paragraph per line."""
from __future__ import annotations

from generator.model.tree import Document, Table


def render(doc: Document) -> str:
    lines = []
    for b in doc.blocks:
        if isinstance(b, Table):
            if b.title:
                lines.append(b.title)
            lines.extend("\t".join(row) for row in [b.header, *b.rows])
        else:
            lines.append(b.text)
    return "\n".join(lines) + "\n"
