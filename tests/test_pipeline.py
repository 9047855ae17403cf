"""The pipeline's own checks: --set keys and types, plan steps in order, facts validated wherever read,
render findings on the rendered Document."""
from __future__ import annotations

import pytest

from conftest import ROOT
from generator import api, pipeline
from generator.errors import GaoziError

BIAOTAI = str(ROOT / "templates" / "biaotai" / "starter.yaml")


def problems(fn) -> list[str]:
    with pytest.raises(GaoziError) as exc:
        fn()
    return [str(p) for p in exc.value.problems]


def test_unknown_set_key_has_did_you_mean():
    got = problems(lambda: api.build(BIAOTAI, sets={"pledge_cont": "3"}))
    assert got == ["--set pledge_cont: 提纲和文稿类型“biaotai”都没有用到“pledge_cont”，您是不是要写“pledge_count”？"]


def test_set_value_of_wrong_type_is_refused_and_right_one_converted():
    assert problems(lambda: api.build(BIAOTAI, sets={"pledge_count": "abc"})) == ["--set pledge_count: 应当是整数"]
    doc = api.build(BIAOTAI, sets={"pledge_count": "3"})
    assert doc.paragraphs()


def test_set_accepts_vars_template_names_and_slots():
    outline = "kind: speech\nvars: {who: 甲}\nopening: ['{{ who }}{{ extra }}讲话。']\n"
    doc = api.build(outline, name="o.yaml", sets={"who": "乙", "extra": "丙"})
    assert any("乙丙讲话" in b.text for b in doc.paragraphs())
    pipeline.build(BIAOTAI, sets={"team": "县委巡察组", "deadline": "2025年9月1日"})  # template vars


def test_plan_step_ending_before_it_starts():
    text = ("kind: plan\nledger_rows:\n  - {问题: a, 整改措施: b, 责任领导: c, 责任单位: d, 完成时限: 2025-09-01, 整改状态: 推进中}\n"
            "steps:\n  - {stage: 部署, start: 2025-02-01, end: 2025-01-28}\n  - {stage: 整改, start: 2025-02-01, end: 2025-03-01}\n")
    assert problems(lambda: api.build(text, name="p.yaml")) == [
        "p.yaml:5: steps[1].end: 结束日期 2025年1月28日 早于开始日期 2025年2月1日"]


def test_step_problem_comes_with_the_other_problems():
    text = "kind: plan\nsteps:\n  - {stage: 部署, start: 2025-02-01, end: 2025-01-28, txt: x}\n"
    got = "\n".join(problems(lambda: api.build(text, name="p.yaml")))
    assert "steps[1].txt" in got and "steps[1].end" in got


def test_inline_facts_are_validated_at_the_outline_lines():
    text = "kind: biaotai\ninline_facts:\n  teem: x\n  inspection: {deadline: 2025-02-30}\n"
    assert problems(lambda: api.build(text, name="b.yaml")) == [
        "b.yaml:3: inline_facts.teem: 未知的字段“teem”，您是不是要写“team”？",
        "b.yaml:4: inline_facts.inspection.deadline: 日期“2025-02-30”不存在"]


def test_render_findings_point_at_the_outline():
    text = "kind: speech\nopening: [我讲五点意见。]\nsections: [一, 二, 三, 四]\n"
    found = api.render_findings(api.build(text, name="o.yaml"))
    assert [(f.file, f.line, f.rule, f.level) for f in found] == [("o.yaml", 2, "count-mismatch", "warning")]


@pytest.mark.parametrize("path", sorted(str(p) for p in (ROOT / "outlines").glob("*.yaml"))
                         + sorted(str(p) for p in (ROOT / "templates").glob("*/starter.yaml")))
def test_shipped_outlines_render_without_warnings(path):
    doc = api.build(path)
    assert api.render_findings(doc) == [] and list(doc.meta["warnings"]) == []


def test_validation_and_template_syntax_problems_come_in_one_round(tmp_path):  # issue 12, item 22
    p = tmp_path / "o.yaml"
    p.write_text("kind: speech\nmeeting: 会\ntitel: 错\ntitle: 在{{ meeting }上的讲话\nopening:\n  - 今天开会。\n"
                 "sections:\n  - heading: 第一部分\n    body:\n      - 正文{% if %}。\n", encoding="utf-8")
    with pytest.raises(GaoziError) as info:
        pipeline.load_outline(str(p))
    lines = [(q.line, q.path) for q in info.value.problems]
    assert (3, "titel") in lines and (4, "title") in lines and (10, "sections[0].body[0]") in lines
    assert all("模板语法错误" in q.message for q in info.value.problems if q.path != "titel")
