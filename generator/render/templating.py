"""The Jinja environment: sandboxed, StrictUndefined, autoescaped for the block syntax, numbering filters."""
from __future__ import annotations

import datetime as _dt
import os
import stat
import traceback
from pathlib import Path

from jinja2 import (
    BaseLoader, ChoiceLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateRuntimeError,
    TemplateSyntaxError, UndefinedError,
)
from jinja2.bccache import FileSystemBytecodeCache
from jinja2.loaders import split_template_path
from jinja2 import filters as jinja_filters
from jinja2 import pass_eval_context
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Namespace, Undefined
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from generator.render import limits
from generator.text import jinjasyntax, numbering
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


def printable(value):
    """A value a template prints: a function or an object whose text is its memory address would make
    the output differ from run to run ({{ fragment }} without the call)."""
    if isinstance(value, Undefined):  # prints as "" (an if-expression without else) or raises itself
        return value
    if callable(value) and not isinstance(value, (str, Markup)):
        name = getattr(value, "__name__", "") or getattr(value, "_gaozi_name", "")
        hint = f"（{name} 要调用才有值，如 {name}(…)）" if name and name.isidentifier() and not name.startswith("<") else ""
        raise TemplateRuntimeError(f"模板打印了一个函数而不是文字{hint}")
    if not isinstance(value, (str, int, float, list, tuple, dict, _dt.date)) and " at 0x" in repr(value):
        raise TemplateRuntimeError(f"模板打印了一个内部对象（{type(value).__name__}）而不是文字")
    return value


def _finalize(value):
    # Every value printed by a template is escaped so user text can never open a role or a span;
    # a leading "@" is escaped too because a role marker is "@" at the start of a line.
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    printable(value)
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


def _private_dir(path: str) -> bool:
    """True when only this user can write into `path` (a real folder, not a link, owned by us, mode 0700)
    and into the folder holding it (unless that one is sticky, like /tmp)."""
    try:
        st = os.lstat(path)
        parent = os.stat(os.path.dirname(os.path.abspath(path)))
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return False
    return parent.st_uid in (0, os.getuid()) and (not parent.st_mode & 0o022 or bool(parent.st_mode & stat.S_ISVTX))


class _PrivateBytecodeCache(FileSystemBytecodeCache):
    """Jinja reads a cache file with pickle: a file someone else could have written would run code outside
    the sandbox. Only files in a private folder, owned by this user and writable by nobody else, are read."""

    def dump_bytecode(self, bucket) -> None:
        # the cache only saves time: a full disk or a file-size limit must not stop a render (Jinja removes
        # its temporary file and re-raises; the compiled template is in memory already)
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass

    def load_bytecode(self, bucket) -> None:
        try:
            fd = os.open(self._get_cache_filename(bucket), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o022:
                bucket.load_bytecode(fh)


def _bytecode_cache():
    """Compiled templates kept on disk: compiling the kind templates costs most of a single render's time
    (bench: about 0.1 s of 0.5 s CPU per render). Only in a folder only this user can write; else none."""
    if not hasattr(os, "getuid"):
        return None  # no owner to check (Windows): compile every time
    base = os.environ.get("GAOZI_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "gaozi", "jinja")
    try:
        os.makedirs(os.path.dirname(os.path.abspath(base)), exist_ok=True)
        os.mkdir(base, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None  # read-only home: just compile every time
    if not _private_dir(base):
        return None  # a shared or foreign folder: never read code from it
    return _PrivateBytecodeCache(base)


class _BoundedNamespace(Namespace):
    """namespace() whose attributes cannot grow past the bounds ({% set ns.s = ns.s ~ ns.s %} in a loop)."""

    def __setitem__(self, name, value):
        limits.check_text(value)
        super().__setitem__(name, value)


_STR_WIDTH = {"center", "ljust", "rjust", "zfill", "expandtabs"}
_GROWERS = {"append", "extend", "insert", "update", "setdefault", "add", "__iadd__"}


def _checked_call(obj, args, kwargs) -> None:
    """Before a method call: widths of str methods, sizes of replace/join, growth of lists and dicts."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str):
        if name in _STR_WIDTH:
            for a in list(args[:1]) + [kwargs.get("width"), kwargs.get("tabsize")]:
                limits.check_width(a)
            if name == "expandtabs":
                size = args[0] if args else kwargs.get("tabsize", 8)
                if isinstance(size, int) and owner.count("\t") * size > limits.MAX_TEXT:
                    raise limits.too_big("模板中展开制表符后的文字过长，已停止")
        elif name == "replace" and len(args) >= 2:
            limits.estimate_replace(owner, args[0], args[1], args[2] if len(args) > 2 else kwargs.get("count"))
        elif name == "join" and args:
            limits.estimate_join(owner, args[0])
    elif isinstance(owner, (list, dict, set)) and name in _GROWERS:
        added = 1
        if name in ("extend", "update", "__iadd__") and args:
            try:
                added = len(args[0])
            except TypeError:
                raise limits.too_big("模板中的 extend/update 只接受列表或映射") from None
        if len(owner) + added > limits.MAX_ITEMS:
            raise limits.too_big(f"模板中的列表或映射超过 {limits.MAX_ITEMS // 10000} 万项，已停止")


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox with bounds on what an expression may cost (see limits.py)."""

    intercepted_binops = frozenset(["**", "*", "%", "+"])
    _BINOPS = {"**": limits.power, "*": limits.multiply, "%": limits.modulo, "+": limits.add}

    def call_binop(self, context, operator, left, right):
        fn = self._BINOPS.get(operator)
        return fn(left, right) if fn else super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - the sandbox's own signature
        _checked_call(__obj, args, kwargs)
        return limits.check_text(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt = value.__self__

        def checked(*args, **kwargs):
            _check_str_format(fmt)
            return wrapped(*args, **kwargs)

        return checked


def _check_str_format(fmt: str, depth: int = 0) -> None:
    """Widths in a str.format pattern; a width given by a nested field ({:{w}}) is refused."""
    import string

    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # str.format raises its own error
    for _lit, _field, spec, _conv in parsed:
        if spec:
            if "{" in spec:
                raise limits.too_big("模板中的 format 宽度不能由变量给出")
            limits.check_format_spec(spec)


def _f_center(value, width=80):
    limits.check_width(width)
    return jinja_filters.do_center(value, width)


def _f_indent(s, width=4, first=False, blank=False):
    limits.check_width(width if isinstance(width, int) else len(str(width)))
    return limits.check_text(jinja_filters.do_indent(s, width, first, blank))


def _f_format(value, *args, **kwargs):
    limits.check_percent_format(str(value))
    return limits.check_text(jinja_filters.do_format(value, *args, **kwargs))


def _f_batch(value, linecount, fill_with=None):
    limits.check_width(linecount, "每组项数")
    return jinja_filters.do_batch(value, linecount, fill_with)


def _f_slice(value, slices, fill_with=None):
    limits.check_width(slices, "分组数")
    return jinja_filters.do_slice(value, slices, fill_with)


@pass_eval_context
def _f_replace(eval_ctx, s, old, new, count=None):
    limits.estimate_replace(str(s), str(old), str(new), count)
    return jinja_filters.do_replace(eval_ctx, s, old, new, count)


@pass_eval_context
def _f_join(eval_ctx, value, d="", attribute=None):
    if attribute is None:
        value = list(value) if not isinstance(value, (list, tuple)) else value
        limits.estimate_join(d, [v if isinstance(v, str) else str(v) if not isinstance(v, (list, tuple)) else v
                                 for v in value] if len(value) <= limits.MAX_ITEMS else value)
    return limits.check_text(jinja_filters.do_join(eval_ctx, value, d, attribute))


@pass_eval_context
def _f_tojson(eval_ctx, value, indent=None):
    limits.check_width(indent, "缩进")
    return jinja_filters.do_tojson(eval_ctx, value, indent)


class _BoundedCodeGenerator(CodeGenerator):
    """`a ~ b` compiles to a join the sandbox cannot intercept: check its result's size."""

    def visit_Concat(self, node, frame):
        self.write("environment.check_text(")
        super().visit_Concat(node, frame)
        self.write(")")


BoundedSandbox.code_generator_class = _BoundedCodeGenerator
BoundedSandbox.check_text = staticmethod(limits.check_text)
BoundedSandbox.concat = staticmethod(limits.bounded_concat)


def make_env(template_dirs=()) -> SandboxedEnvironment:
    """An environment over the user's template folders (searched first) and the packaged ones."""
    env = BoundedSandbox(
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
        center=_f_center,
        indent=_f_indent,
        format=_f_format,
        batch=_f_batch,
        slice=_f_slice,
        replace=_f_replace,
        join=_f_join,
        tojson=_f_tojson,
        unit_type=_scope.unit_type,
        scope_word=_scope.scope_word,
        unit_family=_scope.family,
        inspection_word=_scope.inspection_word,
        team_word=_scope.team_word,
        found_word=_scope.found_word,
    )
    env.globals.pop("lipsum", None)  # English filler text of any length: nothing a Chinese document needs
    env.globals["namespace"] = _BoundedNamespace
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
        return f"模板语法错误：{jinjasyntax.chinese(exc.message or '')}"
    if isinstance(exc, numbering.NumberingError):
        return str(exc)
    if isinstance(exc, limits.LimitError):
        return str(exc)
    if isinstance(exc, TemplateError):
        return f"模板错误：{exc.message or exc}"
    if isinstance(exc, RecursionError):
        return "模板或片段递归过深（是否互相引用？）"
    return _PYTHON_ERRORS.get(type(exc), next((m for t, m in _PYTHON_ERRORS.items() if isinstance(exc, t)),
                                              "模板计算出错"))


# Python's own messages are English: say in Chinese what kind of mistake it was.
_PYTHON_ERRORS = {
    ZeroDivisionError: "模板中出现除以零",
    OverflowError: "模板中的数值过大",
    TypeError: "模板中的值类型不对（例如文字和数字相加，或对不能调用的值加了括号）",
    ValueError: "模板中的值无效（例如把不是数字的文字当数字用）",
    KeyError: "模板中取了映射里没有的键",
    IndexError: "模板中的列表下标超出范围",
    AttributeError: "模板中取了不存在的属性",
    UnicodeError: "模板中的文字编码有误",
    ArithmeticError: "模板中的计算出错",
}


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
