"""The facts of one inspection (docs/facts.md) as a model: a schema written as data, a validator that
reports every problem at once (file:line: path: message), and the derived values the documents need
(unit types, short names, unit look-up by full or short name).

The schema is data: each key maps to a field type name and its options, so the one field-type table can
check it. Types: text, date, choice, person ({name, title} or a name), list (of `items`), map (of `keys`;
`or_text` lets a bare sentence stand for the map's `text_key`).
"""
from __future__ import annotations

import datetime as _dt
import re

from generator.errors import GaoziError, Problem, did_you_mean
from generator.io.yamlload import LList, LMap
from generator.model import fields
from generator.model.fields import type_cn

INSPECTION_TYPES = ("巡视", "巡察", "审计", "督导", "督查")
# Unit types, most specific first; a unit without `type:` gets the one its name ends with.
UNIT_TYPES = ("街道", "社区", "镇", "乡", "村", "局", "委", "办", "部", "公司", "学校", "医院", "中心", "所", "站",
              "院", "队", "其他")
_PARTY_SUFFIX = re.compile(r"(?:党工委|党委|党组|党总支|党支部|党组织|纪工委|纪委|委员会|支部|总支)$")
_TYPE_SUFFIX = (
    ("街道", "街道"), ("社区", "社区"), ("镇", "镇"), ("乡", "乡"), ("村", "村"),
    ("公司", "公司"), ("集团", "公司"), ("中学", "学校"), ("小学", "学校"), ("学校", "学校"), ("学院", "学校"),
    ("幼儿园", "学校"), ("卫生院", "医院"), ("医院", "医院"), ("中心", "中心"), ("局", "局"), ("委", "委"),
    ("办公室", "办"), ("办", "办"), ("部", "部"), ("所", "所"), ("站", "站"), ("院", "院"), ("队", "队"),
)

_TEXT = {"type": "text"}
_DATE = {"type": "date"}
_PERSON = {"type": "person"}
_TEXTS = {"type": "list", "items": _TEXT}
_LEAD_TEXT = {"type": "map", "or_text": "text", "keys": {"lead": _TEXT, "text": _TEXT}}

# key → field type name + options, for every key docs/facts.md documents
SCHEMA: dict = {
    "inspection": {"type": "map", "keys": {
        "type": {"type": "choice", "choices": INSPECTION_TYPES},
        "name": _TEXT, "scope": _TEXT,
        "start": _DATE, "end": _DATE,
        "feedback_date": _DATE,  # 反馈会
        "deploy_date": _DATE,  # 整改部署会
        "deadline": _DATE,
    }},
    "county": _TEXT,
    "team": {"type": "map", "or_text": "name", "keys": {
        "name": _TEXT, "short": _TEXT, "leader": _PERSON, "deputy": _PERSON}},
    "target": {"type": "map", "or_text": "name", "keys": {
        "name": _TEXT, "short": _TEXT, "place": _TEXT, "type": {"type": "choice", "choices": UNIT_TYPES},
        "head": _PERSON}},
    "official": _PERSON,
    "units": {"type": "list", "items": {"type": "map", "or_text": "name", "keys": {
        "name": _TEXT, "short": _TEXT, "type": {"type": "choice", "choices": UNIT_TYPES}, "head": _PERSON}}},
    "assessment": _TEXT,
    "findings": {"type": "list", "items": {"type": "map", "keys": {
        "category": _TEXT,
        "problems": {"type": "list", "items": {"type": "map", "or_text": "text", "keys": {
            "text": _TEXT, "units": _TEXTS}}}}}},
    "suggestions": {"type": "list", "items": _LEAD_TEXT},
    "requirements": {"type": "list", "items": {"type": "map", "or_text": "text", "keys": {
        "heading": _TEXT, "text": _TEXT, "points": _TEXTS}}},
    "statement": {"type": "list", "items": _LEAD_TEXT},
    "attendees": _TEXTS,
    "observers": _TEXTS,
    "source": _TEXT,
    "as_of": _DATE,  # 截至日期 of a progress report
    "ledger": {"type": "ledger"},  # a ledger file (relative to the facts file) or its rows
}
REQUIRED = {"findings[].category", "findings[].problems[].text", "units[].name", "team.name", "target.name"}
_DATE_CN = re.compile(r"^\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*$")
# top-level keys that make a YAML file a facts file (an outline has `kind`)
MARKERS = ("inspection", "team", "target", "findings", "units", "official", "statement", "requirements")


def is_facts(data) -> bool:
    """A loaded YAML mapping that is a facts file, not an outline."""
    return isinstance(data, dict) and "kind" not in data and any(k in data for k in MARKERS)


def unit_type(name: str) -> str:
    """The unit type a name ends with (栖云镇党委 → 镇, 县卫生健康局 → 局), "其他" when none fits."""
    base = _PARTY_SUFFIX.sub("", str(name).strip()) or str(name)
    for suffix, t in _TYPE_SUFFIX:
        if base.endswith(suffix):
            return t
    return "其他"


class _Checker:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def err(self, line, path: str, msg: str) -> None:
        self.problems.append(Problem(self.file, line or None, path, msg))

    def value(self, val, spec: dict, line, path: str, shape: str):
        t = spec["type"]
        if val is None:
            return None
        if t == "text":
            if isinstance(val, bool) or isinstance(val, (dict, list)):
                self.err(line, path, f"应当是文字，而不是{type_cn(val)}")
                return None
            return val
        if t in ("date", "choice"):  # the kind-field table's own types
            return fields.validate_value(val, spec, self, line, path)
        if t == "person":
            if isinstance(val, dict):
                self.keys(val, ("name", "title"), path)
                if not isinstance(val.get("name"), str) or not val.get("name").strip():
                    self.err(_line(val, "name"), f"{path}.name", "人要写姓名：{name: 姓名, title: 职务}")
                if val.get("title") is not None and not isinstance(val.get("title"), str):
                    self.err(_line(val, "title"), f"{path}.title", "职务应当是文字")
                return val
            if isinstance(val, str):
                return val
            self.err(line, path, f"人应当写成 {{name: 姓名, title: 职务}} 或只写姓名，而不是{type_cn(val)}")
            return None
        if t == "list":
            if not isinstance(val, list):
                self.err(line, path, f"应当是列表，而不是{type_cn(val)}")
                return None
            for i, item in enumerate(val):
                self.value(item, spec["items"], _line(val, i, line), f"{path}[{i}]", f"{shape}[]")
            return val
        if t == "map":
            if isinstance(val, str) and spec.get("or_text"):
                return val
            if not isinstance(val, dict):
                alt = "，或一句话" if spec.get("or_text") else ""
                self.err(line, path, f"应当是“字段: 值”的映射{alt}，而不是{type_cn(val)}")
                return None
            self.keys(val, spec["keys"], path)
            for k, sub in spec["keys"].items():
                if k in val:
                    self.value(val[k], sub, _line(val, k, line), f"{path}.{k}", f"{shape}.{k}")
                elif f"{shape}.{k}".lstrip(".") in REQUIRED:
                    self.err(getattr(val, "line", line), path, f"缺少 {k}")
            return val
        if t == "ledger":
            if not isinstance(val, (str, list)):
                self.err(line, path, "应当是台账文件的路径，或台账各行的列表")
            return val
        return val

    def keys(self, node: dict, allowed, path: str) -> None:
        for k in node:
            if not isinstance(k, str) or k not in allowed:
                sub = f"{path}.{k}" if path else str(k)
                self.problems.append(Problem(self.file, _line(node, k), sub,
                                             f"未知的字段“{k}”{did_you_mean(str(k), allowed)}",
                                             "unknown-key", (("key", str(k)),)))


def _line(node, key, default=None):
    if isinstance(node, (LMap, LList)):
        return node.line_of(key)
    return default


def _name(val) -> str:
    if isinstance(val, dict):
        return str(val.get("name") or "").strip()
    return str(val).strip() if isinstance(val, str) else ""


def read(text: str, file: str) -> dict:
    """Parse and validate a facts file: syntax problems (a tab) and content problems in one round."""
    from generator.io.yamlload import load_lenient

    data, problems = load_lenient(text, file)
    try:
        out = validate(data, file)
    except GaoziError as exc:
        raise GaoziError(sorted(problems + exc.problems, key=lambda p: p.line or 0)) from None
    if problems:
        raise GaoziError(problems)
    return out


def validate(data, file: str, prefix: str = "") -> dict:
    """Check a loaded facts mapping against SCHEMA and its own cross-references; return it as plain data
    for the templates (dates in Chinese, units with `type` and `short`), or raise GaoziError with every
    problem at once."""
    plainify = fields.plainify
    c = _Checker(file)
    if not isinstance(data, dict):
        raise GaoziError(Problem(file, getattr(data, "line", 1) or 1, "", "事实文件应当是“字段: 值”的映射"))
    c.keys(data, SCHEMA, prefix.rstrip("."))
    for k, spec in SCHEMA.items():
        if k in data:
            c.value(data[k], spec, _line(data, k, 1), prefix + k, k)
    _cross(data, c, prefix)
    if c.problems:
        raise GaoziError(sorted(c.problems, key=lambda p: p.line or 0))
    out = plainify(data)
    units = out.get("units")
    if isinstance(units, list):
        out["units"] = [_unit(u) for u in units]
    target = out.get("target")
    if isinstance(target, (dict, str)):
        out["target"] = _unit(target, keep_short=False)
    return out


def _unit(u, keep_short: bool = True) -> dict:
    u = {"name": u} if isinstance(u, str) else dict(u)
    name = str(u.get("name") or "")
    if keep_short:
        u.setdefault("short", name)
    u.setdefault("type", unit_type(name))
    return u


def _cross(data: dict, c: _Checker, prefix: str = "") -> None:
    """References inside the facts: unique units and categories, problem units known, dates in order."""
    names: dict[str, str] = {}  # full or short name → full name
    units = data.get("units")
    if isinstance(units, list):
        for i, u in enumerate(units):
            line = _line(units, i)
            for key in ("name", "short"):
                n = _name(u) if key == "name" else (str(u.get("short") or "").strip() if isinstance(u, dict) else "")
                if not n:
                    continue
                full = _name(u)
                if n in names and names[n] != full:
                    c.err(line, f"{prefix}units[{i}].{key}", f"“{n}”已经是单位“{names[n]}”的名称或简称，两个单位不能同名")
                elif n in names and key == "name":
                    c.err(line, f"{prefix}units[{i}].name", f"单位“{n}”重复出现")
                names.setdefault(n, full)
    findings = data.get("findings")
    if isinstance(findings, list):
        seen: dict[str, int] = {}
        for i, f in enumerate(findings):
            if not isinstance(f, dict):
                continue
            cat = str(f.get("category") or "").strip()
            if cat:
                if cat in seen:
                    c.err(_line(f, "category", _line(findings, i)), f"{prefix}findings[{i}].category",
                          f"问题类别“{cat}”与 findings[{seen[cat]}] 重复：同一类别的问题写在一起")
                seen.setdefault(cat, i)
            problems = f.get("problems")
            if not isinstance(problems, list):
                continue
            for j, p in enumerate(problems):
                if not isinstance(p, dict) or not isinstance(p.get("units"), list):
                    continue
                for k, u in enumerate(p["units"]):
                    if not isinstance(u, str) or u.strip() in names:
                        continue
                    path = f"{prefix}findings[{i}].problems[{j}].units[{k}]"
                    line = _line(p["units"], k, _line(p, "units"))
                    if not names:
                        c.err(line, path, f"单位“{u}”没有列在 units 中（事实文件还没有 units）")
                    else:
                        c.problems.append(Problem(c.file, line, path, f"单位“{u}”不在 units 中"
                                                  f"{did_you_mean(u, names) or '（写全称或简称）'}",
                                                  "unknown-unit", (("unit", u),)))
    ins = data.get("inspection")
    if isinstance(ins, dict):
        dates = {k: parse_date(ins.get(k)) for k in ("start", "end", "feedback_date", "deadline")}
        order = (("start", "end", "结束日期早于进驻日期"), ("feedback_date", "deadline", "整改时限早于反馈日期"),
                 ("start", "feedback_date", "反馈日期早于进驻日期"))
        for a, b, msg in order:
            if dates.get(a) and dates.get(b) and dates[b] < dates[a]:
                c.err(_line(ins, b), f"{prefix}inspection.{b}", f"{msg}（{cn_date(dates[b])} 在 {cn_date(dates[a])} 之前）")


def parse_date(val) -> _dt.date | None:
    """A date value of the facts (a YAML date, 2025-05-20 or 2025年5月20日), None when absent or invalid."""
    if isinstance(val, _dt.datetime):
        return val.date()
    if isinstance(val, _dt.date):
        return val
    m = _DATE_CN.match(val) if isinstance(val, str) else None
    if m:
        try:
            return _dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def cn_date(d: _dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# ------------------------------------------------------------------------------------- look-ups


def unit_names(facts: dict) -> dict[str, dict]:
    """Every name a unit may be called by (full, short), and the target's, → its unit mapping."""
    out: dict[str, dict] = {}
    for u in facts.get("units") or [] if isinstance(facts, dict) else []:
        if isinstance(u, dict):
            for n in (u.get("name"), u.get("short")):
                if isinstance(n, str) and n.strip():
                    out.setdefault(n.strip(), u)
    return out


def resolve_unit(facts: dict, name: str) -> dict | None:
    """The unit a name (full or short) means, or None."""
    return unit_names(facts).get(str(name).strip())


def unknown_unit(facts: dict, name: str) -> str | None:
    """A Chinese message when `name` is neither a unit of the facts nor the inspected body; None when it is
    (or when the facts list no units, so there is nothing to resolve against)."""
    if not isinstance(facts, dict) or not facts.get("units") or not str(name).strip():
        return None
    if resolve_unit(facts, name) is not None:
        return None
    t = facts.get("target")
    own = {str(t.get(k) or "") for k in ("name", "short", "place")} if isinstance(t, dict) else {str(t or "")}
    if str(name).strip() in own:
        return None
    choices = list(unit_names(facts)) + [x for x in own if x]
    return f"单位“{name}”不在事实文件的 units 中{did_you_mean(str(name), choices) or '（写全称或简称）'}"
