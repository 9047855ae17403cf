"""Excel writer: the rectification ledger (整改台账) as the sheet offices re-issue every 半月调度.

One worksheet: the title on row 1 (merged across the table), the header on row 2 (bold, frozen, repeated
on every printed page, with a filter), one row per problem with wrapped text and column widths from the
content, 整改状态 as a drop-down, dates as real dates (Excel sorts and filters them) printed 2025年6月30日,
and a 逾期情况 column that says 已逾期 in words (the red is only a second signal) for an open problem whose
deadline is before the statistics date. Printed landscape on A4, one page wide, page numbers in the footer.

Written with openpyxl, which gaozi already needs to read .xlsx (bench/bench_xlsx.py: XlsxWriter is faster
per row, but a ledger of a few hundred rows takes milliseconds either way). Reading the sheet back with
`gaozi ledger` gives the same ledger: the title row is skipped by the header search and 逾期情况 is derived.
The bytes are deterministic: the zip members get a fixed time and the workbook fixed property dates.
"""
from __future__ import annotations

import datetime as _dt
import io
import math
import re
import unicodedata
import zipfile
from copy import copy

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from generator.io import datafiles
from generator.model import ledger as _ledger

OVERDUE_COLUMN = _ledger.OVERDUE_COLUMN
OVERDUE = "已逾期"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
FONT = "宋体"
_FIXED = _dt.datetime(1980, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Column widths in Excel units (about one Latin character; a Chinese character takes two): the widest
# cell decides, within these bounds, and text wraps inside.
_MAX_WIDTH = {"问题": 40, "整改措施": 44, "整改进展": 36, "超期原因": 30, "责任单位": 20, "问题类别": 16}
_MIN_WIDTH = 6
_DEFAULT_MAX = 16
_CENTRED = {"序号", "完成时限", "整改状态", "销号日期", OVERDUE_COLUMN}
_LINE_PT = 14.4  # points per wrapped line of 11-point text
_EXTRA_VALIDATION_ROWS = 200  # rows below the table that get the drop-down too, for problems added by hand


def display_width(text: str) -> int:
    """Width in Excel units: 2 for a wide (CJK) character, 1 for others."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_overdue(row: _ledger.LedgerRow, as_of: _dt.date | None) -> bool:
    return bool(as_of and row.deadline and row.status != _ledger.DONE and row.deadline < as_of)


def columns(led: _ledger.Ledger) -> tuple[list[str], list[str]]:
    """(standard columns present, extra columns) in table order: the same columns as the CSV export."""
    return _ledger.columns(led)


def _cells(r: _ledger.LedgerRow, cols: list[str], extra: list[str], as_of) -> list:
    d = {"序号": r.no, "问题类别": r.category, "问题": r.problem, "整改措施": r.measures, "责任领导": r.leader,
         "责任单位": r.unit, "完成时限": r.deadline or r.deadline_text, "整改状态": r.status,
         "销号日期": r.closed or "", "整改进展": r.progress, "超期原因": r.reason}
    return ([d[c] for c in cols] + [OVERDUE if is_overdue(r, as_of) else ""] + [r.extra.get(k, "") for k in extra])


def _text(v) -> str:
    if isinstance(v, _dt.date):
        return datafiles.cn_date(v)
    return str(v)


def render(led: _ledger.Ledger, *, title: str = "", as_of: _dt.date | None = None) -> bytes:
    """The ledger as .xlsx bytes. `as_of`: the statistics date that decides 已逾期 (None: no row is)."""
    cols, extra = columns(led)
    header = cols + [OVERDUE_COLUMN] + extra
    body = [_cells(r, cols, extra, as_of) for r in led.rows]
    title = title or "整改台账"
    if as_of:
        title_line = f"{title}（截至{datafiles.cn_date(as_of)}）"
    else:
        title_line = title

    wb = Workbook()
    ws = wb.active
    ws.title = "整改台账"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name=FONT, size=11)
    bold = Font(name=FONT, size=11, bold=True)
    red = Font(name=FONT, size=11, bold=True, color="C00000")
    mark = PatternFill("solid", fgColor="FCE4E4")
    wrap_left = Alignment(wrap_text=True, vertical="center", horizontal="left")
    wrap_centre = Alignment(wrap_text=True, vertical="center", horizontal="center")

    n_cols = len(header)
    last = get_column_letter(n_cols)
    ws.cell(1, 1, _clean(title_line, ILLEGAL_CHARACTERS_RE)).font = Font(name=FONT, size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    if n_cols > 1:
        ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 30

    cell_w = [[display_width(_text(v)) for v in row] for row in body]  # each cell's text width, once
    widths = []
    for j, name in enumerate(header):
        want = max([display_width(name)] + [w[j] for w in cell_w]) + 2
        widths.append(max(_MIN_WIDTH, display_width(name) + 2, min(want, _MAX_WIDTH.get(name, _DEFAULT_MAX))))
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = w

    for j, name in enumerate(header, 1):
        c = ws.cell(2, j, name)
        c.font, c.alignment, c.border = bold, wrap_centre, border
    ws.row_dimensions[2].height = 2 * _LINE_PT if any(display_width(h) + 2 > w for h, w in zip(header, widths)) \
        else _LINE_PT + 6

    overdue_j = len(cols)  # 0-based index of 逾期情况
    # Setting font, alignment, border and fill on a cell costs openpyxl ~0.3 ms (it hashes every style
    # object); each combination is set once on a scratch cell and its style array copied to the others.
    looks: dict[tuple, object] = {}

    def look(name: str, late: bool, is_date: bool):
        key = (name in _CENTRED, late, late and name == OVERDUE_COLUMN, is_date)
        if key not in looks:
            proto = ws.cell(1, n_cols + 2)
            proto.font = red if key[2] else font
            proto.alignment = wrap_centre if key[0] else wrap_left
            proto.border = border
            if late:
                proto.fill = mark
            if is_date:
                proto.number_format = DATE_FORMAT
            looks[key] = copy(proto._style)
            del ws._cells[(1, n_cols + 2)]
        return copy(looks[key])

    for i, row in enumerate(body, 3):
        lines = 1
        late = row[overdue_j] == OVERDUE
        for j, (name, value) in enumerate(zip(header, row), 1):
            if isinstance(value, str):
                value = _clean(value, ILLEGAL_CHARACTERS_RE)
            c = ws.cell(i, j, value)
            if isinstance(value, str):
                c.data_type = "s"  # text stays text: a cell that starts with = + - @ never becomes a formula
            c._style = look(name, late, isinstance(value, _dt.date))
            lines = max(lines, math.ceil(cell_w[i - 3][j - 1] / max(1, widths[j - 1] - 1)))
        ws.row_dimensions[i].height = round(lines * _LINE_PT + 4, 1)

    end = 2 + len(body)
    status_col = get_column_letter(cols.index("整改状态") + 1)
    dv = DataValidation(type="list", formula1='"' + ",".join(_ledger.STATUSES) + '"', allow_blank=True,
                        showDropDown=False, showErrorMessage=True, showInputMessage=True,
                        errorTitle="整改状态", error="请从下拉列表中选择：" + "、".join(_ledger.STATUSES),
                        promptTitle="整改状态", prompt="、".join(_ledger.STATUSES))
    dv.add(f"{status_col}3:{status_col}{end + _EXTRA_VALIDATION_ROWS}")
    ws.add_data_validation(dv)

    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{last}{end}"
    ws.print_title_rows = "2:2"
    ws.print_options.horizontalCentered = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

    wb.properties.creator = "gaozi"
    wb.properties.title = title
    wb.properties.created = wb.properties.modified = _FIXED
    buf = io.BytesIO()
    wb.save(buf)
    return _stable_zip(buf.getvalue())


def _clean(text: str, illegal) -> str:
    """Control characters Excel cannot store are dropped; a cell holds at most 32,767 characters."""
    return illegal.sub("", text)[:32767]


def _stable_zip(data: bytes) -> bytes:
    """The same package with fixed member times (openpyxl stamps the time of saving)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "docProps/core.xml":
                part = _fixed_dates(part)
            z = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            z.compress_type = zipfile.ZIP_DEFLATED
            z.external_attr = 0o600 << 16
            dst.writestr(z, part)
    return out.getvalue()


def _fixed_dates(core: bytes) -> bytes:
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>1980-01-01T00:00:00Z", core)
