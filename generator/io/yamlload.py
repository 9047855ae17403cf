"""Safe YAML loading that remembers the line of every key, value and list item."""
from __future__ import annotations

import re

import yaml

from generator.errors import GaoziError, Problem

MAX_DEPTH = 60  # an outline is never this deep; PyYAML would recurse into a RecursionError
MAX_NODES = 2_000_000  # guards against alias bombs


class LMap(dict):
    """A mapping that knows its own line and the lines of its keys."""

    line: int = 0

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.key_lines: dict = {}

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 0

    def __init__(self, *a):
        super().__init__(*a)
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


# libyaml parses about four times faster; the pure-Python loader gives the same nodes and marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_CHARS = 2_000_000  # a real outline is a few kilobytes; bigger input is refused before parsing


class _Loader(_Base):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LMap:
    loader.flatten_mapping(node)
    m = LMap()
    m.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "键不能是列表或映射", key_node.start_mark) from None
        if key in m:
            raise yaml.constructor.ConstructorError(
                None, None, f"键“{key}”重复出现", key_node.start_mark)
        m[key] = loader.construct_object(value_node, deep=True)
        m.key_lines[key] = key_node.start_mark.line + 1
    return m


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LList:
    seq = LList()
    seq.line = node.start_mark.line + 1
    for child in node.value:
        seq.append(loader.construct_object(child, deep=True))
        seq.item_lines.append(child.start_mark.line + 1)
    return seq


def _timestamp(loader: _Loader, node: yaml.ScalarNode):
    # An impossible date (2025-02-30) stays text so validation can say which field holds it.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return str(node.value)


_YAML11_TEXT = re.compile(r"^[-+]?(?:0[0-7_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$")


def _int(loader: _Loader, node: yaml.ScalarNode):
    # YAML 1.1 reads 14:30 as 870 (base 60) and 0755 as 493 (octal): nobody writing a time or a
    # number with a leading zero means that, so such scalars stay the text that was typed.
    if _YAML11_TEXT.match(node.value):
        return str(node.value)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _float(loader: _Loader, node: yaml.ScalarNode):
    if _YAML11_TEXT.match(node.value):
        return str(node.value)
    return yaml.SafeLoader.construct_yaml_float(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:float", _float)
_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _sequence)


class _TooDeep(Exception):
    pass


def _check_shape(node) -> int:
    """Count nodes and depth before constructing, so bombs and deep nests fail cleanly."""
    stack = [(node, 0)]
    count = 0
    while stack:
        n, d = stack.pop()
        count += 1
        if d > MAX_DEPTH:
            raise _TooDeep
        if count > MAX_NODES:
            raise OverflowError
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.append((k, d + 1))
                stack.append((v, d + 1))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend((c, d + 1) for c in n.value)
    return count


def load(text: str, name: str):
    """Parse YAML text; raise GaoziError with file and line for any syntax problem."""
    if len(text) > MAX_CHARS:
        raise GaoziError(Problem(name, None, "", f"文件过大（{len(text) // 10000 / 100:g} 百万字符），提纲最多 {MAX_CHARS // 1000000} 百万字符"))
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise GaoziError(Problem(name, None, "", "文件是空的"))
        try:
            _check_shape(node)
        except _TooDeep:
            raise GaoziError(Problem(name, node.start_mark.line + 1, "", f"嵌套层数超过 {MAX_DEPTH} 层")) from None
        except OverflowError:
            raise GaoziError(Problem(name, node.start_mark.line + 1, "", "内容过大（别名展开过多）")) from None
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise GaoziError(Problem(name, line, "", f"YAML 格式错误：{explain_syntax(exc, text)}")) from None
    except yaml.YAMLError:
        raise GaoziError(Problem(name, None, "", "YAML 格式错误：无法解析")) from None
    except RecursionError:
        raise GaoziError(Problem(name, None, "", f"嵌套层数超过 {MAX_DEPTH} 层")) from None
    finally:
        loader.dispose()


# PyYAML's English problems, said in Chinese (a message of ours, such as a duplicate key, passes as it is).
_PROBLEMS = (
    ("found character that cannot start any token", "这里的字符“{char}”不能作为值的开头（文字以 @、`、% 等开头时请加引号）"),
    ("mapping values are not allowed", "这里不能出现“: ”：文字里有英文冒号加空格时，请把整段文字用引号括起来，或改用中文冒号“："),
    ("did not find expected key", "缩进没有对齐，或列表项“- ”和键混在了同一层"),
    ("did not find expected '-' indicator", "缩进没有对齐：同一个列表的各项要以同样多的空格开头"),
    ("did not find expected node content", "这里缺少值（方括号、花括号或引号没有闭合？）"),
    ("could not find expected ':'", "缺少冒号“: ”（键和值之间要有英文冒号和空格）"),
    ("found unexpected end of stream", "文件意外结束：引号、方括号或花括号没有闭合"),
    ("did not find expected ',' or ']'", "方括号列表没有闭合，或两项之间缺少英文逗号"),
    ("did not find expected ',' or '}'", "花括号映射没有闭合，或两项之间缺少英文逗号"),
    ("expected <block end>", "缩进没有对齐：这一行的缩进和上面同一层的行不一致"),
    ("expected <document start>", "这里多出了一段内容：顶层只能有一个映射"),
    ("found undefined alias", "用到了没有定义的别名（*名字 之前要先有 &名字）"),
    ("found unknown escape character", "双引号里有未知的转义字符（要写反斜杠本身请用 \\\\，或改用单引号）"),
    ("found unhashable key", "键不能是列表或映射"),
    ("could not determine a constructor", "不支持的 YAML 标签（!! 开头的类型）"),
    ("found a tab character", "这里有制表符，YAML 只能用空格缩进"),
    ("found unexpected ':'", "这里不能出现冒号：请把这段文字用引号括起来"),
    ("block sequence entries are not allowed", "这里不能开始列表：“- ”要另起一行，并和上一级的键对齐缩进"),
)


def explain_syntax(exc: yaml.MarkedYAMLError, text: str) -> str:
    """A Chinese account of a YAML syntax error, with line and column; a tab is named as such."""
    mark = exc.problem_mark or exc.context_mark
    where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark else ""
    if mark is not None:
        lines = text.split("\n")
        row = lines[mark.line] if 0 <= mark.line < len(lines) else ""
        indent = row[: len(row) - len(row.lstrip(" \t"))]
        if "\t" in indent or (mark.column < len(row) and row[mark.column] == "\t"):
            col = indent.index("\t") + 1 if "\t" in indent else mark.column + 1
            return f"第{mark.line + 1}行第{col}列是制表符，YAML 只能用空格缩进（请把制表符换成空格）"
    what = str(exc.problem or exc.context or "")
    for en, cn in _PROBLEMS:
        if en in what:
            char = ""
            if mark is not None and mark.index < len(text):
                char = text[mark.index]
            return (f"{where}：" if where else "") + cn.format(char=char)
    if what and not what.isascii():
        return (f"{where}：" if where else "") + what
    return f"{where}附近无法解析" if where else "无法解析"


_LEADING_TABS = re.compile(r"^[ \t]*\t[ \t]*", re.M)


def load_lenient(text: str, name: str):
    """(data, problems): like load, but a tab in the indentation is reported and then read as spaces, so
    that the problems of the rest of the file can be reported in the same round. Any other syntax error
    raises as load does."""
    try:
        return load(text, name), []
    except GaoziError as exc:
        first = exc.problems[0] if exc.problems else None
        if first is None or "制表符" not in first.message:
            raise
        tab_problems = [Problem(name, no, "", f"YAML 格式错误：第{no}行第{row.index(chr(9)) + 1}列是制表符，"
                                              "YAML 只能用空格缩进（请把制表符换成空格）")
                        for no, row in enumerate(text.split("\n"), 1)
                        if "\t" in row[: len(row) - len(row.lstrip(" \t"))]]
        for width in (2, 4, 8):
            fixed = _LEADING_TABS.sub(lambda m: m.group(0).replace("\t", " " * width), text)
            try:
                return load(fixed, name), tab_problems or [first]
            except GaoziError:
                continue
        raise
