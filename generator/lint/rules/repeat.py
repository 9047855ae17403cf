"""Rule `repeat`: a paragraph or sentence said twice, or a phrase doubled by a slip (传达了传达了, 的的)."""
from __future__ import annotations

import re

from generator.lint.para import CJK, Hit, quote
from generator.lint.rules._words import on_boundaries

ID = "repeat"
LEVEL = "warning"
SUMMARY = "重复的段落、句子，或连写两遍的词语"

MIN_SENTENCE = 10  # shorter sentences (谢谢大家。) legitimately recur, but not twice in a row
MIN_SHORT = 3  # 好！好！ is a cheer; 开工是哪些？开工是哪些？ is a paste slip
_NOT_PROSE = ("junk", "outline-summary", "table-text", "table-header")
_NOTE = re.compile(r"^[（(][^（）()]*[）)]$")
_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]*")
_CJK_COUNT = re.compile(f"[{CJK}]")
_DOUBLE = re.compile(f"([{CJK}]{{1,10}})\\1")

# Single characters are checked only where a slip is common and the doubling is rarely a word
# boundary; each has the characters that legitimately end a word before it (目的|的) or start one
# after it (的|确): 为了了解, 现在在座, 所有有效 are correct Chinese.
_SINGLE = {
    "的": ("目有别真似是端标靶", "确"),
    "了": ("为除罢到好算完多少对得不受极", "解然结却之"),
    "是": ("总就但还于凡只要而正或也都不算硬像老可若倒真实即便更又乃自确硕", "否非"),
    "在": ("现存正实所好自内外潜旨意志重健", "于乎意场座"),
    "和": ("总温缓暖随附共柔饱混平祥谦调应", "谐睦气美解平"),
    "地": ("土各本大外基场园田耕草实当林湿天高", "区方点位域址道"),
    "得": ("获取赢懂记显觉值使晓难", "到出失力益"),
}
# ABAB verbs a speaker may reduplicate on purpose (我们再研究研究)
_VERB_REDUP = {"研究", "讨论", "学习", "商量", "考虑", "休息", "活动", "锻炼", "琢磨", "思考", "交流", "沟通",
               "了解", "调查", "比较", "检查", "总结", "介绍", "准备", "收拾", "整理", "清理", "表扬", "批评",
               "帮助", "议论", "盘算", "打听", "请教", "梳理", "对照", "反思", "体会", "感受", "观察"}


def _aabb(text: str, s: int) -> bool:
    """The pair at s is half of an AABB word (实实在在, 的的确确, 是是非非, 认认真真)."""
    after = text[s + 2:s + 4]
    before = text[max(0, s - 2):s]
    return (len(after) == 2 and after[0] == after[1]) or (len(before) == 2 and before[0] == before[1])


def _slip(text: str, s: int, unit: str) -> bool:
    """Is the doubling of `unit` at s a slip rather than correct Chinese?"""
    if len(unit) == 1:
        rule = _SINGLE.get(unit)
        if rule is None or _aabb(text, s):
            return False
        left_ok, right_ok = rule
        before = text[s - 1] if s > 0 else ""
        after = text[s + 2] if s + 2 < len(text) else ""
        return before not in left_ok and after not in right_ok
    if len(set(unit)) == 1:
        return False  # 哈哈哈哈
    if unit[0] == "一" or unit in _VERB_REDUP:
        return False  # 一步一步, 一个一个; 研究研究
    if len(unit) == 2 and (unit[1] in "不没" or any(c in "一二三四五六七八九十" for c in unit)):
        return False  # 是不是不…: an A-not-A question; 一是一、二是二: an idiom
    if _own_clause(text, s, 2 * len(unit)):
        return False  # 整改整改，重在真改: a word doubled on purpose to open a clause about it
    return _on_word_boundaries(text, s, len(unit))


# a clause opens (or the paragraph does) before the doubled word, and a comma closes it right after
_CLAUSE_OPEN = set("，。；：！？、“‘（《") | {""}
_CLAUSE_CLOSE = set("，,")


def _own_clause(text: str, s: int, n: int) -> bool:
    """text[s:s+n] (a word said twice) is a clause of its own: 整改整改，重在真改; 巡察巡察，重在察。"""
    before = text[s - 1] if s > 0 else ""
    after = text[s + n] if s + n < len(text) else ""
    return before.strip() in _CLAUSE_OPEN and after in _CLAUSE_CLOSE


def _on_word_boundaries(text: str, s: int, n: int) -> bool:
    """The doubled unit text[s:s+n] + text[s+n:s+2n] starts, splits and ends on word boundaries:
    传达了传达了 and 加强加强 do; 党组织组织力 (党组织 + 组织力) does not."""
    return on_boundaries(text, (s, s + n, s + 2 * n))


def check(ctx) -> list[Hit]:
    paras = ctx.paras
    hits: list[Hit] = []
    seen_para: dict[str, int] = {}
    seen_sent: dict[str, int] = {}
    for pi, p in enumerate(paras):
        if p.role in _NOT_PROSE or not p.text.strip():
            continue  # table cells repeat by design (a category in every row)
        t = p.text
        key = "".join(t.split())
        repeated_para = False
        if len(key) >= MIN_SENTENCE and len(_CJK_COUNT.findall(key)) >= MIN_SENTENCE:
            if key in seen_para:
                line = paras[seen_para[key]].locate(0)[0]
                if not (p.source_line is not None and line == p.line):
                    hits.append(Hit("repeat", f"本段与第{line}行的段落完全相同", quote(key), pi,
                                    len(t) - len(t.lstrip())))
                repeated_para = True
            else:
                seen_para[key] = pi
        prev = None  # the sentence just before, for short sentences said twice in a row
        for m in _SENTENCE.finditer(t):
            sent = "".join(m.group().split())
            short = len(sent) < MIN_SENTENCE or len(_CJK_COUNT.findall(sent)) < MIN_SENTENCE
            if short:
                if sent == prev and len(_CJK_COUNT.findall(sent)) >= MIN_SHORT:
                    hits.append(Hit("repeat", f"句子“{quote(sent)}”连说了两遍", sent, pi, m.start()))
                prev = sent
                continue
            prev = sent
            if _NOTE.match(sent):
                continue  # （正在推进，计划…前完成）: a formulaic note after each item, not a slip
            if sent in seen_sent:
                qi, qs = seen_sent[sent]
                line = paras[qi].locate(qs)[0]
                if not repeated_para and not (p.source_line is not None and line == p.line):
                    # (an outline block repeated by its template points at its own line: not the writer's slip)
                    hits.append(Hit("repeat", f"句子“{quote(sent)}”与第{line}行重复", sent, pi, m.start()))
            else:
                seen_sent[sent] = (pi, m.start())
        for m in _DOUBLE.finditer(t) if len(t) > 1 else ():
            unit = m.group(1)
            if _slip(t, m.start(), unit):
                hits.append(Hit("repeat", f"“{unit}”连写了两遍", m.group(), pi, m.start()))
    return hits
