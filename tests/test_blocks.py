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


def test_table_options_cells_and_new_page():
    (t,) = parse("@table newpage widths=10,20 title=附件　台账\n@header 序号<|>问题\n@row 1<|>甲&#124;乙\n")
    assert (t.widths_mm, t.title, t.new_page, t.header, t.rows) == ([10.0, 20.0], "附件　台账", True, ["序号", "问题"], [["1", "甲|乙"]])
    (u,) = parse("@table widths=10\n@row 1\n")
    assert u.new_page is False and u.title is None
