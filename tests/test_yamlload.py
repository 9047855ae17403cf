"""The line-keeping YAML loader: lines of keys and items; clean errors for syntax, duplicates, depth."""
from __future__ import annotations

import pytest

from generator.errors import GaoziError
from generator.io.yamlload import load


def test_lines_of_keys_and_items():
    d = load("a: 1\nb:\n  - x\n  - {c: 2}\n", "t.yaml")
    assert d.line_of("a") == 1 and d.line_of("b") == 2
    assert d["b"].line_of(0) == 3 and d["b"].line_of(1) == 4 and d["b"][1].line == 4


@pytest.mark.parametrize("text, needle", [
    ("a: [1\nb: 2\n", "t.yaml:2"),
    ("a: 1\na: 2\n", "重复"),
    ("? [1]\n: 2\n", "键"),
    ("", "空"),
    ("\t- x\n", "YAML"),
])
def test_errors_are_located(text, needle):
    with pytest.raises(GaoziError) as exc:
        load(text, "t.yaml")
    assert needle in str(exc.value)


def test_deep_nesting_fails_cleanly():
    with pytest.raises(GaoziError) as exc:
        load("[" * 1000 + "]" * 1000, "t.yaml")
    assert "嵌套" in str(exc.value)


def test_alias_bomb_is_refused():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i-1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    with pytest.raises(GaoziError) as exc:
        load("\n".join(lines) + "\n", "t.yaml")
    assert "过大" in str(exc.value)


def test_merge_key_own_keys_override_but_may_not_repeat():
    data = load("a: &a {x: 1, y: 2}\nb:\n  <<: *a\n  y: 3\n", "m.yaml")
    assert data["b"] == {"x": 1, "y": 3}
    with pytest.raises(GaoziError, match="m.yaml:5: .*“y”重复"):
        load("a: &a {x: 1}\nb:\n  <<: *a\n  y: 3\n  y: 4\n", "m.yaml")


@pytest.mark.parametrize("text", ["a: " + "9" * 5000, "a: !!binary aGk=", "a: !!set {x}", "a: !!omap [x: 1]",
                                  "a: !!pairs [x: 1]"])
def test_values_that_cannot_print_as_text_are_refused_with_the_line(text):
    with pytest.raises(GaoziError, match=r"^t.yaml:1: "):
        load(text, "t.yaml")


@pytest.mark.parametrize("text", ["a: b: c\n", "a:\n\t- b\n", "a: [b, c\n", "a: {b: c\n", "a: \"\\q\"\n", "- a\nb: c\n",
                                  "a: *nope\n", "a: 'open\n", "a: 1\n---\nb: 2\n", "a: !!python/object:os.system x\n"])
def test_yaml_syntax_errors_are_explained_in_chinese(text):  # issue 12, item 21
    with pytest.raises(GaoziError) as info:
        load(text, "t.yaml")
    msg = str(info.value)
    assert msg.startswith("t.yaml") and "YAML 格式错误：" in msg
    detail = msg.split("YAML 格式错误：", 1)[1]
    assert any("\u4e00" <= c <= "\u9fff" for c in detail), msg
    assert not any(w in detail for w in ("found", "expected", "while", "could not", "mapping")), msg


def test_tab_is_named_with_line_and_column():
    with pytest.raises(GaoziError) as exc:
        load("a:\n  b: 1\n\tc: 2\n", "t.yaml")
    assert str(exc.value) == "t.yaml:3: YAML 格式错误：第3行第1列是制表符，YAML 只能用空格缩进（请把制表符换成空格）"


@pytest.mark.parametrize("text", ["a: [1,\n", "a: @x\n", "a: b: c\n", "a: 'x\n", "- a\nb: 1\n", "a: {b: 1\n"])
def test_syntax_errors_are_chinese(text):
    with pytest.raises(GaoziError) as exc:
        load(text, "t.yaml")
    msg = str(exc.value)
    assert "YAML 格式错误" in msg and "行" in msg
    assert not any(w in msg for w in ("found", "expected", "mapping", "while"))


def test_yaml11_sexagesimal_and_octal_stay_text():
    d = load("t: 14:30\nm: 0755\nf: 1:30.5\nn: 10\nz: 0\nx: 0x1f\nr: 1.5\nneg: -3\n", "t.yaml")
    assert d["t"] == "14:30" and d["m"] == "0755" and d["f"] == "1:30.5"
    assert d["n"] == 10 and d["z"] == 0 and d["x"] == 31 and d["r"] == 1.5 and d["neg"] == -3
