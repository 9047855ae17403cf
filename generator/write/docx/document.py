"""document.xml: the body (paragraphs by role, tables) and the section properties."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from generator.model.profiles import Profile
from generator.model.tree import Block, Document, Span, Table
from generator.text.titlelines import segments, split_title
from generator.write.docx import paginate
from generator.write.docx.parts import R_NS, W_NS, XML_DECL, clean, esc, twips_mm
from generator.write.docx.styles import LEAD2_STYLE, LEAD3_STYLE, LEAD_STYLE, RED, SIGNER_STYLE, STYLES, geometry

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
    title_chars: float         # title characters that fit a line (portrait)
    text_w: tuple[int, int]    # type width in twips, portrait and landscape
    pitch: int                 # line pitch in twips (one 行 of the grid)
    body_pt: float             # 3号
    small_pt: float            # 4号: 版记
    title_pt: float
    issuer_pt: float
    char_spacing: int          # twentieths of a point added to every body character
    table_pt: float = 12.0
    title_chars_landscape: float = 0.0
    grid: bool = True          # the 22-line grid is kept (gbt9704); False: the renderer's own keep rules
    page_h: tuple[int, int] = (12756, 8844)  # type-area height in twips, portrait and landscape
    chars: int = 28            # characters on a full line


def layout(p: Profile) -> Layout:
    portrait, landscape = geometry(p, False), geometry(p, True)
    return Layout(
        sect=sect_pr(p, False),
        sect_landscape=sect_pr(p, True),
        ppr={role: f'<w:pPr><w:pStyle w:val="{sid}"/></w:pPr>' for role, (sid, _) in STYLES.items()},
        lead_rpr=f'<w:rPr><w:rStyle w:val="{LEAD_STYLE[0]}"/></w:rPr>',
        title_chars=portrait.text_w / (p.sizes.title * 20),
        text_w=(portrait.text_w, landscape.text_w),
        pitch=portrait.pitch,
        body_pt=p.sizes.body,
        small_pt=p.sizes.page_number,
        title_pt=p.sizes.title,
        issuer_pt=p.sizes.issuer,
        char_spacing=portrait.char_spacing,
        title_chars_landscape=landscape.text_w / (p.sizes.title * 20),
        table_pt=p.sizes.table,
        grid=not p.keep_together,
        page_h=(portrait.page_h - portrait.top - portrait.bottom, landscape.page_h - landscape.top - landscape.bottom),
        chars=p.chars_per_line or 28,
    )


# ---------------------------------------------------------------- measuring text
#
# Positions the standard gives in 字 (characters) and 行 (lines) are computed in twips from the advance
# widths the renderer uses: a Chinese character is one em of its size, Latin letters and digits (Times
# New Roman) about half an em; the body styles add `char_spacing` to every character.

# LibreOffice sets a 16 pt line of Noto CJK (the stand-in for 仿宋/小标宋) with its text box (pdftotext's
# yMin..yMax) 1.29 em high, its foot on the foot of an exactly spaced line: measured, see docs/layout.md.
BOX_EM = 1.30
# How far that box reaches below the foot of the line, measured: the 小标宋 stand-in (title, 标志) and
# the 仿宋 stand-in (body). Only LibreOffice's placement is known here; Word places lines alike within
# a fraction of a millimetre.
DROP_TITLE = round(0.78 * 1440 / 25.4)
DROP_BODY = round(0.09 * 1440 / 25.4)
MM = 1440 / 25.4  # twips per millimetre


def text_width(text: str, size_pt: float, spacing: int = 0) -> int:
    """Advance width in twips of `text` set at `size_pt` with `spacing` twentieths of a point per character."""
    em = size_pt * 20
    w = 0.0
    for c in text:
        w += (0.5 if unicodedata.east_asian_width(c) in ("N", "Na", "H") else 1.0) * em + spacing
    return round(w)


def _char(base: Layout, size_pt: float | None = None) -> int:
    """One 字 in twips: a character of the body size (or `size_pt`) with the grid's spacing."""
    if size_pt is None:
        return round(base.body_pt * 20 + base.char_spacing)
    return round(size_pt * 20)


def _ppr(base: Layout, role: str, extra: str) -> str:
    sid = STYLES[role][0]
    return f'<w:pPr><w:pStyle w:val="{sid}"/>{extra}</w:pPr>'


def _keep_with_next(ppr: str) -> str:
    """The paragraph stays on the page of the next one (keepNext goes right after pStyle, as the schema
    orders it)."""
    at = ppr.index("/>", ppr.index("<w:pStyle")) + 2
    return ppr[:at] + "<w:keepNext/>" + ppr[at:]


# Paragraphs between the text and the 署名 that travel with it: the 落款 never stands alone on a page.
_CLOSING_CHAIN = ("closing", "attachment")


def _closing_chain(blocks: list) -> set[int]:
    """Indexes of the paragraphs kept with the 署名: the closing words and 附件说明 just above it, the
    text above them back to two lines' worth, and a heading right above that text, so the 落款 page
    always has text on it and no heading ends the page before (GB/T 9704 §7.3.5: no 落款 page alone).
    A paragraph of more than four lines is not pulled along (renderers move a kept paragraph whole)."""
    out: set[int] = set()

    def lines(b: Block) -> int:
        return -(-len(b.text) // 28)

    for k, b in enumerate(blocks):
        if not (isinstance(b, Block) and b.role == "signature"):
            continue
        j, have = k - 1, 0
        while j >= 0 and isinstance(blocks[j], Block) and blocks[j].role in _CLOSING_CHAIN:
            out.add(j)
            have += lines(blocks[j]) if blocks[j].role == "closing" else 0
            j -= 1
        while (have < 2 and j >= 0 and isinstance(blocks[j], Block) and blocks[j].role == "body"
               and lines(blocks[j]) <= 4):
            out.add(j)
            have += lines(blocks[j])
            j -= 1
        if have and j >= 0 and isinstance(blocks[j], Block) and blocks[j].role.startswith("heading") \
                and j + 1 in out:
            out.add(j)  # a heading above that text goes along, or it would end the page alone
    return out


def _spacing(before: int, line: int, after: int = 0) -> str:
    return f'<w:spacing w:before="{max(0, before)}" w:after="{after}" w:line="{line}" w:lineRule="exact"/>'


# ---------------------------------------------------------------- runs

# Punctuation Word would otherwise set in the Latin font when it stands in Chinese text (“” ‘’ — … ·):
# w:hint="eastAsia" on the run tells Word these belong to the East Asian font slot.
_AMBIGUOUS = re.compile("[“”‘’—…·]")
_CJK = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_LEAD2 = re.compile("^（[一二三四五六七八九十]+）")
_LEAD3 = re.compile("^[0-9]+[.．]")


def _hint(text: str) -> str:
    return '<w:rFonts w:hint="eastAsia"/>' if _AMBIGUOUS.search(text) and _CJK.search(text) else ""


def _run(text: str, style: str | None = None, spacing: int | None = None) -> str:
    props = (f'<w:rStyle w:val="{style}"/>' if style else "") + _hint(text)
    if spacing is not None:  # a paragraph set a character looser or tighter (paginate.fit_headings)
        props += f'<w:spacing w:val="{spacing}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def _lead_style(text: str) -> str:
    if _LEAD2.match(text):
        return LEAD2_STYLE[0]
    if _LEAD3.match(text):
        return LEAD3_STYLE[0]
    return LEAD_STYLE[0]


def _runs(b: Block, out: list, spacing: int | None = None) -> None:
    for s in b.spans:
        if not s.text:
            continue
        if s.role == "lead":
            out.append(_run(s.text, _lead_style(s.text), spacing))
        elif s.role == "signer":
            out.append(_run(s.text, SIGNER_STYLE[0], spacing))
        else:
            out.append(_run(s.text, None, spacing))


# ---------------------------------------------------------------- document.xml


def _paragraph(b: Block, base: Layout, out: list, page_break: bool = False, ppr: str | None = None,
               landscape: bool = False, spacing: int | None = None) -> None:
    if ppr is None:
        ppr = base.ppr.get(b.role)
    if ppr is None:
        raise ValueError(f"unknown paragraph role {b.role!r}")
    out.append("<w:p>")
    out.append(ppr)
    if page_break:
        out.append('<w:r><w:br w:type="page"/></w:r>')
    if b.role in ("title", "attachment-title"):
        chars = base.title_chars_landscape if landscape else base.title_chars
        lines = split_title(clean(b.text).strip(), chars)
        hint = _hint(b.text)
        out.append(f'<w:r><w:rPr>{hint}</w:rPr><w:t xml:space="preserve">' if hint else '<w:r><w:t xml:space="preserve">')
        out.append('</w:t><w:br/><w:t xml:space="preserve">'.join(esc(line) for line in lines))
        out.append("</w:t></w:r>")
    else:
        _runs(b, out, spacing)
    out.append("</w:p>")


# ---------------------------------------------------------------- 版头 (GB/T 9704 §7.2)


def _head(blocks: list, base: Layout, out: list) -> tuple[int, int]:
    """The 发文机关标志, the 发文字号 (with 签发人 for 上行文) and the red rule on page 1; returns the
    spacing the title needs above it so that it sits 下空二行 under the rule, on the line grid, and the
    height (twips) from the top of the type area to the title's line.

    Vertical positions from the top of the type area (版心), in twips; LibreOffice sets a line's text box
    on the foot of its exactly spaced line (BOX_EM):
      标志 top 35 mm; 发文字号 下空二行 (two lines) under the 标志; the rule 4 mm under the 发文字号;
      the title 下空二行 under the rule. The 标志's size (≤ the profile's) is chosen so that the title
      lands on a line of the grid and every line below it keeps the 22-line grid."""
    issuer = next((b for b in blocks if b.role == "issuer"), None)
    number = next((b for b in blocks if b.role == "doc-number"), None)
    P, text_w = base.pitch, base.text_w[0]
    box = lambda pt: BOX_EM * pt * 20  # noqa: E731  text box height of a line at pt
    top = 35 * MM
    gap_pt = round(4 * MM / 20)  # the rule 4 mm under the 发文字号 (w:space is in whole points)
    rule_sz = 8  # eighths of a point: 1 pt ≈ 0.35 mm
    border = gap_pt * 20 + rule_sz / 8 * 20
    size = 0.0
    if issuer is not None:
        n = max(1.0, text_width(clean(issuer.text), 1.0) / 20)  # width in characters
        size = min(base.issuer_pt, text_w / n / 20)

    def number_foot(s: float) -> float:  # the foot of the 发文字号's line
        mark = top + box(s) if issuer is not None else top - 2 * P
        return mark + 2 * P + box(base.body_pt) - DROP_BODY

    def title_top(s: float) -> float:  # where the title's line starts, 下空二行 under the rule
        rule = number_foot(s) + border
        return rule + 2 * P - (P - box(base.title_pt) + DROP_TITLE)

    # Shrink the 标志 (never below 3/4 of its size) or grow the gap so that the title starts on a grid line.
    exact = title_top(size)
    rows = exact // P
    smaller = size - (exact - rows * P) / (BOX_EM * 20)
    if issuer is not None and smaller >= 0.75 * size:
        size = smaller
    else:
        rows += 1
    target = rows * P
    used = 0.0
    if issuer is not None:
        h = round(1.5 * size * 20)
        before = round(top + box(size) - DROP_TITLE - h)
        half = round(size * 2)
        out.append("<w:p>" + _ppr(base, "issuer", _spacing(before, h)))
        out.append(f'<w:r><w:rPr><w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>'
                   f'<w:t xml:space="preserve">{esc(issuer.text)}</w:t></w:r></w:p>')
        used = before + h
    before = round(number_foot(size) - P - used)
    signer = "".join(s.text for s in number.spans if s.role == "signer") if number is not None else ""
    plain = "".join(s.text for s in number.spans if s.role != "signer").split("签发人：")[0].strip() \
        if number is not None else ""
    rule = f'<w:pBdr><w:bottom w:val="single" w:sz="{rule_sz}" w:space="{gap_pt}" w:color="{RED}"/></w:pBdr>'
    if signer:  # 上行文: 发文字号 左空一字, 签发人 居右空一字 on the same line
        ch = _char(base)
        extra = (f'{rule}<w:tabs><w:tab w:val="right" w:pos="{text_w - ch}"/></w:tabs>'
                 f'{_spacing(before, P)}<w:ind w:left="{ch}" w:firstLine="0"/><w:jc w:val="left"/>')
    else:
        extra = f'{rule}{_spacing(before, P)}'
    out.append("<w:p>" + _ppr(base, "doc-number", extra))
    if plain:
        out.append(_run(plain))
    if signer:
        out.append('<w:r><w:tab/></w:r>' + _run("签发人：") + _run(signer, SIGNER_STYLE[0]))
    out.append("</w:p>")
    used += before + P + border
    return max(0, round(target - used)), round(max(target, used))


# ---------------------------------------------------------------- 署名, 成文日期, 附件说明


def _signature(sig: Block | None, date: Block | None, base: Layout, sealed: bool) -> tuple[str, str]:
    """Direct paragraph properties for the 署名 and the 成文日期 (GB/T 9704 §7.3.5).

    Unsealed: 署名 右空二字, the date's first character two characters right of the 署名's first one (the
    date is set flush left from there, so its own width, which renderers measure differently, does not
    matter); a date longer than the 署名 is 右空二字 with the 署名 centred over it. Sealed: the date
    右空四字, the 署名 centred over the date, three blank lines above the 署名 for the seal."""
    ch = _char(base)
    text_w = base.text_w[0]
    wn = text_width(clean(sig.text).strip(), base.body_pt, base.char_spacing) if sig else 0
    wd = _date_width(clean(date.text).strip(), base) if date else 0

    def right(r: float) -> str:
        r = max(0, round(r))
        return (f'<w:ind w:right="{r}" w:rightChars="{round(r / (base.body_pt * 20) * 100)}" '
                'w:firstLineChars="0" w:firstLine="0"/>')

    if sealed:
        name, when = right(4 * ch + (wd - wn) / 2), right(4 * ch)
    elif sig is None:
        name, when = right(2 * ch), right(2 * ch)
    elif wd > wn:
        name, when = right(2 * ch + (wd - wn) / 2), right(2 * ch)
    else:
        left = max(0, text_w - 2 * ch - wn + 2 * ch)
        name = right(2 * ch)
        when = (f'<w:ind w:left="{left}" w:right="0" w:rightChars="0" w:firstLineChars="0" w:firstLine="0"/>'
                '<w:jc w:val="left"/>')
    before = 3 * base.pitch if sealed else base.pitch
    return _spacing(before, base.pitch) + name, when


# LibreOffice puts about 3.5 pt between a Chinese character and a digit (Word, with autoSpaceDE off,
# puts none): counted when the date's width decides where the 署名 goes.
_LATIN_GAP = 70
_TRANSITION = re.compile(r"(?<=[0-9A-Za-z])(?=[^0-9A-Za-z])|(?<=[^0-9A-Za-z])(?=[0-9A-Za-z])")


def _date_width(text: str, base: Layout) -> int:
    gaps = len(_TRANSITION.findall(text))
    return text_width(text, base.body_pt, base.char_spacing) + gaps * _LATIN_GAP


_ATTACH = re.compile(r"^(附件[：:])?\s*([0-9]+[.．])?\s*(.*)$", re.S)


def _attachment_ppr(b: Block, base: Layout, first_of_many: bool) -> tuple[str, list[str]]:
    """附件说明 (§7.3.4): 左空二字 "附件：" + name; numbered names "1." "2." ; a wrapped name aligns with
    the first character of the name above. Returns the paragraph properties and the run texts."""
    m = _ATTACH.match(clean(b.text).strip())
    label, num, name = m[1] or "", m[2] or "", m[3]
    ch = _char(base)
    label_w = 3 * ch  # 附件：
    num_w = round(1.5 * ch) if num else 0  # room for "1." to "99." before the tab
    left = 2 * ch + label_w + num_w
    first = 2 * ch if label else 2 * ch + label_w
    hanging = left - first
    tabs = f'<w:tabs><w:tab w:val="left" w:pos="{left}"/></w:tabs>' if num else ""
    texts = [label + num + ("\t" if num else ""), name] if (label or num) else [name]
    before = base.pitch if label else 0
    # in the schema's order: tabs, spacing, ind
    return f'{tabs}{_spacing(before, base.pitch)}<w:ind w:left="{left}" w:hanging="{hanging}"/>', texts


# ---------------------------------------------------------------- 版记 (§7.4)


def _imprint(blocks: list, base: Layout, out: list) -> None:
    """抄送机关 and 印发机关和印发日期 at the foot of the last page: a table floating at the bottom of the
    type area, full 版心 width, rules (cell borders) first and last 0.35 mm, the middle ones 0.25 mm.
    Positioned against the page edge, not the margin: LibreOffice only floats tables narrower than the
    column they stand in, and a full-width 版记 is exactly as wide as the column."""
    text_w, P = base.text_w[0], base.pitch
    small = _char(base, base.small_pt)
    rows = []
    for b in blocks:
        if b.role == "copy-to":
            text = clean(b.text).strip()
            label = "抄送：" if text.startswith("抄送：") else ""
            # wrapped names align after the colon: 左空一字 plus a hanging indent the width of "抄送："
            ppr = (f'<w:ind w:left="{small + 3 * small if label else small}" w:right="{small}" '
                   f'w:hanging="{3 * small if label else 0}"/>')
            rows.append(("copy-to", ppr, [(text, None)]))
        elif b.role == "imprint":
            org = "".join(s.text for s in b.spans if s.role != "when")
            when = "".join(s.text for s in b.spans if s.role == "when")
            ppr = (f'<w:tabs><w:tab w:val="right" w:pos="{text_w - small}"/></w:tabs>'
                   f'<w:ind w:left="{small}" w:right="0"/>')
            rows.append(("imprint", ppr, [(org.strip(), None), ("\t", None), (when.strip(), None)]))
    if not rows:
        return
    thick, thin = 8, 6  # eighths of a point: 1 pt = 0.35 mm, 0.75 pt = 0.26 mm
    left = round(base_left_margin(base))
    out.append('<w:tbl><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" '
               f'w:bottomFromText="0" w:vertAnchor="margin" w:horzAnchor="page" w:tblpX="{left}" '
               f'w:tblpYSpec="bottom"/><w:tblW w:w="{text_w}" w:type="dxa"/>'
               '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
               '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
               f'<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid><w:gridCol w:w="{text_w}"/></w:tblGrid>')
    for i, (role, ppr, runs) in enumerate(rows):
        top = thick if i == 0 else thin
        bottom = thick if i == len(rows) - 1 else thin
        borders = (f'<w:tcBorders><w:top w:val="single" w:sz="{top}" w:space="0" w:color="auto"/>'
                   '<w:left w:val="nil"/>'
                   f'<w:bottom w:val="single" w:sz="{bottom}" w:space="0" w:color="auto"/><w:right w:val="nil"/>'
                   '</w:tcBorders>')
        out.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{P}" w:hRule="atLeast"/></w:trPr>'
                   f'<w:tc><w:tcPr><w:tcW w:w="{text_w}" w:type="dxa"/>{borders}</w:tcPr>')
        tabs, rest = ppr.split("</w:tabs>", 1) if "</w:tabs>" in ppr else ("", ppr)
        tabs += "</w:tabs>" if tabs else ""
        out.append("<w:p>" + _ppr(base, role, tabs + _spacing(0, P) + rest))  # the schema's order: tabs, spacing, ind
        for text, style in runs:
            if text == "\t":
                out.append("<w:r><w:tab/></w:r>")
            elif text:
                out.append(_run(text, style))
        out.append("</w:p></w:tc></w:tr>")
    out.append("</w:tbl>")


def base_left_margin(base: Layout) -> int:
    """The left margin in twips, read back from the section properties."""
    m = re.search(r'w:left="(\d+)"', base.sect)
    return int(m[1]) if m else 1587


def _cell_par(text: str, ppr: str, size: str = "") -> str:
    if not text:
        return f"<w:p>{ppr}</w:p>"
    run = _run(text)
    if size:  # a table set smaller than the profile's table size (小五): direct size on the run
        run = run.replace("<w:r><w:t", f"<w:r><w:rPr>{size}</w:rPr><w:t", 1) if "<w:rPr>" not in run else \
            run.replace("</w:rPr>", f"{size}</w:rPr>", 1)
    return f"<w:p>{ppr}{run}</w:p>"


# Column sizing from content (cell text in the table size, no character spacing):
# - a column is at least as wide as its header (header words never break: 责任领导, 完成时限, 整改状态),
#   its widest date (2025年12月31日 stays on one line) and its widest Latin/digit run;
# - the rest of the type width goes to the columns in proportion to how much text they hold beyond that.
_DATE = re.compile(r"[0-9]{4}年[0-9]{1,2}月([0-9]{1,2}日)?|[0-9]{1,2}月[0-9]{1,2}日|[0-9]{4}[-./][0-9]{1,2}[-./][0-9]{1,2}")
_YEAR_BREAK = re.compile("(?<=年)")
_LATIN_RUN = re.compile(r"[0-9A-Za-z.%\-]+")
_CENTRED_HEAD = re.compile("序号|编号|状态|时限|日期|时间|完成率|问题数|涉及问题|已完成|推进中|未启动|领导")
_CELL_PAD = 2 * 108  # left and right cell margins (TableNormal)


def _column_widths(header: list[str], rows: list[list[str]], n: int, text_w: int, size_pt: float,
                   merged: frozenset = frozenset()) -> list[int]:
    cols = [[str(r[c]) if c < len(r) else "" for r in rows] for c in range(n)]
    heads = [header[c] if c < len(header) else "" for c in range(n)]
    mins, weights = [], []
    gap = round(0.22 * size_pt * 20)  # LibreOffice's space between Chinese and digits (see _LATIN_GAP)

    def whole(tok: str) -> int:  # a run that must not break, with the gaps at its Chinese/digit seams
        return text_width(tok, size_pt) + gap * len(_TRANSITION.findall(tok))

    full_mins = []
    for head, cells in zip(heads, cols):
        # header words never break: 责任领导 may stand as 责任/领导, never as 责任领/导
        m = max((whole(w) for w in segments(head)), default=0) if head else 0
        full = whole(head) if head else 0
        total = 0
        for cell in cells:
            for line in cell.split("\n"):
                total += text_width(line, size_pt)
                for tok in (d.group(0) for d in _DATE.finditer(line)):
                    # a date breaks only after its year (2025年 / 12月31日), never inside a number
                    m = max(m, max(whole(part) for part in _YEAR_BREAK.split(tok)))
                for tok in _LATIN_RUN.findall(line):
                    m = max(m, whole(tok))
        m = max(m, round(size_pt * 20 * 2)) + _CELL_PAD  # never narrower than two characters
        mins.append(m)
        full_mins.append(max(m, full + _CELL_PAD))
        # a merged column (类别) spreads its text down the rows it spans: it needs no more than its minimum
        weights.append(0 if len(full_mins) - 1 in merged else max(0, total / max(1, len(cells)) - m + _CELL_PAD))
    if sum(full_mins) <= text_w:  # room for every header on one line
        mins = full_mins
        weights = [max(0.0, w + 0.0) for w in weights]
    free = text_w - sum(mins)
    if free < 0:  # even the minimum does not fit: shrink proportionally
        return [w * text_w // sum(mins) for w in mins]
    if not any(weights):
        weights = [1.0] * n
    # The free width goes, one character at a time, to the column that shortens the table most (the sum
    # of the row heights, a row being as tall as its tallest cell); a merged column counts once per group.
    widths = list(mins)
    step = round(size_pt * 20)
    lengths = [[[text_width(x, size_pt) for x in str(cell).split("\n")] for cell in col] for col in cols]

    def lines(c: int, w: int) -> list[int]:
        room = max(1, w - _CELL_PAD)
        if c in merged:
            return [0] * len(rows)
        return [sum(max(1, -(-x // room)) for x in cell) for cell in lengths[c]]

    per_col = [lines(c, widths[c]) for c in range(n)]

    def height(cols_lines) -> int:
        return sum(max(col[r] for col in cols_lines) for r in range(len(rows)))

    while free >= step and rows:
        base_h = height(per_col)
        best, best_gain = None, 0
        for c in range(n):
            if weights[c] == 0:
                continue
            trial = lines(c, widths[c] + step)
            gain = base_h - height(per_col[:c] + [trial] + per_col[c + 1:])
            if gain > best_gain:
                best, best_gain = c, gain
        if best is None:
            break
        widths[best] += step
        per_col[best] = lines(best, widths[best])
        free -= step
    # what no column can use any more: in proportion to the text the columns hold
    total_w = sum(weights)
    widths = [w + int(free * x / total_w) for w, x in zip(widths, weights)]
    widths[max(range(n), key=lambda c: weights[c])] += text_w - sum(widths)  # exact total
    return widths


def _header_lines(text: str, room: int, size_pt: float) -> str:
    """A header that does not fit its column, broken between words (责任/领导), lines joined by newlines."""
    if "\n" in text or text_width(text, size_pt) <= room:
        return text
    lines, cur = [], ""
    for w in segments(text):
        if cur and text_width(cur + w, size_pt) > room:
            lines.append(cur)
            cur = w
        else:
            cur += w
    lines.append(cur)
    return "\n".join(lines)


def _date_lines(text: str, room: int, size_pt: float) -> str:
    """A cell whose date would break inside a number: a line break after the year instead."""
    out = []
    for line in text.split("\n"):
        if text_width(line, size_pt) + round(0.22 * size_pt * 20) * len(_TRANSITION.findall(line)) <= room:
            out.append(line)
            continue
        out.append(_DATE.sub(lambda m: m.group(0).replace("年", "年\n", 1), line))
    return "\n".join(out)


def _centred(header: list[str], rows: list[list[str]], n: int) -> list[bool]:
    out = []
    for c in range(n):
        head = header[c] if c < len(header) else ""
        cells = [str(r[c]) for r in rows if c < len(r) and str(r[c])]
        short = all(len(x) <= 4 or _DATE.fullmatch(x) or re.fullmatch(r"[0-9.%]+", x) for x in cells)
        out.append(bool(_CENTRED_HEAD.search(head)) or (bool(cells) and short))
    return out


def _table(t: Table, base: Layout, text_w: int, out: list, size_pt: float | None = None) -> list[int]:
    """Explicit widths everywhere (tblW, gridCol, tcW), from the template or from the content; the header
    row repeated on every page; rows never split across pages; 序号, 状态 and date columns centred; equal
    neighbouring cells of the `merge` columns (a category) merged vertically. Returns the rows' heights
    in twips as the renderer will likely set them (paginate)."""
    # A page break is content (what Ctrl+Enter inserts), not paragraph formatting: the title carries it.
    pt = base.table_pt if size_pt is None else size_pt
    if t.new_page and not t.title:
        out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
    if t.title:
        _paragraph(Block("table-title", [Span(t.title)]), base, out, page_break=t.new_page)
    rows = [list(t.header), *(list(r) for r in t.rows)] if t.header else [list(r) for r in t.rows]
    n = max((len(r) for r in rows), default=0)
    if n == 0:
        return []
    body = [list(r) for r in t.rows]
    if len(t.widths_mm) == n and all(w > 0 for w in t.widths_mm):
        widths = [twips_mm(w) for w in t.widths_mm]
    elif t.widths_mm:  # widths that do not match the columns: equal columns
        widths = [text_w // n] * n
    else:
        widths = _column_widths(list(t.header), body, n, text_w, pt, frozenset(t.merge))
    total = sum(widths)
    if total > text_w:  # never wider than the type area: shrink proportionally
        widths = [w * text_w // total for w in widths]
    centred = _centred(list(t.header), body, n)
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out.append(f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
               f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>')
    out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out.append("</w:tblGrid>")
    merged = set(c for c in t.merge if 0 <= c < n)
    offset = 1 if t.header else 0
    em, gap = pt * 20, round(0.22 * pt * 20)
    # a row: its tallest cell's lines at the cell spacing (1.25 lines) and the rule; LibreOffice sets body
    # rows without the cell margins above and below, the header row with them (measured)
    line_h, pad, head_pad = round(pt * 20 * 1.25), 20, 140
    # smaller than the styles' table size: the size on every run, the line spacing on every paragraph
    size = f'<w:sz w:val="{round(pt * 2)}"/><w:szCs w:val="{round(pt * 2)}"/>' if pt != base.table_pt else ""
    cell_spacing = f'<w:spacing w:before="0" w:after="0" w:line="{line_h}" w:lineRule="exact"/>' if size else ""
    heights = []
    for i, row in enumerate(rows):
        tallest = 1
        header = i == 0 and bool(t.header)
        out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else
                   "<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        cells = row + [""] * (n - len(row))
        for c, (w, text) in enumerate(zip(widths, cells)):
            vmerge = ""
            if not header and c in merged:
                k = i - offset
                same_above = k > 0 and str(body[k - 1][c] if c < len(body[k - 1]) else "") == str(text) and text
                same_below = (k + 1 < len(body) and str(body[k + 1][c] if c < len(body[k + 1]) else "") == str(text)
                              and text)
                if same_above:
                    vmerge = '<w:vMerge/>'
                elif same_below:
                    vmerge = '<w:vMerge w:val="restart"/>'
            role = "table-header" if header else ("table-centred" if centred[c] else "table-text")
            ppr = base.ppr[role]
            if header and text:
                text = _header_lines(str(text), w - _CELL_PAD, pt)
            elif text and _DATE.search(str(text)):
                text = _date_lines(str(text), w - _CELL_PAD, pt)
            if cell_spacing:
                ppr = ppr.replace("</w:pPr>", cell_spacing + "</w:pPr>")
            pars = "" if vmerge == "<w:vMerge/>" else "".join(_cell_par(line, ppr, size)
                                                             for line in str(text).split("\n"))
            if c not in merged or header:
                room = max(1, w - _CELL_PAD)
                tallest = max(tallest, sum(paginate.lines(x, room, room, em, 0, gap) for x in str(text).split("\n")))
            if not pars:
                pars = f"<w:p>{ppr}</w:p>"
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>{vmerge}<w:vAlign w:val="center"/></w:tcPr>'
                       f"{pars}</w:tc>")
        out.append("</w:tr>")
        heights.append(tallest * line_h + (head_pad if header else pad))
    out.append("</w:tbl>")
    return heights


_HEAD = ("issuer", "doc-number")
_IMPRINT = ("copy-to", "imprint")
_INDENTED = frozenset({"heading1", "heading2", "heading3", "heading4", "body", "closing", "source", "note",
                       "outline-summary"})
_HEADINGS = frozenset({"heading1", "heading2", "heading3", "heading4"})


def _item(b: Block, base: Layout, text_w: int, index: int, *, before: int = 0, after: int = 0, lines: int = 0,
          first: int | None = None, rest: int | None = None, new_page: bool = False,
          spacing: int | None = None, keep: bool = False) -> paginate.Item:
    """What paginate needs of one paragraph: its lines on the grid, spacing, keep rules and text."""
    role = b.role
    indent = round(base.body_pt * 20 * 2) if role in _INDENTED else 0
    first = text_w - indent if first is None else first
    rest = text_w if rest is None else rest
    text = clean(b.text)
    em = base.body_pt * 20
    n = lines or paginate.lines(text, first, rest, em, base.char_spacing if spacing is None else spacing,
                                _LATIN_GAP)
    heading = role in _HEADINGS
    keep = keep or heading or role in ("title", "attachment-title", "table-title")
    return paginate.Item("par", index, n, before, after, keep=keep,
                         new_page=new_page or b.new_page, text=text if role in _INDENTED and not heading else "",
                         first=first, rest=rest, spacing=base.char_spacing, heading=heading)


def _title_lines(b: Block, base: Layout, landscape: bool) -> int:
    chars = base.title_chars_landscape if landscape else base.title_chars
    return len(split_title(clean(b.text).strip(), chars))


def _body(doc: Document, base: Layout, fits: dict[int, int],
          table_pt: float | None = None) -> tuple[list[str], list[paginate.Item], int]:
    """document.xml up to the 版记, the paginate items of the body, and the position in the output of the
    last body paragraph's properties (-1 when the body ends in a table)."""
    landscape = bool(doc.meta.get("landscape"))
    sealed = bool(doc.meta.get("sealed"))
    text_w, P = base.text_w[landscape], base.pitch
    out = [XML_DECL, f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>']
    items: list[paginate.Item] = []
    blocks = doc.blocks
    paras = [b for b in blocks if isinstance(b, Block)]
    title_before = None
    if any(b.role in _HEAD for b in paras):
        title_before, head_h = _head(paras, base, out)
        items.append(paginate.Item("space", height=head_h))
    attachments = [b for b in paras if b.role == "attachment"]
    many = len(attachments) > 1
    first_title = True
    kept = _closing_chain(blocks)
    last_ppr = -1
    for k, node in enumerate(blocks):
        if isinstance(node, Table):
            if node.title:
                items.append(_item(Block("table-title", [Span(node.title)]), base, text_w, -1,
                                   new_page=node.new_page, lines=1))
            heights = _table(node, base, text_w, out, table_pt)
            if heights:
                items.append(paginate.Item("table", k, rows=heights, header=bool(node.header),
                                           new_page=node.new_page and not node.title))
            last_ppr = -1
            continue
        role = node.role
        if role in _HEAD or role in _IMPRINT:
            continue
        last_ppr = len(out) + 1  # _paragraph appends "<w:p>" then the properties
        if role == "title" and first_title:
            first_title = False
            n = _title_lines(node, base, landscape)
            if title_before is not None:
                ppr = _ppr(base, "title", _spacing(title_before, base.pitch, base.pitch))
                _paragraph(node, base, out, page_break=node.new_page, ppr=ppr, landscape=landscape)
                items.append(_item(node, base, text_w, k, after=P, lines=n))
                continue
            items.append(_item(node, base, text_w, k, after=P, lines=n))
            _paragraph(node, base, out, page_break=node.new_page, landscape=landscape)
            continue
        if role == "signature":
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            date = nxt if isinstance(nxt, Block) and nxt.role == "sign-date" else None
            sig_ppr, _ = _signature(node, date, base, sealed)
            ppr = _ppr(base, role, sig_ppr)
            _paragraph(node, base, out, ppr=_keep_with_next(ppr) if date is not None else ppr)
            items.append(_item(node, base, text_w, k, before=(3 if sealed else 1) * P, lines=1,
                               keep=date is not None))
            continue
        if role == "sign-date":
            prev = blocks[k - 1] if k else None
            sig = prev if isinstance(prev, Block) and prev.role == "signature" else None
            _, date_ppr = _signature(sig, node, base, sealed)
            _paragraph(node, base, out, ppr=_ppr(base, role, date_ppr))
            items.append(_item(node, base, text_w, k, lines=1))
            continue
        if role == "attachment":
            ppr, texts = _attachment_ppr(node, base, many)
            ppr = _ppr(base, role, ppr)
            out.append("<w:p>" + (_keep_with_next(ppr) if k in kept else ppr))
            for text in texts:
                if text.endswith("\t"):
                    out.append(_run(text[:-1]) + "<w:r><w:tab/></w:r>")
                elif text:
                    out.append(_run(text))
            out.append("</w:p>")
            left = int(re.search(r'w:left="(\d+)"', ppr)[1])
            hanging = int(re.search(r'w:hanging="(\d+)"', ppr)[1])
            items.append(_item(node, base, text_w, k, before=P if texts[0].startswith("附件") else 0,
                               first=text_w - left + hanging, rest=text_w - left, keep=k in kept))
            continue
        if role == "attachment-mark":
            _paragraph(node, base, out, page_break=True)
            items.append(_item(node, base, text_w, k, lines=1, new_page=True))
            continue
        if role == "attachment-title":
            items.append(_item(node, base, text_w, k, before=P, after=P, lines=_title_lines(node, base, landscape)))
        elif role == "date-line":
            items.append(_item(node, base, text_w, k, after=P))
        elif role == "title":
            items.append(_item(node, base, text_w, k, after=P, lines=_title_lines(node, base, landscape)))
        else:
            items.append(_item(node, base, text_w, k, spacing=fits.get(k), keep=k in kept))
        # new_page: a volume's next speech
        ppr = _keep_with_next(base.ppr[role]) if k in kept else None
        _paragraph(node, base, out, page_break=node.new_page, ppr=ppr, landscape=landscape, spacing=fits.get(k))
    return out, items, last_ppr


# Table text is 五号 (the profile's size; §5.2.2 allows tables smaller than the body); when 小五号 makes the
# document a page shorter, all its tables are set in 小五号 (a 15-row ledger then fits two landscape pages).
SMALL_TABLE_PT = 9.0


# The 版记's place (GB/T 9704 §7.4, §8): at the foot of an even page.
IMPRINT_SAME, IMPRINT_NEXT, IMPRINT_BLANK = "same", "next", "blank"


def imprint_place(items: list[paginate.Item], base: Layout, imprint_h: int, landscape: bool = False) -> str:
    """Where the 版记 goes: on the page the body ends on (an even page with room at its foot), on the next
    page (the body ends on an odd page), or after a blank page (the body ends on an even page with no
    room left): that blank page and the 版记's page carry no page number (§8)."""
    page_h = base.page_h[landscape]
    _, page, y = paginate.paginate(items, page_h, base.pitch)
    if y == 0 and page > 1:  # the body filled its last page exactly
        page, y = page - 1, page_h
    fits = y + base.pitch <= page_h - imprint_h  # the anchor paragraph's line above the 版记
    if page % 2 == 0:
        return IMPRINT_SAME if fits else IMPRINT_BLANK
    return IMPRINT_NEXT


def _imprint_height(blocks: list, base: Layout) -> int:
    small = _char(base, base.small_pt)
    text_w, h = base.text_w[0], 0
    for b in blocks:
        if b.role == "copy-to":
            room = text_w - 2 * small
            h += base.pitch * paginate.lines(clean(b.text).strip(), room, room - 3 * small, small)
        elif b.role == "imprint":
            h += base.pitch
    return h + 40  # the rules


def document_xml(doc: Document, base: Layout) -> str:
    return document_parts(doc, base)[0]


def document_parts(doc: Document, base: Layout) -> tuple[str, bool]:
    """document.xml, and whether it needs the blank footer (pages without a number before the 版记)."""
    landscape = bool(doc.meta.get("landscape"))
    page_h = base.page_h[landscape]
    out, items, last_ppr = _body(doc, base, {})
    table_pt = None
    if SMALL_TABLE_PT < base.table_pt and any(isinstance(b, Table) and b.rows for b in doc.blocks):
        small = _body(doc, base, {}, SMALL_TABLE_PT)
        if paginate.paginate(small[1], page_h, base.pitch)[1] < paginate.paginate(items, page_h, base.pitch)[1]:
            table_pt, (out, items, last_ppr) = SMALL_TABLE_PT, small
    if base.grid:
        fits = paginate.fit_headings(items, page_h, base.pitch, base.chars, base.body_pt * 20,
                                     _LATIN_GAP, base.char_spacing)
        if fits:
            out, items, last_ppr = _body(doc, base, fits, table_pt)
    blocks = doc.blocks
    imprint = [b for b in blocks if isinstance(b, Block) and b.role in _IMPRINT]
    blank = False
    sect = base.sect_landscape if landscape else base.sect
    if imprint:
        place = imprint_place(items, base, _imprint_height(imprint, base), landscape)
        anchor = "<w:p/>"
        if place == IMPRINT_NEXT:
            anchor = '<w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p>'
        elif place == IMPRINT_BLANK:
            # the body's section ends with its last paragraph; a section of two pages without page
            # numbers follows: a blank page, then the 版记's page
            blank = True
            if last_ppr >= 0 and out[last_ppr].endswith("</w:pPr>"):
                out[last_ppr] = out[last_ppr][:-len("</w:pPr>")] + sect + "</w:pPr>"
            else:
                out.append(f"<w:p><w:pPr>{sect}</w:pPr></w:p>")
            sect = _blank_sect(sect)
            out.append("<w:p/>")
            anchor = '<w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p>'
        _imprint(imprint, base, out)
        out.append(anchor)  # the paragraph the floating 版记 is anchored to
    elif blocks and isinstance(blocks[-1], Table):
        out.append("<w:p/>")  # Word wants a paragraph between a final table and the section properties
    out.append(sect)
    out.append("</w:body></w:document>")
    return "".join(out), blank


BLANK_FOOTER = "rId6"


def _blank_sect(sect: str) -> str:
    """The same page in a new section whose footers are empty (no page number)."""
    return (sect.replace('r:id="rId4"', f'r:id="{BLANK_FOOTER}"').replace('r:id="rId5"', f'r:id="{BLANK_FOOTER}"')
            .replace("<w:sectPr>", '<w:sectPr>', 1))
