"""`gaozi check --fix`: exactly the punct-width changes check reports, never a change of wording.

Text is fixed line by line with the same paragraphs, junk decisions and spaced roles as check; an
outline only inside its string scalars (keys, comments and Jinja stay), and only if the YAML keeps its shape."""
from __future__ import annotations

import os
import stat
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.errors import GaoziError, Problem
from generator.io.atomic import check_target, write_atomic
from generator.io.textio import decode, read_bytes
from generator.lint import yamltext
from generator.lint.engine import line_ignores, make_paras
from generator.lint.inputs import kind_of, regular, text_paragraphs
from generator.lint.typo import line_changes
from generator.text import typography

__all__ = ["Fix", "fix_text", "fix_yaml", "fix_path", "describe_counts", "MAX_BACKUPS"]

_KIND_NAMES = {"punct-width": "半角标点", "quote": "引号", "ellipsis": "省略号", "dash": "破折号", "space": "空格"}
MAX_BACKUPS = 100  # a.txt.bak, a.txt.bak.1 … : an existing backup is never overwritten


@dataclass(slots=True)
class Fix:
    """What one --fix did: the input, where the result went ("-" = only returned), the text, counts, backup."""

    path: str
    where: str
    text: str
    counts: Counter = field(default_factory=Counter)
    backup: str | None = None

    def describe(self) -> str:
        """<file>：已修正N处：… （原文件备份为 …）: the line the command prints for this fix."""
        name = "<stdin>" if self.path == "-" else self.path
        return f"{name}：{describe_counts(self.counts)}{'（原文件备份为 ' + self.backup + '）' if self.backup else ''}"


def fix_text(text: str) -> tuple[str, Counter]:
    """Apply exactly the punct-width changes `check` reports, line by line; never touches wording."""
    lines = text.split("\n")
    # the same paragraphs and web-junk decisions as check: fix what it reports, nothing else
    skip = {seg[1] for p in make_paras(text_paragraphs(text)) if p.role == "junk" for seg in p.segs}
    ign = line_ignores({i + 1: s for i, s in enumerate(lines) if "gaozi" in s})
    counts: Counter = Counter()
    out = []
    for no, line in enumerate(lines, 1):
        silenced = ign.get(no, ())
        if no in skip or "*" in silenced or "punct-width" in silenced:
            out.append(line)
            continue
        cs = line_changes(line)
        counts.update(c.kind for c in cs)
        out.append(typography.apply_changes(line, cs))
    return "\n".join(out), counts


def _shape(node):
    if isinstance(node, dict):
        return {k: _shape(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_shape(v) for v in node]
    return "<str>" if isinstance(node, str) else node


def fix_yaml(text: str, name: str = "<outline>") -> tuple[str, Counter]:
    """Apply typography changes inside the string scalars of an outline; comments and keys stay as they are."""
    found = yamltext.changes(text)
    counts: Counter = Counter(c.kind for _off, c in found)
    parts, pos = [], 0
    for off, c in found:
        parts.append(text[pos:off])
        parts.append(c.new)
        pos = off + (c.end - c.start)
    parts.append(text[pos:])
    new = "".join(parts)
    try:
        same = _shape(yaml.safe_load(new)) == _shape(yaml.safe_load(text))
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        same = False
    if not same:
        raise GaoziError(Problem(name, None, "", "自动修正会改变提纲的结构，已放弃修正，请手动修改标点"))
    return new, counts


def _encoding_of(data: bytes, text: str) -> str:
    """The encoding textio read the bytes with, so that a fixed GBK file stays GBK."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            if data.decode(enc).replace("\r\n", "\n").replace("\r", "\n") == text:
                return enc
        except UnicodeDecodeError:
            continue
    return "utf-8"


def _crlf(data: bytes, enc: str) -> bool:
    if enc == "utf-16":
        return "\r\n".encode("utf-16-le") in data or "\r\n".encode("utf-16-be") in data
    return b"\r\n" in data


def _encode(text: str, enc: str, crlf: bool) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        return text.encode(enc)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _backup(path: str, data: bytes) -> str:
    """Write the original bytes to a backup that did not exist (exclusive create: never through a symlink,
    never over an earlier backup)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for k in range(MAX_BACKUPS):
        name = path + ".bak" + (f".{k}" if k else "")
        try:
            fd = os.open(name, flags, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise GaoziError(Problem(path, None, "", f"无法写入备份文件 {name}：{exc.strerror or exc}")) from None
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            mode = stat.S_IMODE(os.stat(path).st_mode)
            os.chmod(name, mode)
        except OSError as exc:
            raise GaoziError(Problem(path, None, "", f"无法写入备份文件 {name}：{exc.strerror or exc}")) from None
        return name
    raise GaoziError(Problem(path, None, "", f"备份文件 {path}.bak 至 {path}.bak.{MAX_BACKUPS - 1} 都已存在，"
                                             "请先清理旧备份"))


def _in_place_target(path: str) -> str:
    """The file --in-place rewrites: a symlink's target (the link stays a link), refused when read-only."""
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except OSError as exc:
        raise GaoziError(Problem(path, None, "", f"无法读取文件：{exc.strerror or exc}")) from None
    if not stat.S_ISREG(st.st_mode):
        raise GaoziError(Problem(path, None, "", "只能 --in-place 修正普通文件"))
    # the mode bits, not os.access: root may write anything, but a read-only file says "do not change me"
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(real, os.W_OK):
        raise GaoziError(Problem(path, None, "", "文件是只读的，不能 --in-place 改写；请先取消只读，或用 -o 写到新文件"))
    return real


def fix_path(path: str, *, output: str | None = None, in_place: bool = False, force: bool = False) -> Fix:
    """Fix one input. Without output and in_place the fixed text is only returned (the front end prints it)."""
    kind = kind_of(path)
    if kind in ("docx", "office", "pdf"):
        ext = Path(path).suffix.lower()
        raise GaoziError(Problem(path, None, "", f"不能自动修正 {ext} 文件（会破坏排版）：请在 Word 或 WPS 中修改，"
                                                 "或对提纲/文本文件使用 --fix"))
    if in_place and path == "-":
        raise GaoziError(Problem("<stdin>", None, "", "标准输入不能 --in-place 修正，请用 -o 指定输出文件"))
    if in_place and output:
        raise GaoziError(Problem(path, None, "", "--in-place 与 -o 不能同时使用"))
    regular(path)
    real = _in_place_target(path) if in_place else None
    data = sys.stdin.buffer.read() if path == "-" else read_bytes(path)
    name = "<stdin>" if path == "-" else path
    text = decode(data, name)
    new, counts = fix_yaml(text, name) if kind == "outline" else fix_text(text)
    enc = _encoding_of(data, text)
    payload = _encode(new, enc, _crlf(data, enc))
    if in_place:
        backup = None
        if counts:
            backup = _backup(path, data)
            write_atomic(real, payload, force=True, rewrite_input=True)
        return Fix(path, path, new, counts, backup)
    if output and output != "-":
        check_target(output, inputs=[path], force=force)
        write_atomic(output, payload, inputs=[path], force=force)
        return Fix(path, output, new, counts)
    return Fix(path, "-", new, counts)


def describe_counts(counts: Counter) -> str:
    if not counts:
        return "没有需要修正的标点或空格"
    parts = "，".join(f"{_KIND_NAMES.get(k, k)}{n}处" for k, n in sorted(counts.items()))
    return f"已修正{sum(counts.values())}处：{parts}"
