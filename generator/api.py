"""The library API: the one façade every front end (the CLI, the web page) calls.

Each command has an entry function here that returns data; printing and exit codes belong to the front end.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

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

__all__ = ["FORMATS", "GaoziError", "Problem", "Document", "build", "engine", "length", "load_facts",
           "load_outline", "outline_summary", "read_outline_source", "write", "load_ledger", "ledger_document", "output_format", "EXTENSIONS"]


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
    k = kind(name, template_dirs)
    path = k.folder / (k.starter or "starter.yaml")
    if not path.is_file():
        raise GaoziError(f"文稿类型“{name}”没有提供提纲模板")
    return path.read_bytes()


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


# Features load on first use, so a command pays only for what it runs (start-up time of `gaozi`).
_LAZY = {
    "import_file": ("generator.importer.core", "import_file"),
    "import_text": ("generator.importer.core", "import_text"),
    "check_command": ("generator.lint.check", "run"),
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
