"""`gaozi check`: finds the slips that reach a leader's desk in an outline, a .txt, a .docx or stdin.

The entry points: check_paragraphs / check_text / check_path for one document, and check() for a whole
command (every input, optional --fix), which returns a Report; printing and exit codes belong to the front end.
"""
from __future__ import annotations

import datetime as _dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import GaoziError, Problem
from generator.lint import consistency
from generator.lint import inputs as _inputs
from generator.lint.config import CONFIG_NAME, load_config
from generator.lint.engine import (DEFAULT_RATE, LEVELS, RULES, Context, Finding, Meta, line_ignores, make_paras,
                                   resolve_rules, run as _run, split_names, validate_names)
from generator.lint.fix import Fix, describe_counts, fix_path, fix_text, fix_yaml

__all__ = ["Finding", "Report", "RULES", "LEVELS", "check", "check_paragraphs", "check_path", "check_text",
           "resolve_rules", "fix_text", "fix_yaml", "fix_path", "load_config", "format_findings", "summary",
           "describe_counts", "CONFIG_NAME", "DEFAULT_RATE", "exit_code", "check_outline_text", "set_findings"]


@dataclass(slots=True)
class Report:
    """What one `gaozi check` found: findings, inputs that could not be read (failures), and --fix results."""

    findings: list[Finding] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    printed_fix: bool = False  # a fixed text goes to stdout: the findings then go to stderr

    def exit_code(self) -> int:
        return exit_code(self)

    def format(self, fmt: str = "text") -> str:
        """The findings as the command prints them: one line each, or a JSON array."""
        return format_findings(self.findings, fmt)

    def summary(self) -> str:
        return summary(self.findings)


def exit_code(report: Report) -> int:
    """0 no error-level finding, 1 findings at error level, 2 an input could not be read or fixed."""
    if report.failures:
        return 2
    return 1 if any(f.level == "error" for f in report.findings) else 0


def _context(inp: _inputs.Input, selected: set[str], *, target_minutes=None, rate: int = DEFAULT_RATE,
             today: _dt.date | None = None) -> Context:
    return Context(inp.paras, inp.meta, today or _dt.date.today(), frozenset(selected),
                   target_minutes if target_minutes is not None else inp.target_minutes,
                   rate or DEFAULT_RATE, inp.spoken_chars, inp.length_line)


def check_paragraphs(paras, *, file: str, rules=None, ignore=(), target_minutes=None,
                     rate: int = DEFAULT_RATE, levels: dict[str, str] | None = None,
                     title: str | None = None, today: _dt.date | None = None) -> list[Finding]:
    """Check paragraphs given as (line, text[, role]); a "\\n" inside a text means the paragraph continues on
    the next line (a hard-wrapped sentence). `rules`/`ignore` select rule ids; `levels` overrides levels."""
    selected = resolve_rules(rules, ignore)
    ps = make_paras(paras)
    lines = {seg[1]: seg[2] for p in ps for seg in p.segs if "gaozi" in seg[2]}
    inp = _inputs.Input(ps, Meta(file, "text", title), line_ignores(lines), length_line=ps[0].line if ps else 1)
    return _run(_context(inp, selected, target_minutes=target_minutes, rate=rate, today=today),
                levels=levels, ignores=inp.ignores)


def check_text(text: str, *, file: str = "<text>", rules=None, ignore=(), target_minutes=None,
               rate: int = DEFAULT_RATE, levels: dict[str, str] | None = None,
               today: _dt.date | None = None) -> list[Finding]:
    """Check a plain-text draft (one paragraph a line; hard-wrapped sentences are joined)."""
    inp = _inputs.from_text(text, file)
    selected = resolve_rules(rules, ignore)
    return _run(_context(inp, selected, target_minutes=target_minutes, rate=rate, today=today),
                levels=levels, ignores=inp.ignores)


def check_path(path: str, *, rules=None, ignore=(), target_minutes=None, rate: int = DEFAULT_RATE,
               config: bool = True, levels: dict[str, str] | None = None, data: bytes | None = None,
               today: _dt.date | None = None) -> list[Finding]:
    """Check one input: an outline (.yaml/.yml), a .docx, a text file in any encoding, or '-' (stdin)."""
    explicit = set(validate_names(rules))
    selected = resolve_rules(rules, ignore)
    lv: dict[str, str] = {}
    if config:
        cfg_ignore, cfg_levels = load_config(path)
        selected -= set(cfg_ignore) - explicit
        lv.update(cfg_levels)
    lv.update(levels or {})
    inp = _inputs.read(path, target_minutes=target_minutes, rate=rate or DEFAULT_RATE, data=data)
    # the outline's own `check: {ignore: […]}`: rules named on the command line still run
    selected -= inp.ignored_rules - explicit
    return _run(_context(inp, selected, target_minutes=target_minutes, rate=rate, today=today),
                levels=lv, ignores=inp.ignores)


def check_outline_text(text: str, *, name: str = "<outline>", files: dict | None = None, rules=None, ignore=(),
                       target_minutes=None, rate: int = DEFAULT_RATE, doc=None,
                       today: _dt.date | None = None) -> list[Finding]:
    """Check an outline given as YAML text (no config files read): the web page's check. `files`: its facts
    and data files (in memory); `doc`: the Document already built from it (seed 0), so it is not built twice."""
    explicit = set(validate_names(rules))
    selected = resolve_rules(rules, ignore)
    inp = _inputs.from_outline(text, name, target_minutes=target_minutes, rate=rate or DEFAULT_RATE,
                               files=files, doc=doc)
    selected -= inp.ignored_rules - explicit
    return _run(_context(inp, selected, target_minutes=target_minutes, rate=rate, today=today),
                ignores=inp.ignores)


def _check_fixed(fx: Fix, rules, ignore, target_minutes, rate) -> list[Finding]:
    """Findings of fixed text that only exists in memory (fixed stdin or a fix printed to stdout)."""
    if _inputs.kind_of(fx.path) == "outline":
        return []  # the outline was printed; check the written file to see its findings
    explicit = set(validate_names(rules))
    cfg_ignore, levels = load_config(fx.path)
    ignore = [*split_names(ignore), *(set(cfg_ignore) - explicit)]
    return check_text(fx.text, file="<stdin>" if fx.path == "-" else fx.path, rules=rules, ignore=ignore,
                      levels=levels, target_minutes=target_minutes, rate=rate)


def check(inputs, *, rules=(), ignore=(), target_minutes=None, rate: int = DEFAULT_RATE, fix: bool = False,
          output: str | None = None, in_place: bool = False, force: bool = False) -> Report:
    """Check (or fix, then check) every input. Bad options raise GaoziError before anything is read; an
    input that cannot be read or fixed is a failure in the report and the other inputs are still checked."""
    inputs = list(inputs) or ["-"]
    resolve_rules(rules, ignore)  # unknown rule ids: exit 2 before reading anything
    if rate is not None and rate <= 0:
        raise GaoziError("--rate 应当是正数（每分钟字数）")
    if target_minutes is not None and not (0 < target_minutes < float("inf")):
        raise GaoziError("--target-minutes 应当是正数（分钟）")
    if output and len(inputs) > 1:
        raise GaoziError("-o 只能用于一个输入文件；多个文件请用 --in-place")
    if output and not fix:
        raise GaoziError("-o 只能与 --fix 一起使用")
    if in_place and not fix:
        raise GaoziError("--in-place 只能与 --fix 一起使用")
    report = Report()
    bad: set[str] = set()  # inputs already reported as unreadable: the set check skips them
    for path in inputs:
        if not fix and _is_data(path):  # a ledger (CSV, xlsx) is read by the set check below, not linted
            continue
        try:
            target = path
            if fix:
                fx = fix_path(path, output=output, in_place=in_place, force=force)
                report.fixes.append(fx)
                if fx.where == "-":
                    report.printed_fix = True
                    report.findings += _check_fixed(fx, rules, ignore, target_minutes, rate)
                    continue
                target = fx.where
            report.findings += check_path(target, rules=rules, ignore=ignore, target_minutes=target_minutes,
                                          rate=rate)
        except GaoziError as exc:
            report.failures += exc.problems
            bad.add(path)
        except RecursionError:
            report.failures.append(Problem(path, None, "", "文件结构嵌套过深，无法检查"))
            bad.add(path)
    if not fix:
        try:
            report.findings += set_findings([p for p in inputs if p not in bad], rules, ignore)
        except GaoziError as exc:
            report.failures += exc.problems
    return report


def _is_data(path: str) -> bool:
    return path != "-" and Path(path).suffix.lower() in (".csv", ".xlsx")


def set_findings(inputs, rules=(), ignore=()) -> list[Finding]:
    """The `consistency` rule over the whole set of inputs (lint/consistency.py): facts, ledgers and the
    outlines checked against each other. Cross-document, so it runs here and not in the per-document engine."""
    if "consistency" not in resolve_rules(rules, ignore):
        return []
    out = [Finding(n.file, n.line, 1, "consistency", n.level, n.message, n.text)
           for n in consistency.check_set(inputs)]
    return sorted(out, key=lambda f: (f.file, f.line, f.message))


def format_findings(findings: list[Finding], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2)
    return "\n".join(str(f) for f in findings)


def summary(findings: list[Finding]) -> str:
    """检查完毕：错误N个，警告M个 (or 未发现问题); how many of them --fix corrects, when any."""
    c = Counter(f.level for f in findings)
    names = {"error": "错误", "warning": "警告", "info": "提示"}
    out = "检查完毕：" + ("，".join(f"{names[k]}{c[k]}个" for k in LEVELS if c[k]) or "未发现问题")
    fixable = sum(1 for f in findings if f.rule == "punct-width")
    if fixable:
        out += f"（其中标点宽度和汉字间空格 {fixable} 个，可用 --fix 一次改正）"
    return out
