"""Tests for generator.model.fields: one table of kind-field types used by outline, batch, schema and compose."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import write
from generator.errors import GaoziError
from generator.model import fields
from generator.model.outline import _V
from generator.io.yamlload import load


def _check(value, spec):
    v = _V("o.yaml")
    got = fields.validate_value(value, spec, v, 3, "f")
    return got, [p.message for p in v.problems]


def test_every_type_validates_converts_describes_and_fills_in():
    for name, t in fields.TYPES.items():
        spec = {"type": name, "choices": ["甲", "乙"]}
        assert isinstance(t.schema(spec), dict) and t.cn and t.template
        assert t.placeholder(spec) is not None


@pytest.mark.parametrize("spec,value,ok", [
    ({"type": "int"}, 3, True), ({"type": "int"}, "3", False), ({"type": "int"}, True, False),
    ({"type": "number"}, 2.5, True), ({"type": "number"}, float("nan"), False),
    ({"type": "bool"}, False, True), ({"type": "bool"}, "是", False),
    ({"type": "date"}, "2026年11月31日", False), ({"type": "date"}, dt.date(2026, 2, 1), True),
    ({"type": "choice", "choices": ["部署会", "推进会"]}, "推进会", True),
    ({"type": "choice", "choices": ["部署会", "推进会"]}, "推进", False),
    ({"type": "list"}, [1, "a"], True), ({"type": "map"}, [1], False),
])
def test_validate(spec, value, ok):
    _, problems = _check(value, spec)
    assert (not problems) == ok, problems


def test_cells_convert_by_type():
    assert fields.from_cell("12", {"type": "int"}) == 12
    assert fields.from_cell("007", {"type": "int"}) == "007"  # then refused by validate
    assert fields.from_cell("是", {"type": "bool"}) is True
    assert fields.from_cell(dt.date(2026, 3, 1), {"type": "text"}) == "2026年3月1日"
    with pytest.raises(fields.CellRefused):
        fields.from_cell("x", {"type": "list"})


def test_list_items_are_checked_at_the_outlines_lines_all_at_once():
    spec = {"type": "list", "items": {"stage": {"type": "str", "required": True},
                                      "start": {"type": "date"}, "end": {"type": "date"}}}
    data = load("steps:\n  - stage: 动员\n    strat: 2026-01-01\n  - stage: 整改\n    end: 2026-02-31\n  - start: 2026-01-01\n", "o.yaml")
    v = _V("o.yaml")
    fields.validate_value(data["steps"], spec, v, data.line_of("steps"), "steps")
    got = [(p.line, p.path) for p in v.problems]
    assert (3, "steps[1].strat") in got  # the typo, at its own line, with a hint
    assert (5, "steps[2].end") in got  # the impossible date
    assert any(path == "steps[3].stage" for _, path in got)  # the missing required key
    assert "start" in next(p.message for p in v.problems if p.path == "steps[1].strat")


def test_list_items_render_as_plain_data():
    spec = {"type": "list", "items": {"stage": {"type": "str"}, "start": {"type": "date"}}}
    got, problems = _check([{"stage": "动员", "start": dt.date(2026, 1, 5)}, "一段文字"], spec)
    assert not problems and got == [{"stage": "动员", "start": "2026年1月5日"}, "一段文字"]


def test_declarations_are_checked():
    problems = []
    lo = lambda node, key: None  # noqa: E731
    fields.check_declaration("x", {"type": "strr"}, "kind.yaml", problems, lo)
    fields.check_declaration("y", {"type": "int", "items": "str"}, "kind.yaml", problems, lo)
    fields.check_declaration("z", {"type": "list", "items": {"a": {"type": "map"}}}, "kind.yaml", problems, lo)
    fields.check_declaration("w", {"type": "str", "lable": "名称"}, "kind.yaml", problems, lo)
    msgs = [p.message for p in problems]
    assert any("str" in m and "是不是" in m for m in msgs)
    assert any("只有 list" in m for m in msgs)
    assert any("不能再是" in m for m in msgs)
    assert any("label" in m for m in msgs)


def test_a_ledger_field_of_any_name_gets_the_hook(tmp_path):
    from generator.model.kinds import get_kind

    root = tmp_path / "t"
    (root / "mine").mkdir(parents=True)
    write(root / "mine" / "kind.yaml", "title: 我的台账\nfields:\n  rows_file: {type: ledger, required: true}\n")
    write(root / "mine" / "mine.j2", "@body 共{{ rows_file.total }}个问题。\n")
    write(tmp_path / "台账.csv", "序号,问题,整改措施,责任领导,责任单位,完成时限,整改状态,销号日期\n"
                                 "1,问题甲,措施甲,张三,甲单位,2026-12-31,推进中,\n")
    write(tmp_path / "o.yaml", "kind: mine\nrows_file: 台账.csv\n")
    from generator import api

    doc = api.build(str(tmp_path / "o.yaml"), template_dirs=(str(root),))
    assert get_kind("mine", (str(root),)).fields["rows_file"]["type"] == "ledger"
    assert doc.paragraphs()[0].text == "共1个问题。"


def test_reserved_field_names_are_refused(tmp_path):
    from generator.model.kinds import get_kind

    (tmp_path / "bad").mkdir()
    write(tmp_path / "bad" / "kind.yaml", "title: 坏\nfields:\n  fragment: {type: str}\n  pick: {type: str}\n")
    write(tmp_path / "bad" / "bad.j2", "@body x\n")
    with pytest.raises(GaoziError) as e:
        get_kind("bad", (str(tmp_path),))
    msgs = [str(p) for p in e.value.problems]
    assert len(msgs) == 2 and all("保留名" in m for m in msgs) and "kind.yaml:3: fields.fragment" in msgs[0]
