"""Composition: outline → texts rendered with vars and derived counts → kind template → document tree."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from jinja2 import TemplateError
from jinja2.sandbox import SecurityError

from generator.render import blocks
from generator.text import zh
from generator.text import numbering
from generator.text import typography
from generator.errors import GaoziError, Problem
from generator.model import facts as facts_model
from generator.model.fragments import Library, Meeting, Picker, sentences
from generator.model.fields import TYPES as FIELD_TYPES
from generator.model.kinds import Kind, template_roots
from generator.model.kinds import default as kind_default
from generator.model.ledger import for_template as ledger_for_template
from generator.model.outline import (
    TEXT_KEYS, BodyItem, FragmentRef, Item, ListBlock, Outline, Para, SectionList, Text,
)
from generator.render import limits
from generator.render.templating import TemplateRefusal, explain, make_env, printable, render_checked
from generator.render.views import DocView, ItemView, ListView, ParaView, SectionsView, SectionView
from generator.render.templating import problem as template_error
from generator.model.tree import Document, Table

_SENTENCE_END = re.compile(r"[。！？]")
_HEADING_END = "。！？；：，、.!?;:"
# Default family for sub-levels: 一、 → （一） → 1. → （1）.
_NEXT_LEVEL = {"一、": "（一）", "（一）": "1.", "1.": "（1）", "（1）": "（1）"}


@dataclass
class Options:
    seed: int = 0
    sets: dict = field(default_factory=dict)  # --set key=value: vars (or kind fields) override
    template_dirs: tuple = ()
    fragment_dirs: tuple = ()
    with_outline: bool | None = None
    facts: dict | None = None  # already loaded facts (the facts file of the outline)
    files: dict | None = None  # name → bytes: data files the outline names come from here, not the disk
    meeting: Meeting | None = None  # the batch this document is one speech of (its wording is kept apart)
    row_key: str = ""  # what identifies the row in its batch: the ranking of its wordings depends on it only


class _Ctx:
    """Per-document state: environment, fragment picker, base context and collected problems."""

    def __init__(self, outline: Outline, kind: Kind, env, library: Library, opts: Options):
        self.o = outline
        self.kind = kind
        self.env = env
        # User texts and fragments render to plain text; the kind template escapes them once, when printed.
        self.text_env = text_env(env)
        self.library = library
        self.picker = Picker(library, opts.seed, opts.meeting, opts.row_key)
        self.problems: list[Problem] = []
        self.base: dict = {}
        self._frag_stack: list[str] = []

    # ---- texts -------------------------------------------------------------------------------
    def render(self, t: Text | None, n: int | None = None, extra: dict | None = None) -> str:
        if t is None:
            return ""
        src = t.src
        if "{" not in src:  # most texts have no template syntax: skip Jinja entirely
            self.picker.note(src)
            return src
        ctx = self.base if n is None and not extra else {**self.base, **(extra or {}), **_count_ctx(n)}
        try:
            out = compiled(self.text_env, src).render(ctx)
            self.picker.note(out)
            return out
        except GaoziError as exc:
            self.problems.extend(exc.problems)
        except (TemplateError, SecurityError, numbering.NumberingError, RecursionError, TypeError,
                ValueError, ArithmeticError, AttributeError, KeyError, IndexError) as exc:
            msg = explain(exc)
            if "'n'" in msg or "'count'" in msg:
                msg += "：n 只能用在引出列表的文字里（开场白引出各部分、intro 引出要点）"
            self.problems.append(template_error(exc, self.o.file, t.line, t.path, msg))
        return ""

    def fragment_text(self, ref_id: str, slots: dict, line: int, path: str, pin: int | None = None) -> str:
        try:
            frag = self.library.get(ref_id, file=self.o.file, line=line, path=path)
        except GaoziError as exc:
            self.problems.extend(exc.problems)
            return ""
        if ref_id in self._frag_stack:
            chain = " → ".join([*self._frag_stack, ref_id])
            self.problems.append(Problem(self.o.file, line, path, f"片段互相引用，形成循环：{chain}"))
            return ""
        values = {}
        for s in frag.slots:
            if s in slots:
                values[s] = slots[s]
            elif self.base.get(s) not in (None, "") and not callable(self.base[s]):
                values[s] = self.base[s]
            else:
                self.problems.append(Problem(self.o.file, line, path,
                                             f"片段“{frag.id}”需要槽位“{s}”，但没有提供（在 slots 或 vars 中给出）"))
                return ""
        if pin is not None and not 1 <= pin <= len(frag.variants):
            self.problems.append(Problem(self.o.file, line, path, f"片段“{frag.id}”只有 {len(frag.variants)} 个变体，"
                                                                  f"没有第 {pin} 个"))
            return ""
        variant = self.picker.variant(frag, pin)
        choice = self.picker.log[-1]
        self._frag_stack.append(ref_id)
        try:
            ctx = {**self.base, **values}
            if frag.mix:  # sentences recombined: each compiled once, not every combination
                out = "".join(compiled(self.text_env, part).render(ctx) for part in sentences(variant))
            else:
                out = compiled(self.text_env, variant).render(ctx)
            choice.text = _typeset(out, False)
            return out
        except GaoziError as exc:
            self.problems.extend(exc.problems)
        except (TemplateError, SecurityError, RecursionError, TypeError, ValueError) as exc:
            self.problems.append(template_error(exc, frag.file, frag.line, frag.id))
        finally:
            self._frag_stack.pop()
        return ""

    def ref(self, ref: FragmentRef) -> str:
        slots = {k: self.render(v) for k, v in ref.slots.items()}
        return self.fragment_text(ref.id, slots, ref.line, ref.path, ref.variant)

    # ---- structure ---------------------------------------------------------------------------
    def body(self, items: list[BodyItem], fallback_n: int | None) -> list[dict]:
        out = []
        # {{ n }} in a paragraph counts the next list after it: one backward pass, not a scan per paragraph.
        next_n: list[int | None] = [fallback_n] * len(items)
        ahead = fallback_n
        for idx in range(len(items) - 1, -1, -1):
            next_n[idx] = ahead
            if isinstance(items[idx], ListBlock):
                ahead = len(items[idx].items)
        for idx, it in enumerate(items):
            if isinstance(it, ListBlock):
                view = self.listblock(it, default_style=None)
                if view:
                    out.append(view)
                continue
            n = next_n[idx]
            if isinstance(it, Para):
                text = self.render(it.text, n)
                lead = self.render(it.lead, n)
                out.append(ParaView(type="para", text=text, lead=lead, line=it.line))
            elif isinstance(it, FragmentRef):
                out.append(ParaView(type="para", text=self.ref(it), lead="", line=it.line))
        return out

    def listblock(self, lb: ListBlock, default_style: str | None) -> dict | None:
        style = lb.style or default_style or kind_default(self.kind, "points_style" if lb.kind == "points" else "inline_style")
        style = numbering.canonical_family(style)
        total = len(lb.items)
        numbers = _numbers(lb.items)
        for num in numbers:
            try:
                numbering.enumerator(style, min(num, max(total, num)), max(total, num))
            except numbering.NumberingError as exc:
                self.problems.append(Problem(self.o.file, lb.line, f"{lb.path}", f"{exc}"))
                return None
        items = []
        for it, num in zip(lb.items, numbers):
            lead, text = self.item_texts(it)
            child = None
            if it.children is not None:
                child = self.listblock(it.children, None)
            items.append(ItemView(lead=lead, text=text, number=num, line=it.line, children=child,
                                  enum=numbering.enumerator(style, num, max(total, num)),
                                  paras=[ParaView(type="para", text=self.render(t), lead="", line=t.line or it.line)
                                         for t in it.paras]))
        return ListView(type=lb.kind, style=style, total=total, line=lb.line,
                        intro=self.render(lb.intro, total), after=self.render(lb.after), items=items,
                        joined=lb.joined)

    def item_texts(self, it: Item) -> tuple[str, str]:
        n = len(it.children.items) if it.children is not None else None
        if it.fragment is not None:
            whole = self.ref(it.fragment)
            lead = self.render(it.lead, n)
            return (lead, whole) if lead else split_lead(whole)
        lead = self.render(it.lead, n)
        text = self.render(it.text, n)
        if it.lead is None:
            return split_lead(text)
        return lead, text

    def sections(self, sl: SectionList | None, level: int, parent_style: str | None) -> dict | None:
        if sl is None or not sl.items:
            return None
        style = sl.style or (_NEXT_LEVEL.get(parent_style, "（一）") if parent_style else
                             kind_default(self.kind, "heading_style"))
        total = len(sl.items)
        numbers = _numbers(sl.items)
        items = []
        for s, num in zip(sl.items, numbers):
            sub = self.sections(s.sections, level + 1, style)
            sub_n = len(s.sections.items) if s.sections else None
            body = self.body(s.body, sub_n)
            heading = self.render(s.heading, sub_n)
            enum = numbering.enumerator(style, num, max(total, num))
            runin_text = heading if heading.endswith(tuple(_HEADING_END)) else heading + "。"
            items.append(SectionView(heading=heading, runin=s.runin, runin_heading=runin_text, number=num,
                                     enum=enum, body=body, sections=sub, line=s.line))
        return SectionsView(style=style, total=total, level=level, items=items, line=sl.line)


def template_source(env, name: str) -> str | None:
    """A template's source text (for locating block-syntax problems at the template's own lines)."""
    try:
        return env.loader.get_source(env, name)[0]
    except Exception:  # noqa: BLE001 - a loader that cannot give the source only costs the line number
        return None


def text_env(env):
    """The non-escaping twin of the kind environment (same sandbox, loaders and filters), made once."""
    twin = env.__dict__.get("_gaozi_text_env")
    if twin is None:
        twin = env.__dict__["_gaozi_text_env"] = env.overlay(autoescape=False, finalize=_plain)
    return twin


def _plain(value):
    return "" if value is None else printable(value)


def compiled(env, src: str):
    """Compile a user text once per environment: batches render the same texts thousands of times."""
    cache = env.__dict__.setdefault("_gaozi_text_cache", {})
    tpl = cache.get(src)
    if tpl is None:
        if len(cache) > 20_000:  # a long batch with ever-new texts must not grow without bound
            cache.clear()
        tpl = cache[src] = env.from_string(src)
    return tpl


def _count_ctx(n: int | None) -> dict:
    if n is None:
        return {}
    return {"n": numbering.cn_count(n), "count": n}


def _numbers(items) -> list[int]:
    """Item numbers: 1, 2, 3 … unless an item forces its number (a gap kept from an imported text)."""
    out, current = [], 0
    for it in items:
        current = it.number if getattr(it, "number", None) else current + 1
        out.append(current)
    return out


def split_lead(text: str) -> tuple[str, str]:
    """The first sentence (up to 。！？) is the run-in lead; the rest of the paragraph is its body."""
    m = _SENTENCE_END.search(text)
    if not m:
        return text, ""
    return text[: m.end()], text[m.end():]


def summary(view_sections: dict | None) -> str:
    """The 【提纲】 paragraph: headings and the first-level points under them."""
    if not view_sections:
        return ""
    parts = ["【提纲】"]

    def walk(sl):
        for s in sl["items"]:
            parts.append(s["enum"] + s["runin_heading"])
            for b in s["body"]:
                if b["type"] == "points":
                    for it in b["items"]:
                        lead = it["lead"] or it["text"]
                        parts.append(it["enum"] + (lead if lead.endswith(tuple(_HEADING_END)) else lead + "。"))
                    break
            if s["sections"]:
                walk(s["sections"])

    walk(view_sections)
    return "".join(parts)


def format_date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def compose(outline: Outline, kind: Kind, opts: Options | None = None, *, env=None, library=None) -> Document:
    """Render an outline with its kind's template into a Document; every problem at once. Bounded: a
    text or template that runs too long or grows too big is stopped (limits.py)."""
    try:
        with limits.bounded():
            return _compose(outline, kind, opts, env=env, library=library)
    except limits.LimitError as exc:
        raise GaoziError(Problem(outline.file, None, "", str(exc))) from None


def _compose(outline: Outline, kind: Kind, opts: Options | None = None, *, env=None, library=None) -> Document:
    opts = opts or Options()
    env = env or make_env(template_roots(opts.template_dirs))
    library = library or Library(opts.fragment_dirs, env)
    if not opts.row_key and opts.sets:  # --set unit=… : another unit, another ranking of the wordings
        opts = dataclasses.replace(opts, row_key=row_key(opts.sets))
    c = _Ctx(outline, kind, env, library, opts)
    base: dict = {}
    base["facts"] = opts.facts or {}
    base.update(outline.vars)
    for k, v in opts.sets.items():
        if k not in kind.fields:
            base[k] = v
    def fragment(fid, **slots):
        return c.fragment_text(fid, slots, None, f"fragment({fid})")

    base["fragment"] = fragment
    c.base = base
    fields = {}
    for k, v in outline.fields.items():
        if k in opts.sets:
            fields[k] = opts.sets[k]
        elif isinstance(v, Text):
            fields[k] = c.render(v)
        else:
            fields[k] = v
    for name, spec in kind.fields.items():
        if spec.get("facts_unit") and fields.get(name):
            _check_unit(c, name, fields[name], base["facts"], from_sets=name in opts.sets)
        if FIELD_TYPES[spec.get("type", "str")].hook == "ledger":
            # a field of type ledger: its rows validated and totalled in Python (model/ledger.py)
            fields[name] = ledger_for_template(outline, fields, base["facts"], name, opts.files)
    base.update(fields)
    sections = c.sections(outline.sections, 1, None)
    top_n = sections["total"] if sections else None
    texts = dict.fromkeys(TEXT_KEYS, "")
    texts.update({k: c.render(t, top_n if k == "outline_text" else None) for k, t in outline.texts.items()})
    if "salutation" not in outline.texts:
        texts["salutation"] = kind_default(kind, "salutation")
    opening = c.body(outline.opening, top_n)
    closing = c.body(outline.closing, None)
    with_outline = outline.with_outline if opts.with_outline is None else opts.with_outline
    doc_view = DocView(**{
        **texts,
        "kind": kind.name,
        "date": format_date(outline.date),
        "date_line": f"（{format_date(outline.date)}）" if outline.date else "",
        "sign_date": format_date(outline.sign_date or outline.date) if texts.get("signature") else format_date(outline.sign_date),
        "opening": opening,
        "sections": sections,
        "closing": closing,
        # An outline that says `closing: []` wants no closing; one that says nothing gets the kind's.
        "opening_given": "opening" in outline.raw,
        "closing_given": "closing" in outline.raw,
        "summary": texts.get("outline_text") or (summary(sections) if with_outline else ""),
        "fields": fields,
    })
    if c.problems:
        raise GaoziError(_dedupe(c.problems))
    notes: list[Problem] = []
    ctx = {**base, "doc": doc_view, "pick": lambda theme, *tags, **slots: _pick(c, theme, tags, slots),
           "fail": _fail, "missing_fact": lambda fact, effect: _note(c, notes, base["facts"], fact, effect)}
    text = render_checked(env, kind.template, ctx)
    if c.problems:
        raise GaoziError(_dedupe(c.problems))
    parsed = blocks.parse(text, kind.template, template_source(env, kind.template))
    for b in parsed:
        if isinstance(b, Table):  # cells are typeset like body text
            b.header = [_typeset(x, False) for x in b.header]
            b.rows = [[_typeset(x, False) for x in r] for r in b.rows]
            continue
        keep_spaces = b.role in _SPACED_ROLES
        for s in b.spans:
            s.text = _typeset(s.text, keep_spaces)
    meta = {"title": texts.get("title", ""), "date": outline.date, "kind": kind.name,
            "profile": outline.profile, "seed": opts.seed, "source_file": outline.file,
            "target_minutes": outline.target_minutes, "landscape": bool(fields.get("landscape")),
            "sealed": bool(fields.get("sealed")),
            "choices": [(ch.id, ch.variant, ch.pinned, ch.text) for ch in c.picker.log],
            "warnings": _dedupe(notes)}
    c.picker.offer()
    return Document(parsed, meta)


_SPACED_ROLES = zh.SPACED_ROLES


def _typeset(text: str, keep_spaces: bool) -> str:
    """Chinese typography on output; a speaker line keeps the space between office and name."""
    return typography.normalize(text, keep_fullwidth_space=keep_spaces)


def _check_unit(c: _Ctx, name: str, value, facts: dict, from_sets: bool) -> None:
    """A field that names a unit of the facts (`facts_unit: true` in kind.yaml) must resolve, by full or
    short name; a batch row or --set gives it without a line."""
    msg = facts_model.unknown_unit(facts, str(value))
    if msg is None:
        return
    raw = c.o.raw
    if from_sets or not hasattr(raw, "line_of"):
        c.problems.append(Problem("", None, name, msg, "unknown-unit", (("unit", str(value)),)))
    else:
        c.problems.append(Problem(c.o.file, raw.line_of(name), name, msg, "unknown-unit", (("unit", str(value)),)))


def _pick(c: _Ctx, theme: str, tags, slots: dict) -> str:
    """Template helper: text of a fragment of `theme` matching the tags (\"\" when the library has none);
    the keywords voice=, position= and stage= select by the fragments' declarations, the others are slots."""
    sel = {k: slots.pop(k) or None for k in ("voice", "position", "stage", "family") if k in slots}
    available = {k for k, v in c.base.items() if v not in (None, "") and not callable(v)}
    available |= {k for k, v in slots.items() if v not in (None, "")}
    frag = c.picker.pick(theme, *tags, available=available, **sel)
    if frag is None:
        return ""
    return c.fragment_text(frag.id, slots, None, f"pick({theme})")


def explain_choices(doc: Document) -> list[tuple[int, str, str]]:
    """(paragraph number, role, "fragment#variant …") for every paragraph that holds library text:
    which fragment and which variant (1-based; 2+1+3 = a sentence-mixed one; 钉 = pinned) it came from."""
    out = []
    choices = list(doc.meta.get("choices") or [])
    for n, b in enumerate(doc.paragraphs(), 1):
        text = b.text
        here = []
        for fid, variant, pinned, rendered in choices:
            probe = rendered[:16]
            if probe and probe in text:
                here.append(f"{fid}#{variant}" + ("（钉）" if pinned else ""))
        if here:
            out.append((n, b.role, "、".join(dict.fromkeys(here))))
    return out


def row_key(sets: dict) -> str:
    """What tells one row (one unit) from another: its values, in a stable order."""
    return "\x1e".join(f"{k}={sets[k]}" for k in sorted(sets, key=str))


def _note(c: _Ctx, notes: list, facts: dict, fact: str, effect: str) -> str:
    """Template helper: a sentence was dropped or reworded because `fact` is missing from the facts; render
    says so (a warning). Silent when the outline uses no facts at all: then the outline speaks for itself."""
    if facts:
        raw = c.o.raw
        line = raw.line_of("facts") if hasattr(raw, "line_of") and "facts" in raw else None
        notes.append(Problem(c.o.file, line, "facts", f"事实文件没有 {fact}：{effect}", "missing-fact",
                             (("fact", fact),)))
    return ""


def _fail(message: str):
    """Template helper: refuse to render, with the template's own Chinese message."""
    raise TemplateRefusal(str(message))


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
