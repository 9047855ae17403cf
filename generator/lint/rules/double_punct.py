"""Rule `double-punct`: a sentence mark typed twice (。。 ，， ；；)."""
from __future__ import annotations

import re

from generator.lint.para import Hit

ID = "double-punct"
LEVEL = "warning"
SUMMARY = "标点连写两遍（。。，，、、；；）"

_DOUBLE = re.compile(r"([。，、；：？！])\1+")


def check(ctx) -> list[Hit]:
    hits = []
    for pi, p in enumerate(ctx.paras):
        if p.role == "junk":
            continue
        for m in _DOUBLE.finditer(p.text):
            hits.append(Hit(ID, f"标点“{m.group()}”连写了{len(m.group())}遍，应只写一个“{m.group(1)}”",
                            m.group(), pi, m.start()))
    return hits
