"""The one table of Chinese constants: spaced and unspoken roles, and what a missing-word gap looks like."""
from __future__ import annotations

from generator.text import zh


def test_spaced_roles_and_keys_agree():
    assert zh.SPACED_ROLES == {"title", "speaker", "signature"}
    assert zh.SPACED_KEYS == {zh.ROLE_KEYS[r] for r in zh.SPACED_ROLES}


def test_the_outline_summary_is_not_spoken():
    assert "outline-summary" in zh.UNSPOKEN_ROLES and "body" not in zh.UNSPOKEN_ROLES


def test_compose_importer_and_length_use_the_table():
    from generator.importer import core
    from generator.render import compose

    assert compose._SPACED_ROLES is zh.SPACED_ROLES and core._SPACED is zh.SPACED_KEYS


def test_length_does_not_count_the_outline_summary():
    from generator import api

    src = ("kind: speech\ntitle: 在会议上的讲话\noutline_text: 一、提高认识。二、压实责任。\n"
           "sections:\n  - heading: 提高认识\n    body:\n      - 今天开会。\n")
    doc = api.build(src, name="o.yaml")
    summary = [b for b in doc.paragraphs() if b.role == "outline-summary"]
    assert summary
    chars, _ = api.length(doc)
    assert chars == sum(len("".join(b.text.split())) for b in doc.paragraphs()
                        if b.role not in zh.UNSPOKEN_ROLES)


def test_word_gap():
    t = "要加强 和党风廉政建设"
    i = t.index(" ")
    assert zh.is_word_gap(t, i, i + 1)
    t = "加强党的 建设"
    assert zh.is_word_gap(t, t.index(" "), t.index(" ") + 1)
    t = "县委书记　王明"
    assert not zh.is_word_gap(t, 4, 5)
    assert not zh.is_word_gap(" 和", 0, 1) and not zh.is_word_gap("a 和", 1, 2)
