"""HTML writer: the preview of a Document as A4 pages in the GB/T 9704 layout (22 lines × 28 characters).

Pages are cut here, in Python, by counting grid lines the way the .docx lays them out (a body line holds
28 characters, a title line about 20); a paragraph that does not fit continues on the next page. The
figures are an estimate of what Word or WPS shows, close enough for a writer to see the shape of the text.
The page is self-contained (its CSS inline) and knows nothing of OOXML."""
from __future__ import annotations

import html
import math
import unicodedata

from generator.model.tree import Block, Document, Span, Table

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
TITLE_CHARS = 20  # 2号 (22 pt) characters on a 156 mm line
TABLE_ROW_LINES = 1.4  # a table row in 小四 takes about this many grid lines per line of text
_TABLE_CHARS = 36  # 小四 characters across the 版心

CSS = """
.gz-doc{background:#e8e8e8;padding:8mm 0;font-size:16pt}
.gz-page{box-sizing:border-box;width:210mm;height:297mm;margin:0 auto 8mm;background:#fff;position:relative;
 padding:37mm 26mm 35mm 28mm;box-shadow:0 1px 4px rgba(0,0,0,.3);overflow:hidden;color:#000}
.gz-body{width:156mm;height:225mm;overflow:hidden}
.gz-page p{margin:0;line-height:calc(225mm / 22);font-size:calc(156mm / 28);text-align:justify;
 font-family:"FangSong_GB2312","仿宋_GB2312","FangSong","仿宋","STFangsong","Noto Serif CJK SC","Source Han Serif SC",
 "AR PL UKai CN",serif;text-indent:2em;word-break:break-all;line-break:strict}
.gz-page p.cont{text-indent:0}
.gz-page p.title{font-family:"FZXiaoBiaoSong-B05S","方正小标宋简体","STZhongsong","Noto Serif CJK SC",serif;
 font-size:22pt;line-height:calc(225mm / 22 * 1.6);text-align:center;text-indent:0;font-weight:normal}
.gz-page p.heading1{font-family:"SimHei","黑体","Noto Sans CJK SC","Source Han Sans SC",sans-serif}
.gz-page p.heading2,.gz-page p.subtitle,.gz-page p.speaker,.gz-page p.date-line,.gz-page p.outline-summary,.gz-page .kai{
 font-family:"KaiTi_GB2312","楷体_GB2312","KaiTi","楷体","STKaiti","AR PL UKai CN",serif}
.gz-page p.subtitle,.gz-page p.speaker,.gz-page p.date-line,.gz-page p.table-title{text-align:center;text-indent:0}
.gz-page p.table-title{font-family:"SimHei","黑体","Noto Sans CJK SC",sans-serif}
.gz-page p.salutation,.gz-page p.addressee{text-indent:0}
.gz-page p.signature{text-align:right;text-indent:0;padding-right:2em}
.gz-page p.sign-date{text-align:right;text-indent:0;padding-right:4em}
.gz-page p.blank{text-indent:0}
.gz-page b.lead{font-weight:bold}
.gz-page table{border-collapse:collapse;width:100%;font-size:12pt;margin:0 0 2mm}
.gz-page td,.gz-page th{border:1px solid #000;padding:1mm;vertical-align:top;font-family:"FangSong",serif}
.gz-page th{font-family:"SimHei","黑体","Noto Sans CJK SC",sans-serif;font-weight:normal}
.gz-page .pno{position:absolute;bottom:calc(35mm - 7mm - 14pt);font-size:14pt;font-family:"SimSun","宋体",serif}
.gz-page .pno.odd{right:calc(26mm + 1em)}.gz-page .pno.even{left:calc(28mm + 1em)}
.gz-page p.finding{background:#fff3c4;outline:1px dashed #c90}
"""


def width(text: str) -> float:
    """Width in body characters: a Chinese character or full-width mark is 1, a Latin letter or digit ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def _lines(b: Block) -> tuple[int, float]:
    """(grid lines a paragraph takes, characters per line) for its role."""
    w = width(b.text)
    if b.role == "title":
        return max(1, math.ceil(w / TITLE_CHARS)) * 2, TITLE_CHARS  # a title line takes two grid rows
    indent = 0 if b.role in ("salutation", "addressee", "subtitle", "speaker", "date-line", "signature", "sign-date",
                             "table-title") else 2
    return max(1, math.ceil((w + indent) / CHARS_PER_LINE)), CHARS_PER_LINE


def _split_at(spans: list[tuple[str, str | None]], chars: float) -> tuple[list, list]:
    """Spans (text, role) cut after `chars` character widths: (first part, rest)."""
    first, rest, used = [], [], 0.0
    for text, role in spans:
        if used >= chars:
            rest.append((text, role))
            continue
        cut, acc = len(text), used
        for i, c in enumerate(text):
            acc += width(c)
            if acc > chars:
                cut = i
                break
        if text[:cut]:
            first.append((text[:cut], role))
        used += width(text[:cut])
        if text[cut:]:
            rest.append((text[cut:], role))
            used = chars
    return first, rest


def _para_html(role: str, spans, idx: int, source, cont: bool = False) -> str:
    body = "".join(f'<b class="lead">{html.escape(t)}</b>' if r == "lead" else html.escape(t) for t, r in spans)
    src = f' data-line="{source}"' if source else ""
    cls = role + (" cont" if cont else "")
    return f'<p class="{cls}" data-block="{idx}"{src}>{body}</p>'


def _table_html(t: Table) -> tuple[str, float]:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in t.header)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in t.rows)
    total = sum(t.widths_mm) or 1
    cols = "".join(f'<col style="width:{w / total * 100:.1f}%">' for w in t.widths_mm)
    lines = 0.0
    for r in [t.header, *t.rows]:
        tall = max((width(c) / max(1.0, _TABLE_CHARS * (w / total)) for c, w in zip(r, t.widths_mm)), default=1)
        lines += max(1, math.ceil(tall)) * TABLE_ROW_LINES * 12 / 16
    return f"<table><colgroup>{cols}</colgroup><tr>{head}</tr>{rows}</table>", lines


def pages(doc: Document) -> list[list[str]]:
    """The document cut into pages, each a list of HTML paragraphs."""
    out: list[list[str]] = [[]]
    used = 0.0

    def new_page():
        nonlocal used
        out.append([])
        used = 0.0

    for idx, b in enumerate(doc.blocks):
        if isinstance(b, Table):
            if b.new_page and out[-1]:
                new_page()
            if b.title:
                out[-1].append(_para_html("table-title", [(b.title, None)], idx, None))
                used += 1
            markup, lines = _table_html(b)
            if used + lines > LINES_PER_PAGE and out[-1]:
                new_page()
            out[-1].append(markup)
            used += lines
            continue
        n, per_line = _lines(b)
        spans = [(s.text, s.role) for s in b.spans]
        if b.role == "signature":
            used += 1  # one blank line before the signature
            out[-1].append('<p class="blank">&#8203;</p>')
        if used + n <= LINES_PER_PAGE or b.role == "title":
            if used + n > LINES_PER_PAGE and out[-1]:
                new_page()
            out[-1].append(_para_html(b.role, spans, idx, b.source))
            used += n
            continue
        # the paragraph runs over the page end: what fits stays, the rest continues on the next page
        cont = False
        remaining = Block(b.role, list(b.spans), b.source)
        while True:
            n, per_line = _lines(remaining) if not cont else (
                max(1, math.ceil(width(remaining.text) / per_line)), per_line)
            room = int(LINES_PER_PAGE - used)
            if n <= room:
                out[-1].append(_para_html(b.role, [(s.text, s.role) for s in remaining.spans], idx, b.source, cont))
                used += n
                break
            if room <= 0:
                new_page()
                continue
            chars = room * per_line - (0 if cont or b.role not in ("body", "closing", "heading1", "heading2",
                                                                    "heading3", "heading4", "outline-summary",
                                                                    "source", "attachment") else 2)
            first, rest = _split_at([(s.text, s.role) for s in remaining.spans], chars)
            out[-1].append(_para_html(b.role, first, idx, b.source, cont))
            new_page()
            remaining = Block(b.role, [Span(t, r) for t, r in rest], b.source)
            cont = True
    return [p for p in out if p] or [[]]


def render(doc: Document) -> str:
    """A whole HTML page (UTF-8) with every A4 page of the document."""
    parts = []
    all_pages = pages(doc)
    for i, page in enumerate(all_pages, 1):
        side = "odd" if i % 2 else "even"
        parts.append(f'<section class="gz-page" data-page="{i}"><div class="gz-body">{"".join(page)}</div>'
                     f'<div class="pno {side}">— {i} —</div></section>')
    title = html.escape(str(doc.meta.get("title") or "预览"))
    return ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{title}</title><style>{CSS}</style></head>"
            f'<body><div class="gz-doc" data-pages="{len(all_pages)}">{"".join(parts)}</div></body></html>\n')
