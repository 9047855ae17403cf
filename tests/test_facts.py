"""The facts model: schema as data, every problem at once (file:line: path: message), unit types."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from generator.errors import GaoziError
from generator.io.textio import read_text
from generator.io.yamlload import load
from generator.model import facts
from conftest import ROOT

SHIPPED = ROOT / "outlines" / "facts" / "inspection.yaml"


def problems(text: str) -> list[str]:
    with pytest.raises(GaoziError) as exc:
        facts.read(text, "facts.yaml")
    return [str(p) for p in exc.value.problems]


def test_shipped_facts_are_valid_and_units_get_type_and_short():
    data = facts.read(read_text(str(SHIPPED)), str(SHIPPED))
    assert data["inspection"]["feedback_date"] == "2025年5月20日"
    assert data["units"][0]["type"] == "村" and data["units"][0]["short"] == "东坪村"
    assert data["target"]["type"] == "镇"


def test_every_documented_top_level_key_is_in_the_schema():
    doc = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")
    block = doc.split("```yaml", 2)[2].split("```", 1)[0]
    keys = {line.split(":", 1)[0] for line in block.splitlines() if line and line[0].isalpha()}
    assert keys and keys <= set(facts.SCHEMA)


def test_typo_date_unit_and_tab_in_one_round():
    text = ("inspection:\n  feedbak_date: 2026-11-01\n  end: 2026-11-31\n"
            "units:\n  - {name: 柳溪乡党委, short: 柳溪乡}\n"
            "findings:\n  - category: 甲\n    problems:\n      - text: 问题一。\n        units: [柳溪镇]\n"
            "\t  - 问题二。\n")
    got = problems(text)
    assert got == [
        "facts.yaml:2: inspection.feedbak_date: 未知的字段“feedbak_date”，您是不是要写“feedback_date”？",
        "facts.yaml:3: inspection.end: 日期“2026-11-31”不存在",
        "facts.yaml:10: findings[0].problems[0].units[0]: 单位“柳溪镇”不在 units 中，您是不是要写“柳溪乡”？",
        "facts.yaml:11: YAML 格式错误：第11行第1列是制表符，YAML 只能用空格缩进（请把制表符换成空格）",
    ]


@pytest.mark.parametrize("text, needle", [
    ("team: {name: 组, leader: {nam: 林}}\n", "team.leader.nam: 未知的字段“nam”，您是不是要写“name”？"),
    ("team: {name: 组, leader: [林]}\n", "team.leader: 人应当写成"),
    ("inspection: {type: 检查}\n", "inspection.type: 应当是 巡视 / 巡察 / 审计 / 督导 / 督查 之一"),
    ("inspection: {start: 2025-05-01, end: 2025-04-01}\n", "inspection.end: 结束日期早于进驻日期"),
    ("inspection: {feedback_date: 2025-05-01, deadline: 2025-04-01}\n", "inspection.deadline: 整改时限早于反馈日期"),
    ("inspection: {deploy_date: 明天}\n", "inspection.deploy_date: 日期格式应为"),
    ("as_of: 2025-02-30\n", "as_of: 日期“2025-02-30”不存在"),
    ("findings:\n  - category: 甲\n    problems: [a]\n  - category: 甲\n    problems: [b]\n",
     "facts.yaml:4: findings[1].category: 问题类别“甲”与 findings[0] 重复"),
    ("findings:\n  - problems: [a]\n", "findings[0]: 缺少 category"),
    ("units: [{name: 甲村党支部, short: 甲村}, {name: 乙村党支部, short: 甲村}]\n", "两个单位不能同名"),
    ("units: [{name: 甲村党支部, type: 庄}]\n", "units[0].type: 应当是"),
    ("findings:\n  - category: 甲\n    problems:\n      - {text: a, units: [乙村]}\n", "事实文件还没有 units"),
    ("units: 甲村\n", "units: 应当是列表，而不是文字"),
    ("attendees: [[a]]\n", "attendees[0]: 应当是文字，而不是列表"),
    ("- a\n", "事实文件应当是“字段: 值”的映射"),
])
def test_bad_facts_are_explained(text, needle):
    assert any(needle in p for p in problems(text)), problems(text)


def test_inline_prefix_in_paths():
    with pytest.raises(GaoziError) as exc:
        facts.validate(load("teem: x\n", "o.yaml"), "o.yaml", "facts.")
    assert str(exc.value.problems[0]) == "o.yaml:1: facts.teem: 未知的字段“teem”，您是不是要写“team”？"


@pytest.mark.parametrize("name, kind", [
    ("栖云镇党委", "镇"), ("柳溪乡党委", "乡"), ("城关街道党工委", "街道"), ("东坪村党支部", "村"),
    ("柳湾村党总支", "村"), ("向阳社区党委", "社区"), ("县卫生健康局", "局"), ("县发展改革委", "委"),
    ("县委办", "办"), ("县委组织部", "部"), ("县城投公司", "公司"), ("县第一中学", "学校"),
    ("县人民医院", "医院"), ("石门乡卫生院", "医院"), ("县政务服务中心", "中心"), ("财政所", "所"), ("某某", "其他"),
])
def test_unit_type_from_suffix(name, kind):
    assert facts.unit_type(name) == kind


@given(st.text(max_size=12))
def test_unit_type_is_always_a_known_type(name):
    assert facts.unit_type(name) in facts.UNIT_TYPES


def test_unknown_unit_resolves_full_and_short_names():
    data = facts.read("target: {name: 城关镇党委, place: 城关镇}\nunits: [{name: 柳溪乡党委, short: 柳溪乡}]\n", "f.yaml")
    assert facts.unknown_unit(data, "柳溪乡") is None and facts.unknown_unit(data, "柳溪乡党委") is None
    assert facts.unknown_unit(data, "城关镇党委") is None
    assert facts.resolve_unit(data, "柳溪乡")["name"] == "柳溪乡党委"
    assert "您是不是要写“柳溪乡党委”" in facts.unknown_unit(data, "柳溪镇党委")
    assert facts.unknown_unit({}, "任意") is None


def test_is_facts():
    assert facts.is_facts({"inspection": {}}) and not facts.is_facts({"kind": "speech", "team": 1})
    assert not facts.is_facts({"ledger": []})
