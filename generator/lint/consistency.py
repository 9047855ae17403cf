"""One truth across the set: a facts file checked on its own, and the documents of one inspection
(facts, ledger, speech, 表态, plan, progress report) checked against each other.

`gaozi check a.yaml b.yaml facts.yaml 台账.csv` (or one outline, with the facts and ledger it names) gathers
the facts, the ledger and the rendered documents, then reports, under the rule `consistency`:
- ledger rows against the facts' problems: count, and per category;
- a deadline promised in a speech or 表态 that comes before the ledger's latest deadline;
- more than one 截至 date in a document, or one that is not the as-of date (facts `as_of`, else the report's);
- overdue ledger items (deadline before the as-of date, not 已完成), and those without a 超期原因;
- “全部整改到位 / 全部完成” while the ledger has 长期坚持 items still open;
- a report that does not end with its closing formula (特此报告。);
- “X代表X” (a body said to speak for itself).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import GaoziError
from generator.io import datafiles
from generator.model import facts as facts_model
from generator.model import ledger as ledger_model
from generator.model.kinds import get_kind

RULE = "consistency"
_ASOF = re.compile(r"截[至止](?:到)?\s*((?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)")
_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_PROMISE = re.compile(r"((?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:前|之前|以前)[^。；！]{0,12}?"
                      r"(全部整改到位|整改到位|全部完成|全面完成|全部销号|整改完毕)")
_ALL_DONE = re.compile(r"全部整改到位|全部完成整改|全部完成|全面完成整改|全部销号|全部整改完毕")
_SELF_SPEAK = re.compile(r"([\u4e00-\u9fff0-9０-９]{2,24}?)代表\1")
REPORT_KINDS = {"progress-report": "特此报告。"}
PROMISE_KINDS = ("biaotai", "speech")


@dataclass(frozen=True, slots=True)
class Note:
    file: str
    line: int
    level: str  # error | warning | info
    message: str
    text: str


_TOP_KEY = re.compile(r"^([A-Za-z_]+)[ \t]*:", re.M)


def is_facts_text(text: str, name: str = "") -> bool:
    """Whether a YAML text is a facts file: top-level facts keys (inspection, team, findings …) and no
    `kind`. Decided on the text, without parsing, so a facts file with a tab is still one and a huge or
    hostile outline is not parsed twice."""
    keys = {m[1] for m in _TOP_KEY.finditer(text)}
    return "kind" not in keys and bool(keys & set(facts_model.MARKERS))


def check_facts_text(text: str, name: str) -> list:
    """`gaozi check FACTS.yaml`: validate the facts (GaoziError with every problem at once); no findings."""
    facts_model.read(text, name)
    return []


# ------------------------------------------------------------------------------------ gathering


@dataclass
class _Doc:
    file: str
    kind: str
    outline: object
    doc: object
    fields: dict
    ledger: object = None  # the ledger this document reads, if its kind has one
    as_of: _dt.date | None = None


class _Set:
    """The documents of one inspection: those sharing a facts file (or one outline on its own)."""

    def __init__(self):
        self.facts: dict = {}
        self.facts_file = ""
        self.ledgers: list = []  # distinct ledgers (by file) read by the documents or given as data
        self.docs: list[_Doc] = []

    @property
    def as_of(self) -> _dt.date | None:
        return ledger_model.as_of_date(None, {}, self.facts) if self.facts.get("as_of") else None

    def add_ledger(self, led) -> None:
        if led is not None and all(x.file != led.file for x in self.ledgers):
            self.ledgers.append(led)


def _key(path) -> str:
    return str(Path(path).resolve())


def _add(groups: dict, path: str, text: str) -> None:
    from generator import pipeline
    from generator.io.yamlload import LMap, load

    if is_facts_text(text, path):
        g = groups.setdefault(_key(path), _Set())
        g.facts, g.facts_file = facts_model.read(text, path), path
        return
    raw = load(text, path)
    if not (isinstance(raw, LMap) and "kind" in raw):
        return
    outline = pipeline.load_outline(path)
    facts = pipeline.load_facts(outline)
    if isinstance(outline.facts_path, str):
        facts_file = str(Path(outline.file).parent / outline.facts_path)
        g = groups.setdefault(_key(facts_file), _Set())
    else:
        facts_file = outline.file
        g = groups.setdefault(_key(path), _Set())
    if facts and not g.facts:
        g.facts, g.facts_file = facts, facts_file
    doc = pipeline.build(path)
    kind = get_kind(outline.kind, file=outline.file)
    fields = {k: (v.src if hasattr(v, "src") else v) for k, v in outline.fields.items()}
    d = _Doc(path, outline.kind, outline, doc, fields)
    if any(spec.get("type") == "ledger" for spec in kind.fields.values()):
        d.ledger = ledger_model.load_for_outline(outline, fields, facts)
        d.as_of = ledger_model.as_of_date(outline, fields, facts)
        g.add_ledger(d.ledger)
    g.docs.append(d)


def _gather(paths) -> list[_Set]:
    from generator.io.textio import read_text

    groups: dict[str, _Set] = {}
    data_files = []
    for path in paths:
        if path == "-" or not Path(path).is_file():
            continue
        suffix = Path(path).suffix.lower()
        if suffix in (".csv", ".xlsx"):
            data_files.append(path)
            continue
        if suffix not in (".yaml", ".yml"):
            continue
        try:
            _add(groups, path, read_text(path))
        except GaoziError:
            continue  # a file that does not load is reported on its own by check
    if data_files and len(groups) <= 1:  # a ledger given as data belongs to the one set there is
        g = next(iter(groups.values())) if groups else groups.setdefault("", _Set())
        for path in data_files:  # a ledger that does not load is bad input: its problems, exit 2
            g.add_ledger(ledger_model.read(path, feedback_date=ledger_model.facts_feedback_date(g.facts),
                                           categories=ledger_model.facts_categories(g.facts)))
    return list(groups.values())


# ------------------------------------------------------------------------------------- checks


def check_set(paths) -> list[Note]:
    """Every disagreement across the given files (and the facts and ledger their outlines name)."""
    out: list[Note] = []
    for s in _gather(paths):
        for led in s.ledgers:
            out += _ledger_vs_facts(s, led)
        as_ofs = {(d.ledger.file if d.ledger else "", d.as_of) for d in s.docs if d.ledger is not None}
        for led in s.ledgers:
            for when in {w for f, w in as_ofs if f == led.file} | ({s.as_of} if s.as_of else set()):
                out += _overdue(led, when)
        for d in s.docs:
            paras = _paras(d.doc)
            out += _as_of(s, d, paras)
            for led in s.ledgers:
                out += _promises(s, led, d, paras)
            out += _long_term(d.ledger or (s.ledgers[0] if len(s.ledgers) == 1 else None), d, paras)
            out += _closing(d, paras)
            out += _self_speak(d, paras)
    return list(dict.fromkeys(out))  # each finding once, in order


def _paras(doc) -> list[tuple[int, str, str]]:
    out, last = [], 1
    for b in doc.paragraphs():
        line = b.source or last
        last = line
        out.append((line, b.text, b.role))
    return out


def _problems(facts: dict) -> list[tuple[str, str]]:
    out = []
    for c in facts.get("findings") or []:
        if isinstance(c, dict):
            for p in c.get("problems") or []:
                out.append((str(c.get("category") or ""), p.get("text", "") if isinstance(p, dict) else str(p)))
    return out


def _ledger_vs_facts(s: _Set, led) -> list[Note]:
    problems = _problems(s.facts)
    if led is None or not problems:
        return []
    out = []
    line = 1
    if len(led.rows) != len(problems):
        out.append(Note(led.file, line, "error",
                        f"台账有{len(led.rows)}个问题（行），事实文件 {s.facts_file} 的 findings 有{len(problems)}个问题："
                        "每个反馈问题在台账中占一行", f"{len(led.rows)}≠{len(problems)}"))
    if any(r.category for r in led.rows):
        want: dict[str, int] = {}
        for cat, _text in problems:
            want[cat] = want.get(cat, 0) + 1
        have: dict[str, int] = {}
        for r in led.rows:
            have[r.category] = have.get(r.category, 0) + 1
        for cat, n in want.items():
            if have.get(cat, 0) != n:
                out.append(Note(led.file, line, "error",
                                f"问题类别“{cat}”：事实文件有{n}个问题，台账有{have.get(cat, 0)}行", cat))
    return out


def _overdue(led, when: _dt.date | None) -> list[Note]:
    if led is None or when is None:
        return []
    out = []
    as_of = datafiles.cn_date(when)
    for r in led.rows:
        if not r.overdue(when):
            continue
        msg = f"第{r.no}项：完成时限{r.deadline_text}已过（截至{as_of}），整改状态仍是“{r.status}”：已超期"
        if r.reason:
            out.append(Note(led.file, r.line, "info", msg + f"（超期原因：{r.reason}）", r.deadline_text))
        else:
            out.append(Note(led.file, r.line, "warning",
                            msg + "；请在“超期原因”列写明原因，整改情况报告会据此说明", r.deadline_text))
    return out


def _parse_cn(text: str, year_hint: int | None) -> _dt.date | None:
    m = _DATE.search(text)
    if not m:
        return None
    year = int(m[1]) if m[1] else year_hint
    if year is None:
        return None
    try:
        return _dt.date(year, int(m[2]), int(m[3]))
    except ValueError:
        return None


def _year_hint(s: _Set, d: _Doc) -> int | None:
    for v in (ledger_model.facts_feedback_date(s.facts), d.outline.date, d.outline.sign_date, d.as_of, s.as_of):
        if isinstance(v, _dt.date):
            return v.year
    return None


def _after_feedback(s: _Set, when: _dt.date | None, had_year: bool) -> _dt.date | None:
    """A date written without its year (1月31日) is the first one on or after the feedback date."""
    fb = ledger_model.facts_feedback_date(s.facts)
    if when is not None and not had_year and fb and when < fb:
        try:
            return when.replace(year=when.year + 1)
        except ValueError:
            return None
    return when


def _as_of(s: _Set, d: _Doc, paras) -> list[Note]:
    if d.ledger is None:  # reports on the ledger (台账、方案、情况报告); a speech may name other dates
        return []
    hint = _year_hint(s, d)
    seen: list[tuple[_dt.date, int, str]] = []
    for line, text, role in paras:
        for m in _ASOF.finditer(text):
            when = _after_feedback(s, _parse_cn(m[1], hint), "年" in m[1])
            if when is not None:
                seen.append((when, line, m[0]))
    if not seen:
        return []
    out = []
    fixed = s.as_of or d.as_of
    want = fixed or seen[0][0]
    dates = sorted({w for w, _l, _t in seen})
    if len(dates) > 1 or (fixed and dates[0] != fixed):
        for when, line, text in seen:
            if when != want:
                src = "事实文件的 as_of" if s.as_of else ("报告的截至日期" if fixed else "前文")
                out.append(Note(d.file, line, "error",
                                f"“{text}”与{src}（{datafiles.cn_date(want)}）不一致：一份报告只能有一个截至日期，"
                                "由事实文件的 as_of 或台账给出，不要手写在文字里", text))
    return out


def _last_deadline(led) -> tuple[_dt.date, int] | None:
    dated = [(r.deadline, r.no) for r in led.rows if r.deadline]
    return max(dated) if dated else None


def _promises(s: _Set, led, d: _Doc, paras) -> list[Note]:
    if led is None or d.kind not in PROMISE_KINDS:
        return []
    last = _last_deadline(led)
    if last is None:
        return []
    hint = _year_hint(s, d)
    out = []
    for line, text, role in paras:
        for m in _PROMISE.finditer(text):
            when = _after_feedback(s, _parse_cn(m[1], hint), "年" in m[1])
            if when is not None and when < last[0]:
                out.append(Note(d.file, line, "error",
                                f"承诺“{m[0]}”，但台账第{last[1]}项的完成时限是{datafiles.cn_date(last[0])}，晚于承诺的日期",
                                m[0]))
    return out


def _long_term(led, d: _Doc, paras) -> list[Note]:
    if led is None:
        return []
    open_long = [r for r in led.rows if r.long_term and r.status != ledger_model.DONE]
    if not open_long:
        return []
    nos = "、".join(str(r.no) for r in open_long)
    long_cats = {r.category for r in open_long if r.category}
    cats = {r.category for r in led.rows if r.category}
    out = []
    for line, text, role in paras:
        named = {c for c in cats if c in text}
        if named and not named & long_cats:  # a sentence about categories without 长期坚持 items
            continue
        for m in _ALL_DONE.finditer(text):
            out.append(Note(d.file, line, "error",
                            f"“{m[0]}”：台账第{nos}项是“长期坚持”，不会全部完成；请写明限期完成的和需要长期坚持的各有几个",
                            m[0]))
    return out


# what follows (or precedes) a report's body and is not its last sentence: the end block, and the 公文 parts
# (版头, 附注, 附件说明 and the attachment page, 版记)
_NOT_BODY = ("signature", "sign-date", "attachment", "table-title", "title", "addressee", "note", "issuer",
             "doc-number", "attachment-mark", "attachment-title", "copy-to", "imprint")


def _closing(d: _Doc, paras) -> list[Note]:
    formula = REPORT_KINDS.get(d.kind)
    if formula is None:
        return []
    wanted = d.fields.get("closing_formula", formula)
    if not wanted:
        return []
    body = [(line, text) for line, text, role in paras if role not in _NOT_BODY and text.strip()]
    if body and body[-1][1].strip().endswith(str(wanted)):
        return []
    line = body[-1][0] if body else 1
    return [Note(d.file, line, "warning", f"报告正文应以“{wanted}”结束（不要时写 closing_formula: \"\"）", str(wanted))]


def _self_speak(d: _Doc, paras) -> list[Note]:
    out = []
    for line, text, role in paras:
        for m in _SELF_SPEAK.finditer(text):
            out.append(Note(d.file, line, "error", f"“{m[0]}”：单位代表它自己；应写负责人的职务和姓名，"
                                                   "或“各单位主要负责人分别作表态发言”", m[0]))
    return out
