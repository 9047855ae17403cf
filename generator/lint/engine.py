"""The engine of `gaozi check`: the rule registry, the context every rule reads, and the run that turns
the rules' raw hits into located, filtered, sorted findings.

A rule is one module in generator/lint/rules/ declaring ID, LEVEL, SUMMARY and `check(ctx)`; the registry
is whatever that package holds (found with pkgutil), so there is no second list to keep in step.
"""
from __future__ import annotations

import datetime as _dt
import importlib
import pkgutil
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import ModuleType

from generator.errors import GaoziError, Problem, did_you_mean
from generator.lint import rules as _rules_pkg
from generator.lint.analysis import detect
from generator.lint.para import DEFAULT_RATE, Hit, Para, spoken_chars
from generator.lint.webjunk import junk_flags

__all__ = ["Finding", "Rule", "Meta", "Context", "registry", "RULES", "LEVELS", "resolve_rules", "validate_names",
           "split_names", "make_paras", "line_ignores", "run", "DEFAULT_RATE"]

LEVELS = ("error", "warning", "info")
_IGNORE = re.compile(r"gaozi[:：]\s*ignore(?:\s*[=＝]\s*([A-Za-z*][\w-]*(?:\s*[,，]\s*[A-Za-z][\w-]*)*))?")


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    line: int
    column: int
    rule: str
    level: str  # error | warning | info
    message: str  # Chinese, quotes the offending text
    text: str  # the matched text

    def to_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "rule": self.rule,
                "level": self.level, "message": self.message, "text": self.text}

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.level} {self.rule}: {self.message}"


# ---------------------------------------------------------------------------------------------
# the registry

@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    level: str
    summary: str
    check: object  # check(ctx) -> iterable of Hit
    module: str


def _load(mod: ModuleType) -> Rule:
    missing = [a for a in ("ID", "LEVEL", "SUMMARY", "check") if not hasattr(mod, a)]
    if missing:
        raise RuntimeError(f"检查规则模块 {mod.__name__} 缺少 {', '.join(missing)}")
    if mod.LEVEL not in LEVELS:
        raise RuntimeError(f"检查规则 {mod.ID} 的 LEVEL 应为 {'/'.join(LEVELS)}，这里是 {mod.LEVEL!r}")
    return Rule(mod.ID, mod.LEVEL, mod.SUMMARY, mod.check, mod.__name__)


_REGISTRY: dict[str, Rule] | None = None


def registry() -> dict[str, Rule]:
    """id → Rule for every module of the rules package (modules named _… are helpers), sorted by id."""
    global _REGISTRY
    if _REGISTRY is None:
        found: dict[str, Rule] = {}
        for info in pkgutil.iter_modules(_rules_pkg.__path__):
            if info.name.startswith("_"):
                continue
            rule = _load(importlib.import_module(f"{_rules_pkg.__name__}.{info.name}"))
            if rule.id in found:
                raise RuntimeError(f"检查规则 {rule.id} 重复定义：{found[rule.id].module}、{rule.module}")
            found[rule.id] = rule
        _REGISTRY = dict(sorted(found.items()))
    return _REGISTRY


def reset_registry() -> None:
    """Forget the registry (tests that add a rule module to the package path)."""
    global _REGISTRY
    _REGISTRY = None


class _RulesView(Mapping):
    """id → (default level, summary), read from the registry on use."""

    def __getitem__(self, key: str) -> tuple[str, str]:
        r = registry()[key]
        return r.level, r.summary

    def __iter__(self) -> Iterator[str]:
        return iter(registry())

    def __len__(self) -> int:
        return len(registry())


RULES: Mapping[str, tuple[str, str]] = _RulesView()


def split_names(names) -> list[str]:
    if names is None:
        return []
    if isinstance(names, str):
        names = [names]
    out = []
    for n in names:
        out += [x.strip() for x in str(n).replace("，", ",").split(",") if x.strip()]
    return out


def validate_names(names, file: str = "", line: int | None = None, where: str = "") -> list[str]:
    """The rule ids named (a,b or a list); unknown ones are a GaoziError with every bad name at once."""
    names = split_names(names)
    known = registry()
    bad = [n for n in names if n not in known]
    if bad:
        raise GaoziError([Problem(file, line, where, f"未知的检查规则“{n}”{did_you_mean(n, known)}"
                                                     f"（可用：{'、'.join(known)}）") for n in bad])
    return names


def resolve_rules(rules=None, ignore=()) -> set[str]:
    """The rule ids to run: `rules` (all when empty) minus `ignore`; both accept "a,b" and lists."""
    chosen = validate_names(rules) or list(registry())
    return set(chosen) - set(validate_names(ignore))


def line_ignores(lines: Mapping[int, str]) -> dict[int, set[str]]:
    """Rules silenced on single lines by a `gaozi: ignore=rule[,rule]` marker ("*" = every rule)."""
    out: dict[int, set[str]] = {}
    known = registry()
    for no, text in lines.items():
        if "gaozi" not in text:
            continue
        m = _IGNORE.search(text)
        if m:
            names = split_names(m.group(1)) if m.group(1) else ["*"]
            out[no] = {n for n in names if n in known or n == "*"}
    return out


# ---------------------------------------------------------------------------------------------
# the context

@dataclass(slots=True)
class Meta:
    """What is known about the document as a whole."""

    file: str = "<text>"
    format: str = "text"  # text | outline | docx | facts
    title: str | None = None  # the document's title, when known (outline, docx style, or the first line)
    kind: str | None = None  # the outline's kind (speech, biaotai, …); None for text and .docx
    source: str | None = None  # an outline's YAML text (punct-width reads its scalars)


@dataclass(slots=True)
class Context:
    """Everything a rule may read. `paras[i].role` is the paragraph's role (title, speaker, junk, …)."""

    paras: list[Para]
    meta: Meta = field(default_factory=Meta)
    today: _dt.date = field(default_factory=_dt.date.today)
    rules: frozenset[str] = frozenset()  # the rules selected for this run
    target_minutes: float | None = None
    rate: int = DEFAULT_RATE
    spoken_chars: int | None = None  # the outline's own length estimate, when it has one
    length_line: int = 1
    _memo: dict = field(default_factory=dict)

    def shared(self, fn):
        """fn(self.paras), computed once per run: analyses several rules read (the list structure)."""
        if fn not in self._memo:
            self._memo[fn] = fn(self.paras)
        return self._memo[fn]


# ---------------------------------------------------------------------------------------------
# paragraphs

# the 公文's 附件说明: 附件：1.整改任务清单 and the next attachments' lines (2.整改完成情况统计表), no sentence
_ATTACHMENT_HEAD = re.compile(r"^附[ \u3000]*件[ \u3000]*[：:]")
_ATTACHMENT_ITEM = re.compile(r"^[0-9０-９]{1,2}[.．、][^。！？]{1,60}$")


def make_paras(paras) -> list[Para]:
    """Paras from (line, text[, role[, source line]]) items; marks junk lines and the 【提纲】 block."""
    out: list[Para] = []
    for item in paras:
        line, text = item[0], item[1]
        role = item[2] if len(item) > 2 else None
        source_line = item[3] if len(item) > 3 else None
        segs, off = [], 0
        for k, piece in enumerate(str(text).split("\n")):
            segs.append((off, int(line) + k, piece))
            off += len(piece)
        joined = "".join(s[2] for s in segs)
        out.append(Para(joined, segs, role, source_line))
    flags = junk_flags([p.text for p in out])
    summary = False  # inside a 【提纲】 block whose items stand on lines of their own
    attachments = False  # inside the 附件说明 (附件：1.…, then 2.… on lines of their own)
    for p, junk in zip(out, flags):
        if p.role is not None:
            continue
        head = p.text.strip(" \u3000")
        if attachments and not junk and _ATTACHMENT_ITEM.match(head):
            p.role = "attachment"
            continue
        attachments = False
        if junk:
            p.role = "junk"
        elif _ATTACHMENT_HEAD.match(head):
            p.role = "attachment"
            attachments = True
        elif head.startswith("【提纲】"):
            p.role = "outline-summary"
            summary = head == "【提纲】"
        elif summary and detect(head) is not None:
            p.role = "outline-summary"
        else:
            summary = False
    return out


# ---------------------------------------------------------------------------------------------
# the run

def run(ctx: Context, *, levels: Mapping[str, str] | None = None,
        ignores: Mapping[int, set[str]] | None = None) -> list[Finding]:
    """Every selected rule over the context; hits located, silenced per line, re-levelled, deduplicated."""
    reg = registry()
    hits: list[Hit] = []
    for rid in sorted(ctx.rules):
        for h in reg[rid].check(ctx) or ():
            if not h.rule:
                h.rule = rid
            hits.append(h)
    levels = levels or {}
    ignores = ignores or {}
    out: list[Finding] = []
    seen = set()
    ps = ctx.paras
    for h in hits:
        if h.rule not in ctx.rules:
            continue
        if h.line is not None:
            line, col = h.line, h.column or 1
        else:
            line, col = ps[h.para].locate(h.start, h.text)
        silenced = ignores.get(line)
        if silenced and ("*" in silenced or h.rule in silenced):
            continue
        level = levels.get(h.rule) or h.level or reg[h.rule].level
        if level == "off":
            continue
        key = (line, col, h.rule, h.message)
        if key in seen:
            continue
        seen.add(key)
        out.append(Finding(ctx.meta.file, line, col, h.rule, level, h.message, h.text))
    out.sort(key=lambda f: (f.line, f.column, f.rule))
    return out
