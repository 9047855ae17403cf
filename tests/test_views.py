"""Tests for generator.render.views: the template contract is code, and docs/kinds.md says the same."""
from __future__ import annotations

from conftest import ROOT
from generator import api
from generator.render import views


def test_docs_kinds_md_carries_the_contract_tables():
    text = (ROOT / "docs" / "kinds.md").read_text(encoding="utf-8")
    want = views.contract_markdown()
    start = text.index("<!-- contract:")
    end = text.index("<!-- /contract -->") + len("<!-- /contract -->")
    assert text[start:end] == want, "docs/kinds.md 的模板契约与代码不符：用 views.contract_markdown() 重写那一节"


def test_every_view_field_has_a_description():
    for v in views.VIEWS:
        assert v.__doc__
        for name, _t, desc in views.describe(v):
            assert desc, f"{v.__name__}.{name} 没有说明"


def test_compose_builds_exactly_the_declared_views():
    """What compose hands the template has the declared keys, no more, no fewer."""
    seen = {}
    from generator.render import compose as compose_mod

    real = compose_mod.render_checked

    def spy(env, name, ctx):
        seen.update(ctx)
        return real(env, name, ctx)

    compose_mod.render_checked = spy
    try:
        api.build(str(ROOT / "outlines" / "speech-deploy-audit.yaml"))
    finally:
        compose_mod.render_checked = real
    doc = seen["doc"]
    assert set(doc) <= set(views.fields_of(views.DocView))
    secs = doc["sections"]
    assert set(secs) == set(views.fields_of(views.SectionsView))
    sec = secs["items"][0]
    assert set(sec) == set(views.fields_of(views.SectionView))
    kinds_seen = {type(x).__name__ for x in sec["body"]}
    assert kinds_seen == {"dict"}
    def walk(sections):
        for s in sections["items"] if sections else ():
            yield from s["body"]
            yield from walk(s["sections"])

    body = list(walk(secs)) + list(doc["opening"]) + list(doc["closing"])
    paras = [x for x in body if x["type"] == "para"]
    lists = [x for x in body if x["type"] != "para"]
    assert paras and set(paras[0]) == set(views.fields_of(views.ParaView))
    assert lists and set(lists[0]) == set(views.fields_of(views.ListView))
    assert set(lists[0]["items"][0]) == set(views.fields_of(views.ItemView))
    for fn in ("pick", "fail", "facts"):
        assert fn in seen and any(k.startswith(fn) for k in views.FUNCTIONS)
