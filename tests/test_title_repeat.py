"""Rule title-repeat: the title pasted again at the start of the body."""
from __future__ import annotations

from generator.lint.check import check_text

TITLE = "在全县巡察整改工作会议上的讲话"


def test_a_repeated_title_is_found():
    found = check_text(f"{TITLE}\n{TITLE}\n同志们：\n今天开会。\n", rules="title-repeat")
    assert [f.line for f in found] == [2]


def test_the_title_mentioned_later_or_a_short_title_is_quiet():
    assert check_text(f"{TITLE}\n同志们：\n今天开会。\n再说{TITLE}。\n", rules="title-repeat") == []
    assert check_text("讲话\n讲话\n", rules="title-repeat") == []
