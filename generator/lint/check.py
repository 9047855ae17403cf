"""`gaozi check`: finds the slips that reach a leader's desk in an outline, a .txt, a .docx or stdin."""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.text import typography
from generator.io.textio import read_bytes
from generator.errors import GaoziError, Problem, did_you_mean
from generator.lint import consistency
from generator.lint.rules import LEVELS, RULES
from generator.lint.rules import dates
from generator.lint.rules import hanzi
from generator.lint.rules import layout
from generator.lint.rules import placeholder
from generator.lint.rules import punct
from generator.lint.rules import repeat
from generator.lint.rules import structure
from generator.lint.rules.base import Hit, Para

__all__ = ["Finding", "RULES", "LEVELS", "check_paragraphs", "check_path", "check_text", "resolve_rules",
           "fix_text", "fix_yaml", "fix_path", "load_config", "format_findings", "run", "CONFIG_NAME"]

CONFIG_NAME = ".gaozi-check.yaml"
DEFAULT_RATE = 220  # characters a minute, the middle of the 200–250 a speaker manages
LENGTH_TOLERANCE = 0.15
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
# rule selection

def _split(names) -> list[str]:
    if names is None:
        return []
    if isinstance(names, str):
        names = [names]
    out = []
    for n in names:
        out += [x.strip() for x in str(n).split(",") if x.strip()]
    return out


def _validate(names, file: str = "", line: int | None = None, where: str = "") -> list[str]:
    names = _split(names)
    bad = [n for n in names if n not in RULES]
    if bad:
        raise GaoziError([Problem(file, line, where, f"未知的检查规则“{n}”{did_you_mean(n, RULES)}"
                                                       f"（可用：{'、'.join(RULES)}）") for n in bad])
    return names


def resolve_rules(rules=None, ignore=()) -> set[str]:
    """The rule ids to run: `rules` (all when empty) minus `ignore`; both accept "a,b" and lists."""
    chosen = _validate(rules) or list(RULES)
    return set(chosen) - set(_validate(ignore))


def _line_ignores(lines: dict[int, str]) -> dict[int, set[str]]:
    """Rules silenced on single lines by a `gaozi: ignore=rule[,rule]` marker ("*" = every rule)."""
    out: dict[int, set[str]] = {}
    for no, text in lines.items():
        if "gaozi" not in text:
            continue
        m = _IGNORE.search(text)
        if m:
            names = _split(m.group(1).replace("，", ",")) if m.group(1) else ["*"]
            out[no] = {n for n in names if n in RULES or n == "*"}
    return out


# ---------------------------------------------------------------------------------------------
# the engine

def _paras(paras) -> list[Para]:
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
    flags = layout.junk_flags([p.text for p in out])
    summary = False  # inside a 【提纲】 block whose items stand on lines of their own
    for p, junk in zip(out, flags):
        if p.role is not None:
            continue
        head = p.text.strip(" \u3000")
        if junk:
            p.role = "junk"
        elif head.startswith("【提纲】"):
            p.role = "outline-summary"
            summary = head == "【提纲】"
        elif summary and structure.detect(head) is not None:
            p.role = "outline-summary"
        else:
            summary = False
    return out


def _length_hit(chars: int, target: float, rate: int, line: int) -> Hit | None:
    minutes = chars / rate if rate else 0.0
    if not target or abs(minutes - target) <= LENGTH_TOLERANCE * target:
        return None
    off = (minutes - target) / target
    word = "长" if off > 0 else "短"
    want_lo, want_hi = round(target * (1 - LENGTH_TOLERANCE) * rate), round(target * (1 + LENGTH_TOLERANCE) * rate)
    return Hit("length", f"全文{chars}字，按每分钟{rate}字约讲{minutes:.1f}分钟，比目标{target:g}分钟"
                         f"{word}{abs(off):.0%}（应在{want_lo}至{want_hi}字之间）", f"{chars}字", None, 0,
               line=line, column=1)


def _spoken_chars(paras: list[Para]) -> int:
    return sum(len("".join(p.text.split())) for p in paras
               if p.role not in ("junk", "title", "speaker", "date-line", "source", "signature", "sign-date"))


def _run(ps: list[Para], *, file: str, selected: set[str], levels: dict[str, str] | None = None,
         line_ignores: dict[int, set[str]] | None = None, extra: list[Hit] = (),
         target_minutes: float | None = None, rate: int = DEFAULT_RATE, length_line: int = 1,
         spoken_chars: int | None = None) -> list[Finding]:
    hits: list[Hit] = list(extra)
    if "placeholder" in selected:
        hits += placeholder.check(ps)
    if selected & {"enum-sequence", "heading-order", "count-mismatch"}:
        hits += structure.check(ps, selected)
    if selected & {"punct-width", "punct-pair"}:
        hits += punct.check(ps, selected)
    if "traditional-char" in selected:
        hits += hanzi.check(ps)
    if "repeat" in selected:
        hits += repeat.check(ps)
    if "date-format" in selected:
        hits += dates.check(ps)
    if "junk" in selected:
        hits += layout.junk_hits(ps)
    if "broken-line" in selected:
        hits += layout.broken_hits(ps)
    if "length" in selected and target_minutes:
        chars = spoken_chars if spoken_chars is not None else _spoken_chars(ps)
        h = _length_hit(chars, float(target_minutes), rate or DEFAULT_RATE, length_line)
        if h:
            hits.append(h)
    levels = levels or {}
    line_ignores = line_ignores or {}
    out: list[Finding] = []
    seen = set()
    for h in hits:
        if h.rule not in selected:
            continue
        if h.line is not None:
            line, col = h.line, h.column or 1
        else:
            line, col = ps[h.para].locate(h.start, h.text)
        silenced = line_ignores.get(line)
        if silenced and ("*" in silenced or h.rule in silenced):
            continue
        level = levels.get(h.rule) or h.level or RULES[h.rule][0]
        if level == "off":
            continue
        key = (line, col, h.rule, h.message)
        if key in seen:
            continue
        seen.add(key)
        out.append(Finding(file, line, col, h.rule, level, h.message, h.text))
    out.sort(key=lambda f: (f.line, f.column, f.rule))
    return out


def check_paragraphs(paras, *, file: str, rules=None, ignore=(), target_minutes=None,
                     rate: int = DEFAULT_RATE, levels: dict[str, str] | None = None) -> list[Finding]:
    """Check paragraphs given as (line, text); a "\\n" inside a text means the paragraph continues on
    the next line (a hard-wrapped sentence). `rules`/`ignore` select rule ids; `levels` overrides levels."""
    selected = resolve_rules(rules, ignore)
    ps = _paras(paras)
    lines = {seg[1]: seg[2] for p in ps for seg in p.segs}
    return _run(ps, file=file, selected=selected, levels=levels, line_ignores=_line_ignores(lines),
                target_minutes=target_minutes, rate=rate, length_line=ps[0].line if ps else 1)


def check_text(text: str, *, file: str = "<text>", **opts) -> list[Finding]:
    """Check a plain-text draft (one paragraph a line; hard-wrapped sentences are joined)."""
    return check_paragraphs(layout.text_paragraphs(text), file=file, **opts)


# ---------------------------------------------------------------------------------------------
# configuration

def _config_files(path: str | None) -> list[Path]:
    found = []
    cwd = Path.cwd() / CONFIG_NAME
    if cwd.is_file():
        found.append(cwd)
    if path and path != "-":
        beside = Path(path).resolve().parent / CONFIG_NAME
        if beside.is_file() and not any(beside.resolve() == f.resolve() for f in found):
            found.append(beside)  # later wins: the folder of the draft knows it best
    return found


def load_config(path: str | None = None) -> tuple[list[str], dict[str, str]]:
    """(ignored rules, {rule: level}) from .gaozi-check.yaml in the current folder and beside `path`."""
    from generator.io.textio import read_text
    from generator.io.yamlload import LMap, load

    ignore: list[str] = []
    levels: dict[str, str] = {}
    for f in _config_files(path):
        name = str(f)
        data = load(read_text(name), name)
        if data is None:
            continue
        if not isinstance(data, dict):
            raise GaoziError(Problem(name, 1, "", "检查配置应当是映射：ignore: [规则]，rules: {规则: 级别}"))
        line_of = data.line_of if isinstance(data, LMap) else (lambda k: None)
        for key in data:
            if key not in ("ignore", "rules"):
                raise GaoziError(Problem(name, line_of(key), str(key), f"未知的配置项{did_you_mean(str(key), ['ignore', 'rules'])}"
                                                                     "（可用：ignore、rules）"))
        ign = data.get("ignore") or []
        if not isinstance(ign, (list, str)):
            raise GaoziError(Problem(name, line_of("ignore"), "ignore", "应当是规则名列表"))
        ignore += _validate(ign, name, line_of("ignore"), "ignore")
        rl = data.get("rules") or {}
        if not isinstance(rl, dict):
            raise GaoziError(Problem(name, line_of("rules"), "rules", "应当是“规则: 级别”的映射"))
        for rule, level in rl.items():
            _validate([str(rule)], name, line_of("rules"), f"rules.{rule}")
            level = "off" if level is False else str(level)
            if level not in (*LEVELS, "off"):
                raise GaoziError(Problem(name, line_of("rules"), f"rules.{rule}",
                                         f"级别“{level}”无效（可用：error、warning、info、off）"))
            levels[str(rule)] = level
    return ignore, levels


# ---------------------------------------------------------------------------------------------
# inputs

def _kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if path != "-" and suffix in (".yaml", ".yml"):
        return "outline"
    if path != "-" and suffix == ".docx":
        return "docx"
    return "text"


# the outline key a block without a source line was rendered from
_ROLE_KEYS = {"title": "title", "speaker": "speaker", "date-line": "date", "salutation": "salutation",
              "addressee": "addressee", "signature": "signature", "sign-date": "sign_date", "source": "source",
              "outline-summary": "outline_text"}
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")


def _yaml_scalars(text: str):
    """(start, end, style) of every string scalar's text in the YAML source (quotes and block headers excluded)."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    out = []
    stack = [root] if root is not None else []
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            stack.extend(v for _k, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
        elif isinstance(n, yaml.ScalarNode) and n.tag == "tag:yaml.org,2002:str":
            s, e = n.start_mark.index, n.end_mark.index
            if n.style in ('"', "'"):
                s, e = s + 1, e - 1
            elif n.style in ("|", ">"):
                nl = text.find("\n", s)
                s = nl + 1 if nl >= 0 else e
            if s < e:
                out.append((s, e, n.style))
    out.sort()
    return out


def _yaml_changes(text: str) -> list[tuple[int, typography.Change]]:
    """Typography changes inside the string scalars of a YAML text, as (absolute offset, change).

    Only changes that cannot alter the YAML: nothing inside {{ }} / {% %} (Jinja), nothing touching a
    quote or backslash of a quoted scalar."""
    out = []
    for s, e, style in _yaml_scalars(text):
        pos = s
        for piece in text[s:e].split("\n"):
            jinja = [m.span() for m in _JINJA.finditer(piece)]
            for c in typography.changes(piece):
                if any(a < c.end and c.start < b for a, b in jinja):
                    continue
                if style in ('"', "'") and any(ch in c.old or ch in c.new for ch in "\"'\\"):
                    continue
                out.append((pos + c.start, c))
            pos += len(piece) + 1
    return out


def _offset_to_linecol(text: str):
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    from bisect import bisect_right

    def conv(off: int) -> tuple[int, int]:
        i = bisect_right(starts, off) - 1
        return i + 1, off - starts[i] + 1
    return conv


_KIND_NAMES = {"punct-width": "半角标点", "quote": "引号", "ellipsis": "省略号", "dash": "破折号", "space": "空格"}


def _check_outline(text: str, name: str, selected: set[str], levels, target_minutes, rate,
                   explicit: set[str]) -> list[Finding]:
    from generator import pipeline
    from generator.io.yamlload import LMap, load

    raw = load(text, name)
    doc = pipeline.build(text, name=name)
    src_lines = text.split("\n")
    key_line = raw.line_of if isinstance(raw, LMap) else (lambda k: 1)
    # the outline's own `check: {ignore: […]}`: rules named on the command line still run
    check_opts = raw.get("check") if isinstance(raw, dict) else None
    if isinstance(check_opts, dict):
        ign = _validate(check_opts.get("ignore") or [], name, key_line("check"), "check.ignore")
        selected = selected - (set(ign) - explicit)
    paras = []
    last = 1
    for b in doc.paragraphs():
        line = b.source
        if line is None:
            key = _ROLE_KEYS.get(b.role)
            line = key_line(key) if key and isinstance(raw, dict) and key in raw else last
        last = line
        source = src_lines[line - 1] if 0 < line <= len(src_lines) else ""
        paras.append((line, b.text, b.role, source))
    ps = _paras(paras)
    extra: list[Hit] = []
    if "punct-width" in selected:
        conv = _offset_to_linecol(text)
        for off, c in _yaml_changes(text):
            line, col = conv(off)
            msg = punct._KIND_MSG.get(c.kind, "标点不规范").format(old=c.old, new=c.new) + "（渲染时会自动改正，--fix 可改正提纲）"
            extra.append(Hit("punct-width", msg, c.old, None, 0, line=line, column=col, level="info"))
    target = target_minutes or (raw.get("target_minutes") if isinstance(raw, dict) else None)
    spoken = None
    if target:
        spoken, _ = pipeline.length(doc, rate or DEFAULT_RATE)
    line_map = {i + 1: s for i, s in enumerate(src_lines) if "#" in s}
    return _run(ps, file=name, selected=selected, levels=levels, line_ignores=_line_ignores(line_map),
                extra=extra, target_minutes=target, rate=rate,
                length_line=key_line("target_minutes") if isinstance(raw, dict) and "target_minutes" in raw else 1,
                spoken_chars=spoken)


def check_path(path: str, *, rules=None, ignore=(), target_minutes=None, rate: int = DEFAULT_RATE,
               config: bool = True, levels: dict[str, str] | None = None) -> list[Finding]:
    """Check one input: an outline (.yaml/.yml), a .docx, a text file in any encoding, or '-' (stdin)."""
    from generator.io.textio import read_text

    explicit = set(_validate(rules))
    selected = resolve_rules(rules, ignore)
    lv = {}
    if config:
        cfg_ignore, cfg_levels = load_config(path)
        selected -= set(cfg_ignore) - explicit
        lv.update(cfg_levels)
    lv.update(levels or {})
    kind = _kind(path)
    name = "<stdin>" if path == "-" else path
    if kind == "docx":
        from generator.io.read_docx import read_docx

        paras = [(i, t.replace("\n", "")) for i, (_style, t) in enumerate(read_docx(read_bytes(path), path), 1)
                 if t.strip()]
        ps = _paras(paras)
        return _run(ps, file=name, selected=selected, levels=lv, target_minutes=target_minutes, rate=rate,
                    line_ignores=_line_ignores({p.line: p.text for p in ps}))
    text = read_text(path)
    if kind == "outline" and consistency.is_facts_text(text, name):  # a facts file, not an outline
        return consistency.check_facts_text(text, name)
    if kind == "outline":
        return _check_outline(text, name, selected, lv, target_minutes, rate, explicit)
    ps = _paras(layout.text_paragraphs(text))
    lines = {i + 1: s for i, s in enumerate(text.split("\n"))}
    return _run(ps, file=name, selected=selected, levels=lv, line_ignores=_line_ignores(lines),
                target_minutes=target_minutes, rate=rate, length_line=1)


# ---------------------------------------------------------------------------------------------
# --fix

def fix_text(text: str) -> tuple[str, Counter]:
    """Apply exactly the punct-width changes `check` reports, line by line; never touches wording."""
    lines = text.split("\n")
    # the same paragraphs and web-junk decisions as check_text: fix what it reports, nothing else
    skip = {seg[1] for p in _paras(layout.text_paragraphs(text)) if p.role == "junk" for seg in p.segs}
    ign = _line_ignores({i + 1: s for i, s in enumerate(lines) if "gaozi" in s})
    counts: Counter = Counter()
    out = []
    for no, line in enumerate(lines, 1):
        silenced = ign.get(no, ())
        if no in skip or "*" in silenced or "punct-width" in silenced:
            out.append(line)
            continue
        cs = punct.line_changes(line)
        counts.update(c.kind for c in cs)
        out.append(typography.apply_changes(line, cs))
    return "\n".join(out), counts


def _shape(node):
    if isinstance(node, dict):
        return {k: _shape(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_shape(v) for v in node]
    return "<str>" if isinstance(node, str) else node


def fix_yaml(text: str, name: str = "<outline>") -> tuple[str, Counter]:
    """Apply typography changes inside the string scalars of an outline; comments and keys stay as they are."""
    import yaml

    found = _yaml_changes(text)
    counts: Counter = Counter(c.kind for _off, c in found)
    parts, pos = [], 0
    for off, c in found:
        parts.append(text[pos:off])
        parts.append(c.new)
        pos = off + (c.end - c.start)
    parts.append(text[pos:])
    new = "".join(parts)
    try:
        same = _shape(yaml.safe_load(new)) == _shape(yaml.safe_load(text))
    except yaml.YAMLError:
        same = False
    if not same:
        raise GaoziError(Problem(name, None, "", "自动修正会改变提纲的结构，已放弃修正，请手动修改标点"))
    return new, counts


def _encoding_of(data: bytes, text: str) -> str:
    """The encoding textio read the bytes with, so that a fixed GBK file stays GBK."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            if data.decode(enc).replace("\r\n", "\n").replace("\r", "\n") == text:
                return enc
        except UnicodeDecodeError:
            continue
    return "utf-8"


def _encode(text: str, enc: str, crlf: bool) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        return text.encode(enc)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def fix_path(path: str, *, output: str | None = None, in_place: bool = False, force: bool = False
             ) -> tuple[str, str, Counter]:
    """Fix one input; returns (where the result went: a path or "-", fixed text, counts per kind).

    Without output and in_place the fixed text is only returned (the CLI prints it)."""
    from generator.io.atomic import check_target, write_atomic
    from generator.io.textio import decode

    kind = _kind(path)
    if kind == "docx":
        raise GaoziError(Problem(path, None, "", "不能自动修正 .docx 文件（会破坏排版）：请在 Word 中修改，"
                                                 "或对提纲/文本文件使用 --fix"))
    if in_place and path == "-":
        raise GaoziError(Problem("<stdin>", None, "", "标准输入不能 --in-place 修正，请用 -o 指定输出文件"))
    if in_place and output:
        raise GaoziError(Problem(path, None, "", "--in-place 与 -o 不能同时使用"))
    import sys

    data = sys.stdin.buffer.read() if path == "-" else read_bytes(path)
    name = "<stdin>" if path == "-" else path
    text = decode(data, name)
    new, counts = fix_yaml(text, name) if kind == "outline" else fix_text(text)
    enc = _encoding_of(data, text)
    payload = _encode(new, enc, b"\r\n" in data)
    if in_place:
        if counts:
            backup = path + ".bak"
            shutil.copy2(path, backup)
            write_atomic(path, payload, force=True)
        return path, new, counts
    if output and output != "-":
        check_target(output, inputs=[path], force=force)
        write_atomic(output, payload, inputs=[path], force=force)
        return output, new, counts
    return "-", new, counts


def describe_counts(counts: Counter) -> str:
    if not counts:
        return "没有需要修正的标点或空格"
    parts = "，".join(f"{_KIND_NAMES.get(k, k)}{n}处" for k, n in sorted(counts.items()))
    return f"已修正{sum(counts.values())}处：{parts}"


# ---------------------------------------------------------------------------------------------
# the command (cli.py only maps click options onto this)

def format_findings(findings: list[Finding], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2)
    return "\n".join(str(f) for f in findings)


def run(inputs, *, fmt: str = "text", rules=(), ignore=(), target_minutes=None, rate: int = DEFAULT_RATE,
        fix: bool = False, output: str | None = None, in_place: bool = False, force: bool = False,
        out=None, err=None) -> int:
    """Check (or fix, then check) every input; print findings; return the exit code (0, 1 or 2)."""
    import sys

    out = out or sys.stdout
    err = err or sys.stderr
    inputs = list(inputs) or ["-"]
    resolve_rules(rules, ignore)  # unknown rule ids: exit 2 before reading anything
    if rate is not None and rate <= 0:
        raise GaoziError("--rate 应当是正数（每分钟字数）")
    if target_minutes is not None and target_minutes <= 0:
        raise GaoziError("--target-minutes 应当是正数（分钟）")
    if output and len(inputs) > 1:
        raise GaoziError("-o 只能用于一个输入文件；多个文件请用 --in-place")
    if output and not fix:
        raise GaoziError("-o 只能与 --fix 一起使用")
    if in_place and not fix:
        raise GaoziError("--in-place 只能与 --fix 一起使用")
    findings: list[Finding] = []
    failed = False
    bad: set[str] = set()  # inputs already reported as unreadable: the set check skips them
    report = out
    for path in inputs:
        if not fix and _is_data(path):  # a ledger (CSV, xlsx) is read by the set check below, not linted
            continue
        try:
            target = path
            if fix:
                where, new, counts = fix_path(path, output=output, in_place=in_place, force=force)
                err.write(f"{'<stdin>' if path == '-' else path}：{describe_counts(counts)}"
                          f"{'（原文件备份为 ' + path + '.bak）' if in_place and counts else ''}\n")
                if where == "-":
                    out.write(new if new.endswith("\n") else new + "\n")
                    report = err  # stdout carries the fixed text: findings go to stderr
                    findings += _check_fixed(new, path, rules, ignore, target_minutes, rate)
                    continue
                target = where
            findings += check_path(target, rules=rules, ignore=ignore, target_minutes=target_minutes, rate=rate)
        except GaoziError as exc:
            failed = True
            bad.add(path)
            for p in exc.problems:
                err.write(str(p) + "\n")
    if not fix:
        try:
            findings += set_findings([p for p in inputs if p not in bad], rules, ignore)
        except GaoziError as exc:
            failed = True
            for p in exc.problems:
                err.write(str(p) + "\n")
    if fmt == "json":
        report.write(format_findings(findings, "json") + "\n")
    elif findings:
        report.write(format_findings(findings) + "\n")
    if fmt != "json" and (findings or not failed):
        c = Counter(f.level for f in findings)
        names = {"error": "错误", "warning": "警告", "info": "提示"}
        summary = "，".join(f"{names[k]}{c[k]}个" for k in LEVELS if c[k]) or "未发现问题"
        err.write(f"检查完毕：{summary}\n")
    if failed:
        return 2
    return 1 if any(f.level == "error" for f in findings) else 0


def _is_data(path: str) -> bool:
    return path != "-" and Path(path).suffix.lower() in (".csv", ".xlsx")


def set_findings(inputs, rules=(), ignore=()) -> list[Finding]:
    """The `consistency` rule over the whole set of inputs (lint/consistency.py)."""
    if "consistency" not in resolve_rules(rules, ignore):
        return []
    out = [Finding(n.file, n.line, 1, "consistency", n.level, n.message, n.text)
           for n in consistency.check_set(inputs)]
    return sorted(out, key=lambda f: (f.file, f.line, f.message))


def _check_fixed(text: str, path: str, rules, ignore, target_minutes, rate) -> list[Finding]:
    """Findings of fixed text that only exists in memory (fixed stdin or a fix printed to stdout)."""
    name = "<stdin>" if path == "-" else path
    if _kind(path) == "outline":
        return []  # the outline was printed; check the written file to see its findings
    explicit = set(_validate(rules))
    cfg_ignore, levels = load_config(path)
    ignore = [*_split(ignore), *(set(cfg_ignore) - explicit)]
    return check_text(text, file=name, rules=rules, ignore=ignore, levels=levels,
                      target_minutes=target_minutes, rate=rate)
