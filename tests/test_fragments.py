"""The fragment library: size and shape of the shipped one, user overrides, deterministic choice."""
from __future__ import annotations

import re

import pytest

from generator.errors import GaoziError
from generator.model.fragments import Library, Picker
from generator.model.kinds import template_roots
from generator.render.templating import make_env

ENV = make_env(template_roots())
SLOT = re.compile(r"{{\s*(\w+)\s*}}")


@pytest.fixture(scope="module")
def lib():
    return Library((), ENV)


def test_at_least_80_fragments_in_12_themes_with_2_variants(lib):
    assert len(lib.fragments) >= 80
    assert len(lib.themes) >= 12
    for f in lib.fragments.values():
        assert len(f.variants) >= 2, f.id
        assert f.id.startswith(f.theme + "."), f.id
        assert f.tags, f.id
        for v in f.variants:
            assert set(SLOT.findall(v)) == set(f.slots), f.id


def test_required_themes_present(lib):
    for t in ("opening", "purpose", "stance", "seriousness", "responsibility", "causes", "supervision",
              "mechanism", "development", "style", "closing", "pledge", "report"):
        assert lib.select(theme=t), t


def test_variants_differ_in_wording(lib):
    for f in lib.fragments.values():
        assert len(set(f.variants)) == len(f.variants), f.id


def test_user_folder_adds_and_overrides(tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "theme: closing\nname: 结尾\nfragments:\n  - id: closing.mine\n    tags: [speech]\n    variants: [甲。, 乙。]\n"
        "  - id: pledge.accept\n    tags: [biaotai]\n    variants: [改过的一。, 改过的二。]\n", encoding="utf-8")
    lib = Library([tmp_path], ENV)
    assert "closing.mine" in lib.fragments and lib.get("pledge.accept").variants[0] == "改过的一。"


@pytest.mark.parametrize("body, needle", [
    ("theme: t\nfragments:\n  - id: t.a\n    variants: [只有一个。]\n", "至少需要两个"),
    ("theme: t\nfragments:\n  - id: t.a\n    slots: []\n    variants: ['{{ who }}甲。', '{{ who }}乙。']\n", "未声明的槽位 who"),
    ("theme: t\nfragments:\n  - id: t.a\n    variants: ['{% if %}', '乙。']\n", "语法错误"),
    ("theme: t\nfragmnts: []\n", "fragments"),
])
def test_bad_user_fragments_are_located(tmp_path, body, needle):
    (tmp_path / "bad.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(GaoziError) as exc:
        Library([tmp_path], ENV)
    assert "bad.yaml" in str(exc.value) and needle in str(exc.value)


def test_picker_is_deterministic_and_avoids_repeats(lib):
    f = lib.get("closing.thanks")
    a = [Picker(lib, 3).variant(f) for _ in range(2)]
    assert a[0] == a[1]
    p = Picker(lib, 3)
    seen = [p.variant(f) for _ in range(len(f.variants))]
    assert len(set(seen)) == len(f.variants)


def test_search_finds_by_word(lib):
    assert all("销号" in "".join(f.variants) or "销号" in f.id for f in lib.search("销号"))
    assert lib.search("销号")


def test_pick_takes_at_most_one_fragment_of_a_group(tmp_path):
    (tmp_path / "g.yaml").write_text(
        "theme: gtest\nfragments:\n"
        + "".join(f"  - id: gtest.{i}\n    group: same\n    tags: [speech]\n    variants: [甲{i}。, 乙{i}。]\n" for i in range(3))
        + "  - id: gtest.other\n    tags: [speech]\n    variants: [丙。, 丁。]\n", encoding="utf-8")
    lib = Library([tmp_path], ENV)
    for seed in range(20):
        p = Picker(lib, seed)
        first, second = p.pick("gtest"), p.pick("gtest")
        assert {first.group, second.group} == {"same", None}


@pytest.mark.parametrize("target", ["outside", "/dev/zero"])
def test_a_fragment_file_linked_out_of_its_folder_is_refused(tmp_path, target):  # issue 12, item 2
    from conftest import run_gaozi

    outside = tmp_path / "outside.yaml"
    outside.write_text("secret_key_name: 1\n", encoding="utf-8")
    folder = tmp_path / "frag"
    folder.mkdir()
    (folder / "x.yaml").symlink_to(outside if target == "outside" else target)
    r = run_gaozi("fragments", "list", "--fragments", str(folder), cwd=tmp_path, timeout=30)
    err = r.stderr.decode()
    assert r.returncode == 2 and "secret_key_name" not in err and "之外" in err, err
