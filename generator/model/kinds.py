"""Document kinds: each is a folder under templates/ with kind.yaml (fields, defaults) and its template."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import GaoziError, Problem, did_you_mean
from generator.model import fields as _fields
from generator.io.resources import data_dir
from generator.io.textio import read_bytes, read_text
from generator.io.yamlload import LMap, load

_KIND_KEYS = ("name", "title", "description", "template", "starter", "fields", "defaults")

#: The kind defaults a kind.yaml may set (`defaults:`), and what they mean. One table: compose reads these.
DEFAULTS = {
    "salutation": ("称谓（“同志们：”），提纲不写 salutation 时用", ""),
    "points_style": ("分条（points）的默认序号，如 一是、一要、第一，", "一是"),
    "inline_style": ("段内列举（inline）的默认序号", "一是"),
    "heading_style": ("一级标题的默认序号，如 一、 或 （一）", "一、"),
}

#: Names a kind field may not take: the template sees these as functions or documents (docs/kinds.md).
RESERVED_FIELDS = ("doc", "facts", "fragment", "pick", "fail", "n", "count", "kind", "loop", "range", "self",
                   "vars", "sections", "opening", "closing", "title", "date")


@dataclass(slots=True)
class Kind:
    name: str
    title: str  # Chinese name, e.g. 会议讲话
    description: str
    folder: Path
    template: str  # template name relative to the templates root, e.g. speech/speech.j2
    starter: str | None  # starter outline file name inside the folder
    fields: dict[str, dict]
    defaults: dict = field(default_factory=dict)


def template_roots(user_dirs=()) -> list[Path]:
    return [Path(d) for d in user_dirs] + [data_dir("templates")]


_CACHE: dict = {}


def _load_kind(folder: Path) -> Kind:
    """kind.yaml of one folder, read once per process per version of the file (batches ask thousands of times)."""
    path = folder / "kind.yaml"
    try:
        stamp = (str(path), path.stat().st_mtime_ns)
    except OSError:
        stamp = None
    if stamp in _CACHE:
        return _CACHE[stamp]
    kind = _read_kind(folder)
    if stamp is not None:
        _CACHE[stamp] = kind
    return kind


def _read_kind(folder: Path) -> Kind:
    path = folder / "kind.yaml"
    name = str(path)
    data = load(read_text(str(path), root=folder.parent), name)
    problems = []
    if not isinstance(data, LMap):
        raise GaoziError(Problem(name, 1, "", "kind.yaml 应当是映射"))
    for k in data:
        if k not in _KIND_KEYS:
            problems.append(Problem(name, data.line_of(k), str(k), f"未知的字段“{k}”{did_you_mean(str(k), _KIND_KEYS)}"))
    fields = data.get("fields") or {}
    if not isinstance(fields, dict):
        problems.append(Problem(name, data.line_of("fields"), "fields", "应当是映射"))
        fields = {}
    for fname, spec in fields.items():
        if not isinstance(spec, LMap):
            problems.append(Problem(name, fields.line_of(fname), f"fields.{fname}", "应当是映射"))
            continue
        if fname in RESERVED_FIELDS:
            problems.append(Problem(name, fields.line_of(fname), f"fields.{fname}",
                                    f"“{fname}”是模板保留名（{'、'.join(RESERVED_FIELDS)}），字段请换一个名字"))
        _fields.check_declaration(str(fname), spec, name, problems, _line_of)
    defaults = data.get("defaults") or {}
    for k in defaults:
        if k not in DEFAULTS:
            problems.append(Problem(name, defaults.line_of(k), f"defaults.{k}",
                                    f"未知的默认项“{k}”{did_you_mean(str(k), list(DEFAULTS))}"))
    starter = data.get("starter", "starter.yaml")
    if starter is not None and not _plain_name(starter):
        problems.append(Problem(name, data.line_of("starter"), "starter",
                                "应当是本文件夹中的文件名（不能含路径、“..”或以“/”开头）"))
    template = data.get("template", folder.name + ".j2")
    if not _plain_name(template):
        problems.append(Problem(name, data.line_of("template"), "template", "应当是本文件夹中的模板文件名（不能含路径）"))
    if problems:
        raise GaoziError(problems)
    kname = folder.name
    return Kind(
        name=kname,
        title=str(data.get("title", kname)),
        description=str(data.get("description", "")),
        folder=folder,
        template=f"{kname}/{data.get('template', kname + '.j2')}",
        starter=data.get("starter", "starter.yaml"),
        fields={k: dict(v) for k, v in fields.items()},
        defaults=dict(defaults),
    )


def _line_of(node, key):
    return node.line_of(key) if hasattr(node, "line_of") else None


def default(kind: Kind, key: str):
    """A kind default: kind.yaml's `defaults`, else the table's."""
    return kind.defaults.get(key, DEFAULTS[key][1])


def _plain_name(value) -> bool:
    """A file name inside the kind's folder: no folder part, not '..', not absolute, not hidden."""
    return (isinstance(value, str) and bool(value) and "/" not in value and "\\" not in value
            and not value.startswith(".") and ":" not in value and "\0" not in value)


def starter_bytes(kind: Kind) -> bytes:
    """The kind's starter outline, read only from inside its own folder (a link out is refused)."""
    if not kind.starter:
        raise GaoziError(f"文稿类型“{kind.name}”没有提供提纲模板")
    path = kind.folder / kind.starter
    if not path.is_file():
        raise GaoziError(f"文稿类型“{kind.name}”没有提供提纲模板")
    return read_bytes(str(path), root=kind.folder)


def all_kinds(user_dirs=()) -> dict[str, Kind]:
    """Every kind found, user folders first (a user kind of the same name wins)."""
    out: dict[str, Kind] = {}
    for root in reversed(template_roots(user_dirs)):
        if not root.is_dir():
            continue
        for folder in sorted(p for p in root.iterdir() if (p / "kind.yaml").is_file()):
            out[folder.name] = _load_kind(folder)
    return dict(sorted(out.items()))


def get_kind(name: str, user_dirs=(), *, file: str = "", line: int | None = None) -> Kind:
    """The kind of that name, user folders first; only its own kind.yaml is read."""
    for root in template_roots(user_dirs):
        folder = root / name
        if name and "/" not in name and "\\" not in name and not name.startswith(".") and (folder / "kind.yaml").is_file():
            return _load_kind(folder)
    names = sorted({p.name for root in template_roots(user_dirs) if root.is_dir()
                    for p in root.iterdir() if (p / "kind.yaml").is_file()})
    raise GaoziError(Problem(file, line, "kind",
                             f"未知的文稿类型“{name}”{did_you_mean(name, names)}（可用：{'、'.join(names)}）"))
