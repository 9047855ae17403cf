"""A second writer's synthetic speeches, to check that `gaozi import` generalises beyond the corpus of
tests/test_importer.py: another phrase bank (written for this module, no sentence from the seeds or the
web), one-clause headings (在…上下功夫, 着力…), 1. sub-headings under 一、, semicolons and sentences that
open with 我们/今年以来/截至…, and its own damage: the whole text on one line, and headings glued to the
paragraph before them (…。二、…) or after them (二、在压实责任上求突破各职能部门要…).
"""
from __future__ import annotations

import random

SUBJECTS = ["我们", "各级领导干部", "县乡两级", "各职能部门", "镇村干部", "整改牵头部门", "纪检监察机关", "各驻村工作队",
            "分管同志", "每一名党员"]
PREDICATES = ["必须把问题整改摆在突出位置", "要敢于较真碰硬", "要紧盯时间节点倒排工期", "要把群众满意作为第一标准",
              "必须做到边查边改、立行立改", "要主动对标对表", "要把功夫下在平时", "要坚持从严从实", "要拿出过硬举措",
              "必须一抓到底", "要把账目一笔一笔理清楚", "要经常到现场看一看"]
TAILS = ["绝不能搞选择性整改", "决不允许打折扣、搞变通", "真正做到问题不解决不放过", "切实把整改责任扛在肩上",
         "用实际行动回应群众期盼", "以整改成效检验工作作风", "让每一项措施都能落地"]
FACTS = ["今年以来，全县共梳理出问题线索四十余条", "截至上月底，已有三分之二的问题完成销号", "从前期督查的情况来看",
         "对照反馈意见逐条检视", "就目前的进度而言", "一段时间以来，有的单位满足于表面整改", "客观地讲，整改工作取得了阶段性成效",
         "据统计，群众来信来访数量同比下降两成"]
HEADINGS = ["在提高认识上下功夫", "在压实责任上求突破", "在建章立制上见成效", "突出抓好问题销号", "着力解决群众急难愁盼问题",
            "持续深化以案促改", "切实强化整改监督", "坚决防止问题反弹", "统筹推进整改与发展"]
SUBHEADS = ["建立问题台账", "实行挂图作战", "落实领导包案", "强化跟踪督办", "开展专项清理", "做好成果运用"]
LEADS = ["抓住主要矛盾", "用好督查利器", "严把验收关口", "做实群众工作", "管好资金项目", "守住纪律底线"]
PLACES = ["全县", "全镇", "全区"]
TOPICS = ["巡视反馈问题整改", "审计发现问题整改", "民生领域专项整治"]
NAMES = ["吴建华", "郑雅琴", "冯立军"]
OFFICES = ["县委副书记", "镇长", "区纪委书记"]


def sentence(rng: random.Random) -> str:
    k = rng.randrange(4)
    if k == 0:
        return f"{rng.choice(SUBJECTS)}{rng.choice(PREDICATES)}，{rng.choice(TAILS)}。"
    if k == 1:
        return f"{rng.choice(FACTS)}，{rng.choice(SUBJECTS)}{rng.choice(PREDICATES)}。"
    if k == 2:
        return f"{rng.choice(SUBJECTS)}{rng.choice(PREDICATES)}；{rng.choice(TAILS)}。"
    return f"{rng.choice(FACTS)}。"


def paragraph(rng: random.Random, lo: int = 2, hi: int = 4) -> str:
    return "".join(sentence(rng) for _ in range(rng.randint(lo, hi)))


def points(rng: random.Random) -> dict:
    style = rng.choice(["一要", "第一，", "首先"])
    n = rng.randint(2, 4)
    items = [f"{rng.choice(LEADS)}。" + paragraph(rng, 1, 2) for _ in range(n)]
    return {"points": {"style": style, "items": items}}


def outline(rng: random.Random) -> dict:
    """A well-formed speech of this writer: title block, salutation, opening, 一、 headings (some with 1.
    sub-headings or run-in points), closing."""
    o: dict = {"kind": "speech", "title": f"在{rng.choice(PLACES)}{rng.choice(TOPICS)}工作推进会上的讲话"}
    if rng.random() < 0.5:
        o["speaker"] = f"{rng.choice(OFFICES)}　{rng.choice(NAMES)}"
    o["salutation"] = "同志们："
    o["opening"] = [paragraph(rng), f"{rng.choice(FACTS)}。围绕下一步工作，我讲{{{{ n }}}}个方面的意见。"]
    heads = rng.sample(HEADINGS, rng.randint(3, 5))
    items = []
    for h in heads:
        sec: dict = {"heading": h}
        r = rng.random()
        if r < 0.35:
            sec["body"] = [paragraph(rng), points(rng)]
        elif r < 0.65:
            sec["body"] = [paragraph(rng, 1, 2)]
            sec["sections"] = {"style": "1.", "items": [
                {"heading": s, "body": [paragraph(rng)]} for s in rng.sample(SUBHEADS, rng.randint(2, 3))]}
        else:
            sec["body"] = [paragraph(rng)]
        items.append(sec)
    o["sections"] = {"style": "一、", "items": items}
    o["closing"] = [f"同志们，{paragraph(rng, 1, 2)}", "谢谢大家。"]
    return o


def glued_both_ways(paras: list[str], roles: list[str], rng: random.Random) -> str:
    """Each heading glued to the paragraph before it or to the one after it (the line break lost)."""
    out: list[str] = []
    glue_next = False
    for p, r in zip(paras, roles):
        if glue_next:
            out[-1] += p
            glue_next = False
        elif r == "heading" and out and rng.random() < 0.5:
            out[-1] += p
            glue_next = rng.random() < 0.5
        else:
            out.append(p)
            glue_next = r == "heading" and rng.random() < 0.8
    return "\n".join(out)
