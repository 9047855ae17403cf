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


NUMBERING_REL = """<Relationship Id="rId2"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"""


def make_docx(body: str, *, styles: str | None = STYLES, main: str = "word/document.xml",
              numbering: str | None = None) -> bytes:
    doc = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:mc="{MC}">'
           f"<w:body>{body}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS.format(target=main))
        zf.writestr(main, doc)
        folder = main.rsplit("/", 1)[0]
        rels = DOC_RELS
        if numbering is not None:
            zf.writestr(f"{folder}/numbering.xml", numbering)
            rels = rels.replace("</Relationships>", NUMBERING_REL + "</Relationships>")
        if styles is not None:
            zf.writestr(f"{folder}/styles.xml", styles)
        if styles is not None or numbering is not None:
            zf.writestr(f"{folder}/_rels/{main.rsplit('/', 1)[1]}.rels", rels)
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


# -------------------------------------------------------------------------------------------------
# Word's automatic numbering (w:numPr and word/numbering.xml)

def lvl(ilvl: int, fmt: str, text: str, *, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def numbering_xml(abstracts: dict[int, str], nums: dict[int, str]) -> str:
    """abstractNumId → its w:lvl elements; numId → abstractNumId as text plus any w:lvlOverride."""
    ab = "".join(f'<w:abstractNum w:abstractNumId="{a}">{levels}</w:abstractNum>' for a, levels in abstracts.items())
    nu = "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{spec.split("|")[0]}"/>{spec.partition("|")[2]}</w:num>'
                 for n, spec in nums.items())
    return f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">{ab}{nu}</w:numbering>'


def npara(text: str, num: int | None, ilvl: int | None = None, style: str | None = None) -> str:
    """A paragraph numbered directly (w:pPr/w:numPr); num None leaves the numbering to its style."""
    ps = f'<w:pStyle w:val="{style}"/>' if style else ""
    il = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    npr = f'<w:numPr>{il}<w:numId w:val="{num}"/></w:numPr>' if num is not None else ""
    return f'<w:p><w:pPr>{ps}{npr}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


# the numbering of a government speech: 一、 （一） 1. （1）, a tab after the number as Word writes it
SPEECH_LEVELS = (lvl(0, "chineseCounting", "%1、", extra='<w:suff w:val="nothing"/>')
                 + lvl(1, "chineseCounting", "（%2）")
                 + lvl(2, "decimal", "%3.", extra='<w:suff w:val="space"/>')
                 + lvl(3, "decimal", "（%4）"))


def texts(data: bytes) -> list[str]:
    return [t for _, t in read_docx(data, "n.docx")]


def test_speech_numbered_by_word_reads_as_typed():
    body = (para("同志们：") + npara("提高政治站位", 1, 0) + npara("深化思想认识", 1, 1) + para("正文。")
            + npara("对照清单逐项销号", 1, 2) + npara("建立台账", 1, 2) + npara("按月调度", 1, 3)
            + npara("按周通报", 1, 3) + npara("强化组织保障", 1, 1) + npara("压实整改责任", 1, 0)
            + npara("细化任务分工", 1, 1) + npara("明确时限", 1, 2))
    data = make_docx(body, numbering=numbering_xml({0: SPEECH_LEVELS}, {1: "0"}))
    assert texts(data) == ["同志们：", "一、提高政治站位", "（一）深化思想认识", "正文。", "1.对照清单逐项销号",
                           "2.建立台账", "（1）按月调度", "（2）按周通报", "（二）强化组织保障", "二、压实整改责任",
                           "（一）细化任务分工", "1.明确时限"]


def test_chinese_counting_past_ten():
    body = "".join(npara(f"第{i}项", 1, 0) for i in range(1, 23))
    got = texts(make_docx(body, numbering=numbering_xml({0: SPEECH_LEVELS}, {1: "0"})))
    assert [t.split("第")[0] for t in got][8:] == ["九、", "十、", "十一、", "十二、", "十三、", "十四、", "十五、",
                                                   "十六、", "十七、", "十八、", "十九、", "二十、", "二十一、", "二十二、"]


HEADING_STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="{W}">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>
 <w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/>
 <w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:basedOn w:val="a"/>
 <w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="GzItem"><w:name w:val="条目"/><w:basedOn w:val="3"/></w:style>
</w:styles>"""


def test_numbering_through_heading_styles():
    # heading 1 carries the list, heading 2 inherits it through basedOn and sets its level, heading 3 has
    # no level of its own: the list's level that names the style (w:pStyle) is its level, also when the
    # paragraph names the same list again in its own w:numPr
    levels = (lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="1"/>')
              + lvl(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="2"/>')
              + lvl(2, "decimal", "%3.", extra='<w:pStyle w:val="3"/>'))
    body = (para("主要做法", "1") + para("建立机制", "2") + para("细化清单", "3") + para("逐项销号", "GzItem")
            + npara("同一列表直接编号", 5, style="3") + para("正文。") + para("存在问题", "1") + para("整改不到位", "2"))
    got = read_docx(make_docx(body, styles=HEADING_STYLES, numbering=numbering_xml({0: levels}, {5: "0"})), "h.docx")
    assert got == [("heading 1", "一、主要做法"), ("heading 2", "（一）建立机制"), ("heading 3", "1.细化清单"),
                   ("条目", "2.逐项销号"), ("heading 3", "3.同一列表直接编号"), (None, "正文。"), ("heading 1", "二、存在问题"),
                   ("heading 2", "（一）整改不到位")]


def test_numid_zero_takes_the_style_numbering_away():
    levels = lvl(0, "chineseCounting", "%1、")
    body = para("第一部分", "1") + npara("不编号的标题", 0, style="1") + para("第二部分", "1")
    got = texts(make_docx(body, styles=HEADING_STYLES, numbering=numbering_xml({0: levels}, {5: "0"})))
    assert got == ["一、第一部分", "不编号的标题", "二、第二部分"]


def test_lower_level_restarts_unless_told_otherwise():
    levels = (lvl(0, "chineseCounting", "%1、") + lvl(1, "decimal", "%2.")
              + lvl(2, "decimal", "（%3）", extra='<w:lvlRestart w:val="0"/>'))
    body = (npara("甲", 1, 0) + npara("a", 1, 1) + npara("b", 1, 1) + npara("x", 1, 2)
            + npara("乙", 1, 0) + npara("c", 1, 1) + npara("y", 1, 2))
    assert texts(make_docx(body, numbering=numbering_xml({0: levels}, {1: "0"}))) == [
        "一、甲", "1.a", "2.b", "（1）x", "二、乙", "1.c", "（2）y"]


def test_lists_sharing_a_definition_and_start_override():
    # numId 1 and 2 share abstractNum 0: one counter; numId 3 restarts it at 1 ("重新开始编号"), numId 4 at 5
    levels = lvl(0, "decimal", "%1.")
    start = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{}"/></w:lvlOverride>'
    nums = {1: "0", 2: "0", 3: "0|" + start.format(1), 4: "0|" + start.format(5)}
    body = (npara("a", 1, 0) + npara("b", 2, 0) + npara("c", 1, 0) + npara("d", 3, 0) + npara("e", 3, 0)
            + npara("f", 4, 0) + npara("g", 1, 0))
    assert texts(make_docx(body, numbering=numbering_xml({0: levels}, nums))) == [
        "1.a", "2.b", "3.c", "1.d", "2.e", "5.f", "6.g"]


def test_level_override_with_its_own_definition():
    levels = lvl(0, "decimal", "%1.")
    over = '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/>' \
           '<w:lvlText w:val="第%1条"/></w:lvl></w:lvlOverride>'
    body = npara("总则", 1, 0) + npara("适用范围", 1, 0)
    assert texts(make_docx(body, numbering=numbering_xml({0: levels}, {1: "0|" + over}))) == [
        "第一条总则", "第二条适用范围"]


def test_bullets_are_not_numbers():
    levels = lvl(0, "bullet", "\uf0b7") + lvl(1, "decimal", "%2.")
    body = npara("要点一", 1, 0) + npara("要点二", 1, 0) + npara("细项", 1, 1)
    assert texts(make_docx(body, numbering=numbering_xml({0: levels}, {1: "0"}))) == ["要点一", "要点二", "1.细项"]


def test_missing_or_broken_numbering_reads_the_typed_text():
    body = npara("提高站位", 1, 0) + npara("二、压实责任", 1, 0)
    assert texts(make_docx(body)) == ["提高站位", "二、压实责任"]
    assert texts(make_docx(body, numbering="<w:numbering><unclosed>")) == ["提高站位", "二、压实责任"]
    assert texts(make_docx(body, numbering=numbering_xml({}, {}))) == ["提高站位", "二、压实责任"]
    dtd = '<?xml version="1.0"?><!DOCTYPE n [<!ENTITY a "a">]><w:numbering/>'
    assert texts(make_docx(body, numbering=dtd)) == ["提高站位", "二、压实责任"]


def test_number_typed_as_well_is_not_doubled():
    body = (npara("一、提高站位", 1, 0) + npara("（一）强化认识", 1, 1) + npara("(二) 半角括号", 1, 1)
            + npara("　　1．全角句点", 1, 2) + npara("二、压实责任", 1, 0) + npara("二、不同的序号", 1, 0))
    assert texts(make_docx(body, numbering=numbering_xml({0: SPEECH_LEVELS}, {1: "0"}))) == [
        "一、提高站位", "（一）强化认识", "(二) 半角括号", "　　1．全角句点", "二、压实责任", "三、二、不同的序号"]


def test_multi_level_text_and_legal_numbering():
    levels = (lvl(0, "chineseCounting", "第%1章") + lvl(1, "decimal", "%1.%2")
              + lvl(2, "decimal", "%1.%2.%3", extra="<w:isLgl/>"))
    body = (npara("总则", 1, 0) + npara("目的", 1, 1) + npara("依据", 1, 2) + npara("范围", 1, 1)
            + npara("职责", 1, 0) + npara("分工", 1, 1))
    assert texts(make_docx(body, numbering=numbering_xml({0: levels}, {1: "0"}))) == [
        "第一章总则", "一.1目的", "1.1.1依据", "一.2范围", "第二章职责", "二.1分工"]


def test_numbering_style_link():
    # abstractNum 1 takes its levels from the numbering style 公文编号, whose list is abstractNum 0
    styles = STYLES.replace("</w:styles>", '<w:style w:type="numbering" w:styleId="GwList"><w:name w:val="公文编号"/>'
                            '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>')
    numbering = numbering_xml({0: '<w:styleLink w:val="GwList"/>' + SPEECH_LEVELS,
                               1: '<w:numStyleLink w:val="GwList"/>'}, {1: "0", 2: "1"})
    body = npara("提高站位", 2, 0) + npara("强化认识", 2, 1) + npara("压实责任", 2, 0)
    assert texts(make_docx(body, styles=styles, numbering=numbering)) == ["一、提高站位", "（一）强化认识", "二、压实责任"]


def test_numbered_cells_of_a_table():
    levels = lvl(0, "decimal", "%1")
    row = '<w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>'
    body = "<w:tbl>" + row.format(para("序号"), para("问题")) + row.format(npara("", 1, 0), para("台账不全")) \
           + row.format(npara("", 1, 0), para("进度滞后")) + "</w:tbl>"
    assert texts(make_docx(body, numbering=numbering_xml({0: levels}, {1: "0"}))) == [
        "序号", "问题", "1", "台账不全", "2", "进度滞后"]


@pytest.mark.parametrize("fmt, values, want", [
    ("decimal", (1, 10, 123), ("1", "10", "123")),
    ("chineseCounting", (1, 10, 11, 20, 21, 99), ("一", "十", "十一", "二十", "二十一", "九十九")),
    ("chineseCountingThousand", (3, 10, 105), ("三", "十", "一百零五")),
    ("chineseLegalSimplified", (1, 3, 10, 11, 20, 25), ("壹", "叁", "壹拾", "壹拾壹", "贰拾", "贰拾伍")),
    ("ideographLegalTraditional", (2, 10), ("貳", "壹拾")),
    ("ideographTraditional", (1, 3, 10, 11), ("甲", "丙", "癸", "甲")),
    ("ideographZodiac", (1, 12), ("子", "亥")),
    ("decimalFullWidth", (1, 12), ("１", "１２")),
    ("decimalZero", (1, 12), ("01", "12")),
    ("upperLetter", (1, 26, 27, 28), ("A", "Z", "AA", "BB")),
    ("lowerLetter", (2,), ("b",)),
    ("upperRoman", (1, 4, 9, 14, 40), ("I", "IV", "IX", "XIV", "XL")),
    ("lowerRoman", (3, 0), ("iii", "0")),
    ("decimalEnclosedCircle", (1, 20, 21), ("①", "⑳", "21")),
    ("decimalEnclosedCircleChinese", (3,), ("③",)),
    ("decimalEnclosedParen", (1,), ("⑴",)),
    ("ideographEnclosedCircle", (1, 10), ("㊀", "㊉")),
    ("none", (4,), ("",)),
    ("someFutureFormat", (7,), ("7",)),
])
def test_number_formats(fmt, values, want):
    from generator.io.docx_numbering import format_number

    assert tuple(format_number(v, fmt) for v in values) == want


def test_a_number_in_the_text_is_not_the_typed_label():
    levels = lvl(0, "decimal", "%1.")
    body = npara("1.5亿元资金已拨付", 1, 0) + npara("2个问题已整改", 1, 0) + npara("3.加强督导", 1, 0)
    assert texts(make_docx(body, numbering=numbering_xml({0: levels}, {1: "0"}))) == [
        "1.1.5亿元资金已拨付", "2.2个问题已整改", "3.加强督导"]
