"""PDF writer: the .docx the Word writer makes, converted by LibreOffice (fonts embedded, as it always does).

The PDF is made deterministic afterwards: LibreOffice stamps the time of conversion and a random file
identifier (and a checksum over the time); all are replaced by fixed values of the same length (the cross-reference offsets stay
right), so the same outline and seed give the same PDF bytes, as they give the same .docx.
"""
from __future__ import annotations

import hashlib
import re

from generator.io import office
from generator.model.profiles import Profile
from generator.model.tree import Document
from generator.write import docx as _docx

_DATES = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{4,14})")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_SUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")
_EPOCH = b"19800101000000"


def stable(pdf: bytes) -> bytes:
    """The PDF with its conversion time and random identifier replaced by same-length fixed values."""
    pdf = _DATES.sub(lambda m: m[1] + _EPOCH[:len(m[2])], pdf)
    # LibreOffice's checksum covers the time stamp: it goes, and the identifier is made from the rest.
    digest = hashlib.md5(_SUM.sub(b"", _ID.sub(b"", pdf)), usedforsecurity=False).hexdigest().upper().encode()
    pdf = _SUM.sub(lambda m: m[1] + (digest * 4)[:len(m[2])], pdf)

    def fixed(m: re.Match) -> bytes:
        a, b = (digest * 4)[:len(m[1])], (digest * 4)[:len(m[2])]
        return m[0].replace(m[1], a, 1).replace(m[2], b, 1) if m[1] != m[2] else m[0].replace(m[1], a)

    return _ID.sub(fixed, pdf)


def from_docx(docx_files: list[bytes], *, name: str = "gaozi") -> list[bytes]:
    """Several .docx converted in one LibreOffice run (each start costs seconds): PDF bytes, in order."""
    pdfs = office.convert([("docx", d) for d in docx_files], "pdf", what="生成 PDF", name=name)
    return [stable(p) for p in pdfs]


def render(doc: Document, profile: Profile | None = None, *, name: str = "gaozi") -> bytes:
    """Document → PDF bytes (through the .docx writer and LibreOffice)."""
    return from_docx([_docx.render(doc, profile)], name=name)[0]
