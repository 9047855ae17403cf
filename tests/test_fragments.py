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
        for v in f.variants:  # a mix fragment's sentences are recombined: each variant may use some slots
            assert set(SLOT.findall(v)) <= set(f.slots) if f.mix else set(SLOT.findall(v)) == set(f.slots), f.id
        assert set().union(*(SLOT.findall(v) for v in f.variants)) == set(f.slots), f.id


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


# ------------------------------------------------------------------------ voice, position, stage (#14)

from generator.model.fragments import Meeting, lint, sentence_key, sentences, set_phrases  # noqa: E402


def test_every_shipped_fragment_fits_its_declaration(lib):
    bad = {f.id: lint(f) for f in lib.fragments.values() if lint(f)}
    assert not bad, bad
    for f in lib.fragments.values():
        assert f.declared and f.voice and f.position, f.id
        if f.theme == "pledge" and "runin" in f.position:
            assert f.stage in ("认识", "责任", "措施", "制度", "成效"), f.id


def _one(tmp_path, body: str):
    (tmp_path / "p.yaml").write_text(body, encoding="utf-8")
    lib = Library([tmp_path], ENV)
    return lib


def test_lint_fails_a_planted_subject_plus_must_after_yiyao(tmp_path):
    lib = _one(tmp_path, "theme: t\nfragments:\n  - id: t.planted\n    tags: [speech]\n    voice: leader\n"
                         "    position: [runin]\n    variants:\n      - 党政主要负责人必须把担子挑起来。要抓紧。\n"
                         "      - 切实把担子挑起来。要抓紧。\n")
    msgs = lint(lib.get("t.planted"))
    assert len(msgs) == 1 and "变体1" in msgs[0] and "谓语" in msgs[0]


@pytest.mark.parametrize("voice, text, needle", [
    ("leader", "我们将逐条整改。马上办。", "表态的口吻"),
    ("unit", "同志们，各单位要抓紧。马上办。", "领导部署的口吻"),
])
def test_lint_fails_a_fragment_in_the_wrong_voice(tmp_path, voice, text, needle):
    lib = _one(tmp_path, f"theme: t\nfragments:\n  - id: t.v\n    tags: [speech]\n    voice: {voice}\n"
                         f"    position: [para]\n    variants: [{text}, 另一个说法。]\n")
    assert any(needle in m for m in lint(lib.get("t.v")))


def test_lint_fails_an_opening_that_announces_a_count(tmp_path):
    lib = _one(tmp_path, "theme: t\nfragments:\n  - id: t.o\n    tags: [speech]\n    voice: leader\n"
                         "    position: [opening]\n    variants: [今天开会要解决三件事。, 今天开会很重要。]\n")
    assert any("三件事" in m for m in lint(lib.get("t.o")))


@pytest.mark.parametrize("body, needle", [
    ("    voice: boss\n    position: [para]\n", "未知的voice“boss”"),
    ("    voice: unit\n    position: [para]\n    stage: 随便\n", "阶段应为"),
    ("    voice: unit\n    position: [para]\n    mix: true\n", "句数必须相同"),
])
def test_bad_declarations_are_located(tmp_path, body, needle):
    (tmp_path / "bad.yaml").write_text("theme: t\nfragments:\n  - id: t.a\n    tags: [biaotai]\n" + body
                                       + "    variants: [一句。, 两句。还有一句。]\n", encoding="utf-8")
    with pytest.raises(GaoziError) as exc:
        Library([tmp_path], ENV)
    assert "bad.yaml" in str(exc.value) and needle in str(exc.value)


def test_sentences_and_keys():
    assert sentences("一是抓整改。二是“建制度。”三是！") == ["一是抓整改。", "二是“建制度。”", "三是！"]
    assert sentence_key("一是石桥镇要抓紧整改。", ["石桥镇"]) == sentence_key("三是柳溪乡要抓紧整改。", ["柳溪乡"])
    assert set_phrases("由点及面，纸上整改，纸面整改") == ["由点及面", "纸面整改", "纸面整改"]


def test_the_choice_of_a_slot_does_not_move_when_other_slots_are_used_first(lib):
    f = lib.get("pledge.rules")
    alone = Picker(lib, 7, key="x").variant(f)
    p = Picker(lib, 7, key="x")
    p.variant(lib.get("closing.thanks"))
    p.variant(lib.get("pledge.duty"))
    assert p.variant(f) == alone


def test_a_pinned_variant_always_wins(lib):
    f = lib.get("closing.thanks")
    for seed in range(5):
        p = Picker(lib, seed)
        assert p.variant(f, pin=2) == f.variants[1] and p.log[-1].pinned and p.log[-1].variant == "2"


def test_a_document_does_not_say_a_set_phrase_twice(tmp_path):
    lib = _one(tmp_path, "theme: t\nfragments:\n"
               "  - id: t.a\n    tags: [x]\n    voice: leader\n    position: [para]\n"
               "    variants: [要由点及面查找问题。, 要举一反三查找问题。]\n")
    for seed in range(10):
        p = Picker(lib, seed)
        p.note("我们要由点及面。")
        assert "由点及面" not in p.variant(lib.get("t.a"))


def test_a_meeting_keeps_speeches_apart(tmp_path):
    lib = _one(tmp_path, "theme: t\nfragments:\n"
               "  - id: t.a\n    tags: [x]\n    voice: unit\n    position: [para]\n    mix: true\n"
               "    variants: [甲一甲一甲一甲一。甲二甲二甲二甲二。, 乙一乙一乙一乙一。乙二乙二乙二乙二。,"
               " 丙一丙一丙一丙一。丙二丙二丙二丙二。]\n")
    m = Meeting()
    heard = []
    for row in range(3):
        p = Picker(lib, 0, m, key="same")
        heard.append(p.variant(lib.get("t.a")))
        p.finish()
    assert len(set(heard)) == 3  # the same key would give the same wording three times without the meeting
