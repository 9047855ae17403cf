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


NEWS = "县审计局召开2023年度审计整改督查反馈会"


def test_a_news_lead_restating_its_headline_is_quiet():
    lead = f"{NEWS}，向县教育局等14家被审计单位反馈整改督查情况。"
    assert check_text(f"{NEWS}\n{lead}\n", rules="title-repeat") == []
    assert check_text(f"{NEWS}\n{NEWS}的情况通报如下。\n", rules="title-repeat") == []


def test_a_title_glued_to_the_body_is_still_found():
    for body in (f"{NEWS} 3月27日，县审计局召开督查反馈会。", f"{NEWS}3月27日，县审计局召开督查反馈会。",
                 f"{NEWS}\u3000（图）", NEWS.replace("审计", "审 计", 1)):
        found = check_text(f"{NEWS}\n{body}\n", rules="title-repeat")
        assert [f.line for f in found] == [2], body
