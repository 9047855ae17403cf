"""The document tree every writer consumes: blocks with roles, spans with roles, tables."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# Paragraph roles a template may emit (see docs/design.md); writers map each to a named style.
BLOCK_ROLES = (
    "title", "subtitle", "speaker", "date-line", "salutation", "outline-summary", "addressee",
    "body", "heading1", "heading2", "heading3", "heading4",
    "closing", "signature", "sign-date", "source", "attachment", "table-title",
    # 公文 front and back matter (GB/T 9704 §7.2–7.4): 版头, 附注, 附件 pages, 版记
    "issuer", "doc-number", "note", "attachment-mark", "attachment-title", "copy-to", "imprint",
)
# lead: the run-in lead of a point; signer: the 签发人 names on the doc-number line; when: the 印发日期
# on the imprint line (the rest of that line is the 印发机关).
SPAN_ROLES = ("lead", "signer", "when")
HEADING_ROLES = ("heading1", "heading2", "heading3", "heading4")


@dataclass(slots=True)
class Span:
    text: str
    role: str | None = None  # None: plain text; otherwise one of SPAN_ROLES


@dataclass(slots=True)
class Block:
    role: str
    spans: list[Span]
    source: int | None = None  # outline line the block came from, for `gaozi check`
    new_page: bool = False  # starts a new page (each speech of a combined volume, 汇编)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    @property
    def level(self) -> int:
        """Heading level 1–4, 0 for any other role."""
        return int(self.role[-1]) if self.role in HEADING_ROLES else 0


@dataclass(slots=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    widths_mm: list[float]
    title: str | None = None
    role: str = "table"
    new_page: bool = False  # an attachment starts on a page of its own (GB/T 9704 附件)
    merge: list[int] = field(default_factory=list)  # 0-based columns whose equal neighbours merge (类别)

    @property
    def text(self) -> str:
        return "\n".join("\t".join(r) for r in [self.header, *self.rows])


Node = Union[Block, Table]


@dataclass(slots=True)
class Document:
    blocks: list[Node]
    meta: dict = field(default_factory=dict)  # title, date (datetime.date | None), kind, profile, seed

    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if isinstance(b, Block)]
