"""How alike the speeches of one meeting sound: the figures behind issue #14's promise.

A sentence is compared as a listener remembers it (fragments.sentence_key): without its enumerator and with
the names of every unit of the meeting (and the scope words 全镇、全局 …) replaced, so that two speeches
that differ only in the speaker's name count as saying the same."""
from __future__ import annotations

from dataclasses import dataclass

from generator.model.fragments import sentence_key, sentences

LONG = 12  # characters: a sentence this long that several speakers say is heard as the same sentence
_SKIP_ROLES = ("title", "subtitle", "speaker", "date-line", "salutation", "outline-summary")


@dataclass
class Figures:
    speeches: int
    sentences: int  # distinct long sentences over all speeches
    max_speeches: int  # the most speeches one long sentence is heard in
    over_two: int  # long sentences heard in more than two speeches
    max_share: float  # the largest part of two speeches' sentences they share (of the shorter one)
    max_in_three: int  # the most of any three consecutive speeches one long sentence is heard in
    worst_pair: tuple[int, int]

    def lines(self) -> list[str]:
        return [f"{self.speeches} 篇：不同的长句 {self.sentences} 个；一句最多出现在 {self.max_speeches} 篇；"
                f"出现在两篇以上的长句 {self.over_two} 个",
                f"任意两篇相同句子最多占 {self.max_share:.1%}（第 {self.worst_pair[0] + 1}、{self.worst_pair[1] + 1} 篇）；"
                f"连续三篇中一句最多出现 {self.max_in_three} 次"]


def speech_keys(doc, names=()) -> list[str]:
    out = []
    for b in doc.paragraphs():
        if b.role in _SKIP_ROLES:
            continue
        for s in sentences(b.text):
            k = sentence_key(s, names)
            if k:
                out.append(k)
    return out


def figures(docs, names=()) -> Figures:
    names = tuple(names) + tuple(f"全{t}" for t in ("镇", "乡", "街道", "村", "社区", "局", "委", "办", "校", "院",
                                                    "公司", "系统", "中心", "站", "所", "单位"))
    keys = [set(speech_keys(d, names)) for d in docs]
    long_ = [{k for k in ks if len(k) >= LONG} for ks in keys]
    where: dict[str, list[int]] = {}
    for i, ks in enumerate(long_):
        for k in ks:
            where.setdefault(k, []).append(i)
    max_share, worst = 0.0, (0, 0)
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            shared = len(keys[i] & keys[j])
            part = shared / max(1, min(len(keys[i]), len(keys[j])))
            if part > max_share:
                max_share, worst = part, (i, j)
    in_three = 0
    for ws in where.values():
        for a in ws:
            in_three = max(in_three, sum(1 for b in ws if a <= b < a + 3))
    return Figures(len(docs), len(where), max((len(w) for w in where.values()), default=0),
                   sum(1 for w in where.values() if len(w) > 2), max_share, in_three, worst)
