"""Tests of `gaozi import`: structure recognition, round trips through render, held-out damage, the CLI."""
from __future__ import annotations

import random
from pathlib import Path
from collections import Counter

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_gaozi
from generator.api import build, write
from generator.importer.cleanup import clean
from generator.errors import GaoziError
from generator.importer.core import dump_outline, import_bytes, import_docx, import_text
from generator.text.typography import normalize

# =================================================================================================
# A corpus of original synthetic documents with known structure, and the damage real inputs carry.
# =================================================================================================

# Original phrase bank (written for these tests; no sentence comes from the seed documents).
SUBJECTS = ["各乡镇", "县直各部门", "各牵头单位", "各级党组织", "班子成员", "各责任单位", "各街道社区", "相关职能部门",
            "各村党支部", "县纪委监委", "督查室", "主要负责同志"]
ACTIONS = ["要对照问题清单逐项销号", "要把整改责任落实到具体岗位", "要建立周调度、月通报制度", "要主动认领反馈问题",
           "要举一反三查找同类问题", "要把整改成果转化为制度规范", "要加强跟踪问效", "要按时报送整改进度",
           "要深入基层摸清实情", "要严把整改验收关口", "要及时回应群众关切", "要完善资金监管流程",
           "要建立健全长效机制", "要把好事实关和政策关", "要压实分管领导责任", "要定期开展回头看"]
TAILS = ["确保问题见底清零", "做到件件有着落", "防止问题反弹回潮", "切实提升工作质效", "坚决杜绝敷衍应付",
         "推动整改走深走实", "形成上下联动的工作格局", "让群众看到实实在在的变化", "不让一个问题悬而未决",
         "把工作做在平时、抓在经常"]
FACTS = ["从目前掌握的情况看，大部分问题已经按期完成整改", "少数单位仍然存在等靠思想", "个别问题整改进度明显滞后",
         "有的整改措施针对性不强", "一些台账填报不够规范", "部分项目资金拨付不够及时", "群众对环境整治的满意度有所提升",
         "督查中发现个别村账目不清", "有的单位把发文开会当成整改完成"]
STANCES = ["提高思想认识", "压实工作责任", "聚焦突出问题", "强化督促检查", "健全长效机制", "加强组织保障",
           "坚持问题导向", "严明工作纪律", "注重统筹推进", "狠抓工作落实"]
PURPOSES = ["切实增强整改的政治自觉", "推动各项任务落地见效", "以钉钉子精神抓好整改", "确保整改不走形式",
            "巩固拓展整改成果", "为整改工作提供坚强保障", "把问题清单变成成效清单", "以整改实效取信于民"]
LEADS = ["抓实问题台账", "盯紧重点难点", "严格验收标准", "强化部门协同", "加强宣传引导", "用好考核指挥棒",
         "抓住关键少数", "夯实基层基础", "畅通监督渠道", "健全协调机制"]
PLACES = ["全县", "全区", "全市", "全镇", "全乡"]
TOPICS = ["巡察整改", "审计整改", "督查反馈问题整改", "环保督察整改", "专项检查问题整改"]
MEETINGS = ["工作部署会议", "推进会议", "警示教育大会", "调度会议", "动员大会"]
NAMES = ["周立新", "陈海峰", "李秋云", "赵明远", "孙志坚"]
OFFICES = ["县委书记", "县委副书记、县长", "区委书记", "镇党委书记", "县委常委、纪委书记"]

RUNIN_STYLES = ["一要", "一是", "一是要", "第一，", "首先", "一方面"]


def sentence(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}，{rng.choice(TAILS)}。"
    if kind == 1:
        return f"{rng.choice(FACTS)}，{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}。"
    return f"{rng.choice(FACTS)}，对此{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}，{rng.choice(TAILS)}。"


def paragraph(rng: random.Random, lo: int = 2, hi: int = 5) -> str:
    return "".join(sentence(rng) for _ in range(rng.randint(lo, hi)))


def heading(rng: random.Random) -> str:
    return f"{rng.choice(STANCES)}，{rng.choice(PURPOSES)}"


def point(rng: random.Random) -> str:
    return f"{rng.choice(LEADS)}，{rng.choice(TAILS)}。" + paragraph(rng, 1, 3)


def _count_for(style: str, rng: random.Random) -> int:
    if style == "一方面":
        return 2
    if style == "首先":
        return rng.randint(2, 4)
    return rng.randint(2, 5)


def points_block(rng: random.Random, style: str | None = None, nested: bool = True) -> dict:
    style = style or rng.choice(RUNIN_STYLES)
    items: list = []
    for _ in range(_count_for(style, rng)):
        if nested and style == "第一，" and rng.random() < 0.3:
            sub = rng.choice(["一是要", "一是", "一要"])
            items.append({"text": point(rng), "points": points_block(rng, sub, nested=False)["points"]})
        else:
            items.append(point(rng))
    return {"points": {"style": style, "items": items}}


def inline_block(rng: random.Random) -> dict:
    style = rng.choice(["一是", "一要", "第一，", "首先"])
    n = _count_for(style, rng)
    intro = f"{rng.choice(FACTS)}，主要有以下{{{{ n }}}}个方面的原因："
    items = [f"{rng.choice(LEADS)}不到位。{rng.choice(FACTS)}。" for _ in range(n)]
    return {"inline": {"intro": intro, "style": style, "items": items}}


def outline(rng: random.Random, *, report: bool = False) -> dict:
    """A random but well-formed outline of a speech (or a progress report) built from the phrase bank."""
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    o: dict = {"kind": "speech"}
    if report:
        o["title"] = f"关于{place}{topic}工作进展情况的报告"
        o["addressee"] = rng.choice(["县委巡察办：", "市委督查室：", "县审计局："])
        o["salutation"] = ""
    else:
        if rng.random() < 0.8:
            o["title"] = f"在{place}{topic}{rng.choice(MEETINGS)}上的讲话"
        if "title" in o and rng.random() < 0.5:
            o["speaker"] = f"{rng.choice(OFFICES)}　{rng.choice(NAMES)}"
        if "title" in o and rng.random() < 0.5:
            o["date"] = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        o["salutation"] = rng.choice(["同志们：", "同志们：", "各位领导，同志们："])
    top = rng.choice(["一、", "一、", "（一）"])
    nsec = rng.randint(2, 6)
    opening = [paragraph(rng)]
    if rng.random() < 0.3:
        opening.append(inline_block(rng))
    opening.append(rng.choice(["下面，我讲{{ n }}点意见。", f"{rng.choice(FACTS)}。下面，我讲{{{{ n }}}}点意见。",
                               "对做好下一步工作，我强调{{ n }}点。"]) if not report else paragraph(rng, 1, 2))
    o["opening"] = opening
    sections = []
    for _ in range(nsec):
        sec: dict = {"heading": heading(rng)}
        body: list = []
        if rng.random() < 0.25:
            sec["runin"] = True
            sec["heading"] = f"{rng.choice(STANCES)}。"
            body.append(paragraph(rng, 2, 3))
        r = rng.random()
        if r < 0.5:
            if rng.random() < 0.6:
                body.append(paragraph(rng))
            body.append(points_block(rng))
        elif r < 0.65:
            body.append(paragraph(rng))
            body.append(inline_block(rng))
        elif r < 0.85 and top == "一、":
            body.append(paragraph(rng, 1, 2))
            subs = []
            for _ in range(rng.randint(2, 4)):
                s2: dict = {"heading": f"{rng.choice(LEADS)}"}
                b2: list = [paragraph(rng)]
                if rng.random() < 0.4:
                    b2.append(points_block(rng, nested=False))
                s2["body"] = b2
                subs.append(s2)
            sec["sections"] = {"style": "（一）", "items": subs}
        else:
            body.extend(paragraph(rng) for _ in range(rng.randint(1, 3)))
        if body:
            sec["body"] = body
        sections.append(sec)
    o["sections"] = {"style": top, "items": sections}
    if report:
        o["closing"] = [paragraph(rng, 1, 2), "特此报告。"]
        o["signature"] = f"中共{rng.choice(['青山县', '河西区', '石桥镇'])}委员会"
        o["sign_date"] = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    else:
        o["closing"] = [f"同志们，{paragraph(rng, 1, 2)}", rng.choice(["我就讲这些，谢谢大家。", "谢谢大家！"])]
    return o


def render_outline(o: dict):
    """(paragraph texts, roles) of an outline rendered by gaozi itself."""
    doc = build(yaml.safe_dump(o, allow_unicode=True, sort_keys=False), name="<synthetic>")
    paras = doc.paragraphs()
    roles = []
    for b in paras:
        if b.role.startswith("heading"):
            roles.append("heading")
        elif b.spans and b.spans[0].role == "lead":
            roles.append("lead")
        else:
            roles.append(b.role)
    return [b.text for b in paras], roles


# ---- damage --------------------------------------------------------------------------------------

_HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")"})


def half_width(paras: list[str]) -> str:
    return "\n".join(p.translate(_HALF) for p in paras)


def pdf_wrap(paras: list[str], rng: random.Random, width: int | None = None) -> str:
    """Hard-wrap every paragraph at a fixed width and put page numbers between pages, as a PDF copy does."""
    width = width or rng.randint(24, 38)
    lines: list[str] = []
    for p in paras:
        for i in range(0, len(p), width):
            lines.append(p[i:i + width])
    out, page = [], 1
    for i, ln in enumerate(lines):
        out.append(ln)
        if i % 22 == 21:
            out.append(rng.choice([f"— {page} —", f"- {page} -", str(page), f"第{page}页 共9页"]))
            page += 1
    return "\n".join(out)


def web_page(paras: list[str], rng: random.Random) -> str:
    """The text as copied from a site: breadcrumbs, meta lines, indents, HTML leftovers, related-article lists."""
    head = [rng.choice(["您当前的位置：首页 > 工作动态 > 领导讲话", "当前位置：首页 > 新闻中心 > 正文", "首页 > 政务公开 > 讲话"]),
            f"发布时间：2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}　浏览次数：{rng.randint(10, 9999)}",
            rng.choice(["以下是小编为大家整理的讲话范文，仅供参考，欢迎阅读。", "来源：本站　作者：管理员", "【字体：大 中 小】【打印本页】"])]
    body = []
    for i, p in enumerate(paras):
        r = rng.random()
        if r < 0.3:
            body.append("　　" + p)
        elif r < 0.4:
            body.append("&nbsp;&nbsp;" + p)
        elif r < 0.5:
            body.append(f"<p>{p}</p>")
        else:
            body.append(p)
        if rng.random() < 0.05:
            body.append(f"……此处隐藏{rng.randint(100, 3000)}字……")
    tail = [rng.choice(["试读已结束，如需完整版请下载。", "下载后可任意编辑，欢迎收藏。"]),
            rng.choice(["关注公众号获取更多范文", "请联系客服下载完整版"]),
            rng.choice(["推荐阅读", "相关文章", "最新文章"])]
    for _ in range(rng.randint(3, 8)):
        tail.append(f"{rng.choice(['班级', '社区', '企业', '学校'])}{rng.choice(['工作总结', '活动方案', '心得体会'])}"
                    f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    return "\n".join(head + body + tail)


def one_line(paras: list[str], gap: str = "") -> str:
    return gap.join(paras)


def stray_spaces(paras: list[str], rng: random.Random) -> str:
    out = []
    for p in paras:
        chars = list(p)
        for _ in range(len(chars) // 60):
            k = rng.randrange(1, len(chars))
            chars.insert(k, rng.choice([" ", "　", "  "]))
        out.append(rng.choice(["", "　　", "  "]) + "".join(chars))
    return "\n".join(out)


# ---- scoring --------------------------------------------------------------------------------------

def paragraph_f1(expected: list[str], got: list[str]) -> float:
    e = Counter(normalize(x) for x in expected)
    g = Counter(normalize(x) for x in got)
    hit = sum((e & g).values())
    if not e and not g:
        return 1.0
    p = hit / max(1, sum(g.values()))
    r = hit / max(1, sum(e.values()))
    return 0.0 if hit == 0 else 2 * p * r / (p + r)


def recognised(exp_paras, exp_roles, got_paras, got_roles) -> tuple[int, int]:
    """(structural paragraphs of the original found with the same role, structural paragraphs of the original)."""
    got = {}
    for t, r in zip(got_paras, got_roles):
        got.setdefault(normalize(t), set()).add(r)
    want = [(normalize(t), r) for t, r in zip(exp_paras, exp_roles) if r in ("heading", "lead")]
    hit = sum(1 for t, r in want if r in got.get(t, ()))
    return hit, len(want)



def roles_of(doc) -> list[str]:
    out = []
    for b in doc.paragraphs():
        if b.role.startswith("heading"):
            out.append("heading")
        elif b.spans and b.spans[0].role == "lead":
            out.append("lead")
        else:
            out.append(b.role)
    return out


def rendered(r):
    """Render an import result's YAML with gaozi itself: (paragraphs, roles)."""
    doc = build(r.yaml_text, name="imported.yaml")
    return [b.text for b in doc.paragraphs()], roles_of(doc)


def round_trip(text_or_bytes, name="x.txt", **kw):
    if isinstance(text_or_bytes, bytes):
        r = import_bytes(text_or_bytes, name, **kw)
    else:
        r = import_text(text_or_bytes, name=name, **kw)
    paras, roles = rendered(r)
    assert paras == r.paragraphs
    assert not any("未能完整识别结构" in n for n in r.notes), r.notes
    return r, paras, roles


# =================================================================================================
# The five seed documents (read from ../shared/seeds, skipped when absent)
# =================================================================================================

SEED_IDS = ["000", "001", "002", "003", "004"]


def _seed_result(seeds_dir, prefix):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    data = path.read_bytes()
    return data, import_bytes(data, path.name)


@pytest.mark.parametrize("prefix", SEED_IDS)
def test_seed_round_trips_after_cleanup(seeds_dir, prefix):
    from generator.io.textio import decode

    data, r = _seed_result(seeds_dir, prefix)
    paras, _ = rendered(r)
    assert paras == r.paragraphs
    cleaned = clean(decode(data, prefix))
    want = cleaned.paragraphs + ([cleaned.source] if cleaned.source else [])
    assert [normalize(p) for p in paras] == [normalize(p) for p in want]
    text = "\n".join(paras)
    for junk in ("预览阅读", "联系老师", "推荐阅读", "最新文章", "02-26"):
        assert junk not in text
    assert not any("未能完整识别结构" in n for n in r.notes)


@pytest.mark.parametrize("prefix, headings, points", [("000", 5, 14), ("001", 3, 8), ("002", 2, 8)])
def test_seed_headings_and_points_recognised(seeds_dir, prefix, headings, points):
    _, r = _seed_result(seeds_dir, prefix)
    _, roles = rendered(r)
    assert roles.count("heading") == headings
    assert roles.count("lead") == points


def test_seed_000_shape(seeds_dir):
    _, r = _seed_result(seeds_dir, "000")
    o = r.outline
    assert o["salutation"] == "同志们：" and "title" not in o
    assert o["opening"][-1].endswith("我讲{{ n }}点意见：")  # five sections follow: the count is derived
    secs = o["sections"]
    assert secs["style"] == "（一）" and len(secs["items"]) == 5
    styles = [s["body"][0]["points"]["style"] for s in secs["items"]]
    assert styles == ["一要", "一是要", "一是要", "一是要", "一是要"]
    assert [len(s["body"][0]["points"]["items"]) for s in secs["items"]] == [2, 3, 3, 3, 3]
    assert "谢谢大家" in o["closing"][-1]


def test_seed_001_shape(seeds_dir):
    _, r = _seed_result(seeds_dir, "001")
    o = r.outline
    assert o["title"].endswith("上的讲话")
    assert "我讲{{ n }}点意见" in o["opening"][-1]
    secs = o["sections"]["items"]
    assert len(secs) == 3
    assert [b for b in secs[0]["body"] if isinstance(b, dict)] == []
    for s in secs[1:]:
        pts = [b["points"] for b in s["body"] if isinstance(b, dict)]
        assert len(pts) == 1 and pts[0]["style"] == "一要" and len(pts[0]["items"]) == 4
    assert o["closing"][-1] == "我就讲这些，谢谢大家。"


def test_seed_002_outline_gap_and_nesting(seeds_dir):
    _, r = _seed_result(seeds_dir, "002")
    o = r.outline
    assert o["outline_text"].startswith("【提纲】")
    assert "\n" in r.yaml_text.split("outline_text: |-", 1)[1][:400]  # a literal block, one part a line
    assert "我讲三点意见" in o["opening"][-1]  # only two sections survive: the literal text is kept
    secs = o["sections"]["items"]
    assert len(secs) == 2 and "number" not in secs[0] and secs[1]["number"] == 3
    first = [b["points"] for b in secs[0]["body"] if isinstance(b, dict)][0]
    assert first["style"] == "第一，" and len(first["items"]) == 3
    nested = first["items"][0]["points"]
    assert nested["style"] == "一是要" and len(nested["items"]) == 3
    last = [b["points"] for b in secs[1]["body"] if isinstance(b, dict)][0]
    assert last["style"] == "一要" and len(last["items"]) == 2
    assert o["closing"] == []
    assert any("number: 3" in n for n in r.notes)


def test_seed_003_inline_list(seeds_dir):
    _, r = _seed_result(seeds_dir, "003")
    inline = [b["inline"] for b in r.outline["opening"] if isinstance(b, dict) and "inline" in b]
    assert len(inline) == 1
    assert inline[0]["style"] == "一是" and len(inline[0]["items"]) == 4
    assert "以下{{ n }}个方面的原因" in inline[0]["intro"]


def test_seed_004_nested_inline_lists(seeds_dir):
    _, r = _seed_result(seeds_dir, "004")
    o = r.outline
    assert o["source"].startswith("（来源") and o["salutation"] == ""
    lists = [b["inline"] for b in o["opening"] + o["closing"] if isinstance(b, dict) and "inline" in b]
    assert [lst["style"] for lst in lists] == ["一、", "一是", "一、", "一是"]
    findings = lists[0]
    assert len(findings["items"]) == 3
    assert all(it["inline"]["style"] == "一是" for it in findings["items"])
    assert [len(it["inline"]["items"]) for it in findings["items"]] == [2, 5, 2]
    assert "{{ n }}点整改意见建议" in lists[1]["intro"]
    assert all(it["inline"]["style"] == "一要" for it in lists[2]["items"])


# =================================================================================================
# Original held-out style texts, one feature each
# =================================================================================================

REPORT = """关于石桥镇巡察反馈问题整改进展情况的报告
县委巡察办：
县委第二巡察组反馈意见后，镇党委高度重视，逐条建立台账，现将整改进展情况报告如下。
一、主要做法
（一）压实整改责任。镇党委召开专题会议研究部署，明确班子成员分工负责，各村同步建立整改台账。
（二）聚焦重点问题
对反馈的13个问题逐一制定措施，其中资金管理方面的问题已于2024年底前全部完成整改，完成率85.7%。
1.规范村级财务。对各村账目进行全面清理，补齐凭证手续。
2.完善议事规则。修订村级重大事项决策办法，推行会议纪要公开。
二、下一步打算
镇党委将继续盯住未完成事项，每月调度一次，确保按期销号。
特此报告。
中共石桥镇委员会
2025年4月3日
"""


def test_report_addressee_runin_levels_and_signature():
    r, paras, roles = round_trip(REPORT)
    o = r.outline
    assert o["title"].startswith("关于") and o["addressee"] == "县委巡察办："
    assert o["signature"] == "中共石桥镇委员会" and str(o["sign_date"]) == "2025-04-03"
    top = o["sections"]
    assert top["style"] == "一、" and len(top["items"]) == 2
    subs = top["items"][0]["sections"]
    assert subs["style"] == "（一）"
    assert subs["items"][0]["runin"] is True and subs["items"][0]["heading"] == "压实整改责任。"
    third = subs["items"][1]["sections"]
    assert third["style"] == "1." and len(third["items"]) == 2
    assert roles.count("heading") == 3 and roles.count("lead") == 3
    assert o["closing"] == ["特此报告。"]


SPEECH = """在全县重点领域问题整改推进会议上的讲话
县委副书记、县长　陈海峰
（2025年6月12日）
同志们：
今天召开这次推进会，主要是听取各牵头单位的工作进展，分析存在的不足。会议安排了三个议程，第一项，请县审计局通报情况。对下一步工作，我讲四点意见。
一、正视差距，增强紧迫感
从台账看，2024年以来共梳理问题13个，已办结11个，办结率约84.6%。但有的问题进展缓慢，一方面，个别单位认识不到位；另一方面，部分措施针对性不强。
二、突出重点，抓好攻坚
首先，要盯住资金问题。各乡镇要对往来款项逐笔核对，做到账实相符。
其次，要盯住项目问题。对手续不全的项目逐个过堂，限期补办。
最后，要盯住作风问题。坚决防止“蓄(xù)势不发”、等靠观望。
三、严明纪律，强化问责
对整改不力的单位，县纪委监委要及时约谈提醒，情节严重的严肃追责。
同志们，整改工作只有进行时，没有完成时。希望大家以更加务实的作风抓好落实。
谢谢大家！
"""


def test_speech_front_matter_shouxian_and_counts():
    r, paras, roles = round_trip(SPEECH)
    o = r.outline
    assert o["speaker"] == "县委副书记、县长　陈海峰"  # the space between office and name is kept
    assert str(o["date"]) == "2025-06-12"
    assert o["salutation"] == "同志们："
    # 四点 announced but three sections follow: the literal text stays, nothing is "corrected"
    assert "我讲四点意见" in o["opening"][0] and "{{" not in o["opening"][0]
    pts = o["sections"]["items"][1]["body"][0]["points"]
    assert pts["style"] == "首先" and len(pts["items"]) == 3
    assert roles.count("heading") == 3 and roles.count("lead") == 3
    # 第一项 (an agenda item) and numbers in the text are not structure
    assert "第一项" in o["opening"][0]
    first_body = o["sections"]["items"][0]["body"]
    assert any(isinstance(b, dict) and b.get("inline", {}).get("style") == "一方面" for b in first_body)
    assert o["closing"][-1] == "谢谢大家！"


def test_glued_heading_becomes_runin_section():
    text = "同志们：\n今天开个短会。\n一、压实整改责任。各单位要对照清单逐项推进，确保按期完成。\n二、严格督查问效。督查室要每周通报进度。\n谢谢大家！\n"
    r, paras, roles = round_trip(text)
    items = r.outline["sections"]["items"]
    assert [s.get("runin") for s in items] == [True, True]
    assert items[0]["heading"] == "压实整改责任。"
    assert roles.count("lead") == 2


def test_half_width_punctuation_and_families():
    text = ("同志们:\n今天开会,讲两点意见.\n(一)抓整改\n一是要建台账.台账要清楚,责任要明确。\n二是强化督查,每月通报一次。\n"
            "(二)抓落实\n第一,要抓好统筹。各部门要配合。\n第二,要抓好宣传。要讲好做法。\n同志们,让我们共同努力!\n")
    r, paras, roles = round_trip(text)
    secs = r.outline["sections"]
    assert secs["style"] == "（一）" and len(secs["items"]) == 2
    first = secs["items"][0]["body"][0]["points"]
    # 一是要 then 二是: one list of the 一是 family, the 要 stays in the item text
    assert first["style"] == "一是" and first["items"][0].startswith("要建台账")
    assert secs["items"][1]["body"][0]["points"]["style"] == "第一，"
    assert roles.count("heading") == 2 and roles.count("lead") == 4


def test_pdf_line_breaks_rejoined():
    body = ("实施整改工作以来，我们坚持问题导向，逐项梳理反馈意见，建立问题、任务、责任三张清单，"
            "实行销号管理，目前多数问题已经完成整改，但仍有少数问题进展缓慢，需要引起高度重视。")
    lines = ["在全镇整改工作推进会议上的讲话", "同志们：", *[body[i:i + 27] for i in range(0, len(body), 27)],
             "一、提高政治站位", *[body[i:i + 27] for i in range(0, len(body), 27)], "二、强化责任落实",
             "各村要明确专人负责，", "按时报送进度。", "谢谢大家！"]
    r, paras, roles = round_trip("\n".join(lines))
    assert paras == ["在全镇整改工作推进会议上的讲话", "同志们：", body, "一、提高政治站位", body, "二、强化责任落实",
                     "各村要明确专人负责，按时报送进度。", "谢谢大家！"]
    assert roles.count("heading") == 2


def test_gbk_crlf_and_bom_inputs():
    for data in (SPEECH.replace("\n", "\r\n").encode("gbk"), SPEECH.encode("gb18030"),
                 b"\xef\xbb\xbf" + SPEECH.encode("utf-8")):
        r, paras, roles = round_trip(data)
        assert paras[0] == "在全县重点领域问题整改推进会议上的讲话"
        assert roles.count("heading") == 3


def test_traditional_characters():
    opencc = pytest.importorskip("opencc")
    trad = opencc.OpenCC("s2t").convert(SPEECH)
    r, paras, roles = round_trip(trad)
    assert r.outline["title"].endswith("講話")
    assert r.outline["salutation"] == "同志們："
    assert roles.count("heading") == 3
    # 最後 is not what gaozi writes (最后): that list stays text rather than change the wording
    assert "謝謝大家！" in r.outline["closing"][-1]


def test_one_line_scrape_split_by_indents():
    paras = [p for p in SPEECH.splitlines() if p]
    r, got, roles = round_trip("　　".join(paras))
    assert got == [normalize(p) if i != 1 else p for i, p in enumerate(paras)]
    assert roles.count("heading") == 3


def test_one_line_scrape_without_gaps_finds_headings_and_closing():
    text = ("同志们：今天召开会议，部署整改工作。下面，我讲两点意见。一、提高认识。要把整改作为政治任务。"
            "二、压实责任。各单位要明确专人负责，按期销号。我就讲这些，谢谢大家。")
    r, paras, roles = round_trip(text)
    assert paras[0] == "同志们：" and paras[-1] == "我就讲这些，谢谢大家。"
    assert roles.count("lead") == 2  # the headings come back as run-in sections
    assert "我讲{{ n }}点意见" in r.outline["opening"][-1]


def test_web_junk_removed_and_listed():
    page = ("您当前的位置：首页 > 领导讲话\n发布时间：2025-03-01　浏览次数：321\n以下是小编整理的讲话范文，欢迎阅读。\n"
            + "\n".join("　　" + p for p in SPEECH.splitlines() if p)
            + "\n……此处隐藏1200字……\n第2页 共3页\n下载后可任意编辑\n关注公众号获取更多\n相关文章\n社区活动方案03-01\n"
              "班级工作总结03-02\n")
    r, paras, roles = round_trip(page)
    assert paras[0] == "在全县重点领域问题整改推进会议上的讲话"
    assert paras[-1] == "谢谢大家！"
    reasons = {reason for _, reason, _ in r.removed}
    assert {"面包屑导航", "发布信息", "网站导语", "隐藏字数提示", "页码", "可编辑提示", "公众号推广", "推荐文章列表"} <= reasons


def test_html_leftovers():
    html = "<div class='c'><p>同志们：</p><p>今天开会&nbsp;，研究整改。</p><p>一、抓落实</p><p>要按期完成。</p><br/>谢谢大家！</div>"
    r, paras, roles = round_trip(html)
    assert paras == ["同志们：", "今天开会，研究整改。", "一、抓落实", "要按期完成。", "谢谢大家！"]


def test_source_line_is_metadata():
    text = "县委巡察组向石桥镇反馈巡察情况\n3月1日，县委巡察组向石桥镇党委反馈情况。\n会议要求，一是要提高站位，二是要压实责任。\n（来源：县纪委监委网站）\n"
    r, paras, roles = round_trip(text)
    assert r.outline["source"] == "（来源：县纪委监委网站）"
    assert paras[-1] == "（来源：县纪委监委网站）"
    lst = r.outline["opening"][-1]["inline"]
    assert lst["intro"] == "会议要求，" and lst["style"] == "一是要"


def test_jinja_like_text_is_escaped():
    text = "同志们：\n模板写法{{ n }}和{% if %}以及{# x #}、{% endraw %}都要原样保留。\n谢谢大家！\n"
    r, paras, roles = round_trip(text)
    assert paras[1] == "模板写法{{ n }}和{% if %}以及{# x #}、{% endraw %}都要原样保留。"
    assert "{% raw %}" in r.yaml_text


_JINJA_BITS = ["{", "}", "%", "#", "-", "+", " ", "{{", "}}", "{%", "%}", "{#", "#}", "raw", "endraw", "if", "endif",
               "7*7", "n", "'", '"', "整改", "落实", "。"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_JINJA_BITS), min_size=1, max_size=24).map("".join))
def test_imported_text_is_never_evaluated_as_a_template(src):
    """escape_jinja(x) renders back to x for any mix of Jinja syntax ({%endraw%}, {%- endraw -%}, …)."""
    from generator.importer.core import escape_jinja
    from generator.render.compose import compiled, text_env
    from generator.render.templating import make_env

    env = text_env(make_env())
    assert compiled(env, escape_jinja(src)).render({}) == src


@pytest.mark.parametrize("variant", ["{%endraw%}", "{%- endraw -%}", "{%+ endraw +%}", "{% endraw%}{{ 7*7 }}",
                                     "{% raw %}{{ 7*7 }}", "{%- raw -%}x{%endraw-%}"])
def test_endraw_variants_round_trip(variant):
    text = f"同志们：\n写法{variant}要原样保留。\n谢谢大家！\n"
    r, paras, roles = round_trip(text)
    assert paras[1] == f"写法{variant}要原样保留。"


def test_import_refuses_an_outline_render_would_refuse():
    big = "同志们：\n" + ("要抓好整改落实，确保问题见底清零。" * 60 + "\n") * 2000
    with pytest.raises(GaoziError, match="超过渲染上限"):
        import_text(big)


@pytest.mark.parametrize("head, want", [
    ("在全县巡察整改工作会议上的讲话\n（2025年6月12日）\n王明\n", {"speaker": "王明", "date": "2025-06-12"}),
    ("领导讲话\n在全县巡察整改工作会议上的讲话\n2025-06-12\n", {"date": "2025-06-12"}),
    ("在全县巡察整改工作会议上的讲话\n在全县巡察整改工作会议上的讲话\n县委书记　王明\n", {"speaker": "县委书记　王明"}),
    ("在全县巡察整改工作会议上的讲话\n县委书记　王明\n2025年6月12日\n", {"date": "2025-06-12"}),
])
def test_front_matter_by_scoring(head, want):
    r, paras, roles = round_trip(head + "同志们：\n今天召开会议，部署整改工作。\n谢谢大家！\n")
    assert r.outline["title"] == "在全县巡察整改工作会议上的讲话"
    assert r.outline["salutation"] == "同志们："
    for k, v in want.items():
        assert str(r.outline[k]) == v
    assert r.outline["opening"] == ["今天召开会议，部署整改工作。"]


def test_outline_block_becomes_outline_text_not_sections():
    text = ("提纲：\n一、提高认识\n二、压实责任\n在全县巡察整改工作会议上的讲话\n同志们：\n今天召开会议。\n"
            "一、提高认识\n要提高认识。\n二、压实责任\n要压实责任。\n谢谢大家！\n")
    r, paras, roles = round_trip(text)
    assert r.outline["outline_text"] == "提纲：一、提高认识二、压实责任"
    assert [s["heading"] for s in r.outline["sections"]["items"]] == ["提高认识", "压实责任"]
    assert r.outline["sections"]["items"][1]["body"] == ["要压实责任。"]


def test_headline_subtitle_speaker_and_date():
    # the published form: a headline, ——在…上的讲话 under it, then the speaker and the date
    head = ("凝心聚力抓整改　真抓实干见成效\n——在全县巡察整改工作会议上的讲话\n县委书记　王明\n（2025年6月12日）\n")
    r, paras, roles = round_trip(head + "同志们：\n今天召开会议，部署整改工作。\n谢谢大家！\n")
    assert r.outline["subtitle"] == "——在全县巡察整改工作会议上的讲话"
    assert r.outline["speaker"] == "县委书记　王明" and str(r.outline["date"]) == "2025-06-12"
    assert r.outline["salutation"] == "同志们："
    assert roles[:5] == ["title", "subtitle", "speaker", "date-line", "salutation"]


@pytest.mark.parametrize("head", [
    "县委书记　王明\n在全县巡察整改工作会议上的讲话\n",  # the speaker line above the title
    "县委书记　王明\n（2025年6月12日）\n在全县巡察整改工作会议上的讲话\n",
])
def test_speaker_above_the_title_is_not_joined_to_it(head):
    r, paras, roles = round_trip(head + "同志们：\n今天召开会议，部署整改工作。\n谢谢大家！\n")
    assert r.outline["title"] == "在全县巡察整改工作会议上的讲话" and r.outline["speaker"] == "县委书记　王明"
    assert r.outline["salutation"] == "同志们：" and "已按标准顺序排列" in "".join(r.notes)


def test_site_label_above_a_whole_title_is_not_joined_to_it():
    r = import_text("发言稿\n在全县巡察整改工作会议上的讲话\n同志们：\n今天开会。\n")
    assert r.outline["title"] == "在全县巡察整改工作会议上的讲话"


def test_numbered_paragraph_ending_at_its_first_sentence_end_is_a_heading_line():
    # 一、…；…。 with nothing after: no run-in body to split off (an empty body made the outline fail its check)
    text = ("同志们：\n今天开会。\n一、在提高认识上下功夫，各部门要把功夫下在平时；切实把整改责任扛在肩上。\n1.强化跟踪督办\n"
            "各单位要抓好落实。\n二、突出抓好问题销号\n要按期销号。\n谢谢大家！\n")
    r, paras, roles = round_trip(text)
    assert not any("未能完整识别结构" in n for n in r.notes)
    first = r.outline["sections"]["items"][0]
    assert first["heading"] == "在提高认识上下功夫，各部门要把功夫下在平时；切实把整改责任扛在肩上。" and "runin" not in first


def test_date_time_and_place_under_the_title_are_kept_whole():
    r, paras, roles = round_trip("县委巡察反馈会议主持词\n（2024年9月12日上午9:30，县委第一会议室）\n同志们：\n今天召开反馈会议。\n")
    assert r.outline["subtitle"] == "（2024年9月12日上午9:30，县委第一会议室）" and r.outline["salutation"] == "同志们："


def test_markdown_pasted_from_a_chat_tool_or_written_by_gaozi():
    text = ("# 在全县巡察整改工作会议上的讲话\n\n同志们：\n\n今天召开会议，部署整改工作。下面，我讲两点意见。\n\n"
            "## 一、提高政治站位\n\n**一要认清形势。**各单位要把整改责任扛在肩上。\n\n**二要压实责任。**要对照清单逐项销号，"
            "\n做到件件有着落。\n\n## 二、抓好督查\n\n- 督查室要每周通报\\*进度\\*。\n\n谢谢大家！\n")
    r, paras, roles = round_trip(text)
    assert r.outline["title"] == "在全县巡察整改工作会议上的讲话"
    first, second = r.outline["sections"]["items"]
    assert first["heading"] == "提高政治站位" and first["body"][0]["points"]["style"] == "一要"
    # a paragraph's soft-wrapped lines are one paragraph
    assert first["body"][0]["points"]["items"] == ["认清形势。各单位要把整改责任扛在肩上。", "压实责任。要对照清单逐项销号，做到件件有着落。"]
    assert second["body"] == ["督查室要每周通报*进度*。"]
    # a placeholder written with stars (**乡, **同志) is not Markdown
    r2 = import_text("同志们：\n**乡要抓好整改，**同志要带头。\n谢谢大家！\n")
    assert r2.outline["opening"] == ["**乡要抓好整改，**同志要带头。"]


def test_inline_list_ends_where_the_enumeration_ends():
    text = ("同志们：\n会议指出，存在三个方面的问题：一是学习不够深入；二是管理不够严格；三是作风不够扎实。"
            "对这些问题，各单位要高度重视，抓紧整改。\n谢谢大家！\n")
    r, paras, roles = round_trip(text)
    lst = r.outline["opening"][0]["inline"]
    assert lst["items"] == ["学习不够深入；", "管理不够严格；", "作风不够扎实。"]
    assert lst["after"] == "对这些问题，各单位要高度重视，抓紧整改。"
    # items of several sentences: where the last one ends is not known, it keeps the rest
    text2 = "同志们：\n问题是：一是学习不够。次数偏少。二是管理不严。账目不清。对此要整改。\n谢谢大家！\n"
    r2, _, _ = round_trip(text2)
    assert "after" not in r2.outline["opening"][0]["inline"]


@pytest.mark.parametrize("head, sal", [
    ("公文写作网\n领导讲话\n在全县巡察整改工作会议上的讲话\n县委书记　王明\n（2025年6月12日）\n", "各位领导，同志们：\n"),
    ("在全县巡察整改工作会议上的讲话\n讲话稿\n2024-06-01\n（2025年6月12日）\n晨光写作网\n", "同志们：\n"),
    ("晨光写作网\n在全县巡察整改工作会议上的讲话\n县委书记　王明\n", ""),  # no salutation: up to the first sentence
])
def test_stray_site_lines_anywhere_in_the_front_matter(head, sal):
    r = import_text(head + sal + "今天召开会议，部署整改工作。\n一、提高站位\n要提高站位。\n谢谢大家！\n")
    assert r.outline["title"] == "在全县巡察整改工作会议上的讲话"
    assert r.outline["salutation"] == sal.strip()
    assert r.outline["opening"] == ["今天召开会议，部署整改工作。"]
    assert any(reason in ("网站杂项", "网站栏目名称", "网站名称或栏目") for _, reason, _ in r.removed)


def test_headline_of_two_phrases_keeps_its_space():
    text = "凝心聚力抓整改 真抓实干见成效\n——在全县巡察整改工作会议上的讲话\n同志们：\n今天召开会议。\n谢谢大家！\n"
    r = import_text(text)
    assert r.outline["title"] == "凝心聚力抓整改　真抓实干见成效"
    # a stray space inside a body line is still removed
    assert import_text("同志们：\n各单位要切实 加强组织领导，抓好整改。\n").outline["opening"] == ["各单位要切实加强组织领导，抓好整改。"]


def test_site_name_and_its_date_above_the_title_are_dropped():
    r = import_text("公文写作网\n2024-06-01\n在全县巡察整改工作会议上的讲话\n同志们：\n今天开会。\n")
    assert r.outline["title"] == "在全县巡察整改工作会议上的讲话" and r.outline["salutation"] == "同志们："
    assert "date" not in r.outline
    assert (1, "网站名称或栏目", "公文写作网") in r.removed and (2, "网站发布日期", "2024-06-01") in r.removed


def test_dropped_front_lines_are_listed():
    r = import_text("领导讲话\n在全县巡察整改工作会议上的讲话\n同志们：\n今天开会。\n")
    assert (1, "网站栏目名称", "领导讲话") in r.removed


def test_list_starting_inside_an_intro_paragraph_and_continuation_paragraphs():
    text = ("同志们：\n今天召开会议，研究部署整改工作。首先，要提高认识。各单位要把整改摆上位置。\n其次，要压实责任。各单位要落实到岗。\n"
            "这一条尤其重要，各单位务必抓紧。\n县委督查室要跟踪问效。\n最后，要强化督办。督查室要跟踪。\n下面讲几点具体意见。\n"
            "一是要抓落实。各单位要抓落实。\n要有台账。\n二是要抓督查。要督查。\n三是要抓考核。要考核。\n谢谢大家！\n")
    r, paras, roles = round_trip(text)
    first, _, second = r.outline["opening"]
    assert first["points"]["joined"] is True and first["points"]["intro"] == "今天召开会议，研究部署整改工作。"
    assert first["points"]["items"][1]["paras"] == ["这一条尤其重要，各单位务必抓紧。", "县委督查室要跟踪问效。"]
    assert second["points"]["items"][0]["paras"] == ["要有台账。"]
    # renumbering: drop the middle point and the list renumbers (首先/最后 for two items)
    del first["points"]["items"][1]
    y = dump_outline(r.outline)
    got = [b.text for b in build(y, name="x.yaml").paragraphs()]
    assert got[1] == "今天召开会议，研究部署整改工作。首先，要提高认识。各单位要把整改摆上位置。"
    assert got[2].startswith("其次，要强化督办") or got[2].startswith("最后，要强化督办")


def test_count_only_when_it_matches_what_follows():
    two = "同志们：\n我讲两点意见。\n一、第一部分\n正文。\n二、第二部分\n正文。\n谢谢大家！\n"
    r, _, _ = round_trip(two)
    assert r.outline["opening"] == ["我讲{{ n }}点意见。"]
    three = two.replace("两点", "三点")
    r, _, _ = round_trip(three)
    assert r.outline["opening"] == ["我讲三点意见。"]


def test_numbering_gap_kept_with_number():
    text = "同志们：\n开场。\n一、甲\n正文甲。\n三、丙\n正文丙。\n四、丁\n正文丁。\n谢谢大家！\n"
    r, paras, roles = round_trip(text)
    items = r.outline["sections"]["items"]
    assert [s.get("number") for s in items] == [None, 3, None]


def test_lone_fragments_of_lists_stay_paragraphs():
    text = "同志们：\n开场白。\n其次，这不是一个完整的列表。\n另一方面，也不是。\n最后，我强调一点。\n谢谢大家！\n"
    r, paras, roles = round_trip(text)
    assert roles.count("lead") == 0


def test_nothing_understood_is_never_dropped():
    text = "甲乙丙丁\n戊己庚辛，壬癸\n子丑寅卯。\n"
    r, paras, _ = round_trip(text)
    assert "".join(paras) == "甲乙丙丁戊己庚辛，壬癸子丑寅卯。" or len(paras) >= 2


def test_empty_or_junk_only_input_is_an_error():
    with pytest.raises(GaoziError, match="没有剩下任何正文"):
        import_text("推荐阅读\n某某方案02-26\n某某总结02-27\n", name="j.txt")


# =================================================================================================
# YAML output
# =================================================================================================

@pytest.mark.parametrize("s", ["yes", "no", "null", "~", "- 开头", "a: b", "# 井号", "带 #注释", "'单引号", '"双引号',
                               "123", "1.5", "2025-03-18", "@人", "&锚", "*别名", "!标签", "|竖线", ">大于", "%百分",
                               "`反引号", " 前空格", "后空格 ", "{花括号}", "[方括号]", "true", "0x1F", ":冒号"])
def test_dump_quotes_what_yaml_would_misread(s):
    o = {"kind": "speech", "opening": [s], "title": s}
    assert yaml.safe_load(dump_outline(o)) == o


def test_yaml_is_block_style_with_comments(seeds_dir):
    _, r = _seed_result(seeds_dir, "000")
    assert "# 推断：一要 系列" in r.yaml_text
    assert "{" not in r.yaml_text.replace("{{ n }}", "")  # no flow style
    assert yaml.safe_load(r.yaml_text) == {k: v for k, v in r.outline.items()}


# =================================================================================================
# docx input
# =================================================================================================

def test_docx_written_by_gaozi_imports_back():
    o = outline(random.Random(7))
    paras, roles = render_outline(o)
    doc = build(yaml.safe_dump(o, allow_unicode=True, sort_keys=False), name="o.yaml")
    data = write(doc, "docx")
    r = import_docx(data, "x.docx")
    got, got_roles = rendered(r)
    assert [normalize(p) for p in got] == [normalize(p) for p in paras]
    assert got_roles.count("heading") == roles.count("heading")
    assert got_roles.count("lead") == roles.count("lead")
    assert import_bytes(data, "no-extension").paragraphs == r.paragraphs


def test_docx_numbered_by_word_imports_with_its_sections():
    # a county office's speech whose headings carry Word's automatic numbering, not typed numbers
    from test_read_docx import HEADING_STYLES, lvl, make_docx, npara, numbering_xml, para

    levels = (lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="1"/><w:suff w:val="nothing"/>')
              + lvl(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="2"/>')
              + lvl(2, "decimal", "%3.", extra='<w:suff w:val="space"/>'))
    body = (para("在全县巡察整改工作推进会上的讲话", "a3") + para("同志们：")
            + para("今天召开会议，主要是推动巡察整改工作落实。")
            + para("提高政治站位", "1") + para("强化思想认识", "2") + para("各单位要把整改作为重大政治任务。")
            + para("压实整改责任", "2") + npara("主要负责同志要亲自抓。", 5, 2) + npara("分管负责同志要具体抓。", 5, 2)
            + para("狠抓工作落实", "1") + para("建立工作台账", "2") + para("各牵头单位要对照问题清单逐项销号。")
            + para("同志们，整改工作责任重大，大家要抓紧抓实。") + para("谢谢大家！"))
    styles = HEADING_STYLES.replace("</w:styles>", '<w:style w:type="paragraph" w:styleId="a3">'
                                    '<w:name w:val="Title"/></w:style></w:styles>')
    r = import_docx(make_docx(body, styles=styles, numbering=numbering_xml({0: levels}, {5: "0"})), "n.docx")
    sections = r.outline["sections"]
    assert sections["style"] == "一、" and [s["heading"] for s in sections["items"]] == ["提高政治站位", "狠抓工作落实"]
    first = sections["items"][0]["sections"]
    assert first["style"] == "（一）" and [s["heading"] for s in first["items"]] == ["强化思想认识", "压实整改责任"]
    assert first["items"][1]["sections"]["style"] == "1."
    got, roles = rendered(r)
    assert got == ["在全县巡察整改工作推进会上的讲话", "同志们：", "今天召开会议，主要是推动巡察整改工作落实。",
                   "一、提高政治站位", "（一）强化思想认识", "各单位要把整改作为重大政治任务。", "（二）压实整改责任",
                   "1.主要负责同志要亲自抓。", "2.分管负责同志要具体抓。", "二、狠抓工作落实", "（一）建立工作台账",
                   "各牵头单位要对照问题清单逐项销号。", "同志们，整改工作责任重大，大家要抓紧抓实。", "谢谢大家！"]
    assert roles.count("heading") == 7


# =================================================================================================
# held-out damage on the synthetic corpus: paragraph F1 and recognition of headings and points
# =================================================================================================

def _traditional(paras, rng):
    opencc = pytest.importorskip("opencc")
    cc = opencc.OpenCC("s2t")
    return cc.convert("\n".join(paras)), [cc.convert(p) for p in paras]


DAMAGE = {
    "clean": lambda p, r: "\n".join(p),
    "gbk_crlf": lambda p, r: "\r\n".join(p).encode("gbk"),
    "half_width": lambda p, r: half_width(p),
    "pdf_breaks": lambda p, r: pdf_wrap(p, r),
    "web_junk": lambda p, r: web_page(p, r),
    "stray_spaces": lambda p, r: stray_spaces(p, r),
    "one_line_indented": lambda p, r: one_line(p, "　　"),
    "traditional": _traditional,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_held_out_damage_f1_and_recognition(damage):
    f1s, hit, total = [], 0, 0
    for seed in range(16):
        rng = random.Random(seed)
        o = outline(rng, report=seed % 3 == 0)
        paras, roles = render_outline(o)
        src = DAMAGE[damage](paras, rng)
        if isinstance(src, tuple):
            src, paras = src
        r = import_bytes(src, "x.txt") if isinstance(src, bytes) else import_text(src, name="x.txt")
        got, got_roles = rendered(r)
        assert got == r.paragraphs  # whatever was recognised renders back exactly
        f1s.append(paragraph_f1(paras, got))
        h, t = recognised(paras, roles, got, got_roles)
        hit, total = hit + h, total + t
    assert sum(f1s) / len(f1s) >= 0.98, f1s
    assert hit / total >= 0.95, (hit, total)


def _glued_after(paras, roles):
    """Every heading glued to the paragraph after it, no 。 between (issue 16)."""
    out, glue = [], False
    for p, r in zip(paras, roles):
        if glue:
            out[-1] += p
        else:
            out.append(p)
        glue = not glue and r == "heading"
    return "\n".join(out)


@pytest.mark.parametrize("writer, damage, f1_floor", [
    ("A", "glued", 0.98), ("B", "glued", 0.98),
    # one line without separators: consecutive plain paragraphs cannot be told apart (the bench prints the
    # ceiling); these floors guard what structure recognition reaches today
    ("A", "one_line", 0.8), ("B", "one_line", 0.9),
])
def test_held_out_glued_headings_and_one_line(writer, damage, f1_floor):
    import second_writer

    f1s, hit, total = [], 0, 0
    for seed in range(16):
        rng = random.Random(500 + seed)
        o = second_writer.outline(rng) if writer == "B" else outline(rng, report=seed % 3 == 0)
        paras, roles = render_outline(o)
        if damage == "one_line":
            src = "".join(paras)
        else:
            src = second_writer.glued_both_ways(paras, roles, rng) if writer == "B" else _glued_after(paras, roles)
        r = import_text(src, name="x.txt")
        got, got_roles = rendered(r)
        assert got == r.paragraphs
        f1s.append(paragraph_f1(paras, got))
        h, t = recognised(paras, roles, got, got_roles)
        hit, total = hit + h, total + t
    assert sum(f1s) / len(f1s) >= f1_floor, f1s
    if damage == "glued":
        assert hit / total >= 0.95, (hit, total)


@pytest.mark.parametrize("prefix, damage, floor", [
    ("000", "glued", 1.0), ("001", "glued", 0.9), ("003", "glued", 1.0), ("004", "glued", 1.0),
    ("000", "one_line", 0.9),  # 我讲五点意见：（一）… then 一要/一是 points, all on one line
    ("002", "one_line", 0.95),  # 【提纲】 block, title and 同志们： on the line; the block tells where headings end
    ("004", "one_line", 0.95),  # news: headline + date lead, named officials speaking, lists inside lists
])
def test_seed_headings_glued_or_on_one_line(seeds_dir, prefix, damage, floor):
    _, r = _seed_result(seeds_dir, prefix)
    paras, roles = rendered(r)
    src = "".join(paras) if damage == "one_line" else _glued_after(paras, roles)
    got, _ = rendered(import_text(src, name="x.txt"))
    assert paragraph_f1(paras, got) >= floor


# =================================================================================================
# property: render → import → render is a fixed point
# =================================================================================================

_sentence = st.builds(lambda s, a, t: f"{s}{a}，{t}。", st.sampled_from(SUBJECTS), st.sampled_from(ACTIONS),
                      st.sampled_from(TAILS))
_para = st.lists(_sentence, min_size=1, max_size=3).map("".join)
_point = st.builds(lambda lead, rest: f"{lead}。{rest}", st.sampled_from(LEADS), _para)


@st.composite
def _points(draw, nested=True):
    style = draw(st.sampled_from(RUNIN_STYLES))
    n = {"一方面": 2, "首先": draw(st.integers(2, 4))}.get(style, draw(st.integers(1, 5)))
    items = []
    for _ in range(n):
        if nested and style == "第一，" and draw(st.booleans()):
            sub = draw(_points(nested=False))
            if sub["points"]["style"] != "第一，":
                items.append({"text": draw(_point), "points": sub["points"]})
                continue
        items.append(draw(_point))
    return {"points": {"style": style, "items": items}}


@st.composite
def _inline(draw):
    style = draw(st.sampled_from(["一是", "一要", "第一，", "首先", "一、", "1."]))
    n = {"首先": draw(st.integers(2, 4))}.get(style, draw(st.integers(2, 5)))
    items = [f"{draw(st.sampled_from(LEADS))}不到位。" for _ in range(n)]
    intro = draw(st.sampled_from(["主要原因有{{ n }}个方面：", "经过分析，问题主要在于：", "会议强调，"]))
    return {"inline": {"intro": intro, "style": style, "items": items}}


@st.composite
def _body(draw):
    items = [draw(_para)] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 2))):
        items.append(draw(st.one_of(_para, _points(), _inline())))
    # two lists of the same family side by side would read as one list: keep a paragraph between lists
    out, prev_list = [], False
    for it in items:
        is_list = isinstance(it, dict)
        if is_list and prev_list:
            out.append(draw(_para))
        out.append(it)
        prev_list = is_list
    return out or [draw(_para)]


@st.composite
def outlines(draw):
    o = {"kind": "speech"}
    if draw(st.booleans()):
        o["title"] = f"在{draw(st.sampled_from(PLACES))}{draw(st.sampled_from(TOPICS))}会议上的讲话"
    o["salutation"] = draw(st.sampled_from(["同志们：", ""]))
    o["opening"] = draw(_body())
    nsec = draw(st.integers(0, 4))
    if nsec:
        o["opening"].append("下面，我讲{{ n }}点意见。")
        secs = []
        for _ in range(nsec):
            s = {"heading": draw(st.sampled_from(STANCES)) + "，" + draw(st.sampled_from(PURPOSES))}
            if draw(st.booleans()):
                s["runin"] = True
                s["heading"] = draw(st.sampled_from(STANCES)) + "。"
                s["body"] = [draw(_para)] + draw(_body())
            else:
                s["body"] = draw(_body())
            if draw(st.integers(0, 3)) == 0:
                subs = [{"heading": draw(st.sampled_from(LEADS)), "body": draw(_body())}
                        for _ in range(draw(st.integers(1, 3)))]
                s["sections"] = {"style": "（一）", "items": subs}
            secs.append(s)
        # with sub-sections the top level is 一、 (（一） is the level below it)
        nested = any("sections" in s for s in secs)
        o["sections"] = {"style": "一、" if nested else draw(st.sampled_from(["一、", "（一）"])), "items": secs}
    o["closing"] = [draw(st.sampled_from(["同志们，让我们共同努力！", "谢谢大家！", "我就讲这些，谢谢大家。"]))]
    return o


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(outlines())
def test_render_import_render_is_a_fixed_point(o):
    paras, roles = render_outline(o)
    r = import_text("\n".join(paras), name="p.txt")
    got, got_roles = rendered(r)
    assert got == paras
    assert got_roles.count("heading") == roles.count("heading")
    assert got_roles.count("lead") == roles.count("lead")


# =================================================================================================
# command line and speed
# =================================================================================================

def test_cli_import_then_render(tmp_path):
    src = tmp_path / "讲话.txt"
    src.write_bytes(("您当前的位置：首页 > 讲话\n" + SPEECH + "推荐阅读\n某某方案02-26\n").encode("gbk"))
    out = tmp_path / "讲话.yaml"
    p = run_gaozi("import", src, "-o", out, "--verbose")
    assert p.returncode == 0, p.stderr.decode()
    err = p.stderr.decode()
    assert "删除（面包屑导航）" in err and "删除（推荐文章列表）" in err
    q = run_gaozi("render", out, "--format", "txt", "-q")
    assert q.returncode == 0, q.stderr.decode()
    lines = q.stdout.decode().splitlines()
    assert lines[0] == "在全县重点领域问题整改推进会议上的讲话" and lines[-1] == "谢谢大家！"
    assert len(lines) == len([x for x in SPEECH.splitlines() if x])


def test_cli_stdin_and_errors(tmp_path):
    p = run_gaozi("import", "-", input="同志们：\n今天开会。\n谢谢大家！\n".encode("utf-8"))
    assert p.returncode == 0 and "salutation: 同志们：" in p.stdout.decode()
    p = run_gaozi("import", tmp_path / "missing.txt")
    assert p.returncode == 2 and "文件不存在" in p.stderr.decode()
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    p = run_gaozi("import", bad)
    assert p.returncode == 2 and "不是有效的 .docx" in p.stderr.decode()
    p = run_gaozi("import", "-", "--kind", "speeh", input="同志们：\n".encode())
    assert p.returncode == 2 and "speech" in p.stderr.decode()


def test_ten_thousand_characters_import_quickly():
    import time

    parts, i = [], 0
    while sum(len(x) + 1 for x in parts) < 10000:
        parts.extend(render_outline(outline(random.Random(100 + i)))[0])
        i += 1
    text = "\n".join(parts)[:10000]
    import_text(text)
    times = []
    for _ in range(5):
        t0 = time.process_time()  # CPU time of this process: other jobs on a shared machine do not count
        import_text(text)
        times.append(time.process_time() - t0)
    assert sorted(times)[2] < 0.25  # the bench asks for 50 ms; this only catches a gross regression


@pytest.mark.parametrize("width", [26, 30, 33, 36])
def test_seeds_as_pdf_copies(seeds_dir, width):
    """Each seed hard-wrapped at a fixed width (with page numbers) comes back paragraph for paragraph."""
    from generator.io.textio import decode

    f1s = []
    for path in sorted(seeds_dir.glob("*.txt")):
        c = clean(decode(path.read_bytes(), path.name))
        paras = c.paragraphs + ([c.source] if c.source else [])
        r = import_text(pdf_wrap(paras, random.Random(width), width), name=path.name)
        f1s.append(paragraph_f1(paras, r.paragraphs))
    assert sum(f1s) / len(f1s) >= 0.98, f1s


def test_cli_verbose_lists_removed_junk_and_joined_lines():
    src = "同志们：\n今天我们召开会议，研究部署\n整改工作。\n写作之家|原创|范文|素材|\n谢谢大家！\n".encode("utf-8")
    p = run_gaozi("import", "-", "--verbose", input=src)
    err = p.stderr.decode("utf-8")
    assert p.returncode == 0, err
    assert "<stdin>:4: 删除（网站栏目）：写作之家|原创|范文|素材|" in err
    assert "<stdin>:3: 接上一行（断行合并）：整改工作。" in err


# =================================================================================================
# every shipped example imports back to itself (its tables, which an outline imported from text cannot
# hold, come back as text paragraphs: the document's own paragraphs must all come back, in order)
# =================================================================================================

def _is_subsequence(small, big) -> bool:
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


@pytest.mark.parametrize("example", sorted(p.name for p in (Path(__file__).resolve().parent.parent / "outlines").glob("*.yaml")))
@pytest.mark.parametrize("fmt", ["txt", "md", "docx"])
def test_shipped_example_imports_back_to_itself(example, fmt):
    from generator.model.tree import Table

    path = Path(__file__).resolve().parent.parent / "outlines" / example
    doc = build(path.read_text(encoding="utf-8"), name=str(path))
    want = [normalize("".join(s.text for s in b.spans)) for b in doc.paragraphs()]
    data = write(doc, fmt)
    r = import_text(data.decode("utf-8") if isinstance(data, bytes) else data, name=f"x.{fmt}") if fmt != "docx" \
        else import_docx(data, "x.docx")
    got = [normalize(p) for p in rendered(r)[0]]
    if any(isinstance(b, Table) for b in doc.blocks):
        assert _is_subsequence(want, got), [w for w in want if w not in got]
    else:
        assert got == want


def test_docx_title_set_on_two_lines_is_one_title():
    o = {"kind": "speech", "title": "在2025年全区生态环境保护督察反馈意见整改工作会议上的讲话", "salutation": "同志们：",
         "opening": ["今天召开会议，部署整改工作。"], "closing": ["谢谢大家！"]}
    doc = build(yaml.safe_dump(o, allow_unicode=True, sort_keys=False), name="o.yaml")
    r = import_docx(write(doc, "docx"), "x.docx")
    assert r.outline["title"] == o["title"] and r.outline["salutation"] == "同志们："
