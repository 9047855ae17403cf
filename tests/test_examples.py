"""Example outlines: every one renders (txt, md, docx), is clean for `gaozi check`, matches its golden
files, and the seed-structure examples have the skeleton of their seed.

Golden files: tests/golden/<example>.txt, .md and .jsonl (one JSON line [role, text] per paragraph).
Regenerate them after an intended change with

    GAOZI_UPDATE_GOLDEN=1 python -m pytest -q tests/test_examples.py
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from generator import api
from generator.text.numbering import detect, find_inline, parse_cn_numeral

ROOT = Path(__file__).resolve().parent.parent
OUTLINES = ROOT / "outlines"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEEDS = ROOT.parent / "shared" / "seeds"
UPDATE = os.environ.get("GAOZI_UPDATE_GOLDEN") == "1"

EXAMPLES = sorted(p.stem for p in OUTLINES.glob("*.yaml"))
# The speech-family examples (this suite keeps their golden files); the other kinds' examples only
# have to render and pass `gaozi check` here.
OWN_KINDS = ("speech", "biaotai", "feedback-report")


def _kind_of(name: str) -> str:
    from generator.io.yamlload import load

    data = load((OUTLINES / f"{name}.yaml").read_text(encoding="utf-8"), name)
    return str(data.get("kind", "")) if isinstance(data, dict) else ""


OWN = [n for n in EXAMPLES if _kind_of(n) in OWN_KINDS]
OWN_SOURCES = [OUTLINES / f"{n}.yaml" for n in OWN] + sorted((OUTLINES / "facts").glob("*.yaml"))


def build(name: str, seed: int = 0):
    return api.build(str(OUTLINES / f"{name}.yaml"), seed=seed)


def test_there_are_examples_for_every_speech_kind():
    assert {_kind_of(n) for n in OWN} == set(OWN_KINDS)
    assert {"speech-deploy-audit", "speech-warning", "speech-supervision", "speech-causes", "feedback-report"} <= set(OWN)


# ---------------------------------------------------------------------------------------------
# every example renders

@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("fmt", ["txt", "md", "docx"])
def test_example_renders(name, fmt):
    doc = build(name)
    data = api.write(doc, fmt)
    assert data
    if fmt == "docx":
        assert data[:2] == b"PK"
    else:
        text = data.decode("utf-8")
        assert "None" not in text and "{{" not in text and "{%" not in text


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_has_no_error_for_gaozi_check(name):
    from generator.lint import check
    findings = check.check_path(str(OUTLINES / f"{name}.yaml"))
    errors = [str(f) for f in findings if f.level == "error"]
    assert not errors, "\n".join(errors)


PLACEHOLDERS = re.compile(r"某某|\*\*|(?<![A-Za-z])[xX×]{1,3}(?![A-Za-z0-9])|_{2,}|【待")


@pytest.mark.parametrize("path", OWN_SOURCES, ids=lambda p: p.relative_to(OUTLINES).as_posix())
def test_example_sources_have_no_placeholders(path):
    text = path.read_text(encoding="utf-8")
    body = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    assert not PLACEHOLDERS.search(body), PLACEHOLDERS.search(body)[0]


# ---------------------------------------------------------------------------------------------
# golden files

def _paragraphs(doc) -> list[list[str]]:
    return [[b.role, b.text] for b in doc.paragraphs()]


def _jsonl(rows) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _golden(path: Path, actual: str) -> str | None:
    """The stored golden text; with GAOZI_UPDATE_GOLDEN=1 (or when missing) write `actual` first."""
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    if not path.is_file():
        pytest.fail(f"missing golden file {path.name}: run GAOZI_UPDATE_GOLDEN=1 python -m pytest tests/test_examples.py")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", OWN)
def test_golden_paragraphs(name):
    actual = _paragraphs(build(name))
    stored = [json.loads(line) for line in _golden(GOLDEN / f"{name}.jsonl", _jsonl(actual)).splitlines() if line]
    for i, (want, got) in enumerate(zip(stored, actual), 1):
        assert tuple(got) == tuple(want), f"paragraph {i}"
    assert len(actual) == len(stored)


@pytest.mark.parametrize("name", OWN)
@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_golden_text(name, fmt):
    actual = api.write(build(name), fmt).decode("utf-8")
    assert actual == _golden(GOLDEN / f"{name}.{fmt}", actual)


# ---------------------------------------------------------------------------------------------
# skeletons: the enumerator families, their counts and their nesting, read back from the rendered text

_FRAME = ("title", "speaker", "date-line", "salutation", "outline-summary", "addressee", "source",
          "signature", "sign-date")


def G(family: str, *items):
    """An expected list: G("一要", 4) is four items with nothing under them; G("一、", [], [G("一要", 4)])
    is two items, the second holding a nested 一要 list."""
    if len(items) == 1 and isinstance(items[0], int):
        items = ([],) * items[0]
    return (family, tuple(tuple(children) for children in items))


def skeleton(doc) -> list:
    """Nested enumerations of the paragraphs that start with an enumerator (numbering.detect).

    A family already open continues (its next item; lists under it close); a new family opens a list
    under the current item. Item numbers must run 1, 2, 3 … (最后 closes the 首先 family)."""
    root: list = []
    stack: list[tuple[str, list]] = []  # (family, items), items = list of child lists
    for b in doc.paragraphs():
        if b.role in _FRAME:
            continue
        m = detect(b.text)
        if m is None:
            continue
        for depth, (fam, items) in enumerate(stack):
            if fam == m.family:
                del stack[depth + 1:]
                items.append([])
                break
        else:
            items = [[]]
            parent = stack[-1][1][-1] if stack else root
            parent.append((m.family, items))
            stack.append((m.family, items))
        n = len(stack[-1][1])
        assert m.index in (n, -1), f"{b.text[:12]}: item {m.index}, expected {n}"

    def freeze(groups):
        return [(fam, tuple(tuple(freeze(children)) for children in items)) for fam, items in groups]

    return freeze(root)


def announced(doc, pattern: str) -> int:
    for p in doc.paragraphs():
        m = re.search(pattern, p.text)
        if m:
            return parse_cn_numeral(m[1])
    raise AssertionError(f"no announcement {pattern}")


def roles(doc) -> list[str]:
    return [b.role for b in doc.paragraphs()]


def closing_texts(doc) -> list[str]:
    return [b.text for b in doc.paragraphs() if b.role == "closing"]


def test_skeleton_seed_000_speech_deploy_audit():
    """No title; 同志们; intro ends 我讲五点意见; （一）…（五）; 一要 under the first, 一是要 under the rest."""
    doc = build("speech-deploy-audit")
    assert roles(doc)[:2] == ["salutation", "body"] and "title" not in roles(doc)
    assert skeleton(doc) == [G("（一）", [G("一要", 2)], [G("一是要", 3)], [G("一是要", 3)], [G("一是要", 3)],
                                [G("一是要", 3)])]
    assert announced(doc, r"我讲(\S)点意见：$") == 5
    assert doc.paragraphs()[1].text.endswith("我讲五点意见：")
    assert closing_texts(doc)[-1].endswith("谢谢大家！")
    assert {b.role for b in doc.paragraphs() if b.role.startswith("heading")} == {"heading1"}


def test_skeleton_seed_001_speech_warning():
    """Title; two intro paragraphs, the second ending 我讲三点意见; 一、二、三; sections 2 and 3 with 一要…四要."""
    doc = build("speech-warning")
    assert roles(doc)[:4] == ["title", "salutation", "body", "body"]
    assert roles(doc)[4] == "heading1"
    assert doc.paragraphs()[3].text.endswith("我讲三点意见。")
    assert skeleton(doc) == [G("一、", [], [G("一要", 4)], [G("一要", 4)])]
    assert announced(doc, r"我讲(\S)点意见") == 3
    assert closing_texts(doc)[-1] == "我就讲这些，谢谢大家。"


def test_skeleton_seed_002_speech_supervision():
    """【提纲】, title, 一、二、三; section 2: 第一，(with nested 一是要 ×3) 第二，第三，; section 3: 一要…四要."""
    doc = build("speech-supervision")
    assert roles(doc)[:3] == ["outline-summary", "title", "salutation"]
    summary = doc.paragraphs()[0].text
    assert summary.startswith("【提纲】一、")
    summary = summary[len("【提纲】"):]
    assert [i for _, _, i in find_inline(summary, "一、")] == [1, 2, 3]
    assert [i for _, _, i in find_inline(summary, "一要")] == [1, 2, 3, 4]
    assert skeleton(doc) == [G("一、", [], [G("第一，", [G("一是要", 3)], [], [])], [G("一要", 4)])]
    assert announced(doc, r"我讲(\S)点意见") == 3
    assert closing_texts(doc)[-1].endswith("谢谢大家。")


def test_skeleton_seed_003_speech_causes():
    """No title; the opening lists four causes inline 一是…四是 (announced as 四个方面的原因), then
    four paragraphs 首先，其次，再次，最后，; a rally close and 谢谢大家."""
    doc = build("speech-causes")
    assert "title" not in roles(doc) and roles(doc)[0] == "salutation"
    opening = doc.paragraphs()[1].text
    assert [i for _, _, i in find_inline(opening, "一是")] == [1, 2, 3, 4]
    assert announced(doc, r"主要有以下(\S)个方面的原因：") == 4
    assert skeleton(doc) == [G("首先", 4)]
    starts = [detect(b.text).enumerator for b in doc.paragraphs() if detect(b.text)]
    assert starts == ["首先，", "其次，", "再次，", "最后，"]
    assert closing_texts(doc)[0].startswith("同志们，")
    assert closing_texts(doc)[-1] == "谢谢大家！"


def _segments(text: str, outer: str, inner: str) -> list[int]:
    """Items of `inner` inside each `outer` item of an inline enumeration."""
    hits = find_inline(text, outer)
    assert [i for _, _, i in hits] == list(range(1, len(hits) + 1))
    bounds = [s for s, _, _ in hits] + [len(text)]
    counts = []
    for a, b in zip(bounds, bounds[1:]):
        inner_hits = find_inline(text[a:b], inner)
        assert [i for _, _, i in inner_hits] == list(range(1, len(inner_hits) + 1))
        counts.append(len(inner_hits))
    return counts


def test_skeleton_seed_004_feedback_report():
    """Headline; lead; findings 一、…一是…二是…二、… in ONE paragraph; 提出了三点整改意见建议：一是…;
    强调：一、…一要…; 作表态发言…一是…; attendees; source line. No heading lines anywhere."""
    doc = build("feedback-report")
    assert roles(doc) == ["title"] + ["body"] * 6 + ["source"]
    assert skeleton(doc) == []  # every enumeration is inline
    lead, findings, suggestions, requirements, statement, attendance = [b.text for b in doc.paragraphs()[1:7]]
    assert re.match(r"\d{4}年\d{1,2}月\d{1,2}日，", lead)
    assert _segments(findings, "一、", "一是") == [4, 4, 4, 3]
    assert announced(doc, r"归纳起来主要有(\S)个方面：") == 4
    assert [i for _, _, i in find_inline(suggestions, "一是")] == [1, 2, 3]
    assert announced(doc, r"提出了(\S)点整改意见建议：") == 3
    assert _segments(requirements, "一、", "一要") == [3, 3, 3]
    assert [i for _, _, i in find_inline(statement, "一是")] == [1, 2, 3]
    assert attendance.endswith("列席会议。")
    assert doc.paragraphs()[-1].text == "（来源：澄川县人民政府网站）"


# ---------------------------------------------------------------------------------------------
# original text: no sentence is copied from the seeds

def _normalise(text: str) -> str:
    from generator.text.typography import normalize

    return normalize(text)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not available")
def test_examples_and_templates_copy_nothing_from_the_seeds():
    """No run of 9 characters of an example outline or of these kinds' templates appears in a seed,
    except formulas the genre description itself prescribes (docs of the genres)."""
    n = 9
    seeds = [_normalise(p.read_text(encoding="utf-8")).replace("\n", "") for p in sorted(SEEDS.glob("0*.txt"))]
    grams = {s[i:i + n] for s in seeds for i in range(len(s) - n + 1)}
    genres = SEEDS.parent / "docs" / "genres.md"
    allowed = _normalise(genres.read_text(encoding="utf-8")) if genres.is_file() else ""
    files = OWN_SOURCES + [
        p for k in ("speech", "biaotai", "feedback-report") for p in sorted((ROOT / "templates" / k).iterdir())]
    copied = []
    for path in files:
        for line in _normalise(path.read_text(encoding="utf-8")).splitlines():
            for i in range(len(line) - n + 1):
                g = line[i:i + n]
                if g in grams and not g.isascii() and g not in allowed:
                    copied.append(f"{path.relative_to(ROOT)}: {g}")
    assert not copied, "\n".join(copied)


# ---------------------------------------------------------------- layout in a real renderer

# plan carries the ledger as a table: tables leave the line grid, so its pages are not 22-line pages.
PORTRAIT_KINDS = ("speech", "biaotai", "feedback-report", "progress-report")


@pytest.fixture(scope="module")
def example_pdfs(tmp_path_factory):
    """Every portrait example and every kind's starter, converted in one LibreOffice run."""
    import layoutcheck
    from generator.api import write
    from generator.model.kinds import all_kinds

    layoutcheck.require_libreoffice()
    d = tmp_path_factory.mktemp("examples-pdf")
    sources = {n: OUTLINES / f"{n}.yaml" for n in EXAMPLES if _kind_of(n) in PORTRAIT_KINDS}
    for k in all_kinds().values():
        if k.name in PORTRAIT_KINDS:
            sources[f"starter-{k.name}"] = k.folder / (k.starter or "starter.yaml")
    for name, path in sources.items():
        (d / f"{name}.docx").write_bytes(write(build_path(path), "docx"))
    layoutcheck.to_pdf(d, [d / f"{n}.docx" for n in sources])
    return {n: d / f"{n}.pdf" for n in sources}


def build_path(path: Path):
    from generator.api import build as api_build

    return api_build(str(path))


def test_examples_and_starters_pass_the_page_checks(example_pdfs):
    import layoutcheck

    assert len(example_pdfs) >= 8
    full = []
    for name, pdf in example_pdfs.items():
        _, body = layoutcheck.check_gbt_pages(pdf)
        full += layoutcheck.line_widths(body)["full"]
    assert full and all(27 <= w <= 29 for w in full)  # 28 ± 1 characters on full lines


# ---- every documented example runs (issue 12, item 32) ------------------------------------------------
DOCS = Path(__file__).resolve().parent.parent / "docs"
_BLOCK = re.compile(r"^( *)```yaml\n(.*?)^\1```", re.S | re.M)


def _doc_examples(pattern: str):
    out = []
    for md in sorted(DOCS.glob("*.md")):
        text = md.read_text(encoding="utf-8")
        for m in _BLOCK.finditer(text):
            body = "\n".join(line[len(m.group(1)):] for line in m.group(2).splitlines()) + "\n"
            if re.search(pattern, body, re.M):
                out.append(pytest.param(body, id=f"{md.name}:{text[:m.start()].count(chr(10)) + 1}"))
    return out


@pytest.mark.parametrize("body", _doc_examples(r"^kind:"))
def test_documented_outline_renders(body, monkeypatch):
    monkeypatch.chdir(DOCS.parent / "outlines")  # documented paths (facts/…) are relative to the examples
    doc = api.build(body, name="example.yaml")
    assert api.write(doc, "txt").strip()


@pytest.mark.parametrize("body", _doc_examples(r"^fragments:"))
def test_documented_fragment_file_loads(body, tmp_path):
    from generator.model.fragments import Library

    (tmp_path / "example.yaml").write_text(body, encoding="utf-8")
    lib = Library([tmp_path])
    assert any(f.file.endswith("example.yaml") for f in lib.fragments.values())


def test_documented_fragment_ids_exist():
    lib_ids = set(api.engine()[1].fragments)
    for md in sorted(DOCS.glob("*.md")):
        for fid in re.findall(r"fragment: ([a-z]+\.[a-z0-9-]+)", md.read_text(encoding="utf-8")):
            assert fid in lib_ids, f"{md.name}: {fid}"


# ---------------------------------------------------------------- fragments land where they may (#14)

_VOICE_OF_KIND = {"biaotai": {"unit"}, "speech": {"leader"}, "feedback-report": {"report"},
                  "progress-report": {"report", "unit"}, "plan": {"leader", "report"}, "ledger": {"report"}}


@pytest.mark.parametrize("path", sorted([*map(str, (ROOT / "outlines").glob("*.yaml")),
                                         *map(str, (ROOT / "templates").glob("*/starter.yaml"))]))
def test_every_fragment_is_used_in_its_declared_voice_and_position(path):
    from generator.model.fragments import sentences
    from generator.pipeline import engine

    lib = engine()[1]
    doc = api.build(path)
    for fid, _variant, _pinned, text in doc.meta["choices"]:
        f = lib.get(fid)
        assert set(f.voice) & _VOICE_OF_KIND[doc.meta["kind"]], (path, fid, f.voice)
        block = next((b for b in doc.paragraphs() if text[:16] and text[:16] in b.text), None)
        if block is None:
            continue  # rendered but not printed (a template's spare)
        lead = "".join(s.text for s in block.spans if s.role == "lead")
        first = sentences(text)[0] if sentences(text) else text
        if lead and lead.endswith(first):
            assert "runin" in f.position, (path, fid)
        elif block.role == "closing":
            assert "closing" in f.position, (path, fid)
        else:
            assert {"para", "opening"} & set(f.position), (path, fid, f.position)
