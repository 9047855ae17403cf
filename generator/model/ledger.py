"""The rectification ledger (整改台账): rows read, validated (every problem at once) and totalled.

Kinds stay data: a kind that declares a field named `ledger` (templates/ledger, plan, progress-report)
gets, under that name, what `for_template` returns: the validated rows and the totals by status,
category and unit. Templates never count; every number they print comes from here.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.io import datafiles
from generator.errors import GaoziError, Problem, did_you_mean

STATUSES = ("未启动", "推进中", "已完成")
DONE, DOING, TODO = "已完成", "推进中", "未启动"
# Standard columns in table order; 问题类别 and 整改进展 are optional.
COLUMNS = ("序号", "问题类别", "问题", "整改措施", "责任领导", "责任单位", "完成时限", "整改状态", "销号日期", "整改进展",
           "超期原因")
OPTIONAL = ("问题类别", "整改进展", "超期原因")  # printed only when some row fills them
REQUIRED = ("问题", "整改措施", "责任领导", "责任单位", "完成时限", "整改状态")
# Names ledgers in the wild use for the same columns.
ALIASES = {
    "编号": "序号", "序": "序号",
    "问题描述": "问题", "存在问题": "问题", "问题表现": "问题", "反馈问题": "问题", "问题清单": "问题",
    "整改任务": "整改措施", "具体措施": "整改措施", "任务清单": "整改措施",
    "责任人": "责任领导", "牵头领导": "责任领导", "分管领导": "责任领导",
    "牵头单位": "责任单位", "责任部门": "责任单位", "责任清单": "责任单位",
    "整改时限": "完成时限", "完成时间": "完成时限", "整改期限": "完成时限", "时限": "完成时限",
    "状态": "整改状态", "整改情况": "整改状态", "进度": "整改状态",
    "销号时间": "销号日期", "销号": "销号日期",
    "类别": "问题类别", "问题类型": "问题类别", "方面": "问题类别",
    "进展情况": "整改进展", "整改进展情况": "整改进展", "进展": "整改进展",
    "未完成原因": "超期原因", "逾期原因": "超期原因", "超期说明": "超期原因", "延期原因": "超期原因",
}
# A column the Excel ledger derives (已逾期 for an open problem past its deadline): not data, not kept.
OVERDUE_COLUMN = "逾期情况"
# Deadlines that are not dates but are written in every ledger.
DEADLINE_WORDS = ("长期坚持", "立行立改")
UNCATEGORISED = "未分类"
_UNIT_SPLIT = re.compile(r"[、，,；;／/\n]+")


@dataclass(slots=True)
class LedgerRow:
    no: int
    problem: str
    measures: str
    leader: str
    unit: str
    deadline: _dt.date | None  # None when the deadline is a word (长期坚持, 立行立改)
    deadline_text: str  # as printed: 2025年6月30日 or 长期坚持
    status: str
    closed: _dt.date | None
    category: str = ""
    progress: str = ""
    line: int = 0  # row number in the data file
    extra: dict = field(default_factory=dict)  # other columns (备注 …), kept as text
    reason: str = ""  # 超期原因: why an overdue item is not done

    def overdue(self, as_of: _dt.date | None) -> bool:
        """Past its deadline on the as-of date and not done."""
        return bool(as_of and self.deadline and self.deadline < as_of and self.status != DONE)

    @property
    def long_term(self) -> bool:
        return self.deadline_text == "长期坚持"

    def as_dict(self, as_of: _dt.date | None = None) -> dict:
        return {
            "no": self.no, "problem": self.problem, "measures": self.measures, "leader": self.leader,
            "unit": self.unit, "deadline": self.deadline_text, "status": self.status,
            "closed": datafiles.cn_date(self.closed), "category": self.category, "progress": self.progress,
            "done": self.status == DONE, "extra": dict(self.extra),
            "overdue": self.overdue(as_of), "reason": self.reason, "long_term": self.long_term,
        }


@dataclass(slots=True)
class Ledger:
    file: str
    rows: list[LedgerRow]
    categories: list[str]  # the known categories (facts first, then any others in order of appearance)
    feedback_date: _dt.date | None = None
    as_of: _dt.date | None = None  # 截至: the date progress is reported on (facts as_of, else the outline's)


# ---------------------------------------------------------------------------------------- loading


def read(path: str | Path, *, feedback_date=None, categories=(), sheet=None) -> Ledger:
    """Read and validate a ledger file (CSV, xlsx or YAML)."""
    table = datafiles.read(path, key="ledger", header_hint=tuple(COLUMNS) + tuple(ALIASES), sheet=sheet)
    return validate(table, feedback_date=feedback_date, categories=categories)


def validate(table: datafiles.DataTable, *, feedback_date: _dt.date | None = None, categories=()) -> Ledger:
    """Check every row; raise GaoziError listing every problem as FILE:ROW: column: message."""
    name = table.file
    problems: list[Problem] = []
    colmap: dict[str, str] = {}  # file column → standard column
    for c in table.columns:
        std = c if c in COLUMNS else ALIASES.get(c)
        if std and std not in colmap.values():
            colmap[c] = std
    present = set(colmap.values())
    header_line = table.header_row or None
    if table.format != "yaml":  # a YAML row lacking a key is reported on its own line below
        for c in REQUIRED:
            if c not in present:
                hint = did_you_mean(c, [x for x in table.columns if x not in colmap])
                problems.append(Problem(name, header_line, c, f"缺少“{c}”列{hint}"))
        if problems:
            raise GaoziError(problems)  # without the column every row would repeat the same message
    known = [str(c) for c in categories]
    rows: list[LedgerRow] = []
    seen_no: dict[int, int] = {}
    for i, r in enumerate(table.rows):
        v = {std: r.values.get(col, "") for col, std in colmap.items()}
        extra = {col: _text(val) for col, val in r.values.items()
                 if col not in colmap and col != OVERDUE_COLUMN and not datafiles.is_empty(val)}

        def err(col: str, msg: str, _r=r) -> None:
            problems.append(Problem(name, _r.number, col, msg))

        for x in r.extra:
            err("", f"多出的单元格“{x}”（超出表头的列数）")
            break
        for c in REQUIRED:
            if datafiles.is_empty(v.get(c)):
                err(c, "不能为空")
        no = i + 1
        if "序号" in present and not datafiles.is_empty(v.get("序号")):
            raw = v["序号"]
            try:
                no = int(str(raw).strip().rstrip("."))
                if no < 1 or isinstance(raw, bool):
                    raise ValueError
            except ValueError:
                err("序号", f"序号应当是正整数，而不是“{raw}”")
            else:
                if no in seen_no:
                    err("序号", f"序号 {no} 与第 {seen_no[no]} 行重复")
                seen_no.setdefault(no, r.number)
        status = _text(v.get("整改状态"))
        if status and status not in STATUSES:
            err("整改状态", f"应当是 {' / '.join(STATUSES)} 之一，而不是“{status}”{did_you_mean(status, STATUSES)}")
        deadline, deadline_text = None, _text(v.get("完成时限"))
        if deadline_text and deadline_text not in DEADLINE_WORDS:
            d = datafiles.parse_date(v.get("完成时限"))
            if isinstance(d, str):
                err("完成时限", d + f"；也可以写 {' / '.join(DEADLINE_WORDS)}")
            elif d is not None:
                deadline, deadline_text = d, datafiles.cn_date(d)
                if feedback_date and d < feedback_date:
                    err("完成时限", f"完成时限 {deadline_text} 早于反馈日期 {datafiles.cn_date(feedback_date)}")
        closed = None
        if not datafiles.is_empty(v.get("销号日期")):
            d = datafiles.parse_date(v.get("销号日期"))
            if isinstance(d, str):
                err("销号日期", d)
            else:
                closed = d
                if status in STATUSES and status != DONE:
                    err("销号日期", f"整改状态是“{status}”，只有“已完成”的问题才能填写销号日期")
                if feedback_date and d < feedback_date:
                    err("销号日期", f"销号日期 {datafiles.cn_date(d)} 早于反馈日期 {datafiles.cn_date(feedback_date)}")
        elif status == DONE:
            err("销号日期", "整改状态为“已完成”的问题必须填写销号日期")
        category = _text(v.get("问题类别"))
        if category and known and category not in known:
            err("问题类别", f"“{category}”不是反馈的问题类别{did_you_mean(category, known)}（可用：{'、'.join(known)}）")
        rows.append(LedgerRow(no, _text(v.get("问题")), _text(v.get("整改措施")), _text(v.get("责任领导")),
                              _text(v.get("责任单位")), deadline, deadline_text, status, closed, category,
                              _text(v.get("整改进展")), r.number, extra, _text(v.get("超期原因"))))
    if not table.rows:
        problems.append(Problem(name, None, "", "台账中没有任何问题行"))
    if problems:
        raise GaoziError(problems)
    cats = list(known)
    for r in rows:
        if r.category and r.category not in cats:
            cats.append(r.category)
    return Ledger(name, rows, cats, feedback_date)


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (_dt.date, _dt.datetime)):
        return datafiles.cn_date(v)
    return str(v).strip()


# ----------------------------------------------------------------------------------------- totals


def percent(part: int, whole: int) -> str:
    """85.7%, 100%, 0%: one decimal, trailing zeros dropped (the same rule as the `percent` filter)."""
    if not whole:
        return "0%"
    value = round(100.0 * part / whole, 1)
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def _counts(rows: list[LedgerRow], as_of: _dt.date | None = None) -> dict:
    done = sum(r.status == DONE for r in rows)
    doing = sum(r.status == DOING for r in rows)
    todo = sum(r.status == TODO for r in rows)
    units: list[str] = []
    for r in rows:
        units.extend(u for u in units_of(r.unit) if u not in units)
    dated = [r.deadline for r in rows if r.deadline]
    open_dated = [r.deadline for r in rows if r.deadline and r.status != DONE]
    return {"total": len(rows), "done": done, "doing": doing, "todo": todo, "open": len(rows) - done,
            "rate": percent(done, len(rows)), "units": units,
            "last_deadline": datafiles.cn_date(max(dated)) if dated else "",
            "last_open_deadline": datafiles.cn_date(max(open_dated)) if open_dated else "",
            "overdue": sum(r.overdue(as_of) for r in rows),
            "long_term": sum(r.long_term and r.status != DONE for r in rows)}


def units_of(cell: str) -> list[str]:
    """The units named in a 责任单位 cell: 县财政局、县审计局 → two units."""
    return [u.strip() for u in _UNIT_SPLIT.split(cell) if u.strip()]


def totals(ledger: Ledger) -> dict:
    """Counts for the templates: overall, by status, by category (facts order) and by unit."""
    rows = ledger.rows
    as_of = ledger.as_of
    out = _counts(rows, as_of)
    out["by_status"] = [{"name": s, "count": sum(r.status == s for r in rows)} for s in STATUSES]
    by_cat = []
    if any(r.category for r in rows):
        names = list(ledger.categories) + ([UNCATEGORISED] if any(not r.category for r in rows) else [])
        for c in names:
            group = [r for r in rows if (r.category or UNCATEGORISED) == c]
            if group:
                by_cat.append({"name": c, **_counts(group, as_of), "rows": [r.as_dict(as_of) for r in group]})
    out["by_category"] = by_cat
    units: dict[str, list[LedgerRow]] = {}
    for r in rows:
        for u in units_of(r.unit):
            units.setdefault(u, []).append(r)
    out["by_unit"] = [{"name": u, **_counts(g, as_of)} for u, g in units.items()]
    return out


def template_data(ledger: Ledger) -> dict:
    """What a kind template sees under `ledger`: rows (dicts), totals, categories, feedback date."""
    rows = [r.as_dict(ledger.as_of) for r in ledger.rows]
    return {
        "rows": rows,
        **totals(ledger),
        "has_category": any(r.category for r in ledger.rows),
        "has_progress": any(r.progress for r in ledger.rows),
        "shared_units": any(len(units_of(r.unit)) > 1 for r in ledger.rows),
        "categories": list(ledger.categories),
        "feedback_date": datafiles.cn_date(ledger.feedback_date),
        "as_of": datafiles.cn_date(ledger.as_of),
        "has_reason": any(r.reason for r in ledger.rows),
        "file": ledger.file,
    }


# ------------------------------------------------------------------------------------------- CSV


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def csv_cell(value):
    """A cell Excel and WPS show as text: one beginning with = + - @ (or a tab) would run as a formula,
    so it gets a leading apostrophe, as Excel itself writes text that looks like a formula. Numbers stay."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


_OPTIONAL_ATTR = {"问题类别": "category", "整改进展": "progress", "超期原因": "reason"}


def columns(ledger: Ledger) -> tuple[list[str], list[str]]:
    """(standard columns present, extra columns) in table order, for every export (CSV, Excel): an
    optional column (问题类别, 整改进展, 超期原因) only when some row fills it."""
    cols = [c for c in COLUMNS if c not in OPTIONAL or any(getattr(r, _OPTIONAL_ATTR[c]) for r in ledger.rows)]
    extra: list[str] = []
    for r in ledger.rows:
        extra.extend(k for k in r.extra if k not in extra)
    return cols, extra


def to_csv(ledger: Ledger) -> bytes:
    """The ledger as CSV for Excel: UTF-8 with BOM (Excel on Windows reads it as UTF-8), CRLF lines."""
    cols, extra = columns(ledger)
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([csv_cell(c) for c in cols + extra])
    for r in ledger.rows:
        d = {"序号": r.no, "问题类别": r.category, "问题": r.problem, "整改措施": r.measures, "责任领导": r.leader,
             "责任单位": r.unit, "完成时限": r.deadline_text, "整改状态": r.status,
             "销号日期": datafiles.cn_date(r.closed), "整改进展": r.progress, "超期原因": r.reason}
        w.writerow([csv_cell(d[c]) for c in cols] + [csv_cell(r.extra.get(k, "")) for k in extra])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def summary_lines(ledger: Ledger) -> list[str]:
    """Plain-language totals for the terminal."""
    t = totals(ledger)
    out = [f"共 {t['total']} 个问题：已完成 {t['done']} 个，推进中 {t['doing']} 个，未启动 {t['todo']} 个，完成率 {t['rate']}。"]
    if t["by_category"]:
        out.append("按问题类别：")
    for c in t["by_category"]:
        out.append(f"  {c['name']}：{c['total']} 个，已完成 {c['done']} 个，完成率 {c['rate']}")
    out.append("按责任单位（几个单位共同负责的问题分别计入）：")
    for u in t["by_unit"]:
        out.append(f"  {u['name']}：{u['total']} 个，已完成 {u['done']} 个，完成率 {u['rate']}")
    return out


# ------------------------------------------------------------------------------------------ facts


def facts_categories(facts: dict) -> list[str]:
    """The feedback categories a facts file names, in its order (several shapes are accepted)."""
    if not isinstance(facts, dict):
        return []
    out: list[str] = []

    def add(name) -> None:
        if isinstance(name, str) and name.strip() and name.strip() not in out:
            out.append(name.strip())

    def from_list(items) -> None:
        for it in items:
            if isinstance(it, str):
                add(it)
            elif isinstance(it, dict):
                add(it.get("category") or it.get("name") or it.get("类别") or it.get("title"))

    for holder in (facts, facts.get("inspection") if isinstance(facts.get("inspection"), dict) else {},
                   facts.get("feedback") if isinstance(facts.get("feedback"), dict) else {}):
        cats = holder.get("categories")
        if isinstance(cats, list):
            from_list(cats)
        elif isinstance(cats, dict):
            for k in cats:
                add(k)
        findings = holder.get("findings")
        if isinstance(findings, dict):
            for k in findings:
                add(k)
        elif isinstance(findings, list):
            from_list(findings)
        if out:
            break
    return out


def facts_feedback_date(facts: dict) -> _dt.date | None:
    """The feedback date a facts file gives (feedback_date, feedback.date, inspection.feedback_date)."""
    if not isinstance(facts, dict):
        return None
    candidates = [facts.get("feedback_date")]
    for k in ("feedback", "inspection"):
        sub = facts.get(k)
        if isinstance(sub, dict):
            candidates += [sub.get("feedback_date"), sub.get("date") if k == "feedback" else None]
    for c in candidates:
        d = datafiles.parse_date(c) if c is not None else None
        if isinstance(d, _dt.date):
            return d
    return None


# ---------------------------------------------------------------------------- kinds with a ledger


def _outline_feedback_date(fields: dict, facts: dict) -> _dt.date | None:
    """The feedback date deadlines are checked against: the outline's field, else the facts'."""
    fb = fields.get("feedback_date") or facts_feedback_date(facts)
    if isinstance(fb, _dt.datetime):
        fb = fb.date()
    return fb if isinstance(fb, _dt.date) else None


def load_for_outline(outline, fields: dict, facts: dict, name: str = "ledger", files: dict | None = None) -> Ledger:
    """The ledger an outline names: `ledger_rows` (rows in the outline), `ledger` (a CSV/xlsx/YAML file
    relative to the outline), or `ledger` in the facts file (rows, or a file relative to it).
    `files` (name → bytes, e.g. uploads): the named files come from there only, never from the disk."""
    if files is not None:
        return _load_in_memory(outline, fields, facts, name, files)
    raw = outline.raw if isinstance(outline.raw, dict) else {}
    base = Path(outline.file).parent if Path(outline.file).is_file() else Path.cwd()
    fb = _outline_feedback_date(fields, facts)
    cats = facts_categories(facts)
    line = raw.line_of(name) if hasattr(raw, "line_of") else None
    rows_key = f"{name}_rows"
    if raw.get(rows_key) is not None:
        table = datafiles.rows_from_yaml(raw[rows_key], outline.file, line=raw.line_of(rows_key))
        return validate(table, feedback_date=fb, categories=cats)
    path = fields.get(name)
    if isinstance(path, str) and path.strip():
        p = base / path.strip()
        if not p.is_file():
            raise GaoziError(Problem(outline.file, line, name, f"找不到台账文件 {path}"))
        return read(p, feedback_date=fb, categories=cats)
    if isinstance(facts, dict) and facts.get("ledger") is not None and outline.facts_path:
        fpath = base / outline.facts_path
        val = facts["ledger"]
        if isinstance(val, str):
            p = fpath.parent / val
            if not p.is_file():
                raise GaoziError(Problem(str(fpath), None, "ledger", f"找不到台账文件 {val}"))
            return read(p, feedback_date=fb, categories=cats)
        return read(fpath, feedback_date=fb, categories=cats)  # rows under `ledger:` in the facts file
    raise GaoziError(Problem(outline.file, line or 1, "ledger",
                             "缺少整改台账：用 ledger: 台账.csv（或 .xlsx、.yaml）指定数据文件，"
                             "或用 ledger_rows 直接列出各行，或在事实文件中给出 ledger"))


def _load_in_memory(outline, fields: dict, facts: dict, name: str, files: dict) -> Ledger:
    raw = outline.raw if isinstance(outline.raw, dict) else {}
    fb = _outline_feedback_date(fields, facts)
    cats = facts_categories(facts)
    line = raw.line_of(name) if hasattr(raw, "line_of") else None
    hint = tuple(COLUMNS) + tuple(ALIASES)
    rows_key = f"{name}_rows"
    if raw.get(rows_key) is not None:
        table = datafiles.rows_from_yaml(raw[rows_key], outline.file, line=raw.line_of(rows_key))
        return validate(table, feedback_date=fb, categories=cats)

    def from_files(wanted: str, file: str, at: int | None, path: str, what: str) -> Ledger:
        fname, data = datafiles.in_memory_file(files, wanted, file, at, path, what)
        return validate(datafiles.read_data(data, fname, key="ledger", header_hint=hint), feedback_date=fb,
                        categories=cats)

    path = fields.get(name)
    if isinstance(path, str) and path.strip():
        return from_files(path.strip(), outline.file, line, name, "台账文件")
    if isinstance(facts, dict) and facts.get("ledger") is not None and isinstance(outline.facts_path, str):
        val = facts["ledger"]
        if isinstance(val, str):
            return from_files(val, outline.facts_path, None, "ledger", "台账文件")
        return from_files(outline.facts_path, outline.file, None, "facts", "事实文件")  # rows in the facts file
    raise GaoziError(Problem(outline.file, line or 1, name,
                             "缺少整改台账：请上传台账文件（.csv、.xlsx 或 .yaml）并在 ledger 中写它的文件名，"
                             "或用 ledger_rows 直接列出各行"))


def as_of_date(outline, fields: dict, facts: dict) -> _dt.date | None:
    """The one as-of date (截至) of a report: the facts' `as_of`, else the outline's `as_of` field, else its
    sign date or date. Never a date typed into a text."""
    for value in ((facts or {}).get("as_of") if isinstance(facts, dict) else None, fields.get("as_of"),
                  getattr(outline, "sign_date", None), getattr(outline, "date", None)):
        if value is None or value == "":
            continue
        d = datafiles.parse_date(value) if not isinstance(value, _dt.date) else value
        if isinstance(d, _dt.datetime):
            d = d.date()
        if isinstance(d, _dt.date):
            return d
    return None


def for_template(outline, fields: dict, facts: dict, name: str = "ledger", files: dict | None = None) -> dict:
    """Hook for compose: the validated ledger of an outline's field `name` as template data, with its one
    as-of date (as_of_date): a row past its deadline and not done by then is marked `overdue`."""
    led = load_for_outline(outline, fields, facts, name, files)
    led.as_of = as_of_date(outline, fields, facts)
    return template_data(led)

