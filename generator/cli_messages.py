"""Click's own messages in Chinese: usage errors (missing argument, bad option, no such command, bad value)
and the help text's headings. Click looks its strings up through gettext at run time; install() puts
this table in gettext's place in click's modules, so no English message reaches a user."""
from __future__ import annotations

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

ZH = {
    "Options": "选项",
    "Commands": "命令",
    "Usage:": "用法：",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s %(version)s",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Aborted!": "已中断。",
    "Missing command.": "缺少命令（gaozi -h 列出全部命令）。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "Value must be an iterable.": "值应当是一组值。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "required": "必填",
    "Did you mean {possibility}?": "您是不是要写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（您是不是要写其中之一：{possibilities}？）",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "查看帮助：{command} {option}",
    "Invalid value: {message}": "值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "No such command {name!r}.": "没有命令 {name!r}（gaozi -h 列出全部命令）。",
    "unknown error": "未知错误",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} 不是可选的 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值 {choices} 之一。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats} 中的任何一种。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值，可用：{states}",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是一个文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是一个文件夹。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，只给了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "Do you want to continue?": "要继续吗？",
    "Error: invalid input": "错误：输入无效",
    "Repeat for confirmation": "请再输入一次确认",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
}
# Type names appear in messages ("is not a valid integer") and in help (INTEGER).
_TYPE_NAMES = {click.types.IntParamType: "整数", click.types.FloatParamType: "数字",
               click.types.IntRange: "整数范围", click.types.FloatRange: "数字范围",
               click.types.BoolParamType: "是/否", click.types.StringParamType: "文字", click.types.Choice: "选项"}


def gettext(message: str) -> str:
    return ZH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


_MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui, click.types)


def install() -> None:
    """Put the Chinese table in gettext's place in click's modules (idempotent)."""
    for mod in _MODULES:
        if hasattr(mod, "_"):
            mod._ = gettext
        if hasattr(mod, "ngettext"):
            mod.ngettext = ngettext
    for cls, name in _TYPE_NAMES.items():
        cls.name = name
    click.core.Command.collect_usage_pieces = _usage_pieces
    click.core.Group.collect_usage_pieces = _group_usage_pieces


_METAVARS = {"[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]...", "COMMAND": "命令", "[ARGS]...": "[参数]..."}
_original_pieces = click.core.Command.collect_usage_pieces
_original_group_pieces = click.core.Group.collect_usage_pieces


def _usage_pieces(self, ctx):
    return [_METAVARS.get(p, p) for p in _original_pieces(self, ctx)]


def _group_usage_pieces(self, ctx):
    return [_METAVARS.get(p, p) for p in _original_group_pieces(self, ctx)]
