"""Old and printed documents for `gaozi import` and `gaozi check`: .doc, .wps and .rtf through LibreOffice
(converted to .docx, then read by io/read_docx), and .pdf through pypdf, as text lines.

pypdf was chosen by bench/bench_pdf.py on CJK PDFs LibreOffice makes from our own outlines: it keeps
every character (pdfminer.six, pdfplumber and poppler scramble the cells of a table spanning pages) and
reads a page in about the time pdfminer.six does, with no compiled parts.

A PDF gives printed lines, not paragraphs: each line comes with its page and its width in characters
(a Chinese character 1, a Latin letter or digit ½), so the importer can tell a wrapped line (as wide
as the page's full lines) from the end of a paragraph. Lines that are only a page number are dropped.
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator.errors import GaoziError, Problem
from generator.io import office

OFFICE_EXTENSIONS = (".doc", ".wps", ".rtf")  # read through LibreOffice
PDF_EXTENSIONS = (".pdf",)
EXTENSIONS = OFFICE_EXTENSIONS + PDF_EXTENSIONS
MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_PDF_PAGES = 2000
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and WPS Office's .wps
# pypdf puts a space where the font changes, as between 仿宋 and the Latin font of the digits in
# "2025年5月20日": one space between a Chinese character and a Latin letter or digit is dropped.
_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_FONT_SPACE = re.compile(f"(?<=[{_CJK}]) (?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) (?=[{_CJK}])")
_ENDS = "。！？；：”’）"
# A heading (一、 （一） 1.) is a line of its own when it is not full: it ends without punctuation.
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．])")
# A line that is only a page number (— 3 —, - 3 -, 3, 第3页 共9页) is the printer's, not the text's.
_PAGE_NUMBER = re.compile(r"^(?:[—–\-－]*\s*\d{1,4}\s*[—–\-－]*|第\s*\d{1,4}\s*页[，,\s]*(?:共\s*\d{1,4}\s*页)?)$")


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    width: float  # in characters: 1 for a wide (Chinese) character, ½ for others
    page: int  # from 1


def text_width(text: str) -> float:
    """Characters of print: 1 for a wide character and for the ambiguous ones Chinese fonts set wide
    (“”‘’…—·), ½ for Latin letters and digits."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def kind_of(name: str, data: bytes | None = None) -> str | None:
    """"office" for .doc/.wps/.rtf, "pdf" for .pdf (by extension, or by signature when there is none)."""
    ext = Path(name).suffix.lower()
    if ext in OFFICE_EXTENSIONS:
        return "office"
    if ext in PDF_EXTENSIONS:
        return "pdf"
    if data is not None:
        if data.startswith(b"%PDF-"):
            return "pdf"
        if data.startswith(_OLE2) or data.startswith(b"{\\rtf"):
            return "office"
    return None


def to_docx(data: bytes, name: str) -> bytes:
    """A .doc, .wps or .rtf converted to .docx by LibreOffice (which must be installed)."""
    ext = Path(name).suffix.lower().lstrip(".")
    if ext not in ("doc", "wps", "rtf"):
        ext = "rtf" if data.startswith(b"{\\rtf") else "doc"
    what = f"读取 .{ext} 文件"
    if not data.strip():
        raise GaoziError(Problem(name, None, "", "文件是空的"))
    # WPS Office's .wps is a Word 97 file by another name: LibreOffice reads it as .doc.
    return office.convert_one(data, "doc" if ext == "wps" else ext, "docx:MS Word 2007 XML", what=what, name=name)


def pdf_lines(data: bytes, name: str) -> list[Line]:
    """The text lines of a PDF, page by page, with their widths; a Chinese message when it has none."""
    try:
        import pypdf
        from pypdf.errors import PdfReadError
    except ImportError:
        raise GaoziError(Problem(name, None, "", "读取 PDF 需要安装 pypdf：pip install pypdf")) from None
    import logging
    import warnings

    if len(data) > MAX_PDF_BYTES:
        raise GaoziError(Problem(name, None, "", f"PDF 文件过大（超过 {MAX_PDF_BYTES // 2**20} MB），拒绝读取"))
    if not data.lstrip()[:5] == b"%PDF-":
        raise GaoziError(Problem(name, None, "", "这不是 PDF 文件（文件头不是 %PDF-）"))
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd fonts are not the user's business
    out: list[Line] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    if not reader.decrypt(""):
                        raise GaoziError(Problem(name, None, "", "PDF 设有打开密码，无法读取：请先去掉密码"))
                except NotImplementedError:
                    raise GaoziError(Problem(name, None, "", "PDF 加密方式不受支持，无法读取：请先去掉密码")) from None
            n = len(reader.pages)
            if n > MAX_PDF_PAGES:
                raise GaoziError(Problem(name, None, "", f"PDF 有 {n} 页，超出 {MAX_PDF_PAGES} 页的上限，拒绝读取"))
            for no, page in enumerate(reader.pages, 1):
                for raw in (page.extract_text() or "").split("\n"):
                    text = _FONT_SPACE.sub("", raw.strip())
                    if text and not _PAGE_NUMBER.match(text):
                        out.append(Line(text, text_width(text), no))
    except GaoziError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            OSError, EOFError, AssertionError, NotImplementedError) as exc:  # pypdf's ways of failing on a damaged file
        raise GaoziError(Problem(name, None, "", f"PDF 文件已损坏，无法读取（{type(exc).__name__}）")) from None
    if not out:
        raise GaoziError(Problem(name, None, "", "PDF 里没有可以读取的文字（可能是扫描件：请先用文字识别软件转成文字）"))
    return out


def paragraphs(lines: list[Line]) -> list[str]:
    """Printed lines rejoined into paragraphs by their widths: a line as wide as the page's full lines
    (within one character) wraps into the next, even across a page, and so does a first line two
    to three characters short (its indent is not in the text, digits blur the measure) that does not end
    a sentence and is no heading; a shorter line ends
    its paragraph. A page's full width is its third-widest line's (one stray long line does not set it);
    a page of fewer than six lines takes the median of the other pages'."""
    full: dict[int, float] = {}
    short = []  # pages of a few lines (a last page, a title page): they take the document's full width
    for page in sorted({ln.page for ln in lines}):
        widths = sorted((ln.width for ln in lines if ln.page == page), reverse=True)
        full[page] = widths[min(2, len(widths) - 1)]
        if len(widths) < 6:
            short.append(page)
    typical = sorted(full[p] for p in full if p not in short) or sorted(full.values())
    for page in short:
        full[page] = max(full[page], typical[len(typical) // 2])
    out: list[str] = []
    buf = ""
    for ln in lines:
        buf += ln.text
        f = full[ln.page]
        # Digits set in a Latin font on the character grid make a line's measure uncertain by a character.
        wraps = ln.width >= f - 1 or (ln.width >= f - 3.5 and not ln.text.endswith(tuple(_ENDS))
                                      and not _HEADING.match(ln.text))
        if not wraps or f < 8:
            out.append(buf)
            buf = ""
    if buf:
        out.append(buf)
    return out


def pdf_text(data: bytes, name: str) -> str:
    """The PDF's lines joined by line breaks (pages too): what the text importer reads."""
    return "\n".join(line.text for line in pdf_lines(data, name))
