"""Outline model: validate loaded YAML into typed objects, reporting every problem at once."""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from typing import Any, Union

from generator.text import numbering
from generator.errors import GaoziError, Problem, did_you_mean
from generator.io.textio import strip_control
from generator.io.yamlload import LList, LMap
from generator.model import fields
from generator.model.fields import is_plain as _plain, parse_date, plainify, type_cn  # noqa: F401 (re-exported)


@dataclass(slots=True)
class Text:
    """A user text: Jinja source that may use vars, `n` and facts; knows where it came from."""

    src: str
    line: int
    path: str


@dataclass(slots=True)
class FragmentRef:
    id: str
    slots: dict[str, Text]
    line: int
    path: str
    variant: int | None = None  # pinned by the writer (1-based): `fragment: id#2` or `variant: 2`


@dataclass(slots=True)
class Item:
    """A run-in point or an inline-list item."""

    lead: Text | None
    text: Text | None
    fragment: FragmentRef | None
    children: "ListBlock | None"  # nested points (paragraphs that follow) or nested inline list
    number: int | None
    line: int
    path: str
    paras: list[Text] = field(default_factory=list)  # plain paragraphs continuing a point, after it


@dataclass(slots=True)
class ListBlock:
    kind: str  # "points" or "inline"
    style: str | None  # canonical numbering family; None = the kind's default
    intro: Text | None
    items: list[Item]
    after: Text | None
    line: int
    path: str
    joined: bool = False  # points: the first item continues the intro's paragraph (…。首先，…)


@dataclass(slots=True)
class Para:
    text: Text
    lead: Text | None
    line: int
    path: str


BodyItem = Union[Para, ListBlock, FragmentRef]


@dataclass(slots=True)
class Section:
    heading: Text
    runin: bool
    body: list[BodyItem]
    sections: "SectionList | None"
    number: int | None
    line: int
    path: str


@dataclass(slots=True)
class SectionList:
    style: str | None
    items: list[Section]
    line: int
    path: str


@dataclass(slots=True)
class Outline:
    file: str
    kind: str
    texts: dict[str, Text]  # title, subtitle, speaker, salutation, addressee, signature, source, outline_text
    date: _dt.date | None
    sign_date: _dt.date | None
    vars: dict[str, Any]
    fields: dict[str, Any]  # the kind's own fields, validated against kind.yaml
    opening: list[BodyItem]
    sections: SectionList | None
    closing: list[BodyItem]
    facts_path: str | None
    profile: str | None
    target_minutes: float | None
    with_outline: bool
    check_ignore: list[str]
    raw: dict = field(default_factory=dict)


# Keys every outline may use; a kind adds its own in templates/<kind>/kind.yaml.
TEXT_KEYS = ("title", "subtitle", "speaker", "salutation", "addressee", "signature", "source", "outline_text")
CORE_KEYS = (
    "kind", *TEXT_KEYS, "date", "sign_date", "vars", "facts", "profile", "target_minutes",
    "with_outline", "opening", "sections", "closing", "check",
)
_SECTION_KEYS = ("heading", "runin", "body", "sections", "number")
_LIST_KEYS = ("style", "intro", "items", "after", "joined")
_ITEM_KEYS = ("lead", "text", "points", "inline", "fragment", "slots", "number", "paras", "variant")
_PARA_KEYS = ("text", "lead")
_FRAG_KEYS = ("fragment", "slots", "variant")
_VAR_NAME = re.compile(r"^(?!\d)\w+$")  # letters, digits, _ and 汉字; a plain \w class compiles fast
RESERVED_NAMES = ("n", "count", "facts", "doc", "kind", "loop", "range", "self")


class _V:
    """Collects problems while walking the YAML."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def err(self, line: int | None, path: str, msg: str) -> None:
        self.problems.append(Problem(self.file, line, path, msg))

    def keys(self, node: LMap, allowed, path: str) -> None:
        for k in node:
            if not isinstance(k, str) or k not in allowed:
                hint = did_you_mean(str(k), allowed)
                sub = f"{path}.{k}" if path else str(k)
                self.err(node.line_of(k), sub, f"未知的字段“{k}”{hint}")

    def text(self, value, line: int, path: str, *, required: bool = False) -> Text | None:
        if value is None:
            if required:
                self.err(line, path, "不能为空")
            return None
        if isinstance(value, bool) or isinstance(value, (dict, list)):
            self.err(line, path, f"应当是文字，而不是{type_cn(value)}")
            return None
        if isinstance(value, (_dt.date, _dt.datetime)):
            value = f"{value.year}年{value.month}月{value.day}日"
        # Line breaks inside a YAML scalar are wrapping, not paragraph breaks: Chinese joins without spaces.
        src = strip_control(str(value))  # "\ud800" or "\x01" written as YAML escapes
        if "\n" in src:
            src = "".join(part.strip() for part in src.split("\n"))
        src = src.strip()
        if required and not src:
            self.err(line, path, "不能为空")
            return None
        return Text(src, line, path)


def _line(node, key=None, default: int = 0) -> int:
    if key is not None and isinstance(node, (LMap, LList)):
        return node.line_of(key)
    return getattr(node, "line", default) or default


def _style(value, v: _V, line: int, path: str, allowed=None) -> str | None:
    if value is None:
        return None
    try:
        fam = numbering.canonical_family(str(value))
    except numbering.NumberingError as exc:
        v.err(line, path, str(exc))
        return None
    if allowed and fam not in allowed:
        v.err(line, path, f"标题只能用 {' '.join(allowed)} 编号，而不是“{value}”")
        return None
    return fam


def _number(node: LMap, v: _V, path: str) -> int | None:
    if "number" not in node:
        return None
    val = node["number"]
    if isinstance(val, bool) or not isinstance(val, int) or val < 1:
        v.err(node.line_of("number"), f"{path}.number", "编号应当是正整数")
        return None
    if val > numbering.MAX_INDEX:
        v.err(node.line_of("number"), f"{path}.number", f"编号最多到 {numbering.MAX_INDEX}，这里是 {_short(val)}")
        return None
    return val


def _short(n: int) -> str:
    s = str(n)
    return s if len(s) <= 12 else f"{s[:6]}……（{len(s)} 位）"


def _running_numbers(node, v: _V, path: str) -> None:
    """An item numbered near the limit pushes the ones after it past 999: say which."""
    current = 0
    for i, it in enumerate(node):
        n = it.get("number") if isinstance(it, LMap) else None
        ok = isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= numbering.MAX_INDEX
        current = n if ok else current + 1
        if current > numbering.MAX_INDEX:
            line = it.line if isinstance(it, LMap) else (node.line_of(i) if isinstance(node, LList) else 0)
            v.err(line, f"{path}[{i}]", f"序号最多到 {numbering.MAX_INDEX}，这一项排到了 {current}")
            return


def _fragment(node: LMap, v: _V, path: str) -> FragmentRef | None:
    fid = node.get("fragment")
    line = node.line_of("fragment")
    if not isinstance(fid, str) or not fid.strip():
        v.err(line, f"{path}.fragment", "应当是片段编号（gaozi fragments list 可查）")
        return None
    slots: dict[str, Text] = {}
    raw = node.get("slots")
    if raw is not None:
        if not isinstance(raw, LMap):
            v.err(node.line_of("slots"), f"{path}.slots", "应当是“槽位名: 文字”的映射")
        else:
            for k, val in raw.items():
                t = v.text(val, raw.line_of(k), f"{path}.slots.{k}", required=True)
                if t is not None:
                    slots[str(k)] = t
    fid, _hash, num = fid.strip().partition("#")
    variant = None
    if _hash:
        if not num.strip().isdigit() or int(num) < 1:
            v.err(line, f"{path}.fragment", f"“#{num}”应当是变体序号（从 1 数起），如 {fid}#2")
        else:
            variant = int(num)
    if "variant" in node:
        val = node.get("variant")
        if isinstance(val, bool) or not isinstance(val, int) or val < 1:
            v.err(node.line_of("variant"), f"{path}.variant", "变体序号应当是正整数（从 1 数起）")
        elif variant is not None and variant != val:
            v.err(node.line_of("variant"), f"{path}.variant", f"和 fragment 里的 #{variant} 不一致")
        else:
            variant = val
    return FragmentRef(fid.strip(), slots, line, path, variant)


def _items(node, v: _V, path: str, list_kind: str) -> list[Item]:
    out: list[Item] = []
    if not isinstance(node, list):
        v.err(_line(node), path, f"应当是列表，而不是{type_cn(node)}")
        return out
    if not node:
        v.err(_line(node), path, "列表不能为空")
    if len(node) > numbering.MAX_INDEX:
        v.err(_line(node), path, f"一个列表最多 {numbering.MAX_INDEX} 项，这里有 {len(node)} 项")
        return out
    for i, it in enumerate(node):
        p = f"{path}[{i}]"
        line = node.line_of(i) if isinstance(node, LList) else 0
        if isinstance(it, LMap):
            line = it.line
            v.keys(it, _ITEM_KEYS, p)
            frag = _fragment(it, v, p) if "fragment" in it else None
            lead = v.text(it.get("lead"), it.line_of("lead"), f"{p}.lead")
            text = v.text(it.get("text"), it.line_of("text"), f"{p}.text")
            if frag is None and lead is None and text is None:
                v.err(line, p, "要点至少要有 lead 或 text（或 fragment）")
            children = None
            if "points" in it and "inline" in it:
                v.err(line, p, "points 和 inline 只能选一个")
            if "points" in it:
                children = _list(it["points"], v, f"{p}.points", "points", it.line_of("points"))
            elif "inline" in it:
                children = _list(it["inline"], v, f"{p}.inline", "inline", it.line_of("inline"))
            paras: list[Text] = []
            if "paras" in it:
                node_p = it["paras"]
                if not isinstance(node_p, list) or list_kind != "points":
                    v.err(it.line_of("paras"), f"{p}.paras", "paras 只用于 points 的要点，应当是段落文字的列表")
                else:
                    for j, t in enumerate(node_p):
                        tl = node_p.line_of(j) if isinstance(node_p, LList) else line
                        pt = v.text(t, tl, f"{p}.paras[{j}]", required=True)
                        if pt is not None:
                            paras.append(pt)
            out.append(Item(lead, text, frag, children, _number(it, v, p), line, p, paras))
        else:
            text = v.text(it, line, p, required=True)
            if text is not None:
                out.append(Item(None, text, None, None, None, line, p))
    _running_numbers(node, v, path)
    return out


def _list(node, v: _V, path: str, list_kind: str, line: int) -> ListBlock | None:
    if isinstance(node, LMap):
        v.keys(node, _LIST_KEYS, path)
        if "items" not in node:
            v.err(node.line, path, "缺少 items（要点列表）")
            return None
        style = _style(node.get("style"), v, node.line_of("style"), f"{path}.style")
        intro = v.text(node.get("intro"), node.line_of("intro"), f"{path}.intro")
        after = v.text(node.get("after"), node.line_of("after"), f"{path}.after")
        items = _items(node["items"], v, f"{path}.items", list_kind)
        joined = node.get("joined", False)
        if not isinstance(joined, bool) or (joined and (list_kind != "points" or intro is None)):
            v.err(node.line_of("joined"), f"{path}.joined", "joined 只能是 true 或 false，且只用于有 intro 的 points")
            joined = False
        return ListBlock(list_kind, style, intro, items, after, node.line, path, joined)
    if isinstance(node, list):
        return ListBlock(list_kind, None, None, _items(node, v, path, list_kind), None, _line(node, default=line), path)
    v.err(line, path, f"应当是列表或 {{style, items}} 映射，而不是{type_cn(node)}")
    return None


def _body(node, v: _V, path: str, line: int) -> list[BodyItem]:
    out: list[BodyItem] = []
    if node is None:
        return out
    if isinstance(node, str):
        node = LList([node])
        node.line = line
        node.item_lines = [line]
    if not isinstance(node, list):
        v.err(line, path, f"应当是段落列表，而不是{type_cn(node)}")
        return out
    for i, it in enumerate(node):
        p = f"{path}[{i}]"
        iline = node.line_of(i) if isinstance(node, LList) else line
        if isinstance(it, LMap):
            iline = it.line
            if "points" in it or "inline" in it:
                key = "points" if "points" in it else "inline"
                v.keys(it, (key,), p)
                lb = _list(it[key], v, f"{p}.{key}", key, it.line_of(key))
                if lb is not None:
                    out.append(lb)
            elif "fragment" in it:
                v.keys(it, _FRAG_KEYS, p)
                fr = _fragment(it, v, p)
                if fr is not None:
                    out.append(fr)
            elif "text" in it:
                v.keys(it, _PARA_KEYS, p)
                text = v.text(it.get("text"), it.line_of("text"), f"{p}.text", required=True)
                lead = v.text(it.get("lead"), it.line_of("lead"), f"{p}.lead")
                if text is not None:
                    out.append(Para(text, lead, iline, p))
            else:
                keys = ", ".join(str(k) for k in it)
                hint = did_you_mean(str(next(iter(it), "")), ("text", "points", "inline", "fragment"))
                v.err(iline, p, f"无法识别的段落（{keys}）：应为文字、text、points、inline 或 fragment{hint}")
        else:
            t = v.text(it, iline, p, required=True)
            if t is not None:
                out.append(Para(t, None, iline, p))
    return out


def _sections(node, v: _V, path: str, line: int, depth: int) -> SectionList | None:
    if node is None:
        return None
    style = None
    sline = line
    if isinstance(node, LMap):
        v.keys(node, ("style", "items"), path)
        style = _style(node.get("style"), v, node.line_of("style"), f"{path}.style", numbering.HEADING_FAMILIES)
        sline = node.line
        if "items" not in node:
            v.err(node.line, path, "缺少 items（各部分列表）")
            return None
        path = f"{path}.items"
        node = node["items"]
    if not isinstance(node, list):
        v.err(sline, path, f"应当是列表，而不是{type_cn(node)}")
        return None
    if depth > 4:
        v.err(sline, path, "标题最多四级（一、（一）1.（1））")
        return None
    if len(node) > numbering.MAX_INDEX:
        v.err(sline, path, f"同一级标题最多 {numbering.MAX_INDEX} 个，这里有 {len(node)} 个")
        return None
    items: list[Section] = []
    for i, it in enumerate(node):
        p = f"{path}[{i}]"
        if not isinstance(it, LMap):
            iline = node.line_of(i) if isinstance(node, LList) else sline
            # A bare string is a section with a heading and no body: handy while sketching.
            t = v.text(it, iline, f"{p}", required=True)
            if t is not None:
                items.append(Section(t, False, [], None, None, iline, p))
            continue
        v.keys(it, _SECTION_KEYS, p)
        heading = v.text(it.get("heading"), it.line_of("heading"), f"{p}.heading", required=True)
        if "heading" not in it:
            v.err(it.line, p, "缺少 heading（标题）")
        runin = it.get("runin", False)
        if not isinstance(runin, bool):
            v.err(it.line_of("runin"), f"{p}.runin", "应当是 true 或 false")
            runin = False
        body = _body(it.get("body"), v, f"{p}.body", it.line_of("body"))
        if runin and not (body and isinstance(body[0], Para)):
            v.err(it.line_of("runin"), f"{p}.runin", "runin 需要正文第一项是普通段落")
            runin = False
        subs = _sections(it.get("sections"), v, f"{p}.sections", it.line_of("sections"), depth + 1)
        if heading is not None:
            items.append(Section(heading, runin, body, subs, _number(it, v, p), it.line, p))
    _running_numbers(node, v, path)
    return SectionList(style, items, sline, path)


def validate(data, file: str, kind_fields: dict | None = None) -> Outline:
    """Turn loaded YAML into an Outline, or raise GaoziError with every problem found."""
    v = _V(file)
    if not isinstance(data, LMap):
        what = type_cn(data) if data is not None else "空内容"
        raise GaoziError(Problem(file, _line(data, default=1), "", f"提纲应当是“字段: 值”的映射，而不是{what}"))
    kind_fields = kind_fields or {}
    kind = data.get("kind")
    if not isinstance(kind, str) or not kind.strip():
        v.err(data.line_of("kind") if "kind" in data else 1, "kind", "缺少文稿类型 kind（gaozi kinds 可查）")
        kind = ""
    allowed = tuple(CORE_KEYS) + tuple(kind_fields)
    v.keys(data, allowed, "")
    texts = {k: v.text(data.get(k), data.line_of(k), k) for k in TEXT_KEYS if k in data}
    texts = {k: t for k, t in texts.items() if t is not None}
    date = parse_date(data.get("date"), v, data.line_of("date"), "date")
    sign_date = parse_date(data.get("sign_date"), v, data.line_of("sign_date"), "sign_date")
    vars_ = _vars(data.get("vars"), v, data.line_of("vars"))
    fields = _kind_fields(data, kind_fields, v)
    opening = _body(data.get("opening"), v, "opening", data.line_of("opening"))
    sections = _sections(data.get("sections"), v, "sections", data.line_of("sections"), 1)
    closing = _body(data.get("closing"), v, "closing", data.line_of("closing"))
    facts = data.get("facts")
    if facts is not None and not isinstance(facts, (str, LMap)):
        v.err(data.line_of("facts"), "facts", "应当是事实文件的路径，或直接写出的“字段: 值”映射")
        facts = None
    elif isinstance(facts, LMap) and not _plain(facts):
        v.err(data.line_of("facts"), "facts", "事实只能由文字、数字、日期及其列表/映射组成")
        facts = None
    profile = data.get("profile")
    if profile is not None and not isinstance(profile, str):
        v.err(data.line_of("profile"), "profile", "应当是样式名（gbt9704、podium）或样式文件路径")
        profile = None
    target = data.get("target_minutes")
    if target is not None and (isinstance(target, bool) or not isinstance(target, (int, float))
                               or not math.isfinite(target) or target <= 0):
        v.err(data.line_of("target_minutes"), "target_minutes", "应当是正数（分钟）")
        target = None
    with_outline = data.get("with_outline", False)
    if not isinstance(with_outline, bool):
        v.err(data.line_of("with_outline"), "with_outline", "应当是 true 或 false")
        with_outline = False
    ignore = _check_opts(data.get("check"), v, data.line_of("check"))
    if v.problems:
        raise GaoziError(v.problems)
    return Outline(file, kind, texts, date, sign_date, vars_, fields, opening, sections, closing,
                   facts, profile, float(target) if target else None, with_outline, ignore, data)


def _check_opts(node, v: _V, line: int) -> list[str]:
    if node is None:
        return []
    if not isinstance(node, LMap):
        v.err(line, "check", "应当是 {ignore: [规则, …]}")
        return []
    v.keys(node, ("ignore",), "check")
    ign = node.get("ignore", [])
    if isinstance(ign, str):
        ign = [ign]
    if not isinstance(ign, list) or not all(isinstance(x, str) for x in ign):
        v.err(node.line_of("ignore"), "check.ignore", "应当是规则名列表")
        return []
    return list(ign)


def _vars(node, v: _V, line: int) -> dict[str, Any]:
    if node is None:
        return {}
    if not isinstance(node, LMap):
        v.err(line, "vars", "应当是“变量名: 值”的映射")
        return {}
    out = {}
    for k, val in node.items():
        p = f"vars.{k}"
        kl = node.line_of(k)
        if not isinstance(k, str) or not _VAR_NAME.match(k):
            v.err(kl, p, "变量名只能由字母、数字、下划线或汉字组成，且不能以数字开头")
            continue
        if k in RESERVED_NAMES or k in CORE_KEYS:
            v.err(kl, p, f"“{k}”是保留名，请换一个变量名")
            continue
        if isinstance(val, (dict, list)) and not _plain(val):
            v.err(kl, p, "变量值应当是文字、数字、日期，或由它们组成的列表/映射")
            continue
        out[k] = plainify(val)
    return out


def _kind_fields(data: LMap, spec: dict, v: _V) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, fs in spec.items():
        line = data.line_of(name)
        if name not in data or data[name] is None:
            if fs.get("required") and "default" not in fs:
                v.err(data.line if name not in data else line, name, f"缺少必填字段 {name}（{fs.get('description', '')}）")
            out[name] = fs.get("default")
            continue
        out[name] = fields.validate_value(data[name], fs, v, line, name)
    return out
