"""The check engine: rules found by scanning the rules package, every rule documented, one context for all."""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.lint import engine
from generator.lint import rules as rules_pkg
from generator.lint.check import check_text
from generator.lint.engine import Context, Meta, make_paras, registry, resolve_rules

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")


def test_registry_holds_every_rule_module_and_nothing_else():
    reg = registry()
    modules = sorted(p.stem for p in (ROOT / "generator" / "lint" / "rules").glob("*.py") if not p.stem.startswith("_"))
    assert sorted(r.module.rsplit(".", 1)[1] for r in reg.values()) == modules
    for rid, r in reg.items():
        assert r.id == rid and r.level in engine.LEVELS and r.summary and callable(r.check)
    assert set(engine.RULES) == set(reg) and engine.RULES["placeholder"][0] == "error"


@pytest.mark.parametrize("rid", sorted(registry()))
def test_every_registered_rule_has_a_section_in_docs(rid):
    assert re.search(rf"^### {re.escape(rid)} — ", DOCS, re.M), f"docs/check.md has no section “### {rid} — …”"
    assert f"| `{rid}` |" in DOCS, f"docs/check.md's rule table lacks {rid}"


_NEW_RULE = '''"""A rule dropped in by a test."""
from generator.lint.para import Hit

ID = "shouting"
LEVEL = "warning"
SUMMARY = "感叹号太多"


def check(ctx):
    assert ctx.meta.file and isinstance(ctx.today.year, int) and "shouting" in ctx.rules
    return [Hit(ID, "感叹号太多", "！", pi, p.text.index("！"))
            for pi, p in enumerate(ctx.paras) if p.text.count("！") >= 3]
'''


@pytest.fixture
def dropped_rule(tmp_path, monkeypatch):
    folder = tmp_path / "more_rules"
    folder.mkdir()
    (folder / "shouting.py").write_text(_NEW_RULE, encoding="utf-8")
    monkeypatch.setattr(rules_pkg, "__path__", [*rules_pkg.__path__, str(folder)])
    engine.reset_registry()
    yield folder
    sys.modules.pop("generator.lint.rules.shouting", None)
    monkeypatch.undo()
    engine.reset_registry()


def test_a_dropped_rule_module_runs_under_rule_id_with_no_other_edit(dropped_rule, tmp_path):
    from generator.cli import main

    p = tmp_path / "a.txt"
    p.write_text("好！好！好！大家加油。\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(p), "--rule", "shouting"])
    assert r.exit_code == 0, r.output
    assert "warning shouting: 感叹号太多" in r.output
    assert "shouting" in registry()
    # undocumented: the docs test would fail for it
    assert not re.search(r"^### shouting — ", DOCS, re.M)


def test_a_rule_module_without_its_declarations_is_a_bug_not_a_silent_skip(tmp_path, monkeypatch):
    folder = tmp_path / "broken_rules"
    folder.mkdir()
    (folder / "nameless.py").write_text("def check(ctx):\n    return []\n", encoding="utf-8")
    monkeypatch.setattr(rules_pkg, "__path__", [*rules_pkg.__path__, str(folder)])
    engine.reset_registry()
    try:
        with pytest.raises(RuntimeError, match="缺少 ID"):
            registry()
    finally:
        sys.modules.pop("generator.lint.rules.nameless", None)
        monkeypatch.undo()
        engine.reset_registry()


def test_unknown_rule_names_all_reported_with_did_you_mean():
    from generator.errors import GaoziError

    with pytest.raises(GaoziError) as exc:
        resolve_rules("placeholdr,repaet")
    msgs = [p.message for p in exc.value.problems]
    assert len(msgs) == 2 and "placeholder" in msgs[0] and "repeat" in msgs[1]


def test_context_carries_paragraphs_metadata_date_and_selection():
    seen = {}

    def probe(ctx):
        seen.update(title=ctx.meta.title, today=ctx.today, rules=ctx.rules, n=len(ctx.paras))
        return []

    ps = make_paras([(1, "标题"), (2, "正文。")])
    ctx = Context(ps, Meta("x.txt", "text", "标题"), dt.date(2026, 1, 2), frozenset({"probe"}))
    rule = engine.Rule("probe", "info", "探针", probe, "test")
    engine.registry()["probe"] = rule
    try:
        assert engine.run(ctx) == []
    finally:
        del engine.registry()["probe"]
    assert seen == {"title": "标题", "today": dt.date(2026, 1, 2), "rules": frozenset({"probe"}), "n": 2}


def test_shared_analysis_is_computed_once_per_run():
    calls = []

    def analysis(paras):
        calls.append(1)
        return len(paras)

    ctx = Context(make_paras([(1, "一。")]))
    assert ctx.shared(analysis) == ctx.shared(analysis) == 1 and calls == [1]


def test_line_ignores_and_levels_apply_to_every_rule():
    text = "今天,开会。 gaozi: ignore=punct-width\n明天,开会。\n"
    found = check_text(text, rules="punct-width")
    assert [f.line for f in found] == [2]
    assert [f.level for f in check_text(text, rules="punct-width", levels={"punct-width": "info"})] == ["info"]
    assert check_text(text, rules="punct-width", levels={"punct-width": "off"}) == []
