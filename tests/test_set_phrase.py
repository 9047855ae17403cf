"""Rule set-phrase: a set phrase (成语、套话) said twice in one speech; look-alikes that are not the phrase."""
from __future__ import annotations

import pytest
from conftest import ROOT

from generator import api
from generator.lint.check import check_paragraphs, check_path, check_text
from generator.model.tree import Block, Span, Table
from generator.text.phrases import SET_PHRASES

TITLE = "在全县巡察整改工作推进会上的讲话"


def only(text: str):
    return check_text(text, rules="set-phrase")


def test_a_phrase_said_twice_is_found_at_its_second_use_naming_the_first():
    text = (f"{TITLE}\n同志们：\n这次整改，我们要真抓实干，把问题改到位。\n各单位要举一反三，查找同类问题。\n"
            f"下一步，还要真抓实干，确保按期完成。\n")
    found = only(text)
    assert [(f.line, f.column, f.rule, f.level, f.text) for f in found] == [(5, 7, "set-phrase", "info", "真抓实干")]
    assert "第3行" in found[0].message and "真抓实干" in found[0].message


def test_a_third_use_is_found_too_and_each_family_is_counted_apart():
    text = "要久久为功。更要久久为功。还要久久为功。要举一反三。"
    assert [f.column for f in only(text)] == [9, 16]


def test_two_spellings_of_one_phrase_are_one_phrase():
    found = only("要防止纸面整改。\n坚决杜绝纸上整改。\n")
    assert [(f.line, f.text) for f in found] == [(2, "纸上整改")]
    assert "纸面整改" in found[0].message and "第1行" in found[0].message


@pytest.mark.parametrize("family", SET_PHRASES, ids=lambda fam: fam[0])
def test_every_phrase_of_the_table_is_found_when_said_twice(family):
    p = family[0]
    found = only(f"这次整改，{p}，抓好落实。\n下一步，{p}，确保见效。\n")
    assert [(f.line, f.text) for f in found] == [(2, p)], found


@pytest.mark.parametrize("text", [
    "要认真抓实干部作风建设。\n我们将真抓实干，推动整改。\n",  # 认真|抓实|干部, not 真抓实干
    "各项任务要统一抓到底。\n对反馈问题一抓到底。\n",  # 统一|抓|到底, not 一抓到底
    "不能一刀切开来处理。\n决不搞一刀切。\n",  # 一刀|切开
])
def test_a_phrase_inside_longer_words_is_not_the_phrase(text):
    assert only(text) == []


def test_a_quoted_title_or_name_is_not_a_use():
    text = ("认真学习《关于深化以案促改工作的意见》，各单位要以案促改。\n"
            "开展“回头看”专项行动，县里还将组织“举一反三”大讨论。\n"
            "整改销号后要开展回头看，各单位要举一反三。\n")
    assert only(text) == []


def test_table_cells_are_not_speech():
    rows = [(1, TITLE, "title"), (2, "各单位要举一反三，抓好整改。")]
    rows += [(3 + i, f"{i + 1}\t举一反三排查同类问题\t推进中", "table-text") for i in range(3)]
    assert check_paragraphs(rows, file="t.txt", rules="set-phrase") == []
    # a tab-separated table in a text file is table text as well
    text = "各单位要举一反三。\n序号\t措施\n1\t举一反三排查\n2\t举一反三整改\n"
    assert only(text) == []


def test_table_cells_in_a_docx_are_not_speech(tmp_path):
    doc = api.build(str(ROOT / "templates" / "speech" / "starter.yaml"))
    doc.blocks.append(Block("body", [Span("各单位要攻坚克难，对照检查。")]))
    doc.blocks.append(Table(["序号", "整改措施"], [["1", "攻坚克难排查同类问题"], ["2", "攻坚克难完善制度"]], [20, 120]))
    out = tmp_path / "t.docx"
    out.write_bytes(api.write(doc, "docx"))
    assert check_path(str(out), rules="set-phrase", config=False) == []
    doc.blocks.append(Block("body", [Span("全县上下攻坚克难。")]))  # the same phrase in prose again is a repeat
    out.write_bytes(api.write(doc, "docx"))
    assert [f.text for f in check_path(str(out), rules="set-phrase", config=False)] == ["攻坚克难"]


def test_each_speech_of_a_volume_is_heard_on_its_own():
    rows = [(1, "在石桥镇整改会上的表态发言", "title"), (2, "我们将真抓实干，抓好整改。"),
            (3, "在柳溪乡整改会上的表态发言", "title"), (4, "我们一定真抓实干，按期完成。")]
    assert check_paragraphs(rows, file="汇编.txt", rules="set-phrase") == []
    rows.append((5, "全乡上下真抓实干。"))
    assert [f.line for f in check_paragraphs(rows, file="汇编.txt", rules="set-phrase")] == [5]


def test_an_outline_points_at_the_writers_line_and_the_composer_keeps_the_writers_words(tmp_path):
    f = tmp_path / "o.yaml"
    f.write_text("kind: speech\ntitle: 在整改推进会上的讲话\nopening:\n  - 同志们，这次整改要真抓实干。\n"
                 "sections:\n  - heading: 压实责任\n    body:\n      - 各单位要真抓实干，抓好落实。\n",
                 encoding="utf-8")
    found = check_path(str(f), rules="set-phrase", config=False)
    assert [(f.line, f.rule) for f in found] == [(8, "set-phrase")], found
    assert "第4行" in found[0].message



def test_in_a_persons_draft_two_uses_far_apart_are_not_noted():
    # a real speech says 标本兼治 in its opening and again pages later; close by, or three times, it is noted
    filler = [f"第{i}段要按照部署抓好落实，确保按期完成。" for i in range(6)]
    far = "\n".join(["同志们：", "整改要标本兼治，抓好落实。", *filler, "下一步还要标本兼治。"]) + "\n"
    assert only(far) == []
    three = "\n".join(["同志们：", "整改要标本兼治。", *filler, "要标本兼治。", *filler, "还要标本兼治。"]) + "\n"
    assert len(only(three)) == 2
    near = "同志们：\n整改要标本兼治。\n各单位要抓好落实。\n下一步还要标本兼治。\n"
    assert len(only(near)) == 1
