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
import zlib
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
    """The rows of a worksheet of a workbook file, or of workbook bytes (an upload; then `name` names it).
    The package is inspected before openpyxl sees it (see _inspect_xlsx): bombs and hostile XML are
    refused in well under a second, formulas without a saved result are reported by row, and only the
    rectangle that holds values is read."""
    name = name or str(path)
    in_memory = isinstance(path, (bytes, bytearray))

    def source():
        return io.BytesIO(path) if in_memory else str(path)

    try:
        import openpyxl
    except ImportError:
        raise GaoziError(Problem(name, None, "", "读取 .xlsx 需要安装 openpyxl：pip install openpyxl"
                                                 "（或 pip install gaozi[xlsx]）；也可以在 Excel 中另存为 CSV")) from None
    import warnings

    scan = _inspect_xlsx(source(), name, sheet)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validation and styles it drops
            # Read-only mode streams the sheet; merged cells come from the inspection instead.
            wb = openpyxl.load_workbook(source(), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error for a damaged package
        raise GaoziError(Problem(name, None, "", f"无法读取 .xlsx 文件（文件损坏或不是 Excel 工作簿）：{_why(exc)}")) from None
    try:
        ws = wb[scan.sheet]
    except Exception:
        wb.close()
        raise GaoziError(Problem(name, None, "", f"无法读取工作表“{scan.sheet}”（文件损坏）")) from None
    covering: dict[int, list[int]] = {}  # row → merged ranges that cover it (their area is bounded)
    for k, (r1, _c1, r2, _c2) in enumerate(scan.merged):
        for r in range(r1, r2 + 1):
            covering.setdefault(r, []).append(k)

    def records():
        top: dict[int, Any] = {}
        try:
            if not scan.max_row:
                return
            for r, row in enumerate(ws.iter_rows(min_row=1, max_row=scan.max_row, max_col=scan.max_col,
                                                 values_only=True), 1):
                width = scan.widths.get(r, 0)
                if r in covering:
                    width = max([width] + [scan.merged[k][3] for k in covering[r]])
                if not width:
                    continue  # a row without values (openpyxl fills gaps with full-width empty rows)
                cells = list(row[:width])
                for k in covering.get(r, ()):
                    r1, c1, r2, c2 = scan.merged[k]
                    if r == r1:
                        top[k] = cells[c1 - 1] if c1 <= len(cells) else None
                    for c in range(c1, min(c2, len(cells)) + 1):
                        if cells[c - 1] is None and (r, c) != (r1, c1):
                            cells[c - 1] = top.get(k)
                yield r, [_xlsx_value(v) for v in cells]
        except GaoziError:
            raise
        except Exception as exc:
            raise GaoziError(Problem(name, None, "", f"无法读取 .xlsx 文件（文件损坏）：{_why(exc)}")) from None
        finally:
            wb.close()

    table = _table(name, "xlsx", records(), header_hint)
    if not lazy:
        table.rows = list(table.rows)
    return table


# Bounds for a workbook, far above any ledger or batch file (100,000 rows × 30 columns is ~60 MB of XML).
XLSX_MAX_UNPACKED = 300 * 1024 * 1024  # bytes, all parts together
XLSX_MAX_PART = 200 * 1024 * 1024  # bytes, one part
XLSX_MAX_RATIO = 200  # unpacked ÷ packed for a part over 1 MB: XML packs 5–20×, a bomb thousands
XLSX_MAX_PARTS = 10_000
XLSX_MAX_MERGED = 100_000  # cells in merged ranges
XLSX_MAX_CELLS = 10_000_000  # cells up to each row's last value, all rows together
_FORMULA_ROWS_SHOWN = 50
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


@dataclass(slots=True)
class _XlsxScan:
    sheet: str  # the worksheet's name
    max_row: int = 0  # the last row that holds a value
    max_col: int = 0  # the last column that holds a value
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r1, c1, r2, c2)
    widths: dict[int, int] = field(default_factory=dict)  # row → its last column holding a value


def _why(exc: BaseException) -> str:
    """A short Chinese reason for an error a damaged package raised (its English text is not shown)."""
    import zipfile

    if isinstance(exc, zipfile.BadZipFile):
        return "不是完整的 zip 压缩包"
    if isinstance(exc, (EOFError, zlib.error)):
        return "压缩数据不完整"
    if isinstance(exc, KeyError):
        return "缺少必需的部件"
    position = getattr(exc, "position", None)
    if position:
        return f"XML 在第{position[0]}行第{position[1]}列附近格式错误"
    return f"{type(exc).__name__}"



def _col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _ref(text: str) -> tuple[int, int] | None:
    m = _CELL_REF.match(text or "")
    return (int(m[2]), _col_index(m[1])) if m else None


def _col_letters(c: int) -> str:
    out = ""
    while c:
        c, rem = divmod(c - 1, 26)
        out = chr(65 + rem) + out
    return out


def _inspect_xlsx(path, name: str, sheet: str | None) -> _XlsxScan:
    """Check a workbook package before openpyxl opens it. Refused with a located Chinese message:
    not a zip, too many or too large parts, a part packed beyond any real ratio (a zip bomb), XML with
    a DTD (entity expansion, external entities) or not in UTF-8, broken XML in the sheet, merged ranges
    or a used area too large to read. Returns what reading needs: the sheet, its used rectangle, its
    merged ranges. Formulas without a saved result are reported, one problem per row."""
    import zipfile
    import xml.etree.ElementTree as ET

    def fail(message: str, line: int | None = None):
        return GaoziError(Problem(name, line, "", message))

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise fail(f"无法读取 .xlsx 文件（文件损坏或不是 Excel 工作簿）：{_why(exc)}") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > XLSX_MAX_PARTS:
            raise fail(f"这个 .xlsx 文件包含 {len(infos)} 个部件，超出正常工作簿的范围，拒绝读取")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > XLSX_MAX_PART or total > XLSX_MAX_UNPACKED:
                raise fail(f"这个 .xlsx 文件解压后过大（{info.filename} 解压后 {info.file_size // 2**20} MB），"
                           "拒绝读取：请删去多余内容，或另存为 CSV")
            if info.file_size > 2**20 and info.file_size > XLSX_MAX_RATIO * max(1, info.compress_size):
                raise fail(f"这个 .xlsx 文件的 {info.filename} 压缩比异常（可能是压缩炸弹），拒绝读取")

        def read_part(part: str) -> bytes | None:
            try:
                return _checked_xml(zf, zf.getinfo(part), name)
            except KeyError:
                return None

        for info in infos:  # every XML part openpyxl may parse: no DTD, UTF-8 only
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                _checked_xml(zf, info, name, keep=False)
        target = _sheet_part(read_part, name, sheet, fail)
        part_name, sheet_name = target
        try:
            info = zf.getinfo(part_name)
        except KeyError:
            raise fail(f"工作表“{sheet_name}”在文件中缺失（文件损坏）") from None
        scan = _XlsxScan(sheet_name)
        formula_rows: dict[int, list[str]] = {}
        cells_used = 0  # the sum of the rows' widths: what reading will touch
        merged_area = 0
        try:
            with zf.open(info) as stream:
                row_no = 0
                for _event, el in ET.iterparse(stream, events=("end",)):
                    local = el.tag[el.tag.rfind("}") + 1:]
                    if local == "row":
                        r = el.get("r")
                        row_no = int(r) if r and r.isdigit() else row_no + 1
                        if row_no > 1_048_576:
                            raise fail(f"工作表“{sheet_name}”的行号 {row_no} 超出 Excel 的范围（文件损坏）")
                        col_no = 0
                        width = 0
                        for c in el:
                            if c.tag[c.tag.rfind("}") + 1:] != "c":
                                continue
                            ref = _ref(c.get("r", ""))
                            col_no = ref[1] if ref else col_no + 1
                            if col_no > 16_384:
                                raise fail(f"工作表“{sheet_name}”第{row_no}行的列超出 Excel 的范围（文件损坏）", row_no)
                            f = v = None
                            for ch in c:
                                t = ch.tag[ch.tag.rfind("}") + 1:]
                                if t == "f":
                                    f = ch
                                elif t in ("v", "is"):
                                    v = ch
                            # No result saved: no <v>, or an empty one on a cell not typed as text (an
                            # empty text result is <v></v> with t="str"; openpyxl writes <v></v> untyped).
                            if f is not None and (v is None or (not (v.text or "") and c.get("t") != "str")):
                                formula_rows.setdefault(row_no, []).append(f"{_col_letters(col_no)}{row_no}")
                            elif v is not None and (v.text or len(v) or c.get("t") in ("str", "inlineStr")):
                                width = max(width, col_no)
                        if width:
                            scan.max_row = max(scan.max_row, row_no)
                            scan.max_col = max(scan.max_col, width)
                            scan.widths[row_no] = width
                            cells_used += width
                        el.clear()
                        if cells_used > XLSX_MAX_CELLS:
                            raise fail(f"工作表“{sheet_name}”过大（到第{row_no}行已超过 {XLSX_MAX_CELLS:,} 个单元格），"
                                       "拒绝读取：请删去多余内容，或另存为 CSV")
                    elif local == "mergeCell":
                        a, _, b = (el.get("ref") or "").partition(":")
                        ra, rb = _ref(a), _ref(b or a)
                        if ra and rb:
                            r1, r2 = sorted((ra[0], rb[0]))
                            c1, c2 = sorted((ra[1], rb[1]))
                            merged_area += (r2 - r1 + 1) * (c2 - c1 + 1)
                            if merged_area > XLSX_MAX_MERGED:
                                raise fail(f"工作表“{sheet_name}”的合并单元格过大（{a}:{b}），拒绝读取："
                                           "请取消多余的合并，或另存为 CSV")
                            scan.merged.append((r1, c1, r2, c2))
                        el.clear()
        except ET.ParseError as exc:
            raise fail(f"无法读取 .xlsx 文件：工作表“{sheet_name}”不是有效的 XML（{_why(exc)}）") from None
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
            raise fail(f"无法读取 .xlsx 文件（文件损坏）：{_why(exc)}") from None
    if formula_rows:
        problems = [Problem(name, r, "", f"单元格 {'、'.join(refs[:5])}{'等' if len(refs) > 5 else ''} 是公式，"
                                          "但文件里没有保存计算结果：请在 Excel 或 WPS 中打开并保存一次，或把公式粘贴为数值")
                    for r, refs in sorted(formula_rows.items())[:_FORMULA_ROWS_SHOWN]]
        if len(formula_rows) > _FORMULA_ROWS_SHOWN:
            problems.append(Problem(name, None, "", f"另有 {len(formula_rows) - _FORMULA_ROWS_SHOWN} 行有同样的问题"))
        raise GaoziError(problems)
    return scan


def _checked_xml(zf, info, name: str, keep: bool = True) -> bytes | None:
    """Stream a part: refuse a DTD (no OOXML part has one) and any encoding but UTF-8 (a UTF-16 part
    would hide its DTD from a byte search). Returns the bytes when `keep` (for small parts only)."""
    import zipfile

    chunks = []
    tail = b""
    first = True
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                if first:
                    first = False
                    head = chunk[:4]
                    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head:
                        raise GaoziError(Problem(name, None, "", f".xlsx 文件中的 {info.filename} 不是 UTF-8 编码的 XML，拒绝读取"))
                window = tail + chunk
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    raise GaoziError(Problem(name, None, "", f".xlsx 文件中的 {info.filename} 含有不允许的 DTD 声明"
                                                             "（可能是恶意文件），拒绝读取"))
                tail = chunk[-16:]
                if keep:
                    chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise GaoziError(Problem(name, None, "", f"无法读取 .xlsx 文件（{info.filename} 已损坏）：{_why(exc)}")) from None
    return b"".join(chunks) if keep else None


def _sheet_part(read_part, name: str, sheet: str | None, fail) -> tuple[str, str]:
    """(part path, sheet name) of the chosen worksheet (the first when `sheet` is None)."""
    import posixpath
    import xml.etree.ElementTree as ET

    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    def parse(part: str):
        data = read_part(part)
        if data is None:
            return None
        try:
            return ET.fromstring(data)
        except ET.ParseError as exc:
            raise fail(f"无法读取 .xlsx 文件：{part} 不是有效的 XML（{_why(exc)}）") from None

    root_rels = parse("_rels/.rels")
    book = "xl/workbook.xml"
    if root_rels is not None:
        for rel in root_rels:
            if rel.get("Type", "").endswith("/officeDocument"):
                book = rel.get("Target", book).lstrip("/")
    wb = parse(book)
    if wb is None:
        raise fail("无法读取 .xlsx 文件：压缩包里没有工作簿（不是 Excel 文件）")
    folder = posixpath.dirname(book)
    rels = parse(posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels"))
    targets = {}
    for rel in (rels if rels is not None else []):
        if rel.get("Type", "").endswith("/worksheet"):
            t = rel.get("Target", "")
            targets[rel.get("Id")] = t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join(folder, t))
    sheets = []
    for el in wb.iter():
        if el.tag.endswith("}sheet") and el.get(f"{{{rel_ns}}}id") in targets:
            sheets.append((targets[el.get(f"{{{rel_ns}}}id")], el.get("name", "")))
    if not sheets:
        raise fail("无法读取 .xlsx 文件：工作簿里没有工作表")
    if sheet is None:
        return sheets[0]
    for part, title in sheets:
        if title == sheet:
            return part, title
    raise fail(f"没有名为“{sheet}”的工作表（有：{'、'.join(t for _p, t in sheets)}）")


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
