"""Reading old and printed documents: .doc/.wps/.rtf through LibreOffice, .pdf through pypdf as lines with
widths; import and check accept them; every failure is one located Chinese line."""
from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from conftest import run_gaozi
from generator import api
from generator.errors import GaoziError
from generator.io import office, readers
from generator.io.read_docx import read_docx
from generator.write import docx as write_docx

ROOT = Path(__file__).resolve().parent.parent
SPEECH = ROOT / "outlines" / "speech-warning.yaml"


def test_width_counts_chinese_as_one_and_latin_as_half():
    assert readers.text_width("整改2025年") == 3 + 2.0
    assert readers.text_width("（一）") == 3


def test_kind_by_extension_or_signature():
    assert readers.kind_of("旧稿.DOC") == readers.kind_of("a.wps") == readers.kind_of("a.rtf") == "office"
    assert readers.kind_of("a.pdf") == "pdf" and readers.kind_of("a.txt") is None
    assert readers.kind_of("-", b"%PDF-1.7\n") == "pdf"
    assert readers.kind_of("-", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest") == "office"
    assert readers.kind_of("-", b"{\\rtf1\\ansi}") == "office" and readers.kind_of("-", "同志们".encode()) is None


def L(text, page=1):
    return readers.Line(text, readers.text_width(text), page)


def test_paragraphs_rejoin_full_lines_and_indented_first_lines():
    full = "一" * 27 + "，"  # 28 wide
    lines = [L("在会议上的讲话"), L("同志们："), L("二" * 26), L(full), L(full), L(full), L("三是要。"),
             L("四" * 25 + "。"), L("五" * 20 + "，"), L(full, 1), L("二是要抓好整改。", 2), L("完", 2), L(full, 2), L(full, 2)]
    ps = readers.paragraphs(lines)
    assert ps[:2] == ["在会议上的讲话", "同志们："]
    assert ps[2] == "二" * 26 + full * 3 + "三是要。"  # an indented first line and full lines wrap
    assert ps[3] == "四" * 25 + "。"  # two short, but it ends a sentence: its own paragraph
    assert ps[4] == "五" * 20 + "，"  # a short line ends its paragraph, whatever its last character
    assert ps[5] == full + "二是要抓好整改。"  # a full last line continues on the next page, enumerator or not


def test_pdf_errors_are_chinese_and_located(tmp_path, monkeypatch):
    pypdf = pytest.importorskip("pypdf")
    with pytest.raises(GaoziError, match="这不是 PDF 文件"):
        readers.pdf_lines(b"hello", "a.pdf")
    with pytest.raises(GaoziError, match="a.pdf: PDF 文件已损坏"):
        readers.pdf_lines(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF", "a.pdf")
    w = pypdf.PdfWriter()
    w.add_blank_page(595, 842)
    buf = io.BytesIO()
    w.write(buf)
    with pytest.raises(GaoziError, match="没有可以读取的文字"):
        readers.pdf_lines(buf.getvalue(), "blank.pdf")
    w.encrypt("秘密")
    buf = io.BytesIO()
    w.write(buf)
    with pytest.raises(GaoziError, match="密码"):
        readers.pdf_lines(buf.getvalue(), "locked.pdf")
    monkeypatch.setitem(sys.modules, "pypdf", None)
    with pytest.raises(GaoziError, match="pip install pypdf"):
        readers.pdf_lines(b"%PDF-1.4", "a.pdf")


def test_empty_office_file_and_missing_libreoffice(tmp_path, monkeypatch):
    with pytest.raises(GaoziError, match="文件是空的"):
        readers.to_docx(b"", "a.doc")
    monkeypatch.setenv("GAOZI_SOFFICE", str(tmp_path / "none"))
    with pytest.raises(GaoziError) as e:
        readers.to_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧稿.wps")
    assert str(e.value).startswith("旧稿.wps: 读取 .wps 文件需要 LibreOffice") and "libreoffice-writer-nogui" in str(e.value)


def test_import_doc_without_libreoffice_exit_2(tmp_path):
    doc = tmp_path / "旧稿.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    empty = tmp_path / "bin"
    empty.mkdir()
    for cmd in (["import", doc, "-o", tmp_path / "o.yaml"], ["check", doc]):
        r = run_gaozi(*cmd, env={"PATH": str(empty)})
        err = r.stderr.decode()
        assert r.returncode == 2 and "需要 LibreOffice" in err and "Traceback" not in err, err
    assert not (tmp_path / "o.yaml").exists()


# ------------------------------------------------------------------------ with LibreOffice


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    if not office.available():
        pytest.skip("LibreOffice (soffice) is not installed")
    d = tmp_path_factory.mktemp("old")
    docx = write_docx.render(api.build(str(SPEECH)))
    (d / "讲话.docx").write_bytes(docx)
    (d / "讲话.pdf").write_bytes(office.convert_one(docx, "docx", "pdf"))
    (d / "讲话.doc").write_bytes(office.convert_one(docx, "docx", "doc:MS Word 97"))
    (d / "讲话.wps").write_bytes((d / "讲话.doc").read_bytes())  # WPS Office's .wps is a Word 97 file
    (d / "讲话.rtf").write_bytes(office.convert_one(docx, "docx", "rtf"))
    return d


def _paras(path: Path) -> list[str]:
    return [t for _s, t in read_docx(path.read_bytes(), path.name) if t.strip()]


def test_pdf_lines_keep_the_printed_lines_and_the_text(made):
    lines = readers.pdf_lines((made / "讲话.pdf").read_bytes(), "讲话.pdf")
    body = [ln for ln in lines if ln.width > 20]
    assert len(lines) > len(_paras(made / "讲话.docx")) and max(ln.width for ln in body) == 28
    assert {ln.page for ln in lines} == set(range(1, max(ln.page for ln in lines) + 1))
    text = "".join(ln.text for ln in lines)
    want = "".join(_paras(made / "讲话.docx"))
    assert "".join(text.split()) == "".join(want.split())  # no font-change spaces left either


def test_import_doc_wps_and_pdf_give_the_docx_paragraphs(made, tmp_path):
    ref = run_gaozi("import", made / "讲话.docx")
    assert ref.returncode == 0
    for name in ("讲话.doc", "讲话.wps", "讲话.pdf"):
        r = run_gaozi("import", made / name)
        assert r.returncode == 0, r.stderr.decode()
        # The same outline but for the file named in its first comment (a PDF's lines rejoined by the importer).
        assert r.stdout.split(b"\n")[1:] == ref.stdout.split(b"\n")[1:], name


def test_check_reads_rtf_and_pdf(made):
    for name in ("讲话.rtf", "讲话.pdf"):
        r = run_gaozi("check", made / name)
        err, out = r.stderr.decode(), r.stdout.decode()
        assert r.returncode in (0, 1) and "Traceback" not in err, err
        assert "broken-line" not in out  # a PDF's wraps are rejoined by width before checking
    fix = run_gaozi("check", made / "讲话.rtf", "--fix")
    assert fix.returncode == 2 and "不能自动修正 .rtf" in fix.stderr.decode()
