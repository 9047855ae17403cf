"""Tests for generator.numbering: numerals, count words, enumerator families, detection."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text.numbering import (
    FAMILIES, HEADING_FAMILIES, MAX_INDEX, RUNIN_FAMILIES, Match, NumberingError,
    canonical_family, cn_count, cn_numeral, count_word, detect, enumerator, find_inline,
    parse_cn_numeral,
)

# ---------------------------------------------------------------------------------------------
# numerals

NUMERALS = {
    0: "零", 1: "一", 2: "二", 10: "十", 11: "十一", 19: "十九", 20: "二十", 21: "二十一",
    99: "九十九", 100: "一百", 101: "一百零一", 110: "一百一十", 111: "一百一十一",
    200: "二百", 1000: "一千", 1001: "一千零一", 1010: "一千零一十", 1100: "一千一百",
    10000: "一万", 10001: "一万零一", 10010: "一万零一十", 10100: "一万零一百",
    11000: "一万一千", 20002: "二万零二", 99999: "九万九千九百九十九",
}


@pytest.mark.parametrize("n,text", sorted(NUMERALS.items()))
def test_cn_numeral_examples(n, text):
    assert cn_numeral(n) == text
    assert parse_cn_numeral(text) == n


@pytest.mark.parametrize("bad", [-1, 100000, 1.5, "3", None, True])
def test_cn_numeral_rejects_out_of_range(bad):
    with pytest.raises(ValueError):
        cn_numeral(bad)


@pytest.mark.parametrize("text,n", [
    ("两", 2), ("两百", 200), ("两千零五", 2005), ("〇", 0), ("一千〇一", 1001), ("一十", 10),
    ("一十一", 11), ("两万", 20000),
])
def test_parse_accepts_variants(text, n):
    assert parse_cn_numeral(text) == n


@pytest.mark.parametrize("junk", [
    "", "abc", "十十", "一二", "零一", "一零", "百", "万", "一百零", "一百五", "一百零十",
    "十两", "两十", "一千零零一", "十万", "一万一万", "三 ", "1", None,
])
def test_parse_rejects_junk(junk):
    with pytest.raises(ValueError):
        parse_cn_numeral(junk)


@given(st.integers(0, 99999))
def test_numeral_round_trip(n):
    assert parse_cn_numeral(cn_numeral(n)) == n


@given(st.integers(0, 99999))
def test_numeral_shape(n):
    text = cn_numeral(n)
    assert "零零" not in text
    assert not text.startswith("一十")
    if n != 0:
        assert not text.endswith("零")
    if 10 <= n <= 19:
        assert text.startswith("十")


def test_cn_count_and_count_word():
    assert cn_count(2) == "两"
    assert cn_count(12) == "十二"
    assert cn_count(22) == "二十二"
    assert cn_count(200) == "二百"
    assert cn_count(3) == "三"
    assert count_word(3, "点") == "三点"
    assert count_word(5, "个方面") == "五个方面"
    assert count_word(2, "点") == "两点"
    assert count_word(11, "条") == "十一条"


# ---------------------------------------------------------------------------------------------
# families

def test_family_tuples():
    assert FAMILIES == ("一、", "（一）", "1.", "（1）", "一要", "一是", "一是要", "第一，", "首先", "一方面")
    assert HEADING_FAMILIES == ("一、", "（一）", "1.", "（1）")
    assert RUNIN_FAMILIES == ("一要", "一是", "一是要", "第一，", "首先", "一方面")


@pytest.mark.parametrize("alias,family", [
    *[(f, f) for f in FAMILIES],
    ("(一)", "（一）"), ("（一)", "（一）"), ("第一", "第一，"), ("第一,", "第一，"), ("第一、", "第一，"),
    ("首先，", "首先"), ("首先/其次/最后", "首先"), ("首先/其次/再次/最后", "首先"),
    ("1．", "1."), ("１．", "1."), ("(1)", "（1）"), ("一方面/另一方面", "一方面"), ("一方面，", "一方面"),
    ("一要/二要", "一要"), (" 一是 ", "一是"),
])
def test_canonical_family_aliases(alias, family):
    assert canonical_family(alias) == family


@pytest.mark.parametrize("bad", ["1、", "甲、", "A.", "", "其次", 3])
def test_canonical_family_unknown(bad):
    with pytest.raises(NumberingError) as exc:
        canonical_family(bad)
    message = str(exc.value)
    assert "可用的有" in message
    for family in FAMILIES:
        assert family in message


def test_canonical_family_hint_for_1_dunhao():
    with pytest.raises(NumberingError, match="1\\."):
        canonical_family("1、")


@pytest.mark.parametrize("family,index,total,expected", [
    ("一、", 11, 11, "十一、"), ("一、", 1, 3, "一、"), ("一、", 21, 30, "二十一、"),
    ("（一）", 12, 12, "（十二）"), ("(一)", 2, 2, "（二）"),
    ("1.", 3, 3, "3."), ("（1）", 3, 5, "（3）"),
    ("一要", 3, 3, "三要"), ("一要", 2, 2, "二要"), ("一要", 11, 12, "十一要"),
    ("一是", 11, 11, "十一是"), ("一是", 2, 3, "二是"),
    ("一是要", 2, 2, "二是要"),
    ("第一，", 11, 11, "第十一，"), ("第一", 2, 2, "第二，"),
    ("首先", 1, 2, "首先，"), ("首先", 2, 2, "其次，"),
    ("首先", 1, 3, "首先，"), ("首先", 2, 3, "其次，"), ("首先", 3, 3, "最后，"),
    ("首先", 1, 4, "首先，"), ("首先", 2, 4, "其次，"), ("首先", 3, 4, "再次，"), ("首先", 4, 4, "最后，"),
    ("一方面", 1, 2, "一方面，"), ("一方面", 2, 2, "另一方面，"),
])
def test_enumerator_examples(family, index, total, expected):
    assert enumerator(family, index, total) == expected


def test_eleven_sections():
    assert [enumerator("一、", i, 11) for i in range(1, 12)][-2:] == ["十、", "十一、"]


@pytest.mark.parametrize("total", [1, 5, 6, 10])
def test_shouxian_bad_totals(total):
    with pytest.raises(NumberingError) as exc:
        enumerator("首先", 1, total)
    assert str(exc.value) == f"“首先/其次/再次/最后”只能用于2至4项，这里有{total}项"


def test_shouxian_five_items_message():
    with pytest.raises(NumberingError, match="只能用于2至4项，这里有5项"):
        enumerator("首先/其次/最后", 5, 5)


@pytest.mark.parametrize("total", [1, 3, 4])
def test_yifangmian_only_two(total):
    with pytest.raises(NumberingError, match="一方面.*只能用于2项"):
        enumerator("一方面", 1, total)


@pytest.mark.parametrize("index,total", [(0, 3), (4, 3), (-1, 3), (1, 0), (MAX_INDEX + 1, MAX_INDEX + 1)])
def test_enumerator_index_out_of_range(index, total):
    with pytest.raises(NumberingError):
        enumerator("一、", index, total)


def test_numbering_error_is_value_error():
    assert issubclass(NumberingError, ValueError)


# ---------------------------------------------------------------------------------------------
# detection

@pytest.mark.parametrize("text,family,index,enum", [
    ("一、提高政治站位", "一、", 1, "一、"),
    ("十一、其他", "一、", 11, "十一、"),
    ("（一）压实责任", "（一）", 1, "（一）"),
    ("(一)压实责任", "（一）", 1, "(一)"),
    ("（十二）其他", "（一）", 12, "（十二）"),
    ("1.总体要求", "1.", 1, "1."),
    ("1．总体要求", "1.", 1, "1．"),
    ("12. 总体要求", "1.", 12, "12. "),
    ("（1）目标", "（1）", 1, "（1）"),
    ("(3)目标", "（1）", 3, "(3)"),
    ("一要增强政治敏锐性。", "一要", 1, "一要"),
    ("二要抓好落实", "一要", 2, "二要"),
    ("十一要坚持", "一要", 11, "十一要"),
    ("一要紧盯问题", "一要", 1, "一要"),
    ("一是统一思想", "一是", 1, "一是"),
    ("二十一是其他", "一是", 21, "二十一是"),
    ("一是一，二是二", "一是", 1, "一是"),
    ("一是要聚焦问题", "一是要", 1, "一是要"),
    ("三是要强化监督", "一是要", 3, "三是要"),
    ("第一，要统一思想", "第一，", 1, "第一，"),
    ("第一,要统一思想", "第一，", 1, "第一,"),
    ("第一、统一思想", "第一，", 1, "第一、"),
    ("第十二，其他", "第一，", 12, "第十二，"),
    ("首先，统一思想", "首先", 1, "首先，"),
    ("其次，聚焦问题", "首先", 2, "其次，"),
    ("再次，强化监督", "首先", 3, "再次，"),
    ("最后，严肃问责", "首先", -1, "最后，"),
    ("首先要提高认识", "首先", 1, "首先"),
    ("其次要压实责任", "首先", 2, "其次"),
    ("一方面，加强领导", "一方面", 1, "一方面，"),
    ("另一方面，完善制度", "一方面", 2, "另一方面，"),
    ("一方面要加强领导", "一方面", 1, "一方面"),
])
def test_detect_examples(text, family, index, enum):
    m = detect(text)
    assert m == Match(family, index, enum, text[len(enum):])
    assert m.enumerator + m.rest == text


@pytest.mark.parametrize("text", [
    "一要素", "三要素齐全", "一是否", "第一项", "第一次", "第一书记", "第一责任人", "第一是",
    "1、2、", "1、", "2024年", "13个", "85.7%", "1.5万元", "1.1 总体要求", "一方面军",
    "首先是", "首先", "最后一次", "再次要求各单位", "统一是", "一、二季度完成", "第一、二季度",
    "（a）", "(1", "十一", "", "　　一是前面有缩进", "两要", "零、", "0.", "01.",
])
def test_detect_rejects(text):
    assert detect(text) is None


def test_match_is_frozen():
    m = detect("一是统一思想")
    with pytest.raises(AttributeError):
        m.index = 2


def test_find_inline_yishi():
    text = "主要是：一是思想认识不到位。二是制度执行统一是个问题；三是监督不力。"
    hits = find_inline(text, "一是")
    assert [h[2] for h in hits] == [1, 2, 3]
    for start, end, index in hits:
        assert text[start:end] == enumerator("一是", index, 3)


def test_find_inline_after_comma_for_runin():
    text = "一是加强领导，二是完善制度，三是强化监督。"
    assert [h[2] for h in find_inline(text, "一是")] == [1, 2, 3]


def test_find_inline_heading_family_inline():
    text = "存在的问题主要是：一、思想方面的问题。一是学习不深入。二、作风方面的问题。一是脱离群众。"
    assert [h[2] for h in find_inline(text, "一、")] == [1, 2]
    assert [h[2] for h in find_inline(text, "一是")] == [1, 1]


def test_find_inline_heading_family_not_after_comma():
    assert find_inline("分为两类，一、二季度和其他", "一、") == []


def test_find_inline_yishiyao_not_yishi():
    text = "要求：一是要统一思想。二是要聚焦问题。"
    assert find_inline(text, "一是") == []
    assert [h[2] for h in find_inline(text, "一是要")] == [1, 2]


def test_find_inline_shouxian_and_order_kept():
    text = "首先，统一思想。最后，严肃问责。其次，聚焦问题。"
    assert [h[2] for h in find_inline(text, "首先/其次/最后")] == [1, -1, 2]


def test_find_inline_after_closing_quote():
    text = "一是落实“三个确保”。”二是加强监督。"
    assert [h[2] for h in find_inline(text, "一是")] == [1, 2]


def test_find_inline_unknown_family():
    with pytest.raises(NumberingError):
        find_inline("一是", "甲")


# ---------------------------------------------------------------------------------------------
# properties: every enumerator we write is read back

_TOTALS = {"首先": st.integers(2, 4), "一方面": st.just(2)}
REST = st.sampled_from(["", "加强组织领导。", "统一思想，提高认识。", "坚持问题导向", "“三个确保”"])


@st.composite
def family_item(draw):
    family = draw(st.sampled_from(FAMILIES))
    total = draw(_TOTALS.get(family, st.integers(1, MAX_INDEX)))
    index = draw(st.integers(1, total))
    return family, index, total


@settings(max_examples=400)
@given(family_item(), REST)
def test_enumerator_detected_back(item, rest):
    family, index, total = item
    enum = enumerator(family, index, total)
    m = detect(enum + rest)
    assert m is not None
    assert m.family == family
    last_of_shouxian = family == "首先" and index == total and total >= 3
    assert m.index == (-1 if last_of_shouxian else index)
    assert m.enumerator + m.rest == enum + rest


@settings(max_examples=200)
@given(st.sampled_from(FAMILIES), st.integers(1, 4), REST)
def test_find_inline_reads_written_list(family, total, rest):
    if family == "一方面":
        total = 2
    elif family == "首先":
        total = max(total, 2)
    parts = [enumerator(family, i, total) + (rest or "某项") for i in range(1, total + 1)]
    text = "主要是：" + "。".join(parts) + "。"
    hits = find_inline(text, family)
    expected = [-1 if family == "首先" and i == total and total >= 3 else i for i in range(1, total + 1)]
    assert [h[2] for h in hits] == expected


_INLINE_ALPHABET = (list("一二三四五是要、，。；：（）()1.．第首先其次最后另方面 　”x")
                    + ["一是", "二是", "一、", "（一）", "1.", "第一，", "首先，", "其次，", "一要", "三是要", "一方面，"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_INLINE_ALPHABET), max_size=40).map("".join))
def test_find_inline_all_is_find_inline_for_every_family_in_one_pass(text):
    from generator.text.numbering import FAMILIES, find_inline, find_inline_all

    per_family = sorted((s, e, fam, i) for fam in FAMILIES for s, e, i in find_inline(text, fam))
    assert sorted(find_inline_all(text)) == per_family


@given(st.text(max_size=60), st.integers(min_value=0, max_value=70))
def test_detect_at_is_detect_of_the_tail(text, pos):
    from generator.text.numbering import detect, detect_at

    m = detect(text[pos:]) if pos <= len(text) else None
    got = detect_at(text, pos)
    assert got == (None if m is None else (m.family, m.index, m.enumerator))
