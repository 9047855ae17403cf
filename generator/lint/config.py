"""`.gaozi-check.yaml`: rules to ignore and levels to change, from the current folder and the draft's folder.

Every problem of a config file is reported at once, each at its line."""
from __future__ import annotations

from pathlib import Path

from generator.errors import GaoziError, Problem, did_you_mean
from generator.io.textio import read_text
from generator.io.yamlload import LMap, load
from generator.lint.engine import LEVELS, registry, split_names

__all__ = ["CONFIG_NAME", "config_files", "load_config"]

CONFIG_NAME = ".gaozi-check.yaml"
_KEYS = ("ignore", "rules")


def config_files(path: str | None) -> list[Path]:
    found = []
    cwd = Path.cwd() / CONFIG_NAME
    if cwd.is_file():
        found.append(cwd)
    if path and path != "-":
        beside = Path(path).resolve().parent / CONFIG_NAME
        if beside.is_file() and not any(beside.resolve() == f.resolve() for f in found):
            found.append(beside)  # later wins: the folder of the draft knows it best
    return found


def _unknown(name: str, line, where: str, rule: str) -> Problem:
    known = registry()
    return Problem(name, line, where, f"未知的检查规则“{rule}”{did_you_mean(rule, known)}（可用：{'、'.join(known)}）")


def load_config(path: str | None = None) -> tuple[list[str], dict[str, str]]:
    """(ignored rules, {rule: level}) from .gaozi-check.yaml in the current folder and beside `path`."""
    ignore: list[str] = []
    levels: dict[str, str] = {}
    problems: list[Problem] = []
    known = registry()
    for f in config_files(path):
        name = str(f)
        data = load(read_text(name), name)
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.append(Problem(name, 1, "", "检查配置应当是映射：ignore: [规则]，rules: {规则: 级别}"))
            continue
        line_of = data.line_of if isinstance(data, LMap) else (lambda k: None)
        for key in data:
            if key not in _KEYS:
                problems.append(Problem(name, line_of(key), str(key),
                                        f"未知的配置项{did_you_mean(str(key), list(_KEYS))}（可用：ignore、rules）"))
        ign = data.get("ignore") or []
        if not isinstance(ign, (list, str)):
            problems.append(Problem(name, line_of("ignore"), "ignore", "应当是规则名列表"))
        else:
            for n in split_names(ign):
                if n in known:
                    ignore.append(n)
                else:
                    problems.append(_unknown(name, line_of("ignore"), "ignore", n))
        rl = data.get("rules") or {}
        if not isinstance(rl, dict):
            problems.append(Problem(name, line_of("rules"), "rules", "应当是“规则: 级别”的映射"))
            continue
        rline = (rl.line_of if isinstance(rl, LMap) else (lambda k: line_of("rules")))
        for rule, level in rl.items():
            where = f"rules.{rule}"
            if str(rule) not in known:
                problems.append(_unknown(name, rline(rule), where, str(rule)))
                continue
            level = "off" if level is False else str(level)
            if level not in (*LEVELS, "off"):
                problems.append(Problem(name, rline(rule), where, f"级别“{level}”无效（可用：error、warning、info、off）"))
                continue
            levels[str(rule)] = level
    if problems:
        raise GaoziError(problems)
    return ignore, levels
