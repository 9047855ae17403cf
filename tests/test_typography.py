"""Tests for generator.typography: full-width punctuation, quotes, ellipsis, dash, stray spaces."""
from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text.typography import KINDS, Change, _compose, apply_changes, changes, is_chinese, normalize


@pytest.mark.parametrize("text,expected", [
    # punctuation width
    ("中国,美国", "中国，美国"),
    ("他说:好", "他说：好"),
    ("第一;第二", "第一；第二"),
    ("好!", "好！"),
    ("好吗?", "好吗？"),
    ("你好?!", "你好？！"),
    ("Hello,世界", "Hello，世界"),
    ("中国, 美国", "中国，美国"),
    ("时间:10:30", "时间：10:30"),
    ("完成率85.7%,同比", "完成率85.7%，同比"),
    # brackets
    ("(一)加强领导", "（一）加强领导"),
    ("第(1)项", "第（1）项"),
    ("iPhone (美版)", "iPhone （美版）"),
    ("报告(2024)", "报告（2024）"),
    ("（中)", "（中）"),
    ("(中）", "（中）"),
    ("(a(中)b)", "（a（中）b）"),
    # quotes
    ('落实"三个确保"的要求', "落实“三个确保”的要求"),
    ('"三个确保"', "“三个确保”"),
    ('他说:"好",然后', "他说：“好”，然后"),
    ('"一"和"二"', "“一”和“二”"),
    ("他说'好'的", "他说‘好’的"),
    ("“他说'好'”", "“他说‘好’”"),
    # ellipsis and dash
    ("他说...", "他说……"),
    ("等等…", "等等……"),
    ("等等......", "等等……"),
    ("等等……", "等等……"),
    ("好--坏", "好——坏"),
    ("目标--“三个确保”", "目标——“三个确保”"),
    # spaces
    ("中 文", "中文"),
    ("中\u3000文", "中文"),
    ("你好， 世界", "你好，世界"),
    ("中  文", "中文"),
])
def test_normalize_examples(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("text", [
    "3x3", "10:30", "GB/T 9704-2012", "iPhone 15, Pro", "Markdown **bold**", "85.7%", "1.5万元",
    "上午10:30召开", "He said \"hi\", then (quietly) left... Really?", "It's 中文", "don't",
    "http://example.com/a?b=1;c=2", "f(x)", "[链接](http://a.cn)。", "使用--fix选项", "a--b",
    "**重点**工作", "中 **粗体** 中", "1. 总体要求", "- 列表", "共1,000人", "3:2",
    "等等..", "等等....", "中 , 美", "\u3000\u3000一是前面有缩进", "中\n文", "",
    "第一---第二", "'90年代", "中国.",
])
def test_normalize_leaves_alone(text):
    assert normalize(text) == text
    assert changes(text) == []


def test_speaker_line_keep_fullwidth_space():
    assert normalize("县委书记\u3000王明") == "县委书记王明"
    assert normalize("县委书记\u3000王明", keep_fullwidth_space=True) == "县委书记\u3000王明"
    assert normalize("县委书记 王明", keep_fullwidth_space=True) == "县委书记王明"


def test_unpaired_quote_left_alone():
    assert normalize('他说"好') == '他说"好'


def test_markdown_image_bang_kept():
    assert normalize("中![图](x.png)") == "中![图](x.png)"


def test_changes_describe_kinds():
    text = '他说:"好"...好--坏 中 文'
    found = changes(text)
    assert {c.kind for c in found} == set(KINDS)
    for c in found:
        assert text[c.start:c.end] == c.old
    assert apply_changes(text, found) == normalize(text) == "他说：“好”……好——坏中文"


def test_changes_positions():
    assert changes("中国,美国") == [Change(2, 3, ",", "，", "punct-width")]
    assert changes("中 文") == [Change(1, 2, " ", "", "space")]


def test_changes_across_passes():
    # both ellipses become Chinese first, which makes the space between them stray
    text = "说... ...好"
    assert normalize(text) == "说…………好"
    found = changes(text)
    assert apply_changes(text, found) == normalize(text)
    assert [c.kind for c in found] == ["ellipsis", "space", "ellipsis"]


def test_compose_merges_overlaps():
    orig = "中,中"
    acc = [Change(1, 2, ",", "，", "punct-width")]
    step = [Change(0, 2, "中，", "X", "quote")]
    merged = _compose(orig, acc, step)
    assert merged == [Change(0, 2, "中,", "X", "quote")]
    assert apply_changes(orig, merged) == "X中"


def test_compose_untouched_mapping():
    orig = "ab c,d"
    acc = [Change(2, 3, " ", "", "space")]
    step = [Change(3, 4, ",", "，", "punct-width")]  # on "abc,d"
    merged = _compose(orig, acc, step)
    assert merged == [acc[0], Change(4, 5, ",", "，", "punct-width")]


def test_is_chinese():
    assert is_chinese("中")
    assert is_chinese("，")
    assert is_chinese("“")
    assert not is_chinese("\u3000")
    assert not is_chinese("a")
    assert not is_chinese("")


# ---------------------------------------------------------------------------------------------
# properties

_PIECES = st.sampled_from([
    "中", "国", "文", "好", "，", "。", "“", "”", "（", "）", "…", "……", "——", "、", "\u3000", " ", "  ",
    ",", ":", ";", "!", "?", "(", ")", '"', "'", ".", "...", "--", "-", "a", "b", "Pro", "10:30",
    "85.7%", "1", "x", "*", "**", "[", "]", "/", "\n", "’", "‘",
])
MIXED = st.lists(_PIECES, max_size=40).map("".join)
ANY = st.text(alphabet=st.sampled_from(list("中国文好，。“”（）…—、\u3000 ,:;!?()\"'.-ab1*[]\n")), max_size=60)


@settings(max_examples=600)
@given(st.one_of(MIXED, ANY))
def test_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
    assert changes(once) == []


@settings(max_examples=600)
@given(st.one_of(MIXED, ANY))
def test_changes_reproduce_normalize(text):
    found = changes(text)
    assert apply_changes(text, found) == normalize(text)
    last = 0
    for c in found:
        assert c.kind in KINDS
        assert last <= c.start < c.end <= len(text)
        assert text[c.start:c.end] == c.old
        assert c.old != c.new
        last = c.end


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="ascii"), max_size=60))
def test_pure_ascii_untouched(text):
    assert normalize(text) == text


@settings(max_examples=300)
@given(st.one_of(MIXED, ANY))
def test_keep_fullwidth_space_idempotent(text):
    once = normalize(text, keep_fullwidth_space=True)
    assert normalize(once, keep_fullwidth_space=True) == once
    assert apply_changes(text, changes(text, keep_fullwidth_space=True)) == once
