"""One truth across the set (lint/consistency.py), and the issue's "Done when" list end to end: a facts file
with four kinds of mistakes, a ledger that disagrees with the facts, an overdue item, two as-of dates,
全部整改到位 over 长期坚持 items, a plan step ending before it starts — all reported, located, in Chinese."""
from __future__ import annotations

import csv
import io

import pytest

from generator import api
from generator.lint import consistency
from generator.lint.check import check as run_check
from conftest import ROOT, run_gaozi

FACTS = """\
inspection:
  type: 巡察
  feedback_date: 2026-11-20
  deploy_date: 2026-11-25
  deadline: 2027-01-31
team: {name: 青川县委第一巡察组, short: 县委第一巡察组, leader: {name: 韩立明, title: 组长}}
target: {name: 城关镇党委等6个党组织, place: 城关镇}
official: {name: 宋海燕, title: 县委巡察办主任}
as_of: 2027-02-01
units:
  - {name: 城关镇党委, short: 城关镇, head: {name: 周文涛, title: 镇党委书记}}
  - {name: 柳溪乡党委, short: 柳溪乡, head: {name: 吴红梅, title: 乡党委书记}}
  - {name: 县卫生健康局党组, short: 县卫健局, head: {name: 郑建国, title: 局党组书记}}
  - {name: 县教育局党组, short: 县教育局}
  - {name: 县交通运输局党组, short: 县交通局}
  - {name: 县城投公司党委, short: 县城投公司}
findings:
  - category: 落实上级决策部署
    problems: [甲一。, 甲二。, 甲三。, 甲四。]
  - category: 资金资产管理
    problems: [乙一。, 乙二。, 乙三。, 乙四。]
  - category: 基层党组织建设
    problems: [丙一。, 丙二。, 丙三。, 丙四。]
  - category: 作风建设
    problems: [丁一。, 丁二。, {text: 丁三。, units: [县卫健局, 柳溪乡]}]
statement:
  - {lead: 提高认识，扛起整改责任。, text: 逐条认领。}
"""
COLUMNS = ["序号", "问题类别", "问题", "整改措施", "责任领导", "责任单位", "完成时限", "整改状态", "销号日期", "超期原因"]


def _ledger(rows: int = 14, reason: str = "") -> str:
    cats = [("落实上级决策部署", 4), ("资金资产管理", 4), ("基层党组织建设", 4), ("作风建设", 3)]
    out, n = [], 0
    for cat, k in cats:
        for _ in range(k):
            n += 1
            out.append([n, cat, f"问题{n}。", f"措施{n}。", "周文涛", "城关镇党委", "2027-03-31", "推进中", "", ""])
    out = out[:rows]
    out[0][6:10] = ["2027-01-31", "推进中", "", reason]  # overdue on 2027-02-01
    out[1][6:9] = ["2026-12-31", "已完成", "2026-12-30"]
    out[2][6] = out[3][6] = "长期坚持"
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COLUMNS)
    w.writerows(out)
    return buf.getvalue()


PROGRESS = """\
kind: progress-report
facts: facts.yaml
ledger: ledger.csv
sign_date: 2027-02-01
opening:
  - 截至2027年1月20日，反馈问题已全部整改到位。
sections:
  - heading: 整改工作开展情况
    body: [成立专班，逐项推进。]
"""
PLAN = """\
kind: plan
facts: facts.yaml
ledger: ledger.csv
date: 2026-11-25
steps:
  - {stage: 动员部署, start: 2027-02-01, end: 2027-01-28, text: 部署。}
sections:
  - heading: 指导思想
    body: [坚持问题导向。]
"""
BIAOTAI = """\
kind: biaotai
facts: facts.yaml
unit: 县卫健局
closing:
  - 我们将在1月31日前将反馈问题全部整改到位。
"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "facts.yaml").write_text(FACTS, encoding="utf-8")
    (tmp_path / "ledger.csv").write_text(_ledger(), encoding="utf-8")
    (tmp_path / "progress.yaml").write_text(PROGRESS, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "biaotai.yaml").write_text(BIAOTAI, encoding="utf-8")
    return tmp_path


def check(*paths) -> tuple[int, str, str]:
    """What `gaozi check PATHS` prints: findings on stdout, unreadable inputs and the summary on stderr."""
    report = run_check([str(p) for p in paths])
    out, err = io.StringIO(), io.StringIO()
    for p in report.failures:
        err.write(str(p) + "\n")
    if report.findings:
        out.write(report.format() + "\n")
    if report.findings or not report.failures:
        err.write(report.summary() + "\n")
    return report.exit_code(), out.getvalue(), err.getvalue()


def test_done_when_the_set_disagrees(folder):
    code, out, err = check(*(folder / n for n in ("facts.yaml", "progress.yaml", "plan.yaml", "biaotai.yaml")),
                           folder / "ledger.csv")
    assert code == 2  # the plan is bad input: its step ends before it starts
    assert f"{folder / 'plan.yaml'}:6: steps[1].end: 结束日期 2027年1月28日 早于开始日期 2027年2月1日" in err
    led = folder / "ledger.csv"
    assert f"{led}:1:1: error consistency: 台账有14个问题（行），事实文件" in out and "findings 有15个问题" in out
    assert "问题类别“作风建设”：事实文件有3个问题，台账有2行" in out
    assert f"{led}:2:1: warning consistency: 第1项：完成时限2027年1月31日已过（截至2027年2月1日），整改状态仍是“推进中”" in out
    prog = folder / "progress.yaml"
    assert f"{prog}:6:1: error consistency: “截至2027年1月20日”与事实文件的 as_of（2027年2月1日）不一致" in out
    assert f"{prog}:6:1: error consistency: “全部整改到位”：台账第3、4项是“长期坚持”" in out
    bt = folder / "biaotai.yaml"
    assert f"{bt}:5:1: error consistency: 承诺“1月31日前将反馈问题全部整改到位”，但台账第" in out
    assert "完成时限是2027年3月31日" in out


def test_one_outline_brings_its_facts_and_ledger(folder):
    code, out, _err = check(folder / "progress.yaml")
    assert code == 1
    assert "台账有14个问题" in out and "截至2027年1月20日" in out


def test_progress_report_words_overdue_and_ends_with_the_formula(folder):
    (folder / "ledger.csv").write_text(_ledger(15, "涉及资金需县里统筹"), encoding="utf-8")
    (folder / "progress.yaml").write_text(PROGRESS.replace("opening:\n  - 截至2027年1月20日，反馈问题已全部整改到位。\n", ""),
                                          encoding="utf-8")
    text = api.write(api.build(str(folder / "progress.yaml")), "txt").decode("utf-8")
    assert "（超期未完成：原定2027年1月31日前完成，涉及资金需县里统筹，现正加快推进）" in text
    assert "计划2027年1月31日前完成" not in text
    assert "全部整改到位" not in text and "需要长期坚持的2个常抓不懈" in text
    assert text.rstrip().split("\n")[-3] == "特此报告。"
    assert {text.count("截至2027年2月1日")} != {0} and "截至2027年1月" not in text
    code, out, _err = check(folder / "progress.yaml")
    assert code == 0, out
    assert "info consistency: 第1项：完成时限2027年1月31日已过" in out


def test_closing_formula_can_be_turned_off_and_is_checked(folder):
    (folder / "ledger.csv").write_text(_ledger(15), encoding="utf-8")
    body = "kind: progress-report\nfacts: facts.yaml\nledger: ledger.csv\nclosing_formula: \"\"\n"
    (folder / "p.yaml").write_text(body, encoding="utf-8")
    text = api.write(api.build(str(folder / "p.yaml")), "txt").decode("utf-8")
    assert "特此报告" not in text
    (folder / "q.yaml").write_text(body.replace('closing_formula: ""', "closing_formula: 专此报告。")
                                   + "closing: [以上报告。]\n", encoding="utf-8")
    assert "专此报告。" in api.write(api.build(str(folder / "q.yaml")), "txt").decode("utf-8")


def test_group_report_and_short_names(folder):
    (folder / "r.yaml").write_text("kind: feedback-report\nfacts: facts.yaml\n", encoding="utf-8")
    text = api.write(api.build(str(folder / "r.yaml")), "txt").decode("utf-8")
    assert "代表城关镇党委等6个党组织" not in text
    assert "各被巡察单位主要负责人分别作表态发言" in text
    bt = api.write(api.build(str(folder / "biaotai.yaml")), "txt").decode("utf-8")
    assert "巡察县卫生健康局党组情况反馈会议" in bt and "县卫健局" not in bt


def test_self_speak_is_caught():
    class D:
        file, kind = "x.yaml", "feedback-report"

    notes = consistency._self_speak(D(), [(3, "城关镇党委等6个党组织代表城关镇党委等6个党组织作表态发言", "body")])
    assert notes and notes[0].line == 3


def test_shipped_examples_agree_as_one_set():
    paths = sorted(str(p) for p in (ROOT / "outlines").glob("*.yaml"))
    assert [n for n in consistency.check_set(paths) if n.level != "info"] == []


# ---- the facts file from render, batch and check (issue #13, Done when, first item)

BAD_FACTS = ("inspection:\n  feedbak_date: 2026-11-01\n  end: 2026-11-31\n"
             "units:\n  - {name: 柳溪乡党委, short: 柳溪乡}\n"
             "findings:\n  - category: 甲\n    problems:\n      - text: 问题一。\n        units: [柳溪镇]\n"
             "\t  - 问题二。\n")
FOUR = ["facts.yaml:2: inspection.feedbak_date: 未知的字段“feedbak_date”，您是不是要写“feedback_date”？",
        "facts.yaml:3: inspection.end: 日期“2026-11-31”不存在",
        "facts.yaml:10: findings[0].problems[0].units[0]: 单位“柳溪镇”不在 units 中，您是不是要写“柳溪乡”？",
        "facts.yaml:11: YAML 格式错误：第11行第1列是制表符，YAML 只能用空格缩进（请把制表符换成空格）"]


def test_bad_facts_four_problems_from_render_batch_and_check(tmp_path):
    (tmp_path / "facts.yaml").write_text(BAD_FACTS, encoding="utf-8")
    (tmp_path / "bt.yaml").write_text("kind: biaotai\nfacts: facts.yaml\n", encoding="utf-8")
    (tmp_path / "rows.csv").write_text("unit\n柳溪乡\n", encoding="utf-8")
    for args in (["render", "bt.yaml"], ["batch", "bt.yaml", "--data", "rows.csv", "-o", "out", "--dry-run", "-j", "1"],
                 ["check", "facts.yaml"]):
        r = run_gaozi(*args, cwd=tmp_path)
        assert r.returncode == 2, (args, r.stderr.decode())
        lines = r.stderr.decode("utf-8").splitlines()
        assert [x for x in lines if x.startswith("facts.yaml")] == FOUR, args
