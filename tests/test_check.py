"""Tests of `gaozi check`: the five seeds, planted problems and their look-alikes, --fix, the CLI."""
from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.lint import check
from generator.lint.check import Finding, check_paragraphs, check_path, check_text, fix_text, fix_yaml
from generator.errors import GaoziError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def errors(findings):
    return sorted((f.rule, f.line) for f in findings if f.level == "error")


def rules_at(findings, rule):
    return sorted(f.line for f in findings if f.rule == rule)


def only(text, rule, **kw):
    return [f for f in check_text(text, **kw) if f.rule == rule]


def cli(*args, input=None):
    from generator.cli import main

    return CliRunner().invoke(main, ["check", *args], input=input)


# ---------------------------------------------------------------------------------------------
# the five seeds (test input only: read from ../shared/seeds, skipped when absent)

def seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("seeds folder absent")
    found = sorted(SEEDS.glob(prefix + "_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} absent")
    return found[0]


SEED_ERRORS = {
    # 某某市 ×2, x个方面 xx项 (line 2), x月 (line 5)
    "000": [("placeholder", 2)] * 4 + [("placeholder", 5)],
    # **同志 ×2 (3), **乡 (9, 22), 長 (20)
    "001": [("placeholder", 3), ("placeholder", 3), ("placeholder", 9), ("placeholder", 22),
            ("traditional-char", 20)],
    # *市 (4), *作为*市 (7), _总书记 (17); headings run 一、 then 三、 (20)
    "002": [("enum-sequence", 20), ("placeholder", 4), ("placeholder", 7), ("placeholder", 7),
            ("placeholder", 17)],
    # x同志 (2)
    "003": [("placeholder", 2)],
    # 三、…一是…二是…四是 inside the findings paragraph: 四是 should be 四、
    "004": [("enum-sequence", 3)],
}
SEED_JUNK = {"000": [23, 24], "001": list(range(24, 46)), "002": [], "003": [9, 10], "004": []}


@pytest.mark.parametrize("prefix", sorted(SEED_ERRORS))
def test_seed_errors_exactly(prefix):
    found = check_path(str(seed(prefix)))
    assert errors(found) == sorted(SEED_ERRORS[prefix])
    assert rules_at(found, "junk") == SEED_JUNK[prefix]
    # nothing but punctuation width, junk and hard line breaks below error level (002 is cut off at its end;
    # 001 says 举一反三, 标本兼治, 动真碰硬/较真碰硬 … twice: set-phrase, info)
    truncated = {"truncated"} if prefix == "002" else set()
    phrases = {"set-phrase"} if prefix == "001" else set()
    assert {f.rule for f in found if f.level != "error"} <= {"punct-width", "junk", "broken-line"} | truncated | phrases
    assert all(f.level == "info" for f in found if f.rule == "set-phrase")
    assert truncated <= {f.rule for f in found}


def test_seed_000_details():
    found = check_path(str(seed("000")))
    texts = [(f.line, f.column, f.text) for f in found if f.rule == "placeholder"]
    assert texts == [(2, 3, "某某市"), (2, 45, "x"), (2, 49, "xx"), (2, 69, "某某市"), (5, 72, "x")]
    # 我讲五点意见 + （一）…（五）: the count matches; （一） as the top level is fine
    assert not [f for f in found if f.rule in ("count-mismatch", "heading-order")]
    assert any(f.rule == "punct-width" and f.text == "," for f in found)


def test_seed_001_traditional_and_stars():
    found = check_path(str(seed("001")))
    trad = [f for f in found if f.rule == "traditional-char"]
    assert [(f.line, f.text) for f in trad] == [(20, "長")]
    stars = [(f.line, f.text) for f in found if f.rule == "placeholder"]
    assert stars == [(3, "**"), (3, "**"), (9, "**"), (22, "**")]
    # 一级抓一级、层层抓落实、件件有着落、事事有回音 are not repeats
    assert not [f for f in found if f.rule == "repeat"]


def test_seed_002_truncated_and_broken():
    found = check_path(str(seed("002")))
    gap = [f for f in found if f.rule == "enum-sequence"]
    assert len(gap) == 1 and gap[0].text == "三、" and "二、" in gap[0].message
    # 我讲三点意见 with 一、三、: the gap is the problem, not the count (and the text is truncated)
    assert not [f for f in found if f.rule in ("count-mismatch", "punct-pair", "heading-order")]
    assert rules_at(found, "broken-line") == [6, 7, 8, 9, 12, 14, 18]
    # the 【提纲】 paragraph repeats the headings by design
    assert not [f for f in found if f.rule == "repeat"]


def test_seed_003_inline_causes_and_shouxian():
    found = check_path(str(seed("003")))
    assert not [f for f in found if f.rule in ("count-mismatch", "enum-sequence")]


def test_seed_004_hint():
    found = check_path(str(seed("004")))
    (f,) = [f for f in found if f.rule == "enum-sequence"]
    assert f.text == "四是" and "四、" in f.message


# ---------------------------------------------------------------------------------------------
# planted problems (original text) and their look-alikes

PLANTED = """在全镇巡察整改工作部署会议上的讲话
同志们：
今天，xx同志通报了巡察反馈的情况，共发现3个方面12项问题，涉及某某村和某局。对整改工作，我讲三点意见。
一、统一思想
一要提高认识。各村要把整改作为政治任务。
二要压实责任。要建立“三张清单。
四要强化督办。督办组要每周通报一次。
二、聚焦问题
（1）资金问题。财政所要在2025年03月08日前完成清理，6月31日前全部销号。
三、健全机制
一是建立台账。对照问题逐项登记。
二是完善制度。要建立長效机制。
二是加强督查。要传达了传达了上级的要求，不能把问题的的原因搞错。
四、严明纪律
要在20xx年____月前全部完成，由【待补充】同志负责，*市和_总书记的讲话精神要深入学习。
要在20xx年____月前全部完成，由【待补充】同志负责，*市和_总书记的讲话精神要深入学习。
首先，要提高站位。其次，要压实责任。最后，要严肃问责。其次，要加强宣传。
同志们，我就讲这些，谢谢大家。
推荐阅读
某某活动方案02-26
"""


def test_planted_everything_found():
    found = check_text(PLANTED, file="planted.txt")
    got = Counter((f.rule, f.line) for f in found if f.rule != "punct-width")
    want = Counter({
        ("placeholder", 3): 3, ("count-mismatch", 3): 1, ("punct-pair", 6): 1, ("enum-sequence", 7): 1,
        ("heading-order", 9): 1, ("date-format", 9): 2, ("traditional-char", 12): 1, ("enum-sequence", 13): 1,
        ("repeat", 13): 2, ("placeholder", 15): 5, ("placeholder", 16): 5, ("repeat", 16): 1,
        ("enum-sequence", 17): 1, ("junk", 19): 1, ("junk", 20): 1,
    })
    assert got == want


LOOKALIKES = """在全县审计整改工作推进会议上的讲话
同志们：
今天召开这次会议，主要是听取各单位审计整改的进展情况。刚才，县审计局通报了某些单位整改滞后的问题，某种程度上反映出我们责任压得不实。对某一类问题，要一查到底；对某个环节的漏洞，要举一反三。王某某、张某的违纪案件已经查结，某市场主体的欠款也已追回。下面，我讲三点意见。
一、提高认识，把整改当作政治任务
各单位要**坚持问题导向**，一级抓一级、层层抓落实，做到件件有着落、事事有回音。我们常常讲，整改要看看群众满不满意。要蓄（xù）积力量，把每一个问题都研究研究、梳理梳理，一步一步地解决。
一要明确责任。主要负责同志要亲自抓，分管同志要具体抓。
二要倒排工期。对照问题清单，一项一项倒排时间，实实在在推进。
三要强化督办。督办组要的的确确把情况摸清楚，为了了解真实情况，现在在座的同志要带头下去。
二、突出重点，把难点问题改到位
（一）资金问题。财政局要在2025年3月8日前完成清理，医院添置的x光设备、3x3米的展板、X5型号的公务用车、iPhone X手机都要登记入账，面积按3×4平方米计算。
（二）项目问题。对已经建成的项目，要建立管护机制，用12个月时间完成验收，确保2月29日前后不出现新的问题。
三、严明纪律，把整改成效巩固好
第一，要严格考核。把整改情况纳入年度考核，与干部使用挂钩。
第二，要严肃问责。对敷衍整改、虚假整改的，发现一起、查处一起。
同志们，整改工作是不是不到位，群众最有发言权。我就讲这些，谢谢大家！
"""


def test_lookalikes_clean():
    assert check_text(LOOKALIKES) == []


@pytest.mark.parametrize("text,tok", [
    ("发现了x个方面xx项问题", ["x", "xx"]),
    ("由XX同志和XXX同志负责", ["XX", "XXX"]),
    ("××县的××同志", ["××", "××"]),
    ("在20xx年和201x年", ["20xx", "201x"]),
    ("二〇××年", ["××"]),
    ("____年__月__日", ["____", "__", "__"]),
    ("学习_总书记的讲话", ["_"]),
    ("*市和*作为*市", ["*", "*", "*"]),
    ("由**同志负责", ["**"]),
    ("**同志组织学习，**同志通报情况", ["**", "**"]),
    ("由***同志负责", ["***"]),
    ("今年某某市审计部门", ["某某市"]),
    ("某县、某局、某镇、某乡、某村、某区、某省", ["某县", "某局", "某镇", "某乡", "某村", "某区", "某省"]),
    ("由某某负责", ["某某"]),
    ("和某某一起", ["某某"]),
    ("时间【待补充】地点【待定】", ["【待补充】", "【待定】"]),
    ("地点（待定）", ["（待定）"]),
    ("由○○同志负责", ["○○"]),
    ("在某街道召开", ["某街道"]),
    ("采购xx型设备", ["xx"]),
    ("构建“1+xx”政策体系", ["xx"]),
    ("某市原计划投资1亿元", ["某市"]),  # 原 = "originally": still a blank
    ("某市审计部门印发了实施方案", ["某市"]),  # 方案 is not a case
    ("某村原党支部书记和某某县原县长", ["某某县"]),  # 某某 is always a blank
])
def test_placeholder_positive(text, tok):
    assert [f.text for f in only(text, "placeholder")] == tok


@pytest.mark.parametrize("text", [
    "某些单位、某种程度、某一方面、某个环节、某项工作、某方面、某次会议",
    "王某某受贿一案、张某同志、李某",
    "某市场主体、某区域、某村民小组",
    "某村原党支部书记在忏悔书里写道，某县原副县长、某局原局长都受到了处分",
    "一是某镇财政所原所长贪污案；二是某局违规发放津补贴案",
    "要**坚持问题导向**，做到**真改实改**。",
    "蓄(xù)积力量，蓄（xu4）水",
    "x光、X射线、X型人才、3x3米、2×4米、X5型、iPhone X、10x倍",
    "面积按3 × 4计算，3*4=12",
    "***",
    "* 列表项",
    "文件名 file_name.txt",
    "【提纲】一、提高认识。",
    "Excel表格、Linux系统、box",
    "推进“1+X”证书制度试点，构建“1＋X”政策体系",
])
def test_placeholder_negative(text):
    assert only(text, "placeholder") == []


def test_count_mismatch_cases():
    assert only("对此，我强调两点：一是要提高认识。二是要压实责任。三是要严肃问责。", "count-mismatch")
    assert only("原因有以下三个方面：\n一是思想认识不到位。\n二是责任落实不到位。", "count-mismatch")
    assert only("下面，我讲三点意见。\n一、提高认识\n正文。\n二、压实责任\n正文。", "count-mismatch")
    f = only("下面，我讲三点意见。\n一、提高认识\n正文。\n二、压实责任\n正文。", "count-mismatch")[0]
    assert (f.line, f.column, f.text) == (1, 6, "三点意见") and "2项" in f.message
    assert only("下面，我讲两点意见。\n一、甲\n二、乙\n三、丙", "count-mismatch")
    assert only("季东升提出了三点整改意见建议：一是甲。二是乙。", "count-mismatch")
    assert only("我讲三句话：首先，甲。其次，乙。再次，丙。最后，丁。", "count-mismatch")
    # a report ends with a signature and a date: complete, not truncated
    assert only("下面，我讲三点意见。\n一、甲\n正文。\n二、乙\n正文。\n县委办公室\n2025年3月18日", "count-mismatch")


@pytest.mark.parametrize("text", [
    "下面我讲几点意见。\n一、甲\n二、乙",  # no number
    "下面，我讲三点意见。\n一、甲\n正文。\n二、乙\n正文……",  # truncated
    "下面，我讲三点意见。\n一、甲\n正文。\n二、乙\n各单位要，",  # breaks off mid-sentence
    "共发现3个方面15项问题，这三个案例涉及三名同志。\n一是甲。\n二是乙。",
    "三点半开会，四点钟结束，我讲两点：一是准时，二是高效。",
    "发现问题15项：一是甲。二是乙。",
    "下面，我讲三点意见。\n一、甲\n三、丙",  # the gap is enum-sequence's
    "第三点意见：一是甲。",
    "下面，我讲三点意见。\n一、甲\n二、乙\n三、丙",
])
def test_count_mismatch_negative(text):
    assert only(text, "count-mismatch") == []


@pytest.mark.parametrize("text,line", [
    ("一要甲。\n二要乙。\n四要丙。", 3),
    ("一是甲。\n二是乙。\n二是丙。", 3),
    ("一要甲，二是乙，三是丙。", 1),
    ("一、甲\n二、乙\n四、丙", 3),
    ("一是甲。\n二是乙。\n三是丙。\n二是丁。", 4),
    ("二、甲\n三、乙", 1),
    ("首先，甲。再次，乙。", 1),
    ("首先，甲。其次，乙。再次，丙。再次，丁。最后，戊。", 1),
    ("首先，甲。其次，乙。最后，丙。其次，丁。", 1),
    ("第一，甲。第二，乙。第二，丙。", 1),
])
def test_enum_sequence_positive(text, line):
    found = only(text, "enum-sequence")
    assert [f.line for f in found] == [line]


@pytest.mark.parametrize("text", [
    "一是一、二是二，说一是一。",
    "一、二季度完成，三、四季度巩固。",
    "最后，我再强调一点。其次，大家要注意安全。",
    "一方面要学习，另一方面要落实。",
    "要当好第一责任人，第一时间处置。",
    "一、甲\n一是甲。\n二是乙。\n二、乙\n一是丙。\n二是丁。",
    "一是甲。二是乙。\n这是过渡段。\n一是丙。二是丁。",
    "首先，甲。其次，乙。再次，丙。最后，丁。",
])
def test_enum_sequence_negative(text):
    assert only(text, "enum-sequence") == []


@pytest.mark.parametrize("text,bad", [
    ("（一）甲\n正文。\n（二）乙\n一、丙", 4),
    ("一、甲\n（1）乙。", 2),
    ("一、甲\n（一）乙\n1.正文。\n二、丙\n1.正文。", 5),
])
def test_heading_order_positive(text, bad):
    assert [f.line for f in only(text, "heading-order")] == [bad]


@pytest.mark.parametrize("text", [
    "（一）甲\n（二）乙",
    "一、甲\n1.乙。正文。\n2.丙。正文。\n二、丁",
    "一、甲\n（一）乙\n1.丙\n（1）丁\n二、戊",
    "（一）甲\n（1）乙。\n（2）丙。",
])
def test_heading_order_negative(text):
    assert only(text, "heading-order") == []


def test_punct_width_and_pair():
    found = only("今天,我们开会:研究(整改)问题!对吗?", "punct-width")
    assert [f.text for f in found] == [",", ":", "(", ")", "!", "?"]
    assert [f.text for f in only('要建立"一本账"...中--英', "punct-width")] == ['"', '"', "...", "--"]
    assert [f.text for f in only("汉 字", "punct-width")] == [" "]
    assert only("Hello, world: fine (ok)!", "punct-width") == []
    assert [f.text for f in only("要建立“三张清单。", "punct-pair")] == ["“"]
    assert [f.text for f in only("学习《条例”和》", "punct-pair")] == ["”"]
    assert [f.text for f in only("这是）多出的括号", "punct-pair")] == ["）"]
    assert only("“一本账”‘小账’《条例》（附件）(附件)", "punct-pair") == []
    assert only("1）加强学习。", "punct-pair") == []
    assert only("Xi’an 的“长安”", "punct-pair") == []



def test_punct_pair_quotation_of_several_paragraphs():
    # each paragraph of a long quotation opens with “, only the last one closes it (GB/T 15834)
    quoted = "他在忏悔书里写道：\n“刚当书记那几年，我也想办点实事。\n“后来资金多了，慢慢就觉得自己说了算。\n“等到谈话时才知道后悔已经晚了。”\n这段话值得深思。"
    assert only(quoted, "punct-pair") == []
    # a quotation that never closes, and a paragraph whose opening quote the next one does not continue
    assert [f.line for f in only(quoted.replace("晚了。”", "晚了。"), "punct-pair")] == [4]
    assert [f.line for f in only("“要加强学习。\n各单位要抓好落实。", "punct-pair")] == [1]
    assert [f.line for f in only("要“加强学习。\n“各单位要抓好落实。”", "punct-pair")] == [1]


def test_traditional_char():
    assert [f.text for f in only("要建立長效机制，關鍵在落實。", "traditional-char")] == ["長", "關", "鍵", "實"]
    # phrases that keep these characters in simplified Chinese
    assert only("乾坤、乾隆年间、著名、显著、著作、余光中、沈阳、面条、只有、干部、发展、后来、里面", "traditional-char") == []
    # place names t2s would change: 乾县, 乾安县, 乾陵; a traditional character next to them still is found
    assert only("乾县、乾安县的干部到乾陵参观", "traditional-char") == []
    assert [f.text for f in only("乾县要做好巡察整改的後半篇文章，乾淨利落", "traditional-char")] == ["後", "乾", "淨"]
    whole = "這是一篇用繁體字寫成的講話稿，各單位要認真學習，嚴格落實整改責任，確保問題整改到位。" * 2
    found = only(whole, "traditional-char")
    assert len(found) == 1 and "全文" in found[0].message


def test_repeat():
    assert [f.text for f in only("要传达了传达了会议精神。", "repeat")] == ["传达了传达了"]
    assert [f.text for f in only("问题的的原因。", "repeat")] == ["的的"]
    assert [f.text for f in only("要加强加强管理。", "repeat")] == ["加强加强"]
    same = "各单位要对照问题清单逐项整改到位。"
    found = only(f"{same}这是别的话。\n另一段。{same}", "repeat")
    assert [(f.line, f.rule) for f in found] == [(2, "repeat")]
    para = "各单位要对照问题清单逐项整改到位，确保件件有着落。"
    assert [f.line for f in only(f"{para}\n{para}", "repeat")] == [2]
    assert only("谢谢大家。\n谢谢大家。", "repeat") == []  # too short to matter
    ok = ("常常看看，层层件件事事，实实在在，的的确确，认认真真，一步一步，研究研究，一级抓一级，"
          "目的的实现，为了了解，现在在座，所有有效，是不是不愿意，一是一，不了了之，是是非非。")
    assert only(ok, "repeat") == []



def test_repeat_a_word_doubled_to_open_a_clause_is_rhetoric():
    # 整改整改，重在真改: the speaker says the word twice on purpose, as a clause of its own
    assert only("整改整改，重在真改。巡察巡察，重在发现问题。", "repeat") == []
    assert only("同志们，整改整改，关键在改。", "repeat") == []
    # the slips next to it are still found: inside a clause, or not closed by a comma
    assert [f.text for f in only("整改整改，重在真改。会议传达了传达了省委精神。", "repeat")] == ["传达了传达了"]
    assert [f.text for f in only("要加强加强，管理。", "repeat")] == ["加强加强"]
    assert [f.text for f in only("整改整改重在真改。", "repeat")] == ["整改整改"]


@pytest.mark.parametrize("text,bad", [
    ("2025年03月08日", True), ("3月08日", True), ("2025年2月30日", True), ("2025年13月", True),
    ("6月31日", True), ("2023年2月29日", True), ("二月三十日", True), ("0月", True),
    ("2025年3月8日", False), ("2024年2月29日", False), ("2月29日", False), ("12个月", False),
    ("第3月", False), ("三月", False), ("12月31日", False), ("二〇二五年三月八日", False),
])
def test_date_format(text, bad):
    assert bool(only(text, "date-format")) is bad


def test_length_text_and_rate():
    text = "整" * 2200  # 10 minutes at 220 a minute
    assert only(text, "length") == []  # text input: only with a target
    assert only(text, "length", target_minutes=10) == []
    assert only(text, "length", target_minutes=8.7) == []  # 10 against 8.7: 14.9% over
    assert only(text, "length", target_minutes=8.6)  # 16.3% over
    assert only(text, "length", target_minutes=12)
    assert only(text, "length", target_minutes=5, rate=440) == []


def test_junk_decisions():
    text = "正文第一段。\n预览阅读已结束，若您需要全文或代笔。\n请点击👉 某人 👈联系老师\n推荐阅读\n某某活动方案02-26\n2026计划实施方案02-26"
    found = check_text(text)
    assert [(f.rule, f.line) for f in found] == [("junk", 2), ("junk", 3), ("junk", 4), ("junk", 5), ("junk", 6)]
    # a real paragraph mentioning these words is not junk
    assert only("各单位要在网站公布整改情况，请点击率高的栏目要及时更新，群众可以阅读原文件。" * 3, "junk") == []


def test_junk_look_alikes_in_body_text():
    # the shared junk table takes these for a view counter, a footer, a URL watermark, a breadcrumb
    body = ["据统计，“浙里办”南湖区专区上线以来，APP下载量突破21万次，累计访问量180万人次。",
            "群众如有意见建议，可通过以下方式反映：监督电话0571-64521739，电子邮箱qsxczg@163.com。",
            "（三）建立“交办→整改→验收→销号”闭环机制",
            "2.推行“周调度→月通报→季考核”",
            "联系人：乡党政综合办公室　吴丽华，联系电话：0576-83817265。",
            "（联系人：周丽，联系电话：0576-83817265）",
            "（三）发布时间：每月5日前",
            "发布时间：每季度末前10天，由县政府办统一发布。",
            "一是加强学习→二是深入调研→三是推动整改",
            "主办单位：县委组织部；承办单位：县委党校。",
            "《关于印发<白沙乡巡察整改工作方案>的通知》",
            "会议于9:30开始,访问http://www.qx.gov.cn/a.html了解详情,比例为3:2."]
    for line in body:
        assert only(f"正文第一段。\n{line}\n正文最后一段。", "junk") == [], line
    # the real junk next to them is still found
    junk = ["浏览次数：1386", "首页 > 新闻中心 > 乡镇动态", "联系电话：0571-88886666　地址：县府路1号",
            "版权所有：清溪县人民政府办公室，联系电话：0571-12345678。",
            "（来源：清溪县纪委监委网站 http://www.qxjw.gov.cn/art/2024/7/9/art_1283_56712.html）",
            "原创　南湖审计　2024年05月22日 17:05　浙江", "原创 清溪发布 2024-05-22 08:30",
            "发布时间：2024-07-09 16:42　浏览次数：1386", "主办单位：清溪县人民政府办公室　承办单位：县大数据中心"]
    for line in junk:
        found = check_text(f"正文第一段。\n{line}\n正文最后一段。")
        assert [(f.rule, f.line) for f in found] == [("junk", 2)], line


def test_name_lists_and_contact_notes_keep_their_full_width_spaces():
    for line in ("出席会议的县领导：林　涛　王　军　蒋丽萍", "联系人：乡党政综合办公室　吴丽华，联系电话：0576-83817265。"):
        assert only(f"正文第一段。\n{line}", "punct-width") == [], line
        assert fix_text(f"正文第一段。\n{line}")[0] == f"正文第一段。\n{line}"
    # a stray space in a sentence, and a short list of two, are still reported
    assert only("各单位要抓好整改　落实。", "punct-width")
    assert only("主要任务：党风　廉政", "punct-width")
    assert only("出席会议的县领导：林　涛　王　军　蒋丽萍，县委办主任。", "punct-width")


def test_headings_run_together_in_one_paragraph():
    # a copy that lost its line breaks: 1.…2.…3.… (or （1）…；（2）…) in one paragraph is one list
    for para in ("（1）加强学习；（2）压实责任；（3）严格考核。", "一、加强学习；二、压实责任；三、严格考核。",
                 "（一）压实责任\n1.明确分工。2.强化考核。3.严格问责。\n（二）完善制度\n1.健全机制。2.严格执行。"):
        assert check_text(f"同志们：\n{para}\n谢谢大家！") == [], para
    # a gap inside it is reported as a gap, and the announced count still counts its items
    found = check_text("同志们：\n1.加强学习；2.压实责任；4.严格考核。\n谢谢大家！")
    assert [(f.rule, f.line) for f in found] == [("enum-sequence", 2)] and "缺少“3.”" in found[0].message
    assert [f.rule for f in check_text("我讲三点意见。\n一、加强学习；二、压实责任。")] == ["count-mismatch"]


def test_attachment_list_is_a_list_of_its_own():
    report = "关于整改情况的报告\n县委巡察办：\n现将整改情况报告如下，请审阅。\n附件：1.整改任务清单\n2.整改完成情况统计表"
    assert check_text(report) == []
    # its own numbering is still checked, and it does not break the body's headings around it
    assert [(f.rule, f.line) for f in check_text(report.replace("2.整改", "3.整改"))] == [("enum-sequence", 5)]
    assert check_text("同志们：\n一、提高站位\n内容。\n附件：1.清单\n2.统计表\n二、压实责任\n内容。") == []


def test_outline_summary_block():
    text = ("【提纲】\n一、提高站位\n二、压实责任\n（一）明确分工\n三、严明纪律\n在全县整改会议上的讲话\n同志们：\n"
            "下面，我讲三点意见。\n一、提高站位\n正文。\n二、压实责任\n正文。\n三、严明纪律\n正文。")
    assert check_text(text) == []
    bad = text.replace("三、严明纪律\n正文。", "四、严明纪律\n正文。")
    assert [(f.rule, f.line) for f in check_text(bad)] == [("enum-sequence", 13)]
    assert [(f.rule, f.line) for f in check_text(text.replace("三、严明纪律\n在", "四、严明纪律\n在"))] == [
        ("enum-sequence", 5)]


def test_broken_line_joined():
    text = "同志们：\n今天我们召开会议，主要是研究“\n整改”的问题，大家要高度重视。\n一、甲"
    found = check_text(text)
    assert [(f.rule, f.line) for f in found] == [("broken-line", 2)]


def test_broken_line_not_after_a_subtitle_nor_before_a_speaker_line():
    head = "关于审计查出问题整改情况的报告\n——2024年8月27日在县人民代表大会常务委员会第二十一次会议上\n县审计局局长　方卫国\n主任、各位委员：\n现将整改情况报告如下。"
    assert only(head, "broken-line") == []
    # a sentence broken in the body still is, after a subtitle line as well
    body = "同志们：\n今天我们召开会议，主要是听取各单位的\n整改进展情况，大家要高度重视。"
    assert [f.line for f in only(body, "broken-line")] == [2]
    assert [f.line for f in only(head + "\n" + body, "broken-line")] == [7]

    text = "由xx同志负责。gaozi: ignore=placeholder\n由xx同志负责，的的确确。"
    assert [f.line for f in only(text, "placeholder")] == [2]
    assert check_text("由xx同志负责。gaozi: ignore") == []
    assert {f.rule for f in check_text("今天,由xx同志负责", rules=["placeholder"])} == {"placeholder"}
    assert {f.rule for f in check_text("今天,由xx同志负责", ignore="placeholder,repeat")} == {"punct-width"}
    with pytest.raises(GaoziError) as exc:
        check_text("x", rules=["placeholdr"])
    assert "placeholder" in str(exc.value)


def test_check_paragraphs_api():
    found = check_paragraphs([(10, "由xx同志负责。"), (12, "第二段。")], file="a.txt")
    assert found == [Finding("a.txt", 10, 2, "placeholder", "error", "占位符“xx”尚未替换，请填写实际内容", "xx")]
    assert set(found[0].to_dict()) == {"file", "line", "column", "rule", "level", "message", "text"}
    # "\n" inside a paragraph: the second line of the same paragraph
    found = check_paragraphs([(5, "第一行，\n第二行有xx。")], file="a.txt", rules=["placeholder"])
    assert [(f.line, f.column) for f in found] == [(6, 5)]


# ---------------------------------------------------------------------------------------------
# inputs: encodings, docx, stdin, outlines, config

def test_gbk_and_utf16_input(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes("今天由xx同志负责。\n".encode("gbk"))
    assert [f.text for f in check_path(str(p))] == ["xx"]
    q = tmp_path / "u16.txt"
    q.write_bytes("今天由xx同志负责。\n".encode("utf-16"))
    assert [f.text for f in check_path(str(q))] == ["xx"]


def _docx(path: Path, paras):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for t in paras:
        d.add_paragraph(t)
    d.save(str(path))


def test_docx_input(tmp_path):
    p = tmp_path / "a.docx"
    _docx(p, ["同志们：", "今天由xx同志负责。", "要建立長效机制。"])
    found = check_path(str(p))
    assert errors(found) == [("placeholder", 2), ("traditional-char", 3)]
    r = cli(str(p), "--fix", "-o", str(tmp_path / "b.docx"))
    assert r.exit_code == 2 and "docx" in r.output


def test_cli_exit_codes_and_json(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("同志们：\n今天召开会议。\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("同志们：\n今天由xx同志负责,请大家支持。\n", encoding="utf-8")
    assert cli(str(good)).exit_code == 0
    r = cli(str(bad))
    assert r.exit_code == 1
    assert f"{bad}:2:4: error placeholder: 占位符“xx”尚未替换" in r.stdout
    r = cli(str(bad), "--format", "json")
    data = json.loads(r.stdout)
    assert all(set(d) == {"file", "line", "column", "rule", "level", "message", "text"} for d in data)
    assert {d["rule"] for d in data} == {"placeholder", "punct-width"}
    assert cli(str(bad), "--ignore", "placeholder").exit_code == 0
    assert cli(str(bad), "--rule", "punct-width").exit_code == 0
    assert cli(str(bad), "--rule", "punct-width,placeholder").exit_code == 1
    r = cli(str(bad), "--rule", "placeholdr")
    assert r.exit_code == 2 and "placeholder" in r.output
    r = cli(str(tmp_path / "missing.txt"))
    assert r.exit_code == 2 and "missing.txt" in r.output and "Traceback" not in r.output
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    assert cli(str(tmp_path / "bin.txt")).exit_code == 2
    r = cli("-", input="今天由xx同志负责。\n".encode("utf-8"))
    assert r.exit_code == 1 and "<stdin>:1:4" in r.stdout
    r = cli(str(good), str(tmp_path / "missing.txt"))
    assert r.exit_code == 2


def test_config_file(tmp_path, monkeypatch):
    d = tmp_path / "drafts"
    d.mkdir()
    p = d / "a.txt"
    p.write_text("今天,由xx同志负责。\n", encoding="utf-8")
    (d / ".gaozi-check.yaml").write_text("ignore: [placeholder]\nrules:\n  punct-width: error\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = check_path(str(p))
    assert [(f.rule, f.level) for f in found] == [("punct-width", "error")]
    # a rule named on the command line still runs
    assert {f.rule for f in check_path(str(p), rules=["placeholder"])} == {"placeholder"}
    (tmp_path / ".gaozi-check.yaml").write_text("rules: {punct-width: off}\n", encoding="utf-8")
    (d / ".gaozi-check.yaml").unlink()
    assert {f.rule for f in check_path(str(p))} == {"placeholder"}
    (tmp_path / ".gaozi-check.yaml").write_text("ignore: [placehold]\n", encoding="utf-8")
    r = cli(str(p))
    assert r.exit_code == 2 and "placeholder" in r.output


OUTLINE = """kind: speech
meeting: 全镇环保督察整改推进会议
title: 在{{ meeting }}上的讲话
target_minutes: 10
opening:
  - 今天召开这次会议,主要是听取xx个问题的整改进展。
  - 下面，我讲四点意见。
sections:
  items:
    - heading: 压实责任
      body:
        - 各村要建立"一本账",逐项对照销号。
        - 要完善長效机制，2025年2月30日前完成。某县的做法可以借鉴。  # gaozi: ignore=placeholder
    - heading: 加强督办
      body:
        - 督办组每周通报一次进度。
    - heading: 严肃问责
      body:
        - 对整改不力的，要严肃追责问责。
closing:
  - 我就讲这些，谢谢大家。
"""


def _outline(tmp_path, text=OUTLINE):
    from generator import api

    p = tmp_path / "o.yaml"
    p.write_text(text, encoding="utf-8")
    api.build(str(p))  # the outline must render: check reads what it renders
    return p


def test_outline_findings_point_at_yaml_lines(tmp_path):
    p = _outline(tmp_path)
    found = check_path(str(p))
    assert errors(found) == [("count-mismatch", 7), ("date-format", 13), ("placeholder", 6),
                             ("traditional-char", 13)]
    ph = [f for f in found if f.rule == "placeholder"][0]
    assert ph.column == OUTLINE.split("\n")[5].index("xx") + 1
    assert [f.line for f in found if f.rule == "length"] == [4]
    width = [f for f in found if f.rule == "punct-width"]
    assert {f.line for f in width} == {6, 12} and {f.level for f in width} == {"info"}
    quiet = OUTLINE.replace("kind: speech\n", "kind: speech\ncheck: {ignore: [traditional-char, length]}\n")
    p.write_text(quiet, encoding="utf-8")
    assert "traditional-char" not in {f.rule for f in check_path(str(p))}
    quiet = OUTLINE.replace("kind: speech\n", "kind: speech\ncheck: {ignore: [traditional]}\n")
    p.write_text(quiet, encoding="utf-8")
    with pytest.raises(GaoziError):
        check_path(str(p))


def test_outline_fix_only_inside_scalars(tmp_path):
    p = _outline(tmp_path)
    out = tmp_path / "fixed.yaml"
    r = cli(str(p), "--fix", "-o", str(out))
    assert r.exit_code == 1  # errors remain; the punctuation is gone
    fixed = out.read_text(encoding="utf-8")
    assert "今天召开这次会议，主要是" in fixed and "“一本账”，逐项" in fixed
    assert "# gaozi: ignore=placeholder" in fixed and "title: 在{{ meeting }}上的讲话" in fixed
    assert not [f for f in check_path(str(out)) if f.rule == "punct-width"]
    assert "半角标点2处" in r.output


def test_fix_yaml_keeps_jinja_and_quotes():
    text = "a: '中文,{{ x | default(\"某\") }}'\nb: \"他说\\\"好\\\",对\"\nc: |\n  第一行,第二行\n# 注释,不改\n"
    new, counts = fix_yaml(text)
    assert "{{ x | default(\"某\") }}" in new and "# 注释,不改" in new
    assert "中文，{{" in new and "第一行，第二行" in new
    import yaml

    assert yaml.safe_load(new)["b"] == yaml.safe_load(text)["b"].replace(",对", "，对")


# ---------------------------------------------------------------------------------------------
# --fix on text

def _bare(s: str) -> str:
    """The text without punctuation and spaces: what --fix must never change."""
    return "".join(c for c in s if not (c.isspace() or unicodedata.category(c)[0] in "PZS"))


def test_fix_output_and_in_place(tmp_path):
    p = tmp_path / "a.txt"
    src = "同志们:\n今天,由xx同志负责...大家要“重视” 起来.\n预览阅读已结束,若您需要全文。\n"
    p.write_text(src, encoding="utf-8")
    out = tmp_path / "b.txt"
    r = cli(str(p), "--fix", "-o", str(out))
    assert r.exit_code == 1  # the placeholder remains
    fixed = out.read_text(encoding="utf-8")
    assert fixed.startswith("同志们：\n今天，由xx同志负责……大家要“重视”起来.")  # a lone "." is left alone
    assert "预览阅读已结束,若您需要全文。" in fixed  # junk is not touched
    assert _bare(fixed) == _bare(src)
    assert not [f for f in check_path(str(out)) if f.rule == "punct-width"]
    assert "已修正" in r.output
    assert cli(str(p), "--fix", "-o", str(out)).exit_code == 2  # exists: needs --force
    assert cli(str(p), "--fix", "-o", str(out), "--force").exit_code == 1
    r = cli(str(p), "--fix", "--in-place")
    assert (tmp_path / "a.txt.bak").read_text(encoding="utf-8") == src
    assert p.read_text(encoding="utf-8") == fixed
    assert not list(tmp_path.glob(".a.txt.*.tmp"))


def test_fix_keeps_encoding_and_crlf(tmp_path):
    p = tmp_path / "g.txt"
    p.write_bytes("今天,开会。\r\n明天,总结。\r\n".encode("gbk"))
    assert cli(str(p), "--fix", "--in-place").exit_code == 0
    assert p.read_bytes() == "今天，开会。\r\n明天，总结。\r\n".encode("gbk")


def test_fix_stdin_to_stdout():
    r = cli("-", "--fix", input="今天,开会。\n".encode("utf-8"))
    assert r.exit_code == 0 and r.stdout == "今天，开会。\n"


def test_fix_refusals(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("今天,开会。", encoding="utf-8")
    assert cli(str(p), "-o", str(tmp_path / "b.txt")).exit_code == 2  # -o without --fix
    assert cli("-", "--fix", "--in-place", input=b"x").exit_code == 2
    assert cli(str(p), "--fix", "-o", str(p), "--force").exit_code == 2  # onto its own input


def test_seeds_fix_roundtrip():
    if not SEEDS.is_dir():
        pytest.skip("seeds folder absent")
    for path in sorted(SEEDS.glob("*.txt")):
        src = path.read_text(encoding="utf-8")
        fixed, counts = fix_text(src)
        assert _bare(fixed) == _bare(src)
        assert not [f for f in check_text(fixed) if f.rule == "punct-width"]
        assert errors(check_text(fixed)) == errors(check_text(src))


# ---------------------------------------------------------------------------------------------
# properties and speed

_ALPHABET = (list("的是在整改问题工作要同志们一二三四五六七八九十、，。；：？！“”‘’（）《》…—長關")
             + list(",.;:?!()\"'- x*_某【】待") + ["\n", "\n\n", "　", "一是", "二要", "一、", "（一）", "1.", "...",
                                                  "--", "预览阅读已结束", "推荐阅读\n", "联系老师", "我讲三点意见：",
                                                  "2025年03月08日", "gaozi: ignore=punct-width", "首先，", "最后，"])
draft = st.lists(st.sampled_from(_ALPHABET), max_size=120).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(draft)
def test_fix_property(text):
    fixed, counts = fix_text(text)
    assert _bare(fixed) == _bare(text)
    assert fixed.count("\n") == text.count("\n")
    assert not [f for f in check_text(fixed) if f.rule == "punct-width"]
    assert fix_text(fixed)[0] == fixed


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(draft, st.text(max_size=200)))
def test_random_text_never_crashes(text):
    for f in check_text(text):
        assert f.level in check.LEVELS and f.rule in check.RULES and f.line >= 1 and f.column >= 1


# ---------------------------------------------------------------------------------------------
# quiet on gaozi's own output (#13.5): every shipped example and starter, as txt and as docx

OWN = sorted((ROOT / "outlines").glob("*.yaml")) + sorted((ROOT / "templates").glob("*/starter.yaml"))
OWN_PLANTED = {
    "placeholder": "请xx同志负责落实这项整改工作。",
    "date-format": "整改期限定在2025年03月08日之前。",
    "traditional-char": "各单位要完善長效机制，防止问题反弹。",
    "double-punct": "各单位要抓好整改。。同时加强日常监督。",
    "latin-in-word": "各级党组织要加强D内监督，落实责任。",
    "dash": "这是一项政治任务――必须按期完成。",
    "repeat": "开工是哪些？开工是哪些？",
    "space-gap": "要加强 和党风廉政建设，推进全面从严治党。",
    "punct-pair": "各单位要“加强学习，提高认识。",
    "punct-width": "今天召开会议,部署整改工作。",
    "set-phrase": "整改要一鼓作气，不能松劲，要一鼓作气完成任务。",
}


def _own_id(p: Path) -> str:
    return p.relative_to(ROOT).as_posix()


def _render(path: Path, fmt: str, tmp_path: Path, planted: bool = False) -> Path:
    from generator import api
    from generator.model.tree import Block, Span

    doc = api.build(str(path))
    if planted:
        body = [i for i, b in enumerate(doc.blocks) if isinstance(b, Block) and b.role == "body"]
        at = body[len(body) // 2] + 1 if body else len(doc.blocks)
        doc.blocks[at:at] = [Block("body", [Span(t)]) for t in OWN_PLANTED.values()]
    out = tmp_path / f"own.{fmt}"
    out.write_bytes(api.write(doc, fmt))
    return out


@pytest.mark.parametrize("fmt", ["txt", "docx"])
@pytest.mark.parametrize("path", OWN, ids=_own_id)
def test_gaozi_output_passes_check_without_a_single_finding(path, fmt, tmp_path):
    found = check_path(str(_render(path, fmt, tmp_path)), config=False)
    assert not found, "\n".join(map(str, found))


@pytest.mark.parametrize("fmt", ["txt", "docx"])
@pytest.mark.parametrize("path", OWN, ids=_own_id)
def test_check_still_finds_every_problem_planted_in_gaozi_output(path, fmt, tmp_path):
    found = check_path(str(_render(path, fmt, tmp_path, planted=True)), config=False)
    assert {f.rule for f in found} == set(OWN_PLANTED), "\n".join(map(str, found))


@pytest.mark.parametrize("path", OWN, ids=_own_id)
def test_outlines_and_starters_pass_check(path):
    found = check_path(str(path), config=False)
    assert not found, "\n".join(map(str, found))
def test_invisible_characters_are_errors(tmp_path):  # issue 12, item 27
    from conftest import run_gaozi

    f = tmp_path / "t.txt"
    f.write_text("同志们：\n今天召开会议，请东\u200b村抓好整改。\n\u202e谢谢大家。\n", encoding="utf-8")
    r = run_gaozi("check", str(f), "--rule", "invisible-char")
    out = r.stdout.decode()
    assert r.returncode == 1 and ":2:10: error invisible-char" in out and ":3:1: error invisible-char" in out, out


def test_junk_inside_a_line_is_reported_where_it_starts():
    # the markers the importer removes from inside a line: check names them (and the sentence before a
    # glued notice is complete: no broken-line warning)
    text = ("同志们：\n今天召开会议，部署整改工作。\n各单位要抓好落实，确保问题见底清零。本文来源于网络，如有侵权请联系删除\n"
            "要抓好落实。---此处隐藏3111字，下载后查看---一要强化责任。\n谢谢大家！\n")
    found = check_text(text)
    assert [(f.rule, f.line) for f in found] == [("junk", 3), ("junk", 4)]
    assert found[0].column == len("各单位要抓好落实，确保问题见底清零。") + 1


def test_summary_says_how_many_findings_fix_corrects():
    found = check_text("同志们：\n今天开会,研究整改,部署工作。\n谢谢大家！\n")
    from generator.lint.check import summary

    n = sum(1 for f in found if f.rule == "punct-width")
    assert n >= 2 and summary(found).endswith(f"（其中标点宽度和汉字间空格 {n} 个，可用 --fix 一次改正）")
    assert summary([]) == "检查完毕：未发现问题"
