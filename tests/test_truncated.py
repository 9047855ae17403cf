"""Rule truncated: a text that stops mid-sentence at its end."""
from __future__ import annotations

from generator.lint.check import check_text

BODY = "同志们：\n今天我们召开会议，部署巡察整改工作。各单位要高度重视，切实抓好整改落实，确保按期完成。\n"


def found(text):
    return [f.line for f in check_text(text, rules="truncated")]


def test_a_text_cut_off_mid_word_is_reported_at_its_last_line():
    assert found(BODY + "要加强组织领导，压实各方责任，形成整改工作合") == [3]


def test_a_text_ending_in_an_ellipsis_or_a_comma_is_reported():
    assert found(BODY + "要加强组织领导……") == [3]
    assert found(BODY + "要加强组织领导，") == [3]


def test_complete_endings_are_quiet():
    assert found(BODY) == []
    assert found(BODY + "\n中共某某县委员会\n2025年3月8日\n") == []
    assert found(BODY + "谢谢大家！\n预览阅读已结束，若您需要全文请点击联系老师\n") == []  # junk is not the text
    assert found(BODY + "三、压实责任\n") == []  # a short last line: a heading or a name
