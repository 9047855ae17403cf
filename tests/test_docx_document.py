"""document.xml of a 公文 sent upward: 版头, 主送, 附件说明, 署名/成文日期 (unsealed and sealed), 附注, 附件
page and 版记, each measured in a LibreOffice render against GB/T 9704-2012 (within 1 mm)."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

import layoutcheck
from generator import api
from generator.model.tree import Block, Document, Span
from generator.write import docx as write_docx
from generator.write.docx import document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "outlines" / "progress-qiyun-sent.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
MM = layoutcheck.PT_PER_MM
TOP, LEFT, RIGHT = layoutcheck.TOP, layoutcheck.LEFT, layoutcheck.RIGHT
P = layoutcheck.PITCH
CHAR = 156 / 28 * MM  # one 字 of the 28-character line
BOTTOM = layoutcheck.TYPE_BOTTOM


def _render(outline: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "generator", "render", str(outline), "-o", str(out), "--force", "-q"],
                   cwd=ROOT, check=True, capture_output=True)


def _sealed_copy(folder: Path) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("facts: facts/", f"facts: {ROOT}/outlines/facts/").replace(
        "ledger: data/", f"ledger: {ROOT}/outlines/data/")
    f = folder / "sealed.yaml"
    f.write_text(text + "sealed: true\n", encoding="utf-8")
    return f


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    layoutcheck.require_libreoffice()
    d = tmp_path_factory.mktemp("gongwen")
    _render(EXAMPLE, d / "sent.docx")
    _render(_sealed_copy(d), d / "sealed.docx")
    layoutcheck.to_pdf(d, [d / "sent.docx", d / "sealed.docx"])
    return {"sent": d / "sent.pdf", "sealed": d / "sealed.pdf", "docx": d / "sent.docx"}


def _find(pages, text, prefix=False):
    for n, page in enumerate(pages, 1):
        for ln in page:
            if ln[4] == text or (prefix and ln[4].startswith(text)):
                return n, ln
    raise AssertionError(f"{text!r} not found")


def _read_ppm(path: Path) -> tuple[int, int, bytes]:
    """(width, height, RGB bytes) of a binary PPM (P6, maxval 255) as pdftoppm writes it."""
    raw = path.read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maxval, separated by whitespace (comments start with #)
        while raw[pos:pos + 1].isspace():
            pos += 1
        if raw[pos:pos + 1] == b"#":
            pos = raw.index(b"\n", pos) + 1
            continue
        end = pos
        while not raw[end:end + 1].isspace():
            end += 1
        fields.append(raw[pos:end])
        pos = end
    assert fields[0] == b"P6" and fields[3] == b"255", fields
    w, h = int(fields[1]), int(fields[2])
    return w, h, raw[pos + 1:pos + 1 + 3 * w * h]


def _rules(pdf: Path, page: int, red: bool) -> list[tuple[float, float]]:
    """Horizontal rules at least half the page wide on a page: (top, bottom) in points, from a 254 dpi render."""
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler's pdftoppm is not installed")
    out = pdf.with_name(f"{pdf.stem}-rules-{page}")
    # pdftoppm's own format (binary PPM, P6) is read here directly: no imaging library needed
    subprocess.run(["pdftoppm", "-r", "254", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(out)],
                   check=True)
    w, h, data = _read_ppm(Path(f"{out}.ppm"))

    def hit(x, y):
        i = 3 * (y * w + x)
        r, g, b = data[i], data[i + 1], data[i + 2]
        return (r > 200 and g < 80 and b < 80) if red else (r < 100 and g < 100 and b < 100)

    rows = [y for y in range(h) if sum(1 for x in range(0, w, 4) if hit(x, y)) * 4 > w * 0.5]
    runs: list[list[int]] = []
    for y in rows:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    to_pt = 72 / 254
    return [(r[0] * to_pt, (r[-1] + 1) * to_pt) for r in runs]


def test_head_positions(pdfs):
    pages = layoutcheck.pages(pdfs["sent"])
    _, mark = _find(pages, "中共栖云镇委员会文件")
    assert abs(mark[0] - (TOP + 35 * MM)) < 1 * MM  # 标志 35 mm under the top of the 版心
    assert abs((mark[2] + mark[3]) / 2 - (LEFT + RIGHT) / 2) < 1 * MM  # centred
    _, number = _find(pages, "栖委发〔2025〕12号")
    _, signer = _find(pages, "签发人：李明远")
    assert abs(number[0] - (mark[1] + 2 * P)) < 1 * MM  # 下空二行
    assert abs(number[2] - (LEFT + CHAR)) < 1 * MM  # 上行文: 左空一字
    assert abs(signer[3] - (RIGHT - CHAR)) < 1 * MM  # 居右空一字
    assert abs(signer[0] - number[0]) < 0.5  # on the same line
    (rule_top, rule_bottom), = _rules(pdfs["sent"], 1, red=True)
    assert abs(rule_top - (number[1] + 4 * MM)) < 1 * MM  # the red rule 4 mm under the 发文字号
    assert 0.2 * MM < rule_bottom - rule_top < 0.6 * MM
    _, title = _find(pages, "栖云镇党委关于", prefix=True)
    assert abs(title[0] - (rule_bottom + 2 * P)) < 1 * MM  # title 下空二行 under the rule
    _, addressee = _find(pages, "县委巡察办：")
    assert abs(addressee[2] - LEFT) < 0.5 * MM  # 主送 顶格


def test_page_one_and_full_pages_keep_the_grid(pdfs):
    all_pages = layoutcheck.pages(pdfs["sent"])
    first = [ln for ln in layoutcheck.split_footer(all_pages[0])[0] if ln[0] > TOP + 90 * MM]  # below the 版头
    rows = [((y0 + y1) / 2 - TOP) / P for y0, y1, *_ in first]
    assert rows and all(abs(r - int(r) - 0.6) < 0.15 for r in rows), rows
    for number, page in enumerate(all_pages[1:3], 2):  # full body pages: 22 lines
        body, _ = layoutcheck.split_footer(page)
        assert len(body) == 22, number


def test_attachment_note_and_unsealed_signature(pdfs):
    pages = layoutcheck.pages(pdfs["sent"])
    n, attach = _find(pages, "附件：", prefix=True)
    assert abs(attach[2] - (LEFT + 2 * CHAR)) < 1 * MM  # 左空二字
    _, sig = _find(pages, "中共栖云镇委员会")
    _, date = _find(pages, "2025年7月31日")
    assert abs(sig[0] - (attach[0] + 2 * P)) < 1 * MM  # one blank line under the 附件说明
    assert abs(sig[3] - (RIGHT - 2 * CHAR)) < 1 * MM  # 署名 右空二字
    assert abs(date[2] - (sig[2] + 2 * CHAR)) < 1 * MM  # date's first character two characters right
    assert abs(date[0] - (sig[0] + P)) < 1 * MM
    _, note = _find(pages, "（联系人：张明；电话：12345678）")
    assert abs(note[2] - (LEFT + 2 * CHAR)) < 1 * MM and abs(note[0] - (date[0] + P)) < 1 * MM


def test_sealed_signature_centred_over_the_date(pdfs):
    pages = layoutcheck.pages(pdfs["sealed"])
    _, attach = _find(pages, "附件：", prefix=True)
    _, sig = _find(pages, "中共栖云镇委员会")
    _, date = _find(pages, "2025年7月31日")
    assert abs(date[3] - (RIGHT - 4 * CHAR)) < 1 * MM  # 右空四字
    assert abs((sig[2] + sig[3]) / 2 - (date[2] + date[3]) / 2) < 1 * MM  # 署名 centred over the date
    assert sig[0] - attach[1] > 2 * P  # room for the seal


def test_attachment_page_and_imprint(pdfs):
    pages = layoutcheck.pages(pdfs["sent"])
    n, mark = next((k, ln) for k, page in enumerate(pages, 1) for ln in page if ln[4] == "附件")
    assert abs(mark[2] - LEFT) < 0.5 * MM and int((mark[0] - TOP) / P) == 0  # 顶格, line 1
    title = next(ln for ln in pages[n - 1] if ln[4].startswith("栖云镇党委巡察反馈问题整改进展台账"))
    assert int(((title[0] + title[1]) / 2 - TOP) / P) == 2  # line 3
    assert abs((title[2] + title[3]) / 2 - (LEFT + RIGHT) / 2) < 1 * MM
    last = len(pages)
    _, cc = _find(pages, "抄送：", prefix=True)
    _, printer = _find(pages, "中共栖云镇委员会党政办公室")
    _, when = _find(pages, "2025年8月1日印发")
    assert abs(cc[2] - (LEFT + 14)) < 1 * MM and abs(printer[2] - (LEFT + 14)) < 1 * MM  # 左空一字 (4号)
    assert abs(when[3] - (RIGHT - 14)) < 1 * MM  # 右空一字
    rules = [r for r in _rules(pdfs["sent"], last, red=False) if r[0] > cc[0] - P]  # below the ledger's rows
    assert len(rules) == 3, rules
    (t0, t1), (m0, m1), (b0, b1) = rules
    assert abs(b1 - BOTTOM) < 1 * MM  # the last rule on the bottom edge of the 版心
    assert 0.25 * MM < t1 - t0 < 0.5 * MM and 0.25 * MM < b1 - b0 < 0.5 * MM  # 0.35 mm
    assert m1 - m0 < t1 - t0  # the middle rule thinner (0.25 mm)
    assert t0 < cc[0] < m0 < printer[0] < b0


def test_docx_opens_in_python_docx_with_the_roles(pdfs):
    d = docx.Document(str(pdfs["docx"]))
    styles = [p.style.style_id for p in d.paragraphs]
    assert styles[:2] == ["GzIssuer", "GzDocNumber"] and "GzAttachmentMark" in styles and "GzNote" in styles


def _doc_xml(doc: Document) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(write_docx.render(doc))) as z:
        return etree.fromstring(z.read("word/document.xml"))


def test_signer_names_are_kai_and_the_number_is_left():
    doc = Document([Block("issuer", [Span("某某县委员会文件")]),
                    Block("doc-number", [Span("某委〔2026〕3号签发人："), Span("王一", "signer")]),
                    Block("title", [Span("关于某事的报告")]), Block("body", [Span("正文。")])], {})
    x = _doc_xml(doc)
    number = x.findall("w:body/w:p", NS)[1]
    assert "".join(number.itertext()) == "某委〔2026〕3号签发人：王一"
    assert number.find("w:pPr/w:tabs/w:tab", NS).get(f"{W}val") == "right"
    names = [r for r in number.findall("w:r", NS) if r.find("w:rPr/w:rStyle", NS) is not None]
    assert [r.findtext("w:t", namespaces=NS) for r in names] == ["王一"]
    assert names[0].find("w:rPr/w:rStyle", NS).get(f"{W}val") == "GzSignerName"
    title = x.findall("w:body/w:p", NS)[2]
    assert int(title.find("w:pPr/w:spacing", NS).get(f"{W}before")) > 0


def test_numbered_attachments_hang_under_the_name():
    doc = Document([Block("body", [Span("正文。")]), Block("attachment", [Span("附件：1.甲台账")]),
                    Block("attachment", [Span("2.乙清单")])], {})
    first, second = _doc_xml(doc).findall("w:body/w:p", NS)[1:3]
    i1, i2 = first.find("w:pPr/w:ind", NS), second.find("w:pPr/w:ind", NS)
    assert i1.get(f"{W}left") == i2.get(f"{W}left")  # names start at the same place
    assert int(i1.get(f"{W}hanging")) > int(i2.get(f"{W}hanging"))  # 附件： only on the first
    assert first.find("w:r/w:tab", NS) is not None and "".join(first.itertext()) == "附件：1.甲台账"


def test_the_closing_block_travels_with_the_last_lines_of_text():  # 落款 never alone on a page
    long = "这是正文最后一段，" * 8
    doc = Document([Block("heading1", [Span("一、前一部分")]), Block("body", [Span("前面的正文。")]),
                    Block("heading1", [Span("二、下一步打算")]), Block("body", [Span(long)]),
                    Block("body", [Span("特此报告。")]), Block("attachment", [Span("附件：台账")]),
                    Block("signature", [Span("某某镇委员会")]), Block("sign-date", [Span("2025年7月31日")])], {})
    paras = _doc_xml(doc).findall("w:body/w:p", NS)
    kept = [p.find("w:pPr/w:keepNext", NS) is not None for p in paras]
    # the heading above the last text, the text back to two lines' worth, 附件说明 and 署名; not the date
    assert kept == [False, False, True, True, True, True, True, False]
    first = paras[2].find("w:pPr", NS)
    assert [etree.QName(c).localname for c in first][:2] == ["pStyle", "keepNext"]  # schema order


def test_leads_by_level_and_east_asian_hint():
    doc = Document([Block("body", [Span("（一）压实责任。", "lead"), Span("“两个维护”——落实。")]),
                    Block("body", [Span("1.建立台账。", "lead"), Span("正文。")]),
                    Block("body", [Span("一要提高认识。", "lead"), Span("正文。")])], {})
    pars = _doc_xml(doc).findall("w:body/w:p", NS)
    leads = [p.find("w:r/w:rPr/w:rStyle", NS).get(f"{W}val") for p in pars]
    assert leads == ["GzLead2", "GzLead3", "GzLead"]
    hinted = pars[0].findall("w:r", NS)[1].find("w:rPr/w:rFonts", NS)
    assert hinted.get(f"{W}hint") == "eastAsia"
    assert pars[1].findall("w:r", NS)[1].find("w:rPr", NS) is None  # nothing ambiguous: no hint


def test_text_width_counts_half_width_digits():
    assert document.text_width("二〇", 16) == 640
    assert document.text_width("2025", 16) == 640
    assert document.text_width("年", 16, -5) == 315


# ---------------------------------------------------------------- the shipped ledger (landscape)

LEDGER = ROOT / "outlines" / "ledger-qiyun.yaml"


@pytest.fixture(scope="module")
def ledger_pdf(tmp_path_factory):
    layoutcheck.require_libreoffice()
    d = tmp_path_factory.mktemp("ledger")
    _render(LEDGER, d / "ledger.docx")
    layoutcheck.to_pdf(d, [d / "ledger.docx"])
    return d / "ledger.pdf", d / "ledger.docx"


def test_ledger_xml_merges_categories_and_keeps_rows_whole(ledger_pdf):
    _, path = ledger_pdf
    with zipfile.ZipFile(path) as z:
        x = etree.fromstring(z.read("word/document.xml"))
    tbl = x.find("w:body/w:tbl", NS)
    rows = tbl.findall("w:tr", NS)
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    merges = [r.findall("w:tc", NS)[1].find("w:tcPr/w:vMerge", NS) for r in rows[1:]]
    assert sum(m is not None and m.get(f"{W}val") == "restart" for m in merges) >= 2  # one per category
    assert sum(m is not None and m.get(f"{W}val") is None for m in merges) >= 5
    mar = x.find("w:body/w:sectPr/w:pgMar", NS)
    size = x.find("w:body/w:sectPr/w:pgSz", NS)
    w = int(size.get(f"{W}w")) - int(mar.get(f"{W}left")) - int(mar.get(f"{W}right"))
    h = int(size.get(f"{W}h")) - int(mar.get(f"{W}top")) - int(mar.get(f"{W}bottom"))
    assert abs(w / 56.69 - 225) < 0.5 and abs(h / 56.69 - 156) < 0.5  # the rotated 版心
    header = ["".join(tc.itertext()) for tc in rows[0].findall("w:tc", NS)]
    assert "整改进展" in header


def test_ledger_fits_two_pages_without_split_words_dates_or_rows(ledger_pdf):
    pdf, _ = ledger_pdf
    pages = layoutcheck.pages(pdf)
    lines = [ln[4] for page in pages for ln in page]
    # the main table: rows 1–15 on pages 1 and 2 (小五号 table text, docs/layout.md)
    numbers = {}
    for n, page in enumerate(pages, 1):
        for ln in page:
            if re.fullmatch(r"\d{1,2}", ln[4]) and ln[2] < LEFT + 40 * MM and ln[0] < layoutcheck.TYPE_BOTTOM:
                numbers.setdefault(int(ln[4]), n)
    assert set(range(1, 16)) <= set(numbers) and max(numbers[k] for k in range(1, 16)) <= 2
    for bad in ("责任领", "完成时", "整改状", "问题类", "销号日"):  # header words never split
        assert not any(s == bad or s.endswith(bad) for s in lines), bad
    # dates break only after the year: no line ends inside a number or between a number and 月/日
    assert not any(re.search(r"((?<![0-9])20[0-9]{0,3}|年[0-9]{1,2}|月[0-9])$", s) for s in lines)  # 1200 may end one
    assert not any(re.match(r"(月[0-9]{1,2}日|日$|[0-9]{1,2}日)", s) for s in lines)
    # every statistics title on the page of its table's header
    for title, head in (("按问题类别统计", "问题类别"), ("按责任单位统计", "责任单位")):
        page = next(n for n, p in enumerate(pages) if any(ln[4] == title for ln in p))
        assert any(ln[4].startswith(head) for ln in pages[page]), title


# ---------------------------------------------------------------- the 版记 on an even page (§7.4, §8)

_FILL = "镇党委坚持把巡察整改作为重要政治任务，主要负责同志带头研究部署，班子成员分兵把口，逐项细化措施，明确时限，压实责任，确保每个问题都有人抓有人管。"


def _sent(lines: int) -> Document:
    """A report of about `lines` body lines with 署名, 成文日期 and 版记."""
    blocks = [Block("title", [Span("关于整改工作的报告")]), Block("addressee", [Span("县委巡察办：")])]
    while lines > 0:
        n = min(lines, 4)
        blocks.append(Block("body", [Span((_FILL * 5)[:26 + 28 * (n - 1) - 6] + "。")]))
        lines -= n
    return Document(blocks + [
        Block("signature", [Span("中共栖云镇委员会")]), Block("sign-date", [Span("2025年7月31日")]),
        Block("copy-to", [Span("抄送：县委办公室，县纪委监委。")]),
        Block("imprint", [Span("中共栖云镇委员会党政办公室"), Span("2025年8月1日印发", "when")])], {})


# body ending on page 1 (odd), on page 2 with room for the 版记, on page 2 without room
_IMPRINT_CASES = {"odd": 8, "even": 24, "full": 38}


def test_imprint_place_from_the_page_model():
    lay = write_docx._base(write_docx._default_profile()).layout
    got = {}
    for name, n in _IMPRINT_CASES.items():
        doc = _sent(n)
        _, items, _ = document._body(doc, lay, {})
        imprint = [b for b in doc.blocks if b.role in ("copy-to", "imprint")]
        got[name] = document.imprint_place(items, lay, document._imprint_height(imprint, lay))
    assert got == {"odd": document.IMPRINT_NEXT, "even": document.IMPRINT_SAME, "full": document.IMPRINT_BLANK}


def test_imprint_page_break_and_blank_section_in_the_xml():
    def parts(doc):
        z = zipfile.ZipFile(io.BytesIO(write_docx.render(doc)))
        return z, etree.fromstring(z.read("word/document.xml"))

    z, x = parts(_sent(_IMPRINT_CASES["odd"]))
    anchor = x.findall("w:body/w:p", NS)[-1]
    assert anchor.find("w:pPr/w:pageBreakBefore", NS) is not None and "word/footer3.xml" not in z.namelist()
    z, x = parts(_sent(_IMPRINT_CASES["even"]))
    assert x.findall("w:body/w:p", NS)[-1].find("w:pPr", NS) is None
    z, x = parts(_sent(_IMPRINT_CASES["full"]))
    sects = list(x.iter(f"{W}sectPr"))
    assert len(sects) == 2  # the body's section ends with its last paragraph (the date)
    assert "".join(sects[0].getparent().getparent().itertext()) == "2025年7月31日"
    refs = {r.get(f"{W}type"): r.get(f"{{{NS['w'].replace('wordprocessingml/2006/main', 'officeDocument/2006/relationships')}}}id")
            for r in sects[1].findall("w:footerReference", NS)}
    assert refs == {"default": "rId6", "even": "rId6"}
    assert "word/footer3.xml" in z.namelist() and b"footer3.xml" in z.read("word/_rels/document.xml.rels")
    assert "".join(etree.fromstring(z.read("word/footer3.xml")).itertext()) == ""
    docx.Document(io.BytesIO(write_docx.render(_sent(_IMPRINT_CASES["full"]))))  # python-docx opens it


@pytest.fixture(scope="module")
def imprint_pdfs(tmp_path_factory):
    layoutcheck.require_libreoffice()
    d = tmp_path_factory.mktemp("imprint")
    for name, n in _IMPRINT_CASES.items():
        (d / f"{name}.docx").write_bytes(write_docx.render(_sent(n)))
    layoutcheck.to_pdf(d, [d / f"{n}.docx" for n in _IMPRINT_CASES])
    return {n: d / f"{n}.pdf" for n in _IMPRINT_CASES}


def test_imprint_stands_on_an_even_page_in_libreoffice(imprint_pdfs):
    for name, pdf in imprint_pdfs.items():
        layoutcheck.check_gbt_pages(pdf)
        pages = layoutcheck.pages(pdf)
        where = layoutcheck.imprint_start(pages)
        assert where is not None and (where[0] + 1) % 2 == 0 and where[0] == len(pages) - 1, name
        # its last line (印发) ends at the foot of the type area
        last = max(ln for ln in layoutcheck.split_footer(pages[-1])[0])
        assert last[4].endswith("印发") and abs(last[1] - BOTTOM) < 6 * MM, (name, last)
        date_page = next(n for n, p in enumerate(pages) if any(ln[4] == "2025年7月31日" for ln in p))
        numbered = [bool(layoutcheck.split_footer(p)[1]) for p in pages]
        if name == "odd":  # the body ends on page 1: the 版记 on page 2, numbered
            assert (date_page, len(pages), numbered) == (0, 2, [True, True])
        elif name == "even":  # on the body's last page
            assert (date_page, len(pages), numbered) == (1, 2, [True, True])
        else:  # no room on page 2: page 3 blank, the 版记 on page 4, neither numbered (§8)
            assert (date_page, len(pages), numbered) == (1, 4, [True, True, False, False])
            assert not layoutcheck.split_footer(pages[2])[0]


def test_shipped_sent_report_ends_on_an_even_page(pdfs):
    all_pages = layoutcheck.pages(pdfs["sent"])
    where = layoutcheck.imprint_start(all_pages)
    assert where is not None and where[0] == len(all_pages) - 1 and len(all_pages) % 2 == 0


# ---------------------------------------------------------------- landscape page numbers (§10, clause 8)


def test_landscape_page_numbers_stand_where_the_portrait_pages_have_them(ledger_pdf):
    """The sheet is turned a quarter clockwise (the table's head toward the 订口 on odd pages): a portrait
    point (x, y) is at (297 − y, x) on the landscape page. The number "— N —" reads down the left margin,
    its top 7 mm from the type area, its outer end one character in from the type area's edge."""
    pdf, path = ledger_pdf
    pages = layoutcheck.pages(pdf)
    assert len(pages) >= 2
    char = 14  # one 4号 character, pt
    for n, page in enumerate(pages, 1):
        numbers = [ln for ln in page if re.fullmatch(rf"—\s*{n}\s*—", ln[4])]
        assert len(numbers) == 1, (n, [ln[4] for ln in page if "—" in ln[4]])
        y0, y1, x0, x1, _ = numbers[0]
        # across: the portrait number's top is 7 mm under the type area (262 mm + 7 mm from the top)
        assert abs(x1 - (297 - 269) * MM) < 1 * MM, (n, x1 / MM)
        assert x1 - x0 < 8 * MM and x1 < 35 * MM  # in the margin, left of the landscape type area
        # along: odd pages end one character before the portrait type area's right edge (184 mm), even
        # pages start one character after its left edge (28 mm)
        if n % 2:
            assert abs(y1 - (184 * MM - char)) < 1 * MM, (n, y1 / MM)
        else:
            assert abs(y0 - (28 * MM + char)) < 1 * MM, (n, y0 / MM)
        assert y1 - y0 > 10 * MM  # the text runs down the page: turned with the sheet
    with zipfile.ZipFile(path) as z:
        ftr = etree.fromstring(z.read("word/footer1.xml"))
    cell = ftr.find("w:tbl/w:tr/w:tc", NS)
    assert cell.find("w:tcPr/w:textDirection", NS).get(f"{W}val") == "tbRl"  # turned with the sheet
    assert ftr.find("w:tbl/w:tblPr/w:tblpPr", NS).get(f"{W}horzAnchor") == "page"
    assert "PAGE" in "".join(ftr.itertext())


def test_portrait_documents_keep_the_plain_footer(pdfs):
    with zipfile.ZipFile(pdfs["docx"]) as z:
        assert b"w:drawing" not in z.read("word/footer1.xml") and b"w:drawing" not in z.read("word/footer2.xml")


# ---------------------------------------------------------------- the shipped 15-row ledger, row by row


@pytest.fixture(scope="module")
def ledger15(ledger_pdf):
    import csv

    pdf, path = ledger_pdf
    with open(ROOT / "outlines" / "data" / "ledger-qiyun.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return pdf, path, rows


def test_15_row_ledger_fits_two_landscape_pages(ledger15):
    pdf, path, rows = ledger15
    assert len(rows) == 16
    pages = layoutcheck.pages(pdf)
    numbers = {}
    for n, page in enumerate(pages, 1):
        for ln in page:
            if re.fullmatch(r"\d{1,2}", ln[4]) and ln[2] < LEFT + 40 * MM and ln[0] < 184 * MM:
                numbers.setdefault(int(ln[4]), n)
    assert set(range(1, 16)) <= set(numbers) and max(numbers[k] for k in range(1, 16)) <= 2, numbers
    lines = [ln[4] for page in pages for ln in page]
    for bad in ("责任领", "完成时", "整改状", "问题类", "销号日", "整改进", "整改措", "责任单"):  # header words whole
        assert not any(s == bad or s.endswith(bad) for s in lines), bad
    assert not any(re.search(r"((?<![0-9])20[0-9]{0,3}|年[0-9]{1,2}|月[0-9])$", s) for s in lines)
    assert not any(re.match(r"(月[0-9]{1,2}日|日$|[0-9]{1,2}日)", s) for s in lines)
    for title, head in (("按问题类别统计", "问题类别"), ("按责任单位统计", "责任单位")):
        page = next(n for n, p in enumerate(pages) if any(ln[4] == title for ln in p))
        assert any(ln[4].startswith(head) for ln in pages[page]), title


def test_15_row_ledger_rows_stay_whole_and_categories_merge(ledger15):
    pdf, path, rows = ledger15
    pages = layoutcheck.pages(pdf)
    # each row's 问题 text is read whole on one page, in its column: no row split across pages
    per_page = []
    for page in pages:
        if not any(ln[4] == "问题" for ln in page):
            continue  # the statistics page
        head = next(ln for ln in page if ln[4] == "问题类别")
        # the 问题 column is left-aligned: its lines start where the first cell right of 问题类别 starts
        below = [ln for ln in page if ln[0] > head[1] - 1 and ln is not head and ln[4] != head[4]]
        x = min(ln[2] for ln in below if ln[2] > head[3] + 2)
        per_page.append("".join(ln[4] for ln in below if abs(ln[2] - x) < 2).replace(" ", ""))
    for row in rows[1:]:
        problem = row[2]
        assert sum(problem in text for text in per_page) == 1, problem
    with zipfile.ZipFile(path) as z:
        x = etree.fromstring(z.read("word/document.xml"))
    tbl = x.find("w:body/w:tbl", NS)
    trs = tbl.findall("w:tr", NS)
    assert len(trs) == 16 and all(r.find("w:trPr/w:cantSplit", NS) is not None for r in trs)
    merges = [r.findall("w:tc", NS)[1].find("w:tcPr/w:vMerge", NS) for r in trs[1:]]
    starts = [m is not None and m.get(f"{W}val") == "restart" for m in merges]
    assert sum(starts) == 4  # one merged cell per category
    assert sum(m is not None and m.get(f"{W}val") is None for m in merges) == 11
    # 小五号 (9 pt) table text: §5.2.2 allows it, and it saves the page
    assert 'w:sz w:val="18"' in etree.tostring(tbl).decode()


def test_15_row_ledger_page_numbers_turned_with_the_sheet(ledger15):
    pdf, _, _ = ledger15
    for n, page in enumerate(layoutcheck.pages(pdf), 1):
        (num,) = [ln for ln in page if re.fullmatch(rf"—\s*{n}\s*—", ln[4])]
        assert abs(num[3] - 28 * MM) < 1 * MM
        assert abs((num[1] if n % 2 else num[0]) - ((184 * MM - 14) if n % 2 else (28 * MM + 14))) < 1 * MM


# CT_PPr and CT_RPr (ECMA-376 Part 1, §17.3.1.26 and §17.3.2.28) are sequences: children in this order.
_PPR_ORDER = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
              "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
              "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
              "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split()
_RPR_ORDER = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
              "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl "
              "cs em lang eastAsianLayout specVanish oMath").split()


def test_paragraph_and_run_properties_in_schema_order():
    sent = api.write(api.build(str(ROOT / "outlines" / "progress-qiyun-sent.yaml")), "docx")
    numbered = write_docx.render(Document([Block("body", [Span("正文。")]), Block("attachment", [Span("附件：1.甲台账")]),
                                           Block("attachment", [Span("2.乙清单")])], {}))
    for data in (sent, numbered):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                if not (name.startswith("word/") and name.endswith(".xml")):
                    continue
                x = etree.fromstring(z.read(name))
                for tag, order in (("pPr", _PPR_ORDER), ("rPr", _RPR_ORDER)):
                    for el in x.iter(f"{W}{tag}"):
                        kids = [etree.QName(c).localname for c in el]
                        assert all(k in order for k in kids), (name, kids)
                        assert [order.index(k) for k in kids] == sorted(order.index(k) for k in kids), (name, kids)
