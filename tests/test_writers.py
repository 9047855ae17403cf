"""Plain-text and Markdown writers."""
from __future__ import annotations

from generator.model.tree import Block, Document, Span, Table
from generator.write.markdown import render as md
from generator.write.text import render as txt

DOC = Document([
    Block("title", [Span("在会议上的讲话")]),
    Block("salutation", [Span("同志们：")]),
    Block("heading1", [Span("一、提高站位")]),
    Block("body", [Span("一要压实责任。", "lead"), Span("**同志要把*号和_下划线_原样保留。")]),
    Block("body", [Span("1. 不是列表")]),
    Table(["序号", "问题"], [["1", "台账|不全"]], [10, 50], "附件"),
])


def test_text_is_one_paragraph_per_line():
    assert txt(DOC).splitlines() == ["在会议上的讲话", "同志们：", "一、提高站位",
                                     "一要压实责任。**同志要把*号和_下划线_原样保留。", "1. 不是列表", "附件", "序号\t问题", "1\t台账|不全"]


def test_markdown_headings_bold_leads_and_escapes():
    out = md(DOC).split("\n\n")
    assert out[0] == "# 在会议上的讲话" and out[2] == "## 一、提高站位"
    assert out[3] == "**一要压实责任。**\\*\\*同志要把\\*号和\\_下划线\\_原样保留。"
    assert out[4] == "1\\. 不是列表"
    assert "| 1 | 台账\\|不全 |" in out[-1]


def test_text_and_markdown_set_off_signer_and_print_date():
    from generator.model.tree import Block, Document, Span
    from generator.write import markdown, text

    doc = Document([Block("doc-number", [Span("某委〔2026〕3号签发人："), Span("王一", "signer")]),
                    Block("imprint", [Span("某某办公室"), Span("2026年1月5日印发", "when")])], {})
    assert text.render(doc) == "某委〔2026〕3号　　签发人：王一\n某某办公室　　2026年1月5日印发\n"
    assert "某某办公室　　2026年1月5日印发" in markdown.render(doc)
