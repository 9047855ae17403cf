"""The Jinja environment: sandboxed, StrictUndefined, autoescaped for the block syntax, numbering filters."""
from __future__ import annotations

import datetime as _dt
import os
import traceback
from pathlib import Path

from jinja2 import (
    BaseLoader, ChoiceLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError,
    UndefinedError,
)
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from generator.text import numbering
from generator.text import scope as _scope
from generator.errors import GaoziError, Problem


class TemplateRefusal(Exception):
    """Raised by the `fail()` template global: the kind's own reason not to render."""


class RootedLoader(BaseLoader):
    """Loads templates from one folder and refuses any path, link or name that leads outside it."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()

    def get_source(self, environment, template):
        pieces = split_template_path(template)  # refuses ".." pieces
        path = self.root.joinpath(*pieces)
        real = path.resolve()
        if not real.is_relative_to(self.root) or not real.is_file():
            raise TemplateNotFound(template)
        text = real.read_text(encoding="utf-8")
        mtime = real.stat().st_mtime
        return text, str(path), lambda: real.exists() and real.stat().st_mtime == mtime

    def list_templates(self):
        out = []
        for dirpath, _dirs, files in os.walk(self.root):
            for f in files:
                rel = os.path.relpath(os.path.join(dirpath, f), self.root)
                out.append(rel.replace(os.sep, "/"))
        return sorted(out)


def _finalize(value):
    # Every value printed by a template is escaped so user text can never open a role or a span;
    # a leading "@" is escaped too because a role marker is "@" at the start of a line.
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return Markup(str(escape(value)).replace("@", "&#64;"))


def _enum(index: int, family: str, total: int) -> str:
    return numbering.enumerator(family, int(index), int(total))


def _cn_date(value, paren: bool = False) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)):
        s = f"{value.year}年{value.month}月{value.day}日"
    else:
        s = str(value)
    return f"（{s}）" if paren else s


def _percent(part, whole, digits: int = 1) -> str:
    if not whole:
        return "0%"
    value = round(100.0 * float(part) / float(whole), digits)
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else str(int(value))
    return f"{text}%"


def _bytecode_cache():
    """Compiled templates kept on disk: compiling the kind templates costs most of a single render's time."""
    from jinja2 import FileSystemBytecodeCache

    base = os.environ.get("GAOZI_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "gaozi", "jinja")
    try:
        os.makedirs(base, exist_ok=True)
        probe = os.path.join(base, ".probe")
        with open(probe, "w"):
            pass
        os.unlink(probe)
    except OSError:
        return None  # read-only home: just compile every time
    return FileSystemBytecodeCache(base)


def make_env(template_dirs=()) -> SandboxedEnvironment:
    """An environment over the user's template folders (searched first) and the packaged ones."""
    env = SandboxedEnvironment(
        bytecode_cache=_bytecode_cache(),
        loader=ChoiceLoader([RootedLoader(d) for d in template_dirs]),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=2000,
    )
    env.filters.update(
        enum=_enum,
        cn=numbering.cn_numeral,
        cn_count=numbering.cn_count,
        count_word=numbering.count_word,
        cn_date=_cn_date,
        percent=_percent,
        unit_type=_scope.unit_type,
        scope_word=_scope.scope_word,
        unit_family=_scope.family,
        inspection_word=_scope.inspection_word,
        team_word=_scope.team_word,
        found_word=_scope.found_word,
    )
    return env


def located(exc: BaseException, default_name: str) -> tuple[str, int | None]:
    """The template file and line a Jinja error happened at (Jinja rewrites tracebacks to templates)."""
    if isinstance(exc, TemplateSyntaxError):
        return exc.filename or exc.name or default_name, exc.lineno
    name, line = default_name, None
    for frame in traceback.extract_tb(exc.__traceback__):
        fn = frame.filename or ""
        if fn.endswith((".j2", ".jinja", ".txt", ".md")) or fn == "<template>":
            name, line = fn, frame.lineno
    return name, line


def explain(exc: BaseException) -> str:
    """A Chinese one-line explanation of a Jinja error."""
    if isinstance(exc, UndefinedError):
        msg = str(exc.message or exc)
        # StrictUndefined says "'leader' is undefined" or "'dict object' has no attribute 'x'".
        if msg.endswith(" is undefined"):
            return f"未定义的变量 {msg[: -len(' is undefined')]}（请在 vars 中定义，或检查拼写）"
        if " has no attribute " in msg:
            return f"未定义的属性 {msg.split(' has no attribute ')[-1]}"
        return f"未定义的值：{msg}"
    if isinstance(exc, TemplateRefusal):
        return str(exc)
    if isinstance(exc, SecurityError):
        return "模板试图访问不安全的内部属性，已被沙箱拒绝"
    if isinstance(exc, TemplateNotFound):
        return f"找不到模板或被拒绝的路径：{exc.name}"
    if isinstance(exc, TemplateSyntaxError):
        return f"模板语法错误：{exc.message}"
    if isinstance(exc, numbering.NumberingError):
        return str(exc)
    if isinstance(exc, TemplateError):
        return f"模板错误：{exc.message or exc}"
    if isinstance(exc, RecursionError):
        return "模板或片段递归过深（是否互相引用？）"
    return f"{type(exc).__name__}: {exc}"


def classify(exc: BaseException) -> tuple[str, tuple]:
    """(code, data) of a Jinja error, for programs: ("undefined-variable", (("name", "leader"),)) …"""
    if isinstance(exc, UndefinedError):
        msg = str(exc.message or exc)
        if msg.endswith(" is undefined"):
            return "undefined-variable", (("name", msg[: -len(" is undefined")].strip("'\"")),)
        if " has no attribute " in msg:
            return "undefined-attribute", (("name", msg.split(" has no attribute ")[-1].strip("'\"")),)
        return "undefined", ()
    if isinstance(exc, TemplateRefusal):
        return "template-refusal", ()
    if isinstance(exc, SecurityError):
        return "sandbox", ()
    if isinstance(exc, TemplateSyntaxError):
        return "template-syntax", ()
    return "template-error", (("type", type(exc).__name__),)


def problem(exc: BaseException, file: str, line: int | None, path: str, message: str | None = None) -> Problem:
    """A Problem for a Jinja error, with its code and data."""
    code, data = classify(exc)
    return Problem(file, line, path, message if message is not None else explain(exc), code, data)


def template_problem(exc: BaseException, default_name: str, path: str = "") -> Problem:
    name, line = located(exc, default_name)
    return problem(exc, name, line, path)


def render_checked(env, template_name: str, context: dict) -> str:
    """Render a template by name; any template fault becomes a GaoziError naming template and line."""
    try:
        return env.get_template(template_name).render(context)
    except GaoziError:
        raise
    except (TemplateError, SecurityError, TemplateRefusal, numbering.NumberingError, RecursionError, TypeError,
            ValueError, ArithmeticError, AttributeError, KeyError, IndexError) as exc:
        raise GaoziError(template_problem(exc, template_name)) from None
