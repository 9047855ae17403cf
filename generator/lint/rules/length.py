"""Rule `length`: the speech runs more than 15% longer or shorter than its target time."""
from __future__ import annotations

from generator.lint.para import DEFAULT_RATE, Hit, spoken_chars

ID = "length"
LEVEL = "warning"
SUMMARY = "讲话时长偏离目标超过15%"
TOLERANCE = 0.15


def check(ctx) -> list[Hit]:
    target = ctx.target_minutes
    if not target:
        return []
    target = float(target)
    rate = ctx.rate or DEFAULT_RATE
    chars = ctx.spoken_chars if ctx.spoken_chars is not None else spoken_chars(ctx.paras)
    minutes = chars / rate
    if abs(minutes - target) <= TOLERANCE * target:
        return []
    off = (minutes - target) / target
    word = "长" if off > 0 else "短"
    lo, hi = round(target * (1 - TOLERANCE) * rate), round(target * (1 + TOLERANCE) * rate)
    return [Hit(ID, f"全文{chars}字，按每分钟{rate}字约讲{minutes:.1f}分钟，比目标{target:g}分钟"
                    f"{word}{abs(off):.0%}（应在{lo}至{hi}字之间）", f"{chars}字", None, 0,
                line=ctx.length_line, column=1)]
