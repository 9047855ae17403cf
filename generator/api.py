"""The library API: the one façade every front end (the CLI, the web page) calls.

Each command has an entry function here that returns data; printing and exit codes belong to the front end.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import GaoziError, Problem
from generator.io import datafiles
from generator.io.textio import read_text
from generator.io.yamlload import LMap, load
from generator.model import facts as facts_model
from generator.model import ledger as _ledger
from generator.model.outline import Text, plainify
from generator.model.tree import Document
from generator.pipeline import (EXTENSIONS, FORMATS, build, compose_outline, engine, length, load_facts,
                                load_outline, outline_summary, output_format, read_facts, read_outline_source, write)

if TYPE_CHECKING:
    from generator.lint.check import Report

__all__ = ["FORMATS", "GaoziError", "Problem", "Document", "build", "engine", "length", "load_facts",
           "load_outline", "outline_summary", "read_outline_source", "write", "load_ledger", "ledger_document", "output_format", "EXTENSIONS",
           "check", "explain", "write_ledger", "save_all"]


def explain(doc: Document) -> list[tuple[int, str, str]]:
    """(paragraph number, role, "fragment#variant …") for the paragraphs that hold library text."""
    from generator.render.compose import explain_choices

    return explain_choices(doc)


def load_ledger(path: str, *, facts_path: str | None = None, feedback_date: _dt.date | None = None,
                sheet: str | None = None) -> _ledger.Ledger:
    """A ledger from a data file (CSV, xlsx, YAML rows or a facts file with `ledger:`) or from an
    outline whose kind has a ledger (its own facts file then gives categories and feedback date)."""
    facts = _read_facts(facts_path) if facts_path else {}
    if datafiles.fmt_of(path) == "yaml" and Path(path).is_file():
        data = load(read_text(path), path)
        if isinstance(data, LMap) and "kind" in data:
            outline = load_outline(path)
            facts = facts or load_facts(outline)
            fields = {k: (v.src if isinstance(v, Text) else v) for k, v in outline.fields.items()}
            if feedback_date:
                fields["feedback_date"] = feedback_date
            return _ledger.load_for_outline(outline, fields, facts)
        if isinstance(data, LMap) and not facts:  # a facts file holding its ledger: its own facts apply
            facts = facts_model.validate(data, path) if facts_model.is_facts(data) else plainify(data)
        fb = feedback_date or _ledger.facts_feedback_date(facts)
        table = datafiles.rows_from_yaml(data, path, key="ledger")
        return _ledger.validate(table, feedback_date=fb, categories=_ledger.facts_categories(facts))
    fb = feedback_date or _ledger.facts_feedback_date(facts)
    return _ledger.read(path, feedback_date=fb, categories=_ledger.facts_categories(facts), sheet=sheet)


def _read_facts(path: str) -> dict:
    return read_facts(path)


def ledger_document(data: str, *, facts_path: str | None = None, feedback_date: _dt.date | None = None,
                    title: str | None = None, unit: str | None = None) -> Document:
    """The 整改台账 document of a data file (or of an outline whose kind has a ledger), for `gaozi ledger -o`."""
    if datafiles.fmt_of(data) == "yaml" and Path(data).is_file():
        raw = load(read_text(data), data)
        if isinstance(raw, LMap) and "kind" in raw:
            return build(data)
    outline = LMap(kind="ledger", ledger=str(Path(data).resolve()))
    if facts_path:
        outline["facts"] = str(Path(facts_path).resolve())
    if feedback_date:
        outline["feedback_date"] = feedback_date
    if title:
        outline["title"] = title
    if unit:
        outline["unit"] = unit
    outline.line = 1
    return compose_outline(outline, data)


def kinds(template_dirs=()) -> dict:
    """Every kind (`gaozi kinds`), user folders first."""
    from generator.model.kinds import all_kinds

    return all_kinds(template_dirs)


def kind(name: str, template_dirs=()):
    """One kind by name (a located Chinese problem with "did you mean" when unknown)."""
    from generator.model.kinds import get_kind

    return get_kind(name, template_dirs)


def starter(name: str, template_dirs=()) -> bytes:
    """The commented starter outline of a kind (`gaozi new`)."""
    from generator.model.kinds import starter_bytes

    return starter_bytes(kind(name, template_dirs))  # read only from inside the kind's folder


def schema(template_dirs=()) -> dict:
    """JSON Schema of outlines (`gaozi schema`)."""
    from generator.model.schema import outline_schema

    return outline_schema(template_dirs)


def ledger_csv(led) -> bytes:
    """A validated ledger as CSV (UTF-8 with BOM, for Excel)."""
    return _ledger.to_csv(led)


def ledger_summary(led) -> list[str]:
    """The Chinese summary lines `gaozi ledger` prints (totals by status, overdue …)."""
    return _ledger.summary_lines(led)


def parse_date(text: str):
    """A date typed on the command line, or the Chinese reason it is not one."""
    return datafiles.parse_date(text)


def save(path: str, data: bytes, *, inputs=(), force: bool = False) -> None:
    """Write an output file atomically; refuses to write onto an input, or over a file without `force`."""
    from generator.io.atomic import write_atomic

    write_atomic(path, data, inputs=inputs, force=force)


def check(inputs, *, rules=(), ignore=(), target_minutes=None, rate: int = 220, fix: bool = False,
          output: str | None = None, in_place: bool = False, force: bool = False) -> Report:
    """`gaozi check`: findings, failures (inputs that could not be read or fixed) and --fix results of every
    input (a generator.lint.check.Report); `report.exit_code()` is 0, 1 (error-level findings) or 2 (a failure)."""
    from generator.lint import check as _check  # deferred: the linter costs start-up time other commands never need

    return _check.check(inputs, rules=rules, ignore=ignore, target_minutes=target_minutes, rate=rate, fix=fix,
                        output=output, in_place=in_place, force=force)
def save_all(outputs, *, inputs=(), force: bool = False) -> None:
    """Several outputs of one command, [(path, bytes)]: all are written or none (nor any temp file)."""
    from generator.io.atomic import write_all

    write_all(outputs, inputs=inputs, force=force)


def write_ledger(led: _ledger.Ledger, fmt: str = "xlsx", *, title: str = "", as_of: _dt.date | None = None) -> bytes:
    """A ledger as a file of its own: xlsx (the standard Excel sheet) or csv."""
    if fmt == "csv":
        return _ledger.to_csv(led)
    if fmt != "xlsx":
        raise GaoziError(f"台账不能写成“{fmt}”格式（可用：xlsx、csv）")
    from generator.write import xlsx  # openpyxl loads only when an Excel file is written (start-up time)

    return xlsx.render(led, title=title, as_of=as_of)


# Features load on first use, so a command pays only for what it runs (start-up time of `gaozi`).
_LAZY = {
    "import_file": ("generator.importer.core", "import_file"),
    "import_text": ("generator.importer.core", "import_text"),
    "Batch": ("generator.batch.core", "Batch"),
    "Interrupted": ("generator.batch.core", "Interrupted"),
    "interrupt_on_signals": ("generator.batch.core", "interrupt_on_signals"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'generator.api' has no attribute {name!r}")


# ---------------------------------------------------------------------------------------------
# In memory, for the web page: outlines come as YAML text and the files they name as bytes; nothing is
# read from the server's disk but the packaged kinds and fragments.


def problems_json(exc: GaoziError) -> list[dict]:
    """The problems of a GaoziError as JSON objects: file, line, path, message."""
    return [{"file": p.file, "line": p.line, "path": p.path, "message": p.message} for p in exc.problems]


def kinds_info() -> list[dict]:
    """Every packaged kind: id, Chinese name, description, its own fields (as in kind.yaml) and defaults."""
    from generator.model.kinds import all_kinds

    out = []
    for k in all_kinds().values():
        fields = {}
        for fname, spec in k.fields.items():
            fields[fname] = {key: (val.isoformat() if isinstance(val, _dt.date) else val)
                             for key, val in _plain_spec(spec).items()}
        out.append({"id": k.name, "name": k.title, "description": k.description, "fields": fields,
                    "defaults": dict(k.defaults)})
    return out


def _plain_spec(spec: dict) -> dict:
    return {key: (list(val) if isinstance(val, (list, tuple)) else val) for key, val in spec.items()}


def starter_text(kind: str) -> str:
    """The starter outline of a packaged kind, as text (what `gaozi new KIND` writes)."""
    from generator.io.textio import decode

    return decode(starter(kind), f"{kind}/starter.yaml")


def fragments_info() -> dict:
    """The packaged fragment library: themes (id → Chinese name) and every fragment with its variants."""
    env, lib = engine()
    return {"themes": dict(lib.themes),
            "fragments": [{"id": f.id, "theme": f.theme, "tags": list(f.tags), "slots": list(f.slots),
                           "variants": list(f.variants)} for f in lib.fragments.values()]}


def build_text(text: str, *, name: str = "提纲.yaml", seed: int = 0, files: dict | None = None) -> Document:
    """An outline given as YAML text → Document; the facts and data files it names come from `files`."""
    return build(text, name=name, seed=seed, files=dict(files or {}))


def check_outline(text: str, *, name: str = "提纲.yaml", files: dict | None = None, ignore=(),
                  doc: Document | None = None) -> list[dict]:
    """`gaozi check --format json` of an outline given as text: the findings as JSON objects. `doc`: the
    Document already built from the same text with seed 0 (the check reads that one)."""
    from generator.lint.check import check_outline_text

    return [f.to_dict() for f in check_outline_text(text, name=name, files=dict(files or {}), ignore=ignore,
                                                    doc=doc)]


def check_plain(text: str, *, name: str = "<text>", target_minutes: float | None = None) -> list[dict]:
    """`gaozi check --format json` of a plain text (a speech pasted in)."""
    from generator.lint.check import check_text

    return [f.to_dict() for f in check_text(text, file=name, target_minutes=target_minutes)]


def import_source(text: str | None = None, *, data: bytes | None = None, name: str = "<粘贴>",
                  kind: str | None = None) -> dict:
    """`gaozi import` of pasted text or an uploaded .txt/.docx: the outline (YAML), what clean-up removed,
    and the notes on what was recognised."""
    from generator.importer.core import import_bytes, import_text
    from generator.model.kinds import get_kind

    if kind:
        get_kind(kind)
    result = import_text(text, name=name, kind=kind) if data is None else import_bytes(data, name, kind=kind)
    return {"outline": result.yaml_text,
            "removed": [{"line": line, "reason": reason, "text": t} for line, reason, t in result.removed],
            "notes": list(result.notes), "paragraphs": len(result.paragraphs)}


def _json_value(val):
    if isinstance(val, dict):
        return {str(k): _json_value(v) for k, v in val.items()}
    if isinstance(val, list):
        return [_json_value(v) for v in val]
    if isinstance(val, (_dt.date, _dt.datetime)):
        return val.isoformat()[:10]
    return val


def parse_outline(text: str, *, name: str = "提纲.yaml") -> dict:
    """An outline's YAML as a JSON model (dates as 2025-06-12) plus its validation problems, for an editor
    that writes YAML back itself: {"model": … or None, "problems": [...]}."""
    try:
        data = load(text, name)
    except GaoziError as exc:
        return {"model": None, "problems": problems_json(exc)}
    problems: list[dict] = []
    try:
        load_outline(text, name=name)
    except GaoziError as exc:
        problems = problems_json(exc)
    return {"model": _json_value(data), "problems": problems}


def ledger_upload(data: bytes, name: str, *, facts: bytes | None = None, facts_name: str = "facts.yaml",
                  feedback_date: _dt.date | None = None) -> _ledger.Ledger:
    """A ledger from uploaded bytes (CSV, xlsx or YAML rows), with an uploaded facts file for categories and
    the feedback date; raises GaoziError with every problem by the row Excel shows."""
    fdata: dict = {}
    if facts is not None:
        loaded = load(_decode(facts, facts_name), facts_name)
        if not isinstance(loaded, dict):
            raise GaoziError(Problem(facts_name, 1, "", "事实文件应当是“字段: 值”的映射"))
        fdata = plainify(loaded)
    fb = feedback_date or _ledger.facts_feedback_date(fdata)
    table = datafiles.read_data(data, name, key="ledger", header_hint=tuple(_ledger.COLUMNS) + tuple(_ledger.ALIASES))
    return _ledger.validate(table, feedback_date=fb, categories=_ledger.facts_categories(fdata))


def _decode(data: bytes, name: str) -> str:
    from generator.io.textio import decode

    return decode(data, name)


def ledger_report(led: _ledger.Ledger) -> dict:
    """A validated ledger as JSON: rows, totals and the plain-language summary lines."""
    t = _ledger.totals(led)
    return {"rows": [{**r.as_dict(), "line": r.line} for r in led.rows],
            "totals": {k: v for k, v in t.items() if k != "by_category"},
            "by_category": [{k: v for k, v in c.items() if k != "rows"} for c in t["by_category"]],
            "summary": _ledger.summary_lines(led)}


def _safe_member(name: str) -> str | None:
    """A relative path inside a folder (no .., no drive, no absolute path), or None."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or any(p == ".." or ":" in p for p in parts) or name.startswith(("/", "\\")):
        return None
    return "/".join(parts)


def batch_upload(outline_text: str, data: bytes, data_name: str, *, files: dict | None = None,
                 name_pattern: str = "{row:03d}.docx", seed: int = 0, progress=None) -> tuple[bytes, dict]:
    """`gaozi batch` of an outline given as text over uploaded rows: (a .zip of the files written, the report
    as JSON {"total", "written", "failed": [{"row", "column", "message"}]}). Runs in one process, in a private
    temporary folder that holds only the uploads and is removed afterwards."""
    import io
    import tempfile
    import zipfile

    from generator.batch.core import Batch

    files = dict(files or {})
    raw = load(outline_text, "提纲.yaml")
    facts_path = raw.get("facts") if isinstance(raw, LMap) else None
    safe_data = _safe_member(Path(data_name).name) or "数据.csv"
    with tempfile.TemporaryDirectory(prefix="gaozi-batch-") as tmp:
        root = Path(tmp)
        if isinstance(facts_path, str):
            line = raw.line_of("facts")
            member = _safe_member(facts_path)
            if member is None:
                raise GaoziError(Problem("提纲.yaml", line, "facts", "事实文件应当用相对于提纲的文件名"))
            fname, fbytes = datafiles.in_memory_file(files, facts_path, "提纲.yaml", line, "facts", "事实文件")
            (root / member).parent.mkdir(parents=True, exist_ok=True)
            (root / member).write_bytes(fbytes)
        (root / "提纲.yaml").write_text(outline_text, encoding="utf-8")
        (root / "in").mkdir()
        (root / "in" / safe_data).write_bytes(data)
        out = root / "out"
        b = Batch(str(root / "提纲.yaml"), str(root / "in" / safe_data), str(out), name=name_pattern, seed=seed,
                  jobs=1)
        try:
            try:
                b.prepare()
                report = b.run(progress=progress)
            finally:
                b.close()
        except GaoziError as exc:
            raise GaoziError([Problem(p.file.replace(str(root / "in") + "/", "").replace(str(root) + "/", ""),
                                      p.line, p.path, p.message.replace(str(root) + "/", ""))
                              for p in exc.problems]) from None
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for fname in sorted(report.written):
                info = zipfile.ZipInfo(fname, date_time=(2000, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, (out / fname).read_bytes())
    return buf.getvalue(), {"total": report.total, "written": list(report.written),
                            "failed": [{"row": i.row, "column": i.column, "message": str(i)} for i in report.failed]}


def numbering_styles() -> dict:
    """The numbering styles an editor offers: headings (一、 （一） 1. （1）) and run-in points (一是 …)."""
    from generator.text import numbering

    return {"heading": list(numbering.HEADING_FAMILIES), "runin": list(numbering.RUNIN_FAMILIES)}


def begin_command() -> None:
    """Call at the start of each command (CLI invocation, web request): every file the command reads
    is an input it will not overwrite; files read by earlier commands in this process are not."""
    from generator.io.textio import forget_inputs

    forget_inputs()


# The structural rules `render` runs on what it wrote: a count typed into a text that disagrees with the
# sections, a broken sequence, a heading out of order, a placeholder left in, a malformed date.
RENDER_RULES = ("count-mismatch", "enum-sequence", "heading-order", "placeholder", "date-format")


def render_findings(doc: Document) -> list:
    """Findings of the structural check rules on a rendered Document, at the outline's lines (warnings)."""
    from generator.lint.check import check_paragraphs

    paras, last = [], 1
    for b in doc.paragraphs():
        line = b.source or last
        last = line
        paras.append((line, b.text, b.role))
    file = str(doc.meta.get("source_file") or "<outline>")
    levels = dict.fromkeys(RENDER_RULES, "warning")
    return check_paragraphs(paras, file=file, rules=RENDER_RULES, levels=levels)
