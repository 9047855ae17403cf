"""write/docx/paginate.py: the model of LibreOffice's line and page breaking, and the heading fit that keeps
every full page at 22 lines. The model is checked line for line against LibreOffice on every shipped text
example; the fit on documents whose headings would end a page."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import layoutcheck
from generator.model.tree import Block, Document, Span
from generator.write import docx as write_docx
from generator.write.docx import _base, _default_profile, document, paginate

ROOT = Path(__file__).resolve().parent.parent
EM, SP, GAP, W = 320, -5, 70, 8845  # 3号 body: one em, the grid's spacing, the Chinese/Latin gap, type width
P, H = 579, 12756
FILL = ("镇党委坚持把巡察整改作为重要政治任务，主要负责同志带头研究部署，班子成员分兵把口，逐项细化措施，明确时限，"
        "压实责任，确保每个问题都有人抓有人管。对照反馈意见，逐条建立整改台账，实行清单化管理、项目化推进，做到整改"
        "一个、销号一个。")


def base():
    return _base(_default_profile()).layout


# ---------------------------------------------------------------- line breaking


def test_28_characters_fill_a_line_and_the_29th_wraps():
    assert paginate.lines("字" * 28, W, W, EM, SP) == 1
    assert paginate.lines("字" * 29, W, W, EM, SP) == 2
    assert paginate.lines("字" * 26, W - 640, W, EM, SP) == 1  # the first line, indented two characters
    assert paginate.lines("字" * 27, W - 640, W, EM, SP) == 2
    assert paginate.lines("", W, W, EM, SP) == 1


def test_closing_punctuation_never_starts_a_line():
    # the 29th character is "，": it may not start line 2, so "字" goes down with it
    assert paginate.lines("字" * 28 + "，" + "字" * 26, W, W, EM, SP) == 2
    assert paginate.lines("字" * 28 + "，" + "字" * 27, W, W, EM, SP) == 3


def test_opening_marks_never_end_a_line_and_pairs_stay_whole():
    # "“" as the 28th character would end line 1: it goes down, and line 2 then holds 28 from there
    assert paginate.lines("字" * 27 + "“" + "字" * 27, W, W, EM, SP) == 2
    assert paginate.lines("字" * 27 + "“" + "字" * 28, W, W, EM, SP) == 3
    assert paginate.lines("字" * 27 + "——" + "字" * 26, W, W, EM, SP) == 2  # —— goes down whole


def test_latin_runs_are_narrow_and_never_split():
    assert paginate.lines("1234567890" * 5, W, W, EM, SP) == 1  # 50 digits at half an em
    # a run that does not fit moves down whole; the gap before it is not counted at a line's start
    assert paginate.lines("字" * 27 + "2025" + "字" * 24, W, W, EM, SP, GAP) == 2
    assert paginate.lines("字" * 27 + "2025" + "字" * 26, W, W, EM, SP, GAP) == 3
    assert paginate.lines("字" * 28 + "1" * 57, W, W, EM, SP, GAP) == 2


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="字，。“”（）—a1", max_size=300))
def test_more_room_never_takes_more_lines(text):
    n = paginate.lines(text, W, W, EM, SP, GAP)
    assert paginate.lines(text, W + 2000, W + 2000, EM, SP, GAP) <= n
    assert n >= max(1, -(-len(text) * 155 // W))


# ---------------------------------------------------------------- pages


def _par(n, keep=False, index=-1, text="", heading=False):
    return paginate.Item("par", index, n, keep=keep, text=text, first=W - 640, rest=W, heading=heading)


def test_a_heading_that_would_end_a_page_moves_with_its_next_line():
    items = [_par(21), _par(1, keep=True, heading=True), _par(3)]
    placed, page, _ = paginate.paginate(items, H, P)
    assert placed[1].moved and placed[1].first == (2, 0) and placed[2].first == (2, P)
    items = [_par(20), _par(1, keep=True, heading=True), _par(3)]
    placed, _, _ = paginate.paginate(items, H, P)
    assert not placed[1].moved and placed[1].first == (1, 20 * P) and placed[2].first == (1, 21 * P)


def test_table_rows_never_split_and_the_header_repeats():
    items = [_par(20), paginate.Item("table", rows=[400, 1000, 1000], header=True)]
    placed, page, y = paginate.paginate(items, H, P)
    assert placed[1].first == (2, 0) and (page, y) == (2, 2400)  # header + first row do not fit page 1
    items = [paginate.Item("table", rows=[400] + [1000] * 14, header=True)]
    _, page, y = paginate.paginate(items, H, P)
    assert page == 2 and y == 400 + 2 * 1000  # 12 rows on page 1, the header again on page 2


def _fit(items):
    return paginate.fit_headings(items, H, P, 28, EM, GAP, SP)


def test_fit_sets_one_paragraph_a_character_looser_or_tighter():
    short_last = (FILL * 3)[:26 + 28 * 5 + 2]  # 7 lines, the last holding 2 characters: 29 a line takes it back
    items = [_par(14), _par(7, index=5, text=short_last), _par(1, keep=True, heading=True, index=6), _par(3)]
    assert paginate.lines(short_last, W - 640, W, EM, SP, GAP) == 7
    fits = _fit(items)
    assert list(fits) == [5] and fits[5] < SP  # tighter: 29 characters a line
    assert paginate.lines(short_last, W - 640, W, EM, fits[5], GAP) == 6
    long_last = (FILL * 3)[:26 + 28 * 5 + 26]  # the last line nearly full: 27 a line adds a line
    items = [_par(14), _par(7, index=5, text=long_last), _par(1, keep=True, heading=True, index=6), _par(3)]
    fits = _fit(items)
    assert list(fits) == [5] and fits[5] > SP and paginate.lines(long_last, W - 640, W, EM, fits[5], GAP) == 8
    assert all(it.lines == n for it, n in zip(items, (14, 7, 1, 3)))  # the items are left as they were


def test_fit_leaves_a_page_alone_when_nothing_can_take_it():
    items = [_par(21), _par(1, keep=True, heading=True, index=2), _par(3)]  # no text to re-break
    assert _fit(items) == {}


def test_a_fitted_paragraph_carries_its_spacing_on_every_run():
    doc = next(iter(_stranded_docs(1).values()))
    lay = base()
    _, items, _ = document._body(doc, lay, {})
    fits = _fit(items)
    assert fits
    xml = write_docx.render(doc)
    import io
    import zipfile
    body = zipfile.ZipFile(io.BytesIO(xml)).read("word/document.xml").decode()
    assert body.count(f'<w:spacing w:val="{next(iter(fits.values()))}"/>') >= 1


# ---------------------------------------------------------------- against LibreOffice


def _doc(rng: random.Random) -> Document:
    blocks = [Block("title", [Span("关于巡察整改工作的报告")])]
    for s in range(4):
        blocks.append(Block("heading1", [Span(f"{'一二三四'[s]}、整改工作情况")]))
        if rng.random() < 0.4:
            blocks.append(Block("heading2", [Span("（一）加强组织领导")]))
        for _ in range(rng.randint(2, 5)):
            n, start = rng.randint(30, 220), rng.randint(0, 60)
            blocks.append(Block("body", [Span((FILL * 6)[start:start + n - 1] + "。")]))
    return Document(blocks, {})


def _stranded_docs(count: int) -> dict[str, Document]:
    """Documents in which keep-with-next alone would move a heading and leave a page short."""
    lay, out, seed = base(), {}, 0
    while len(out) < count:
        seed += 1
        doc = _doc(random.Random(seed))
        _, items, _ = document._body(doc, lay, {})
        placed, _, _ = paginate.paginate(items, lay.page_h[0], lay.pitch)
        if any(p.moved for p in placed):
            out[f"stranded-{seed}"] = doc
    return out


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    layoutcheck.require_libreoffice()
    from generator.api import build

    d = tmp_path_factory.mktemp("paginate")
    docs = _stranded_docs(8)
    for name in ("speech-warning", "speech-supervision", "speech-deploy-audit", "progress-qiyun", "biaotai",
                 "feedback-report"):
        docs[name] = build(str(ROOT / "outlines" / f"{name}.yaml"))
    for name, doc in docs.items():
        (d / f"{name}.docx").write_bytes(write_docx.render(doc))
    layoutcheck.to_pdf(d, [d / f"{n}.docx" for n in docs])
    return {n: (doc, d / f"{n}.pdf") for n, doc in docs.items()}


def test_the_model_breaks_lines_and_pages_as_libreoffice_does(pdfs):
    """Every paragraph's first line on the page and row LibreOffice puts it (paragraphs whose first eight
    characters are not unique are skipped: they cannot be told apart in the PDF)."""
    lay, compared = base(), 0
    for name, (doc, pdf) in pdfs.items():
        _, items, _ = document._body(doc, lay, {})
        fits = _fit_doc(items)
        _, items, _ = document._body(doc, lay, fits)
        placed, _, _ = paginate.paginate(items, lay.page_h[0], lay.pitch)
        found = {}
        for n, page in enumerate(layoutcheck.pages(pdf), 1):
            for ln in layoutcheck.split_footer(page)[0]:
                key = re.sub(r"\s", "", ln[4])[:8]
                found.setdefault(key, []).append((n, int(((ln[0] + ln[1]) / 2 - layoutcheck.TOP) // layoutcheck.PITCH)))
        keys = [re.sub(r"\s", "", doc.blocks[p.item.index].text)[:8] for p in placed if p.item.index >= 0]
        for p in placed:
            if p.item.index < 0 or p.item.kind != "par":
                continue
            key = re.sub(r"\s", "", doc.blocks[p.item.index].text)[:8]
            if len(key) < 8 or keys.count(key) > 1 or len(found.get(key, ())) != 1:
                continue
            assert found[key][0] == (p.first[0], round(p.first[1] / lay.pitch)), (name, key)
            compared += 1
    assert compared > 150


def _fit_doc(items):
    lay = base()
    return paginate.fit_headings(items, lay.page_h[0], lay.pitch, lay.chars, lay.body_pt * 20, document._LATIN_GAP,
                                 lay.char_spacing)


def test_no_heading_ends_a_page_and_every_full_page_keeps_22_lines(pdfs):
    heading = re.compile(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[0-9]+\.|（[0-9]+）")
    fitted = 0
    for name, (doc, pdf) in pdfs.items():
        all_pages, _ = layoutcheck.check_gbt_pages(pdf)
        for n, page in enumerate(all_pages[:-1], 1):
            body = layoutcheck.split_footer(page)[0]
            last = body[-1][4].replace(" ", "")
            heads = {b.text.replace(" ", "") for b in doc.blocks if isinstance(b, Block) and b.level}
            assert not (heading.match(last) and last in heads), (name, n, last)
        if name.startswith("stranded-"):
            _, items, _ = document._body(doc, base(), {})
            fitted += bool(_fit_doc(items))
    assert fitted == 8  # every stranded document was fitted
