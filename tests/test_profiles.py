"""Style profiles: packaged gbt9704 and podium, user files merged over gbt9704, errors with file, line and key."""
from __future__ import annotations

import pytest

from generator.model import profiles
from generator.errors import GaoziError


def test_default_is_gbt9704():
    p = profiles.load(None)
    assert p == profiles.load("gbt9704") and p.name == "gbt9704"
    m = p.margins_mm
    assert (m.top, m.bottom, m.left, m.right) == (37, 35, 28, 26)
    assert (p.line_pitch_pt, p.chars_per_line, p.keep_together, p.footer_gap_mm) == (28.95, 28, False, 7)
    assert (p.fonts.title, p.fonts.body, p.fonts.heading1, p.fonts.heading2) == (
        "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312")
    assert (p.fonts.latin, p.fonts.page_number) == ("Times New Roman", "宋体")
    assert (p.sizes.title, p.sizes.body, p.sizes.page_number) == (22, 16, 14)
    assert p.lead == "bold"
    hash(p)  # the writer caches its base package per profile


def test_podium_overrides_only_what_it_names():
    p, base = profiles.load("podium"), profiles.load(None)
    assert p.sizes.body == 18 and p.lead == "bold" and p.chars_per_line is None and p.keep_together
    assert p.line_pitch_pt > base.line_pitch_pt
    assert p.margins_mm == base.margins_mm and p.fonts == base.fonts and p.sizes.title == base.sizes.title


def test_every_packaged_profile_loads():
    assert {"gbt9704", "podium"} <= set(profiles.names())
    for name in profiles.names():
        assert profiles.load(name).name == name


def test_user_file_is_merged_over_the_default(tmp_path):
    f = tmp_path / "县委办.yaml"
    f.write_text("page:\n  margins_mm: {top: 36}\nfonts:\n  heading1: 方正黑体_GBK\nlead: hei\n", encoding="utf-8")
    p = profiles.load(str(f))
    assert p.name == "县委办" and p.margins_mm.top == 36 and p.margins_mm.left == 28
    assert p.fonts.heading1 == "方正黑体_GBK" and p.fonts.body == "仿宋_GB2312" and p.lead == "hei"


@pytest.mark.parametrize("text, key, hint", [
    ("fonts:\n  titel: 黑体\n", "fonts.titel", "title"),
    ("leed: bold\n", "leed", "lead"),
    ("page:\n  margins_mm:\n    topp: 30\n", "page.margins_mm.topp", "top"),
    ("grid:\n  line_pich_pt: 30\n", "grid.line_pich_pt", "line_pitch_pt"),
])
def test_unknown_key_names_file_line_key_and_suggestion(tmp_path, text, key, hint):
    f = tmp_path / "bad.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(GaoziError) as e:
        profiles.load(str(f))
    msg = str(e.value)
    assert msg.startswith(f"{f}:{text.count(chr(10))}: {key}: ") and f"“{hint}”" in msg


@pytest.mark.parametrize("text, key", [
    ("lead: italic\n", "lead"),
    ("sizes:\n  body: 大\n", "sizes.body"),
    ("sizes:\n  body: 500\n", "sizes.body"),
    ("grid:\n  chars_per_line: true\n", "grid.chars_per_line"),
    ("grid:\n  keep_together: 1\n", "grid.keep_together"),
    ("fonts:\n  body: ''\n", "fonts.body"),
    ("fonts: 黑体\n", "fonts"),
    ("- a\n- b\n", ""),
])
def test_bad_values_are_errors(tmp_path, text, key):
    f = tmp_path / "bad.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(GaoziError) as e:
        profiles.load(str(f))
    assert str(e.value).startswith(str(f)) and (f": {key}: " in str(e.value) if key else True)


def test_missing_profile_suggests_a_packaged_name():
    with pytest.raises(GaoziError, match="podium"):
        profiles.load("podum")
    with pytest.raises(GaoziError, match="找不到"):
        profiles.load("/nonexistent/dir/x.yaml")


def test_yaml_syntax_error_names_the_line(tmp_path):
    f = tmp_path / "broken.yaml"
    f.write_text("fonts:\n  body: [仿宋\n", encoding="utf-8")
    with pytest.raises(GaoziError, match="YAML"):
        profiles.load(str(f))


def test_every_problem_of_a_profile_at_once(tmp_path):
    from generator.errors import GaoziError
    from generator.model import profiles as _profiles

    p = tmp_path / "p.yaml"
    p.write_text("page:\n  margins_mm: {top: 500}\nfontz: {}\ngrid: {keep_together: 3}\n", encoding="utf-8")
    with pytest.raises(GaoziError) as exc:
        _profiles.load(str(p))
    assert [(x.line, x.path) for x in exc.value.problems] == [(2, "page.margins_mm.top"), (3, "fontz"),
                                                              (4, "grid.keep_together")]


def test_profile_file_is_parsed_once_until_it_changes(tmp_path, monkeypatch):
    import os

    from generator.io import yamlload

    f = tmp_path / "cached.yaml"
    f.write_text("lead: kai\n", encoding="utf-8")
    calls = []
    real = yamlload.load
    monkeypatch.setattr(yamlload, "load", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    first = profiles.load(str(f))
    assert profiles.load(str(f)) == first
    assert calls.count(str(f)) <= 1
    f.write_text("lead: hei\n", encoding="utf-8")
    os.utime(f, ns=(1, 10**18))  # a new mtime even on coarse file systems
    assert profiles.load(str(f)).lead == "hei"
