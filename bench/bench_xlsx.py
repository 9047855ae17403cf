"""The Excel ledger: gaozi's openpyxl writer against the same sheet written with XlsxWriter, and reading it
back; the CSV export of the same ledger is the anchor measured in the same run. Prints to stdout.

    python bench/bench_xlsx.py            # 15 (the shipped ledger), 500 and 5,000 rows
"""
from __future__ import annotations

import datetime as _dt
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from timing import median_ms  # noqa: E402
from generator import api  # noqa: E402
from generator.model import ledger as _ledger  # noqa: E402
from generator.write import xlsx  # noqa: E402

AS_OF = _dt.date(2025, 9, 1)




def grown(led: _ledger.Ledger, n: int) -> _ledger.Ledger:
    rows = []
    for i in range(n):
        r = led.rows[i % len(led.rows)]
        rows.append(_ledger.LedgerRow(i + 1, r.problem, r.measures, r.leader, r.unit, r.deadline, r.deadline_text,
                                      r.status, r.closed, r.category, r.progress, i + 3, dict(r.extra)))
    return _ledger.Ledger(led.file, rows, led.categories, led.feedback_date)


def with_xlsxwriter(led: _ledger.Ledger) -> bytes:
    """The same sheet (title, frozen bold header, widths, wrap, drop-down, dates, print setup) in XlsxWriter."""
    import xlsxwriter

    cols, extra = xlsx.columns(led)
    header = cols + [xlsx.OVERDUE_COLUMN] + extra
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("整改台账")
    base = {"font_name": xlsx.FONT, "font_size": 11, "text_wrap": True, "valign": "vcenter", "border": 1}
    f_text = wb.add_format(base)
    f_centre = wb.add_format({**base, "align": "center"})
    f_date = wb.add_format({**base, "align": "center", "num_format": xlsx.DATE_FORMAT})
    f_head = wb.add_format({**base, "bold": True, "align": "center"})
    ws.merge_range(0, 0, 0, len(header) - 1, "整改台账", wb.add_format({"font_name": xlsx.FONT, "font_size": 16,
                                                                       "bold": True, "align": "center"}))
    ws.write_row(1, 0, header, f_head)
    for i, r in enumerate(led.rows, 2):
        for j, v in enumerate(xlsx._cells(r, cols, extra, AS_OF)):
            if isinstance(v, _dt.date):
                ws.write_datetime(i, j, _dt.datetime.combine(v, _dt.time()), f_date)
            elif isinstance(v, int):
                ws.write_number(i, j, v, f_centre)
            else:
                ws.write_string(i, j, v, f_text)
    for j, name in enumerate(header):
        ws.set_column(j, j, 14 if name not in ("问题", "整改措施") else 40)
    col = cols.index("整改状态")
    ws.data_validation(2, col, len(led.rows) + 201, col, {"validate": "list", "source": list(_ledger.STATUSES)})
    ws.freeze_panes(2, 0)
    ws.repeat_rows(1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    wb.close()
    return buf.getvalue()


def main() -> None:
    led = api.load_ledger(str(ROOT / "outlines" / "ledger-qiyun.yaml"))
    try:
        import xlsxwriter  # noqa: F401
        have_xw = True
    except ImportError:
        have_xw = False
    print(f"{'rows':>6} {'csv (anchor)':>13} {'openpyxl':>10} {'XlsxWriter':>11} {'read back':>10}  (median ms)")
    for n in (len(led.rows), 500, 5000):
        big = grown(led, n)
        runs = 15 if n < 1000 else 3
        csv_ms = median_ms(lambda: _ledger.to_csv(big), runs)
        opx_ms = median_ms(lambda: xlsx.render(big, title="整改台账", as_of=AS_OF), runs)
        xw_ms = median_ms(lambda: with_xlsxwriter(big), runs) if have_xw else float("nan")
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / "台账.xlsx"
            p.write_bytes(xlsx.render(big, title="整改台账", as_of=AS_OF))
            read_ms = median_ms(lambda: api.load_ledger(str(p)), max(1, runs // 3))
        print(f"{n:>6} {csv_ms:>13.1f} {opx_ms:>10.1f} {xw_ms:>11.1f} {read_ms:>10.1f}")
    if not have_xw:
        print("XlsxWriter is not installed: pip install XlsxWriter to compare")


if __name__ == "__main__":
    main()
