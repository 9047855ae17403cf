"""Rule `date-format`: zero-padded dates (2025年03月08日) and dates that do not exist (2月30日, 13月)."""
from __future__ import annotations

ID = "date-format"
LEVEL = "error"
SUMMARY = "日期补零（03月08日）或日期不存在（2月30日、13月）"

import calendar
import re

from generator.text import numbering
from generator.lint.para import Hit

_D = "[0-9０-９]"
_CN = "[〇零一二三四五六七八九十两]"
# year optional; month required; day optional (2025年3月, 3月8日, 2025年3月8日)
_DATE = re.compile(
    rf"(?:(?P<y>{_D}{{4}}|{_CN}{{4}})年)?(?P<m>{_D}{{1,2}}|{_CN}{{1,3}})月(?:(?P<d>{_D}{{1,2}}|{_CN}{{1,3}})[日号])?")
_FULL = str.maketrans("０１２３４５６７８９" "〇零" "一二三四五六七八九", "0123456789" "00" "123456789")


def _value(s: str) -> int | None:
    if s[0] in "0123456789０１２３４５６７８９":
        return int(s.translate(_FULL))
    try:
        return numbering.parse_cn_numeral(s)
    except ValueError:
        return None


def _year(s: str) -> int | None:
    # 二〇二五 is read digit by digit, never as a numeral
    digits = s.translate(_FULL)
    return int(digits) if digits.isdigit() else None


def check(ctx) -> list[Hit]:
    hits: list[Hit] = []
    for pi, p in enumerate(ctx.paras):
        t = p.text
        if p.role == "junk" or "月" not in t:
            continue
        for m in _DATE.finditer(t):
            s = m.start()
            before = t[s - 1] if s > 0 else ""
            if m["y"] is None and before and (before.isdigit() or before in "个第几每数半"):
                continue  # 12个月, 第3月: a duration or an ordinal, not a date
            if m["m"][0] in _CN[1:-1] and m["d"] is None and m["y"] is None:
                continue  # 三月 alone: too common in prose to judge
            month, day = _value(m["m"]), _value(m["d"]) if m["d"] else None
            year = _year(m["y"]) if m["y"] else None
            text = m.group()
            padded = [x for x in (m["m"], m["d"]) if x and len(x) == 2 and x[0] in "0０"]
            if padded:
                fixed = text
                for x in padded:
                    fixed = fixed.replace(x, x[1], 1)
                hits.append(Hit("date-format", f"日期“{text}”不应补零，应写作“{fixed}”", text, pi, s))
                continue
            if month is None or not 1 <= month <= 12:
                hits.append(Hit("date-format", f"日期“{text}”中的月份不存在", text, pi, s))
                continue
            if day is not None:
                last = calendar.monthrange(year, month)[1] if year and 1 <= year <= 9999 else (
                    29 if month == 2 else calendar.monthrange(2001, month)[1])
                if not 1 <= day <= last:
                    hits.append(Hit("date-format", f"日期“{text}”不存在（{month}月只有{last}天）", text, pi, s))
    return hits
