"""Word writer: a tree.Document to .docx bytes in the GB/T 9704-2012 layout, fast and byte-for-byte deterministic."""
from __future__ import annotations

import datetime as _dt
import math
import re
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

from generator.model import profiles as _profiles
from generator.model.profiles import Profile
from generator.text.titlelines import split_title
from generator.model.tree import Block, Document, Span, Table

# The package is written from string templates, not through python-docx: building a styled package
# through python-docx costs ~15 ms per output and its style lookup ~2 ms per paragraph. Every part but
# document.xml and core.xml depends only on the profile, so it is built and compressed once per process.

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
TWIPS_PER_MM = 1440 / 25.4
A4 = (11906, 16838)  # twips, the values Word writes for 210 × 297 mm
FIXED_DATE = _dt.date(1980, 1, 1)  # core-property date when the document has none (the zip epoch)

# role → (styleId, style name). Title and headings keep Word's built-in ids and names so Word and WPS
# treat them as the built-in styles (navigation pane, outline view, TOC).
STYLES: dict[str, tuple[str, str]] = {
    "title": ("Title", "Title"),
    "heading1": ("Heading1", "heading 1"),
    "heading2": ("Heading2", "heading 2"),
    "heading3": ("Heading3", "heading 3"),
    "heading4": ("Heading4", "heading 4"),
    "speaker": ("GzSpeaker", "讲话人"),
    "date-line": ("GzDateLine", "讲话日期"),
    "salutation": ("GzSalutation", "称谓"),
    "outline-summary": ("GzOutlineSummary", "提纲"),
    "addressee": ("GzAddressee", "主送机关"),
    "body": ("GzBody", "公文正文"),
    "closing": ("GzClosing", "结束语"),
    "signature": ("GzSignature", "发文机关署名"),
    "sign-date": ("GzSignDate", "成文日期"),
    "source": ("GzSource", "来源"),
    "attachment": ("GzAttachment", "附件说明"),
    "table-title": ("GzTableTitle", "表格标题"),
    "table-text": ("GzTableText", "表格文字"),
    "table-header": ("GzTableHeader", "表头文字"),
    "page-number-odd": ("GzPageNumberOdd", "页码（奇数页）"),
    "page-number-even": ("GzPageNumberEven", "页码（偶数页）"),
}
LEAD_STYLE = ("GzLead", "段首小标题")  # character style of run-in leads

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


def _attr(text: str) -> str:
    """Text escaped for an XML attribute or a plain element."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _esc(text: str) -> str:
    """Text for a w:t element; a newline or tab inside a span becomes w:br or w:tab."""
    text = clean(text)
    if _SPECIAL.search(text) is None:  # the common case: nothing to escape
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
            .replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">'))


def _twips_mm(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


# ---------------------------------------------------------------- styles


def _rpr(east: str, latin: str, size_pt: float, spacing: int = 0, extra: str = "", hint: bool = False) -> str:
    """Run properties with all four font slots named (no theme fonts) and zh-CN as East Asian language."""
    h = ' w:hint="eastAsia"' if hint else ""
    half = round(size_pt * 2)
    sp = f'<w:spacing w:val="{spacing}"/>' if spacing else ""
    return (f'<w:rPr><w:rFonts w:ascii="{_attr(latin)}" w:hAnsi="{_attr(latin)}" w:eastAsia="{_attr(east)}" '
            f'w:cs="{_attr(latin)}"{h}/>{extra}{sp}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
            f'<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>')


# overflowPunct="1" (Word's default: a comma may hang past the right margin, the line keeps its 28
# characters) is written out because LibreOffice 7.4 reads the flag inverted: val="1" turns hanging OFF
# there, and hanging punctuation in LibreOffice drops the hanging glyph from the page altogether.
# autoSpaceDE/DN off: Word's automatic quarter-em gap between Chinese and Latin/digits pushes
# characters off the grid (LibreOffice ignores these two and keeps its gap).
# snapToGrid off: the exact line spacing alone puts every line on the 22-line grid. Snapping changes
# nothing in Word for exact spacing, but LibreOffice gives a line whose font box is taller than the
# pitch (a 22 pt title in Noto CJK, or a large body size in a user profile) two grid rows.
GRID_PPR = ('<w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
            '<w:snapToGrid w:val="0"/>')


@dataclass(frozen=True, slots=True)
class _Geometry:
    """Page and grid figures in twips derived from a profile."""
    page_w: int
    page_h: int
    top: int
    bottom: int
    left: int
    right: int
    footer: int
    pitch: int
    text_w: int
    char_spacing: int  # twentieths of a point added to each body-size character (negative: condensed)


def _geometry(p: Profile, landscape: bool) -> _Geometry:
    m = p.margins_mm
    w, h = (A4[1], A4[0]) if landscape else A4
    top, bottom, left, right = (_twips_mm(m.top), _twips_mm(m.bottom), _twips_mm(m.left), _twips_mm(m.right))
    # w:footer is the distance from the page edge to the bottom of the footer line. The top of the number
    # line must sit footer_gap_mm below the type area, i.e. (bottom margin - gap) above the page edge;
    # the footer line is exactly one page-number size high (exact spacing), so subtract that.
    footer = max(0, _twips_mm(m.bottom - p.footer_gap_mm) - round(p.sizes.page_number * 20))
    text_w = w - left - right
    spacing = 0
    if p.chars_per_line:
        # Condense (or expand) so that exactly chars_per_line characters fit: n × (size + spacing) ≤
        # type width, rounded down to Word's 1/20 pt (gbt9704: −0.25 pt). A character grid
        # (linesAndChars) would do this in Word, but LibreOffice lays each character over two grid
        # cells and prints 14 characters per line.
        spacing = math.floor(text_w / p.chars_per_line - p.sizes.body * 20)
    return _Geometry(w, h, top, bottom, left, right, footer, round(p.line_pitch_pt * 20), text_w, spacing)


def _styles_xml(p: Profile) -> str:
    g = _geometry(p, False)
    f, sz = p.fonts, p.sizes
    body_sp = g.char_spacing
    line = f'<w:spacing w:before="0" w:after="0" w:line="{g.pitch}" w:lineRule="exact"/>'
    line_after = f'<w:spacing w:before="0" w:after="{g.pitch}" w:line="{g.pitch}" w:lineRule="exact"/>'
    line_before = f'<w:spacing w:before="{g.pitch}" w:after="0" w:line="{g.pitch}" w:lineRule="exact"/>'
    two = round(sz.body * 20 * 2)
    indent2 = f'<w:ind w:firstLineChars="200" w:firstLine="{two}"/>'
    no_indent = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
    # Pagination: the standard wants 22 lines on every full page, which widow control and
    # keep-with-next break; the podium profile turns them back on for the reader's sake.
    keep = "" if p.keep_together else '<w:widowControl w:val="0"/>'
    keep_next = "<w:keepNext/>" if p.keep_together else ""
    not_bold = '<w:b w:val="0"/><w:bCs w:val="0"/>'
    out = [XML_DECL, f'<w:styles xmlns:w="{W_NS}">',
           # docDefaults: what any paragraph (or WPS's own additions) falls back to.
           '<w:docDefaults><w:rPrDefault>', _rpr(f.body, f.latin, sz.body),
           '</w:rPrDefault><w:pPrDefault><w:pPr>', keep,
           GRID_PPR, line,
           '</w:pPr></w:pPrDefault></w:docDefaults>']

    def para(sid: str, name: str, ppr: str, rpr: str, based: str | None = "Normal", nxt: str | None = None,
             extra: str = "", default: bool = False) -> None:
        d = ' w:default="1"' if default else ""
        out.append(f'<w:style w:type="paragraph"{d} w:styleId="{sid}"><w:name w:val="{_attr(name)}"/>')
        if based:
            out.append(f'<w:basedOn w:val="{based}"/>')
        if nxt:
            out.append(f'<w:next w:val="{nxt}"/>')
        out.append(f'{extra}<w:qFormat/><w:pPr>{ppr}</w:pPr>{rpr}</w:style>')

    def body_rpr(east: str, extra: str = "") -> str:
        return _rpr(east, f.latin, sz.body, body_sp, extra)

    def role(r: str, ppr: str, rpr: str, **kw) -> None:
        para(*STYLES[r], ppr, rpr, **kw)

    body_id = STYLES["body"][0]
    para("Normal", "Normal", f'{keep}{GRID_PPR}{line}{no_indent}<w:jc w:val="both"/>', body_rpr(f.body), based=None,
         default=True)
    role("title", f'{keep_next}{line_after}{no_indent}<w:jc w:val="center"/>',
         _rpr(f.title, f.latin, sz.title, 0, not_bold), nxt=body_id, extra='<w:uiPriority w:val="10"/>')
    for level in range(1, 5):
        font = getattr(f, f"heading{level}")
        role(f"heading{level}", f'{keep_next}{line}{indent2}<w:jc w:val="both"/><w:outlineLvl w:val="{level - 1}"/>',
             body_rpr(font, not_bold), nxt=body_id, extra='<w:uiPriority w:val="9"/>')
    centred = f'{no_indent}<w:jc w:val="center"/>'
    role("speaker", f"{keep_next}{line}{centred}", body_rpr(f.kai), nxt=STYLES["date-line"][0])
    role("date-line", f"{keep_next}{line_after}{centred}", body_rpr(f.kai), nxt=STYLES["salutation"][0])
    role("salutation", f'{line}{no_indent}<w:jc w:val="left"/>', body_rpr(f.body), nxt=body_id)
    role("outline-summary", f'{line}{indent2}<w:jc w:val="both"/>', body_rpr(f.kai), nxt=body_id)
    role("addressee", f'{line}{no_indent}<w:jc w:val="both"/>', body_rpr(f.body), nxt=body_id)
    role("body", f'{line}{indent2}<w:jc w:val="both"/>', body_rpr(f.body), nxt=body_id)
    role("closing", f'{line}{indent2}<w:jc w:val="both"/>', body_rpr(f.body), nxt=body_id)
    # Signature: one blank line after the body, the name two characters in from the right. The standard
    # puts the date's first character two characters right of the name's first character, which depends
    # on both lengths and would need per-document direct formatting; a style can only fix the right
    # indent, so the date is right-aligned four characters in (the standard's rule for sealed documents).
    # Exact when the date is four characters narrower than the name: 2025年3月18日 (6½ characters wide)
    # under a name of 10–11 characters; a shorter name leaves the date slightly to the left.
    role("signature", f'{line_before}<w:ind w:rightChars="200" w:right="{two}" w:firstLineChars="0" '
         f'w:firstLine="0"/><w:jc w:val="right"/>', body_rpr(f.body), nxt=STYLES["sign-date"][0])
    role("sign-date", f'{line}<w:ind w:rightChars="400" w:right="{two * 2}" w:firstLineChars="0" '
         f'w:firstLine="0"/><w:jc w:val="right"/>', body_rpr(f.body))
    role("source", f'{line}{indent2}<w:jc w:val="both"/>', body_rpr(f.body))
    # 附件: one blank line after the body, two characters in (GB/T 9704 §7.3.6).
    role("attachment", f'{line_before}{indent2}<w:jc w:val="left"/>', body_rpr(f.body), nxt=body_id)
    role("table-title", f'{keep_next}{line}{centred}', body_rpr(f.hei), nxt=body_id)
    # Table cells: single spacing off the line grid, or 28.95 pt rows become tall and clip the text.
    cell = ('<w:widowControl w:val="0"/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" '
            f'w:line="240" w:lineRule="auto"/>{no_indent}')
    role("table-text", f'{cell}<w:jc w:val="left"/>', _rpr(f.table, f.latin, sz.table))
    role("table-header", f'{cell}<w:jc w:val="center"/>', _rpr(f.hei, f.latin, sz.table),
         based=STYLES["table-text"][0])
    # Page numbers "— N —": one character in from the outer edge; exact spacing of one number height
    # so that the footer distance in the section puts the top of the line where it belongs.
    pn = round(sz.page_number * 20)
    pn_line = f'<w:spacing w:before="0" w:after="0" w:line="{pn}" w:lineRule="exact"/>'
    pn_rpr = _rpr(f.page_number, f.page_number, sz.page_number, hint=True)
    role("page-number-odd", f'{pn_line}<w:ind w:right="{pn}" w:rightChars="100"/><w:jc w:val="right"/>', pn_rpr)
    role("page-number-even", f'{pn_line}<w:ind w:left="{pn}" w:leftChars="100"/><w:jc w:val="left"/>', pn_rpr)

    lead_extra = {"bold": '<w:b/><w:bCs/>', "kai": "", "hei": "", "none": ""}[p.lead]
    lead_font = {"kai": f.kai, "hei": f.hei}.get(p.lead, f.body)
    sid, name = LEAD_STYLE
    out.append('<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
               '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
               '<w:unhideWhenUsed/></w:style>')
    out.append(f'<w:style w:type="character" w:styleId="{sid}"><w:name w:val="{name}"/>'
               f'<w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>{body_rpr(lead_font, lead_extra)}</w:style>')
    out.append('<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
               '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:pPr>' + cell + '</w:pPr>'
               + _rpr(f.table, f.latin, sz.table) +
               # 1 mm above and below the text in every cell: ledger rows stay readable, not cramped
               '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="57" w:type="dxa"/>'
               '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
               '</w:tblCellMar></w:tblPr></w:style>')
    out.append("</w:styles>")
    return "".join(out)


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


def _font_table(p: Profile) -> str:
    out = [XML_DECL, f'<w:fonts xmlns:w="{W_NS}">']
    for name in dict.fromkeys(getattr(p.fonts, k) for k in p.fonts.__slots__):
        alt = ALT_NAMES.get(name)
        alt_xml = f'<w:altName w:val="{_attr(alt)}"/>' if alt else ""
        if name.isascii():
            out.append(f'<w:font w:name="{_attr(name)}">{alt_xml}<w:charset w:val="00"/>'
                       '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>')
        else:
            out.append(f'<w:font w:name="{_attr(name)}">{alt_xml}<w:charset w:val="86"/>'
                       '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>')
    out.append("</w:fonts>")
    return "".join(out)


def _footer(style: str) -> str:
    # A complex PAGE field (begin/instr/separate/end) is understood by Word, WPS and LibreOffice alike.
    t = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    return (XML_DECL + f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
            + t.format("— ") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + t.format("1")
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + t.format(" —") + "</w:p></w:ftr>")


def _sect_pr(p: Profile, landscape: bool) -> str:
    g = _geometry(p, landscape)
    orient = ' w:orient="landscape"' if landscape else ""
    # Line grid only ("lines"): a character grid is not portable (see _geometry).
    return ('<w:sectPr><w:footerReference w:type="default" r:id="rId4"/>'
            '<w:footerReference w:type="even" r:id="rId5"/>'
            f'<w:pgSz w:w="{g.page_w}" w:h="{g.page_h}"{orient}/>'
            f'<w:pgMar w:top="{g.top}" w:right="{g.right}" w:bottom="{g.bottom}" w:left="{g.left}" '
            f'w:header="851" w:footer="{g.footer}" w:gutter="0"/><w:cols w:space="425"/>'
            f'<w:docGrid w:type="lines" w:linePitch="{g.pitch}"/></w:sectPr>')


# ---------------------------------------------------------------- zip


_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, time 00:00:00: fixed so output bytes never vary


@dataclass(frozen=True, slots=True)
class _Entry:
    name: bytes
    crc: int
    size: int
    data: bytes  # raw deflate stream


def _entry(name: str, text: str) -> _Entry:
    raw = text.encode("utf-8")
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return _Entry(name.encode("ascii"), zlib.crc32(raw), len(raw), c.compress(raw) + c.flush())


def _zip(entries: list[_Entry]) -> bytes:
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


# ---------------------------------------------------------------- base package (once per profile)


@dataclass(frozen=True, slots=True)
class _Base:
    head: tuple[_Entry, ...]   # entries before document.xml
    tail: tuple[_Entry, ...]   # entries between document.xml and core.xml
    sect: str
    sect_landscape: str
    ppr: dict                  # role → '<w:pPr><w:pStyle …/></w:pPr>'
    lead_rpr: str
    title_chars: float         # title characters that fit a line
    text_w: tuple[int, int]    # type width in twips, portrait and landscape


@lru_cache(maxsize=16)
def _base(p: Profile) -> _Base:
    portrait, landscape = _geometry(p, False), _geometry(p, True)
    return _Base(
        head=(_entry("[Content_Types].xml", CONTENT_TYPES), _entry("_rels/.rels", ROOT_RELS)),
        tail=(_entry("word/_rels/document.xml.rels", DOC_RELS), _entry("word/styles.xml", _styles_xml(p)),
              _entry("word/settings.xml", SETTINGS), _entry("word/fontTable.xml", _font_table(p)),
              _entry("word/footer1.xml", _footer(STYLES["page-number-odd"][0])),
              _entry("word/footer2.xml", _footer(STYLES["page-number-even"][0]))),
        sect=_sect_pr(p, False),
        sect_landscape=_sect_pr(p, True),
        ppr={role: f'<w:pPr><w:pStyle w:val="{sid}"/></w:pPr>' for role, (sid, _) in STYLES.items()},
        lead_rpr=f'<w:rPr><w:rStyle w:val="{LEAD_STYLE[0]}"/></w:rPr>',
        title_chars=portrait.text_w / (p.sizes.title * 20),
        text_w=(portrait.text_w, landscape.text_w),
    )


@lru_cache(maxsize=1)
def _default_profile() -> Profile:
    return _profiles.load(None)


# ---------------------------------------------------------------- document.xml


def _paragraph(b: Block, base: _Base, out: list, page_break: bool = False) -> None:
    ppr = base.ppr.get(b.role)
    if ppr is None:
        raise ValueError(f"unknown paragraph role {b.role!r}")
    out.append("<w:p>")
    out.append(ppr)
    if page_break:
        out.append('<w:r><w:br w:type="page"/></w:r>')
    if b.role == "title":
        lines = split_title(clean(b.text).strip(), base.title_chars)
        out.append('<w:r><w:t xml:space="preserve">')
        out.append('</w:t><w:br/><w:t xml:space="preserve">'.join(_esc(line) for line in lines))
        out.append("</w:t></w:r>")
    else:
        for s in b.spans:
            if not s.text:
                continue
            if s.role == "lead":
                out.append(f'<w:r>{base.lead_rpr}<w:t xml:space="preserve">{_esc(s.text)}</w:t></w:r>')
            else:
                out.append(f'<w:r><w:t xml:space="preserve">{_esc(s.text)}</w:t></w:r>')
    out.append("</w:p>")


def _cell_par(text: str, ppr: str) -> str:
    runs = f'<w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{runs}</w:p>"


def _table(t: Table, base: _Base, text_w: int, out: list) -> None:
    """A fixed-layout table with explicit widths everywhere (tblW, gridCol, tcW) and a repeated header row."""
    # A page break is content (what Ctrl+Enter inserts), not paragraph formatting: the title carries it.
    if t.new_page and not t.title:
        out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
    if t.title:
        _paragraph(Block("table-title", [Span(t.title)]), base, out, page_break=t.new_page)
    rows = [list(t.header), *(list(r) for r in t.rows)] if t.header else [list(r) for r in t.rows]
    n = max((len(r) for r in rows), default=0)
    if n == 0:
        return
    widths = [_twips_mm(w) for w in t.widths_mm] if len(t.widths_mm) == n and all(
        w > 0 for w in t.widths_mm) else [text_w // n] * n
    total = sum(widths)
    if total > text_w:  # never wider than the type area: shrink proportionally
        widths = [w * text_w // total for w in widths]
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out.append(f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
               f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>')
    out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out.append("</w:tblGrid>")
    for i, row in enumerate(rows):
        header = i == 0 and bool(t.header)
        ppr = base.ppr["table-header" if header else "table-text"]
        out.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if header else "<w:tr>")
        for w, text in zip(widths, row + [""] * (n - len(row))):
            pars = "".join(_cell_par(line, ppr) for line in str(text).split("\n"))
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                       f"{pars}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")


def _document_xml(doc: Document, base: _Base) -> str:
    landscape = bool(doc.meta.get("landscape"))
    out = [XML_DECL, f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>']
    for node in doc.blocks:
        if isinstance(node, Table):
            _table(node, base, base.text_w[landscape], out)
        else:
            _paragraph(node, base, out)
    if doc.blocks and isinstance(doc.blocks[-1], Table):
        out.append("<w:p/>")  # Word wants a paragraph between a final table and the section properties
    out.append(base.sect_landscape if landscape else base.sect)
    out.append("</w:body></w:document>")
    return "".join(out)


def _core_xml(doc: Document) -> str:
    meta = doc.meta
    d = meta.get("date")
    d = _dt.date(d.year, d.month, d.day) if isinstance(d, _dt.date) else FIXED_DATE
    when = f"{d.isoformat()}T00:00:00Z"
    title = meta.get("title")
    if not title:
        title = next((b.text for b in doc.blocks if isinstance(b, Block) and b.role == "title"), "")
    author = _attr(str(meta.get("author") or ""))
    return (XML_DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{_attr(str(title).replace(chr(10), ""))}</dc:title><dc:creator>{author}</dc:creator>'
            f'<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>')


def render(doc: Document, profile: Profile | None = None) -> bytes:
    """The .docx bytes of `doc`; the same document and profile always give the same bytes."""
    base = _base(profile if profile is not None else _default_profile())
    return _zip([*base.head, _entry("word/document.xml", _document_xml(doc, base)), *base.tail,
                 _entry("docProps/core.xml", _core_xml(doc))])
