"""Where the text of an outline's string scalars stands in its YAML source, and the typography changes
that can be made there without altering the YAML (what punct-width reports on an outline and --fix applies)."""
from __future__ import annotations

import re
from bisect import bisect_right

import yaml

from generator.lint.typo import line_changes
from generator.text import typography
from generator.text import zh

__all__ = ["scalars", "changes", "linecol"]

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")


def scalars(text: str) -> list[tuple[int, int, str, str | None]]:
    """(start, end, style, key) of every string scalar's text (quotes and block headers excluded);
    key is the mapping key the scalar is the value of (None in a list)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    out = []
    stack = [(root, None)] if root is not None else []
    while stack:
        n, key = stack.pop()
        if isinstance(n, yaml.MappingNode):
            stack.extend((v, k.value if isinstance(k, yaml.ScalarNode) else None) for k, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend((v, key) for v in n.value)
        elif isinstance(n, yaml.ScalarNode) and n.tag == "tag:yaml.org,2002:str":
            s, e = n.start_mark.index, n.end_mark.index
            if n.style in ('"', "'"):
                s, e = s + 1, e - 1
            elif n.style in ("|", ">"):
                nl = text.find("\n", s)
                s = nl + 1 if nl >= 0 else e
            if s < e:
                out.append((s, e, n.style, key))
    out.sort(key=lambda t: t[:2])
    return out


def changes(text: str) -> list[tuple[int, typography.Change]]:
    """Typography changes inside the string scalars of a YAML text, as (absolute offset, change).

    Only changes that cannot alter the YAML: nothing inside {{ }} / {% %} (Jinja), nothing touching a
    quote or backslash of a quoted scalar. The scalars of spaced roles (speaker: 县委书记　王明) keep
    their full-width space, as compose prints them."""
    out = []
    for s, e, style, key in scalars(text):
        pos = s
        spaced = key in zh.SPACED_KEYS
        for piece in text[s:e].split("\n"):
            jinja = [m.span() for m in _JINJA.finditer(piece)] if "{" in piece else []
            for c in line_changes(piece, spaced=spaced):  # as compose prints the role
                if jinja and any(a < c.end and c.start < b for a, b in jinja):
                    continue
                if style in ('"', "'") and any(ch in c.old or ch in c.new for ch in "\"'\\"):
                    continue
                out.append((pos + c.start, c))
            pos += len(piece) + 1
    return out


def linecol(text: str):
    """A function: absolute offset in `text` → (line, 1-based column)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def conv(off: int) -> tuple[int, int]:
        i = bisect_right(starts, off) - 1
        return i + 1, off - starts[i] + 1
    return conv
