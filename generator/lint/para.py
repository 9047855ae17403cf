"""The linter's paragraph model (text, where each character came from) and the raw hit every rule returns."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from generator.text import zh
from generator.text.zh import CJK

DEFAULT_RATE = 220  # characters a minute, the middle of the 200–250 a speaker manages
CJK_RE = re.compile(f"[{CJK}]")


@dataclass(slots=True)
class Para:
    """One paragraph as the rules see it.

    `text` is the paragraph with hard line breaks removed; `segs` holds, for every physical line the
    paragraph was joined from, (offset in text, line number, text of that line), so a finding anywhere
    in the paragraph maps back to the line and column the user sees.
    """

    text: str
    segs: list[tuple[int, int, str]]
    role: str | None = None  # junk, outline-summary, title, heading1… (outlines), None = unknown/body
    source_line: str | None = None  # outlines: the YAML line the block came from, to find columns in
    _starts: list[int] = field(default_factory=list)
    _indent: int = -1  # column of the YAML line's text, computed once (not once per finding)

    @property
    def line(self) -> int:
        return self.segs[0][1]

    def locate(self, start: int, matched: str = "") -> tuple[int, int]:
        """(line, 1-based column) of text[start]."""
        if self.source_line is not None:
            # an outline block: columns are those of the YAML line, when the text can be found there
            if matched:
                k = self.source_line.find(matched)
                if k >= 0:
                    return self.line, k + 1
            if self._indent < 0:
                src = self.source_line
                i = 0
                while i < len(src) and src[i] in " -":
                    i += 1
                self._indent = i + 1
            return self.line, self._indent
        if not self._starts:
            self._starts = [s[0] for s in self.segs]
        i = max(bisect_right(self._starts, start) - 1, 0)
        off, line, _ = self.segs[i]
        return line, start - off + 1

    @property
    def lines(self) -> list[int]:
        return [s[1] for s in self.segs]


@dataclass(slots=True)
class Hit:
    """A rule's raw finding: where (paragraph + offset, or an explicit line/column) and what."""

    rule: str
    message: str
    text: str
    para: int | None = None
    start: int = 0
    line: int | None = None
    column: int | None = None
    level: str | None = None  # None: the rule's level


def quote(s: str, limit: int = 20) -> str:
    """The offending text for a message, shortened so one finding stays one readable line."""
    s = s.replace("\n", "")
    return s if len(s) <= limit else s[: limit - 1] + "…"


def spoken_chars(paras: list[Para]) -> int:
    """Characters a speaker reads out (no whitespace; not junk, title, speaker, 【提纲】…)."""
    return sum(len("".join(p.text.split())) for p in paras
               if p.role != "junk" and p.role not in zh.UNSPOKEN_ROLES)
