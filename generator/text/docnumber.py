"""发文字号 (GB/T 9704-2012 §7.2.4): 机关代字 + 年份 in 六角括号〔〕 + 发文顺序号 + 号, e.g. 栖委发〔2025〕12号.

The year is the full four-digit year, the number has no leading zeros and no 第."""
from __future__ import annotations

import re

_FORM = re.compile(r"^(?P<code>[^\s〔〕]+)〔(?P<year>[0-9]{4})〕(?P<no>[0-9]+)号$")
# the shape of a 发文字号 where a line may hold one (the importer tells a 公文's front lines by it)
LOOSE = r"[^\s〔〕，。]{1,12}〔\d{4}〕\d{1,4}号"
_WRONG_BRACKETS = re.compile(r"[\[\]【】()（）{}［］<>〈〉《》「」]")
_YEAR = re.compile(r"[〔\[【(（［]\s*([0-9]+)\s*[〕\]】)）］]")


def check(text: str) -> list[str]:
    """What is wrong with a 发文字号, in Chinese; empty when it is right."""
    s = text.strip()
    problems = []
    if not s:
        return ["发文字号不能为空"]
    if "第" in s:
        problems.append("发文字号的顺序号不加“第”字（应写作 栖委发〔2025〕12号）")
    if _WRONG_BRACKETS.search(s):
        problems.append("年份应使用六角括号〔〕括入，不用方括号、圆括号或其他括号（应写作 栖委发〔2025〕12号）")
    y = _YEAR.search(s)
    if y and len(y[1]) != 4:
        problems.append(f"年份应写全称（四位数字），而不是“{y[1]}”")
    tail = re.search(r"([0-9]+)号$", s)
    if tail and len(tail[1]) > 1 and tail[1].startswith("0"):
        problems.append(f"发文顺序号不编虚位，应写“{int(tail[1])}号”而不是“{tail[1]}号”")
    if not problems and not _FORM.match(s):
        problems.append("发文字号应由机关代字、年份和发文顺序号组成，如 栖委发〔2025〕12号")
    return problems
