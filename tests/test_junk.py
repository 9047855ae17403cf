"""Tests of generator.text.junk: the one table of web junk shared by import and check."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text import junk

# Original lines in the style of the junk each family leaves (written for these tests).
WHOLE = [
    ("@page { size: 21cm 29.7cm; margin: 2cm }", "css"),
    ('p.cjk { font-family: "宋体"; font-size: 16pt }', "css"),
    ("p { margin-bottom: 0.25cm; line-height: 115% }", "css"),
    ("公文参考网 > 讲话稿 > 表态发言", "breadcrumb.arrows"),
    ("首页 > 范文", "breadcrumb.home"),
    ("青禾分享", "meta.uploader"),
    ("【收藏】 作者: 佚名 来源: 本站 阅读 次 【 】", "toolbar.buttons"),
    ("（2549字）", "wordcount.note"),
    ("时间：2022-05-25 05:17:00", "meta.time"),
    ("---此处隐藏3111字，下载后查看---", "hidden"),
    ("某某写作之友|原创|范文|素材|", "site.header"),
    ("写作助手 www.example.com 整理", "watermark.url"),
    ("预览阅读已结束，如需全文请下载。", "paywall"),
    ("第1页共6页", "page.of"),
    ("【字体：大 中 小】【打印本页】【关闭窗口】", "toolbar.links"),
    # variants of the same families, worded as other sites word them
    ("@media print { body { font-size: 12pt } }", "css"),
    ("用户30571分享于2024-03-09", "meta.uploader"),
    ("由 wenmi88 上传", "meta.uploader"),
    ("本文由网友投稿", "meta.uploader"),
    ("本文共计3906字", "wordcount"),
    ("---此处隐藏1860字，完整版请下载---", "hidden"),
    ("本文来源于网络，如有侵权请联系删除", "footer"),
    ("版权声明：文章观点仅代表作者本人", "footer"),
    ("免费下载本文完整版", "paywall"),
    ("下载文档到电脑，使用更方便", "toolbar.download"),
    ("立即下载", "toolbar.download"),
    ("本文档共7页，当前为第1页", "page.total"),
]


@pytest.mark.parametrize("line, pid", WHOLE)
def test_whole_line_junk(line, pid):
    hit = junk.match(line)
    assert hit is not None and hit.whole and hit.id == pid
    assert hit.reason and all("\u4e00" <= ch <= "\u9fff" or ch in "页码" for ch in hit.reason[:1])


@pytest.mark.parametrize("line, marker, rest", [
    ("在全县巡察整改会议上的讲话（2549字）", "（2549字）", "在全县巡察整改会议上的讲话"),
    ("第一篇：在全县巡察整改会议上的讲话", "第一篇：", "在全县巡察整改会议上的讲话"),
    ("要抓好落实。---此处隐藏3111字，下载后查看---一要强化责任。", "---此处隐藏3111字，下载后查看---", "要抓好落实。一要强化责任。"),
    ("要把整改抓实。预览阅读已结束，如需全文请下载。", "预览阅读已结束，如需全文请下载。", "要把整改抓实。"),
])
def test_markers_are_removed_whole(line, marker, rest):
    hit = junk.match(line)
    assert hit is not None and not hit.whole and hit.text == marker
    assert line[:hit.start] + line[hit.end:] == rest


@pytest.mark.parametrize("line", [
    "同志们：", "一、提高认识，加强领导", "县委书记　王明", "经验分享", "（2025年3月18日）",
    "各单位要联系群众，倾听意见。", "今天我们召开会议，主要任务是：一是总结；二是部署。",
    "要把浏览量高的政务公开栏目办好，及时发布整改进展。", "全年共整改问题12项，涉及资金300万元。",
    # look-alikes of the new variants: a speech may talk about downloads, rights and pages
    "要依法查处侵犯群众合法权益的行为。", "各村要把整改方案下载打印，张贴上墙。", "本次共印发整改通知书15份，共计32页。",
    "由县纪委监委牵头，会同各职能部门整理上报。", "经验做法由各乡镇整理",
])
def test_text_is_not_junk(line):
    assert junk.match(line) is None


def test_scan_finds_context_junk():
    lines = ["某某范文网", "2022-05-25", "在全县会议上的讲话", "同志们：", "谢谢大家！", "相关文章", "社区工作总结", "班级活动方案"]
    hits = junk.scan(lines)
    assert [i for i, _ in hits] == [0, 1, 5, 6, 7]
    assert hits[1][1].id == "meta.date" and hits[2][1].id == "related"


def test_a_bare_date_alone_is_not_junk():
    assert junk.scan(["在全县会议上的讲话", "2022-05-25", "同志们："]) == []


def test_traditional_characters_are_recognised():
    assert junk.match("預覽閱讀已結束，如需全文請下載。") is not None
    assert junk.simplify("講話") == "讲话"


_CN = st.text(alphabet="要把整改责任落实到具体岗位确保问题见底清零同志们一二三是，。、", min_size=1, max_size=60)


@settings(max_examples=200, deadline=None)
@given(_CN)
def test_markers_never_overlap_and_stay_inside_the_line(s):
    hits = junk.markers(s)
    end = 0
    for h in hits:
        assert end <= h.start < h.end <= len(s) and s[h.start:h.end] == h.text
        end = h.end


@pytest.mark.parametrize("line", [
    "群众可通过电子邮箱xczg2025@163.com反映问题，也可拨打监督电话，我们将及时核实办理。",
    "（三）发布时间：每月5日前",
    "一是建立“交办→整改→验收→销号”闭环机制",
    "联系人：刘敏，联系电话：0571-88886666",
])
def test_body_lines_shaped_like_junk_are_text_for_import_and_check(line):
    # one table for both: what check keeps, import keeps
    from generator.importer.cleanup import clean
    from generator.lint.webjunk import junk_reason

    assert junk.match(line) is None or not junk.match(line).whole
    assert junk_reason(line) is None
    assert line.replace("　", "") in "".join(clean(f"同志们：\n{line}\n谢谢大家！").paragraphs).replace("　", "")


@pytest.mark.parametrize("line", ["本文来源于网络，如有侵权请联系删除。", "原创　清风东山　2024年5月22日 17:05　浙江", "版权所有：某县人民政府，网站标识码3300000000。"])
def test_site_lines_stay_junk_whatever_their_shape(line):
    hit = junk.match(line)
    assert hit is not None and hit.whole


def test_running_headers_and_footers_of_a_pdf():
    body = ["各单位要把整改责任扛在肩上，确保件件有着落、事事有", "回音，对照问题清单逐项推进，按期完成销号，防止问题反"] * 7
    pages = []
    for n in (1, 2, 3):
        pages += ["关于全镇整改情况的报告", *body, f"— {n} —", "某某镇人民政府"]
    got = junk.running_lines(pages)
    # the title at the top of each page (its first copy is the document's title) and the office under
    # each page number; the body's repeated lines fill the line and are text
    title_at = [i for i, s in enumerate(pages) if s == "关于全镇整改情况的报告"]
    office_at = [i for i, s in enumerate(pages) if s == "某某镇人民政府"]
    assert got == set(title_at[1:]) | set(office_at)
    # a heading said twice (in a 提纲 and in the body) is not a running header
    assert junk.running_lines(["提纲：", "一、提高认识", "二、压实责任", "同志们：", "一、提高认识", "要提高认识。", "二、压实责任"]) == set()


def test_running_header_on_the_one_page_break():
    body = ["各单位要把整改责任扛在肩上，确保件件有着落、事事有", "回音，对照问题清单逐项推进，按期完成销号，防止问题反"] * 6
    lines = body[:7] + ["— 1 —", "某某镇人民政府"] + body[7:]
    assert junk.running_lines(lines) == {8}
    # the tail of a wrapped heading after the page number is text (工程 names no office or document)
    tail = body[:7] + ["三、深刻把握整改是必须常抓不懈的系统", "— 1 —", "工程"] + body[7:]
    assert junk.running_lines(tail) == set()


@pytest.mark.parametrize("line, sentence, notice", [
    ("各单位要抓好落实，确保问题见底清零。本文来源于网络，如有侵权请联系删除", "各单位要抓好落实，确保问题见底清零。", "本文来源于网络，如有侵权请联系删除"),
    ("谢谢大家！更多范文请关注公众号“公文素材库”", "谢谢大家！", "更多范文请关注公众号“公文素材库”"),
    ("要确保问题见底清零。各乡镇要加强督查。www.wenmi-demo.com", "要确保问题见底清零。各乡镇要加强督查。", "www.wenmi-demo.com"),
    ("要确保问题见底清零。下载文档到电脑，查找使用更方便", "要确保问题见底清零。", "下载文档到电脑，查找使用更方便"),
])
def test_junk_glued_after_the_last_sentence_is_cut_and_the_sentence_kept(line, sentence, notice):
    hit = junk.match(line)
    assert hit is not None and not hit.whole and hit.text == notice
    assert line[:hit.start] == sentence


def test_no_line_makes_the_table_backtrack():
    # a run of digits once took exponential time in the page-navigation pattern (30 digits: minutes);
    # run in a child process so that a regression fails instead of hanging the suite
    import subprocess
    import sys

    code = ("from generator.text import junk\n"
            "for c in '9a >|-_.:;/*#=~':\n"
            "    junk.match(c * 60 + '\\x01')\n"
            "    junk.markers(c * 60 + '。' + c * 60)\n"
            "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    assert out.stdout.strip() == "ok", out.stderr
    assert junk.match("上一页 1 2 3 下一页").id == "page.nav"


def test_a_two_sentence_notice_glued_after_the_text_goes_whole():
    line = "各单位要抓好落实，确保问题见底清零。预览已结束。如需完整版请下载"
    hit = junk.match(line)
    assert hit is not None and hit.text == "预览已结束。如需完整版请下载"
    assert line[:hit.start] == "各单位要抓好落实，确保问题见底清零。"
