"""Outline validation: typed objects, every problem at once, file:line: field: message in Chinese."""
from __future__ import annotations

import datetime as dt

import pytest

from generator.api import load_outline
from generator.errors import GaoziError
from generator.model.outline import ListBlock, Para


def problems(text: str) -> list[str]:
    with pytest.raises(GaoziError) as exc:
        load_outline(text, name="o.yaml")
    return [str(p) for p in exc.value.problems]


def test_valid_outline_becomes_typed_objects():
    o = load_outline(
        "kind: speech\ndate: 2025年3月8日\ntitle: 题目\nopening:\n  - 开场。\nsections:\n  style: （一）\n  items:\n"
        "    - heading: 第一部分\n      body:\n        - points:\n            style: 一要\n            items: [甲。乙, 丙。]\n",
        name="o.yaml")
    assert o.kind == "speech" and o.date == dt.date(2025, 3, 8)
    assert o.sections.style == "（一）"
    sec = o.sections.items[0]
    assert sec.heading.src == "第一部分" and sec.heading.line == 9
    assert isinstance(sec.body[0], ListBlock) and sec.body[0].style == "一要"
    assert [i.text.src for i in sec.body[0].items] == ["甲。乙", "丙。"]
    assert isinstance(o.opening[0], Para) and o.opening[0].line == 5


def test_typo_key_is_named_with_line_and_suggestion():
    (msg,) = problems("kind: speech\ntitle: 题目\nsectons: []\n")
    assert msg.startswith("o.yaml:3: sectons:") and "sections" in msg


def test_all_problems_reported_at_once():
    msgs = problems(
        "kind: speech\ntitel: x\ndate: 2025-02-30\nsections:\n  - heading: a\n    bdy: []\n  - body: []\n"
        "opening:\n  - {textt: 1}\n")
    joined = "\n".join(msgs)
    assert len(msgs) >= 5
    assert "o.yaml:2: titel" in joined
    assert "o.yaml:3: date" in joined and "不存在" in joined
    assert "o.yaml:6: sections[0].bdy" in joined and "body" in joined
    assert "sections[1]" in joined and "heading" in joined
    assert "opening[0]" in joined


def test_unknown_kind_suggests_a_known_one():
    (msg,) = problems("kind: speach\n")
    assert "o.yaml:1: kind:" in msg and "speech" in msg


@pytest.mark.parametrize("text, fragment", [
    ("- a\n- b\n", "映射"),
    ("just text\n", "映射"),
    ("kind: speech\nsections: 5\n", "sections"),
    ("kind: speech\nvars: [1, 2]\n", "vars"),
    ("kind: speech\nvars:\n  n: 1\n", "保留名"),
    ("kind: speech\nmeeting_type: 团拜会\n", "部署会"),
    ("kind: speech\nsections:\n  style: 一要\n  items: [a]\n", "标题只能用"),
    ("kind: speech\nsections:\n  - heading: a\n    body:\n      - points: {style: 第九, items: [x]}\n", "序号样式"),
    ("kind: speech\ntarget_minutes: -3\n", "正数"),
    ("kind: speech\ntarget_minutes: .nan\n", "正数"),
    ("kind: speech\ntarget_minutes: .inf\n", "正数"),
    ("kind: speech\nopening:\n  - points: []\n", "不能为空"),
])
def test_bad_values_are_explained(text, fragment):
    joined = "\n".join(problems(text))
    assert fragment in joined
    assert joined.startswith("o.yaml")


def test_four_heading_levels_at_most():
    deep = "kind: speech\nsections:\n"
    indent = "  "
    for level in range(5):
        deep += f"{indent}- heading: h{level}\n{indent}  sections:\n"
        indent += "    "
    deep += f"{indent}- heading: last\n"
    assert any("四级" in m for m in problems(deep))


def test_multiline_scalars_join_without_spaces():
    o = load_outline("kind: speech\nopening:\n  - |\n    第一行\n    第二行\n", name="o.yaml")
    assert o.opening[0].text.src == "第一行第二行"


def test_joined_list_and_continuation_paragraphs():
    o = load_outline(
        "kind: speech\nopening:\n  - points:\n      intro: 今天开会。\n      joined: true\n      style: 首先\n      items:\n"
        "        - 要提高认识。\n        - text: 要压实责任。\n          paras: [接续一。, 接续二。]\n", name="o.yaml")
    lb = o.opening[0]
    assert lb.joined and lb.intro.src == "今天开会。"
    assert [t.src for t in lb.items[1].paras] == ["接续一。", "接续二。"] and lb.items[0].paras == []


def test_joined_and_paras_misuse_is_explained():
    msgs = problems(
        "kind: speech\nopening:\n  - points:\n      joined: yes please\n      items: [甲。]\n"
        "  - inline:\n      intro: 引言：\n      items:\n        - text: 甲。\n          paras: [乙。]\n")
    assert any("joined" in m and "o.yaml:4" in m for m in msgs)
    assert any("paras" in m for m in msgs)
