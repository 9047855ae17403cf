"""Input adapters: roles from outlines and gaozi's .docx styles, tables, and inputs refused with exit 2."""
from __future__ import annotations

import io
import os
import zipfile

import pytest
from click.testing import CliRunner

from generator import api
from generator.errors import GaoziError
from generator.lint import inputs

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def cli(*args):
    from generator.cli import main

    return CliRunner().invoke(main, ["check", *map(str, args)])


SPEECH = """kind: speech
title: 在全县巡察整改工作会议上的讲话
speaker: 县委书记　王明
date: 2025-03-08
sections:
  - heading: 提高认识
    body:
      - 今天召开这次会议，主要是部署整改工作。
"""


def test_outline_paragraphs_keep_their_roles_and_lines(tmp_path):
    inp = inputs.from_outline(SPEECH, "o.yaml")
    roles = {p.role: p.line for p in inp.paras}
    assert roles["title"] == 2 and roles["speaker"] == 3
    assert inp.meta.format == "outline" and inp.meta.title == "在全县巡察整改工作会议上的讲话"
    assert inp.meta.kind == "speech"


def test_gaozi_docx_styles_give_roles(tmp_path):
    data = api.write(api.build(SPEECH, name="o.yaml"), "docx")
    inp = inputs.from_docx(data, "o.docx")
    assert [p.role for p in inp.paras][:2] == ["title", "speaker"]
    assert inp.meta.title == "在全县巡察整改工作会议上的讲话"


def test_text_table_rows_are_table_cells_and_the_first_line_is_the_title():
    inp = inputs.from_text("在会议上的讲话\n序号\t类别\n1\t党建\n2\t党建\n今天开会。\n", "a.txt")
    assert [p.role for p in inp.paras] == [None, "table-text", "table-text", "table-text", None]
    assert inp.meta.title == "在会议上的讲话"


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "0", "-3", "半小时"])
def test_target_minutes_must_be_a_positive_number(tmp_path, value):
    p = tmp_path / "o.yaml"
    p.write_text(SPEECH.replace("date:", f"target_minutes: {value}\ndate:"), encoding="utf-8")
    r = cli(p)
    assert r.exit_code == 2, r.output
    assert f"{p}:4: target_minutes:" in r.output and "Traceback" not in r.output


def test_special_files_are_refused_and_the_others_still_checked(tmp_path):
    if not os.path.exists("/dev/urandom"):
        pytest.skip("no /dev/urandom")
    ok = tmp_path / "ok.txt"
    ok.write_text("今天由xx同志主持会议。\n", encoding="utf-8")
    r = cli("/dev/urandom", ok)
    assert r.exit_code == 2
    assert "/dev/urandom: 这不是普通文件" in r.output and "placeholder" in r.output


def _docx(document_xml: bytes) -> bytes:
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr("word/document.xml", document_xml)
    return b.getvalue()


def test_a_docx_nested_50000_levels_is_refused_and_the_others_still_checked(tmp_path):
    inner = "<w:sdt>" * 50_000 + "<w:p><w:r><w:t>正文</w:t></w:r></w:p>" + "</w:sdt>" * 50_000
    deep = tmp_path / "deep.docx"
    deep.write_bytes(_docx(f'<w:document xmlns:w="{W}"><w:body>{inner}</w:body></w:document>'.encode()))
    ok = tmp_path / "ok.txt"
    ok.write_text("今天由xx同志主持会议。\n", encoding="utf-8")
    r = cli(deep, ok)
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert f"{deep}:" in r.output and "placeholder" in r.output


def test_a_utf16_document_xml_is_refused(tmp_path):
    xml = (f'<?xml version="1.0" encoding="UTF-16"?><w:document xmlns:w="{W}"><w:body><w:p><w:r>'
           "<w:t>正文</w:t></w:r></w:p></w:body></w:document>").encode("utf-16")
    p = tmp_path / "u16.docx"
    p.write_bytes(_docx(xml))
    r = cli(p)
    assert r.exit_code == 2 and "UTF-8" in r.output
    with pytest.raises(GaoziError):
        inputs.read(str(p))
