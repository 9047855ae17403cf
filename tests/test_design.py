"""docs/design.md is the map of generator/: every module is listed there."""
from __future__ import annotations

import re

from conftest import ROOT


def test_every_module_is_in_the_design_map():
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([a-z_/]+\.py)`", text))
    missing = []
    for p in sorted((ROOT / "generator").rglob("*.py")):
        rel = p.relative_to(ROOT / "generator")
        if rel.name in ("__init__.py", "__main__.py"):
            continue
        s = rel.as_posix()
        if s in listed:
            continue
        if s.startswith("lint/rules/") and "lint/rules/*.py" in text:
            continue
        missing.append(s)
    assert not missing, f"docs/design.md 的模块表缺少：{missing}"


def test_every_stage_package_says_what_it_is():
    for init in sorted((ROOT / "generator").glob("*/__init__.py")):
        doc = init.read_text(encoding="utf-8").strip()
        assert doc.startswith('"""'), f"{init.parent.name}/__init__.py 应当用一句话说明这一层做什么"
