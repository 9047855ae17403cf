"""Benchmark the .docx writer against python-docx, docxtpl and pandoc, and gaozi's start-up; prints to stdout."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from timing import median_ms  # noqa: E402
from generator.write import docx as write_docx  # noqa: E402
from generator.model.tree import Document  # noqa: E402
from test_write_docx import make_speech  # noqa: E402  (the same original speech the tests use)

# python-docx's default template has Title and Heading 1–4; the other roles go to Normal.
PYDOCX_STYLES = {"title": "Title", "heading1": "Heading 1", "heading2": "Heading 2", "heading3": "Heading 3",
                 "heading4": "Heading 4"}
FONTS = {"title": ("方正小标宋简体", 22), "heading1": ("黑体", 16), "heading2": ("楷体_GB2312", 16)}




def naive_python_docx(doc: Document) -> bytes:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    for b in doc.paragraphs():
        p = d.add_paragraph(style=PYDOCX_STYLES.get(b.role, "Normal"))
        east, size = FONTS.get(b.role, ("仿宋_GB2312", 16))
        for s in b.spans:
            r = p.add_run(s.text)
            r.font.name = "Times New Roman"
            r.font.size = Pt(size)
            r.font.bold = s.role == "lead"
            r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def docxtpl_template() -> bytes:
    import docx

    d = docx.Document()
    for line in ("{%p for b in blocks %}", "{{ b.text }}", "{%p endfor %}"):
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def docxtpl_render(template: bytes, doc: Document) -> bytes:
    from docxtpl import DocxTemplate

    t = DocxTemplate(io.BytesIO(template))  # docxtpl renders in place: a fresh template per output
    t.render({"blocks": [{"text": b.text} for b in doc.paragraphs()]})
    out = io.BytesIO()
    t.save(out)
    return out.getvalue()


def markdown(doc: Document) -> str:
    marks = {"title": "# ", "heading1": "## ", "heading2": "### ", "heading3": "#### ", "heading4": "##### "}
    parts = []
    for b in doc.paragraphs():
        text = "".join(f"**{s.text}**" if s.role == "lead" else s.text for s in b.spans)
        parts.append(marks.get(b.role, "") + text)
    return "\n\n".join(parts) + "\n"


def main() -> None:
    doc = make_speech(paragraphs=26, lo=170, hi=250, seed=11)
    chars = sum(len(b.text) for b in doc.paragraphs())
    print(f"document: {len(doc.blocks)} paragraphs, {chars} characters")
    rows: list[tuple[str, float | None, str]] = []
    ours = median_ms(lambda: write_docx.render(doc), runs=300, warmup=3)
    rows.append(("gaozi write_docx.render", ours, ""))
    import docx  # noqa: F401  (imported before timing: the import is not a per-document cost)
    rows.append(("python-docx naive", median_ms(lambda: naive_python_docx(doc), runs=20), "import not timed"))
    try:
        import docxtpl  # noqa: F401

        template = docxtpl_template()
        rows.append(("docxtpl (plain text loop)", median_ms(lambda: docxtpl_render(template, doc), runs=20), ""))
    except ImportError:
        rows.append(("docxtpl", None, "skipped: pip install docxtpl"))
    if shutil.which("pandoc"):
        md = markdown(doc).encode("utf-8")
        with tempfile.TemporaryDirectory() as tmp:
            out = str(Path(tmp) / "out.docx")
            run = lambda: subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", "-o", out], input=md,  # noqa: E731
                                         check=True)
            rows.append(("pandoc md→docx (process)", median_ms(run, runs=5), ""))
    else:
        rows.append(("pandoc", None, "skipped: apt-get install -y pandoc"))

    # Start-up: `gaozi --help` (python -m generator) against a bare five-line click CLI.
    try:
        import generator.cli  # noqa: F401
        cli_ok = True
    except Exception as e:  # the CLI may not exist yet, or may be broken mid-edit
        cli_ok, why = False, f"{type(e).__name__}: {e}"
    bare = "import click\n@click.command()\ndef main():\n    'Bare.'\nmain()\n"
    bare_ms = median_ms(lambda: subprocess.run([sys.executable, "-c", bare, "--help"], check=True,
                                               capture_output=True), runs=11)
    if cli_ok:
        gaozi_ms = median_ms(lambda: subprocess.run([sys.executable, "-m", "generator", "--help"], check=True,
                                                    capture_output=True, cwd=ROOT), runs=11)
        rows.append(("gaozi --help (process)", gaozi_ms, f"bare click: {bare_ms:.1f} ms, ×{gaozi_ms / bare_ms:.2f}"))
    else:
        rows.append(("gaozi --help", None, f"skipped: generator.cli does not import ({why})"))
    rows.append(("bare click --help (process)", bare_ms, ""))

    print(f"{'name':<30} {'median ms':>10} {'× ours':>9}  note")
    for name, ms, note in rows:
        if ms is None:
            print(f"{name:<30} {'—':>10} {'—':>9}  {note}")
        else:
            print(f"{name:<30} {ms:>10.2f} {ms / ours:>9.1f}  {note}")


if __name__ == "__main__":
    main()
