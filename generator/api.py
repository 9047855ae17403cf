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
from generator.model import ledger as _ledger
from generator.model.outline import Text, plainify
from generator.model.tree import Document
from generator.pipeline import (EXTENSIONS, FORMATS, build, compose_outline, engine, length, load_facts,
                                load_outline, outline_summary, output_format, read_outline_source, write)

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
            facts = plainify(data)
        fb = feedback_date or _ledger.facts_feedback_date(facts)
        table = datafiles.rows_from_yaml(data, path, key="ledger")
        return _ledger.validate(table, feedback_date=fb, categories=_ledger.facts_categories(facts))
    fb = feedback_date or _ledger.facts_feedback_date(facts)
    return _ledger.read(path, feedback_date=fb, categories=_ledger.facts_categories(facts), sheet=sheet)


def _read_facts(path: str) -> dict:
    data = load(read_text(path), path)
    if not isinstance(data, dict):
        raise GaoziError(Problem(path, 1, "", "事实文件应当是“字段: 值”的映射"))
    return plainify(data)


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
