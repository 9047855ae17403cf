"""Word writer: a tree.Document to .docx bytes in the GB/T 9704-2012 layout, fast and byte-for-byte deterministic.

parts.py writes the package (zip, content types, relationships, settings, fonts, footers, core properties),
styles.py the styles from the profile, document.py the body; this module puts them together."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from generator.model import profiles as _profiles
from generator.model.profiles import Profile
from generator.model.tree import Document
from generator.write.docx.document import Layout, document_parts, layout
from generator.write.docx.parts import (BLANK_FOOTER_PART, CONTENT_TYPES, CONTENT_TYPES_BLANK, DOC_RELS,
                                        DOC_RELS_BLANK, ROOT_RELS, SETTINGS, Entry, RotatedNumber, blank_footer, clean,
                                        core_xml, entry, font_table, footer, rotated_footer, twips_mm, zip_entries)
from generator.write.docx.styles import LEAD_STYLE, STYLES, geometry, styles_xml

__all__ = ["LEAD_STYLE", "STYLES", "clean", "render"]


# The package is written from string templates, not through python-docx: building a styled package
# through python-docx costs ~15 ms per output and its style lookup ~2 ms per paragraph. Every part but
# document.xml and core.xml depends only on the profile, so it is built and compressed once per process.


@dataclass(frozen=True, slots=True)
class _Base:
    """The package as far as it depends on the profile only: built and compressed once per profile."""
    head: tuple[Entry, ...]   # entries before document.xml
    tail: tuple[Entry, ...]   # entries between document.xml and core.xml
    layout: Layout
    head_blank: tuple[Entry, ...]  # the same for a document with unnumbered pages (footer3.xml)
    tail_blank: tuple[Entry, ...]
    footers_landscape: tuple[Entry, Entry]  # footer1/2 of a landscape document: the number turned with the sheet


def _rotated_box(p: Profile) -> RotatedNumber:
    """Where the portrait page number lands on a landscape page (the sheet turned a quarter clockwise):
    in the left margin, its top the footer gap left of the type area, along the portrait type width."""
    portrait = geometry(p, False)
    h = round(p.sizes.page_number * 20)
    right = twips_mm(p.margins_mm.bottom - p.footer_gap_mm)
    return RotatedNumber(x=right - h, y=portrait.left, width=h, height=portrait.text_w)


@lru_cache(maxsize=16)
def _base(p: Profile) -> _Base:
    common = (entry("word/styles.xml", styles_xml(p)), entry("word/settings.xml", SETTINGS),
              entry("word/fontTable.xml", font_table(p)))
    footers = (entry("word/footer1.xml", footer(STYLES["page-number-odd"][0])),
               entry("word/footer2.xml", footer(STYLES["page-number-even"][0])))
    box = _rotated_box(p)
    return _Base(
        head=(entry("[Content_Types].xml", CONTENT_TYPES), entry("_rels/.rels", ROOT_RELS)),
        tail=(entry("word/_rels/document.xml.rels", DOC_RELS), *common, *footers),
        layout=layout(p),
        head_blank=(entry("[Content_Types].xml", CONTENT_TYPES_BLANK), entry("_rels/.rels", ROOT_RELS)),
        tail_blank=(entry("word/_rels/document.xml.rels", DOC_RELS_BLANK), *common, *footers,
                    entry(BLANK_FOOTER_PART, blank_footer())),
        footers_landscape=(entry("word/footer1.xml", rotated_footer(STYLES["page-number-odd"][0], box)),
                           entry("word/footer2.xml", rotated_footer(STYLES["page-number-even"][0], box))),
    )


@lru_cache(maxsize=1)
def _default_profile() -> Profile:
    return _profiles.load(None)


def render(doc: Document, profile: Profile | None = None) -> bytes:
    """The .docx bytes of `doc`; the same document and profile always give the same bytes."""
    base = _base(profile if profile is not None else _default_profile())
    xml, blank = document_parts(doc, base.layout)
    head, tail = (base.head_blank, base.tail_blank) if blank else (base.head, base.tail)
    if doc.meta.get("landscape"):
        tail = tuple(base.footers_landscape[int(e.name == b"word/footer2.xml")]
                     if e.name in (b"word/footer1.xml", b"word/footer2.xml") else e for e in tail)
    return zip_entries([*head, entry("word/document.xml", xml), *tail, entry("docProps/core.xml", core_xml(doc))])
