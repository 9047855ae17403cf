"""The fragment library: reusable slot-filled passages by theme, with variants chosen deterministically."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path

from jinja2 import meta

from generator.errors import GaoziError, Problem, did_you_mean
from generator.io.resources import data_dir
from generator.io.textio import read_text
from generator.io.yamlload import LList, LMap, load
from generator.text import jinjasyntax
from generator.text.phrases import families_in as _phrases_of
from generator.text.scope import FAMILIES

_FILE_KEYS = ("theme", "name", "fragments")
_FRAG_KEYS = ("id", "tags", "slots", "variants", "description", "group", "voice", "position", "stage", "mix")
# Who speaks a fragment, where it may stand, and (pledges) which step of a 表态 it is.
VOICES = {"leader": "领导讲话（部署、提要求）", "unit": "表态单位（我们将……）", "report": "报告、报道"}
POSITIONS = {"runin": "接在序号后作要点（第一句须以谓语开头）", "para": "独立成段",
             "opening": "开头", "closing": "结尾"}
STAGES = ("认识", "责任", "措施", "制度", "成效")
# Names a variant may use besides its slots: vars and kind fields are looked up when no slot is given.
_GLOBALS = ("fragment",)


@dataclass(slots=True)
class Fragment:
    id: str
    theme: str
    tags: tuple[str, ...]
    slots: tuple[str, ...]
    variants: tuple[str, ...]
    file: str
    line: int
    group: str | None = None  # fragments of one group say nearly the same: a document gets at most one
    voice: tuple[str, ...] = ()  # leader / unit / report
    position: tuple[str, ...] = ()  # runin / para / opening / closing
    stage: str | None = None  # pledges: 认识 责任 措施 制度 成效
    mix: bool = False  # variants are sentence-parallel: sentence k of any variant may stand for sentence k of another
    declared: bool = False  # voice and position written in the file (not inferred)


class Library:
    """All fragments from the packaged folder plus user folders (which add to it and override by id)."""

    def __init__(self, user_dirs=(), env=None):
        self.fragments: dict[str, Fragment] = {}
        self.themes: dict[str, str] = {}
        problems: list[Problem] = []
        for root in [data_dir("fragments"), *map(Path, user_dirs)]:
            if not root.is_dir():
                problems.append(Problem(str(root), None, "", "片段文件夹不存在"))
                continue
            for path in sorted(root.glob("*.yaml")) + sorted(root.glob("*.yml")):
                self._load_file(path, problems, env, root)
        if problems:
            raise GaoziError(problems)

    def _load_file(self, path: Path, problems: list[Problem], env, root: Path | None = None) -> None:
        name = str(path)
        try:
            data = load(read_text(name, root=root), name)
        except GaoziError as exc:
            problems.extend(exc.problems)
            return
        if not isinstance(data, LMap):
            problems.append(Problem(name, 1, "", "片段文件应当是映射（theme、name、fragments）"))
            return
        for k in data:
            if k not in _FILE_KEYS:
                problems.append(Problem(name, data.line_of(k), str(k), f"未知的字段“{k}”{did_you_mean(str(k), _FILE_KEYS)}"))
        theme = data.get("theme")
        if not isinstance(theme, str) or not theme:
            problems.append(Problem(name, 1, "theme", "缺少主题 theme"))
            return
        self.themes[theme] = str(data.get("name", theme))
        frags = data.get("fragments")
        if not isinstance(frags, LList):
            problems.append(Problem(name, data.line_of("fragments"), "fragments", "应当是片段列表"))
            return
        for i, f in enumerate(frags):
            p = f"fragments[{i}]"
            if not isinstance(f, LMap):
                problems.append(Problem(name, frags.line_of(i), p, "每个片段应当是映射"))
                continue
            for k in f:
                if k not in _FRAG_KEYS:
                    problems.append(Problem(name, f.line_of(k), f"{p}.{k}", f"未知的字段“{k}”{did_you_mean(str(k), _FRAG_KEYS)}"))
            fid = f.get("id")
            if not isinstance(fid, str) or not fid:
                problems.append(Problem(name, f.line, f"{p}.id", "缺少片段编号 id"))
                continue
            tags = f.get("tags") or []
            slots = f.get("slots") or []
            variants = f.get("variants") or []
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                problems.append(Problem(name, f.line_of("tags"), f"{p}.tags", "应当是文字列表"))
                tags = []
            if not isinstance(slots, list) or not all(isinstance(t, str) for t in slots):
                problems.append(Problem(name, f.line_of("slots"), f"{p}.slots", "应当是槽位名列表"))
                slots = []
            if not isinstance(variants, list) or len(variants) < 2 or not all(isinstance(t, str) and t.strip() for t in variants):
                problems.append(Problem(name, f.line_of("variants"), f"{p}.variants", "至少需要两个非空的文字变体"))
                continue
            variants = ["".join(part.strip() for part in v.split("\n")) for v in variants]
            if env is not None:
                for j, text in enumerate(variants):
                    try:
                        used = _names_used(env, text)
                    except Exception as exc:  # a syntax error in a user's fragment must name it
                        problems.append(Problem(name, variants_line(variants_node(f), j), f"{p}.variants[{j}]",
                                                f"片段模板语法错误：{jinjasyntax.chinese(str(getattr(exc, 'message', '') or ''))}"))
                        continue
                    extra = sorted(set(used) - set(slots) - set(_GLOBALS))
                    if extra:
                        problems.append(Problem(name, variants_line(variants_node(f), j), f"{p}.variants[{j}]",
                                                f"用到了未声明的槽位 {'、'.join(extra)}（请写进 slots）"))
            group = f.get("group")
            if group is not None and not isinstance(group, str):
                problems.append(Problem(name, f.line_of("group"), f"{p}.group", "应当是分组名（文字）"))
                group = None
            voice = _names(f, "voice", VOICES, p, name, problems)
            position = _names(f, "position", POSITIONS, p, name, problems)
            declared = bool(voice and position)
            voice = voice or (("report",) if theme == "report" else ("unit",) if "biaotai" in tags else ("leader",))
            position = position or ("para",)
            stage = f.get("stage")
            if stage is not None and stage not in STAGES:
                problems.append(Problem(name, f.line_of("stage"), f"{p}.stage",
                                        f"阶段应为 {'、'.join(STAGES)} 之一，而不是“{stage}”"))
                stage = None
            mix = f.get("mix") is True
            if mix and len({len(sentences(v)) for v in variants}) != 1:
                problems.append(Problem(name, f.line_of("mix"), f"{p}.mix",
                                        "mix 片段的各变体句数必须相同（第几句可以互换）"))
                mix = False
            self.fragments[fid] = Fragment(fid, theme, tuple(tags), tuple(slots), tuple(variants), name, f.line,
                                           group, voice, position, stage, mix, declared)

    def get(self, fid: str, *, file: str = "", line: int | None = None, path: str = "fragment") -> Fragment:
        if fid not in self.fragments:
            raise GaoziError(Problem(file, line, path, f"找不到片段“{fid}”{did_you_mean(fid, self.fragments)}"))
        return self.fragments[fid]

    def select(self, theme: str | None = None, kind: str | None = None, tag: str | None = None, *,
               voice: str | None = None, position: str | None = None, stage: str | None = None) -> list[Fragment]:
        out = []
        for f in self.fragments.values():
            if theme and f.theme != theme:
                continue
            if kind and kind not in f.tags:
                continue
            if tag and tag not in f.tags:
                continue
            if voice and voice not in f.voice:
                continue
            if position and position not in f.position:
                continue
            if stage and f.stage != stage:
                continue
            out.append(f)
        return sorted(out, key=lambda f: (f.theme, f.id))

    def search(self, word: str) -> list[Fragment]:
        w = word.lower()
        return [f for f in sorted(self.fragments.values(), key=lambda f: f.id)
                if w in f.id.lower() or w in self.themes.get(f.theme, "") or any(w in t for t in f.tags)
                or any(w in v for v in f.variants)]


_SIMPLE = re.compile(r"{{\s*([A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*)\s*}}")


def _names_used(env, text: str) -> set[str]:
    """Names a variant uses. Plain {{ slot }} texts (nearly all) are read with a regex: Jinja's own analysis
    compiles the text and would cost half a second for the whole library on every run."""
    if "{%" not in text and "{#" not in text and text.count("{{") == len(_SIMPLE.findall(text)):
        return set(_SIMPLE.findall(text))
    return set(meta.find_undeclared_variables(env.parse(text)))


def _names(f: LMap, key: str, allowed: dict, p: str, file: str, problems: list[Problem]) -> tuple[str, ...]:
    raw = f.get(key)
    if raw is None:
        return ()
    items = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else None
    if not items or not all(isinstance(x, str) for x in items):
        problems.append(Problem(file, f.line_of(key), f"{p}.{key}", f"应当是 {'、'.join(allowed)} 之一或它们的列表"))
        return ()
    bad = [x for x in items if x not in allowed]
    for x in bad:
        problems.append(Problem(file, f.line_of(key), f"{p}.{key}",
                                f"未知的{key}“{x}”{did_you_mean(x, allowed)}（可用：{'、'.join(allowed)}）"))
    return tuple(x for x in items if x in allowed)


def variants_node(f: LMap):
    return f.get("variants")


def variants_line(node, j: int) -> int:
    return node.line_of(j) if isinstance(node, LList) else 0


# ---------------------------------------------------------------------------------- sentences and phrases

_SENT_END = re.compile(r"(?<=[。！？])")
_SLOT_TEXT = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)
_ENUM_HEAD = re.compile(r"^(?:[一二三四五六七八九十]+[是要来则]|第[一二三四五六七八九十]+[，、,]?|首先|其次|再次|最后|"
                        r"[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.．、])")
MIN_SENTENCE = 5  # characters (as sentence_key counts them): 谢谢 and 谢谢大家 are no wording anybody remembers


def sentences(text: str) -> list[str]:
    """The sentences of a text, split after 。！？ (a closing quote stays with its sentence)."""
    out = []
    for part in _SENT_END.split(text):
        part = part.strip()
        if not part:
            continue
        if out and part[0] in "”’」』）)":
            out[-1] += part[0]
            part = part[1:].strip()
            if not part:
                continue
        out.append(part)
    return out


@lru_cache(maxsize=4096)
def _sentences_of(text: str) -> tuple[str, ...]:
    return tuple(sentences(text))


def sentence_key(sentence: str, names=()) -> str:
    """A sentence as a listener remembers it: without its enumerator (一是、第二，), names and slot values
    replaced by □, punctuation and spaces dropped. Two speeches that differ only there say the same."""
    s = _SLOT_TEXT.sub("□", sentence.strip())
    s = _ENUM_HEAD.sub("", s)
    for n in sorted((n for n in names if n), key=len, reverse=True):
        s = s.replace(n, "□")
    return re.sub(r"[\s，。！？、；：,.!?;:“”‘’\"'（）()《》—…]", "", s)


def set_phrases(text: str) -> list[str]:
    """The set phrases (by family, text/phrases.py) a text uses, in order, with repeats."""
    return list(_phrases_of(text))


@lru_cache(maxsize=20_000)
def _keys_of(text: str, names: tuple = ()) -> tuple[str, ...]:
    """The sentence keys of a text long enough to be remembered (the picker asks this thousands of times)."""
    return tuple(k for k in (sentence_key(x, names) for x in sentences(text)) if len(k) >= MIN_SENTENCE)


# ---------------------------------------------------------------------------------- the fragment lint

_YAO_WORDS = re.compile("主要|重要|需要|要害|要求|要点|纪要|要务|必要|只要|要件|首要|扼要|要素|要紧|要事|摘要")
_MODAL = re.compile("必须|务必|应当|要")
_COUNT_ANNOUNCED = re.compile(r"[两二三四五六七八九十]+(?:件事|个目的|点意见|个问题要讲|方面的意见|层意思)")
_PREDICATE_HEADS = tuple("把以从对在让用向将为使")  # a clause opening with these already is a predicate
_LEADER_ONLY = ("同志们，", "各单位要", "大家要", "我讲", "希望大家", "各级党组织要", "要求大家")
_UNIT_ONLY = ("我们将", "我代表领导班子", "我们一定", "表态发言", "我作为第一责任人", "请组织", "恳请")


def lint(frag: Fragment) -> list[str]:
    """What in a fragment contradicts its declaration (Chinese, one line each); [] when it fits."""
    out = []
    if not frag.declared:
        out.append("没有写明 voice（谁说）和 position（放在哪里）")
    for j, v in enumerate(frag.variants):
        plain = _SLOT_TEXT.sub("□", v)
        if "runin" in frag.position:
            first = sentences(plain)[0] if sentences(plain) else plain
            clause = re.split("[，；：]", first, maxsplit=1)[0]
            head = _YAO_WORDS.sub("", clause)
            if clause.startswith(("我们", "我", "同志们", "大家")) or (
                    not clause.startswith(_PREDICATE_HEADS) and any(m.start() > 0 for m in _MODAL.finditer(head))):
                out.append(f"变体{j + 1}接在“一要”“一是”后面读不通：第一句应以谓语开头，不带主语和“要/必须”"
                           f"（“{first[:20]}”）")
        if "leader" in frag.voice and "unit" not in frag.voice:
            hit = [w for w in _UNIT_ONLY if w in plain]
            if hit:
                out.append(f"变体{j + 1}声明为领导讲话，却用了表态的口吻“{hit[0]}”")
        if "unit" in frag.voice and "leader" not in frag.voice:
            hit = [w for w in _LEADER_ONLY if w in plain]
            if hit:
                out.append(f"变体{j + 1}声明为表态，却用了领导部署的口吻“{hit[0]}”")
        fams = set_phrases(plain)
        if len(fams) != len(set(fams)):
            dup = next(x for x in fams if fams.count(x) > 1)
            out.append(f"变体{j + 1}自己就把“{dup}”说了两遍")
        if "opening" in frag.position or frag.theme == "purpose":
            m = _COUNT_ANNOUNCED.search(plain)
            if m:
                out.append(f"变体{j + 1}在开头报了个数“{m.group(0)}”，可能和后面实际讲的条数对不上")
    if frag.theme == "pledge" and "runin" in frag.position and frag.stage is None:
        out.append("作要点的承诺要写明 stage（认识、责任、措施、制度、成效）")
    return out


# ---------------------------------------------------------------------------------- the meeting


class Meeting:
    """The speeches of one meeting (the rows of a batch), as the listener hears them one after another:
    which sentence (sentence_key) was heard in which speech. The picker of each speech asks it what a
    candidate wording would cost, and avoids a sentence heard twice already, heard in both of the two
    speeches just before, or one more shared sentence with a speech it already shares 10% with."""

    WINDOW = 2  # a sentence heard in both of the two speeches before must not come a third time in a row
    AIM = 0.10  # the part of two speeches' sentences the picker lets them share (the promise is 15%); a speech
    # that shares more with one before it is composed again (batch.core.RETRIES)
    RECENT = 60  # speeches looked back at for the share (a batch of 10,000 rows stays linear)

    def __init__(self):
        self.uses: dict[str, list[int]] = {}
        self.lengths: list[int] = []
        self.offered: tuple[str, ...] = ()  # the sentence keys of the speech just composed, not yet added
        self.banned: set[str] = set()  # sentences a second try of the current speech must avoid

    @property
    def current(self) -> int:
        return len(self.lengths)

    def budget(self) -> int:
        est = min(self.lengths[-self.RECENT:], default=24)
        return max(1, int(self.AIM * max(est, 8)))

    def offer(self, keys) -> None:
        """The speech just composed: kept until `add` (a batch may compose it again, avoiding `banned`)."""
        self.offered = tuple(dict.fromkeys(k for k in keys if len(k) >= MIN_SENTENCE))

    def too_alike(self, keys=None) -> tuple[int, set[str]]:
        """How far the offered speech goes over the share with the speeches before it (0: not at all), and
        the sentences it shares with those it goes over with."""
        keys = self.offered if keys is None else keys
        shared: dict[int, list[str]] = {}
        cur = self.current
        for k in keys:
            for u in self.uses.get(k, ()):
                if u >= cur - self.RECENT:
                    shared.setdefault(u, []).append(k)
        over, culprits = 0, set()
        for u, ks in shared.items():
            allowed = int(self.AIM * min(len(keys), self.lengths[u]))
            recent = [k for k in ks if sum(1 for x in self.uses[k] if x >= cur - self.WINDOW) >= self.WINDOW]
            excess = max(0, len(ks) - allowed) + len(recent)
            if excess:
                over += excess
                culprits.update(ks)
        return over, culprits

    def add(self, keys) -> None:
        """Close the current speech: its sentence keys (each counted once)."""
        n = self.current
        keys = list(dict.fromkeys(k for k in keys if len(k) >= MIN_SENTENCE))
        for k in keys:
            self.uses.setdefault(k, []).append(n)
        self.lengths.append(max(len(keys), 1))


GOOD_ENOUGH = 0  # a candidate costing no more ends the search (0: look on while any sentence was heard before)


def _rank(*parts) -> int:
    return int.from_bytes(hashlib.blake2b("\x1f".join(map(str, parts)).encode("utf-8"), digest_size=8).digest(), "big")


@dataclass
class Choice:
    """One fragment use in a document, for `--explain`: which fragment, which variant (1-based; a mix
    fragment names the variant of each sentence), and whether the writer pinned it."""

    id: str
    variant: str
    pinned: bool = False
    text: str = ""  # rendered, filled by compose


class Picker:
    """Chooses fragments and variants for one document. Each use of a fragment is a slot (the fragment id
    and how many times it was used before in this document, or the theme, tags and occurrence of a pick);
    a hash of (seed, row key, slot, candidate) ranks the candidates, so a slot's choice does not move when
    other slots are added. The first candidate in that ranking wins unless it would repeat a sentence or a
    set phrase of this document, or (in a meeting) sound like the speeches before."""

    def __init__(self, library: Library, seed: int, meeting: Meeting | None = None, key: str = "", names=()):
        self.library = library
        self.seed = seed
        self.meeting = meeting
        self.key = key
        self.names = tuple(n for n in names if n)
        self.used_variants: dict[str, set[int]] = {}
        self.used_fragments: set[str] = set()
        self.used_groups: set[str] = set()
        self.occurrences: dict[str, int] = {}
        self.doc_keys: set[str] = set()
        self.phrases: set[str] = set()
        self.shared: dict[int, int] = {}  # earlier speech → sentences this one shares with it so far
        self.log: list[Choice] = []
        self._next: dict[str, tuple] = {}
        self._budget = meeting.budget() if meeting else 0
        self._notes: list[str] = []

    # ---- what the document says so far -------------------------------------------------------------
    def note(self, text: str) -> None:
        """The writer's own text: its set phrases and sentences count as said (the library adds no second).
        Read when the first fragment is chosen: an outline without fragments costs nothing."""
        self._notes.append(text)

    def _read_notes(self) -> None:
        for text in self._notes:
            self.phrases.update(_phrases_of(text))
            for s in sentences(text):
                self.doc_keys.add(sentence_key(s, self.names))
        self._notes.clear()

    def _slot(self, name: str) -> str:
        n = self.occurrences.get(name, 0)
        self.occurrences[name] = n + 1
        return f"{name}@{n}"

    def _cost(self, text: str, pending_keys=(), pending_phrases=(), pending_shared=None) -> float:
        cost = 0.0
        for ph in set(_phrases_of(text)):
            if ph in self.phrases or ph in pending_phrases:
                cost += 300
        m = self.meeting
        budget = self._budget
        extra: dict[int, int] = dict(pending_shared) if pending_shared else {}
        for k in _keys_of(text, self.names):
            if k in self.doc_keys or k in pending_keys:
                cost += 1000
            if m and k in m.banned:
                cost += 2000
            if not m:
                continue
            uses = m.uses.get(k)
            if not uses:
                continue
            cur = m.current
            cost += 2 + 40 * max(0, len(uses) - 1)
            recent = sum(1 for u in uses[-(m.WINDOW + 1):] if u >= cur - m.WINDOW)
            if recent >= m.WINDOW:
                cost += 600
            elif recent:
                cost += 6
            for u in reversed(uses):
                if u < cur - m.RECENT:
                    break
                extra[u] = extra.get(u, 0) + 1
                together = self.shared.get(u, 0) + extra[u]
                cost += 4 * together * together  # spread what must be shared evenly over the pairs
                if together > budget:
                    cost += 500
        return cost

    def _take(self, text: str) -> None:
        self.phrases.update(_phrases_of(text))
        m = self.meeting
        for k in _keys_of(text, self.names):
            self.doc_keys.add(k)
            if m:
                for u in set(m.uses.get(k, ())):
                    if u >= m.current - m.RECENT:
                        self.shared[u] = self.shared.get(u, 0) + 1

    def finish(self) -> None:
        """Close this document in its meeting."""
        if self._notes:
            self._read_notes()
        if self.meeting is not None:
            self.meeting.add(self.doc_keys)

    def offer(self) -> None:
        """Offer this document to its meeting (the caller adds it, or composes it again)."""
        if self._notes:
            self._read_notes()
        if self.meeting is not None:
            self.meeting.offer(self.doc_keys)

    # ---- variants ----------------------------------------------------------------------------------
    def _best(self, frag: Fragment, slot: str) -> tuple[float, int, tuple[int, ...], str]:
        """(cost, rank, chosen variant per sentence, text) of the best wording of `frag` in `slot`."""
        if self._notes:
            self._read_notes()
        used = self.used_variants.get(frag.id, set())
        n = len(frag.variants)
        order = sorted(range(n), key=lambda i: _rank(self.seed, self.key, slot, frag.id, i))
        fresh = [i for i in order if i not in used] or order
        if not frag.mix:
            best = None
            for pos, i in enumerate(fresh):
                c = self._cost(frag.variants[i])
                if best is None or c < best[0]:
                    best = (c, pos, (i,), frag.variants[i])
                if c <= GOOD_ENOUGH:
                    break
            return best
        # a mix fragment: sentence by sentence, each position its own ranking
        parts = [_sentences_of(v) for v in frag.variants]
        chosen, texts, total = [], [], 0.0
        keys: set[str] = set()
        phrases: set[str] = set()
        shared: dict[int, int] = {}
        m = self.meeting
        for k in range(len(parts[0])):
            order_k = sorted(range(n), key=lambda i: _rank(self.seed, self.key, slot, frag.id, i, k))
            costs = {i: self._cost(parts[i][k], keys, phrases, shared) + (3 if i in used else 0) for i in order_k}
            pick = min(order_k, key=lambda i: (costs[i], order_k.index(i)))
            chosen.append(pick)
            texts.append(parts[pick][k])
            total += costs[pick]
            for key in _keys_of(parts[pick][k], self.names):
                keys.add(key)
                for u in (set(m.uses.get(key, ())) if m else ()):
                    shared[u] = shared.get(u, 0) + 1
            phrases.update(_phrases_of(parts[pick][k]))
        return total, 0, tuple(chosen), "".join(texts)

    def variant(self, frag: Fragment, pin: int | None = None) -> str:
        """The wording for one use of `frag`; `pin` (1-based) is the writer's own choice and always wins."""
        slot = self._slot(frag.id)
        chosen = self._next.pop(frag.id, None)
        if pin is not None:
            i = min(max(pin, 1), len(frag.variants)) - 1
            chosen, text, pinned = (i,), frag.variants[i], True
        else:
            if chosen is None:
                _cost, _rank_, idx, text = self._best(frag, slot)
                chosen = (idx, text)
            idx, text = chosen
            chosen, pinned = idx, False
        self.used_variants.setdefault(frag.id, set()).update(chosen)
        if len(self.used_variants[frag.id]) >= len(frag.variants):
            self.used_variants[frag.id] = set(chosen)
        self.used_fragments.add(frag.id)
        if frag.group:
            self.used_groups.add(frag.group)
        self._take(text)
        self.log.append(Choice(frag.id, "+".join(str(i + 1) for i in chosen), pinned))
        return text

    def pick(self, theme: str, *tags: str, available=None, voice: str | None = None, position: str | None = None,
             stage: str | None = None, family: str | None = None) -> Fragment | None:
        """A fragment of the theme whose tags include all of `tags` (and of that voice, position and stage)
        and whose slots are all `available`, preferring ones not used yet and the wording heard least.
        A fragment tagged with a unit family (基层, 部门, 单位) fits only a unit of that family."""
        pool = [f for f in self.library.select(theme=theme, voice=voice, position=position, stage=stage)
                if all(t in f.tags for t in tags if t) and (available is None or all(s in available for s in f.slots))
                and (family is None or family in f.tags or not any(t in FAMILIES for t in f.tags))]
        if not pool:
            return None
        fresh = [f for f in pool if f.id not in self.used_fragments and f.group not in self.used_groups] or \
            [f for f in pool if f.id not in self.used_fragments] or pool
        slot = self._slot("pick:" + "/".join([theme, *[t for t in tags if t], voice or "", position or "", stage or ""]))
        best = None
        for f in sorted(fresh, key=lambda f: _rank(self.seed, self.key, slot, f.id)):
            cost, _r, idx, text = self._best(f, slot)
            if best is None or cost < best[0]:
                best = (cost, f, idx, text)
            if cost <= GOOD_ENOUGH:
                break
        _cost, choice, idx, text = best
        self._next[choice.id] = (idx, text)
        self.used_fragments.add(choice.id)
        if choice.group:
            self.used_groups.add(choice.group)
        return choice

