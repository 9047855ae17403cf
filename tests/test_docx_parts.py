"""Package parts: core properties, a deterministic zip, XML-safe text."""
from __future__ import annotations

import datetime
import io
import zipfile

import docx
import pytest
from lxml import etree

from generator.model import profiles
from generator.model.tree import Block, Document, Span
from generator.write import docx as write_docx
from test_write_docx import NS, TITLE, W, _part, _style, make_speech, speech, speech_bytes  # noqa: F401  (fixtures)


def test_core_properties_and_zip_layout(speech_bytes):
    core = docx.Document(io.BytesIO(speech_bytes)).core_properties
    assert core.title == TITLE
    assert core.created == core.modified == datetime.datetime(2025, 3, 18, tzinfo=datetime.timezone.utc)
    assert core.revision == 1
    with zipfile.ZipFile(io.BytesIO(speech_bytes)) as z:
        names = z.namelist()
        assert names[0] == "[Content_Types].xml" and "word/document.xml" in names
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.testzip() is None
    undated = write_docx.render(Document([Block("body", [Span("正文。")])], {}))
    assert docx.Document(io.BytesIO(undated)).core_properties.created.year == 1980


def test_illegal_characters_are_dropped_and_astral_text_kept():
    text = "整改\x00落\x08实\x0b到\x0c位\x1f\ud800😀𠀀&<>\"'\uffff"
    doc = Document([Block("title", [Span("标题\x01")]), Block("body", [Span("要点\x02。", "lead"), Span(text)])],
                   {"title": "标题\x07", "author": "审计局\x1b"})
    data = write_docx.render(doc)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            etree.fromstring(z.read(name))  # every part is well-formed XML
    pars = docx.Document(io.BytesIO(data)).paragraphs
    assert pars[0].text == "标题"
    assert pars[1].text == "要点。整改落实到位😀𠀀&<>\"'"


def test_newline_and_tab_in_a_span_become_break_and_tab():
    data = write_docx.render(Document([Block("body", [Span("甲\n乙\t丙")])], {}))
    r = _part(data, "word/document.xml").find("w:body/w:p/w:r", NS)
    assert [c.tag.replace(W, "") for c in r] == ["t", "br", "t", "tab", "t"]


