"""Benchmark: how `gaozi check` scales with the size of a draft, 1k → 1M characters, as ONE paragraph
(a one-line scrape: the worst case for per-paragraph scans) and as many paragraphs. Prints each time
next to an anchor measured in the same run (one regex pass over the same text) and the fitted exponent
of time against size (least squares on log–log; target ≤ 1.1: linear)."""
from __future__ import annotations

import math
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.lint.check import check_text  # noqa: E402

# Original filler with what the rules look at: run-in points after commas, a heading after a comma,
# an announced count, half-width punctuation, dates, quotes and a doubled word.
_SENT = ("我讲三点意见，一是压实整改责任,各乡镇、县直各部门要对照问题清单逐项销号；二是加强跟踪问效，"
         "（一）每月通报一次进度，防止问题反弹回潮；三是完善“资金监管”流程，2025年3月8日前完成。")
SIZES = (1_000, 10_000, 100_000, 1_000_000)
_ANCHOR = re.compile(r"[,:;!?()，。；]")


def _best(fn, repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _slope(xs, ys) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def measure(joiner: str) -> tuple[list[tuple[int, float, float]], float]:
    rows = []
    for n in SIZES:
        unit = _SENT + joiner
        text = (unit * (n // len(unit) + 1))[:n]
        repeat = 5 if n <= 100_000 else 1
        anchor = _best(lambda: _ANCHOR.findall(text), repeat)
        t = _best(lambda: check_text(text), repeat)
        rows.append((n, t, anchor))
    return rows, _slope([r[0] for r in rows], [r[1] for r in rows])


def main() -> None:
    check_text(_SENT)  # warm up: rule modules, OpenCC's dictionaries
    for label, joiner in (("one paragraph", ""), ("a paragraph a line", "\n")):
        rows, k = measure(joiner)
        print(f"gaozi check, {label}")
        print(f"{'characters':>12}{'seconds':>12}{'anchor s':>12}{'× anchor':>10}")
        for n, t, a in rows:
            print(f"{n:>12,}{t:>12.3f}{a:>12.4f}{t / a:>10.0f}")
        print(f"fitted exponent {k:.2f} (target ≤ 1.1)\n")


if __name__ == "__main__":
    main()
