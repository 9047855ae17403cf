"""Rule `invisible-char`: characters nobody can see that change what a reader sees — bidirectional
controls (a name shown backwards, ‮) and zero-width characters (two names that look alike differ)."""
from __future__ import annotations

import re
import unicodedata

from generator.lint.para import Hit

ID = "invisible-char"
LEVEL = "error"
SUMMARY = "看不见的字符：双向文字控制符、零宽字符（会让文字显示错乱或看似相同实则不同）"

INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_NAMES = {"\u200b": "零宽空格", "\u200c": "零宽非连接符", "\u200d": "零宽连接符", "\u2060": "零宽不换行符",
          "\ufeff": "零宽不换行空格（BOM）", "\u00ad": "软连字符"}


def describe(ch: str) -> str:
    if ch in _NAMES:
        return _NAMES[ch]
    return f"双向文字控制符 U+{ord(ch):04X}" if ch in "\u061c\u200e\u200f" or "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069" \
        else f"不可见字符 U+{ord(ch):04X}（{unicodedata.name(ch, '')}）"


def check(ctx) -> list[Hit]:
    hits: list[Hit] = []
    for pi, p in enumerate(ctx.paras):
        for m in INVISIBLE.finditer(p.text):
            hits.append(Hit(ID, f"看不见的{describe(m.group())}：会让文字显示错乱或看似相同实则不同，请删除",
                            m.group(), pi, m.start()))
    return hits


def strip(text: str) -> str:
    """The text without invisible characters (for file names)."""
    return INVISIBLE.sub("", text)
