"""The fragment library: reusable slot-filled passages by theme, with variants chosen deterministically."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import meta

from generator.errors import GaoziError, Problem, did_you_mean
from generator.io.resources import data_dir
from generator.io.textio import read_text
from generator.io.yamlload import LList, LMap, load

_FILE_KEYS = ("theme", "name", "fragments")
_FRAG_KEYS = ("id", "tags", "slots", "variants", "description", "group")
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
                                                f"片段模板语法错误：{getattr(exc, 'message', exc)}"))
                        continue
                    extra = sorted(set(used) - set(slots) - set(_GLOBALS))
                    if extra:
                        problems.append(Problem(name, variants_line(variants_node(f), j), f"{p}.variants[{j}]",
                                                f"用到了未声明的槽位 {'、'.join(extra)}（请写进 slots）"))
            group = f.get("group")
            if group is not None and not isinstance(group, str):
                problems.append(Problem(name, f.line_of("group"), f"{p}.group", "应当是分组名（文字）"))
                group = None
            self.fragments[fid] = Fragment(fid, theme, tuple(tags), tuple(slots), tuple(variants), name, f.line,
                                           group)

    def get(self, fid: str, *, file: str = "", line: int | None = None, path: str = "fragment") -> Fragment:
        if fid not in self.fragments:
            raise GaoziError(Problem(file, line, path, f"找不到片段“{fid}”{did_you_mean(fid, self.fragments)}"))
        return self.fragments[fid]

    def select(self, theme: str | None = None, kind: str | None = None, tag: str | None = None) -> list[Fragment]:
        out = []
        for f in self.fragments.values():
            if theme and f.theme != theme:
                continue
            if kind and kind not in f.tags:
                continue
            if tag and tag not in f.tags:
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


def variants_node(f: LMap):
    return f.get("variants")


def variants_line(node, j: int) -> int:
    return node.line_of(j) if isinstance(node, LList) else 0


class Picker:
    """Chooses fragments and variants for one document: same seed, same choices; no repeats while fresh ones remain."""

    def __init__(self, library: Library, seed: int):
        self.library = library
        self.rng = random.Random(seed)
        self.used_variants: dict[str, set[int]] = {}
        self.used_fragments: set[str] = set()
        self.used_groups: set[str] = set()

    def variant(self, frag: Fragment) -> str:
        used = self.used_variants.setdefault(frag.id, set())
        fresh = [i for i in range(len(frag.variants)) if i not in used]
        if not fresh:
            used.clear()
            fresh = list(range(len(frag.variants)))
        i = self.rng.choice(fresh)
        used.add(i)
        self.used_fragments.add(frag.id)
        if frag.group:
            self.used_groups.add(frag.group)
        return frag.variants[i]

    def pick(self, theme: str, *tags: str, available=None) -> Fragment | None:
        """A fragment of the theme whose tags include all of `tags` and whose slots are all `available`,
        preferring ones not used yet."""
        pool = [f for f in self.library.select(theme=theme) if all(t in f.tags for t in tags if t)
                and (available is None or all(s in available for s in f.slots))]
        if not pool:
            return None
        fresh = [f for f in pool if f.id not in self.used_fragments and f.group not in self.used_groups] or \
            [f for f in pool if f.id not in self.used_fragments] or pool
        choice = self.rng.choice(fresh)
        self.used_fragments.add(choice.id)
        if choice.group:
            self.used_groups.add(choice.group)
        return choice
