"""The `gaozi` command line: click options mapped onto the library API, nothing more."""
from __future__ import annotations

import functools
import os
import sys

import click

from generator.cli_messages import install as _chinese_click_messages

_chinese_click_messages()  # click's usage errors and help headings in Chinese

# The engine (jinja2, docx) is imported inside the commands so that `gaozi --help` starts fast.

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def guarded(fn):
    """Bad input becomes one line per problem on stderr and exit 2; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from generator.errors import GaoziError
        from generator.api import begin_command

        begin_command()  # files read by an earlier command in this process are not this one's inputs
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
    from generator.errors import GaoziError

    out = {}
    for v in values:
        if "=" not in v:
            raise GaoziError(f"--set 的格式应为 键=值，而不是“{v}”")
        k, val = v.split("=", 1)
        out[k.strip()] = val
    return out


def _emit(data: bytes, output: str | None, *, inputs=(), force=False) -> None:
    from generator import api

    if output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        api.save(output, data, inputs=inputs, force=force)


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
    from generator import api

    for k in api.kinds(template_dirs).values():
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
    from generator import api

    _emit(api.starter(kind, template_dirs), output, force=force)
    if output and output != "-":
        click.echo(f"已写出 {output}；渲染：gaozi render {output} -o 输出.docx", err=True)


@main.command("import", context_settings=CONTEXT)
@click.argument("source", metavar="INPUT")
@click.option("-o", "--output", help="写入的提纲文件（默认输出到屏幕）。")
@click.option("--kind", help="提纲的文稿类型（默认 speech；gaozi kinds 可查）。")
@click.option("-v", "--verbose", is_flag=True, help="在屏幕上列出删除的网页杂项和识别说明。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
@guarded
def import_command(source, output, kind, verbose, force):
    """把已有的讲话或报告（.txt、.docx；- 为粘贴的文字）转成可编辑的 YAML 提纲。

    \b
    例：gaozi import 讲话.docx -o 讲话.yaml && gaozi render 讲话.yaml --format txt
    """
    from generator import api

    if kind:
        api.kind(kind)
    result = api.import_file(source, kind=kind)
    if verbose:
        name = "<stdin>" if source == "-" else source
        for line, reason, text in result.removed:
            click.echo(f"{name}:{line}: 删除（{reason}）：{text}", err=True)
        for line, text in result.joined:
            click.echo(f"{name}:{line}: 接上一行（断行合并）：{text[:40]}", err=True)
        for note in result.notes:
            click.echo(f"{name}: {note}", err=True)
    _emit(result.yaml_text.encode("utf-8"), output, inputs=[source], force=force)
    if output and output != "-":
        click.echo(f"已写出 {output}（{len(result.paragraphs)} 段）；渲染：gaozi render {output} --format txt", err=True)


def _render_options(fn):
    for opt in reversed([
        click.option("-o", "--output", help="输出文件；- 为屏幕。省略时 txt/md 输出到屏幕，docx/pdf 写到“提纲名.docx/.pdf”。"),
        click.option("-f", "--format", "fmt", type=click.Choice(["txt", "md", "docx", "pdf"]),
                     help="输出格式（默认按 -o 的扩展名）；pdf 需要安装 LibreOffice。"),
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
@click.option("--explain", is_flag=True, help="在标准错误列出每段文字出自哪个片段的第几个变体（可在提纲里写 fragment: 编号#N 钉住）。")
@click.option("--strict", is_flag=True, help="渲染结果的检查警告（条数、序号、标题层级、占位符、日期）按错误处理：退出码 1，不写出文件。")
@guarded
def render(outline, output, fmt, sets, seed, template_dirs, fragment_dirs, profile, with_outline, rate, force, quiet,
           explain=False, strict=False):
    """把提纲渲染成 docx、pdf、txt 或 Markdown。

    \b
    例：gaozi render 讲话.yaml -o 讲话.docx
        gaozi render 讲话.yaml -o 讲话.pdf
        gaozi render 讲话.yaml --format txt
    """
    from pathlib import Path

    from generator import api
    from generator.errors import GaoziError

    if fmt is None:
        fmt = api.output_format(output, "txt")
    if output is None and fmt in ("docx", "pdf"):
        if outline == "-":
            raise GaoziError(f"从标准输入读取提纲时，{fmt} 需要用 -o 指定输出文件")
        output = str(Path(Path(outline).name).with_suffix("." + fmt))
    doc = api.build(outline, seed=seed, sets=_sets(sets), template_dirs=template_dirs,
                    fragment_dirs=fragment_dirs, with_outline=with_outline)
    if _render_warnings(doc, strict):
        sys.exit(EXIT_FINDINGS)
    data = api.write(doc, fmt, profile)
    _emit(data, output, inputs=[outline], force=force)
    if explain:
        for n, role, where in api.explain(doc):
            click.echo(f"第{n}段（{role}）：{where}", err=True)
    if not quiet:
        _report_length(doc, rate, output)


def _render_warnings(doc, strict: bool) -> bool:
    """Print what render noticed in its own output (check rules, facts a sentence needed); True when
    --strict makes that fatal."""
    from generator import api

    notes = [str(p) for p in doc.meta.get("warnings", ())]
    notes += [f"{f.file}:{f.line}: {f.rule}: {f.message}" for f in api.render_findings(doc)]
    word = "错误" if strict else "警告"
    for n in notes:
        click.echo(f"{word}：{n}", err=True)
    if strict and notes:
        click.echo(f"--strict：有 {len(notes)} 个问题，未写出文件。", err=True)
    return bool(strict and notes)


def _report_length(doc, rate: int, output) -> None:
    from generator import api

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

    from generator import api

    click.echo(json.dumps(api.schema(template_dirs), ensure_ascii=False, indent=2))


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
    from generator import api

    click.echo(api.outline_summary(outline, seed=seed, sets=_sets(sets), template_dirs=template_dirs,
                                   fragment_dirs=fragment_dirs))


def _emit_all(outputs, *, inputs=(), force=False) -> None:
    """Several outputs of one command: the files are written together or none is; '-' goes to the screen last."""
    from generator import api

    api.save_all([(t, d) for t, d in outputs if t != "-"], inputs=inputs, force=force)
    for target, data in outputs:
        if target == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()


@main.group(context_settings=CONTEXT)
def fragments():
    """浏览片段库：list、show、search。

    \b
    例：gaozi fragments list --theme pledge
    """


def _library(fragment_dirs):
    from generator import api

    return api.engine((), fragment_dirs)[1]  # the same environment and library render uses


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
    from generator.errors import GaoziError, did_you_mean

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


@main.command("check", context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式。")
@click.option("--rule", "rules", multiple=True, metavar="规则", help="只运行这些规则（逗号分隔或重复）。")
@click.option("--ignore", "ignore", multiple=True, metavar="规则", help="不运行这些规则（逗号分隔或重复）。")
@click.option("--target-minutes", type=float, help="目标讲话时长（分钟）；文本输入只有给出时才检查时长。")
@click.option("--rate", type=int, default=220, show_default=True, help="语速：每分钟字数。")
@click.option("--fix", is_flag=True, help="只改正标点宽度、引号、省略号、破折号和汉字间空格，不改文字。")
@click.option("-o", "--output", help="--fix 的输出文件（默认输出到屏幕）。")
@click.option("--in-place", is_flag=True, help="--fix 直接改写原文件（先备份为 原文件.bak）。")
@click.option("--force", is_flag=True, help="覆盖已存在的 -o 输出文件。")
@guarded
def check_cmd(inputs, fmt, rules, ignore, target_minutes, rate, fix, output, in_place, force):
    """检查讲话稿：占位符、条数、序号、标题层级、标点、繁体字、重复、日期、时长。

    \b
    输入：提纲（.yaml）、文本（.txt，任意编码）、Word（.docx）或 -（标准输入）。
    退出码：0 无错误，1 有错误，2 输入无法读取或参数有误。
    例：gaozi check 讲话.txt
        gaozi check 讲话.yaml --format json
        gaozi check 讲话.txt --fix --in-place
    """
    from generator import api

    report = api.check(inputs, rules=rules, ignore=ignore, target_minutes=target_minutes, rate=rate, fix=fix,
                       output=output, in_place=in_place, force=force)
    for fx in report.fixes:
        click.echo(fx.describe(), err=True)
        if fx.where == "-":
            click.echo(fx.text if fx.text.endswith("\n") else fx.text + "\n", nl=False)
    for p in report.failures:
        click.echo(str(p), err=True)
    to_err = report.printed_fix  # stdout carries the fixed text: findings go to stderr
    if fmt == "json" or report.findings:
        click.echo(report.format(fmt), err=to_err)
    if fmt != "json" and (report.findings or not report.failures):
        click.echo(report.summary(), err=True)
    sys.exit(report.exit_code())


@main.command("batch", context_settings=CONTEXT)
@click.argument("outline")
@click.option("--data", "data", required=True, help="数据文件：CSV（UTF-8 或 GBK）、.xlsx 或 YAML 列表；每行生成一份文稿，列名即变量名。")
@click.option("-o", "--output", "out_dir", required=True, help="输出文件夹（不存在时自动创建）。")
@click.option("--name", default="{row:03d}.docx", show_default=True,
              help="文件名模式：{列名} 取该行的值，{row} 是行序号（从 1 起）；扩展名决定格式（.docx、.txt、.md）。")
@click.option("--seed", type=int, default=0, show_default=True, help="片段变体的种子：各行措辞由种子和该行的值决定，同一会上各篇互不雷同。")
@click.option("--set", "sets", multiple=True, metavar="键=值", help="各行共用的变量，可重复；数据文件中的同名列优先。")
@click.option("--dry-run", is_flag=True, help="只逐行检查，不写出任何文件。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件（否则该行报错跳过）。")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), help="并行进程数（默认等于 CPU 核数）。")
@click.option("--sheet", help=".xlsx 的工作表名（默认第一个）。")
@click.option("--templates", "template_dirs", multiple=True, type=click.Path(file_okay=False), help="用户模板文件夹（优先）。")
@click.option("--fragments", "fragment_dirs", multiple=True, type=click.Path(file_okay=False), help="用户片段文件夹。")
@click.option("--style", "profile", help="Word 样式方案：gbt9704（默认）、podium 或样式文件。")
@click.option("-q", "--quiet", is_flag=True, help="不显示进度条。")
@click.option("--combine", help="另把全部文稿汇编成一个文件（目录页，每篇另起一页），如 汇编.docx。")
@guarded
def batch_cmd(outline, data, out_dir, name, seed, sets, dry_run, force, jobs, sheet, template_dirs, fragment_dirs,
              profile, quiet, combine):
    """按数据文件逐行生成文稿，每行一份（如给每个村各写一份表态发言）。

    出错的行（缺少必填列、日期不存在、文件已存在……）按 Excel 中的行号报告并跳过，其余照常写出；
    有出错的行时退出码为 1。每个文件原子写出，中断时不留下不完整的文件。

    \b
    例：gaozi batch 表态发言.yaml --data 各村.csv -o 表态发言 --name "{unit}-表态发言.docx"
    """
    from generator import api

    Batch, Interrupted, interrupt_on_signals = api.Batch, api.Interrupted, api.interrupt_on_signals
    b = Batch(outline, data, out_dir, name=name, seed=seed, sets=_sets(sets), force=force, dry_run=dry_run,
              jobs=jobs, template_dirs=template_dirs, fragment_dirs=fragment_dirs, profile=profile, sheet=sheet,
              combine=combine)
    try:
        with interrupt_on_signals():
            b.prepare()
            for w in b.warnings:
                click.echo(w, err=True)
            bar = not quiet and sys.stderr.isatty()
            total = b.count() if bar else 0
            if bar and total > 1:
                with click.progressbar(length=total, file=sys.stderr, label="检查中" if dry_run else "生成中") as pb:
                    report = b.run(progress=pb.update)
            else:
                report = b.run()
    except Interrupted as exc:
        click.echo(f"已中断：已写出 {exc.written} 个完整的文件，没有留下不完整的文件。", err=True)
        sys.exit(128 + exc.signum)
    finally:
        b.close()
    total = report.total
    for issue in report.failed:
        click.echo(f"{data}: {issue}", err=True)
    if dry_run:
        click.echo(f"检查完毕，未写出任何文件：共 {total} 行，{len(report.written)} 行可以生成，"
                   f"{len(report.failed)} 行有问题。", err=True)
    else:
        click.echo(f"已写出 {len(report.written)} 个文件到 {out_dir}，失败 {len(report.failed)} 行（共 {total} 行）。", err=True)
        if combine and report.written:
            click.echo(f"已汇编 {len(report.written)} 篇到 {combine}。", err=True)
    sys.exit(EXIT_FINDINGS if report.failed else EXIT_OK)


@main.command("ledger", context_settings=CONTEXT)
@click.argument("data")
@click.option("--csv", "csv_out", help="导出 CSV（UTF-8 带 BOM，Excel 直接打开）；- 为屏幕。")
@click.option("-o", "--output", help="生成台账：.xlsx（Excel 台账，状态下拉、逾期标注）、.docx（横排表格，附统计）、.md 或 .txt。")
@click.option("--as-of", "as_of", help="统计日期（.xlsx 用，默认今天）：完成时限早于它而未完成的问题标为“已逾期”。")
@click.option("--facts", "facts_path", type=click.Path(dir_okay=False), help="事实文件：提供问题类别和反馈日期。")
@click.option("--feedback-date", help="反馈日期（如 2025-05-20）：完成时限和销号日期不得早于它。")
@click.option("--title", help="台账标题（生成文稿时）。")
@click.option("--unit", help="整改单位（生成文稿时用于默认标题）。")
@click.option("--sheet", help=".xlsx 的工作表名（默认第一个）。")
@click.option("--style", "profile", help="Word 样式方案：gbt9704（默认）、podium 或样式文件。")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件。")
@click.option("-q", "--quiet", is_flag=True, help="不输出统计。")
@guarded
def ledger_cmd(data, csv_out, output, as_of, facts_path, feedback_date, title, unit, sheet, profile, force, quiet):
    """检查整改台账并统计：逐行校验日期、整改状态、完成时限和销号日期，一次报告全部问题；
    可导出 Excel 台账（.xlsx）或 CSV，或生成横排的台账 .docx。几个输出要么全部写出，要么都不写。

    DATA 可以是 CSV（UTF-8 或 GBK）、.xlsx、YAML 行列表，也可以是 ledger/plan/progress-report 提纲。

    \b
    例：gaozi ledger 台账.csv --facts facts/inspection.yaml -o 台账.docx --csv 台账-整理.csv
        gaozi ledger 台账.csv -o 台账.xlsx
    """
    import datetime as _dt
    import json
    from pathlib import Path

    from generator import api
    from generator.errors import GaoziError

    fb = None
    if feedback_date:
        fb = api.parse_date(feedback_date)
        if not hasattr(fb, "year"):
            raise GaoziError(f"--feedback-date：{fb or '不能为空'}")
    led = api.load_ledger(data, facts_path=facts_path, feedback_date=fb, sheet=sheet)
    outputs = []  # (target, bytes): all are made first, then written together or not at all
    if csv_out:
        outputs.append((csv_out, api.ledger_csv(led)))
    if output:
        fmt = api.output_format(output, allowed=api.FORMATS + ("xlsx",))
        if fmt == "xlsx":
            day = api.parse_date(as_of) if as_of else _dt.date.today()
            if not isinstance(day, _dt.date):
                raise GaoziError(f"--as-of：{day or '不能为空'}")
            outputs.append((output, api.write_ledger(led, "xlsx", title=title or (f"{unit}整改台账" if unit else ""),
                                                     as_of=day)))
        else:
            doc = api.ledger_document(data, facts_path=facts_path, feedback_date=fb, title=title, unit=unit)
            outputs.append((output, api.write(doc, fmt, profile)))
    _emit_all(outputs, inputs=[data] + ([facts_path] if facts_path else []), force=force)
    if not quiet:
        for line in api.ledger_summary(led):
            click.echo(line, err="-" in (csv_out, output))


if __name__ == "__main__":  # pragma: no cover
    main()


@main.command("serve", context_settings=CONTEXT)
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="端口（0 为自动选择）。")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址；非本机地址（如 0.0.0.0）必须同时给出 --token。")
@click.option("--token", help="访问令牌：每个请求都要带上（网址中的 ?token=…）。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
@guarded
def serve(port, host, token, no_browser):
    """启动本地网页：填表起草、实时预览、检查、下载 Word；按 Ctrl-C 停止。

    \b
    例：gaozi serve
        gaozi serve --host 0.0.0.0 --port 8080 --token 办公室口令
    """
    import ipaddress
    import socket
    import webbrowser
    from urllib.parse import quote

    import uvicorn

    from generator.errors import GaoziError

    try:
        loopback = host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not token:
        raise GaoziError(f"--host {host} 会让其他电脑也能访问，必须同时用 --token 指定访问令牌")
    if token is not None and not token.strip():
        raise GaoziError("--token 不能为空")
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise GaoziError(f"无法在 {host}:{port} 上启动：{exc.strerror or exc}（换一个 --port 试试）") from None
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown else shown
    url = f"http://{shown}:{port}/" + (f"?token={quote(token)}" if token else "")
    click.echo(f"稿子网页已启动：{url}\n按 Ctrl-C 停止。", err=True)
    if not no_browser:
        webbrowser.open(url)
    # The front ends are independent of each other: uvicorn imports the web app by name; the token reaches
    # it the way it reaches any `uvicorn --factory` deployment.
    os.environ["GAOZI_TOKEN"] = token or ""
    config = uvicorn.Config("generator.web.app:create_app", factory=True, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    click.echo("稿子网页已停止。", err=True)
