"""Bytes to text: UTF-8 (with or without BOM), UTF-16, GB18030/GBK and Big5, never mojibake."""
from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

from generator.errors import GaoziError, Problem

# XML 1.0 cannot carry these; they also never belong in a speech.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Characters GB2312 covers but that are frequent in simplified Chinese; Big5 text decoded as GB18030
# produces mostly rare characters, so the share of common characters tells the two apart.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
    "领导责任整改巡察审计督查落实问题工作会议讲话同志们干部群众制度机制组织纪律监督推进措施要求全面深入坚持加强"
)


def strip_control(text: str) -> str:
    """Remove XML-illegal control characters and lone surrogates; keep tab, newline, carriage return."""
    return _CONTROL.sub("", text)


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    bad = sum(1 for b in sample if b < 0x09 or 0x0E <= b < 0x20)
    return bad > max(8, len(sample) // 50)


def _score(text: str) -> float:
    cjk = _CJK.findall(text)
    if not cjk:
        return 0.0
    return sum(1 for c in cjk if c in _COMMON) / len(cjk)


def decode(data: bytes, name: str = "<stdin>") -> str:
    """Decode the bytes of a text file; raise GaoziError naming the file for empty or binary input."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict") if _valid(data[3:], "utf-8") else None
        if text is None:
            raise GaoziError(Problem(name, None, "", "文件以 UTF-8 标记开头，但内容不是有效的 UTF-8"))
        return _finish(text, name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _finish(data.decode("utf-16"), name)
        except UnicodeDecodeError:
            raise GaoziError(Problem(name, None, "", "文件看起来是 UTF-16 编码，但无法解码")) from None
    if not data.strip():
        raise GaoziError(Problem(name, None, "", "文件是空的"))
    if _looks_binary(data):
        raise GaoziError(Problem(name, None, "", "这不是文本文件（含有二进制内容）"))
    if _valid(data, "utf-8"):
        text = data.decode("utf-8")
        # Short GBK text can happen to be valid UTF-8 (一 = D2 BB = "һ"): prefer GBK when UTF-8 yields
        # no Chinese at all while GB18030 yields only Chinese.
        if not _CJK.search(text) and _valid(data, "gb18030"):
            gb = data.decode("gb18030")
            non_ascii = [c for c in gb if ord(c) > 127]
            if non_ascii and sum(1 for c in non_ascii if _CJK.match(c) or c in "，。：；！？、（）“”《》") == len(non_ascii):
                return _finish(gb, name)
        return _finish(text, name)
    _refuse_mixed(data, name)
    candidates = []
    for enc in ("gb18030", "big5"):
        if _valid(data, enc):
            text = data.decode(enc)
            candidates.append((_score(text), enc == "gb18030", text))
    if not candidates:
        line = _first_bad_line(data)
        raise GaoziError(Problem(name, line, "", "无法识别文件编码（从这一行起既不是 UTF-8 也不是 GBK/Big5）：请另存为 UTF-8"))
    candidates.sort(reverse=True)
    return _finish(candidates[0][2], name)


_UTF8_CJK = re.compile(rb"[\xe4-\xe9][\x80-\xbf]{2}")


def _first_bad_line(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start) + 1
    return 1


def _refuse_mixed(data: bytes, name: str) -> None:
    """A file that is UTF-8 except for some lines (one pasted from a GBK file) would come out garbled
    whichever single encoding it is read in (涓滃潽, Jos茅): refuse it, naming the first odd line."""
    utf8_chinese = False
    first_bad = None
    for i, raw in enumerate(data.split(b"\n"), 1):
        if raw.isascii():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            first_bad = first_bad or i
            continue
        # UTF-8 Chinese is three bytes a character; GBK text is almost never valid UTF-8 of that shape.
        if _UTF8_CJK.search(raw) and _CJK.search(text):
            utf8_chinese = True
        if utf8_chinese and first_bad:
            break
    if utf8_chinese and first_bad:
        raise GaoziError(Problem(name, first_bad, "", "这一行不是 UTF-8 编码，而文件其余部分是 UTF-8（混合编码，"
                                                       "逐行猜测会出乱码）：请把整个文件另存为 UTF-8"))


def _valid(data: bytes, enc: str) -> bool:
    try:
        data.decode(enc)
        return True
    except UnicodeDecodeError:
        return False


def _finish(text: str, name: str) -> str:
    # Control characters pasted from the web or a PDF can never be printed and would break YAML and XML.
    text = strip_control(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise GaoziError(Problem(name, None, "", "文件是空的"))
    return text


MAX_BYTES = 64 * 2**20  # no outline, text or data file gaozi reads comes near this; /dev/zero would
_INPUTS: set = set()  # (device, inode) of every file this process has read: never a place to write


def forget_inputs() -> None:
    """Start a new command: the files earlier commands of this process read are no longer its inputs."""
    _INPUTS.clear()


def note_input(path) -> None:
    """Remember a file as an input: the output checks refuse to overwrite any file read."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return
    _INPUTS.add((st.st_dev, st.st_ino))


def is_input(path) -> bool:
    """True when `path` is (a link to, or another name of) a file this process has read."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return False
    return (st.st_dev, st.st_ino) in _INPUTS


def inside(root, path) -> bool:
    """True when `path`, links resolved, lies inside the folder `root` (links resolved too)."""
    try:
        return Path(path).resolve().is_relative_to(Path(root).resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def read_bytes(path: str, *, root=None, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a file ('-' is stdin), or a GaoziError naming the file in Chinese. Only a regular
    file (or a pipe) is read, at most max_bytes; with `root`, only a file whose real path is inside it."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise GaoziError(Problem("<stdin>", None, "", f"输入过大（超过 {max_bytes // 2**20} MB）"))
        return data
    if root is not None and not inside(root, path):
        raise GaoziError(Problem(str(path), None, "", f"是指向文件夹 {root} 之外的链接，拒绝读取"))
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError
            if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
                raise GaoziError(Problem(str(path), None, "", "这不是普通文件（设备或套接字），拒绝读取"))
            data = fh.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise GaoziError(Problem(str(path), None, "", f"文件过大（超过 {max_bytes // 2**20} MB）"))
            if stat.S_ISREG(st.st_mode):
                _INPUTS.add((st.st_dev, st.st_ino))
            return data
    except IsADirectoryError:
        raise GaoziError(Problem(path, None, "", "这是一个文件夹，不是文件")) from None
    except FileNotFoundError:
        raise GaoziError(Problem(path, None, "", "文件不存在")) from None
    except PermissionError:
        raise GaoziError(Problem(path, None, "", "没有读取该文件的权限")) from None
    except OSError as exc:
        raise GaoziError(Problem(path, None, "", f"无法读取文件：{exc.strerror or exc}")) from None


def read_text(path: str, *, root=None) -> str:
    """Read a text file by path ('-' is stdin) in any supported encoding; see read_bytes for `root`."""
    return decode(read_bytes(path, root=root), "<stdin>" if path == "-" else path)
