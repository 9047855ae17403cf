"""Data files for batches and ledgers: CSV in the encodings Excel writes, YAML lists, .xlsx; row numbers
as the user sees them; dates checked for being real."""
from __future__ import annotations

import datetime as dt
import sys

from pathlib import Path

import pytest

from generator.io import datafiles
from generator.errors import GaoziError

HEADER = "单位,负责人,问题数,反馈日期\n"
BODY = "东坪村,何建平,5,2025-06-01\n石门村,吴秀兰,3,2025/6/2\n"


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""),
                                          ("gb18030", b"")])
def test_csv_in_every_encoding_excel_writes_reads_the_same(tmp_path, encoding, bom):
    p = tmp_path / "d.csv"
    p.write_bytes(bom + (HEADER + BODY).encode(encoding))
    t = datafiles.read(p)
    assert t.columns == ["单位", "负责人", "问题数", "反馈日期"]
    assert [r.values["单位"] for r in t.rows] == ["东坪村", "石门村"]
    assert [r.number for r in t.rows] == [2, 3]  # header is row 1, as in Excel


def test_row_numbers_count_blank_lines_and_a_quoted_line_break_is_one_row(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text('a,b\n1,"两行\n内容"\n\n3,x\n', encoding="utf-8")
    t = datafiles.read(p)
    assert [(r.number, r.values["a"]) for r in t.rows] == [(2, "1"), (4, "3")]
    assert t.rows[0].values["b"] == "两行\n内容"


def test_crlf_and_trailing_blank_cells(tmp_path):
    p = tmp_path / "d.csv"
    p.write_bytes("a,b,,\r\n1,2,,\r\n".encode("utf-8"))
    t = datafiles.read(p)
    assert t.columns == ["a", "b"] and t.rows[0].values == {"a": "1", "b": "2"} and not t.rows[0].extra


def test_extra_cells_beyond_the_header_are_kept_for_reporting(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("a,b\n1,2,多余\n", encoding="utf-8")
    assert datafiles.read(p).rows[0].extra == ["多余"]


def test_a_title_row_above_the_header_is_skipped_with_a_hint(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("某镇整改台账,,\n序号,问题,整改状态\n1,问题一,推进中\n", encoding="utf-8")
    t = datafiles.read(p, header_hint=("问题", "序号"))
    assert t.columns == ["序号", "问题", "整改状态"] and t.header_row == 2 and t.rows[0].number == 3


def test_utf16_tab_separated_unicode_text_export(tmp_path):
    p = tmp_path / "d.txt"
    p.write_bytes("单位\t负责人\r\n东坪村\t何建平\r\n".encode("utf-16"))
    t = datafiles.read(p)
    assert t.columns == ["单位", "负责人"] and t.rows[0].values["负责人"] == "何建平"


def test_header_problems_are_reported_at_once(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("a,,a\n1,2,3\n", encoding="utf-8")
    with pytest.raises(GaoziError) as e:
        datafiles.read(p)
    msgs = [str(x) for x in e.value.problems]
    assert len(msgs) == 2 and any("列名是空的" in m for m in msgs) and any("重复" in m for m in msgs)


def test_unsupported_files(tmp_path):
    for name, want in (("d.xls", "另存为"), ("d.json", "无法识别"), ("none.csv", "不存在")):
        p = tmp_path / name
        if name != "none.csv":
            p.write_bytes(b"x")
        with pytest.raises(GaoziError) as e:
            datafiles.read(p)
        assert want in str(e.value)
    (tmp_path / "empty.csv").write_text("\n\n", encoding="utf-8")
    with pytest.raises(GaoziError):
        datafiles.read(tmp_path / "empty.csv")


def test_yaml_list_rows_carry_their_lines(tmp_path):
    p = tmp_path / "d.yaml"
    p.write_text("# 注释\n- 单位: 东坪村\n  负责人: 何建平\n- 单位: 石门村\n  日期: 2025-06-01\n", encoding="utf-8")
    t = datafiles.read(p)
    assert t.columns == ["单位", "负责人", "日期"]
    assert [r.number for r in t.rows] == [2, 4]
    assert t.rows[1].values["日期"] == dt.date(2025, 6, 1)


def test_yaml_mapping_with_a_key_and_bad_items(tmp_path):
    p = tmp_path / "d.yaml"
    p.write_text("ledger:\n  - {问题: 一}\n  - 只是文字\n", encoding="utf-8")
    with pytest.raises(GaoziError) as e:
        datafiles.read(p, key="ledger")
    assert ":3:" in str(e.value) and "映射" in str(e.value)
    p.write_text("title: x\n", encoding="utf-8")
    with pytest.raises(GaoziError):
        datafiles.read(p, key="ledger")


def _xlsx(path, rows, merge=None):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)


def test_xlsx_values_dates_numbers_and_merged_cells(tmp_path):
    p = tmp_path / "d.xlsx"
    _xlsx(p, [["XX镇台账", None, None], ["类别", "问题", "时限"],
              ["财务", "问题一", dt.datetime(2025, 6, 30)], [None, "问题二", 3.0]], merge="A3:A4")
    t = datafiles.read(p, header_hint=("问题",))
    assert t.columns == ["类别", "问题", "时限"] and t.header_row == 2
    assert [r.number for r in t.rows] == [3, 4]
    assert t.rows[0].values["时限"] == dt.date(2025, 6, 30)
    assert t.rows[1].values == {"类别": "财务", "问题": "问题二", "时限": 3}  # merged cell filled, 3.0 → 3


def test_xlsx_sheet_choice(tmp_path):
    p = tmp_path / "d.xlsx"
    _xlsx(p, [["a"], ["1"]])
    assert datafiles.read(p, sheet="Sheet").rows[0].values == {"a": "1"}
    with pytest.raises(GaoziError) as e:
        datafiles.read(p, sheet="没有")
    assert "工作表" in str(e.value)


def test_xlsx_without_openpyxl_says_how_to_get_it(tmp_path, monkeypatch):
    p = tmp_path / "d.xlsx"
    p.write_bytes(b"PK")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(GaoziError) as e:
        datafiles.read(p)
    assert "openpyxl" in str(e.value) and "CSV" in str(e.value)


def test_broken_xlsx(tmp_path):
    pytest.importorskip("openpyxl")
    p = tmp_path / "d.xlsx"
    p.write_bytes(b"not a zip")
    with pytest.raises(GaoziError) as e:
        datafiles.read(p)
    assert "xlsx" in str(e.value)


def test_open_rows_is_lazy_and_checks_the_header_first(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("a\n" + "".join(f"{i}\n" for i in range(1000)), encoding="utf-8")
    t = datafiles.open_rows(p)
    assert t.columns == ["a"] and not isinstance(t.rows, list)
    assert next(iter(t.rows)).number == 2
    assert datafiles.count_rows(p) == 1000


@pytest.mark.parametrize("value,want", [
    ("2025-03-18", dt.date(2025, 3, 18)), ("2025/3/8", dt.date(2025, 3, 8)), ("2025.03.08", dt.date(2025, 3, 8)),
    ("2025年3月18日", dt.date(2025, 3, 18)), (" 2025 年 3 月 18 日 ", dt.date(2025, 3, 18)),
    ("2025-03-18 09:30", dt.date(2025, 3, 18)), (dt.datetime(2025, 1, 2, 8), dt.date(2025, 1, 2)), ("", None),
])
def test_dates(value, want):
    assert datafiles.parse_date(value) == want


@pytest.mark.parametrize("value,reason", [("2025年2月30日", "没有30日"), ("2025-13-01", "没有13月"),
                                          ("2024-02-30", "不是真实的日期"), ("下周", "不是日期")])
def test_impossible_and_non_dates_say_why(value, reason):
    got = datafiles.parse_date(value)
    assert isinstance(got, str) and reason in got


def test_leap_day_is_real():
    assert datafiles.parse_date("2024年2月29日") == dt.date(2024, 2, 29)
    assert datafiles.looks_like_date("2025年2月30日") and not datafiles.looks_like_date("第2025号")


# ------------------------------------------------------------------------ xlsx hardening (#12.12, 16, 19)
CORPUS = Path(__file__).parent / "fixtures" / "badinput"


def test_formulas_without_a_saved_result_are_reported_per_row(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    p = tmp_path / "f.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["问题", "金额", "合计"])
    ws.append(["一", 1, 2])
    ws.append(["二", "=B2*2", "=SUM(B2:B3)"])
    ws.append(["三", 3, 4])
    ws.append(["四", "=B4+1", 5])
    wb.save(p)  # openpyxl stores formulas without their result
    with pytest.raises(GaoziError) as e:
        datafiles.read(p)
    got = [(x.line, x.message) for x in e.value.problems]
    assert [line for line, _m in got] == [3, 5]
    assert "B3、C3" in got[0][1] and "没有保存计算结果" in got[0][1] and "B5" in got[1][1]


def test_formulas_with_a_cached_result_are_read(tmp_path):
    sheet = ('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
             '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row>'
             '<row r="3"><c r="A3" t="str"><f>""</f><v></v></c><c r="B3" t="inlineStr"><is><t>x</t></is></c></row>')
    p = tmp_path / "c.xlsx"
    p.write_bytes(_package(sheet))
    t = datafiles.read(p)
    assert [r.values["a"] for r in t.rows] == [2, ""]


def _package(rows: str, after: str = "") -> bytes:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_xlsx", CORPUS / "make_xlsx.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.package(mod.sheet(rows, after))


def test_merged_ranges_fill_down_in_streaming_mode(tmp_path):
    rows = ('<row r="1"><c r="A1" t="inlineStr"><is><t>类别</t></is></c><c r="B1" t="inlineStr"><is><t>问题</t></is></c></row>'
            + "".join(f'<row r="{r}">' + (f'<c r="A{r}" t="inlineStr"><is><t>财务</t></is></c>' if r == 2 else "")
                      + f'<c r="B{r}" t="inlineStr"><is><t>问题{r}</t></is></c></row>' for r in range(2, 6)))
    p = tmp_path / "m.xlsx"
    p.write_bytes(_package(rows, '<mergeCells count="1"><mergeCell ref="A2:A5"/></mergeCells>'))
    assert [r.values["类别"] for r in datafiles.read(p).rows] == ["财务"] * 4


@pytest.mark.parametrize("name, needle", [
    ("xlsx-merged-bomb.xlsx", "合并单元格过大"), ("xlsx-zip-bomb.xlsx", "压缩炸弹"),
    ("xlsx-billion-laughs.xlsx", "DTD"), ("xlsx-xxe.xlsx", "DTD"), ("xlsx-utf16-dtd.xlsx", "UTF-8"),
    ("xlsx-broken-sheet.xlsx", "第1行第"), ("xlsx-truncated.xlsx", "zip"),
])
def test_hostile_workbooks_are_refused_before_openpyxl_reads_them(name, needle, monkeypatch):
    import time

    import openpyxl

    def never(*a, **k):
        raise AssertionError("openpyxl was given a hostile workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    t = time.monotonic()
    with pytest.raises(GaoziError) as e:
        datafiles.read(CORPUS / name)
    assert time.monotonic() - t < 2
    assert needle in str(e.value) and str(e.value).startswith(str(CORPUS / name))


def test_a_far_cell_does_not_make_the_sheet_huge():
    import time

    t = time.monotonic()
    table = datafiles.read(CORPUS / "xlsx-huge-dimension.xlsx")
    assert time.monotonic() - t < 5
    assert table.columns == ["问题"] and [r.number for r in table.rows] == [2, 1048576]
    assert table.rows[1].extra == ["远"]  # the stray cell is kept for reporting, not a 16,384-cell row


def test_too_many_cells_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(datafiles, "XLSX_MAX_CELLS", 10)
    rows = "".join(f'<row r="{r}"><c r="C{r}"><v>{r}</v></c></row>' for r in range(1, 6))
    p = tmp_path / "big.xlsx"
    p.write_bytes(_package(rows))
    with pytest.raises(GaoziError) as e:
        datafiles.read(p)
    assert "过大" in str(e.value)
