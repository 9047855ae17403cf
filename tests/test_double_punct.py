"""Rule double-punct: 。。 and ，，."""
from __future__ import annotations

from generator.lint.check import check_text


def test_doubled_marks_are_found_once_per_run():
    found = check_text("要抓好整改。。同时，，，要加强监督。", rules="double-punct")
    assert [(f.column, f.text) for f in found] == [(6, "。。"), (10, "，，，")]


def test_ellipsis_and_dash_are_not_doubled_marks():
    assert check_text("我们要……坚持——不懈。", rules="double-punct") == []
