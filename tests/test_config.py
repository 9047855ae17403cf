"""`.gaozi-check.yaml`: every problem of the file at once, each at its line."""
from __future__ import annotations

import pytest

from generator.errors import GaoziError
from generator.lint.config import CONFIG_NAME, load_config


def test_every_problem_at_once(tmp_path):
    cfg = tmp_path / CONFIG_NAME
    cfg.write_text("ignore: [repaet, placeholder]\nrule: {}\nrules:\n  punct-width: loud\n  lenght: info\n",
                   encoding="utf-8")
    draft = tmp_path / "a.txt"
    draft.write_text("今天开会。", encoding="utf-8")
    with pytest.raises(GaoziError) as exc:
        load_config(str(draft))
    found = [(p.line, p.path) for p in exc.value.problems]
    assert (1, "ignore") in found and (2, "rule") in found
    assert (4, "rules.punct-width") in found and (5, "rules.lenght") in found
    msgs = " ".join(p.message for p in exc.value.problems)
    assert "repeat" in msgs and "length" in msgs and "rules" in msgs


def test_a_good_config(tmp_path):
    (tmp_path / CONFIG_NAME).write_text("ignore: repeat\nrules: {punct-width: info, length: false}\n",
                                        encoding="utf-8")
    draft = tmp_path / "a.txt"
    draft.write_text("今天开会。", encoding="utf-8")
    assert load_config(str(draft)) == (["repeat"], {"punct-width": "info", "length": "off"})
