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


def test_web_text_look_alikes_are_quiet():
    # the AB岗 rota, the discharge standard 一级A, an online service named e…/i…
    assert cols("落实AB岗制度，A岗外出时B岗及时补位。") == []
    assert cols("出水水质稳定达到一级A标准，A标段年内完工。") == []
    assert cols("开通“e企办”企业服务专区，推广“i青田”APP。") == []
    assert cols("在年度考核中被评为“A等”，这个问题说过N次了。") == []
    assert cols("按照“1+3+N”的思路，培育N个品牌。") == []


def test_the_stand_in_letter_is_still_found_next_to_the_look_alikes():
    assert cols("落实AB岗制度，加强D内监督。") == [11]
    assert cols("开通“e企办”专区，落实管D治D责任。") == [14, 16]
