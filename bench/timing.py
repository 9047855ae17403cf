"""The one timing helper the bench scripts share: the median of repeated runs, in milliseconds."""
from __future__ import annotations

import statistics
import time


def median_ms(fn, runs: int = 15, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000
