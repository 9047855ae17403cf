"""PDF text libraries on CJK PDFs made by LibreOffice from gaozi's own example outlines: pypdf, pdfplumber,
pdfminer.six; poppler's pdftotext is the anchor measured in the same run. For each: the text's accuracy
against the .docx paragraphs (characters, ignoring whitespace and page numbers), whether the printed lines
survive as lines, and the time per page. Prints to stdout.

    python bench/bench_pdf.py            # the libraries
    python bench/bench_pdf.py --convert  # LibreOffice: one run per file against one run for all (batch's chunks)
"""
from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import api  # noqa: E402
from generator.io.read_docx import read_docx  # noqa: E402
from generator.write import docx as write_docx  # noqa: E402
from generator.write import pdf as write_pdf  # noqa: E402

OUTLINES = ["speech-warning.yaml", "speech-deploy-audit.yaml", "progress-qiyun.yaml", "plan-qiyun.yaml",
            "feedback-report.yaml"]
_PAGE_NO = re.compile(r"—\s*\d+\s*—")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", _PAGE_NO.sub("", text))


def with_pypdf(data: bytes) -> str:
    import pypdf

    return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def with_pdfplumber(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def with_pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def with_pdftotext(data: bytes) -> str:
    r = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True)
    return r.stdout.decode("utf-8", "replace")


def main() -> None:
    docs = [api.build(str(ROOT / "outlines" / n)) for n in OUTLINES]
    docx_files = [write_docx.render(d) for d in docs]
    refs = ["\n".join(t for _s, t in read_docx(b, "x.docx")) for b in docx_files]
    t = time.perf_counter()
    pdfs = write_pdf.from_docx(docx_files)
    print(f"LibreOffice: {len(pdfs)} PDFs in one run, {time.perf_counter() - t:.1f} s")
    pages = 0
    for p in pdfs:
        pages += len(re.findall(rb"/Type\s*/Page[^s]", p))
    # The printed lines of the body: a long paragraph wraps, so a faithful extractor gives more lines than
    # paragraphs; one that runs the page together gives fewer.
    paras = sum(len([t for t in r.split("\n") if t.strip()]) for r in refs)
    print(f"{pages} pages, {sum(len(squash(r)) for r in refs)} characters, {paras} paragraphs\n")
    libs = {"pypdf": with_pypdf, "pdfplumber": with_pdfplumber, "pdfminer.six": with_pdfminer}
    if shutil.which("pdftotext"):
        libs["pdftotext (anchor)"] = with_pdftotext
    print(f"{'library':<20}{'accuracy':>9}{'exact':>7}{'lines':>7}{'ms/page':>9}")
    for name, fn in libs.items():
        try:
            fn(pdfs[0])
        except ImportError:
            print(f"{name:<20} not installed")
            continue
        t = time.perf_counter()
        texts = [fn(p) for p in pdfs]
        ms = (time.perf_counter() - t) * 1000 / max(1, pages)
        ratios = [difflib.SequenceMatcher(None, squash(a), squash(b), autojunk=False).ratio() for a, b in zip(texts, refs)]
        exact = sum(squash(a) == squash(b) for a, b in zip(texts, refs))
        lines = sum(len([ln for ln in x.split("\n") if ln.strip()]) for x in texts)
        print(f"{name:<20}{min(ratios):>9.4f}{exact:>4}/{len(refs)}{lines:>7}{ms:>9.1f}")


def convert(n: int = 6) -> None:
    """Why batch converts a chunk of rows per LibreOffice run: starting LibreOffice dominates."""
    d = write_docx.render(api.build(str(ROOT / "outlines" / "speech-warning.yaml")))
    t = time.perf_counter()
    for _ in range(n):
        write_pdf.from_docx([d])
    each = time.perf_counter() - t
    t = time.perf_counter()
    write_pdf.from_docx([d] * n)
    together = time.perf_counter() - t
    print(f"{n} PDFs: one LibreOffice run each {each:.1f} s ({each / n:.2f} s a file), "
          f"one run for all {together:.1f} s ({together / n:.2f} s a file)")


if __name__ == "__main__":
    convert() if "--convert" in sys.argv else main()
