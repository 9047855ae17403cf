"""Rows of data for batches and ledgers: CSV (UTF-8, UTF-8 with BOM, GBK …), a YAML list, or .xlsx.

Every row keeps the number the user sees: in a CSV or a worksheet the header is row 1 and the first data
row is row 2 (as Excel shows it); in YAML it is the line the item starts on.
"""
from __future__ import annotations

import csv
import io
import datetime as _dt
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import GaoziError, Problem
from generator.io.textio import decode, note_input, read_bytes
from generator.io.yamlload import LList, LMap, load

FORMATS = ("csv", "yaml", "xlsx")
# Windows Excel saves a "Unicode 文本" export as UTF-16 with tabs: .txt and .tsv are read as CSV.
_EXT = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx",
        ".xlsm": "xlsx"}
# 2025-03-18, 2025/3/18, 2025.3.18, 2025年3月18日 (spaces allowed); a time after a space is ignored.
DATE_RE = re.compile(r"^\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_HEADER_SCAN = 10  # rows searched for the header line when a title row sits above it


@dataclass(slots=True)
class Row:
    number: int  # the row number the user sees (header = 1 in CSV/xlsx; the line of the item in YAML)
    values: dict[str, Any]  # column → value: str (stripped), or int/float/date/bool from YAML and xlsx
    extra: list[str] = field(default_factory=list)  # non-empty cells beyond the header (CSV/xlsx)


@dataclass(slots=True)
class DataTable:
    file: str
    format: str  # csv, yaml or xlsx
    columns: list[str]
    rows: list[Row]  # from open_rows: an iterator, read as the rows are used
    header_row: int = 1  # row number of the header line (0 for YAML)


def fmt_of(path: str | Path) -> str | None:
    return _EXT.get(Path(path).suffix.lower())


def read(path: str | Path, *, key: str | None = None, header_hint=(), sheet: str | None = None) -> DataTable:
    """Read a data file by extension. `key`: for a YAML mapping, the key holding the list of rows;
    `header_hint`: column names, the first row among the first ten holding one of them is the header
    (a title row above the header is common in ledgers); `sheet`: the worksheet (default: the first)."""
    table = open_rows(path, key=key, header_hint=header_hint, sheet=sheet)
    table.rows = list(table.rows)
    return table


def open_rows(path: str | Path, *, key: str | None = None, header_hint=(), sheet: str | None = None) -> DataTable:
    """Like read, but `rows` is an iterator: the header is checked now, each row is built as it is used
    (a batch of 100,000 rows never holds them all). Problems in a row surface when it is reached."""
    p = Path(path)
    name = str(path)
    ext = p.suffix.lower()
    if ext == ".xls":
        raise GaoziError(Problem(name, None, "", "不支持旧版 .xls 文件：请在 Excel 或 WPS 中另存为 .xlsx 或 CSV"))
    fmt = _EXT.get(ext)
    if fmt is None:
        raise GaoziError(Problem(name, None, "", "无法识别的数据文件类型：应为 .csv、.xlsx 或 .yaml"))
    if not p.is_file():
        raise GaoziError(Problem(name, None, "", "文件不存在" if not p.exists() else "这不是一个文件"))
    if fmt == "xlsx":
        note_input(p)  # never a place to write, even with --force
        return read_xlsx(p, header_hint=header_hint, sheet=sheet, lazy=True)
    data = read_bytes(name)
    if fmt == "csv":
        return read_csv(data, name, header_hint=header_hint, lazy=True)
    return read_yaml(decode(data, name), name, key=key)


def read_data(data: bytes, name: str, *, key: str | None = None, header_hint=(), sheet: str | None = None) -> DataTable:
    """Like read, for a file already in memory (an upload): its format comes from the extension of `name`."""
    ext = Path(name).suffix.lower()
    if ext == ".xls":
        raise GaoziError(Problem(name, None, "", "不支持旧版 .xls 文件：请在 Excel 或 WPS 中另存为 .xlsx 或 CSV"))
    fmt = _EXT.get(ext)
    if fmt is None:
        raise GaoziError(Problem(name, None, "", "无法识别的数据文件类型：应为 .csv、.xlsx 或 .yaml"))
    if fmt == "xlsx":
        return read_xlsx(bytes(data), header_hint=header_hint, sheet=sheet, name=name)
    if fmt == "csv":
        return read_csv(data, name, header_hint=header_hint)
    return read_yaml(decode(data, name), name, key=key)


def in_memory_file(files: dict, name: str, file: str, line: int | None, path: str, what: str) -> tuple[str, bytes]:
    """(name, bytes) of a file an outline names, from `files` (by its name, or by its last part)."""
    key = name.replace("\\", "/").removeprefix("./")
    if key in files:
        return key, files[key]
    base = key.rsplit("/", 1)[-1]
    if base in files:
        return base, files[base]
    raise GaoziError(Problem(file, line, path, f"请求中没有附上{what}“{name}”：请一并上传该文件"))


def count_rows(path: str | Path, *, sheet: str | None = None) -> int:
    """The number of data rows (a pass over the file, holding one row at a time)."""
    return sum(1 for _ in open_rows(path, sheet=sheet).rows)


# ---------------------------------------------------------------------------------------------- CSV


def read_csv(data: bytes | str, name: str = "<csv>", *, header_hint=(), lazy: bool = False) -> DataTable:
    """CSV bytes in any encoding textio knows (UTF-8 with or without BOM, GBK/GB18030, UTF-16)."""
    text = decode(data, name) if isinstance(data, bytes) else data
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delim = "\t" if first.count("\t") > first.count(",") else ","

    def lines():  # the text line by line, without a second copy of it (io.StringIO would make one)
        start = 0
        while start < len(text):
            end = text.find("\n", start)
            end = len(text) if end < 0 else end + 1
            yield text[start:end]
            start = end

    def records():
        reader = csv.reader(lines(), delimiter=delim)
        no = 0
        try:
            # csv.reader counts records; a record with a quoted line break is still one row in Excel.
            for no, rec in enumerate(reader, 1):
                yield no, rec
        except csv.Error as exc:
            raise GaoziError(Problem(name, no + 1, "", f"CSV 格式错误：{exc}")) from None

    table = _table(name, "csv", records(), header_hint)
    if not lazy:
        table.rows = list(table.rows)
    return table


# --------------------------------------------------------------------------------------------- xlsx


def read_xlsx(path: str | Path | bytes, *, header_hint=(), sheet: str | None = None, lazy: bool = False,
              name: str | None = None) -> DataTable:
    """A worksheet of a workbook file, or of workbook bytes (an upload; then `name` names it)."""
    name = name or str(path)
    try:
        import openpyxl
    except ImportError:
        raise GaoziError(Problem(name, None, "", "读取 .xlsx 需要安装 openpyxl：pip install openpyxl"
                                                 "（或 pip install gaozi[xlsx]）；也可以在 Excel 中另存为 CSV")) from None
    import warnings
    import zipfile

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validation and styles it drops
            in_memory = isinstance(path, (bytes, bytearray))
            big = (len(path) if in_memory else Path(path).stat().st_size) > 4_000_000
            # Merged cells (a category merged down its rows) are filled from their first cell; that
            # needs the full reader. A very large sheet is read in read-only mode, without that filling.
            src = io.BytesIO(path) if in_memory else str(path)
            wb = openpyxl.load_workbook(src, read_only=big, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise GaoziError(Problem(name, None, "", f"无法读取 .xlsx 文件（文件损坏或不是 Excel 工作簿）：{exc}")) from None
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                raise GaoziError(Problem(name, None, "", f"没有名为“{sheet}”的工作表（有：{'、'.join(wb.sheetnames)}）"))
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        fill: dict[tuple[int, int], Any] = {}
        if not big:
            for rng in ws.merged_cells.ranges:
                top = ws.cell(rng.min_row, rng.min_col).value
                for r in range(rng.min_row, rng.max_row + 1):
                    for c in range(rng.min_col, rng.max_col + 1):
                        if (r, c) != (rng.min_row, rng.min_col):
                            fill[(r, c)] = top
    except BaseException:
        wb.close()
        raise

    def records():
        try:
            for r, row in enumerate(ws.iter_rows(values_only=True), 1):
                cells = []
                for c, v in enumerate(row, 1):
                    if v is None and (r, c) in fill:
                        v = fill[(r, c)]
                    cells.append(_xlsx_value(v))
                yield r, cells
        finally:
            wb.close()

    table = _table(name, "xlsx", records(), header_hint)
    if not lazy:
        table.rows = list(table.rows)
    return table


def _xlsx_value(v):
    if v is None:
        return ""
    if isinstance(v, _dt.datetime):
        return v.date() if v.time() == _dt.time(0) else v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str):
        return v.strip()
    return v


# --------------------------------------------------------------------------------------------- YAML


def read_yaml(text: str, name: str = "<yaml>", *, key: str | None = None) -> DataTable:
    """A YAML list of mappings (or a mapping holding one under `key`); a row's number is its line."""
    data = load(text, name)
    return rows_from_yaml(data, name, key=key)


def rows_from_yaml(data, name: str, *, key: str | None = None, line: int | None = None) -> DataTable:
    if isinstance(data, LMap) and key is not None and key in data:
        line = data.line_of(key)
        data = data[key]
    if not isinstance(data, list):
        want = f"行的列表（或在“{key}:”下给出列表）" if key else "行的列表（每行一个“列名: 值”映射）"
        raise GaoziError(Problem(name, getattr(data, "line", line), key or "", f"应当是{want}"))
    columns: list[str] = []
    rows: list[Row] = []
    problems: list[Problem] = []
    for i, item in enumerate(data):
        no = data.line_of(i) if isinstance(data, LList) else (line or 0) + i
        if not isinstance(item, dict):
            problems.append(Problem(name, no, f"[{i}]", "每一行应当是“列名: 值”的映射"))
            continue
        if isinstance(item, LMap):
            no = item.line
        values = {}
        for k, v in item.items():
            col = str(k).strip()
            if col not in columns:
                columns.append(col)
            values[col] = v.strip() if isinstance(v, str) else ("" if v is None else v)
        rows.append(Row(no, values))
    if problems:
        raise GaoziError(problems)
    return DataTable(name, "yaml", columns, rows, header_row=0)


# ------------------------------------------------------------------------------------------- shared


def _table(name: str, fmt: str, records, header_hint) -> DataTable:
    """Find and check the header among the first records; the rows after it come as an iterator."""
    def blank(rec) -> bool:
        return all(_empty(c) for c in rec)

    records = iter(records)
    head: list[tuple[int, list]] = []  # the first non-blank records, searched for the header
    for no, rec in records:
        if not blank(rec):
            head.append((no, rec))
            if len(head) >= _HEADER_SCAN:
                break
    if not head:
        raise GaoziError(Problem(name, None, "", "数据文件没有任何内容"))
    header_no, header = head[0]
    hints = set(header_hint)
    if hints:
        for no, rec in head:
            if hints & {str(c).strip() for c in rec}:
                header_no, header = no, rec
                break
    columns = [str(c).strip().lstrip("\ufeff") for c in header]
    while columns and not columns[-1]:
        columns.pop()
    problems = []
    seen = {}
    for i, c in enumerate(columns):
        if not c:
            problems.append(Problem(name, header_no, "", f"第{i + 1}列的列名是空的"))
        elif c in seen:
            problems.append(Problem(name, header_no, c, f"列名重复（第{seen[c] + 1}列和第{i + 1}列）"))
        else:
            seen[c] = i
    if problems:
        raise GaoziError(problems)

    def rows():
        for no, rec in itertools.chain(head, records):
            if no <= header_no or blank(rec):
                continue
            values = {c: (rec[i] if i < len(rec) else "") for i, c in enumerate(columns)}
            values = {c: (v.strip() if isinstance(v, str) else v) for c, v in values.items()}
            extra = [str(x) for x in rec[len(columns):] if not _empty(x)]
            yield Row(no, values, extra)

    return DataTable(name, fmt, columns, rows(), header_row=header_no)


def _empty(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def is_empty(v) -> bool:
    """True for a missing cell: None or only whitespace."""
    return _empty(v)


def parse_date(value) -> _dt.date | None | str:
    """A cell as a date: a date, None when the cell is empty, or a Chinese reason why it is not one."""
    if _empty(value):
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    m = DATE_RE.match(str(value))
    if not m:
        return f"“{value}”不是日期（应为 2025-03-18 或 2025年3月18日）"
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        if not 1 <= mo <= 12:
            return f"“{value}”不是真实的日期（没有{mo}月）"
        return f"“{value}”不是真实的日期（{y}年{mo}月没有{d}日）"


def looks_like_date(value) -> bool:
    return isinstance(value, (_dt.date, _dt.datetime)) or (isinstance(value, str) and DATE_RE.match(value) is not None)


def cn_date(d: _dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""
