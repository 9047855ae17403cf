"""Rule `latin-in-word`: a Latin letter standing for a Chinese character (D内监督 for 党内监督)."""
from __future__ import annotations

import re

from generator.lint.para import Hit
from generator.text import zh

ID = "latin-in-word"
LEVEL = "warning"
SUMMARY = "汉字词语中夹着拉丁字母（D内监督）"

# one letter (not x/X: the placeholder rule's) glued to Chinese on its right, with Chinese or a clause
# start on its left: 党D内, ，D内监督
_LETTER = re.compile(f"(?:(?<=[{zh.CJK}])|(?<=[，。；：、！？“（])|^)([A-WYZa-wyz])(?=[{zh.CJK}])")
# real words made of a letter and a character: B超, A股, X光 (x is not checked), U盘, T恤, K线, A级, 3A景区,
# A岗/B岗 (the AB岗 rota), 一级A标准 and A标段, the grade A等, N次 and N个 (“1+3+N”: any number of)…
_WORDS = set("超股级型类光线盘恤字轮区座栋号档证照队组包户角点段款版面种式套楼岗标等次个")
# lower-case e and i start the names of online services (“e企办”, “i襄阳”, e政务): never a stand-in character
_PREFIXES = set("ei")


def check(ctx) -> list[Hit]:
    hits = []
    for pi, p in enumerate(ctx.paras):
        if p.role in ("junk", "table-text", "table-header"):
            continue
        t = p.text
        if not t.isascii() and any(c.isascii() and c.isalpha() for c in t):
            for m in _LETTER.finditer(t):
                s = m.start(1)
                if t[s + 1] in _WORDS or m.group(1) in _PREFIXES:
                    continue
                hits.append(Hit(ID, f"“{t[max(0, s - 2):s + 4]}”中的字母“{m.group(1)}”疑似代替了汉字，请改为汉字",
                                m.group(1), pi, s))
    return hits
