"""The block syntax parser: roles, continuation lines, lead spans, escapes, template errors."""
from __future__ import annotations

import pytest

from generator.render.blocks import parse
from generator.errors import GaoziError


def test_roles_sources_continuations_and_spans():
    bs = parse("@title 在&lt;会&gt;上\n\n@body#3 <lead>一要&#64;好。</lead>继续\n  续行\n@heading1 一、标题\n")
    assert [(b.role, b.text, b.source) for b in bs] == [
        ("title", "在<会>上", None), ("body", "一要@好。继续续行", 3), ("heading1", "一、标题", None)]
    assert [s.role for s in bs[1].spans] == ["lead", None]


def test_empty_blocks_are_dropped():
    assert [b.role for b in parse("@speaker \n@body 正文\n")] == ["body"]


@pytest.mark.parametrize("text, needle", [
    ("@titel x\n", "未知的段落角色"),
    ("正文没有角色\n", "缺少段落角色"),
    ("@body <lead>没有收尾\n", "不配对"),
    ("@body </lead>先收尾\n", "不配对"),
])
def test_template_mistakes_are_located(text, needle):
    with pytest.raises(GaoziError) as exc:
        parse(text, "k/t.j2")
    assert str(exc.value).startswith("k/t.j2:1") and needle in str(exc.value)


def test_given_the_template_source_problems_point_at_the_templates_own_line():
    source = "{% for i in range(5) %}\n@body 第{{ i }}段\n{% endfor %}\n@bogus 文字\n"
    out = "".join(f"\n@body 第{i}段\n" for i in range(5)) + "\n@bogus 文字\n"
    with pytest.raises(GaoziError) as exc:
        parse(out, "k/t.j2", source)
    (p,) = exc.value.problems
    assert (p.file, p.line, p.code) == ("k/t.j2", 4, "block-syntax") and p.info["output_line"] > 4
    with pytest.raises(GaoziError) as exc:  # written by a macro: the output line is quoted instead
        parse("@body 甲\n@bogus 乙\n", "k/t.j2", "{{ m() }}\n")
    assert exc.value.problems[0].line is None and "第2行" in exc.value.problems[0].message


def test_table_options_cells_and_new_page():
    (t,) = parse("@table newpage widths=10,20 title=附件　台账\n@header 序号<|>问题\n@row 1<|>甲&#124;乙\n")
    assert (t.widths_mm, t.title, t.new_page, t.header, t.rows) == ([10.0, 20.0], "附件　台账", True, ["序号", "问题"], [["1", "甲|乙"]])
    (u,) = parse("@table widths=10\n@row 1\n")
    assert u.new_page is False and u.title is None
