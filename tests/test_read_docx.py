"""Tests of read_docx: paragraph texts and style names from a .docx without python-docx."""
from __future__ import annotations

import io
import zipfile

import pytest

from generator.errors import GaoziError
from generator.io.read_docx import read_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{target}"/>
</Relationships>"""
DOC_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="{W}">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="GzSpeaker"><w:name w:val="讲话人"/></w:style>
</w:styles>"""


def para(text: str, style: str | None = None, extra: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>{extra}</w:p>"


def make_docx(body: str, *, styles: str | None = STYLES, main: str = "word/document.xml") -> bytes:
    doc = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:mc="{MC}">'
           f"<w:body>{body}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS.format(target=main))
        zf.writestr(main, doc)
        folder = main.rsplit("/", 1)[0]
        if styles is not None:
            zf.writestr(f"{folder}/styles.xml", styles)
            zf.writestr(f"{folder}/_rels/{main.rsplit('/', 1)[1]}.rels", DOC_RELS)
    return buf.getvalue()


def test_styles_resolved_to_names():
    data = make_docx(para("在全县会议上的讲话", "a3") + para("县委书记　王明", "GzSpeaker")
                     + para("一、提高站位", "1") + para("正文。") + para("未知样式", "Missing"))
    assert read_docx(data, "a.docx") == [("Title", "在全县会议上的讲话"), ("讲话人", "县委书记　王明"),
                                         ("heading 1", "一、提高站位"), (None, "正文。"), ("Missing", "未知样式")]


def test_runs_tabs_breaks_and_revisions():
    body = (f"<w:p><w:r><w:t>甲</w:t></w:r><w:r><w:tab/><w:t>乙</w:t></w:r><w:r><w:br/><w:t>丙</w:t></w:r>"
            f"<w:r><w:br w:type=\"page\"/></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>"
            f"<w:ins><w:r><w:t>插入的</w:t></w:r></w:ins>"
            f"<w:r><w:instrText> PAGE </w:instrText></w:r><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>")
    assert read_docx(make_docx(body), "b.docx") == [(None, "甲\t乙\n丙插入的链接")]


def test_tables_and_alternate_content_read_once():
    cell = f"<w:tc>{para('单元格')}</w:tc>"
    body = (f"<w:tbl><w:tr>{cell}{cell}</w:tr></w:tbl>"
            f"<mc:AlternateContent><mc:Choice Requires=\"wps\">{para('选择')}</mc:Choice>"
            f"<mc:Fallback>{para('备用')}</mc:Fallback></mc:AlternateContent>")
    assert [t for _, t in read_docx(make_docx(body), "c.docx")] == ["单元格", "单元格", "选择"]


def test_main_part_found_through_relationships_and_missing_styles():
    data = make_docx(para("正文", "1"), styles=None, main="word/document2.xml")
    assert read_docx(data, "d.docx") == [("1", "正文")]


@pytest.mark.parametrize("data, message", [
    (b"not a zip at all", "不是 zip"),
    (b"PK\x03\x04broken", "不是 zip"),
])
def test_not_a_zip(data, message):
    with pytest.raises(GaoziError, match=message) as exc:
        read_docx(data, "x.docx")
    assert exc.value.problems[0].file == "x.docx"


def test_zip_that_is_not_a_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(GaoziError, match="不是 .docx"):
        read_docx(buf.getvalue(), "y.docx")


def test_broken_xml_and_doctype_are_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(GaoziError, match="不是有效的 XML"):
        read_docx(buf.getvalue(), "z.docx")
    bomb = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>'
            f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", bomb)
    with pytest.raises(GaoziError, match="DTD"):
        read_docx(buf.getvalue(), "bomb.docx")


def test_other_xml_root_is_not_a_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<root/>")
    with pytest.raises(GaoziError, match="不是 Word 文档"):
        read_docx(buf.getvalue(), "r.docx")


def test_python_docx_document():
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("关于整改情况的报告", level=0)
    d.add_heading("一、主要做法", level=1)
    d.add_paragraph("正文段落。")
    buf = io.BytesIO()
    d.save(buf)
    got = read_docx(buf.getvalue(), "p.docx")
    # styles.xml stores the built-in name in lower case ("heading 1"); Word shows "Heading 1"
    assert got == [("Title", "关于整改情况的报告"), ("heading 1", "一、主要做法"), (None, "正文段落。")]


def test_gaozi_docx_output_reads_back():
    from generator.api import build, write

    outline = "kind: speech\ntitle: 在会议上的讲话\nspeaker: 县委书记　王明\nopening: [今天开会。]\n" \
              "sections: [{heading: 提高站位, body: [正文。]}]\nclosing: [谢谢大家！]\n"
    data = write(build(outline, name="o.yaml"), "docx")
    got = read_docx(data, "g.docx")
    texts = [t for _, t in got if t]
    assert texts[:6] == ["在会议上的讲话", "县委书记　王明", "同志们：", "今天开会。", "一、提高站位", "正文。"]
    styles = dict((t, s) for s, t in got)
    assert styles["在会议上的讲话"] == "Title" and styles["一、提高站位"] == "heading 1"
