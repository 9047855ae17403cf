"""Plain-text writer: one paragraph per line."""
from __future__ import annotations

from generator.model.tree import Document, Table


def line_text(b) -> str:
    """A block's text; on the 发文字号 line the 签发人 and on the 印发 line the 印发日期 are set off by two
    full-width spaces, as they stand apart on the printed line."""
    text = "".join(("　　" + s.text) if s.role == "when" else s.text for s in b.spans)
    if b.role == "doc-number" and "签发人：" in text:
        text = text.replace("签发人：", "　　签发人：", 1)
    return text


def render(doc: Document) -> str:
    lines = []
    for b in doc.blocks:
        if isinstance(b, Table):
            if b.title:
                lines.append(b.title)
            lines.extend("\t".join(row) for row in [b.header, *b.rows])
        else:
            lines.append(line_text(b))
    return "\n".join(lines) + "\n"
