"""Reads a LibreOffice PDF back and checks the GB/T 9704 page: 22 lines on the grid, page numbers, line widths."""
from __future__ import annotations

import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

PT_PER_MM = 72 / 25.4
XHTML = "{http://www.w3.org/1999/xhtml}"
PITCH, TOP = 28.95, 37 * PT_PER_MM
LEFT, RIGHT = 28 * PT_PER_MM, (210 - 26) * PT_PER_MM
TYPE_BOTTOM = (297 - 35) * PT_PER_MM


def require_libreoffice() -> None:
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (soffice) or poppler (pdftotext) is not installed")


def to_pdf(folder: Path, docx_files: list[Path]) -> None:
    """One soffice run for many files (each start costs seconds); a private profile avoids lock clashes."""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, docx_files)], capture_output=True, timeout=600, check=True)


def pages(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page: lines (yMin, yMax, xMin, xMax, text) from pdftotext's bounding boxes, top to bottom."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    result = []
    for page in ET.fromstring(out).iter(f"{XHTML}page"):
        lines = []
        for ln in page.iter(f"{XHTML}line"):
            text = "".join(w.text or "" for w in ln.iter(f"{XHTML}word"))
            lines.append((float(ln.get("yMin")), float(ln.get("yMax")), float(ln.get("xMin")),
                          float(ln.get("xMax")), text))
        result.append(sorted(lines))
    return result


HEAD_LIMIT = TOP + 90 * PT_PER_MM  # the 版头 ends above this (GB/T 9704 §7.2: 标志 at 35 mm, rule ≈ 83 mm)


def _on_grid(line) -> bool:
    r = ((line[0] + line[1]) / 2 - TOP) / PITCH
    return abs(r - math.floor(r) - 0.6) < 0.15


def split_footer(page, bottom_pt: float = TYPE_BOTTOM):
    return [ln for ln in page if ln[0] < bottom_pt], [ln for ln in page if ln[0] >= bottom_pt]


_IMPRINT = re.compile("抄送：|.*印发$")


def imprint_start(all_pages) -> tuple[int, int] | None:
    """(page index, line index) of the 版记's first line (抄送 or 印发机关), or None."""
    for i in range(len(all_pages) - 1, -1, -1):
        body = split_footer(all_pages[i])[0]
        for j, ln in enumerate(body):
            if _IMPRINT.match(ln[4]):
                return i, j
    return None


def unnumbered_tail(all_pages) -> int:
    """How many pages at the end carry no page number: a blank page and the 版记's page after it
    (GB/T 9704 §8); only those may."""
    n = 0
    for page in reversed(all_pages):
        if split_footer(page)[1]:
            break
        n += 1
    return n


def check_gbt_pages(pdf: Path, *, strict_first_page: bool = False):
    """Assert page numbers "— N —" at the outer edges, every line on the 28.95 pt grid and 22 lines on every
    full page; return (pages, body lines) for further checks. The 版记 (at the foot of the last page, placed
    by its bottom rule, not by the grid) is left out; the page before a page that holds only the 版记
    may end early, and a blank page before the 版记's page leaves both without a number."""
    all_pages = pages(pdf)
    imprint = imprint_start(all_pages)
    if imprint is not None:
        i, j = imprint
        all_pages[i] = split_footer(all_pages[i])[0][:j] + split_footer(all_pages[i])[1]
    tail = unnumbered_tail(all_pages)
    if tail:
        assert tail == 2 and imprint is not None and imprint[0] == len(all_pages) - 1, (pdf.name, tail)
        assert not split_footer(all_pages[-2])[0] and not split_footer(all_pages[-1])[0], pdf.name
    body_lines = []
    attachments = False
    for number, page in enumerate(all_pages, 1):
        body, footer = split_footer(page)
        if number > len(all_pages) - tail:
            continue
        assert len(footer) == 1 and re.fullmatch(rf"—\s*{number}\s*—", footer[0][4]), (pdf.name, number, footer)
        if number % 2:
            assert abs(footer[0][3] - (RIGHT - 14)) < 1.5, footer
        else:
            assert abs(footer[0][2] - (LEFT + 14)) < 1.5, footer
        assert abs(footer[0][0] - (TYPE_BOTTOM + 7 * PT_PER_MM)) < 3, footer
        if body and re.fullmatch(r"附件\d*", body[0][4]):
            attachments = True  # attachment pages hold tables, off the text grid: page numbers only
        if attachments:
            continue
        if number == 1:  # a 版头 (标志, 发文字号 and 签发人 above the red rule) stands off the grid by design
            body = [ln for ln in body if not (ln[0] < HEAD_LIMIT and not _on_grid(ln))]
        rows = [((y0 + y1) / 2 - TOP) / PITCH for y0, y1, *_ in body]
        assert all(abs(r - math.floor(r) - 0.6) < 0.15 for r in rows), (pdf.name, number, rows)
        slots = [math.floor(r) for r in rows]
        assert len(set(slots)) == len(slots), (pdf.name, number)
        # an attachment (附件, "另面编排") starts a new page, so the page before it may end early
        before_attachment = number < len(all_pages) and any(
            re.fullmatch(r"附件\d*", ln[4]) for ln in all_pages[number][:1])
        # the 落款 travels with the last lines of the text (and a heading above them): the page before may end early
        before_closing = number < len(all_pages) and _has_sign_date(all_pages[number])
        # the body's last page, when the 版记 follows on a page of its own (the next even page)
        before_imprint = imprint is not None and not any(split_footer(p)[0] for p in all_pages[number:])
        if number < len(all_pages) and not (before_attachment or before_closing or before_imprint):  # a full page
            assert max(slots) == 21, (pdf.name, number, slots)
            if number > 1 or strict_first_page:
                assert len(body) == 22, (pdf.name, number)
        body_lines += body
    return all_pages, body_lines


_SIGN_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


def _has_sign_date(page) -> bool:
    """A page with the 成文日期 under the 署名 (a right-aligned date line of its own) — and text above it."""
    for i, ln in enumerate(page):
        if _SIGN_DATE.fullmatch(ln[4].replace(" ", "")) and ln[2] > LEFT + 100:
            text_above = [x for x in page[:i] if len(x[4].replace(" ", "")) > 10]
            assert len(text_above) >= 2, ("the 落款 page has no text", page)
            return True
    return False


def line_widths(body_lines) -> dict[str, list[int]]:
    """Characters on lines that are not the last of their paragraph (the next line starts flush left),
    Chinese-only lines (LibreOffice adds a gap around Latin): "full" lines and indented "first" lines.
    Lines cut short by the line-breaking rules for punctuation are left out."""
    widths = {"first": [], "full": []}
    for line, nxt in zip(body_lines, body_lines[1:]):
        if abs(nxt[2] - LEFT) > 2:
            continue
        kind = "full" if abs(line[2] - LEFT) < 2 else "first" if abs(line[2] - LEFT - 32) < 2 else None
        # Line-breaking rules (kinsoku): an opening quote or bracket never ends a line and closing punctuation
        # never starts one, so the renderer carries a character down and the line is one or two short.
        if nxt[4][:1] in "“‘（《【" or nxt[4][1:2] in "”’）》】，。、；：！？":
            continue
        if kind and all(not c.isascii() for c in line[4] + nxt[4][:1]):
            widths[kind].append(len(line[4]))
    return widths
