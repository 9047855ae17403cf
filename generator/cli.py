"""The `gaozi` command line: click options mapped onto the library API, nothing more."""
from __future__ import annotations

import functools
import os
import sys

import click

# The engine (jinja2, docx) is imported inside the commands so that `gaozi --help` starts fast.

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def guarded(fn):
    """Bad input becomes one line per problem on stderr and exit 2; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from .errors import GaoziError

        try:
            return fn(*args, **kwargs)
        except GaoziError as exc:
            for p in exc.problems:
                click.echo(str(p), err=True)
            sys.exit(EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            click.echo("已中断，未写出不完整的文件。", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(EXIT_OK)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug of ours: still one line, the details only on request
            if os.environ.get("GAOZI_DEBUG"):
                raise
            click.echo(f"gaozi 内部错误：{type(exc).__name__}: {exc}（设置 GAOZI_DEBUG=1 查看详情并报告）", err=True)
            sys.exit(3)

    return wrapper


def _sets(values) -> dict:
    from .errors import GaoziError

    out = {}
    for v in values:
        if "=" not in v:
            raise GaoziError(f"--set 的格式应为 键=值，而不是“{v}”")
        k, val = v.split("=", 1)
        out[k.strip()] = val
    return out


def _emit(data: bytes, output: str | None, *, inputs=(), force=False) -> None:
    from .atomic import write_atomic

    if output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(output, data, inputs=inputs, force=force)


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="gaozi", prog_name="gaozi", message="%(prog)s %(version)s")
def main():
    """gaozi（稿子）：根据 YAML 提纲起草并排版巡视巡察、审计、督查整改的讲话和报告。

    \b
    例：gaozi new speech -o 讲话.yaml && gaozi render 讲话.yaml -o 讲话.docx
    """


@main.command(context_settings=CONTEXT)
@click.option("--templates", "template_dirs", multiple=True, type=click.Path(file_okay=False), help="用户模板文件夹（优先）。")
@guarded
def kinds(template_dirs):
    """列出可用的文稿类型。

    \b
    例：gaozi kinds
    """
    from .kinds import all_kinds

    for k in all_kinds(template_dirs).values():
        click.echo(f"{k.name:<16}{k.title}：{k.description}")


@main.command(context_settings=CONTEXT)
@click.argument("kind")
@click.option("-o", "--output", help="写入的提纲文件（默认输出到屏幕）。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
@click.option("--templates", "template_dirs", multiple=True, type=click.Path(file_okay=False), help="用户模板文件夹（优先）。")
@guarded
def new(kind, output, force, template_dirs):
    """写出一份带注释的提纲模板，不改动即可渲染。

    \b
    例：gaozi new speech -o 讲话.yaml
    """
    from .errors import GaoziError
    from .kinds import get_kind

    k = get_kind(kind, template_dirs)
    starter = k.folder / (k.starter or "starter.yaml")
    if not starter.is_file():
        raise GaoziError(f"文稿类型“{kind}”没有提供提纲模板")
    _emit(starter.read_bytes(), output, force=force)
    if output and output != "-":
        click.echo(f"已写出 {output}；渲染：gaozi render {output} -o 输出.docx", err=True)


def _render_options(fn):
    for opt in reversed([
        click.option("-o", "--output", help="输出文件；- 为屏幕。省略时 txt/md 输出到屏幕，docx 写到“提纲名.docx”。"),
        click.option("-f", "--format", "fmt", type=click.Choice(["txt", "md", "docx"]), help="输出格式（默认按 -o 的扩展名）。"),
        click.option("--set", "sets", multiple=True, metavar="键=值", help="覆盖变量，可重复。"),
        click.option("--seed", type=int, default=0, show_default=True, help="片段变体的随机种子：相同种子输出相同。"),
        click.option("--templates", "template_dirs", multiple=True, type=click.Path(file_okay=False), help="用户模板文件夹（优先）。"),
        click.option("--fragments", "fragment_dirs", multiple=True, type=click.Path(file_okay=False), help="用户片段文件夹（按编号覆盖片段库）。"),
        click.option("--style", "profile", help="Word 样式方案：gbt9704（默认）、podium 或样式文件。"),
        click.option("--with-outline", is_flag=True, default=None, help="在正文前加【提纲】。"),
        click.option("--rate", type=int, default=220, show_default=True, help="语速：每分钟字数，用于估算讲话时长。"),
        click.option("--force", is_flag=True, help="覆盖已存在的输出文件。"),
        click.option("-q", "--quiet", is_flag=True, help="不报告字数和时长。"),
    ]):
        fn = opt(fn)
    return fn


@main.command(context_settings=CONTEXT)
@click.argument("outline")
@_render_options
@guarded
def render(outline, output, fmt, sets, seed, template_dirs, fragment_dirs, profile, with_outline, rate, force, quiet):
    """把提纲渲染成 docx、txt 或 Markdown。

    \b
    例：gaozi render 讲话.yaml -o 讲话.docx
        gaozi render 讲话.yaml --format txt
    """
    from pathlib import Path

    from . import api
    from .errors import GaoziError

    if fmt is None:
        ext = Path(output).suffix.lower().lstrip(".") if output and output != "-" else ""
        fmt = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md", "docx": "docx"}.get(ext)
        if fmt is None and ext:
            raise GaoziError(f"无法从扩展名“.{ext}”判断输出格式，请用 --format 指定 txt、md 或 docx")
        fmt = fmt or "txt"
    if output is None and fmt == "docx":
        if outline == "-":
            raise GaoziError("从标准输入读取提纲时，docx 需要用 -o 指定输出文件")
        output = str(Path(Path(outline).name).with_suffix(".docx"))
    doc = api.build(outline, seed=seed, sets=_sets(sets), template_dirs=template_dirs,
                    fragment_dirs=fragment_dirs, with_outline=with_outline)
    data = api.write(doc, fmt, profile)
    _emit(data, output, inputs=[outline], force=force)
    if not quiet:
        _report_length(doc, rate, output)


def _report_length(doc, rate: int, output) -> None:
    from . import api

    chars, minutes = api.length(doc, rate)
    where = f"已写出 {output}，" if output not in (None, "-") else ""
    click.echo(f"{where}共 {chars} 字，按每分钟 {rate} 字约讲 {minutes:.1f} 分钟。", err=True)
    target = doc.meta.get("target_minutes")
    if target and abs(minutes - target) > 0.15 * target:
        click.echo(f"警告：目标时长 {target:g} 分钟，当前稿件偏差超过 15%。", err=True)


@main.command(context_settings=CONTEXT)
@click.option("--templates", "template_dirs", multiple=True, type=click.Path(file_okay=False), help="用户模板文件夹。")
@guarded
def schema(template_dirs):
    """输出提纲的 JSON Schema（供 VS Code YAML 插件校验和补全）。

    \b
    例：gaozi schema > gaozi.schema.json
    """
    import json

    from .schema import outline_schema

    click.echo(json.dumps(outline_schema(template_dirs), ensure_ascii=False, indent=2))


@main.command("outline", context_settings=CONTEXT)
@click.argument("outline")
@click.option("--seed", type=int, default=0, show_default=True, help="片段变体的随机种子。")
@click.option("--set", "sets", multiple=True, metavar="键=值", help="覆盖变量，可重复。")
@click.option("--templates", "template_dirs", multiple=True, type=click.Path(file_okay=False), help="用户模板文件夹。")
@click.option("--fragments", "fragment_dirs", multiple=True, type=click.Path(file_okay=False), help="用户片段文件夹。")
@guarded
def outline_cmd(outline, seed, sets, template_dirs, fragment_dirs):
    """输出【提纲】：各级标题和第一层要点。

    \b
    例：gaozi outline 讲话.yaml
    """
    from . import api

    click.echo(api.outline_summary(outline, seed=seed, sets=_sets(sets), template_dirs=template_dirs,
                                   fragment_dirs=fragment_dirs))


@main.group(context_settings=CONTEXT)
def fragments():
    """浏览片段库：list、show、search。

    \b
    例：gaozi fragments list --theme pledge
    """


def _library(fragment_dirs):
    from .fragments import Library
    from .kinds import template_roots
    from .templating import make_env

    return Library(fragment_dirs, make_env(template_roots()))


def _frag_line(lib, f) -> str:
    first = f.variants[0]
    preview = first if len(first) <= 28 else first[:28] + "……"
    slots = f"  槽位：{'、'.join(f.slots)}" if f.slots else ""
    return f"{f.id:<34}{lib.themes.get(f.theme, f.theme)}  [{'、'.join(f.tags)}]  {len(f.variants)}个变体{slots}  {preview}"


@fragments.command("list", context_settings=CONTEXT)
@click.option("--theme", help="只列出某个主题（如 stance、pledge）。")
@click.option("--kind", help="只列出适用于某种文稿的片段（如 biaotai）。")
@click.option("--tag", help="只列出带某个标签的片段（如 警示教育会）。")
@click.option("--fragments", "fragment_dirs", multiple=True, type=click.Path(file_okay=False), help="用户片段文件夹。")
@guarded
def fragments_list(theme, kind, tag, fragment_dirs):
    """每行列出一个片段：编号、主题、标签、变体数、开头。

    \b
    例：gaozi fragments list --theme closing --kind speech
    """
    from .errors import GaoziError, did_you_mean

    lib = _library(fragment_dirs)
    if theme and theme not in lib.themes:
        raise GaoziError(f"未知的主题“{theme}”{did_you_mean(theme, lib.themes)}（可用：{'、'.join(sorted(lib.themes))}）")
    for f in lib.select(theme=theme, kind=kind, tag=tag):
        click.echo(_frag_line(lib, f))


@fragments.command("show", context_settings=CONTEXT)
@click.argument("fragment_id")
@click.option("--fragments", "fragment_dirs", multiple=True, type=click.Path(file_okay=False), help="用户片段文件夹。")
@guarded
def fragments_show(fragment_id, fragment_dirs):
    """显示一个片段的主题、标签、槽位和全部变体。

    \b
    例：gaozi fragments show pledge.accept
    """
    lib = _library(fragment_dirs)
    f = lib.get(fragment_id)
    click.echo(f"编号：{f.id}\n主题：{lib.themes.get(f.theme, f.theme)}（{f.theme}）\n标签：{'、'.join(f.tags)}")
    click.echo(f"槽位：{'、'.join(f.slots) if f.slots else '无'}\n来源：{f.file}:{f.line}")
    for i, v in enumerate(f.variants, 1):
        click.echo(f"\n变体{i}：{v}")


@fragments.command("search", context_settings=CONTEXT)
@click.argument("word")
@click.option("--fragments", "fragment_dirs", multiple=True, type=click.Path(file_okay=False), help="用户片段文件夹。")
@guarded
def fragments_search(word, fragment_dirs):
    """按关键词搜索片段（编号、主题、标签和正文）。

    \b
    例：gaozi fragments search 销号
    """
    lib = _library(fragment_dirs)
    hits = lib.search(word)
    for f in hits:
        click.echo(_frag_line(lib, f))
    if not hits:
        click.echo(f"没有找到包含“{word}”的片段。", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
