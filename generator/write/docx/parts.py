"""Package parts of the .docx: XML escaping, the static parts (content types, relationships, settings),
the font table, the page-number footers, core properties and a deterministic zip."""
from __future__ import annotations

import datetime as _dt
import re
import struct
import zlib
from dataclasses import dataclass

from generator.model.profiles import Profile
from generator.model.tree import Block, Document

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
TWIPS_PER_MM = 1440 / 25.4
A4 = (11906, 16838)  # twips, the values Word writes for 210 × 297 mm
FIXED_DATE = _dt.date(1980, 1, 1)  # core-property date when the document has none (the zip epoch)

# w:altName in the font table names a substitute for a missing font: Windows ships 仿宋/楷体 but not
# the *_GB2312 fonts 公文 templates name, and rarely 方正小标宋简体. Charset 86 (GB2312) tells Word to
# substitute a Chinese font in any case.
ALT_NAMES = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体", "黑体": "SimHei",
             "宋体": "SimSun", "仿宋": "FangSong", "楷体": "KaiTi"}

# XML 1.0 cannot carry C0 controls other than tab/newline/CR, lone surrogates or U+FFFE/U+FFFF;
# \r is dropped too (a stray CR from Windows text is not a line break).
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\n\t]")


def clean(text: str) -> str:
    """Text without characters XML cannot hold; the last line of defence, whatever the tree holds."""
    return _ILLEGAL.sub("", text) if _ILLEGAL.search(text) else text


def attr(text: str) -> str:
    """Text escaped for an XML attribute or a plain element."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def esc(text: str) -> str:
    """Text for a w:t element; a newline or tab inside a span becomes w:br or w:tab."""
    text = clean(text)
    if _SPECIAL.search(text) is None:  # the common case: nothing to escape
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
            .replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">'))


def twips_mm(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)



# ---------------------------------------------------------------- static parts

CONTENT_TYPES = (
    XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '</Types>')

ROOT_RELS = (
    XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/></Relationships>')

_REL = ('<Relationship Id="{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{}" '
        'Target="{}"/>')
DOC_RELS = (
    XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + _REL.format("rId1", "styles", "styles.xml") + _REL.format("rId2", "settings", "settings.xml")
    + _REL.format("rId3", "fontTable", "fontTable.xml") + _REL.format("rId4", "footer", "footer1.xml")
    + _REL.format("rId5", "footer", "footer2.xml") + "</Relationships>")

# Pages without a page number (the blank page before a 版记 page and that page, GB/T 9704 §8) use an empty
# footer of their own; only documents that have such pages carry it.
BLANK_FOOTER_PART = "word/footer3.xml"
CONTENT_TYPES_BLANK = CONTENT_TYPES.replace(
    "</Types>", '<Override PartName="/word/footer3.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>')
DOC_RELS_BLANK = DOC_RELS.replace("</Relationships>", _REL.format("rId6", "footer", "footer3.xml")
                                  + "</Relationships>")

# No rsids, no proof state, no document variables: nothing that varies between runs.
SETTINGS = (
    XML_DECL + f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
    # odd/even footers: the number sits at the outer edge of each page
    '<w:evenAndOddHeaders/>'
    # full-width punctuation keeps its full width, so every line holds the same number of characters
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
    'w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')


def font_table(p: Profile) -> str:
    out = [XML_DECL, f'<w:fonts xmlns:w="{W_NS}">']
    for name in dict.fromkeys(getattr(p.fonts, k) for k in p.fonts.__slots__):
        alt = ALT_NAMES.get(name)
        alt_xml = f'<w:altName w:val="{attr(alt)}"/>' if alt else ""
        if name.isascii():
            out.append(f'<w:font w:name="{attr(name)}">{alt_xml}<w:charset w:val="00"/>'
                       '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>')
        else:
            out.append(f'<w:font w:name="{attr(name)}">{alt_xml}<w:charset w:val="86"/>'
                       '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>')
    out.append("</w:fonts>")
    return "".join(out)


def footer(style: str) -> str:
    # A complex PAGE field (begin/instr/separate/end) is understood by Word, WPS and LibreOffice alike.
    t = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    return (XML_DECL + f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
            + t.format("— ") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + t.format("1")
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + t.format(" —") + "</w:p></w:ftr>")


# Landscape pages (GB/T 9704 §10: a landscape table's page number stays where the portrait pages have it;
# its head faces the 订口 on odd pages, the 切口 on even ones): the sheet is turned a quarter clockwise, so
# the portrait foot is the landscape page's left edge. The number stands in that margin in a one-cell table
# floating at a fixed place on the page, its text turned with the sheet (w:textDirection tbRl). A
# DrawingML text box does the same in Word, but LibreOffice 7.4 drops its offsets on some pages.


@dataclass(frozen=True, slots=True)
class RotatedNumber:
    """The page-number box on a landscape page, in twips from the landscape page's top left corner."""
    x: int       # the box's left edge (toward the landscape page's left edge: the portrait foot)
    y: int       # its top edge (the portrait type area's left edge)
    width: int   # across the text: one line of the number's size
    height: int  # along the text: the portrait type width


def rotated_footer(style: str, box: RotatedNumber) -> str:
    t = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    number = (f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>' + t.format("— ")
              + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
              '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + t.format("1")
              + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + t.format(" —") + "</w:p>")
    zero = "".join(f'<w:{side} w:w="0" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))
    table = ('<w:tbl><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" '
             f'w:bottomFromText="0" w:vertAnchor="page" w:horzAnchor="page" w:tblpX="{box.x}" w:tblpY="{box.y}"/>'
             f'<w:tblW w:w="{box.width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
             f'<w:tblCellMar>{zero}</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>'
             f'<w:tblGrid><w:gridCol w:w="{box.width}"/></w:tblGrid>'
             f'<w:tr><w:trPr><w:trHeight w:val="{box.height}" w:hRule="exact"/></w:trPr>'
             f'<w:tc><w:tcPr><w:tcW w:w="{box.width}" w:type="dxa"/><w:textDirection w:val="tbRl"/></w:tcPr>'
             f'{number}</w:tc></w:tr></w:tbl>')
    # the footer's own paragraph (a table must be followed by one), 1 pt high so it takes no room
    return (XML_DECL + f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{table}'
            '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p></w:ftr>')


def blank_footer() -> str:
    return XML_DECL + f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p/></w:ftr>'


# ---------------------------------------------------------------- zip


_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, time 00:00:00: fixed so output bytes never vary


@dataclass(frozen=True, slots=True)
class Entry:
    name: bytes
    crc: int
    size: int
    data: bytes  # raw deflate stream


def entry(name: str, text: str) -> Entry:
    raw = text.encode("utf-8")
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Entry(name.encode("ascii"), zlib.crc32(raw), len(raw), c.compress(raw) + c.flush())


def zip_entries(entries: list[Entry]) -> bytes:
    """A plain deflated zip in the given entry order, with fixed dates and attributes."""
    out, central, offset = [], [], 0
    for e in entries:
        head = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, _DOS_DATE, e.crc, len(e.data), e.size,
                           len(e.name), 0)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, _DOS_DATE, e.crc,
                                   len(e.data), e.size, len(e.name), 0, 0, 0, 0, 0, offset) + e.name)
        out += (head, e.name, e.data)
        offset += len(head) + len(e.name) + len(e.data)
    cd = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd), offset, 0)
    return b"".join(out) + cd + end



def core_xml(doc: Document) -> str:
    meta = doc.meta
    d = meta.get("date")
    d = _dt.date(d.year, d.month, d.day) if isinstance(d, _dt.date) else FIXED_DATE
    when = f"{d.isoformat()}T00:00:00Z"
    title = meta.get("title")
    if not title:
        title = next((b.text for b in doc.blocks if isinstance(b, Block) and b.role == "title"), "")
    author = attr(str(meta.get("author") or ""))
    return (XML_DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{attr(str(title).replace(chr(10), ""))}</dc:title><dc:creator>{author}</dc:creator>'
            f'<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>')

