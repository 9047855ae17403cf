"""Bounds on what a template expression may cost: sizes checked before an operation allocates, and a
watchdog on the CPU time and memory of one render.

Outline texts, fragments and user templates all run in the sandbox; the sandbox stops them reaching
Python's internals but not `10**(10**10)`, `'x'*10**10`, `'{:>999999999}'.format(1)` or three nested
loops over range(100000). The operators, filters and methods that can grow a value are checked here
before they run (templating.py wires them in); the watchdog stops whatever is left (nested loops that
print nothing, lists grown by append) after MAX_CPU_S seconds of CPU or MAX_GROWTH_MB of new memory.
"""
from __future__ import annotations

import ctypes
import math
import os
import re
import threading
import time

from jinja2 import TemplateRuntimeError

MAX_TEXT = 4_000_000  # characters in one value; an outline is at most 2 million characters
MAX_OUTPUT = 16_000_000  # characters one template render may produce
MAX_ITEMS = 1_000_000  # items in one list
MAX_WIDTH = 1_000  # a field width, centring width, indent or precision
MAX_INT_BITS = 4_000  # about 1,200 decimal digits
MAX_CPU_S = 2.0  # CPU seconds for composing one document (a real one takes a few milliseconds)
MAX_WALL_S = 5.0  # wall-clock seconds for the same, on a machine busy with other work
MAX_GROWTH_MB = 300  # new memory while composing one document
_POLL_S = 0.02
_REFIRE_S = 0.25  # a RenderTimeout caught by the code it interrupts is raised again this often


LIMIT_MARK = "已停止"  # every bound's message says so: a batch stops at once when the outline hits one


class LimitError(TemplateRuntimeError):
    """A template asked for more than the bounds allow; the message is Chinese."""


def too_big(what: str) -> LimitError:
    return LimitError(what)


def check_text(value):
    """Raise when a string or list is larger than one value may be; return the value."""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise too_big(f"模板算出的文字超过 {MAX_TEXT // 10000} 万字，已停止")
    if isinstance(value, (list, tuple)) and len(value) > MAX_ITEMS:
        raise too_big(f"模板算出的列表超过 {MAX_ITEMS // 10000} 万项，已停止")
    return value


def check_width(n, what: str = "宽度") -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        return
    if abs(n) > MAX_WIDTH:
        raise too_big(f"模板中的{what} {n if abs(n) < 10**12 else '过大'} 超过上限 {MAX_WIDTH}")


def _weight(value) -> int:
    """Characters a value stands for (a list of texts counts its texts), without walking deep."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple)):
        return len(value) + sum(len(v) for v in value[:1000] if isinstance(v, str)) * max(1, len(value) // 1000)
    return 1


def _int_bits(n) -> int:
    return n.bit_length() if isinstance(n, int) and not isinstance(n, bool) else 0


def power(left, right):
    if isinstance(left, int) and isinstance(right, int) and not isinstance(right, bool) and right > 0:
        if abs(left) > 1 and right * math.log2(abs(left)) > MAX_INT_BITS:
            raise too_big("模板中的乘方结果过大，已停止")
    if isinstance(left, float) or isinstance(right, float):
        try:
            return left ** right
        except OverflowError:
            raise too_big("模板中的乘方结果过大，已停止") from None
    return left ** right


def multiply(left, right):
    if isinstance(left, int) and isinstance(right, int) and not isinstance(left, bool) and not isinstance(right, bool):
        if _int_bits(left) + _int_bits(right) > MAX_INT_BITS:
            raise too_big("模板中的乘法结果过大，已停止")
        return left * right
    for seq, n in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and not isinstance(n, bool):
            if n > 0 and (_weight(seq) * n > MAX_TEXT or len(seq) * n > MAX_ITEMS):
                raise too_big("模板中重复的文字或列表过长，已停止")
    return left * right


def add(left, right):
    return check_text(left + right)


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")


def check_percent_format(fmt) -> None:
    """Widths and precisions in a %-format: '%0999999999d' would allocate a gigabyte."""
    if not isinstance(fmt, str):
        return
    for m in _PERCENT_SPEC.finditer(fmt):
        for g in m.groups():
            if g == "*":
                raise too_big("模板中的 % 格式不能用 * 指定宽度")
            if g:
                check_width(int(g))


def modulo(left, right):
    if isinstance(left, str):
        check_percent_format(left)
        return check_text(left % right)
    return left % right


_DIGITS = re.compile(r"\d+")


def check_format_spec(spec: str) -> None:
    """A str.format spec ('>999999999', '.99999f'): every number in it is a width or precision."""
    for m in _DIGITS.finditer(spec or ""):
        check_width(int(m.group()))


def estimate_replace(s: str, old: str, new: str, count=None) -> None:
    if not isinstance(s, str) or not isinstance(old, str) or not isinstance(new, str):
        return
    hits = (len(s) + 1) if old == "" else s.count(old)
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    if len(s) + hits * max(0, len(new) - len(old)) > MAX_TEXT:
        raise too_big("模板中替换后的文字过长，已停止")


def estimate_join(sep, items) -> None:
    try:
        n = len(items)
    except TypeError:
        return
    total = len(sep) * max(0, n - 1) if isinstance(sep, str) else 0
    for it in items if n <= MAX_ITEMS else ():
        total += len(it) if isinstance(it, str) else 8
        if total > MAX_TEXT:
            break
    if n > MAX_ITEMS or total > MAX_TEXT:
        raise too_big("模板中连接后的文字过长，已停止")


def bounded_concat(parts) -> str:
    """Environment.concat: the pieces of one render, stopped once they pass MAX_OUTPUT characters."""
    out = []
    size = 0
    for p in parts:
        size += len(p)
        if size > MAX_OUTPUT:
            raise too_big(f"模板输出超过 {MAX_OUTPUT // 10000} 万字，已停止（是否有过深的循环？）")
        out.append(p)
    return "".join(out)


# ---- the watchdog ------------------------------------------------------------------------------------


class RenderTimeout(LimitError):
    def __init__(self, message: str = f"模板运行时间过长（超过 {MAX_CPU_S:g} 秒）或占用内存过多，已停止（是否有过深的循环？）"):
        super().__init__(message)


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError, AttributeError):
        return 0.0


class _Watchdog:
    """One daemon thread for the process; it raises RenderTimeout in a thread whose render overruns."""

    def __init__(self):
        self.lock = threading.Lock()
        # thread id → [cpu clock id or None, cpu at start, wall start, rss start, when fired (0: not yet), depth]
        self.watched: dict[int, list] = {}
        self.thread: threading.Thread | None = None
        self.pid = 0

    def _ensure(self) -> None:
        if self.thread is None or not self.thread.is_alive() or self.pid != os.getpid():
            self.pid = os.getpid()
            self.thread = threading.Thread(target=self._run, name="gaozi-watchdog", daemon=True)
            self.thread.start()

    def enter(self) -> None:
        tid = threading.get_ident()
        with self.lock:
            entry = self.watched.get(tid)
            if entry is not None:  # nested: the outermost bound counts
                entry[5] += 1
                return
            try:
                clock = time.pthread_getcpuclockid(tid)
                cpu = time.clock_gettime(clock)
            except (AttributeError, OSError):
                clock, cpu = None, 0.0
            self.watched[tid] = [clock, cpu, time.monotonic(), _rss_mb(), 0.0, 1]
            self._ensure()

    def leave(self) -> None:
        tid = threading.get_ident()
        with self.lock:
            entry = self.watched.get(tid)
            if entry is None:
                return
            entry[5] -= 1
            if entry[5] > 0:
                return
            del self.watched[tid]
            fired = entry[4]
        if fired:  # the exception may still be pending: clear it, and raise it here instead
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)
            raise RenderTimeout()

    def _run(self) -> None:
        while True:
            time.sleep(_POLL_S)
            with self.lock:
                if not self.watched:
                    continue
                rss = _rss_mb()
                now = time.monotonic()
                for tid, entry in self.watched.items():
                    clock, cpu0, wall0, rss0, fired, _depth = entry
                    if fired:  # still running: the exception was caught somewhere, or is waiting for C code
                        if now - fired > _REFIRE_S:
                            entry[4] = now
                            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(RenderTimeout))
                        continue
                    wall = time.monotonic() - wall0
                    try:
                        used = time.clock_gettime(clock) - cpu0 if clock is not None else wall
                    except OSError:
                        used = wall
                    if used > MAX_CPU_S or wall > MAX_WALL_S or (rss and rss - rss0 > MAX_GROWTH_MB):
                        entry[4] = now
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(RenderTimeout))


_WATCHDOG = _Watchdog()


class bounded:
    """Context manager: the code inside is stopped with RenderTimeout when it overruns CPU or memory."""

    def __enter__(self):
        _WATCHDOG.enter()
        return self

    def __exit__(self, *exc):
        _WATCHDOG.leave()
        return False
