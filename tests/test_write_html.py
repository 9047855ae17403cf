"""The HTML preview: A4 pages of at most 22 grid lines, nothing lost or reordered when paragraphs are cut."""
from __future__ import annotations

import re
from html import unescape

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from generator import api
from generator.model.tree import Block, Document, Span, Table
from generator.write import html as w


def _page_texts(doc: Document) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", "".join(p))) for p in w.pages(doc)]


def test_width_counts_latin_as_half():
    assert w.width("整改") == 2 and w.width("2025") == 2 and w.width("，") == 1


def test_a_long_speech_is_cut_into_pages_of_22_lines():
    doc = api.build(str(ROOT / "outlines" / "speech-warning.yaml"))
    pages = w.pages(doc)
    assert len(pages) >= 3
    out = w.render(doc)
    assert out.count('class="gz-page"') == len(pages) and "— 1 —" in out and "— 2 —" in out
    assert "<b class=\"lead\">" in out  # run-in leads in bold
    assert "width:210mm;height:297mm" in w.CSS and "padding:37mm 26mm 35mm 28mm" in w.CSS
    assert "font-size:22pt" in w.CSS  # 2号 title
    assert out == w.render(doc)  # deterministic


def test_text_is_escaped_and_source_lines_kept():
    doc = Document([Block("title", [Span("<b>标题</b>")]), Block("body", [Span("a & b")], source=7)], {})
    out = w.render(doc)
    assert "&lt;b&gt;标题&lt;/b&gt;" in out and "a &amp; b" in out and 'data-line="7"' in out


def test_tables_and_new_pages():
    t = Table(["序号", "问题"], [["1", "账目不清"]] * 3, [20, 100], title="附件", new_page=True)
    doc = Document([Block("body", [Span("正文。")]), t], {})
    pages = w.pages(doc)
    assert len(pages) == 2 and "<table>" in "".join(pages[1])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["body", "heading1", "title", "closing"]),
                          st.text(alphabet="整改落实责任，。abc12", min_size=1, max_size=400)), min_size=1, max_size=30))
def test_cutting_pages_loses_and_reorders_nothing(paras):
    doc = Document([Block(role, [Span(text)]) for role, text in paras], {})
    assert "".join(_page_texts(doc)) == "".join(text for _, text in paras)
    for page in w.pages(doc):
        lines = 0
        for p in page:
            role = re.match(r'<p class="([\w-]+)', p)[1]
            text = unescape(re.sub(r"<[^>]+>", "", p))
            if role == "title":
                lines += w._lines(Block("title", [Span(text)]))[0]
            else:
                cont = ' cont"' in p or 'cont" ' in p
                lines += -(-int(2 * (w.width(text) + (0 if cont else 2))) // (2 * w.CHARS_PER_LINE)) or 1
        assert lines <= w.LINES_PER_PAGE or len(page) == 1
