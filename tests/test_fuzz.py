"""Fuzzing: any random outline gives a clean error or a document whose paragraphs survive the .docx round trip;
the same outline and seed give byte-identical .docx in processes with different hash seeds."""
from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT
from generator.api import build, write
from generator.errors import GaoziError

# Text with CJK, ASCII, punctuation, emoji, extension-B, control characters and lone surrogates.
ALPHABET = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from(list("，。：；！？、“”（）《》,.:;!?()\"' -_*#@<>&{}%") + ["😀", "𠀀", "\x01", "\x0b", "\ud800", "\u3000"]),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
)
TEXT = st.text(ALPHABET, min_size=1, max_size=40)
STYLES = st.sampled_from(["一要", "一是", "一是要", "第一，", "一、", "（一）", "1.", "（1）"])


def points(depth: int):
    item = TEXT if depth == 0 else st.one_of(TEXT, st.fixed_dictionaries(
        {"lead": TEXT, "text": TEXT}, optional={"points": points(depth - 1)}))
    return st.fixed_dictionaries({"items": st.lists(item, min_size=1, max_size=4)}, optional={"style": STYLES})


BODY = st.lists(st.one_of(TEXT, st.fixed_dictionaries({"points": points(1)}),
                          st.fixed_dictionaries({"inline": points(0)})), max_size=3)


def sections(depth: int):
    sec = st.fixed_dictionaries({"heading": TEXT}, optional={"body": BODY, **({"sections": sections(depth - 1)} if depth else {})})
    return st.lists(sec, min_size=1, max_size=3)


OUTLINES = st.fixed_dictionaries(
    {"kind": st.just("speech"), "opening": BODY, "closing": BODY},
    optional={"title": TEXT, "speaker": TEXT, "sections": sections(2), "date": st.dates().map(str),
              "vars": st.dictionaries(st.sampled_from(["a", "b", "单位"]), TEXT, max_size=2),
              "junk": TEXT},
)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def as_yaml(data) -> str:
    try:
        return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
    except UnicodeEncodeError:  # libyaml cannot emit a lone surrogate: the Python emitter escapes it
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def build_or_error(data):
    try:
        return build(as_yaml(data), name="fuzz.yaml")
    except GaoziError as exc:
        for p in exc.problems:
            assert str(p).startswith("fuzz.yaml") or str(p).startswith("/"), str(p)
            assert "\n" not in p.message
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(OUTLINES)
def test_random_outline_clean_error_or_docx_round_trip(data):
    doc = build_or_error(data)
    if doc is None:
        return
    import docx

    reopened = docx.Document(io.BytesIO(write(doc, "docx")))
    got = [p.text.replace("\n", "") for p in reopened.paragraphs if p.text.strip()]
    want = [b.text for b in doc.paragraphs() if b.text.strip()]
    assert got == want


def shaped(texts: list[str], rnd) -> dict:
    """A random outline shape (sections, points, inline lists, nesting) filled with the given texts;
    the shape comes from a seeded Random so that hypothesis only generates the texts (much cheaper)."""
    pool = iter(texts * 4)
    take = lambda: next(pool, "甲")

    def body(depth):
        out = []
        for _ in range(rnd.randint(0, 3)):
            r = rnd.random()
            if r < 0.5:
                out.append(take())
            elif r < 0.8:
                items = [take() if rnd.random() < 0.6 else {"lead": take(), "text": take(),
                         **({"points": [take()]} if depth and rnd.random() < 0.3 else {})}
                         for _ in range(rnd.randint(1, 4))]
                out.append({"points": {"style": rnd.choice(["一要", "一是", "一是要", "第一，", "（一）"]), "items": items}})
            else:
                out.append({"inline": {"intro": take(), "items": [take() for _ in range(rnd.randint(1, 4))]}})
        return out

    def sections(depth):
        return [{"heading": take(), "body": body(1), **({"sections": sections(depth - 1)} if depth and rnd.random() < 0.4 else {})}
                for _ in range(rnd.randint(1, 4))]

    data = {"kind": "speech", "title": take(), "opening": body(1), "closing": body(0)}
    if rnd.random() < 0.8:
        data["sections"] = sections(3)
    if rnd.random() < 0.2:
        data[rnd.choice(["sectons", "titel", "vars"])] = take()
    return data


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(st.lists(TEXT, min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_ten_thousand_outlines_never_crash(texts, rnd):
    doc = build_or_error(shaped(texts, rnd))
    if doc is not None:
        assert write(doc, "txt").decode("utf-8").count("\n") == len(doc.blocks)


def test_byte_identical_docx_across_processes(tmp_path):
    outline = ROOT / "templates" / "speech" / "starter.yaml"
    digests = set()
    for i, hashseed in enumerate(["0", "1", "12345"]):
        out = tmp_path / f"o{i}.docx"
        env = {**os.environ, "PYTHONHASHSEED": hashseed, "PYTHONPATH": str(ROOT)}
        r = subprocess.run([sys.executable, "-m", "generator", "render", str(outline), "-o", str(out), "-q",
                            "--seed", "5"], env=env, capture_output=True)
        assert r.returncode == 0, r.stderr.decode()
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(digests) == 1
