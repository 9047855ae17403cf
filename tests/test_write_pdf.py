"""PDF output: the .docx converted by LibreOffice, with the same text, fonts embedded, the same bytes for
the same input; render -o x.pdf, --format pdf and batch --name '{unit}.pdf'."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import run_gaozi
from generator import api
from generator.io.read_docx import read_docx
from generator.write import pdf as write_pdf

ROOT = Path(__file__).resolve().parent.parent
SPEECH = ROOT / "outlines" / "speech-warning.yaml"


def test_stable_replaces_time_and_identifier_with_same_length_values():
    raw = (b"%PDF-1.6\n1 0 obj<</CreationDate(D:20261201212139Z')/Producer(x)>>endobj\n"
           b"trailer<</ID [ <2BE79477CBEB4D39CEAEEA8A0C756482>\n<2BE79477CBEB4D39CEAEEA8A0C756482> ]\n"
           b"/DocChecksum /1832A9D7541259087002652A82B33143>>")
    later = raw.replace(b"20261201212139", b"20270304050607").replace(b"2BE79477", b"99999999").replace(b"1832A9D7", b"77777777")
    a, b = write_pdf.stable(raw), write_pdf.stable(later)
    assert a == b and len(a) == len(raw)  # offsets in the cross-reference table stay right
    assert b"D:19800101000000Z'" in a and b"2BE79477" not in a
    assert write_pdf.stable(b"%PDF-1.4 no metadata") == b"%PDF-1.4 no metadata"


def _needs_libreoffice():
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (soffice) or poppler (pdftotext) is not installed")


def _squash(text: str) -> str:
    text = re.sub(r"—\s*\d+\s*—", "", text)  # page numbers in the footer
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    _needs_libreoffice()
    d = tmp_path_factory.mktemp("pdf")
    r = run_gaozi("render", SPEECH, "-o", d / "讲话.pdf", "-q")
    assert r.returncode == 0, r.stderr.decode()
    r = run_gaozi("render", SPEECH, "-o", d / "讲话.docx", "-q")
    assert r.returncode == 0, r.stderr.decode()
    return d


def test_pdf_text_equals_the_docx_paragraphs(made):
    text = subprocess.run(["pdftotext", str(made / "讲话.pdf"), "-"], capture_output=True, text=True).stdout
    paras = "".join(t for _style, t in read_docx((made / "讲话.docx").read_bytes(), "讲话.docx"))
    assert len(_squash(paras)) > 1000
    assert _squash(text) == _squash(paras)


def test_fonts_are_embedded(made):
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) is not installed")
    out = subprocess.run(["pdffonts", str(made / "讲话.pdf")], capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows and all(r[-5] == "yes" for r in rows), out  # the "emb" column


def test_same_outline_same_pdf_bytes_and_format_option(made, tmp_path):
    r = run_gaozi("render", SPEECH, "--format", "pdf", "-o", "-", "-q")
    assert r.returncode == 0 and r.stdout.startswith(b"%PDF")
    assert r.stdout == (made / "讲话.pdf").read_bytes()


def test_api_write_pdf_and_batch_pdfs(tmp_path):
    _needs_libreoffice()
    outline = tmp_path / "o.yaml"
    outline.write_text("kind: speech\ntitle: 在{{ unit }}整改推进会上的讲话\nopening: ['{{ unit }}要抓好整改。']\n"
                       "closing: []\n", encoding="utf-8")
    data = tmp_path / "rows.csv"
    data.write_text("unit\n东村\n西村\n", encoding="utf-8")
    r = run_gaozi("batch", outline, "--data", data, "-o", tmp_path / "out", "--name", "{unit}.pdf", "-q", "-j", "1")
    assert r.returncode == 0, r.stderr.decode()
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["东村.pdf", "西村.pdf"]
    text = subprocess.run(["pdftotext", str(tmp_path / "out" / "西村.pdf"), "-"], capture_output=True, text=True).stdout
    assert "西村要抓好整改" in _squash(text)
    assert api.FORMATS[-1] == "pdf"


def test_batch_pdf_without_libreoffice_stops_before_writing(tmp_path):
    outline = tmp_path / "o.yaml"
    outline.write_text("kind: speech\ntitle: 讲话\nopening: ['好。']\nclosing: []\n", encoding="utf-8")
    data = tmp_path / "rows.csv"
    data.write_text("unit\n东村\n", encoding="utf-8")
    empty = tmp_path / "bin"
    empty.mkdir()
    r = run_gaozi("batch", outline, "--data", data, "-o", tmp_path / "out", "--name", "{unit}.pdf", "-q",
                  env={"PATH": str(empty)})
    assert r.returncode == 2 and "libreoffice-writer-nogui" in r.stderr.decode()
    assert not (tmp_path / "out").exists()
