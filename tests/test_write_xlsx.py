"""The Excel ledger: the standard sheet (title, frozen bold header, widths, wrap, drop-down, 已逾期 in words,
landscape A4 with the header repeated), the same bytes every time, read back to the same ledger, opened
by LibreOffice Calc; `gaozi ledger … -o 台账.xlsx` writes it together with --csv or not at all."""
from __future__ import annotations

import datetime as _dt
import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_gaozi
from generator import api
from generator.io import datafiles
from generator.model import ledger as _ledger
from generator.write import xlsx

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "outlines" / "ledger-qiyun.yaml"
AS_OF = _dt.date(2025, 9, 1)


@pytest.fixture(scope="module")
def shipped():
    return api.load_ledger(str(LEDGER))


@pytest.fixture(scope="module")
def sheet(shipped, tmp_path_factory):
    p = tmp_path_factory.mktemp("x") / "台账.xlsx"
    p.write_bytes(xlsx.render(shipped, title="栖云镇整改台账", as_of=AS_OF))
    return p


def _same(a: _ledger.Ledger, b: _ledger.Ledger) -> None:
    assert [r.as_dict() for r in a.rows] == [r.as_dict() for r in b.rows]


def test_the_standard_sheet(sheet, shipped):
    ws = openpyxl.load_workbook(sheet).active
    header = [c.value for c in ws[2]]
    assert header[:3] == ["序号", "问题类别", "问题"] and xlsx.OVERDUE_COLUMN in header
    assert ws["A1"].value == "栖云镇整改台账（截至2025年9月1日）" and "A1:" in str(ws.merged_cells.ranges)
    assert all(c.font.b for c in ws[2]) and ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$2:$2" and ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.auto_filter.ref == f"A2:{openpyxl.utils.get_column_letter(len(header))}{2 + len(shipped.rows)}"
    dv = ws.data_validations.dataValidation
    status = openpyxl.utils.get_column_letter(header.index("整改状态") + 1)
    assert len(dv) == 1 and dv[0].type == "list" and dv[0].formula1 == '"未启动,推进中,已完成"'
    assert str(dv[0].sqref).startswith(f"{status}3:{status}")
    widths = {h: ws.column_dimensions[openpyxl.utils.get_column_letter(j)].width for j, h in enumerate(header, 1)}
    assert widths["问题"] > widths["责任领导"] >= xlsx.display_width("责任领导") + 2
    assert all(ws.cell(3, j).alignment.wrap_text for j in range(1, len(header) + 1))
    deadline = ws.cell(3, header.index("完成时限") + 1)
    assert isinstance(deadline.value, _dt.datetime) and deadline.number_format == xlsx.DATE_FORMAT


def test_overdue_rows_say_so_in_words(sheet, shipped):
    ws = openpyxl.load_workbook(sheet).active
    header = [c.value for c in ws[2]]
    j = header.index(xlsx.OVERDUE_COLUMN) + 1
    marks = [ws.cell(i, j).value or "" for i in range(3, 3 + len(shipped.rows))]
    want = [xlsx.OVERDUE if (r.deadline and r.status != "已完成" and r.deadline < AS_OF) else "" for r in shipped.rows]
    assert marks == want and want.count(xlsx.OVERDUE) >= 1
    assert not any(xlsx.is_overdue(r, None) for r in shipped.rows)


def test_same_ledger_same_bytes(shipped):
    a = xlsx.render(shipped, as_of=AS_OF)
    assert a == xlsx.render(shipped, as_of=AS_OF)
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"1980-01-01T00:00:00Z" in z.read("docProps/core.xml")


def test_reads_back_to_the_same_ledger(sheet, shipped):
    _same(api.load_ledger(str(sheet)), shipped)


def test_text_that_looks_like_a_formula_stays_text(tmp_path, shipped):
    row = shipped.rows[0]
    evil = _ledger.LedgerRow(1, "=HYPERLINK(\"http://x\")", "+1+2", "@SUM(A1)", "-县财政局", row.deadline,
                             row.deadline_text, "推进中", None, extra={"备注": "=1+1\x07"})
    data = xlsx.render(_ledger.Ledger("x", [evil], []))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")
    p = tmp_path / "e.xlsx"
    p.write_bytes(data)
    back = api.load_ledger(str(p)).rows[0]
    assert (back.problem, back.measures, back.leader, back.unit) == ("=HYPERLINK(\"http://x\")", "+1+2", "@SUM(A1)", "-县财政局")
    assert back.extra == {"备注": "=1+1"}  # the bell character Excel cannot store is dropped


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30).map(str.strip) \
    .filter(bool)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_TEXT, _TEXT, _TEXT, _TEXT, st.sampled_from(_ledger.STATUSES),
                          st.one_of(st.dates(_dt.date(2025, 1, 1), _dt.date(2030, 12, 31)), st.sampled_from(_ledger.DEADLINE_WORDS))),
                min_size=1, max_size=6))
def test_round_trip_property(tmp_path_factory, rows):
    made = []
    for i, (problem, measures, leader, unit, status, deadline) in enumerate(rows, 1):
        date = deadline if isinstance(deadline, _dt.date) else None
        closed = _dt.date(2031, 1, 1) if status == "已完成" else None
        made.append(_ledger.LedgerRow(i, problem, measures, leader, unit, date,
                                      datafiles.cn_date(date) if date else deadline, status, closed))
    led = _ledger.Ledger("p", made, [])
    p = tmp_path_factory.mktemp("p") / "p.xlsx"
    p.write_bytes(xlsx.render(led, as_of=AS_OF))
    _same(api.load_ledger(str(p)), led)


def test_cli_writes_xlsx_and_reads_it_back(tmp_path):
    out = tmp_path / "台账.xlsx"
    r = run_gaozi("ledger", LEDGER, "-o", out, "--as-of", "2025-09-01", "--unit", "栖云镇", "-q")
    assert r.returncode == 0, r.stderr.decode()
    assert openpyxl.load_workbook(out).active["A1"].value == "栖云镇整改台账（截至2025年9月1日）"
    again = run_gaozi("ledger", out, "--csv", "-")
    first = run_gaozi("ledger", LEDGER, "--csv", "-")
    assert again.returncode == 0 and again.stdout == first.stdout  # the same ledger, as CSV
    bad = run_gaozi("ledger", LEDGER, "-o", tmp_path / "b.xlsx", "--as-of", "2025-02-30")
    assert bad.returncode == 2 and "--as-of" in bad.stderr.decode() and not (tmp_path / "b.xlsx").exists()


def test_outputs_are_written_together_or_not_at_all(tmp_path):
    (tmp_path / "台账.xlsx").write_bytes(b"old")
    r = run_gaozi("ledger", LEDGER, "--csv", tmp_path / "台账.csv", "-o", tmp_path / "台账.xlsx", "-q")
    assert r.returncode == 2 and "已存在" in r.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["台账.xlsx"]  # no CSV, no temp file
    assert (tmp_path / "台账.xlsx").read_bytes() == b"old"
    same = run_gaozi("ledger", LEDGER, "--csv", tmp_path / "x.csv", "-o", tmp_path / "x.csv", "-q")
    assert same.returncode == 2 and not (tmp_path / "x.csv").exists()
    ok = run_gaozi("ledger", LEDGER, "--csv", tmp_path / "台账.csv", "-o", tmp_path / "台账.xlsx", "-q", "--force")
    assert ok.returncode == 0 and (tmp_path / "台账.csv").exists() and (tmp_path / "台账.xlsx").read_bytes()[:2] == b"PK"


def test_libreoffice_calc_opens_it_with_drop_down_repeated_header_and_landscape(sheet):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    from generator.errors import GaoziError
    from generator.io import office

    try:
        ods = office.convert_one(sheet.read_bytes(), "xlsx", "ods", component="calc")
    except GaoziError as exc:
        pytest.skip(f"LibreOffice Calc is not installed: {exc}")  # Writer alone cannot open a workbook
    with zipfile.ZipFile(io.BytesIO(ods)) as z:
        content, styles = (z.read(n).decode() for n in ("content.xml", "styles.xml"))
    assert "table:content-validation" in content and "未启动" in content and "已逾期" in content
    assert "<table:table-header-rows>" in content  # the header row repeated on every printed page
    # (A headless LibreOffice keeps no view settings, so the frozen pane is checked in the package above.)
    assert 'style:print-orientation="landscape"' in styles
