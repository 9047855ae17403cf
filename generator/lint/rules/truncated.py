"""Rule `truncated`: the text stops mid-sentence at its end (a copy cut off at a paywall or a page break)."""
from __future__ import annotations

import re

from generator.lint.para import CJK, Hit, quote

ID = "truncated"
LEVEL = "warning"
SUMMARY = "全文末尾没有句末标点，疑似复制不完整"

# how a complete text may end: a sentence mark, a closing quote/bracket, or 特此报告 style formulas
_ENDS = tuple("。！？!?”’）)》」』】.；;：:")
_OPEN = ("…", "...", "，", ",", "、", "“", "（", "(", "《", "——")
# a last line that is not a sentence: a date (2025年3月8日), a signature or a name, a bare heading
_DATE = re.compile(r"(?:[0-9０-９〇零一二三四五六七八九十]{2,4}年)?[0-9０-９一二三四五六七八九十]{1,2}月"
                   r"[0-9０-９一二三四五六七八九十]{1,3}日[ \u3000]*$|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ \u3000]*$")
_PROSE = re.compile(f"[{CJK}]")
MIN_LAST = 16  # a last line shorter than this is a signature, a name or a unit, never a cut-off sentence
_FRONT = ("title", "subtitle", "speaker", "date-line", "signature", "sign-date", "source", "salutation", "addressee",
          "attachment", "table-text", "table-header", "table-title", "outline-summary")


def check(ctx) -> list[Hit]:
    for pi in range(len(ctx.paras) - 1, -1, -1):
        p = ctx.paras[pi]
        t = p.text.rstrip(" \u3000\t")
        if p.role == "junk" or not t.strip():
            continue
        if p.role in _FRONT or p.role and p.role.startswith("heading"):
            return []
        if t.endswith(_OPEN):
            return [Hit(ID, f"全文在“{quote(t[-12:])}”处中断：疑似复制不完整，请补全", t[-1], pi, len(t) - 1)]
        if t.endswith(_ENDS) or _DATE.search(t) or len(t.strip()) < MIN_LAST:
            return []
        if not re.search("[，。；：、,;:]", t) or len(_PROSE.findall(t)) < MIN_LAST:
            return []  # a line of prose has clauses; a list of names or a heading has none
        k = len(t) - 1
        return [Hit(ID, f"全文在“{quote(t[-12:])}”处结束，末尾没有句末标点：疑似复制不完整，请补全", t[-1], pi, k)]
    return []
