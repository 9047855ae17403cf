"""Rule space-gap: a space where a word is missing; punct-width and --fix leave it alone."""
from __future__ import annotations

from generator.lint.check import check_text


def rules(text):
    return sorted({f.rule for f in check_text(text, rules="space-gap,punct-width")})


def test_a_gap_before_a_conjunction_is_a_missing_word_not_a_stray_space():
    found = check_text("要加强 和党风廉政建设。", rules="space-gap,punct-width")
    assert [(f.rule, f.column) for f in found] == [("space-gap", 4)]


def test_other_spaces_between_chinese_stay_punct_width():
    assert rules("要加强党风 廉政建设。") == ["punct-width"]


def test_name_lines_keep_their_space():
    assert rules("县委书记　王明") == []
