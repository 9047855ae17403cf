"""Word writer: styles per role, no direct formatting, GB/T 9704 page, determinism, and a real LibreOffice render."""
from __future__ import annotations

import datetime
import hashlib
import io
import os
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

import layoutcheck
from generator.model import profiles
from generator.write import docx as write_docx
from generator.text.titlelines import split_title
from generator.model.tree import Block, Document, Span, Table

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}

# ---------------------------------------------------------------- an original long speech

SUBJECTS = ["各级各部门", "各乡镇党委", "县直各单位", "审计机关", "行业主管部门", "领导干部", "基层党组织",
            "纪检监察机关", "财政部门", "项目建设单位"]
VERBS = ["要切实增强", "必须牢固树立", "要进一步强化", "要始终坚持", "务必持续深化", "要认真落实", "要全面提升",
         "要着力完善"]
OBJECTS = ["整改责任意识", "问题清单管理", "制度建设成果", "跟踪督办机制", "资金使用绩效", "风险防控能力",
           "源头治理水平", "协同联动格局"]
TAILS = ["，确保各项任务按期完成。", "，推动工作取得实实在在的成效。", "，做到真改实改、全面整改。",
         "，把问题解决在萌芽状态。", "，坚决防止屡审屡犯。", "，以钉钉子精神抓好落实。"]
MIXED = ["2025年", "GDP增速6.5%", "PPP项目", "12345热线", "5G基站", "3个月内", "第1季度", "ERP系统", "98.6%"]
LEAD_VERBS = ["增强", "强化", "完善", "提升", "压实", "健全"]
NUM = "一二三四五六七八九十"
TITLE = "在全县2025年度审计整改工作暨警示教育大会上的讲话"


def _sentences(rng: random.Random, lo: int, hi: int) -> str:
    n, text = rng.randint(lo, hi), ""
    while len(text) < n:
        text += rng.choice(SUBJECTS) + rng.choice(VERBS)
        if rng.random() < 0.3:
            text += rng.choice(MIXED)
        text += rng.choice(OBJECTS) + rng.choice(TAILS)
    return text


def make_speech(paragraphs: int = 60, lo: int = 150, hi: int = 300, seed: int = 7) -> Document:
    """A speech-like Document: title block, salutation, headings 1–4, leads, closing, signature, date."""
    rng = random.Random(seed)
    blocks: list = [Block("title", [Span(TITLE)]), Block("speaker", [Span("县委书记　张建国")]),
                    Block("date-line", [Span("（2025年3月18日）")]), Block("salutation", [Span("同志们：")])]
    h1 = h2 = 0
    for i in range(paragraphs):
        if i % 15 == 0:
            blocks.append(Block("heading1", [Span(f"{NUM[h1 % 10]}、{rng.choice(LEAD_VERBS)}{rng.choice(OBJECTS)}")]))
            h1, h2 = h1 + 1, 0
        elif i % 5 == 0:
            blocks.append(Block("heading2", [Span(f"（{NUM[h2 % 10]}）{rng.choice(OBJECTS)}")]))
            h2 += 1
        if i % 7 == 3:
            blocks.append(Block("heading3", [Span(f"{i % 9 + 1}.{rng.choice(OBJECTS)}")]))
        if i % 11 == 4:
            blocks.append(Block("heading4", [Span(f"（{i % 9 + 1}）{rng.choice(OBJECTS)}")]))
        if i % 3 == 1:
            lead = f"{NUM[i % 10]}要{rng.choice(LEAD_VERBS)}{rng.choice(OBJECTS)}。"
            blocks.append(Block("body", [Span(lead, "lead"), Span(_sentences(rng, lo, hi))]))
        else:
            blocks.append(Block("body", [Span(_sentences(rng, lo, hi))]))
    blocks += [Block("closing", [Span("同志们，审计整改任务艰巨、责任重大，让我们以更加务实的作风抓好各项工作。谢谢大家！")]),
               Block("signature", [Span("某某县审计整改工作领导小组")]),
               Block("sign-date", [Span("2025年3月18日")])]
    return Document(blocks, {"title": TITLE, "date": datetime.date(2025, 3, 18), "kind": "speech"})


def make_ledger(landscape: bool = True) -> Document:
    table = Table(header=["序号", "问题描述", "整改措施", "责任单位", "完成时限"],
                  rows=[[str(i), f"第{i}项问题：资金拨付不及时", "建立台账，逐项销号\n每月通报", "财政局", "2025年6月"]
                        for i in range(1, 8)],
                  widths_mm=[15, 70, 70, 40, 29], title="审计整改台账")
    return Document([Block("title", [Span("审计查出问题整改台账")]), table], {"landscape": landscape})


@pytest.fixture(scope="module")
def speech() -> Document:
    return make_speech()


@pytest.fixture(scope="module")
def speech_bytes(speech) -> bytes:
    return write_docx.render(speech)


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def _style(styles: etree._Element, sid: str) -> etree._Element:
    found = styles.find(f"w:style[@w:styleId='{sid}']", NS)
    assert found is not None, sid
    return found


# ---------------------------------------------------------------- structure


def test_every_paragraph_has_its_role_style(speech, speech_bytes):
    d = docx.Document(io.BytesIO(speech_bytes))
    assert len(d.paragraphs) == len(speech.blocks)
    for block, par in zip(speech.blocks, d.paragraphs):
        sid, name = write_docx.STYLES[block.role]
        assert par.style.style_id == sid
        assert par.style.name.lower() == name.lower()  # python-docx shows "heading 1" as "Heading 1"
        assert par.text == (block.text if block.role != "title" else "\n".join(split_title(block.text)))


def test_no_direct_formatting(speech, speech_bytes):
    """Styles only, except what depends on the document: the 署名/成文日期 positions (computed from both
    texts), keepNext on the few paragraphs that travel with the 落款, the East Asian hint on runs with
    “” — …… and the character spacing of a paragraph set a character looser or tighter so that a heading
    does not end a page (paginate.fit_headings)."""
    body = _part(speech_bytes, "word/document.xml").find("w:body", NS)
    for ppr in body.iter(f"{W}pPr"):
        sid = ppr.find("w:pStyle", NS).get(f"{W}val")
        allowed = [f"{W}pStyle", f"{W}keepNext"] + ([f"{W}spacing", f"{W}ind", f"{W}jc"]
                                                    if sid in ("GzSignature", "GzSignDate") else [])
        assert ppr[0].tag == f"{W}pStyle" and all(c.tag in allowed for c in ppr), sid
    rprs = list(body.iter(f"{W}rPr"))
    for r in rprs:
        for c in r:
            assert c.tag == f"{W}rStyle" or (c.tag == f"{W}rFonts" and dict(c.attrib) == {f"{W}hint": "eastAsia"}) \
                or (c.tag == f"{W}spacing" and -30 <= int(c.get(f"{W}val")) <= 20)
    styled = [r for r in rprs if r.find("w:rStyle", NS) is not None]
    assert {r.find("w:rStyle", NS).get(f"{W}val") for r in styled} <= {"GzLead", "GzLead2", "GzLead3"}
    leads = [s.text for b in speech.blocks for s in b.spans if s.role == "lead"]
    assert [r.getparent().findtext("w:t", namespaces=NS) for r in styled] == leads


def test_section_settings_and_footers(speech_bytes):
    sect = _part(speech_bytes, "word/document.xml").find("w:body/w:sectPr", NS)
    size, mar, grid = (sect.find(f"w:{t}", NS) for t in ("pgSz", "pgMar", "docGrid"))
    assert (size.get(f"{W}w"), size.get(f"{W}h"), size.get(f"{W}orient")) == ("11906", "16838", None)
    assert [mar.get(f"{W}{k}") for k in ("top", "bottom", "left", "right")] == ["2098", "1984", "1587", "1474"]
    # (35 mm − 7 mm) − 14 pt: the number line's top 7 mm under the type area
    assert mar.get(f"{W}footer") == str(round((35 - 7) * 1440 / 25.4) - 280)
    assert dict(grid.attrib) == {f"{W}type": "lines", f"{W}linePitch": "579"}
    refs = {r.get(f"{W}type") for r in sect.findall("w:footerReference", NS)}
    assert refs == {"default", "even"}
    settings = _part(speech_bytes, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    assert "rsid" not in etree.tostring(settings, encoding="unicode")
    for name, jc in (("word/footer1.xml", "right"), ("word/footer2.xml", "left")):
        ftr = _part(speech_bytes, name)
        assert "PAGE" in "".join(ftr.itertext())
        assert "".join(t.text for t in ftr.iter(f"{W}t")) == "— 1 —"
        sid = ftr.find("w:p/w:pPr/w:pStyle", NS).get(f"{W}val")
        assert _style(_part(speech_bytes, "word/styles.xml"), sid).find("w:pPr/w:jc", NS).get(f"{W}val") == jc


def test_long_title_is_split_with_line_breaks(speech_bytes):
    par = _part(speech_bytes, "word/document.xml").find("w:body/w:p", NS)
    runs = par.findall("w:r", NS)
    assert len(runs) == 1 and len(runs[0].findall("w:br", NS)) == 1
    assert [t.text for t in runs[0].findall("w:t", NS)] == ["在全县2025年度审计整改工作暨", "警示教育大会上的讲话"]


def test_bytes_are_deterministic_across_runs_and_hash_seeds(speech, speech_bytes):
    assert write_docx.render(speech) == speech_bytes
    code = ("import hashlib, sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[2]);"
            "from test_write_docx import make_speech; from generator.write import docx as write_docx;"
            "print(hashlib.sha256(write_docx.render(make_speech())).hexdigest())")
    digests = set()
    for seed in ("1", "4242"):
        out = subprocess.run([sys.executable, "-c", code, str(ROOT), str(Path(__file__).parent)], check=True,
                             capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed})
        digests.add(out.stdout.strip())
    assert digests == {hashlib.sha256(speech_bytes).hexdigest()}


def test_unknown_role_is_an_error():
    with pytest.raises(ValueError, match="role"):
        write_docx.render(Document([Block("nonsense", [Span("x")])], {}))


def test_ledger_table_landscape_with_explicit_widths():
    data = write_docx.render(make_ledger())
    doc = _part(data, "word/document.xml")
    size = doc.find("w:body/w:sectPr/w:pgSz", NS)
    assert (size.get(f"{W}w"), size.get(f"{W}h"), size.get(f"{W}orient")) == ("16838", "11906", "landscape")
    # the 版心 turned with the sheet: 225 × 156 mm, the portrait left margin (28 mm) on top
    mar = doc.find("w:body/w:sectPr/w:pgMar", NS)
    assert [mar.get(f"{W}{k}") for k in ("top", "bottom", "left", "right")] == ["1587", "1474", "1984", "2098"]
    tbl = doc.find("w:body/w:tbl", NS)
    grid = [int(g.get(f"{W}w")) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert grid == [round(mm * 1440 / 25.4) for mm in (15, 70, 70, 40, 29)]
    assert int(tbl.find("w:tblPr/w:tblW", NS).get(f"{W}w")) == sum(grid)
    assert tbl.find("w:tblPr/w:tblBorders/w:insideH", NS).get(f"{W}val") == "single"
    rows = tbl.findall("w:tr", NS)
    assert len(rows) == 8 and rows[0].find("w:trPr/w:tblHeader", NS) is not None
    for row in rows:
        assert [int(c.get(f"{W}w")) for c in row.findall("w:tc/w:tcPr/w:tcW", NS)] == grid
    assert {p.get(f"{W}val") for p in rows[1].iter(f"{W}pStyle")} == {"GzTableText", "GzTableCentred"}  # 序号, 时限 centred
    assert {p.get(f"{W}val") for p in rows[0].iter(f"{W}pStyle")} == {"GzTableHeader"}
    assert len(rows[1].findall("w:tc", NS)[2].findall("w:p", NS)) == 2  # a newline in a cell: two paragraphs
    assert doc.find("w:body/w:p[2]", NS) is not None  # a paragraph after the final table
    margins = _style(_part(data, "word/styles.xml"), "TableNormal").find("w:tblPr/w:tblCellMar", NS)
    assert [int(margins.find(f"w:{k}", NS).get(f"{W}w")) for k in ("top", "bottom")] == [57, 57]
    cell = _style(_part(data, "word/styles.xml"), "GzTableText").find("w:pPr/w:spacing", NS)
    assert (cell.get(f"{W}line"), cell.get(f"{W}lineRule")) == ("262", "exact")  # 1.25 × 10.5 pt (Python rounds 262.5 to even)


def test_too_wide_table_shrinks_to_the_type_area():
    t = Table(header=["甲", "乙"], rows=[["1", "2", "3"]], widths_mm=[150, 150])
    tbl = _part(write_docx.render(Document([t], {})), "word/document.xml").find("w:body/w:tbl", NS)
    grid = [int(g.get(f"{W}w")) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert len(grid) == 3 and sum(grid) <= 11906 - 1587 - 1474  # widths did not match: equal columns
    assert all(len(r.findall("w:tc", NS)) == 3 for r in tbl.findall("w:tr", NS))
    t2 = Table(header=["甲", "乙"], rows=[], widths_mm=[150, 150])
    tbl2 = _part(write_docx.render(Document([t2], {})), "word/document.xml").find("w:body/w:tbl", NS)
    assert sum(int(g.get(f"{W}w")) for g in tbl2.findall("w:tblGrid/w:gridCol", NS)) <= 8845


# ---------------------------------------------------------------- LibreOffice render


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """One soffice run for the module: the long speech in gbt9704 and podium, and the landscape ledger."""
    layoutcheck.require_libreoffice()
    d = tmp_path_factory.mktemp("lo")
    files = {"gbt": make_speech(), "podium": make_speech(), "ledger": make_ledger()}
    for name, doc in files.items():
        (d / f"{name}.docx").write_bytes(write_docx.render(doc, profiles.load("podium" if name == "podium" else None)))
    layoutcheck.to_pdf(d, [d / f"{n}.docx" for n in files])
    return {n: d / f"{n}.pdf" for n in files}


def test_libreoffice_22_lines_per_page_28_chars_per_line_page_numbers(rendered):
    pages, body_lines = layoutcheck.check_gbt_pages(rendered["gbt"])
    assert len(pages) > 10
    # paragraphs set a character looser or tighter so that no heading ends a page hold 27 or 29 a line
    x = _part(rendered["gbt"].with_suffix(".docx").read_bytes(), "word/document.xml")
    fitted = ["".join(p.itertext()) for p in x.iter(f"{W}p") if p.find("w:r/w:rPr/w:spacing", NS) is not None]
    body_lines = [ln for ln in body_lines if not any(ln[4].replace(" ", "") in f for f in fitted)]
    widths = layoutcheck.line_widths(body_lines)
    assert len(widths["full"]) > 200 and len(widths["first"]) > 20
    assert set(widths["full"]) <= {27, 28} and widths["full"].count(28) > 0.8 * len(widths["full"])
    assert set(widths["first"]) <= {25, 26}
    # Title block on page 1: the long title on two centred lines.
    assert [ln[4] for ln in pages[0][:2]] == ["在全县2025年度审计整改工作暨", "警示教育大会上的讲话"]
    # Unsealed (GB/T 9704 §7.3.5.2): the signature two characters in from the right, the date's first
    # character two characters right of the signature's first.
    right, char = layoutcheck.RIGHT, 156 / 28 * layoutcheck.PT_PER_MM
    sig, date = (ln for ln in body_lines if ln[4] in ("某某县审计整改工作领导小组", "2025年3月18日"))
    assert abs(sig[3] - (right - 2 * char)) < 1 * layoutcheck.PT_PER_MM
    assert abs(date[2] - (sig[2] + 2 * char)) < 1 * layoutcheck.PT_PER_MM


def test_libreoffice_podium_reading_copy(rendered):
    left = layoutcheck.LEFT
    pages = layoutcheck.pages(rendered["podium"])
    counts = [len(layoutcheck.split_footer(p)[0]) for p in pages]
    assert max(counts) == 17 and min(counts[:-1]) >= 14
    lines = [ln for p in pages for ln in layoutcheck.split_footer(p)[0]]
    full = [len(a[4]) for a, b in zip(lines, lines[1:])
            if abs(a[2] - left) < 2 and abs(b[2] - left) < 2 and all(not c.isascii() for c in a[4] + b[4][:1])]
    assert full and set(full) <= {23, 24}  # 18 pt, not condensed: 24 characters in 156 mm


def test_libreoffice_landscape_ledger(rendered):
    info = subprocess.run(["pdfinfo", str(rendered["ledger"])], capture_output=True, text=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert w > h
    text = subprocess.run(["pdftotext", "-layout", str(rendered["ledger"]), "-"], capture_output=True,
                          text=True).stdout
    assert "审计整改台账" in text and "资金拨付不及时" in text


def test_attachment_table_starts_a_new_page():
    t = Table(["序号"], [["1"]], [20], "附件　台账", new_page=True)
    body = _part(write_docx.render(Document([Block("body", [Span("正文。")]), t], {})), "word/document.xml")
    title = body.findall("w:body/w:p", NS)[1]
    assert title.find("w:r/w:br", NS).get(f"{W}type") == "page" and "".join(title.itertext()) == "附件　台账"
