"""Input adapters of `gaozi check`: an outline, a .docx or a text becomes paragraphs with roles and
source lines, plus the document's metadata and the per-line `gaozi: ignore` markers."""
from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator import pipeline
from generator.errors import GaoziError, Problem
from generator.io import readers
from generator.io.read_docx import read_docx
from generator.io.textio import decode, read_bytes
from generator.io.yamlload import LMap, load
from generator.lint.consistency import check_facts_text, is_facts_text
from generator.lint.engine import Meta, line_ignores, make_paras, validate_names
from generator.lint.para import Para
from generator.lint.webjunk import junk_flags, joins
from generator.text import zh
from generator.write.docx import STYLES

__all__ = ["Input", "kind_of", "text_paragraphs", "from_text", "from_docx", "from_outline", "from_facts", "read"]

# the paragraphs of a text that are not prose: the rows of a table (cells separated by tabs)
_TABLE_ROW = re.compile(r"[^\t]\t+[^\t]")
_TITLE_LIKE = re.compile(r"[。！？；!?;]")
MAX_TITLE = 60
MAX_INPUT = 100_000_000  # bytes: a draft is kilobytes; a .docx with images a few megabytes


@dataclass(slots=True)
class Input:
    """One document, ready for the engine."""

    paras: list[Para]
    meta: Meta
    ignores: dict[int, set[str]] = field(default_factory=dict)
    target_minutes: float | None = None
    spoken_chars: int | None = None
    length_line: int = 1
    ignored_rules: set[str] = field(default_factory=set)  # the outline's own check: {ignore: […]}


def kind_of(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if path != "-" and suffix in (".yaml", ".yml"):
        return "outline"
    if path != "-" and suffix == ".docx":
        return "docx"
    if path != "-" and suffix in (".doc", ".wps", ".rtf"):
        return "office"  # converted to .docx by LibreOffice
    if path != "-" and suffix == ".pdf":
        return "pdf"
    return "text"


def text_paragraphs(text: str) -> list[tuple[int, str]]:
    """(line, text) paragraphs of a plain-text draft; a hard-wrapped sentence becomes one paragraph
    whose physical lines are separated by "\\n" (the engine maps findings back to each line)."""
    lines = text.split("\n")
    flags = junk_flags(lines)
    out: list[tuple[int, str]] = []
    joinable = False  # the previous line was body text with no blank line after it
    for i, raw in enumerate(lines):
        if not raw.strip() or flags[i] or "\t" in raw:
            if raw.strip():
                out.append((i + 1, raw))
            joinable = False
            continue
        title = len(out) == 1 and "\n" not in out[0][1]  # the first line of a draft is its title
        if joinable and joins(out[-1][1].rsplit("\n", 1)[-1], raw, title):
            out[-1] = (out[-1][0], out[-1][1] + "\n" + raw)
        else:
            out.append((i + 1, raw))
        joinable = True
    return out


def _title_guess(ps: list[Para]) -> str | None:
    """The first paragraph, when it reads as a title (short, no sentence punctuation)."""
    for p in ps:
        if p.role == "junk" or not p.text.strip():
            continue
        t = p.text.strip(" \u3000")
        if p.role == "title" or (len(t) <= MAX_TITLE and not _TITLE_LIKE.search(t) and len(p.segs) == 1):
            return t
        return None
    return None


def _mark_tables(ps: list[Para]) -> None:
    for p in ps:
        if p.role is None and _TABLE_ROW.search(p.text):
            p.role = "table-text"


def from_text(text: str, name: str) -> Input:
    ps = make_paras(text_paragraphs(text))
    _mark_tables(ps)
    lines = {i + 1: s for i, s in enumerate(text.split("\n")) if "gaozi" in s}
    return Input(ps, Meta(name, "text", _title_guess(ps)), line_ignores(lines))


# style name (as styles.xml gives it) → role, for the .docx gaozi writes
_STYLE_ROLES = {name: role for role, (_sid, name) in STYLES.items()} | {sid: role for role, (sid, _n) in STYLES.items()}
_STYLE_ROLES.pop("Normal", None)


def from_docx(data: bytes, name: str) -> Input:
    items = []
    for i, (style, t) in enumerate(read_docx(data, name), 1):
        if not t.strip():
            continue
        role = _STYLE_ROLES.get(style) if style else None
        if role == "table-centred":
            role = "table-text"  # a centred cell (序号, 状态, dates) is table text like any other
        if role in ("body", "closing") or (role or "").startswith("heading"):
            role = None  # prose: every rule reads it
        items.append((i, t.replace("\n", ""), role))
    ps = make_paras(items)
    title = next((p.text.strip() for p in ps if p.role == "title"), None) or _title_guess(ps)
    return Input(ps, Meta(name, "docx", title), line_ignores({p.line: p.text for p in ps if "gaozi" in p.text}))


def _target(raw, name: str, line_of) -> float | None:
    t = raw.get("target_minutes") if isinstance(raw, dict) else None
    if t is None:
        return None
    if isinstance(t, bool) or not isinstance(t, (int, float)) or not math.isfinite(t) or t <= 0:
        raise GaoziError(Problem(name, line_of("target_minutes"), "target_minutes",
                                 f"讲话时长应当是正数（分钟），这里是“{t}”"))
    return float(t)


def from_outline(text: str, name: str, *, target_minutes: float | None = None, rate: int = 220,
                 files: dict | None = None, doc=None) -> Input:
    """An outline's rendered paragraphs with their YAML lines. `files` (name → bytes): its facts and data
    files, never read from the disk then (the web page); `doc`: the Document already built from it."""
    raw = load(text, name)
    key_line = raw.line_of if isinstance(raw, LMap) else (lambda k: 1)
    target = _target(raw, name, key_line)  # before build: .nan must be a located message, not a crash
    if doc is None:
        doc = pipeline.build(text, name=name, files=files) if files is not None else pipeline.build(text, name=name)
    src_lines = text.split("\n")
    ignored: set[str] = set()
    check_opts = raw.get("check") if isinstance(raw, dict) else None
    if isinstance(check_opts, dict):
        ignored = set(validate_names(check_opts.get("ignore") or [], name, key_line("check"), "check.ignore"))
    items = []
    last = 1
    for b in doc.paragraphs():
        line = b.source
        if line is None:
            key = zh.ROLE_KEYS.get(b.role)
            line = key_line(key) if key and isinstance(raw, dict) and key in raw else last
        last = line
        source = src_lines[line - 1] if 0 < line <= len(src_lines) else ""
        items.append((line, b.text, b.role, source))
    ps = make_paras(items)
    target = target_minutes or target
    spoken = pipeline.length(doc, rate)[0] if target else None
    meta = Meta(name, "outline", doc.meta.get("title") or None, doc.meta.get("kind"), text)
    return Input(ps, meta, line_ignores({i + 1: s for i, s in enumerate(src_lines) if "#" in s}),
                 target, spoken, key_line("target_minutes") if isinstance(raw, dict) and "target_minutes" in raw else 1,
                 ignored)


def regular(path: str) -> None:
    """Refuse what is not a regular file before reading it: /dev/urandom or a FIFO would never end."""
    if path == "-":
        return
    try:
        st = os.stat(path)
    except OSError:
        return  # read_bytes names the problem (missing, no permission…)
    if stat.S_ISDIR(st.st_mode):
        return
    if not stat.S_ISREG(st.st_mode):
        raise GaoziError(Problem(path, None, "", "这不是普通文件（设备、管道或套接字），无法检查；请用 - 从标准输入读取"))
    if st.st_size > MAX_INPUT:
        raise GaoziError(Problem(path, None, "", f"文件过大（{st.st_size // 1_000_000} MB），一篇文稿不会超过"
                                                 f"{MAX_INPUT // 1_000_000} MB"))


def read(path: str, *, target_minutes: float | None = None, rate: int = 220, data: bytes | None = None) -> Input:
    """The Input of one path ('-' is stdin); `data` gives bytes already read (stdin, a fixed text)."""
    kind = kind_of(path)
    name = "<stdin>" if path == "-" else path
    if data is None:
        regular(path)
        data = read_bytes(path)
    if kind == "docx":
        return from_docx(data, name)
    if kind == "office":
        return from_docx(readers.to_docx(data, name), name)
    if kind == "pdf":  # printed lines rejoined by their widths: a PDF's wraps are the printer's, not the writer's
        return from_text("\n".join(readers.paragraphs(readers.pdf_lines(data, name))), name)
    text = decode(data, name)
    if kind == "outline" and is_facts_text(text, name):
        return from_facts(text, name)
    if kind == "outline":
        return from_outline(text, name, target_minutes=target_minutes, rate=rate)
    return from_text(text, name)


def from_facts(text: str, name: str) -> Input:
    """A facts file (`gaozi check FACTS.yaml`): validated against docs/facts.md, every problem at once as a
    GaoziError; valid facts have no prose, so the document rules find nothing (the set check reads it)."""
    check_facts_text(text, name)
    return Input([], Meta(name, "facts"))
