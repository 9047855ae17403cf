"""User-facing problems: each names file, line and field; many are reported at once.

A problem carries a `code` (what kind of problem, for programs: "undefined-variable", "unknown-key" …) and
`data` (its particulars, e.g. {"name": "leader"}) besides its Chinese message, so no module ever parses
another's Chinese text. `file` is "" when a problem belongs to no file (a bad option, say).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int | None
    path: str  # field path such as sections[1].points, "" when the whole file is meant
    message: str  # Chinese
    code: str = ""
    data: tuple = field(default=(), compare=False)  # (key, value) pairs: hashable, see .info

    @property
    def info(self) -> dict:
        return dict(self.data)

    def __str__(self) -> str:
        if not self.file:
            return f"{self.path}: {self.message}" if self.path else self.message
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def as_dict(self) -> dict:
        """The JSON form front ends show (the web API's `problems`)."""
        return {"file": self.file, "line": self.line, "path": self.path, "message": self.message,
                "code": self.code, "data": self.info}


class GaoziError(Exception):
    """Bad input: carries every problem found; the CLI prints them one per line and exits 2."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("", None, "", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices) -> str:
    """A Chinese hint naming the closest valid choice, or "" when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"，您是不是要写“{close[0]}”？" if close else ""
