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


_MERGE = "tag:yaml.org,2002:merge"
MAX_DIGITS = 100  # a count or a year is a few digits; Python refuses to print ints over 4,300 digits


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LMap:
    # After flattening, the pairs merged in with "<<" come first and the mapping's own pairs last: an own
    # key may override a merged one (that is what a merge key is for); two own keys may not share a name.
    own = sum(1 for k, _v in node.value if k.tag != _MERGE)
    loader.flatten_mapping(node)
    first_own = len(node.value) - own
    m = LMap()
    m.line = node.start_mark.line + 1
    own_keys: set = set()
    for i, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "键不能是列表或映射", key_node.start_mark) from None
        if i >= first_own:
            if key in own_keys:
                raise yaml.constructor.ConstructorError(
                    None, None, f"键“{key}”重复出现", key_node.start_mark)
            own_keys.add(key)
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
    digits = sum(ch.isdigit() for ch in str(node.value))
    if digits > MAX_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, f"数字有 {digits} 位，过长（最多 {MAX_DIGITS} 位）；编号之类的文字请加引号", node.start_mark)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _float(loader: _Loader, node: yaml.ScalarNode):
    if _YAML11_TEXT.match(node.value):
        return str(node.value)
    return yaml.SafeLoader.construct_yaml_float(loader, node)


def _refuse_tag(loader: _Loader, node):
    # Bytes, sets and ordered pairs would print as Python reprs (a set even in hash-seed order).
    raise yaml.constructor.ConstructorError(
        None, None, f"不支持 YAML 标记 {node.tag.replace('tag:yaml.org,2002:', '!!')}：请直接写文字、列表或映射",
        node.start_mark)


for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)

_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:float", _float)
_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _sequence)


class _TooDeep(Exception):
    pass


def _check_shape(node) -> int:
    """Count nodes (as constructed: an alias counts its whole subtree again) and depth before constructing,
    so bombs and deep nests fail cleanly. Each distinct node is visited once: a billion-laughs file is
    refused in milliseconds, not after walking its expansion."""
    sizes: dict[int, int] = {}
    stack = [(node, 0, False)]
    while stack:
        n, d, done = stack.pop()
        if d > MAX_DEPTH:
            raise _TooDeep
        key = id(n)
        if key in sizes and not done:
            continue
        if isinstance(n, yaml.MappingNode):
            kids = [c for pair in n.value for c in pair]
        elif isinstance(n, yaml.SequenceNode):
            kids = list(n.value)
        else:
            kids = []
        if done or not kids:
            total = 1 + sum(sizes.get(id(c), 1) for c in kids)
            if total > MAX_NODES:
                raise OverflowError
            sizes[key] = total
            continue
        stack.append((n, d, True))
        stack.extend((c, d + 1, False) for c in kids if id(c) not in sizes)
    return sizes.get(id(node), 1)


# PyYAML's problems are English; a user reads what went wrong and what to do, in Chinese.
_PROBLEMS = [
    (r"mapping values are not allowed", "此处不能出现“键: 值”（文字中的冒号后接空格时，请给整段文字加引号）"),
    (r"found a tab character|found character '\\t'", "含有制表符（Tab）：YAML 只能用空格缩进"),
    (r"found character (.+) that cannot start any token", "字符 \\1 不能出现在这里（请给整段文字加引号）"),
    (r"could not find expected ':'", "缺少冒号“:”（或上一行的引号没有闭合）"),
    (r"did not find expected key", "缩进没有对齐，或缺少“键:”"),
    (r"did not find expected ',' or '\]'", "方括号 [ ] 没有闭合（缺少“,”或“]”）"),
    (r"did not find expected ',' or '\}'", "花括号 { } 没有闭合（缺少“,”或“}”）"),
    (r"did not find expected '-' indicator", "列表项的缩进不一致（每项都以“- ”开头并对齐）"),
    (r"did not find expected node content", "这里缺少内容"),
    (r"did not find expected", "格式不完整（括号、引号或缩进有误）"),
    (r"found unexpected end of stream", "文件意外结束（引号或括号没有闭合？）"),
    (r"found unexpected ':'", "出现了多余的冒号（文字中的冒号请给整段文字加引号）"),
    (r"found undefined alias", "用到了未定义的别名（*名字 前要先有 &名字）"),
    (r"found duplicate anchor", "锚点 &名字 重复定义"),
    (r"found unknown escape character|invalid Unicode character escape", "双引号中有无效的转义（反斜杠 \\ 请写成两个，或改用单引号）"),
    (r"expected <block end>", "缩进不一致"),
    (r"expected <document start>|expected a single document", "文件中只能有一个 YAML 文档（不要用 ---）"),
    (r"found unhashable key", "键不能是列表或映射"),
    (r"could not determine a constructor for the tag '?([^' ]+)", "不支持的 YAML 标记 \\1"),
    (r"expected alphabetic or numeric character|expected chomping or indentation", "锚点、别名或块标记的写法有误"),
    (r"while scanning a (simple key|quoted scalar|plain scalar)", "引号没有闭合或一行写不下"),
    (r"unacceptable character|special characters are not allowed", "含有 YAML 不允许的特殊字符"),
]


def chinese(problem: str) -> str:
    """A Chinese explanation of a PyYAML problem (any Chinese in it, ours, is kept as it is)."""
    import re

    if any("\u4e00" <= c <= "\u9fff" for c in problem):
        return problem
    for pattern, zh in _PROBLEMS:
        m = re.search(pattern, problem)
        if m:
            return m.expand(zh) if "\\" in zh else zh
    return "无法解析（请检查这一行的缩进、冒号和引号）"


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
    except yaml.YAMLError as exc:
        raise GaoziError(Problem(name, None, "", f"YAML 格式错误：{chinese(str(exc))}")) from None
    except RecursionError:
        raise GaoziError(Problem(name, None, "", f"嵌套层数超过 {MAX_DEPTH} 层")) from None
    finally:
        loader.dispose()


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
    what = chinese(str(exc.problem or exc.context or ""))
    return (f"{where}：" if where else "") + what


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
