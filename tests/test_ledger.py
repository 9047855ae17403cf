"""The rectification ledger: validation (every problem at once, FILE:ROW: column: message), totals,
CSV for Excel, the landscape .docx table, and the plan and progress report whose counts come from it."""
from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path

import pytest

from conftest import run_gaozi, write
from generator import api
from generator.render import blocks
from generator.io import datafiles
from generator.model import ledger
from generator.errors import GaoziError
from generator.model.tree import Table

CATEGORIES = ["落实上级部署", "资金资产管理", "基层组织建设", "作风建设"]
FACTS = """inspection:
  type: 巡察
  feedback_date: 2025-04-10
team: {name: 平川县委第一巡察组, short: 县委第一巡察组}
target: {name: 松溪乡党委, place: 松溪乡}
findings:
""" + "".join(f"  - category: {c}\n    problems: [示例问题]\n" for c in CATEGORIES)
COLUMNS = ["序号", "问题类别", "问题", "整改措施", "责任领导", "责任单位", "完成时限", "整改状态", "销号日期"]
UNITS = ["乡党政办", "乡财政所", "乡农业站", "乡城建办", "乡纪委", "乡社会事务办"]
LEADERS = ["赵志远", "钱雅琴", "孙卫国", "李晓梅"]
SUBJECTS = ["会议记录", "报销凭证", "合同台账", "项目验收", "补贴公示", "学习计划", "值班制度", "档案资料"]
FAULTS = ["不规范", "不完整", "更新不及时", "执行不到位", "流于形式"]


def make_rows(n: int = 50, seed: int = 7) -> list[list[str]]:
    """Invented ledger rows: statuses spread over the three values, dates after the feedback date."""
    rnd = random.Random(seed)
    rows = []
    for i in range(1, n + 1):
        status = ["已完成", "推进中", "未启动"][i % 3 if i % 5 else 0]
        deadline = dt.date(2025, 5, 1) + dt.timedelta(days=rnd.randrange(0, 200))
        closed = (dt.date(2025, 4, 15) + dt.timedelta(days=rnd.randrange(0, 60))) if status == "已完成" else None
        subject = SUBJECTS[i % len(SUBJECTS)]
        units = UNITS[i % len(UNITS)] + ("、" + UNITS[(i + 1) % len(UNITS)] if i % 4 == 0 else "")
        rows.append([str(i), CATEGORIES[i % len(CATEGORIES)], f"第{i}项：{subject}{FAULTS[i % len(FAULTS)]}。",
                     f"对{subject}逐项清理，建立长效制度（{i}）。", LEADERS[i % len(LEADERS)], units,
                     "长期坚持" if i % 11 == 0 else f"{deadline.year}年{deadline.month}月{deadline.day}日", status,
                     f"{closed:%Y-%m-%d}" if closed else ""])
    return rows


def csv_bytes(rows, encoding="gbk", header=COLUMNS) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


@pytest.fixture
def case(tmp_path):
    rows = make_rows()
    (tmp_path / "台账.csv").write_bytes(csv_bytes(rows))
    write(tmp_path / "facts.yaml", FACTS)
    return tmp_path, rows


def expected(rows):
    done = sum(r[7] == "已完成" for r in rows)
    doing = sum(r[7] == "推进中" for r in rows)
    return len(rows), done, doing, len(rows) - done - doing


# ---------------------------------------------------------------------------------------- reading


def test_gbk_csv_validates_and_totals_agree_with_rows(case):
    tmp, rows = case
    led = api.load_ledger(str(tmp / "台账.csv"), facts_path=str(tmp / "facts.yaml"))
    total, done, doing, todo = expected(rows)
    t = ledger.totals(led)
    assert (t["total"], t["done"], t["doing"], t["todo"]) == (total, done, doing, todo)
    assert t["rate"] == ledger.percent(done, total)
    assert [c["name"] for c in t["by_category"]] == CATEGORIES  # facts order
    for c in t["by_category"]:
        assert c["total"] == sum(r[1] == c["name"] for r in rows)
        assert c["done"] == sum(r[1] == c["name"] and r[7] == "已完成" for r in rows)
    by_unit = {u["name"]: u["total"] for u in t["by_unit"]}
    for u in UNITS:  # a row shared by two units counts for both
        assert by_unit[u] == sum(u in r[5].split("、") for r in rows)
    assert led.feedback_date == dt.date(2025, 4, 10)


def test_percent_rule():
    assert [ledger.percent(a, b) for a, b in ((0, 0), (1, 3), (2, 3), (1, 2), (3, 3), (1, 8))] == \
        ["0%", "33.3%", "66.7%", "50%", "100%", "12.5%"]


def test_every_problem_is_reported_at_once_as_file_row_column(tmp_path):
    rows = make_rows(6)
    rows[0][6] = "2025年2月30日"  # impossible deadline            (row 2)
    rows[1][7] = "进行中"  # not a status                        (row 3)
    rows[2][6] = "2025-03-01"  # before the feedback date          (row 4)
    rows[3][7], rows[3][8] = "推进中", "2025-05-01"  # closed but not done (row 5)
    rows[4][7], rows[4][8] = "已完成", ""  # done without closing date      (row 6)
    rows[5][1], rows[5][4] = "纪律建设", ""  # unknown category, empty leader (row 7)
    p = tmp_path / "bad.csv"
    p.write_bytes(csv_bytes(rows, "utf-8"))
    with pytest.raises(GaoziError) as e:
        ledger.read(p, feedback_date=dt.date(2025, 4, 10), categories=CATEGORIES)
    msgs = [str(x) for x in e.value.problems]
    want = [(2, "完成时限", "2月没有30日"), (3, "整改状态", "推进中"), (4, "完成时限", "早于反馈日期"),
            (5, "销号日期", "只有“已完成”"), (6, "销号日期", "必须填写销号日期"), (7, "问题类别", "纪律建设"),
            (7, "责任领导", "不能为空")]
    for row, col, text in want:
        assert any(m.startswith(f"{p}:{row}: {col}: ") and text in m for m in msgs), (row, col, msgs)
    assert len(msgs) == len(want)


def test_missing_columns_are_named_with_a_hint(tmp_path):
    p = tmp_path / "c.csv"
    p.write_bytes(csv_bytes([["问题一", "措施"]], "utf-8", header=["问题", "整改措施x"]))
    with pytest.raises(GaoziError) as e:
        ledger.read(p)
    text = str(e.value)
    assert f"{p}:1: 整改措施: 缺少“整改措施”列" in text and "整改措施x" in text and "整改状态" in text


def test_column_aliases_title_row_and_deadline_words(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("松溪乡整改台账\n编号,问题描述,整改任务,责任人,牵头单位,整改时限,状态,销号时间\n"
                 "1,问题一,措施一,赵志远,乡财政所,立行立改,已完成,2025-04-20\n", encoding="utf-8")
    led = ledger.read(p)
    r = led.rows[0]
    assert (r.no, r.problem, r.leader, r.deadline_text, r.closed) == (1, "问题一", "赵志远", "立行立改", dt.date(2025, 4, 20))


def test_duplicate_and_bad_numbers(tmp_path):
    rows = make_rows(3)
    rows[1][0] = "1"
    rows[2][0] = "三"
    p = tmp_path / "n.csv"
    p.write_bytes(csv_bytes(rows, "utf-8"))
    with pytest.raises(GaoziError) as e:
        ledger.read(p)
    assert "序号 1 与第 2 行重复" in str(e.value) and "正整数" in str(e.value)


def test_xlsx_ledger_with_merged_category_cells(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["松溪乡整改台账"])
    ws.append(COLUMNS)
    for r in make_rows(4):
        ws.append([int(r[0]), r[1], *r[2:6], r[6], r[7], dt.datetime.strptime(r[8], "%Y-%m-%d") if r[8] else None])
    ws["B4"] = None
    ws.merge_cells("B3:B4")
    wb.save(tmp_path / "l.xlsx")
    led = ledger.read(tmp_path / "l.xlsx")
    assert [r.line for r in led.rows] == [3, 4, 5, 6]
    assert led.rows[1].category == led.rows[0].category


def test_yaml_rows_in_the_outline_report_yaml_lines(tmp_path):
    p = write(tmp_path / "o.yaml", "kind: ledger\nledger_rows:\n  - {问题: 一, 整改措施: 措施, 责任领导: 甲,"
                                   " 责任单位: 乙, 完成时限: 2025-02-30, 整改状态: 推进中}\n")
    with pytest.raises(GaoziError) as e:
        api.build(str(p))
    assert f"{p}:3: 完成时限:" in str(e.value)


def test_an_outline_without_a_ledger_says_how_to_give_one(tmp_path):
    p = write(tmp_path / "o.yaml", "kind: ledger\n")
    with pytest.raises(GaoziError) as e:
        api.build(str(p))
    assert "ledger" in str(e.value) and "台账" in str(e.value)


def test_csv_export_is_utf8_with_bom_and_round_trips(case):
    tmp, rows = case
    led = api.load_ledger(str(tmp / "台账.csv"))
    data = ledger.to_csv(led)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    (tmp / "out.csv").write_bytes(data)
    again = ledger.read(tmp / "out.csv")
    assert [(r.no, r.status, r.closed, r.deadline_text) for r in again.rows] == \
        [(r.no, r.status, r.closed, r.deadline_text) for r in led.rows]


# ------------------------------------------------------------------------------------ block syntax


def test_table_syntax_keeps_a_users_bar_and_the_separator_itself():
    # "a|b" and a literal "<|>" as user text reach the parser escaped (the environment escapes "<")
    text = "@table widths=10,20 title=附件 &amp; 表\n@header 序号<|>问题\n@row 1<|>a|b &lt;|&gt; c\n@row 2 <|> 续\n行\n@body 后文"
    t, body = blocks.parse(text)
    assert isinstance(t, Table) and t.widths_mm == [10.0, 20.0] and t.title == "附件 & 表"
    assert t.header == ["序号", "问题"] and t.rows == [["1", "a|b <|> c"], ["2", "续行"]]
    assert body.text == "后文"


@pytest.mark.parametrize("text,msg", [
    ("@row 1<|>2", "缺少 @table"),
    ("@table widths=10,20\n@row 1<|>2<|>3", "应为 2 个"),
    ("@table widths=10,x", "正数"),
    ("@table size=3", "无法识别"),
    ("@table\n@row 1\n@header 序号", "@header"),
    ("@table\n@row <lead>1</lead>", "<lead>"),
])
def test_table_syntax_errors_name_the_line(text, msg):
    with pytest.raises(GaoziError) as e:
        blocks.parse(text, "t.j2")
    assert msg in str(e.value) and "t.j2:" in str(e.value)


def test_user_text_cannot_open_a_cell_through_the_template(tmp_path):
    rows = make_rows(1)
    rows[0][2] = "问题<|>里有|竖线和@符号"
    (tmp_path / "l.csv").write_bytes(csv_bytes(rows, "utf-8"))
    write(tmp_path / "o.yaml", "kind: ledger\nledger: l.csv\ntotals: false\n")
    doc = api.build(str(tmp_path / "o.yaml"))
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert table.rows[0][2] == "问题<|>里有|竖线和@符号" and len(table.rows[0]) == 9


# ----------------------------------------------------------------------------------------- output


def _docx_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_50_row_gbk_ledger_to_landscape_docx_with_repeated_header(case):
    tmp, rows = case
    r = run_gaozi("ledger", "台账.csv", "--facts", "facts.yaml", "-o", "台账.docx", "--csv", "整理.csv", cwd=tmp)
    assert r.returncode == 0, r.stderr.decode()
    total, done, doing, todo = expected(rows)
    assert f"共 {total} 个问题：已完成 {done} 个" in r.stdout.decode()
    xml = _docx_xml(tmp / "台账.docx")
    assert re.search(r'<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>', xml)
    first = xml[xml.index("<w:tbl>"):xml.index("</w:tbl>")]
    grid = re.findall(r'<w:gridCol w:w="(\d+)"/>', first)
    assert len(grid) == 9 and all(int(w) > 0 for w in grid)
    assert re.search(r'<w:tblW w:w="\d+" w:type="dxa"/>', first) and '<w:tblLayout w:type="fixed"/>' in first
    trs = first.split("<w:tr>")[1:]
    assert len(trs) == 51 and "<w:tblHeader/>" in trs[0] and "<w:tblHeader/>" not in trs[1]
    assert first.count("<w:tcW ") == 51 * 9
    docx = pytest.importorskip("docx")
    d = docx.Document(str(tmp / "台账.docx"))
    t = d.tables[0]
    assert len(t.rows) == 51 and [c.text for c in t.rows[0].cells] == COLUMNS
    assert t.rows[1].cells[2].text == rows[0][2]
    assert d.sections[0].orientation == 1  # WD_ORIENT.LANDSCAPE
    text = "\n".join(p.text for p in d.paragraphs)
    assert f"合计：共{total}个问题，已完成{done}个，推进中{doing}个，未启动{todo}个，完成率{ledger.percent(done, total)}。" in text
    assert len(d.tables) == 3  # the ledger, totals by category, totals by unit
    assert (tmp / "整理.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_ledger_command_reports_every_problem_and_exits_2(tmp_path):
    rows = make_rows(4)
    rows[0][7] = "完成"
    rows[3][6] = "2025年2月30日"
    (tmp_path / "l.csv").write_bytes(csv_bytes(rows, "gbk"))
    r = run_gaozi("ledger", "l.csv", "--csv", "x.csv", cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 2 and "l.csv:2: 整改状态:" in err and "已完成" in err and "l.csv:5: 完成时限:" in err
    assert not (tmp_path / "x.csv").exists()


OUTLINE_PLAN = """kind: plan
facts: facts.yaml
ledger: 台账.csv
signature: 中共松溪乡委员会
sign_date: 2025-04-20
sections:
  - heading: 指导思想
    body: [坚持问题导向，逐项整改到位。]
  - heading: 工作目标
    body: [反馈问题全部整改销号。]
  - heading: 保障措施
    body: [加强组织领导，压实整改责任。]
steps:
  - {stage: 动员部署阶段, start: 2025-04-11, end: 2025-04-30, text: 召开部署会。}
  - {stage: 集中整改阶段, start: 2025-05-01, end: 2025-10-31, text: 逐项推进。}
"""

OUTLINE_REPORT = """kind: progress-report
facts: facts.yaml
ledger: 台账.csv
addressee: 县委巡察办：
signature: 中共松溪乡委员会
sign_date: 2025-07-31
sections:
  - heading: 整改工作开展情况
    body: [乡党委召开专题会议研究整改工作。]
"""


def test_plan_and_progress_report_counts_agree_with_the_rows(case):
    tmp, rows = case
    total, done, doing, todo = expected(rows)
    write(tmp / "plan.yaml", OUTLINE_PLAN)
    write(tmp / "report.yaml", OUTLINE_REPORT)
    plan = api.write(api.build(str(tmp / "plan.yaml")), "txt").decode("utf-8")
    assert f"四个方面{total}个问题" in plan
    for i, c in enumerate(CATEGORIES):
        n = sum(r[1] == c for r in rows)
        assert re.search(rf"（{'一二三四'[i]}）{c}方面的问题。共{n}个", plan)
    heads = re.findall(r"^([一二三四五六])、(\S+)$", plan, re.M)
    assert [h[1] for h in heads] == ["指导思想", "工作目标", "整改任务", "工作步骤", "保障措施"]
    assert "（一）动员部署阶段（2025年4月11日—4月30日）。" in plan and "附件：" in plan
    doc = api.build(str(tmp / "plan.yaml"))
    table = [b for b in doc.blocks if isinstance(b, Table)][0]
    assert len(table.rows) == total and sum(table.widths_mm) <= 156 and not doc.meta["landscape"]

    report = api.write(api.build(str(tmp / "report.yaml")), "txt").decode("utf-8")
    rate = ledger.percent(done, total)
    pending = f"尚未启动{todo}个，" if todo else ""
    assert f"县委第一巡察组反馈问题{total}个，截至2025年7月31日，已完成{done}个，正在推进{doing}个，{pending}完成率{rate}" in report
    assert report.splitlines()[1] == "县委巡察办："
    m = re.search(r"完成率(\d+(?:\.\d)?)%", report)
    assert abs(float(m[1]) - 100 * done / total) < 0.05
    for i, c in enumerate(CATEGORIES):
        cat = [r for r in rows if r[1] == c]
        d = sum(r[7] == "已完成" for r in cat)
        assert f"（{'一二三四'[i]}）关于“{c}”方面的问题\n该方面问题{len(cat)}个，已完成{d}个" in report
    assert report.count("销号）") == done
    lines = report.rstrip("\n").splitlines()
    assert lines[-2:] == ["中共松溪乡委员会", "2025年7月31日"]
    assert "三、下一步工作打算" in report  # generated: the outline has no part after the progress
    roles = [b.role for b in api.build(str(tmp / "report.yaml")).paragraphs()]
    assert roles[:2] == ["title", "addressee"] and roles[-2:] == ["signature", "sign-date"]


def test_ledger_kind_renders_to_markdown_with_the_table(case):
    tmp, rows = case
    write(tmp / "l.yaml", "kind: ledger\nfacts: facts.yaml\nledger: 台账.csv\ndate: 2025-07-31\n")
    md = api.write(api.build(str(tmp / "l.yaml")), "md").decode("utf-8")
    assert "# 松溪乡党委落实县委第一巡察组巡察反馈意见整改台账" in md
    assert md.count("\n| ") >= 51 and "（截至2025年7月31日）" in md


def test_starters_render(tmp_path):
    for kind in ("ledger", "plan", "progress-report"):
        r = run_gaozi("new", kind, "-o", f"{kind}.yaml", cwd=tmp_path)
        assert r.returncode == 0, r.stderr.decode()
        r = run_gaozi("render", f"{kind}.yaml", "-o", f"{kind}.docx", cwd=tmp_path)
        assert r.returncode == 0, (kind, r.stderr.decode())
        assert zipfile.ZipFile(tmp_path / f"{kind}.docx").testzip() is None


def test_datafiles_dates_feed_the_ledger():
    assert datafiles.cn_date(dt.date(2025, 3, 8)) == "2025年3月8日"


def test_ledger_rows_in_the_facts_file(tmp_path):
    write(tmp_path / "facts.yaml", FACTS + "ledger:\n"
          "  - {问题: 问题一, 整改措施: 措施一, 责任领导: 赵志远, 责任单位: 乡财政所, 完成时限: 2025-06-30,"
          " 整改状态: 已完成, 销号日期: 2025-06-01, 问题类别: 作风建设}\n"
          "  - {问题: 问题二, 整改措施: 措施二, 责任领导: 钱雅琴, 责任单位: 乡纪委, 完成时限: 2025-03-01, 整改状态: 推进中}\n")
    write(tmp_path / "o.yaml", "kind: progress-report\nfacts: facts.yaml\n")
    with pytest.raises(GaoziError) as e:
        api.build(str(tmp_path / "o.yaml"))
    facts_lines = (tmp_path / "facts.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(facts_lines, 1) if "问题二" in t)
    assert f"facts.yaml:{line}: 完成时限: 完成时限 2025年3月1日 早于反馈日期 2025年4月10日" in str(e.value)
    text = (tmp_path / "facts.yaml").read_text(encoding="utf-8").replace("2025-03-01", "2025-09-01")
    write(tmp_path / "facts.yaml", text)
    report = api.write(api.build(str(tmp_path / "o.yaml")), "txt").decode("utf-8")
    assert "反馈问题2个" in report and "已完成1个，正在推进1个，完成率50%" in report
    r = run_gaozi("ledger", "facts.yaml", cwd=tmp_path)
    assert r.returncode == 0 and "共 2 个问题" in r.stdout.decode() and "作风建设：1 个" in r.stdout.decode()
    write(tmp_path / "facts.yaml", text.replace("2025-09-01", "2025-04-01"))
    r = run_gaozi("ledger", "facts.yaml", cwd=tmp_path)  # the facts file's own feedback date applies
    assert r.returncode == 2 and "早于反馈日期" in r.stderr.decode()


def test_csv_export_never_writes_a_formula(tmp_path):  # issue 12, item 11
    src = tmp_path / "t.csv"
    lines = (Path(__file__).parent.parent / "outlines" / "data" / "ledger-qiyun.csv").read_text(encoding="utf-8").splitlines()
    header, row = lines[0].split(","), lines[1].split(",")
    i = header.index("整改措施")
    attacks = ['=HYPERLINK("http://x","点击")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "＝1+1"]
    body = []
    for k, a in enumerate(attacks):
        r = list(row)
        r[0] = str(k + 1)
        r[i] = a
        body.append(",".join(f'"{c}"' if "," in c or '"' in c else c for c in [x.replace('"', '""') for x in r]))
    src.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    r = run_gaozi("ledger", str(src), "--csv", str(out), "-q", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr.decode()
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    cells = [c for row_ in rows for c in row_]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "＝")], cells
    for a in attacks:
        assert "'" + a in cells


def test_csv_cell_keeps_numbers():
    from generator.model.ledger import csv_cell

    assert csv_cell(-5) == -5 and csv_cell("-5") == "-5" and csv_cell("=1") == "'=1" and csv_cell(None) == ""


# ---- as-of date, overdue items, 超期原因 (issue #13)

def _led(tmp_path, rows):
    body = "序号,问题,整改措施,责任领导,责任单位,完成时限,整改状态,销号日期,超期原因\n" + "\n".join(rows) + "\n"
    path = write(tmp_path / "l.csv", body)
    return api.load_ledger(str(path))


def test_overdue_needs_an_as_of_date_and_an_open_item(tmp_path):
    from generator.model import ledger

    led = _led(tmp_path, ["1,a,b,c,d,2025-06-30,推进中,,资金未到位", "2,a,b,c,d,2025-06-30,已完成,2025-06-29,",
                          "3,a,b,c,d,长期坚持,推进中,,", "4,a,b,c,d,2025-12-31,未启动,,"])
    as_of = dt.date(2025, 7, 31)
    assert [r.overdue(as_of) for r in led.rows] == [True, False, False, False]
    assert not led.rows[0].overdue(None)
    led.as_of = as_of
    data = ledger.template_data(led)
    assert data["overdue"] == 1 and data["long_term"] == 1 and data["as_of"] == "2025年7月31日"
    assert data["rows"][0]["reason"] == "资金未到位" and data["rows"][0]["overdue"] and data["has_reason"]
    assert "超期原因" in ledger.to_csv(led).decode("utf-8-sig").splitlines()[0]


def test_as_of_comes_from_the_facts_before_the_outline():
    from generator.model import ledger

    class O:
        sign_date, date = dt.date(2025, 7, 1), None

    assert ledger.as_of_date(O(), {}, {"as_of": "2025年7月31日"}) == dt.date(2025, 7, 31)
    assert ledger.as_of_date(O(), {}, {}) == dt.date(2025, 7, 1)
    assert ledger.as_of_date(None, {}, {}) is None


def test_reason_aliases(tmp_path):
    body = "问题,整改措施,责任领导,责任单位,完成时限,整改状态,未完成原因\na,b,c,d,2025-06-30,推进中,等待审批\n"
    led = api.load_ledger(str(write(tmp_path / "m.csv", body)))
    assert led.rows[0].reason == "等待审批"
