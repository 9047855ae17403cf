"""The template contract: everything a kind template sees, as typed views with one description per field.

compose builds these (they are plain dicts at run time, so templates read `item.text` or `item["text"]`);
docs/kinds.md carries the same table, kept true by tests/test_views.py. A kind template also sees its kind's
fields under their declared names (model/fields.py says what each type gives), the outline's `vars`,
`--set` values, and the functions in FUNCTIONS.
"""
from __future__ import annotations

from typing import Annotated, TypedDict, Union, get_type_hints


class ParaView(TypedDict):
    """One body paragraph (`body:` text, or a fragment used as a paragraph)."""

    type: Annotated[str, "总是 \"para\""]
    text: Annotated[str, "段落文字（变量已替换）"]
    lead: Annotated[str, "段首的黑体/楷体领句，没有时为空"]
    line: Annotated[int, "提纲中的行号（写入 @body#行号，供 check 定位）"]


class ItemView(TypedDict):
    """One run-in point or inline-list item."""

    lead: Annotated[str, "领句（第一句），不含序号"]
    text: Annotated[str, "领句之后的文字"]
    number: Annotated[int, "序号的数值（1 起；number: 保留的缺号也在这里）"]
    enum: Annotated[str, "算好的序号文字：一是、（一）、1. …"]
    children: Annotated[Union["ListView", None], "下一级列表（分条或段内列举），没有时为 None"]
    line: Annotated[int, "提纲中的行号"]
    paras: Annotated[list, "接续本条的普通段落：ParaView 的列表（paras:），没有时为空"]


class ListView(TypedDict):
    """A list of run-in points (`points:`) or an inline enumeration (`inline:`)."""

    type: Annotated[str, "\"points\"（每条一段）或 \"inline\"（整段列举）"]
    style: Annotated[str, "序号方式（规范写法），如 一是、一要、第一，"]
    total: Annotated[int, "条数"]
    intro: Annotated[str, "引出列表的文字（其中 {{ n }} 已算好）"]
    after: Annotated[str, "列表之后接着写的文字"]
    items: Annotated[list, "各条：ItemView"]
    line: Annotated[int, "提纲中的行号"]
    joined: Annotated[bool, "第一条接在 intro 同一段（joined: true）"]


class SectionView(TypedDict):
    """One section (heading with its body and subsections)."""

    heading: Annotated[str, "标题文字，不含序号"]
    runin: Annotated[bool, "是否写成段首领句（标题后接正文，同一段）"]
    runin_heading: Annotated[str, "作领句时的标题（补上句号）"]
    number: Annotated[int, "序号的数值"]
    enum: Annotated[str, "算好的序号文字：一、（一）1.（1）"]
    body: Annotated[list, "正文：ParaView 和 ListView 的列表"]
    sections: Annotated[Union["SectionsView", None], "下一级标题，没有时为 None"]
    line: Annotated[int, "提纲中的行号"]


class SectionsView(TypedDict):
    """The sections of one level."""

    style: Annotated[str, "这一级的序号方式"]
    total: Annotated[int, "这一级的部分数（“我讲三点意见”里的三）"]
    level: Annotated[int, "层级：1 为一级标题"]
    items: Annotated[list, "各部分：SectionView"]
    line: Annotated[int, "提纲中的行号"]


class DocView(TypedDict, total=False):
    """`doc`: the document as a whole."""

    title: Annotated[str, "标题"]
    subtitle: Annotated[str, "副标题（——在…会议上的讲话）"]
    speaker: Annotated[str, "讲话人一行（职务　姓名）"]
    salutation: Annotated[str, "称谓；提纲不写时取文稿类型的默认值"]
    addressee: Annotated[str, "主送机关"]
    signature: Annotated[str, "署名"]
    source: Annotated[str, "来源一行（新闻稿）"]
    outline_text: Annotated[str, "提纲里直接写出的【提纲】文字"]
    kind: Annotated[str, "文稿类型的编号（speech、biaotai …）"]
    date: Annotated[str, "日期，写成 2025年3月18日；没有时为空"]
    date_line: Annotated[str, "讲话稿标题下的日期行（2025年3月18日），没有日期时为空"]
    sign_date: Annotated[str, "成文日期（有署名时默认取 date）"]
    opening: Annotated[list, "开场白：ParaView 和 ListView 的列表（其中 {{ n }} 是一级部分数）"]
    sections: Annotated[Union[SectionsView, None], "一级标题，没有时为 None"]
    closing: Annotated[list, "结束语：ParaView 和 ListView 的列表"]
    opening_given: Annotated[bool, "提纲是否写了 opening（写了 [] 表示不要开场白）"]
    closing_given: Annotated[bool, "提纲是否写了 closing"]
    summary: Annotated[str, "【提纲】段的文字（with_outline 或 outline_text 时）"]
    fields: Annotated[dict, "文稿类型字段的值（与按字段名直接访问相同）"]


#: The functions (and the facts) every kind template sees, besides `doc` and the kind's fields.
FUNCTIONS: dict[str, str] = {
    "facts": "事实文件的内容（映射；日期已写成 2025年3月18日），docs/facts.md",
    "fragment(id, **槽位)": "片段库中一段文字（按 seed 选变体），槽位缺了报错",
    "pick(主题, *标签, **槽位)": "从主题中按标签挑一段（同组只取一个；库里没有时为空）",
    "fail(消息)": "拒绝生成，把模板自己的中文消息告诉用户",
    # not `note`: that is a kind field (附注, progress-report and plan) and the two would shadow each other
    "missing_fact(事实, 影响)": "缺了某项事实、一句话因此不写或换了说法时调用：渲染时作为警告告诉用户（没有事实文件时不报）",
}

VIEWS = (DocView, SectionsView, SectionView, ListView, ItemView, ParaView)


def describe(view) -> list[tuple[str, str, str]]:
    """(field, type, description) of a view, in declaration order, for docs and tests."""
    hints = get_type_hints(view, include_extras=True)
    out = []
    for name in view.__annotations__:
        hint = hints[name]
        meta = getattr(hint, "__metadata__", ("",))
        base = getattr(hint, "__origin__", hint)
        tname = getattr(base, "__name__", None) or str(base).replace("typing.", "")
        out.append((name, tname, str(meta[0])))
    return out


def fields_of(view) -> tuple[str, ...]:
    return tuple(view.__annotations__)


def contract_markdown() -> str:
    """The template contract as the Markdown tables of docs/kinds.md (tests/test_views.py compares them)."""
    out = ["<!-- contract: generated from generator/render/views.py, model/fields.py, model/kinds.py; tests/test_views.py keeps it true -->"]
    out.append("### 字段类型（kind.yaml 的 `type:`）\n\n| 类型 | 含义 | 模板里得到 |\n|---|---|---|")
    from generator.model import fields, kinds  # only the docs need these

    for t in fields.TYPES.values():
        out.append(f"| `{t.name}` | {t.cn} | {t.template} |")
    out.append("\n字段声明可写：" + "、".join(f"`{k}`" for k in fields.FIELD_KEYS) + "。`list` 字段可写 `items:`（列表项的类型名，"
               "或“字段名: {type: …}”的映射），列表项里写错的键在提纲自己的行号上报告。")
    out.append("\n### 默认项（kind.yaml 的 `defaults:`）\n\n| 默认项 | 含义 | 不写时 |\n|---|---|---|")
    for k, (cn, d) in kinds.DEFAULTS.items():
        out.append(f"| `{k}` | {cn} | {d or '（空）'} |")
    out.append("\n保留名（字段不能用）：" + "、".join(f"`{n}`" for n in kinds.RESERVED_FIELDS) + "。")
    out.append("\n### 模板看到的函数\n\n| 名字 | 作用 |\n|---|---|")
    for k, d in FUNCTIONS.items():
        out.append(f"| `{k}` | {d} |")
    for v in VIEWS:
        name = {"DocView": "doc"}.get(v.__name__, v.__name__)
        out.append(f"\n### `{name}`：{v.__doc__.strip()}\n\n| 字段 | 类型 | 含义 |\n|---|---|---|")
        for f, t, d in describe(v):
            out.append(f"| `{f}` | {t} | {d} |")
    out.append("<!-- /contract -->")
    return "\n".join(out)
