"""Kind-field types: ONE table. Each type knows how to validate an outline node, convert a data-file cell,
describe itself in the JSON Schema, fill in for a batch column, and what the template sees under its name.

A kind declares its fields in kind.yaml (`fields: {name: {type: …, required, default, choices, items, …}}`);
the outline validator, the batch row converter, `gaozi schema` and compose all ask this table, so adding a
type is one entry here (and a line in docs/kinds.md, kept true by a test).
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

from generator.errors import Problem, did_you_mean
from generator.io import datafiles
from generator.io.textio import strip_control
from generator.text import docnumber

_DATE_CN = re.compile(r"^\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*$")
_INT = re.compile(r"^-?(?:0|[1-9]\d{0,15})$")
_TRUE = {"true", "yes", "1", "是", "对", "真"}
_FALSE = {"false", "no", "0", "否", "错", "假"}

TEXT_SCHEMA = {"type": "string"}
DATE_SCHEMA = {"anyOf": [{"type": "string", "format": "date"},
                         {"type": "string", "pattern": r"^\d{4}年\d{1,2}月\d{1,2}日$"}]}


# ------------------------------------------------------------------------------------------ helpers
def parse_date(value, v, line: int, path: str) -> _dt.date | None:
    """A date from YAML (a date, or 2025-03-18 / 2025年3月18日 as text); problems go to `v`."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        m = _DATE_CN.match(value)
        if m:
            try:
                return _dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                v.err(line, path, f"日期“{value}”不存在")
                return None
    v.err(line, path, f"日期格式应为 2025-03-18 或 2025年3月18日，而不是“{value}”")
    return None


def is_plain(val, depth: int = 0) -> bool:
    """Only text, numbers, dates and lists/maps of them (what a template may receive as data)."""
    if depth > 8:
        return False
    if isinstance(val, dict):
        return all(isinstance(k, str) and is_plain(x, depth + 1) for k, x in val.items())
    if isinstance(val, list):
        return all(is_plain(x, depth + 1) for x in val)
    return val is None or isinstance(val, (str, int, float, bool, _dt.date))


def plainify(val):
    """YAML values as plain data for templates: dates in Chinese, wrapped lines joined, control characters gone."""
    if isinstance(val, dict):
        return {k: plainify(x) for k, x in val.items()}
    if isinstance(val, list):
        return [plainify(x) for x in val]
    if isinstance(val, (_dt.date, _dt.datetime)):
        return f"{val.year}年{val.month}月{val.day}日"
    if isinstance(val, str):
        val = strip_control(val)
        return "".join(part.strip() for part in val.split("\n")) if "\n" in val else val
    return val


def _line_of(node, key, default):
    return node.line_of(key) if hasattr(node, "line_of") else default


# ---------------------------------------------------------------------------------- the types
def _v_text(val, fs, v, line, path):
    return v.text(val, line, path)


def _v_docno(val, fs, v, line, path):
    """发文字号: checked against GB/T 9704 §7.2.4 (〔〕 around a four-digit year, no 第, no leading zeros)."""
    got = v.text(val, line, path)
    for msg in docnumber.check(str(val)):
        v.err(line, path, msg)
    return got


def _v_int(val, fs, v, line, path):
    if isinstance(val, bool) or not isinstance(val, int):
        v.err(line, path, "应当是整数")
        return None
    return val


def _v_number(val, fs, v, line, path):
    if isinstance(val, bool) or not isinstance(val, (int, float)) or (isinstance(val, float) and not math.isfinite(val)):
        v.err(line, path, "应当是数字")
        return None
    return val


def _v_bool(val, fs, v, line, path):
    if not isinstance(val, bool):
        v.err(line, path, "应当是 true 或 false")
        return None
    return val


def _v_date(val, fs, v, line, path):
    return parse_date(val, v, line, path)


def _v_choice(val, fs, v, line, path):
    choices = [str(c) for c in fs.get("choices", [])]
    if str(val) not in choices:
        v.err(line, path, f"应当是 {' / '.join(choices)} 之一，而不是“{val}”{did_you_mean(str(val), choices)}")
        return None
    return str(val)


def _v_item_map(val, spec: dict, v, line, path):
    """One map item of a list field with an item schema: every key checked, at the outline's own lines."""
    if not isinstance(val, dict):
        v.err(line, path, "应当是“字段: 值”的映射")
        return None
    ok = True
    for k in val:
        if k not in spec:
            v.err(_line_of(val, k, line), f"{path}.{k}", f"未知的字段“{k}”{did_you_mean(str(k), list(spec))}")
            ok = False
    out = {}
    for k, fs in spec.items():
        kl = _line_of(val, k, line)
        if val.get(k) is None:
            if fs.get("required"):
                v.err(line, f"{path}.{k}", f"缺少必填字段 {k}（{fs.get('description', '')}）")
                ok = False
            out[k] = fs.get("default")
            continue
        before = len(v.problems)
        got = TYPES[fs.get("type", "str")].validate(val[k], fs, v, kl, f"{path}.{k}")
        ok = ok and len(v.problems) == before
        out[k] = got
    return out if ok else None


def _v_list(val, fs, v, line, path):
    if not isinstance(val, list) or not is_plain(val):
        v.err(line, path, "应当是列表")
        return None
    items = fs.get("items")
    if items is None:
        return plainify(val)
    out = []
    for i, item in enumerate(val):
        il = _line_of(val, i, line)
        ip = f"{path}[{i + 1}]"
        if isinstance(items, dict) and isinstance(item, str):
            got = item  # a step written as one line of text
        elif isinstance(items, dict):
            got = _v_item_map(item, items, v, il, ip)
            got = None if got is None else {k: (x.src if hasattr(x, "src") else x) for k, x in got.items()}
        else:
            got = TYPES[items].validate(item, {"type": items}, v, il, ip)
            got = got.src if hasattr(got, "src") else got
        out.append(plainify(got))
    return out


def _v_map(val, fs, v, line, path):
    if not isinstance(val, dict) or not is_plain(val):
        v.err(line, path, "应当是映射")
        return None
    return plainify(val)


def _c_text(raw, fs):
    return datafiles.cn_date(raw) if isinstance(raw, _dt.date) else str(raw)


def _c_int(raw, fs):
    return int(raw) if isinstance(raw, str) and _INT.match(raw) else raw


def _c_number(raw, fs):
    if isinstance(raw, str):
        if _INT.match(raw):
            return int(raw)
        try:
            return float(raw)
        except ValueError:
            return raw
    return raw


def _c_bool(raw, fs):
    if isinstance(raw, str) and raw.lower() in _TRUE | _FALSE:
        return raw.lower() in _TRUE
    return raw


def _c_same(raw, fs):
    return raw


def _c_refuse_list(raw, fs):
    raise CellRefused("列表")


def _c_refuse_map(raw, fs):
    raise CellRefused("映射")


class CellRefused(Exception):
    """A field of this type cannot be filled from one table cell."""


def _s_choice(fs):
    return {"enum": [str(c) for c in fs.get("choices", [])]}


def _s_list(fs):
    items = fs.get("items")
    if items is None:
        return {"type": "array"}
    if isinstance(items, dict):
        return {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": [k for k, s in items.items() if s.get("required")],
            "properties": {k: field_schema(s) for k, s in items.items()}}}
    return {"type": "array", "items": field_schema({"type": items})}


@dataclass(frozen=True, slots=True)
class FieldType:
    """One kind-field type. `template` says what the kind template sees under the field's name."""

    name: str
    cn: str  # how docs and messages call it
    validate: Callable[[Any, dict, Any, int, str], Any]  # (outline node, declaration, validator, line, path)
    from_cell: Callable[[Any, dict], Any]  # data-file cell → a value `validate` accepts
    schema: Callable[[dict], dict]
    placeholder: Callable[[dict], Any]  # stands in for a required field a batch fills per row
    template: str
    hook: str | None = None  # a Python hook compose calls to turn the value into template data
    date: bool = False  # data-file cells are parsed as dates


TYPES: dict[str, FieldType] = {t.name: t for t in (
    FieldType("str", "文字（一行）", _v_text, _c_text, lambda fs: TEXT_SCHEMA, lambda fs: "待填",
              "文字，其中的 {{ 变量 }} 已替换"),
    FieldType("text", "文字（可多段）", _v_text, _c_text, lambda fs: TEXT_SCHEMA, lambda fs: "待填",
              "文字，其中的 {{ 变量 }} 已替换"),
    FieldType("int", "整数", _v_int, _c_int, lambda fs: {"type": "integer"}, lambda fs: 0, "整数"),
    FieldType("number", "数字", _v_number, _c_number, lambda fs: {"type": "number"}, lambda fs: 0, "数字"),
    FieldType("bool", "真假值", _v_bool, _c_bool, lambda fs: {"type": "boolean"}, lambda fs: False, "true/false"),
    FieldType("date", "日期", _v_date, _c_same, lambda fs: DATE_SCHEMA, lambda fs: _dt.date(2000, 1, 1),
              "datetime.date（用 cn_date 过滤器写成 2025年3月18日）", date=True),
    FieldType("choice", "选项", _v_choice, _c_text, _s_choice, lambda fs: str((fs.get("choices") or [""])[0]),
              "所选项的文字"),
    FieldType("list", "列表", _v_list, _c_refuse_list, _s_list, lambda fs: [],
              "列表（有 items 时每项按 items 检查；日期写成 2025年3月18日）"),
    FieldType("map", "映射", _v_map, _c_refuse_map, lambda fs: {"type": "object"}, lambda fs: {},
              "映射（日期写成 2025年3月18日）"),
    FieldType("docno", "发文字号", _v_docno, _c_text,
              lambda fs: {"type": "string", "pattern": "^[^〔〕第]+〔[0-9]{4}〕[1-9][0-9]*号$"}, lambda fs: "某发〔2000〕1号",
              "文字（已按 GB/T 9704 校验：栖委发〔2025〕12号）"),
    FieldType("ledger", "整改台账数据文件", _v_text, _c_text, lambda fs: TEXT_SCHEMA, lambda fs: "待填",
              "校验并汇总后的台账：rows、by_status、by_category、categories、feedback_date …（docs/ledger.md）", hook="ledger"),
)}

#: Keys a field declaration in kind.yaml may have.
FIELD_KEYS = ("type", "required", "default", "choices", "description", "example", "items", "label",
              "facts_unit")  # facts_unit: the value names a unit of the facts (model/facts.py resolves it)


def field_schema(fs: dict) -> dict:
    """JSON Schema of one declared field."""
    out = dict(TYPES[fs.get("type", "str")].schema(fs))
    if fs.get("description"):
        out["description"] = str(fs["description"])
    return out


def validate_value(val, fs: dict, v, line: int, path: str):
    """Check one kind-field value against its declaration; problems go to `v`."""
    return TYPES[fs.get("type", "str")].validate(val, fs, v, line, path)


def from_cell(raw, fs: dict):
    """A data-file cell as a value of the field's type (still to be validated). Raises CellRefused."""
    t = TYPES[fs.get("type", "str")]
    if t.date and not isinstance(raw, bool):
        d = datafiles.parse_date(raw)
        return d  # a str here is the parser's message
    return t.from_cell(raw, fs)


def placeholder(fs: dict):
    return TYPES[fs.get("type", "str")].placeholder(fs)


def check_declaration(name: str, spec, file: str, problems: list, line_of) -> None:
    """Problems of one field declaration in kind.yaml (unknown keys, unknown type, bad item schema)."""
    for k in spec:
        if k not in FIELD_KEYS:
            problems.append(Problem(file, line_of(spec, k), f"fields.{name}.{k}",
                                    f"未知的字段“{k}”{did_you_mean(str(k), FIELD_KEYS)}"))
    t = spec.get("type", "str")
    if t not in TYPES:
        problems.append(Problem(file, line_of(spec, "type"), f"fields.{name}.type",
                                f"类型应为 {' '.join(TYPES)} 之一{did_you_mean(str(t), list(TYPES))}"))
        return
    items = spec.get("items")
    if items is None:
        return
    if t != "list":
        problems.append(Problem(file, line_of(spec, "items"), f"fields.{name}.items", "只有 list 类型的字段可以写 items"))
    elif isinstance(items, str):
        if items not in TYPES or items in ("list", "map", "ledger"):
            problems.append(Problem(file, line_of(spec, "items"), f"fields.{name}.items",
                                    f"列表项的类型应为 str text int number bool date choice 之一"))
    elif isinstance(items, dict):
        for k, sub in items.items():
            if not isinstance(sub, dict):
                problems.append(Problem(file, line_of(items, k), f"fields.{name}.items.{k}", "应当是映射"))
                continue
            check_declaration(f"{name}.items.{k}", sub, file, problems, line_of)
            if sub.get("type", "str") in ("list", "map", "ledger"):
                problems.append(Problem(file, line_of(sub, "type"), f"fields.{name}.items.{k}.type",
                                        "列表项里的字段不能再是 list、map 或 ledger"))
    else:
        problems.append(Problem(file, line_of(spec, "items"), f"fields.{name}.items",
                                "应当是类型名，或“字段名: {type: …}”的映射"))


def type_cn(value) -> str:
    """What kind of value the user wrote, in Chinese, for "应当是…，而不是…" messages (outline and facts)."""
    if isinstance(value, bool):
        return "真假值"
    if isinstance(value, (int, float)):
        return "数字"
    if isinstance(value, dict):
        return "映射（键: 值）"
    if isinstance(value, list):
        return "列表"
    return "文字"
