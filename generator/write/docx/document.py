"""document.xml: the body (paragraphs by role, tables) and the section properties."""
from __future__ import annotations

from dataclasses import dataclass

from generator.model.profiles import Profile
from generator.model.tree import Block, Document, Span, Table
from generator.text.titlelines import split_title
from generator.write.docx.parts import R_NS, W_NS, XML_DECL, clean, esc, twips_mm
from generator.write.docx.styles import LEAD_STYLE, STYLES, geometry

def sect_pr(p: Profile, landscape: bool) -> str:
    g = geometry(p, landscape)
    orient = ' w:orient="landscape"' if landscape else ""
    # Line grid only ("lines"): a character grid is not portable (see geometry).
    return ('<w:sectPr><w:footerReference w:type="default" r:id="rId4"/>'
            '<w:footerReference w:type="even" r:id="rId5"/>'
            f'<w:pgSz w:w="{g.page_w}" w:h="{g.page_h}"{orient}/>'
            f'<w:pgMar w:top="{g.top}" w:right="{g.right}" w:bottom="{g.bottom}" w:left="{g.left}" '
            f'w:header="851" w:footer="{g.footer}" w:gutter="0"/><w:cols w:space="425"/>'
            f'<w:docGrid w:type="lines" w:linePitch="{g.pitch}"/></w:sectPr>')



@dataclass(frozen=True, slots=True)
class Layout:
    """What writing document.xml needs from the profile, computed once per profile."""
    sect: str
    sect_landscape: str
    ppr: dict                  # role → '<w:pPr><w:pStyle …/></w:pPr>'
    lead_rpr: str
    title_chars: float         # title characters that fit a line
    text_w: tuple[int, int]    # type width in twips, portrait and landscape


def layout(p: Profile) -> Layout:
    portrait, landscape = geometry(p, False), geometry(p, True)
    return Layout(
        sect=sect_pr(p, False),
        sect_landscape=sect_pr(p, True),
        ppr={role: f'<w:pPr><w:pStyle w:val="{sid}"/></w:pPr>' for role, (sid, _) in STYLES.items()},
        lead_rpr=f'<w:rPr><w:rStyle w:val="{LEAD_STYLE[0]}"/></w:rPr>',
        title_chars=portrait.text_w / (p.sizes.title * 20),
        text_w=(portrait.text_w, landscape.text_w),
    )


# ---------------------------------------------------------------- document.xml


def _paragraph(b: Block, base: Layout, out: list, page_break: bool = False) -> None:
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
        out.append('</w:t><w:br/><w:t xml:space="preserve">'.join(esc(line) for line in lines))
        out.append("</w:t></w:r>")
    else:
        for s in b.spans:
            if not s.text:
                continue
            if s.role == "lead":
                out.append(f'<w:r>{base.lead_rpr}<w:t xml:space="preserve">{esc(s.text)}</w:t></w:r>')
            else:
                out.append(f'<w:r><w:t xml:space="preserve">{esc(s.text)}</w:t></w:r>')
    out.append("</w:p>")


def _cell_par(text: str, ppr: str) -> str:
    runs = f'<w:r><w:t xml:space="preserve">{esc(text)}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{runs}</w:p>"


def _table(t: Table, base: Layout, text_w: int, out: list) -> None:
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
    widths = [twips_mm(w) for w in t.widths_mm] if len(t.widths_mm) == n and all(
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


def document_xml(doc: Document, base: Layout) -> str:
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

