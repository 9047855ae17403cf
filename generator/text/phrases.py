"""Set phrases (成语、套话) a speech says once: a second 由点及面 or 纸面整改 in one speech sounds like padding.

One table for the composer (which avoids choosing a wording that repeats one, model/fragments.py) and for
`gaozi check` (rule `set-phrase`, which reports a repeat in any document). A family is one phrase said in
several ways (纸面整改 / 纸上整改): using one after the other is a repeat too. Most are four characters; a
few longer or shorter stock phrases of the genre (回头看, 再上新台阶) are here for the same reason.
"""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["SET_PHRASES", "family", "find", "families_in"]

SET_PHRASES: tuple[tuple[str, ...], ...] = (
    # rectification
    ("由点及面",), ("举一反三",), ("纸面整改", "纸上整改"), ("标本兼治",), ("立行立改",), ("立说立行",), ("即知即改",),
    ("久久为功",), ("一抓到底",), ("见底清零", "清仓见底", "销号清零"), ("以案促改",), ("照单全收",),
    ("动真碰硬", "较真碰硬"), ("对号入座",), ("挂图作战",), ("倒排工期",), ("死灰复燃", "反弹回潮"), ("一针见血",),
    ("切中要害",), ("分内之责",), ("刀刃向内",), ("回头看",), ("虎头蛇尾",), ("一刀切",), ("再上新台阶",),
    ("压倒一切",), ("不折不扣", "打折扣"), ("真刀真枪",), ("全面认领", "逐条认领"), ("改一个、销一个", "改一项、销一项"),
    ("改深改透",), ("真改实改",), ("查漏补缺", "查缺补漏"), ("对症下药",), ("有则改之",),
    # resolve and style
    ("真抓实干",), ("攻坚克难",), ("善作善成",), ("驰而不息",), ("持之以恒",), ("常抓不懈",), ("锲而不舍",),
    ("抓铁有痕",), ("踏石留印",), ("雷厉风行",), ("只争朝夕",), ("一鼓作气",), ("乘势而上",), ("以上率下",),
    ("率先垂范",), ("身体力行",), ("亲力亲为",), ("言出必行",), ("说到做到",), ("履职尽责",),
    ("守土有责",), ("守土尽责",), ("责无旁贷",), ("担当作为",), ("齐抓共管",), ("对标对表",), ("精准施策",),
    ("防微杜渐",), ("警钟长鸣",), ("以案为鉴",), ("见贤思齐",), ("痛定思痛",), ("重中之重",), ("心服口服",),
    ("凝心聚力",), ("求真务实",),
)
_FAMILY = {p: fam[0] for fam in SET_PHRASES for p in fam}
_PATTERN = re.compile("|".join(sorted(map(re.escape, _FAMILY), key=len, reverse=True)))


def family(phrase: str) -> str:
    """The family a set phrase belongs to (its first spelling): 纸上整改 → 纸面整改."""
    return _FAMILY[phrase]


def find(text: str):
    """Every set phrase in text, in order: match objects (group(0) is the phrase as written)."""
    return _PATTERN.finditer(text)


@lru_cache(maxsize=20_000)
def families_in(text: str) -> tuple[str, ...]:
    """The set phrases (by family) a text uses, in order, with repeats (the picker asks this thousands of times)."""
    return tuple(_FAMILY[m.group(0)] for m in _PATTERN.finditer(text))
