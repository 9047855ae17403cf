"""styles.xml from a style profile: one named style per block role, the page geometry behind them."""
from __future__ import annotations

import math
from dataclasses import dataclass

from generator.model.profiles import Margins, Profile
from generator.write.docx.parts import A4, W_NS, XML_DECL, attr, twips_mm

# role → (styleId, style name). Title and headings keep Word's built-in ids and names so Word and WPS
# treat them as the built-in styles (navigation pane, outline view, TOC).
STYLES: dict[str, tuple[str, str]] = {
    "title": ("Title", "Title"),
    "heading1": ("Heading1", "heading 1"),
    "heading2": ("Heading2", "heading 2"),
    "heading3": ("Heading3", "heading 3"),
    "heading4": ("Heading4", "heading 4"),
    "subtitle": ("GzSubtitle", "副标题"),
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
    "table-centred": ("GzTableCentred", "表格文字（居中）"),  # 序号, 状态 and date columns
    "page-number-odd": ("GzPageNumberOdd", "页码（奇数页）"),
    "page-number-even": ("GzPageNumberEven", "页码（偶数页）"),
    # 公文 front and back matter (GB/T 9704 §7.2–7.4); positions are set per document in document.py
    "issuer": ("GzIssuer", "发文机关标志"),
    "doc-number": ("GzDocNumber", "发文字号"),
    "note": ("GzNote", "附注"),
    "attachment-mark": ("GzAttachmentMark", "附件标识"),
    "attachment-title": ("GzAttachmentTitle", "附件标题"),
    "copy-to": ("GzCopyTo", "抄送机关"),
    "imprint": ("GzImprint", "印发机关和印发日期"),
}
LEAD_STYLE = ("GzLead", "段首小标题")  # character style of run-in leads
# Run-in leads by numbering level (GB/T 9704 §7.3.3): "（一）" in the level-2 font (楷体), "1." in the
# level-3 font, bold as practice has it; other leads (一是、一要……) follow the profile's `lead`.
LEAD2_STYLE = ("GzLead2", "段首小标题（二级）")
LEAD3_STYLE = ("GzLead3", "段首小标题（三级）")
SIGNER_STYLE = ("GzSignerName", "签发人姓名")  # 签发人 names in 3号楷体
RED = "FF0000"  # 发文机关标志 and the 分隔线 under the 版头


def rpr(east: str, latin: str, size_pt: float, spacing: int = 0, extra: str = "", hint: bool = False) -> str:
    """Run properties with all four font slots named (no theme fonts) and zh-CN as East Asian language."""
    h = ' w:hint="eastAsia"' if hint else ""
    half = round(size_pt * 2)
    sp = f'<w:spacing w:val="{spacing}"/>' if spacing else ""
    return (f'<w:rPr><w:rFonts w:ascii="{attr(latin)}" w:hAnsi="{attr(latin)}" w:eastAsia="{attr(east)}" '
            f'w:cs="{attr(latin)}"{h}/>{extra}{sp}<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
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
class Geometry:
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


def geometry(p: Profile, landscape: bool) -> Geometry:
    m = p.margins_mm
    w, h = (A4[1], A4[0]) if landscape else A4
    if landscape:
        # The 版心 turned with the sheet (GB/T 9704 §8: a landscape table's head faces the 订口 on odd
        # pages): the portrait left margin becomes the top, the right the bottom, the bottom the left and
        # the top the right, so the type area stays 225 × 156 mm where the portrait pages have it.
        m = Margins(top=m.left, bottom=m.right, left=m.bottom, right=m.top)
    top, bottom, left, right = (twips_mm(m.top), twips_mm(m.bottom), twips_mm(m.left), twips_mm(m.right))
    # w:footer is the distance from the page edge to the bottom of the footer line. The top of the number
    # line must sit footer_gap_mm below the type area, i.e. (bottom margin - gap) above the page edge;
    # the footer line is exactly one page-number size high (exact spacing), so subtract that.
    footer = max(0, twips_mm(m.bottom - p.footer_gap_mm) - round(p.sizes.page_number * 20))
    text_w = w - left - right
    spacing = 0
    if p.chars_per_line:
        # Condense (or expand) so that exactly chars_per_line characters fit: n × (size + spacing) ≤
        # type width, rounded down to Word's 1/20 pt (gbt9704: −0.25 pt). A character grid
        # (linesAndChars) would do this in Word, but LibreOffice lays each character over two grid
        # cells and prints 14 characters per line.
        spacing = math.floor(text_w / p.chars_per_line - p.sizes.body * 20)
    return Geometry(w, h, top, bottom, left, right, footer, round(p.line_pitch_pt * 20), text_w, spacing)


def _issuer_rpr(p: Profile) -> str:
    return rpr(p.fonts.title, p.fonts.title, p.sizes.issuer, 0,
               f'<w:b w:val="0"/><w:bCs w:val="0"/><w:color w:val="{RED}"/>')


def styles_xml(p: Profile) -> str:
    g = geometry(p, False)
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
    # Title and headings are always kept with their next line and never split: on the 22-line grid
    # document.py sets a paragraph before a heading a character looser or tighter instead, so that no page
    # is left a line short (paginate.fit_headings).
    keep_heading = "<w:keepNext/><w:keepLines/>"
    not_bold = '<w:b w:val="0"/><w:bCs w:val="0"/>'
    out = [XML_DECL, f'<w:styles xmlns:w="{W_NS}">',
           # docDefaults: what any paragraph (or WPS's own additions) falls back to.
           '<w:docDefaults><w:rPrDefault>', rpr(f.body, f.latin, sz.body),
           '</w:rPrDefault><w:pPrDefault><w:pPr>', keep,
           GRID_PPR, line,
           '</w:pPr></w:pPrDefault></w:docDefaults>']

    def para(sid: str, name: str, ppr: str, rpr: str, based: str | None = "Normal", nxt: str | None = None,
             extra: str = "", default: bool = False) -> None:
        d = ' w:default="1"' if default else ""
        out.append(f'<w:style w:type="paragraph"{d} w:styleId="{sid}"><w:name w:val="{attr(name)}"/>')
        if based:
            out.append(f'<w:basedOn w:val="{based}"/>')
        if nxt:
            out.append(f'<w:next w:val="{nxt}"/>')
        out.append(f'{extra}<w:qFormat/><w:pPr>{ppr}</w:pPr>{rpr}</w:style>')

    def body_rpr(east: str, extra: str = "") -> str:
        return rpr(east, f.latin, sz.body, body_sp, extra)

    def role(r: str, ppr: str, rpr: str, **kw) -> None:
        para(*STYLES[r], ppr, rpr, **kw)

    body_id = STYLES["body"][0]
    para("Normal", "Normal", f'{keep}{GRID_PPR}{line}{no_indent}<w:jc w:val="both"/>', body_rpr(f.body), based=None,
         default=True)
    role("title", f'{keep_heading}{line_after}{no_indent}<w:jc w:val="center"/>',
         rpr(f.title, f.latin, sz.title, 0, not_bold), nxt=body_id, extra='<w:uiPriority w:val="10"/>')
    for level in range(1, 5):
        font = getattr(f, f"heading{level}")
        role(f"heading{level}", f'{keep_heading}{line}{indent2}<w:jc w:val="both"/><w:outlineLvl w:val="{level - 1}"/>',
             body_rpr(font, not_bold), nxt=body_id, extra='<w:uiPriority w:val="9"/>')
    centred = f'{no_indent}<w:jc w:val="center"/>'
    role("subtitle", f"{keep_next}{line}{centred}", body_rpr(f.kai), nxt=STYLES["speaker"][0])
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
    # a table's title always stays with its table (it is one line: the 22-line grid is not at stake)
    role("table-title", f'<w:keepNext/>{line}{centred}', body_rpr(f.hei), nxt=body_id)
    # Table cells: single spacing off the line grid, or 28.95 pt rows become tall and clip the text.
    # Table cells: off the line grid, exactly 1.25 lines of the table size: "single" spacing in the CJK
    # fonts is about 1.45 em, which makes a ledger of long cells a page longer.
    cell = ('<w:widowControl w:val="0"/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" '
            f'w:line="{round(sz.table * 20 * 1.25)}" w:lineRule="exact"/>{no_indent}')
    role("table-text", f'{cell}<w:jc w:val="left"/>', rpr(f.table, f.latin, sz.table))
    role("table-header", f'{cell}<w:jc w:val="center"/>', rpr(f.hei, f.latin, sz.table),
         based=STYLES["table-text"][0])
    role("table-centred", f'{cell}<w:jc w:val="center"/>', rpr(f.table, f.latin, sz.table),
         based=STYLES["table-text"][0])
    # Page numbers "— N —": one character in from the outer edge; exact spacing of one number height
    # so that the footer distance in the section puts the top of the line where it belongs.
    pn = round(sz.page_number * 20)
    pn_line = f'<w:spacing w:before="0" w:after="0" w:line="{pn}" w:lineRule="exact"/>'
    pn_rpr = rpr(f.page_number, f.page_number, sz.page_number, hint=True)
    role("page-number-odd", f'{pn_line}<w:ind w:right="{pn}" w:rightChars="100"/><w:jc w:val="right"/>', pn_rpr)
    role("page-number-even", f'{pn_line}<w:ind w:left="{pn}" w:leftChars="100"/><w:jc w:val="left"/>', pn_rpr)

    # 公文 matter. The 版头's vertical positions depend on the document (document.py); the styles give fonts.
    role("issuer", f'{line}{centred}', _issuer_rpr(p))
    role("doc-number", f'{line}{centred}', body_rpr(f.body))
    role("note", f'{line}{indent2}<w:jc w:val="left"/>', body_rpr(f.body))
    role("attachment-mark", f'{line}{no_indent}<w:jc w:val="left"/>', body_rpr(f.hei), nxt=STYLES["attachment-title"][0])
    role("attachment-title", f'<w:keepNext/>{line_before}{line_after}{centred}', rpr(f.title, f.latin, sz.title, 0, not_bold),
         nxt=body_id)
    # 版记 in 4号仿宋, 左右各空一字 (document.py puts it in a table at the foot of the last page)
    small = round(sz.page_number * 20)
    role("copy-to", f'{cell}<w:ind w:left="{small}" w:right="{small}"/><w:jc w:val="left"/>',
         rpr(f.body, f.latin, sz.page_number))
    role("imprint", f'{cell}<w:ind w:left="{small}" w:right="{small}"/><w:jc w:val="left"/>',
         rpr(f.body, f.latin, sz.page_number))

    lead_extra = {"bold": '<w:b/><w:bCs/>', "kai": "", "hei": "", "none": ""}[p.lead]
    lead_font = {"kai": f.kai, "hei": f.hei}.get(p.lead, f.body)
    sid, name = LEAD_STYLE
    out.append('<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
               '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
               '<w:unhideWhenUsed/></w:style>')
    out.append(f'<w:style w:type="character" w:styleId="{sid}"><w:name w:val="{name}"/>'
               f'<w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>{body_rpr(lead_font, lead_extra)}</w:style>')
    bold = '<w:b/><w:bCs/>'
    for (sid2, name2), font2, extra2 in ((LEAD2_STYLE, f.heading2, not_bold), (LEAD3_STYLE, f.heading3, bold),
                                         (SIGNER_STYLE, f.kai, "")):
        out.append(f'<w:style w:type="character" w:styleId="{sid2}"><w:name w:val="{name2}"/>'
                   f'<w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>{body_rpr(font2, extra2)}</w:style>')
    out.append('<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
               '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:pPr>' + cell + '</w:pPr>'
               + rpr(f.table, f.latin, sz.table) +
               # 1 mm above and below the text in every cell: ledger rows stay readable, not cramped
               '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="57" w:type="dxa"/>'
               '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
               '</w:tblCellMar></w:tblPr></w:style>')
    out.append("</w:styles>")
    return "".join(out)

