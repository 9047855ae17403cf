"""The pipeline: read and validate an outline, compose it into a Document, write it in a format.

Every feature above it (batch, importer, lint) and the api façade use these functions; nothing here
knows about commands, printing or exit codes."""
from __future__ import annotations

from pathlib import Path

from jinja2 import TemplateSyntaxError

from generator.errors import GaoziError, Problem
from generator.io.textio import read_text
from generator.io.yamlload import LList, LMap, load
from generator.model import facts as facts_model
from generator.model.fragments import Library
from generator.model.kinds import get_kind, template_roots
from generator.model.outline import Outline, plainify, validate
from generator.model.profiles import load as load_profile
from generator.model.tree import Document
from generator.render.compose import Options, compose, text_env
from generator.render.templating import make_env
from generator.text import jinjasyntax, zh

FORMATS = ("txt", "md", "docx", "pdf")
#: The one table of output file extensions (render, batch and ledger all ask output_format).
EXTENSIONS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf",
              ".xlsx": "xlsx"}  # xlsx: only `gaozi ledger` writes it (a ledger, not a Document)


def output_format(path: str | None, default: str | None = None, *, allowed=None) -> str:
    """The output format a file name asks for (its extension); `default` for no name or "-"."""
    allowed = tuple(allowed or FORMATS)
    if not path or path == "-":
        if default is None:
            raise GaoziError(f"请用 --format 指定输出格式（{'、'.join(allowed)}）")
        return default
    ext = Path(path).suffix.lower()
    fmt = EXTENSIONS.get(ext)
    if fmt is None or fmt not in allowed:
        wanted = "、".join(e for e, f in EXTENSIONS.items() if f in allowed and e not in (".text", ".markdown"))
        raise GaoziError(Problem("", None, "", f"无法从扩展名“{ext or Path(path).name}”判断输出格式：应为 {wanted}",
                                 "output-format", (("ext", ext),)))
    return fmt


def read_outline_source(source: str, name: str | None = None) -> tuple[str, str]:
    """(text, display name) of an outline given as a path, '-' for stdin, or YAML text with a name."""
    if name is not None or "\n" in source:
        return source, name or "<outline>"
    return read_text(source), source if source != "-" else "<stdin>"


def load_outline(source: str, *, name: str | None = None, template_dirs=()) -> Outline:
    """Read and validate an outline (path, '-' or text): every problem at once."""
    text, display = read_outline_source(source, name)
    return validate_outline(load(text, display), display, template_dirs)


def validate_outline(data, display: str, template_dirs=()) -> Outline:
    """Validate loaded (or built in memory) outline data against its kind's fields."""
    kind_fields = {}
    if isinstance(data, LMap) and isinstance(data.get("kind"), str):
        kind_fields = get_kind(data["kind"], template_dirs, file=display, line=data.line_of("kind")).fields
    try:
        outline = validate(data, display, kind_fields)
    except GaoziError as exc:
        # what can be known now is reported now: the texts' template syntax too, not in a second round
        raise GaoziError(exc.problems + spans_backwards(data, display, kind_fields)
                         + syntax_problems(data, display, template_dirs)) from None
    bad = spans_backwards(data, display, kind_fields)
    if bad:
        raise GaoziError(bad)
    return outline


def syntax_problems(data, display: str, template_dirs=()) -> list[Problem]:
    """Template syntax errors in an outline's texts ({{ }} or {% %} not closed …), found without rendering."""
    env = text_env(engine(template_dirs)[0])
    out: list[Problem] = []
    stack = [(data, "", getattr(data, "line", None))]
    while stack:
        node, path, line = stack.pop()
        if isinstance(node, str):
            if "{" in node:
                try:
                    env.parse(node)
                except TemplateSyntaxError as exc:
                    out.append(Problem(display, line, path, f"模板语法错误：{jinjasyntax.chinese(exc.message or '')}",
                                       "template-syntax"))
        elif isinstance(node, dict):
            at = node.line_of if isinstance(node, LMap) else (lambda _k: line)
            stack.extend((v, f"{path}.{k}" if path else str(k), at(k)) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            at = node.line_of if isinstance(node, LList) else (lambda _i: line)
            stack.extend((v, f"{path}[{i}]", at(i)) for i, v in reversed(list(enumerate(node))))
    return out


def spans_backwards(data, display: str, kind_fields: dict) -> list[Problem]:
    """Items of a list field (the plan's steps) whose `end` comes before their `start`."""
    out = []
    if not isinstance(data, LMap):
        return out
    for name, spec in kind_fields.items():
        items = spec.get("items")
        rows = data.get(name)
        if not (isinstance(items, dict) and "start" in items and "end" in items and isinstance(rows, list)):
            continue
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                continue
            start, end = facts_model.parse_date(row.get("start")), facts_model.parse_date(row.get("end"))
            if start and end and end < start:
                line = row.line_of("end") if isinstance(row, LMap) else None
                out.append(Problem(display, line, f"{name}[{i + 1}].end",
                                   f"结束日期 {facts_model.cn_date(end)} 早于开始日期 {facts_model.cn_date(start)}",
                                   "span-backwards"))
    return out


def read_facts(path: str) -> dict:
    """Read and validate a facts file (docs/facts.md): every problem at once, as plain data."""
    return facts_model.read(read_text(str(path)), str(path))


def load_facts(outline: Outline, files: dict | None = None) -> dict:
    """The facts an outline names (a file relative to the outline, or a mapping written inline under
    `facts:` or the kind field `inline_facts`), validated, as plain data; with `files` (name → bytes,
    e.g. uploads) the file comes from there, never from the disk."""
    if not outline.facts_path:
        inline = outline.raw.get("inline_facts") if isinstance(outline.raw, dict) else None
        if isinstance(inline, dict) and inline:
            return facts_model.validate(inline, outline.file, "inline_facts.")
        return {}
    if isinstance(outline.facts_path, dict):  # facts written inline in the outline
        return facts_model.validate(outline.facts_path, outline.file, "facts.")
    if files is not None:
        from generator.io.datafiles import in_memory_file
        from generator.io.textio import decode

        line = outline.raw.line_of("facts") if isinstance(outline.raw, LMap) else None
        fname, data = in_memory_file(files, outline.facts_path, outline.file, line, "facts", "事实文件")
        return facts_model.read(decode(data, fname), fname)
    base = Path(outline.file).parent if Path(outline.file).is_file() else Path.cwd()
    path = (base / outline.facts_path)
    line = outline.raw.line_of("facts") if isinstance(outline.raw, LMap) else None
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise GaoziError(Problem(outline.file, line, "facts", "事实文件应当是 .yaml 文件"))
    if not path.is_file():
        raise GaoziError(Problem(outline.file, line, "facts", f"找不到事实文件 {outline.facts_path}"))
    return read_facts(str(path))


def _check_profile(outline: Outline) -> None:
    """A profile named in the outline is checked now, so its error names the outline's line."""
    try:
        load_profile(outline.profile if Path(outline.profile).suffix == "" else
                     str(Path(outline.file).parent / outline.profile))
    except GaoziError as exc:
        line = outline.raw.line_of("profile") if isinstance(outline.raw, LMap) else None
        raise GaoziError([Problem(outline.file, line, "profile", p.message) for p in exc.problems]) from None


_ENGINES: dict = {}


def engine(template_dirs=(), fragment_dirs=()):
    """The Jinja environment and fragment library for these folders, made once per process:
    compiling the templates and reading the library costs far more than composing one document."""
    key = (tuple(map(str, template_dirs)), tuple(map(str, fragment_dirs)))
    if key not in _ENGINES:
        env = make_env(template_roots(template_dirs))
        _ENGINES[key] = (env, Library(fragment_dirs, env))
    return _ENGINES[key]


def build(source: str, *, name: str | None = None, seed: int = 0, sets: dict | None = None,
          template_dirs=(), fragment_dirs=(), with_outline: bool | None = None, files: dict | None = None) -> Document:
    """Outline (path, '-' or YAML text) → Document. `files` (name → bytes): the facts and data files the
    outline names are taken from there and never from the disk (the web page's uploads)."""
    outline = load_outline(source, name=name, template_dirs=template_dirs)
    return build_outline(outline, seed=seed, sets=sets, template_dirs=template_dirs, fragment_dirs=fragment_dirs,
                         with_outline=with_outline, files=files)


def compose_outline(data: LMap, name: str, **kw) -> Document:
    """An outline built in memory (a mapping, as YAML would give) → Document; `name` is the file it stands for."""
    return build_outline(validate_outline(data, name, kw.get("template_dirs", ())), **kw)


def build_outline(outline: Outline, *, seed: int = 0, sets: dict | None = None, template_dirs=(), fragment_dirs=(),
                  with_outline: bool | None = None, files: dict | None = None) -> Document:
    """A validated Outline → Document; `files` as for build."""
    kind = get_kind(outline.kind, template_dirs, file=outline.file)
    if outline.profile and files is not None and Path(outline.profile).suffix:
        line = outline.raw.line_of("profile") if isinstance(outline.raw, LMap) else None
        raise GaoziError(Problem(outline.file, line, "profile", "这里只能使用内置的样式方案 gbt9704 或 podium，不能引用样式文件"))
    if outline.profile:
        _check_profile(outline)
    env, library = engine(template_dirs, fragment_dirs)
    sets = check_sets(sets or {}, outline, kind, env, library)
    opts = Options(seed=seed, sets=sets, template_dirs=tuple(template_dirs),
                   fragment_dirs=tuple(fragment_dirs), with_outline=with_outline, facts=load_facts(outline, files),
                   files=files)
    doc = compose(outline, kind, opts, env=env, library=library)
    if outline.profile and Path(outline.profile).suffix:
        doc.meta["profile"] = str(Path(outline.file).parent / outline.profile)  # relative to the outline
    return doc


def used_names(outline: Outline, kind, env, library) -> set[str]:
    """Every name a value can be given for: the outline's vars, the kind's fields, and the variables the
    outline's texts, the kind template and the fragment slots read."""
    from jinja2 import TemplateError, meta

    names = set(outline.vars) | set(kind.fields)
    stack = [outline.raw]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str) and "{" in node:
            try:
                names |= meta.find_undeclared_variables(env.parse(node))
            except TemplateError:
                pass  # compose reports the syntax error at the text's line
    cache = env.__dict__.setdefault("_gaozi_template_names", {})
    if kind.template not in cache:
        try:
            source = env.loader.get_source(env, kind.template)[0]
            cache[kind.template] = meta.find_undeclared_variables(env.parse(source))
        except TemplateError:
            cache[kind.template] = set()
    names |= cache[kind.template]
    for frag in library.fragments.values():
        names |= set(frag.slots)
    return names


def check_sets(sets: dict, outline: Outline, kind, env, library) -> dict:
    """`--set key=value`: every key must be a name the outline or its kind uses (did-you-mean otherwise),
    a kind field's value must have the field's type; the values come back converted."""
    from generator.model import fields as field_types
    from generator.model.outline import _V

    if not sets:
        return {}
    known = used_names(outline, kind, env, library)
    v = _V("")
    out = {}
    for k, raw in sets.items():
        where = f"--set {k}"
        if k not in known:
            hint = field_types.did_you_mean(k, sorted(known))
            v.problems.append(Problem("", None, where, f"提纲和文稿类型“{kind.name}”都没有用到“{k}”{hint}",
                                      "unknown-set", (("key", k),)))
            continue
        spec = kind.fields.get(k)
        if spec is None:
            out[k] = raw
            continue
        try:
            value = field_types.from_cell(raw, spec)
        except field_types.CellRefused as exc:
            v.err(None, where, f"字段 {k} 是{exc}，不能用 --set 填写")
            continue
        if isinstance(value, str) and spec.get("type") == "date":  # the date parser's message
            v.err(None, where, value)
            continue
        got = field_types.validate_value(value, spec, v, None, where)
        out[k] = got.src if hasattr(got, "src") else got
    if v.problems:
        raise GaoziError(v.problems)
    return out


def write(doc: Document, fmt: str, profile: str | None = None) -> bytes:
    """Serialise a Document as txt, md, docx or pdf bytes (or html, the web page's A4 preview)."""
    # Writers load on demand: a txt render never pays for the docx writer's tables (start-up time).
    if fmt == "txt":
        from generator.write.text import render
    elif fmt == "md":
        from generator.write.markdown import render
    elif fmt == "html":  # the web page's A4 preview
        from generator.write.html import render
    elif fmt == "docx":
        from generator.write.docx import render as _render

        return _render(doc, load_profile(profile or doc.meta.get("profile")))
    elif fmt == "pdf":  # the .docx converted by LibreOffice
        from generator.write.pdf import render as _render_pdf

        return _render_pdf(doc, load_profile(profile or doc.meta.get("profile")))
    else:
        raise GaoziError(f"未知的输出格式“{fmt}”（可用：{'、'.join(FORMATS)}）")
    return render(doc).encode("utf-8")


def length(doc: Document, rate: int = 220) -> tuple[int, float]:
    """Characters of the spoken text (no whitespace) and estimated minutes at `rate` characters a minute."""
    chars = sum(len("".join(b.text.split())) for b in doc.paragraphs()
                if b.role not in zh.UNSPOKEN_ROLES)
    return chars, chars / rate if rate else 0.0


def outline_summary(source: str, **kw) -> str:
    """The 【提纲】 paragraph of an outline: its literal outline_text, or one built from its headings."""
    doc = build(source, with_outline=True, **kw)
    for b in doc.paragraphs():
        if b.role == "outline-summary":
            return b.text
    return ""
