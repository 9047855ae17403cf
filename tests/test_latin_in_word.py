"""Rule latin-in-word: a Latin letter standing for a character (D内监督)."""
from __future__ import annotations

from generator.lint.check import check_text


def cols(text):
    return [f.column for f in check_text(text, rules="latin-in-word")]


def test_d_for_dang_is_found():
    assert cols("要加强D内监督。") == [4]
    assert cols("D内监督不能放松。") == [1]
    assert cols("落实管D治D责任。") == [4, 6]


def test_look_alikes_are_quiet():
    assert cols("做B超检查，关注A股市场，规范U盘管理，创建3A景区，推进5G建设，使用iPhone办公。") == []
    assert cols("由xx同志负责。") == []  # x is the placeholder rule's
