"""Tests of cleanup.clean: web junk removed and listed, broken lines rejoined, one-line scrapes split."""
from __future__ import annotations

import pytest

from generator.importer.cleanup import clean, ends_final, split_scraped


def reasons(c) -> set[str]:
    return {r for _, r, _ in c.removed}


@pytest.mark.parametrize("line, reason", [
    ("您当前的位置：首页 > 工作动态 > 正文", "面包屑导航"),
    ("首页 > 政务公开 > 领导讲话", "面包屑导航"),
    ("发布时间：2025-03-01 10:20　来源：县政府办", "发布信息"),
    ("浏览次数：1024", "发布信息"),
    ("来源：县融媒体中心", "发布信息"),
    ("责任编辑：李明", "发布信息"),
    ("【字体：大 中 小】【打印本页】【关闭窗口】", "网页按钮"),
    ("试读已结束，如需完整版请下载。", "付费墙提示"),
    ("请点击这里联系老师", "付费墙提示"),
    ("关注公众号，获取更多材料", "公众号推广"),
    ("第1页共6页", "页码"),
    ("— 3 —", "页码"),
    ("12", "页码"),
    ("2、", "分页标记"),
    ("上一页 1 2 3 下一页", "分页导航"),
    ("本文档下载后可任意编辑", "可编辑提示"),
    ("以下是小编为大家整理的表态发言范文，仅供参考。", "网站导语"),
    ("版权所有：某某县人民政府　ICP备12345678号", "网页页脚"),
    ("上一篇：关于开展专项检查的通知", "上下篇链接"),
    ("——————————", "分隔线"),
])
def test_junk_lines(line, reason):
    c = clean(f"同志们：\n{line}\n今天开会，研究整改工作。\n")
    assert c.paragraphs == ["同志们：", "今天开会，研究整改工作。"]
    assert c.removed == [(2, reason, line)]


def test_body_sentences_that_mention_junk_words_stay():
    text = "同志们：\n要把浏览量高的政务公开栏目办好，及时发布整改进展。\n各单位要联系群众，倾听意见。\n"
    assert clean(text).paragraphs == ["同志们：", "要把浏览量高的政务公开栏目办好，及时发布整改进展。", "各单位要联系群众，倾听意见。"]


def test_related_article_block_with_dates():
    text = "谢谢大家！\n相关文章\n社区工作总结03-01\n班级活动方案2024-03-02\n学校安全预案\n"
    c = clean(text)
    assert c.paragraphs == ["谢谢大家！"]
    assert [r for _, r, _ in c.removed] == ["推荐文章列表"] * 4


def test_title_lists_without_a_header():
    text = "谢谢大家！\n社区工作总结03-01\n班级活动方案03-02\n学校安全预案03-03\n"
    assert clean(text).paragraphs == ["谢谢大家！"]


def test_hidden_text_marker_removed_inside_a_line():
    c = clean("同志们：\n今天开会。……此处隐藏2134字……要抓好落实。\n")
    assert c.paragraphs == ["同志们：", "今天开会。要抓好落实。"]
    assert reasons(c) == {"隐藏字数提示"}


def test_source_line_is_metadata_not_body():
    c = clean("某镇召开整改会议\n会议要求抓好落实。\n（来源：县纪委监委网站）\n")
    assert c.source == "（来源：县纪委监委网站）"
    assert c.paragraphs == ["某镇召开整改会议", "会议要求抓好落实。"]
    assert c.removed == []


def test_html_tags_and_entities():
    c = clean("<p>同志们：</p><p>今天&nbsp;开会。</p>\n<script>var a=1;</script><b>一、</b>抓落实\n")
    assert c.paragraphs == ["同志们：", "今天开会。", "一、抓落实"]
    assert "HTML 标记" in reasons(c) and "HTML 实体" in reasons(c)


def test_indents_and_stray_spaces():
    c = clean("　　同志们：\n  今天 开会，研究 整改 工作。\n\t一、 抓好 落实\nWord 文档和 pinyin zhěng gǎi 保留空格。\n")
    assert c.paragraphs == ["同志们：", "今天开会，研究整改工作。", "一、抓好落实", "Word 文档和 pinyin zhěng gǎi 保留空格。"]


def test_speaker_line_keeps_one_space():
    assert clean("在会议上的讲话\n县委书记   王明\n同志们：\n").paragraphs[1] == "县委书记\u3000王明"


def test_pdf_breaks_rejoined_but_headings_kept():
    text = ("一、提高政治站位\n实施整改工作，是党委\n作出的重要部署，各单\n位要认真落实。\n二、强化责任\n"
            "各村要明确专人，\n按时报送进度。\n")
    assert clean(text).paragraphs == ["一、提高政治站位", "实施整改工作，是党委作出的重要部署，各单位要认真落实。",
                                      "二、强化责任", "各村要明确专人，按时报送进度。"]


def test_fixed_width_wrap_with_page_numbers():
    para = "整改工作开展以来，各乡镇对照问题清单逐项推进，建立周调度月通报制度，目前多数问题已经按期完成整改。" * 3
    lines = [para[i:i + 30] for i in range(0, len(para), 30)]
    lines.insert(3, "- 2 -")
    text = "\n".join(["同志们：", *lines, "一、抓好落实", *lines, "谢谢大家！"])
    c = clean(text)
    assert c.paragraphs == ["同志们：", para, "一、抓好落实", para, "谢谢大家！"]
    assert sum(1 for r in c.removed if r[1] == "页码") == 2


def test_full_line_ending_a_sentence_continues_when_wrapped():
    para = ("各单位要对照问题清单逐项销号，确保问题见底清零。" * 6)
    width = len("各单位要对照问题清单逐项销号，确保问题见底清零。")
    lines = [para[i:i + width] for i in range(0, len(para), width)]
    # every line is full and ends in 。: equal paragraphs, not a wrap
    assert clean("\n".join(lines)).paragraphs == lines


def test_title_broken_over_two_lines():
    c = clean("在全县审计整改工作部署\n会议上的讲话\n同志们：\n")
    assert c.paragraphs == ["在全县审计整改工作部署会议上的讲话", "同志们："]


def test_short_lines_without_punctuation_stand_alone():
    text = "关于整改情况的报告\n县委巡察办：\n主要做法\n今年以来，我们抓好整改。\n中共某某县委员会\n2025年4月3日\n"
    assert clean(text).paragraphs == ["关于整改情况的报告", "县委巡察办：", "主要做法", "今年以来，我们抓好整改。",
                                      "中共某某县委员会", "2025年4月3日"]


def test_blank_lines_separate_paragraphs():
    c = clean("同志们：\n\n今天开会\n\n一、抓落实\n\n要按期完成。\n")
    assert c.paragraphs == ["同志们：", "今天开会", "一、抓落实", "要按期完成。"]


def test_one_line_scrape_split_by_indent_gaps():
    text = "在全县会议上的讲话　　同志们：　　今天开会，研究整改。　　一、抓落实　　要按期完成。　　谢谢大家！"
    assert clean(text).paragraphs == ["在全县会议上的讲话", "同志们：", "今天开会，研究整改。", "一、抓落实", "要按期完成。",
                                      "谢谢大家！"]


def test_one_line_scrape_split_by_structure():
    text = ("在全县整改工作会议上的讲话同志们：今天开会，研究整改工作，部署下一步任务。下面，我讲两点意见。一、抓落实。各单位要按期完成，"
            "做到件件有着落。二、抓督查。督查室要每周通报，对进度滞后的单位及时提醒。我就讲这些，谢谢大家。")
    assert split_scraped(text) == [
        "在全县整改工作会议上的讲话", "同志们：", "今天开会，研究整改工作，部署下一步任务。下面，我讲两点意见。",
        "一、抓落实。各单位要按期完成，做到件件有着落。", "二、抓督查。督查室要每周通报，对进度滞后的单位及时提醒。",
        "我就讲这些，谢谢大家。"]


def test_inline_lists_in_a_scrape_stay_inline():
    text = ("某镇召开巡察反馈会议。会议指出，主要问题是：一、学习不够深入。一是学习次数少。二是效果不好。二、管理不够规范。"
            "一是账目不清。二是制度不全。孙某作表态发言，一是提高站位，二是压实责任，三是建立机制。")
    assert split_scraped(text) == [text]


def test_docx_hard_breaks_are_never_joined():
    c = clean("第一段没有标点\n第二段", hard_breaks={1, 2})
    assert c.paragraphs == ["第一段没有标点", "第二段"]
    c = clean("第一段被断开的，\n后半句。\n第三段", hard_breaks={1, 3})
    assert c.paragraphs == ["第一段被断开的，后半句。", "第三段"]


def test_origins_and_line_numbers():
    c = clean("推荐阅读\n某方案03-01\n\n同志们：\n今天我们召开会议，\n研究整改。\n")
    assert c.origins == [4, 5]
    assert [n for n, _, _ in c.removed] == [1, 2]


def test_crlf_and_zero_width_characters():
    c = clean("同志们：\r\n今天\u200b开会。\r\n\ufeff谢谢大家！\r\n")
    assert c.paragraphs == ["同志们：", "今天开会。", "谢谢大家！"]


def test_traditional_junk_recognised():
    c = clean("同志們：\n本文檔下載後可任意編輯\n推薦閱讀\n某方案03-01\n")
    assert c.paragraphs == ["同志們："]


@pytest.mark.parametrize("s, final", [("要抓好落实。", True), ("他说：“好。”", True), ("（2025年3月18日）", True),
                                      ("各乡镇（街道）", False), ("树立“动真格”", False), ("一、提高站位", False)])
def test_ends_final(s, final):
    assert ends_final(s) is final


def test_scrape_heading_glued_to_a_list_is_split():
    text = ("在全县巡察整改工作会议上的讲话同志们：今天召开会议，部署整改工作。一、压实整改责任一是要把责任落实到岗位，确保问题见底清零，"
            "要严格验收标准，不让一个问题悬而未决。二是要加强跟踪问效，做到件件有着落，要严格验收标准，不让一个问题悬而未决。"
            "二、强化督促检查1.建立台账制度，对照问题逐项销号，确保整改到位。2.开展回头看，防止问题反弹，形成长效机制。谢谢大家！")
    got = split_scraped(text)
    assert got[3:] == ["一、压实整改责任", "一是要把责任落实到岗位，确保问题见底清零，要严格验收标准，不让一个问题悬而未决。",
                       "二是要加强跟踪问效，做到件件有着落，要严格验收标准，不让一个问题悬而未决。", "二、强化督促检查",
                       "1.建立台账制度，对照问题逐项销号，确保整改到位。", "2.开展回头看，防止问题反弹，形成长效机制。", "谢谢大家！"]


def test_news_cue_phrases_start_paragraphs_in_a_scrape():
    text = ("某县召开巡察整改工作推进会3月1日，某县召开巡察整改工作推进会，总结前段工作。县委书记王明指出，要提高政治站位，把整改抓实抓细。"
            "会议强调，各单位要压实责任，确保按期完成。县长李强表示，要加强督办，做到件件有着落。")
    got = split_scraped(text)
    assert got[1:] == ["县委书记王明指出，要提高政治站位，把整改抓实抓细。会议强调，各单位要压实责任，确保按期完成。",
                       "县长李强表示，要加强督办，做到件件有着落。"]


def test_pdf_enumerator_after_a_full_line_continues_the_paragraph():
    lines = ["同志们：", "今天召开全县巡察整改工作推进会，主要任务是总结前", "段工作，部署下一步任务。当前存在的问题：一是认识",
             "二是要把整改责任落实到具体岗位，确保问题见底清零", "。三是督办不够有力。", "下面，我讲三点意见。",
             "各乡镇要对照问题清单逐项销号，确保问题见底清零，", "做到件件有着落。"]
    assert clean("\n".join(lines)).paragraphs[1] == (
        "今天召开全县巡察整改工作推进会，主要任务是总结前段工作，部署下一步任务。当前存在的问题：一是认识"
        "二是要把整改责任落实到具体岗位，确保问题见底清零。三是督办不够有力。")


def test_junk_is_never_glued_and_joins_are_listed():
    text = "同志们：\n今天召开会议，研究部署\n晨光写作分享\n整改工作。\n写作之家|原创|范文|素材|\n要抓好落实。\n"
    c = clean(text)
    assert c.paragraphs == ["同志们：", "今天召开会议，研究部署整改工作。", "要抓好落实。"]
    assert (4, "整改工作。") in c.joined
    assert {r for _, r, _ in c.removed} == {"上传者信息", "网站栏目"}


def test_measured_widths_tell_wraps_from_paragraph_ends():
    # the reader measured every line as full (30 units) except the paragraph ends
    paras = ["各乡镇要对照问题清单逐项销号，确保问题见底清零，做到件件有着落，防止问题反弹回潮，推动整改走深走实。",
             "县直各部门要把整改责任落实到具体岗位，建立周调度、月通报制度，严把整改验收关口，切实提升工作质效。"]
    lines, widths = [], {}
    for p in paras:
        for i in range(0, len(p), 24):
            lines.append(p[i:i + 24])
            widths[len(lines)] = 30.0 if i + 24 < len(p) else 8.0
    c = clean("\n".join(["同志们："] + lines), widths={k + 1: v for k, v in widths.items()})
    assert c.paragraphs == ["同志们："] + paras


# ---- glued headings (issue 16): the heading's line break lost, no 。 after it ----------------------

from collections import Counter  # noqa: E402

from generator.importer.cleanup import heading_end, heading_ends, sentence_starts, split_glued  # noqa: E402


@pytest.mark.parametrize("text, heading", [
    # the next sentence opens with a subject of the genre (各…部门, 县乡两级) or an opener (从…来看, 据…)
    ("一、压实整改责任各部门要对照清单逐项推进，确保按期完成。", "一、压实整改责任"),
    ("（二）强化督查问效，推动问题真改实改县乡两级要每周调度一次。", "（二）强化督查问效，推动问题真改实改"),
    ("三、健全长效机制从近期抽查的情况来看，制度执行还有空档。", "三、健全长效机制"),
    ("2.做好信访回访据统计，回访满意率超过九成。", "2.做好信访回访"),
    # a list's first item glued to the heading words
    ("一、抓好问题销号一是要建立台账，二是要按月通报。", "一、抓好问题销号"),
    ("（三）严格验收把关1.逐项核对佐证材料。", "（三）严格验收把关"),
])
def test_heading_end_finds_where_a_glued_heading_stops(text, heading):
    assert heading_end(text, Counter()) == len(heading)


def test_heading_end_uses_the_documents_own_sentence_openers():
    doc = ["驻村队员要把情况摸清楚。", "今天开会。驻村队员要经常到现场。", "二、落实包案制度驻村队员要逐户走访。"]
    assert heading_end(doc[2], sentence_starts(doc)) == len("二、落实包案制度")
    # without that evidence nothing marks a start inside 落实包案制度驻村队员: the paragraph is left alone
    assert heading_end(doc[2], Counter()) is None


@pytest.mark.parametrize("text", [
    "一、提高政治站位，切实增强整改自觉",          # a heading as written
    "（一）压实整改责任。各单位要逐项推进。",        # a run-in heading ending in 。
    "1.部分项目资金拨付不及时，涉及金额较大。",      # a numbered finding, not a heading
    "二、在压实责任上求突破",
])
def test_heading_end_leaves_headings_and_items_as_written(text):
    assert heading_end(text, Counter({"各单位": 3, "部分项目": 2})) is None


def test_split_glued_heading_after_a_sentence_end_continues_the_sequence():
    paras = ["一、提高认识", "要把整改摆上位置。二、压实责任各单位要明确专人负责。", "三、强化督查", "督查室要每周通报。"]
    got, origins = split_glued(paras, [1, 2, 3, 4])
    assert got == ["一、提高认识", "要把整改摆上位置。", "二、压实责任", "各单位要明确专人负责。", "三、强化督查", "督查室要每周通报。"]
    assert origins == [1, 2, 2, 2, 3, 4]


def test_split_glued_keeps_lists_inside_a_paragraph():
    # …：一、…。二、…。三、 is a list inside the paragraph, even when headings 一、二、 open other paragraphs
    paras = ["一、提高认识", "二、压实责任", "主要原因有三个方面：一、学习不深。二、督促不力。三、考核不严。"]
    assert split_glued(paras, [1, 2, 3])[0] == paras
    one = ["会议指出，问题主要是：一、台账不清。二、销号不实。"]
    assert split_glued(one, [1])[0] == one


def test_a_line_ending_in_a_glued_heading_is_not_joined_to_the_next():
    text = "同志们：\n一、提高认识\n要把整改摆上位置。二、压实整改责任\n各单位要明确专人负责。\n"
    assert clean(text).paragraphs == ["同志们：", "一、提高认识", "要把整改摆上位置。", "二、压实整改责任", "各单位要明确专人负责。"]


def test_one_line_report_addressee_signature_and_date():
    text = ("关于全镇巡察整改工作进展情况的报告县委巡察办：按照反馈意见，我镇逐项抓好整改。一、主要做法我镇建立问题清单，"
            "明确责任领导。二、下步打算我们将持续跟踪问效。特此报告。中共某某镇委员会2025年8月15日")
    assert split_scraped(text) == [
        "关于全镇巡察整改工作进展情况的报告", "县委巡察办：", "按照反馈意见，我镇逐项抓好整改。", "一、主要做法", "我镇建立问题清单，明确责任领导。",
        "二、下步打算", "我们将持续跟踪问效。", "特此报告。", "中共某某镇委员会", "2025年8月15日"]


def test_scrape_headings_after_a_colon_far_apart_are_headings():
    # …我讲两点意见：（一）… : sections hundreds of characters apart are a document's headings, not an inline list
    body = "各单位要对照反馈意见逐项整改，明确责任人和完成时限，做到整改一项、销号一项。" * 5
    text = f"同志们：今天开会，我讲两点意见：（一）统一思想{body}（二）压实责任{body}谢谢大家！"
    got = split_scraped(text)
    assert "（一）统一思想" in got and "（二）压实责任" in got


def test_scrape_salutation_with_several_addressees():
    text = "在全县整改会议上的讲话各位领导，同志们：今天开会，研究整改。谢谢大家！"
    assert split_scraped(text)[:2] == ["在全县整改会议上的讲话", "各位领导，同志们："]


def test_news_scrape_headline_named_speakers_nested_lists_and_attendees():
    # a county news story copied without any separator: headline, lead, what each named official said
    # (inline lists inside an inline list stay where they are), the attendees, the source
    text = ("县委第二巡察组向东山乡党委反馈巡察情况2025年6月12日，县委第二巡察组向东山乡党委反馈巡察情况。县委巡察办主任韩松出席会议，"
            "巡察组组长程立代表巡察组反馈了情况。程立在反馈时指出，巡察发现的问题主要是：一、落实上级部署方面。一是学习传达不够及时，"
            "专题研究偏少。二是项目推进不够有力。二、群众身边问题方面。一是村级财务不够规范。二是惠民资金发放滞后。"
            "韩松强调，一要提高站位，二要压实责任，三要建章立制。东山乡党委书记沈岚作表态发言，一是全盘认领，二是立行立改，三是长效常治。"
            "巡察组全体同志、东山乡领导班子成员参加会议。（来源：某县人民政府网站）")
    assert split_scraped(text) == [
        "县委第二巡察组向东山乡党委反馈巡察情况",
        "2025年6月12日，县委第二巡察组向东山乡党委反馈巡察情况。县委巡察办主任韩松出席会议，巡察组组长程立代表巡察组反馈了情况。",
        "程立在反馈时指出，巡察发现的问题主要是：一、落实上级部署方面。一是学习传达不够及时，专题研究偏少。二是项目推进不够有力。"
        "二、群众身边问题方面。一是村级财务不够规范。二是惠民资金发放滞后。",
        "韩松强调，一要提高站位，二要压实责任，三要建章立制。",
        "东山乡党委书记沈岚作表态发言，一是全盘认领，二是立行立改，三是长效常治。",
        "巡察组全体同志、东山乡领导班子成员参加会议。",
        "（来源：某县人民政府网站）"]


def test_outline_block_scrape_title_salutation_and_headings_from_the_block():
    # 【提纲】 … then the title and 同志们： on the same line; the block's headings stand again in the body,
    # glued to their first sentences: the block tells where each ends
    text = ("【提纲】一、认清形势，把整改责任扛在肩上。二、突出重点，把反馈问题改到位。在全区督导反馈问题整改会议上的讲话同志们：今天召开会议，"
            "部署整改工作。一、认清形势，把整改责任扛在肩上督导组反馈的问题，件件都要认真对待。二、突出重点，把反馈问题改到位整改要从群众"
            "最关心的事情改起。谢谢大家！")
    assert split_scraped(text) == [
        "【提纲】一、认清形势，把整改责任扛在肩上。二、突出重点，把反馈问题改到位。", "在全区督导反馈问题整改会议上的讲话", "同志们：",
        "今天召开会议，部署整改工作。", "一、认清形势，把整改责任扛在肩上", "督导组反馈的问题，件件都要认真对待。", "二、突出重点，把反馈问题改到位",
        "整改要从群众最关心的事情改起。", "谢谢大家！"]


def test_short_points_with_a_body_each_start_paragraphs():
    # 第一，…。<a sentence>。第二，…: each item is a lead sentence and its own body, not an inline list
    text = ("同志们：今天开会，研究整改。第一，守住底线。各单位要严格把关。第二，管好资金。财政所要逐笔核对。第三，用好督查。"
            "督查室要每周通报。谢谢大家！")
    assert split_scraped(text) == ["同志们：", "今天开会，研究整改。", "第一，守住底线。各单位要严格把关。", "第二，管好资金。财政所要逐笔核对。",
                                   "第三，用好督查。督查室要每周通报。", "谢谢大家！"]


def test_general_secretary_quoted_inside_a_speech_paragraph():
    text = ("同志们：一要提高站位，抓好整改。整改是政治任务。习近平总书记强调，发现问题是成绩，解决问题是政绩。我们要把整改抓在手上。"
            "二要压实责任，抓出成效。各单位要对照清单逐项销号。谢谢大家！")
    got = split_scraped(text)
    assert "一要提高站位，抓好整改。整改是政治任务。习近平总书记强调，发现问题是成绩，解决问题是政绩。我们要把整改抓在手上。" in got


def test_heading_ends_prefers_the_length_siblings_agree_on():
    # 3.开展专项清理 runs into 整改牵头部门必须…: the siblings (six characters each) tell where it ends
    texts = ["1.做好成果运用各级领导干部要主动对标对表，让每一项措施都能落地。",
             "2.落实领导包案各驻村工作队要紧盯时间节点，倒排工期。",
             "3.开展专项清理整改牵头部门必须做到边查边改、立行立改。"]
    starts = Counter({"各级领导": 2, "各驻村工": 2})
    assert heading_end(texts[2], starts) != len("3.开展专项清理")
    assert heading_ends(texts, starts) == [len("1.做好成果运用"), len("2.落实领导包案"), len("3.开展专项清理")]


def test_heading_end_never_cuts_inside_an_opener():
    text = "（二）压实工作责任，以整改实效取信于民各级党组织要主动认领反馈问题，让群众看到变化。"
    assert heading_end(text, Counter(), want=len("压实工作责任，以整改实效取信于民各")) == len("（二）压实工作责任，以整改实效取信于民")


def test_news_scrape_speakers_named_by_any_office_and_reporting_verbs():
    text = ("市委第三督查组反馈督查情况近日，市委第三督查组向南湖区委反馈专项督查情况。市委督查室副主任周敏，督查组组长、市委副秘书长郑凯"
            "出席会议。郑凯通报了督查发现的问题，他指出，南湖区委重视专项工作，但也存在不足：一是责任落实有差距；二是工作推进不平衡。"
            "周敏要求，要坚持立行立改，确保件件有回音。区四套班子有关领导参加会议。")
    assert split_scraped(text) == [
        "市委第三督查组反馈督查情况", "近日，市委第三督查组向南湖区委反馈专项督查情况。市委督查室副主任周敏，督查组组长、市委副秘书长郑凯出席会议。",
        "郑凯通报了督查发现的问题，他指出，南湖区委重视专项工作，但也存在不足：一是责任落实有差距；二是工作推进不平衡。",
        "周敏要求，要坚持立行立改，确保件件有回音。", "区四套班子有关领导参加会议。"]


def test_outline_block_wrapped_at_the_margin_stays_one_paragraph():
    # a 【提纲】 block copied from a PDF: a full line ends one item, the next line opens a sub-item (一是…)
    block = ("【提纲】一、提高站位，深刻认识整改的重要性。二、聚焦问题，抓好整改各项任务落实。一是要在农田建设上实现新突破。"
             "二是要在产业发展上拿出新办法。")
    assert block.index("一是") % 20 == 0
    body = "今天我们召开会议，部署督导反馈问题整改工作，各单位要把整改责任扛在肩上，确保件件有着落、事事有回音，请大家抓好落实。"

    def wrap(t):
        return [t[k:k + 20] for k in range(0, len(t), 20)]

    assert clean("\n".join(wrap(block) + ["同志们："] + wrap(body) + wrap(body))).paragraphs[:2] == [block, "同志们："]


def test_running_headers_are_never_glued_into_text():
    para = "各单位要把整改责任扛在肩上，确保件件有着落、事事有回音，对照问题清单逐项推进，按期完成销号。" * 4
    lines = [para[i:i + 20] for i in range(0, len(para), 20)]
    lines[6:6] = ["— 1 —", "某某县人民政府办公室"]
    lines[14:14] = ["— 2 —", "某某县人民政府办公室"]
    c = clean("\n".join(lines))
    assert c.paragraphs == [para]
    assert [t for _, r, t in c.removed if r == "页眉页脚"] == ["某某县人民政府办公室"] * 2


def test_import_never_deletes_the_sentence_a_notice_is_glued_to():
    c = clean("同志们：\n各单位要抓好落实，确保问题见底清零。本文来源于网络，如有侵权请联系删除\n谢谢大家！更多范文请关注公众号“公文素材库”")
    assert c.paragraphs == ["同志们：", "各单位要抓好落实，确保问题见底清零。", "谢谢大家！"]
    assert [t for _, _, t in c.removed] == ["本文来源于网络，如有侵权请联系删除", "更多范文请关注公众号“公文素材库”"]


def test_table_rows_are_lines_of_their_own():
    lines = ["整改台账", "（截至2025年7月31日）", "序号\t问题\t整改进展", "1\t账目不清\t已完成", "合计：共1个问题，已完成1个。"]
    got = clean("\n".join(lines)).paragraphs
    assert got[:2] == ["整改台账", "（截至2025年7月31日）"] and got[-1] == "合计：共1个问题，已完成1个。"


def test_run_in_findings_written_alike_are_not_split_as_glued_headings():
    # 1.问题。措施。（状态）: where most siblings are run-in items as written, one that seems glued
    # (…集体资金问题|整改不彻底) is a run-in item too
    items = ["1.学习上级会议精神流于形式，结合村情研究落实措施少。四个村已按月报送落实措施。（已完成）",
             "2.村级产业办法不多，集体收入依赖租金和补助。五个村的增收项目已确定。（正在推进）",
             "3.人居环境整治时紧时松，垃圾清运不及时。保洁员全部定岗，已连续八周通报。（已完成）",
             "4.上一轮巡察指出的集体资金问题整改不彻底，部分反弹。已完成回头看，重新列入台账4项。（正在推进）"]
    paras = ["（一）关于落实上级部署方面的问题", *items]
    assert split_glued(paras, list(range(len(paras))))[0] == paras


def test_news_headline_ends_where_the_lead_restates_its_subject():
    text = ("县委第二巡察组向东山乡党委反馈巡察情况县委第二巡察组于6月12日向东山乡党委反馈巡察情况。县委巡察办主任韩松出席会议。"
            "韩松强调，要抓好整改。")
    assert split_scraped(text)[:2] == ["县委第二巡察组向东山乡党委反馈巡察情况",
                                       "县委第二巡察组于6月12日向东山乡党委反馈巡察情况。县委巡察办主任韩松出席会议。"]
