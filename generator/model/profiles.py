"""Style profiles: page, grid, fonts, sizes and lead formatting for the Word writer, loaded from YAML."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import GaoziError, Problem, did_you_mean

PROFILE_DIR = Path(__file__).resolve().parent.parent / "profiles"
DEFAULT = "gbt9704"
LEADS = ("bold", "kai", "hei", "none")


@dataclass(frozen=True, slots=True)
class Margins:
    top: float
    bottom: float
    left: float
    right: float


@dataclass(frozen=True, slots=True)
class Fonts:
    title: str
    body: str
    heading1: str
    heading2: str
    heading3: str
    heading4: str
    kai: str
    hei: str
    latin: str
    page_number: str
    table: str


@dataclass(frozen=True, slots=True)
class Sizes:
    title: float
    body: float
    page_number: float
    table: float
    issuer: float = 36  # 发文机关标志 (小标宋, red); shrunk when the name would not fit the line


# Frozen (hence hashable): the Word writer caches its styled base package per profile.
@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    description: str
    margins_mm: Margins
    footer_gap_mm: float
    line_pitch_pt: float
    chars_per_line: int | None
    keep_together: bool
    fonts: Fonts
    sizes: Sizes
    lead: str


def _num(lo: float, hi: float):
    def check(v):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return f"应为数字，实际是 {v!r}"
        if not lo <= v <= hi:
            return f"应在 {lo} 到 {hi} 之间，实际是 {v}"
        return None
    return check


def _font(v):
    if not isinstance(v, str) or not v.strip():
        return f"应为字体名称（非空字符串），实际是 {v!r}"
    return None


def _chars(v):
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int) or not 10 <= v <= 60:
        return f"应为 10 到 60 之间的整数或 null，实际是 {v!r}"
    return None


def _bool(v):
    return None if isinstance(v, bool) else f"应为 true 或 false，实际是 {v!r}"


def _lead(v):
    return None if v in LEADS else f"应为 {' | '.join(LEADS)} 之一，实际是 {v!r}"


def _text(v):
    return None if isinstance(v, str) else f"应为文字，实际是 {v!r}"


# The schema mirrors the YAML layout; a leaf is a checker returning an error message or None.
_SCHEMA = {
    "description": _text,
    "page": {
        "margins_mm": {k: _num(5, 100) for k in ("top", "bottom", "left", "right")},
        "footer_gap_mm": _num(0, 50),
    },
    "grid": {"line_pitch_pt": _num(8, 100), "chars_per_line": _chars, "keep_together": _bool},
    "fonts": {k: _font for k in Fonts.__slots__},
    "sizes": {"title": _num(5, 72), "body": _num(5, 72), "page_number": _num(5, 72), "table": _num(5, 72),
              "issuer": _num(5, 120)},
    "lead": _lead,
}


def _check(data, schema: dict, file: str, prefix: str = "") -> None:
    """Raise with every unknown key and bad value, naming file, line and key; "did you mean" for near misses."""
    problems: list[Problem] = []
    _collect(data, schema, file, prefix, problems)
    if problems:
        raise GaoziError(problems)


def _collect(data, schema: dict, file: str, prefix: str, problems: list) -> None:
    if not isinstance(data, dict):
        problems.append(Problem(file, getattr(data, "line", None), prefix.rstrip("."), "应为键值映射"))
        return
    for key, value in data.items():
        path = f"{prefix}{key}"
        line = data.line_of(key) if hasattr(data, "line_of") else None
        if key not in schema:
            hint = did_you_mean(str(key), schema) or f"；可用的键：{', '.join(schema)}"
            problems.append(Problem(file, line, path, f"未知的键{hint}", "unknown-key"))
            continue
        rule = schema[key]
        if isinstance(rule, dict):
            _collect(value, rule, file, path + ".", problems)
        elif (msg := rule(value)) is not None:
            problems.append(Problem(file, line, path, msg, "bad-value"))


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(base[k], v) if isinstance(v, dict) and isinstance(base.get(k), dict) else v
    return out


# Parsed profile files by (path, mtime, size): every write used to re-read and re-parse the YAML.
_CACHE: dict[tuple[str, int, int], dict] = {}


def _read(path: Path) -> dict:
    from generator.io import textio
    from generator.io import yamlload  # parsing machinery only when a profile is actually read

    name = str(path)
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None  # let read_text report the problem in Chinese
    if key is not None and key in _CACHE:
        return _CACHE[key]
    data = yamlload.load(textio.read_text(name), name)
    _check(data, _SCHEMA, name)
    if key is not None:
        _CACHE[key] = data
    return data


def names() -> list[str]:
    """The packaged profile names."""
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml"))


def load(name_or_path: str | None = None) -> Profile:
    """None → gbt9704; a packaged name → that profile; otherwise a YAML file merged over gbt9704."""
    base = _read(PROFILE_DIR / f"{DEFAULT}.yaml")
    if name_or_path is None or name_or_path == DEFAULT:
        return _build(DEFAULT, base)
    packaged = PROFILE_DIR / f"{name_or_path}.yaml"
    if "/" not in name_or_path and "\\" not in name_or_path and packaged.is_file():
        path, name = packaged, name_or_path
    else:
        path, name = Path(name_or_path), Path(name_or_path).stem
        if not path.is_file():
            hint = did_you_mean(name_or_path, names()) or f"；内置样式：{', '.join(names())}"
            raise GaoziError(Problem(name_or_path, None, "", f"找不到样式文件{hint}"))
    return _build(name, _merge(base, _read(path)))


def _build(name: str, d: dict) -> Profile:
    return Profile(
        name=name,
        description=d["description"],
        margins_mm=Margins(**d["page"]["margins_mm"]),
        footer_gap_mm=d["page"]["footer_gap_mm"],
        line_pitch_pt=d["grid"]["line_pitch_pt"],
        chars_per_line=d["grid"]["chars_per_line"],
        keep_together=d["grid"]["keep_together"],
        fonts=Fonts(**d["fonts"]),
        sizes=Sizes(**d["sizes"]),
        lead=d["lead"],
    )
