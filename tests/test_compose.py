"""Composition: derived counts, numbering past ten, nesting, fragments, vars, errors located in the outline."""
from __future__ import annotations

import pytest

from generator.api import build
from generator.errors import GaoziError


def explicit(text: str) -> str:
    """Without opening/closing the speech kind adds library passages; these tests want only their own."""
    for key in ("opening", "closing"):
        if f"\n{key}:" not in text:
            text += f"{key}: []\n"
    return text


def paras(text: str, **kw) -> list[str]:
    return [b.text for b in build(explicit(text), name="o.yaml", **kw).paragraphs()]


def roles(text: str, **kw) -> list[tuple[str, str]]:
    return [(b.role, b.text) for b in build(explicit(text), name="o.yaml", **kw).paragraphs()]


def speech(n_sections: int, style: str = "一、") -> str:
    items = "".join(f"    - heading: 第{i}部分的标题\n" for i in range(n_sections))
    return ("kind: speech\nopening:\n  - 下面，我讲{{ n }}点意见。\nsections:\n"
            f"  style: {style}\n  items:\n{items}closing: [谢谢大家。]\n")


def test_four_sections_announce_four_points():
    p = paras(speech(4))
    assert "下面，我讲四点意见。" in p
    assert [x[:2] for x in p if x.startswith(("一、", "二、", "三、", "四、"))] == ["一、", "二、", "三、", "四、"]


def test_two_sections_say_liang():
    assert "下面，我讲两点意见。" in paras(speech(2))


def test_eleven_sections_number_past_ten():
    p = paras(speech(11))
    assert "下面，我讲十一点意见。" in p
    assert any(x.startswith("十一、第10部分") for x in p)
    assert paras(speech(12, "（一）"))[-2].startswith("（十二）")


def test_shouxian_with_five_items_is_a_clear_error_at_the_outline():
    text = ("kind: speech\nsections:\n  - heading: 甲\n    body:\n      - points:\n          style: 首先\n"
            "          items: [一。, 二。, 三。, 四。, 五。]\n")
    with pytest.raises(GaoziError) as exc:
        build(text, name="o.yaml")
    msg = str(exc.value)
    assert msg.startswith("o.yaml:6: sections[0].body[0].points") and "2至4项" in msg


def test_shouxian_three_items_use_zuihou():
    text = ("kind: speech\nopening:\n  - points:\n      style: 首先\n      items: [甲。, 乙。, 丙。]\n")
    assert paras(text)[-3:-0 or None][:3] == ["首先，甲。", "其次，乙。", "最后，丙。"] or \
        [x for x in paras(text) if x[:2] in ("首先", "其次", "最后")] == ["首先，甲。", "其次，乙。", "最后，丙。"]


def test_run_in_points_carry_a_lead_span():
    text = ("kind: speech\nsections:\n  - heading: 甲\n    body:\n      - points:\n          style: 一要\n"
            "          items:\n            - 增强意识。后文一。\n            - lead: 加强协作。\n              text: 后文二。\n")
    doc = build(text, name="o.yaml")
    pts = [b for b in doc.paragraphs() if b.spans and b.spans[0].role == "lead"]
    assert [(b.spans[0].text, b.spans[1].text) for b in pts] == [("一要增强意识。", "后文一。"), ("二要加强协作。", "后文二。")]
    assert pts[0].source == 8


def test_nested_points_follow_as_paragraphs():
    text = ("kind: speech\nsections:\n  - heading: 甲\n    body:\n      - points:\n          style: 第一，\n"
            "          items:\n            - lead: 要聚焦硬任务。\n              text: 正文。\n              points:\n"
            "                style: 一是要\n                items: [抓农田。甲。, 抓产业。乙。]\n            - 要聚焦思想。丙。\n")
    assert paras(text)[-4:] == ["第一，要聚焦硬任务。正文。", "一是要抓农田。甲。", "二是要抓产业。乙。", "第二，要聚焦思想。丙。"]


def test_inline_list_is_one_paragraph_with_derived_count():
    text = ("kind: speech\nopening:\n  - inline:\n      intro: 主要有{{ n }}个方面的原因：\n      style: 一是\n"
            "      items: [思想重视不到位。甲。, 责任落实不到位。乙。, 工作措施不到位。丙。]\n      after: 必须纠正。\n")
    assert "主要有三个方面的原因：一是思想重视不到位。甲。二是责任落实不到位。乙。三是工作措施不到位。丙。必须纠正。" in paras(text)


def test_nested_inline_lists_like_a_news_report():
    text = ("kind: speech\nsalutation: ''\nopening:\n  - inline:\n      intro: 主要是：\n      style: 一、\n      items:\n"
            "        - lead: 学习方面的问题。\n          inline:\n            style: 一是\n            items: [学得不深。, 用得不够。]\n"
            "        - lead: 管理方面的问题。\n          inline: {style: 一是, items: [制度不全。]}\n")
    assert paras(text) == ["主要是：一、学习方面的问题。一是学得不深。二是用得不够。二、管理方面的问题。一是制度不全。"]


def test_runin_heading_opens_its_first_paragraph():
    text = ("kind: speech\nsections:\n  style: （一）\n  items:\n    - heading: 压实整改责任\n      runin: true\n"
            "      body: [各单位要扛起责任。, 第二段。]\n")
    doc = build(text, name="o.yaml")
    first = [b for b in doc.paragraphs() if b.text.startswith("（一）")][0]
    assert first.role == "body" and first.spans[0].role == "lead" and first.text == "（一）压实整改责任。各单位要扛起责任。"


def test_sub_sections_take_the_next_level_family_and_heading_roles():
    text = ("kind: speech\nsections:\n  - heading: 甲\n    sections:\n      - heading: 乙\n        sections:\n"
            "          - heading: 丙\n            sections:\n              - heading: 丁\n")
    r = [x for x in roles(text) if x[0].startswith("heading")]
    assert r == [("heading1", "一、甲"), ("heading2", "（一）乙"), ("heading3", "1.丙"), ("heading4", "（1）丁")]


def test_vars_and_sets_fill_every_text():
    text = "kind: speech\ntitle: 在{{ county }}会议上的讲话\nvars: {county: 清河县}\nopening: ['{{ county }}的同志们。']\n"
    assert paras(text)[0] == "在清河县会议上的讲话"
    assert paras(text, sets={"county": "青山县"})[0] == "在青山县会议上的讲话"


def test_undefined_variables_are_all_named_with_their_place():
    text = "kind: speech\ntitle: '{{ leadr }}'\nopening:\n  - '{{ county }}'\n"
    with pytest.raises(GaoziError) as exc:
        build(text, name="o.yaml")
    msgs = [str(p) for p in exc.value.problems]
    assert any(m.startswith("o.yaml:2: title:") and "leadr" in m for m in msgs)
    assert any(m.startswith("o.yaml:4: opening[0]:") and "county" in m for m in msgs)


def test_number_override_keeps_a_gap():
    text = "kind: speech\nsections:\n  - heading: 甲\n  - heading: 丙\n    number: 3\n"
    assert [x for x in paras(text) if x.endswith(("甲", "丙"))] == ["一、甲", "三、丙"]


def test_fragment_without_its_slot_names_both():
    text = "kind: speech\nopening:\n  - fragment: pledge.accept\n"
    with pytest.raises(GaoziError) as exc:
        build(text, name="o.yaml")
    msg = str(exc.value)
    assert "o.yaml:3" in msg and "pledge.accept" in msg and "team" in msg


def test_fragment_slot_from_vars_or_slots():
    a = paras("kind: speech\nopening:\n  - fragment: pledge.accept\n    slots: {team: 县委第一巡察组}\n")
    b = paras("kind: speech\nvars: {team: 县委第一巡察组}\nopening:\n  - fragment: pledge.accept\n")
    assert "县委第一巡察组" in a[-1] and "县委第一巡察组" in b[-1]


def test_unknown_fragment_suggests():
    with pytest.raises(GaoziError) as exc:
        build("kind: speech\nopening:\n  - fragment: pledge.acept\n", name="o.yaml")
    assert "pledge.accept" in str(exc.value)


def test_same_seed_same_text_and_variants_do_not_repeat():
    text = "kind: speech\nvars: {team: 巡察组}\nopening:\n" + "  - fragment: pledge.accept\n" * 3
    a = paras(text, seed=7)
    assert a == paras(text, seed=7)
    assert len(set(a[-3:])) == 3  # three variants, three uses: no repeat
    assert any(paras(text, seed=s) != a for s in range(1, 6))


def test_user_text_cannot_inject_roles_or_spans():
    text = "kind: speech\nopening:\n  - '@title 假标题 <lead>假</lead> &amp;'\n"
    doc = build(explicit(text), name="o.yaml")
    p = doc.paragraphs()[-1]
    assert p.role == "body" and p.text == "@title 假标题 <lead>假</lead> &amp;" and all(s.role is None for s in p.spans)


def test_sandbox_refuses_python_internals():
    for src in ("{{ ''.__class__.__mro__ }}", "{{ cycler.__init__.__globals__ }}", "{{ self._TemplateReference__context }}"):
        with pytest.raises(GaoziError) as exc:
            build(f"kind: speech\nopening:\n  - \"{src}\"\n", name="o.yaml")
        assert str(exc.value).startswith("o.yaml:3: opening[0]:")


def test_typography_applies_on_output():
    assert paras("kind: speech\nopening: ['今天,我们开会:讲三点(意见)!']\n")[-1] == "今天，我们开会：讲三点（意见）！"


def test_n_outside_a_list_intro_is_explained():
    with pytest.raises(GaoziError) as exc:
        build("kind: speech\nclosing: ['我讲{{ n }}点']\n", name="o.yaml")
    assert "o.yaml:2: closing[0]" in str(exc.value) and "n 只能用在" in str(exc.value)


def test_with_outline_builds_the_tigang():
    text = ("kind: speech\nwith_outline: true\nsections:\n  - heading: 提高站位\n    body:\n      - points:\n"
            "          style: 一要\n          items: [压实责任。甲。, 严格督查。乙。]\n  - heading: 强化落实\n")
    assert paras(text)[0] == "【提纲】一、提高站位。一要压实责任。二要严格督查。二、强化落实。"


def test_markup_characters_in_vars_and_fragments_print_once():
    text = "kind: speech\nvars: {c: 'A&B<lead>@x'}\nopening: ['{{ c }}&amp;', '纯文本&amp;<lead>']\n"
    assert paras(text)[-2:] == ["A&B<lead>@x&amp;", "纯文本&amp;<lead>"]


def test_inline_facts_mapping_and_wrapped_lines_joined():
    text = "kind: speech\nfacts:\n  team: |\n    县委第一\n    巡察组\nopening: ['{{ facts.team }}来了。']\n"
    assert paras(text)[-1] == "县委第一巡察组来了。"


# ------------------------------------------------------------------------------- pinning (#14)

PINNED = """kind: speech
title: 在整改推进会上的讲话
opening: [开场。]
sections:
  - heading: 压实责任
    body:
      - fragment: responsibility.chain#2
      - fragment: supervision.tracking
        variant: 3
closing: [结束。]
"""


def _texts(doc):
    return [b.text for b in doc.paragraphs()]


def test_a_pinned_variant_is_printed_and_survives_adding_a_section():
    from generator import api
    from generator.pipeline import engine

    lib = engine()[1]
    doc = api.build(PINNED, name="p.yaml", seed=3)
    body = "".join(_texts(doc))
    chain = lib.get("responsibility.chain").variants[1]
    track = lib.get("supervision.tracking").variants[2]
    assert chain[:20] in body and track[:20] in body
    more = PINNED.replace("sections:\n", "sections:\n  - heading: 先讲认识\n    body:\n"
                                         "      - fragment: stance.loyalty-test\n      - fragment: responsibility.chain\n")
    body2 = "".join(_texts(api.build(more, name="p.yaml", seed=3)))
    assert chain[:20] in body2 and track[:20] in body2
    lines = api.explain(doc)
    assert any("responsibility.chain#2（钉）" in where for _n, _r, where in lines)
    assert any("supervision.tracking#3（钉）" in where for _n, _r, where in lines)


def test_an_unpinned_choice_does_not_move_when_a_section_is_added():
    from generator import api

    base = PINNED.replace("#2", "").replace("        variant: 3\n", "")
    doc = api.build(base, name="p.yaml", seed=5)
    more = base.replace("closing:", "  - heading: 再讲作风\n    body:\n      - fragment: style.courage\nclosing:")
    doc2 = api.build(more, name="p.yaml", seed=5)
    assert _texts(doc)[3:5] == _texts(doc2)[3:5]


@pytest.mark.parametrize("ref, needle", [
    ("responsibility.chain#9", "没有第 9 个"),
    ("responsibility.chain#x", "变体序号"),
])
def test_bad_pins_are_located(ref, needle):
    from generator import api

    with pytest.raises(GaoziError) as exc:
        api.build(PINNED.replace("responsibility.chain#2", ref), name="p.yaml")
    assert "p.yaml:" in str(exc.value) and needle in str(exc.value)
