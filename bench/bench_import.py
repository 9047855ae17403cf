"""Benchmark: median in-process time of `gaozi import` on a 10,000-character speech (target ≤ 50 ms);
--scaling fits the exponent of import time from 1k to 1M characters (target ≤ 1.1)."""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.importer.core import import_text  # noqa: E402
from generator.text.numbering import cn_numeral  # noqa: E402

# Original filler text for the benchmark (not taken from any real document).
_SUBJECTS = ["各乡镇", "县直各部门", "各牵头单位", "各级党组织", "班子成员", "各责任单位"]
_ACTIONS = ["要对照问题清单逐项销号", "要把整改责任落实到具体岗位", "要建立周调度、月通报制度", "要主动认领反馈问题",
            "要举一反三查找同类问题", "要加强跟踪问效", "要严把整改验收关口", "要完善资金监管流程"]
_TAILS = ["确保问题见底清零", "做到件件有着落", "防止问题反弹回潮", "推动整改走深走实", "形成上下联动的工作格局"]
_HEADINGS = ["提高思想认识，切实增强整改的政治自觉", "压实工作责任，推动各项任务落地见效", "聚焦突出问题，以钉钉子精神抓好整改",
             "强化督促检查，确保整改不走形式", "健全长效机制，巩固拓展整改成果", "加强组织保障，为整改工作保驾护航"]
_RUNIN = [("一要", "二要", "三要", "四要"), ("一是", "二是", "三是", "四是"), ("第一，", "第二，", "第三，", "第四，"),
          ("首先，", "其次，", "再次，", "最后，")]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_SUBJECTS)}{rng.choice(_ACTIONS)}，{rng.choice(_TAILS)}。"


def _paragraph(rng: random.Random, n: int) -> str:
    return "".join(_sentence(rng) for _ in range(n))


def speech(chars: int = 10000, seed: int = 0) -> str:
    """A speech of about `chars` characters: title, salutation, sections with run-in points, closing."""
    rng = random.Random(seed)
    paras = ["在全县巡察整改工作推进会议上的讲话", "县委书记　周立新", "（2025年6月12日）", "同志们：",
             _paragraph(rng, 4) + "下面，我讲六点意见。"]
    sec = 0
    while sum(len(p) + 1 for p in paras) < chars + 200:
        paras.append(f"{cn_numeral(sec + 1)}、{_HEADINGS[sec % len(_HEADINGS)]}")
        paras.append(_paragraph(rng, 3))
        words = _RUNIN[sec % len(_RUNIN)]
        for w in words:
            paras.append(f"{w}抓实问题台账，{rng.choice(_TAILS)}。" + _paragraph(rng, 3))
        paras.append("短板主要有以下三个方面：一是认识不够深入。二是措施不够精准。三是督办不够有力。")
        sec += 1
    paras += ["同志们，" + _paragraph(rng, 2), "我就讲这些，谢谢大家。"]
    return "\n".join(paras)[:chars]


def pdf_copy(text: str, width: int = 30) -> str:
    return "\n".join(p[i:i + width] for p in text.split("\n") for i in range(0, len(p), width))


def measure(text: str, runs: int) -> float:
    import_text(text)  # warm the regex caches once
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        import_text(text)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def scaling(sizes=(1_000, 10_000, 100_000, 1_000_000)) -> float:
    """Import time from 1k to 1M characters; prints the fitted exponent of time ~ size**k (target ≤ 1.1)."""
    import math

    xs, ys = [], []
    for n in sizes:
        text = speech(n)
        runs = 3 if n <= 100_000 else 1
        best = min(_once(text) for _ in range(runs))
        print(f"import scaling: {n:>9,} chars {best * 1000:9.1f} ms")
        xs.append(math.log(n))
        ys.append(math.log(best))
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    k = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    print(f"import scaling exponent (1k → 1M characters): {k:.2f} (target ≤ 1.1)")
    return k


def _once(text: str) -> float:
    t0 = time.process_time()  # CPU time: the fit must not depend on what else the machine runs
    import_text(text)
    return time.process_time() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--chars", type=int, default=10000)
    ap.add_argument("--check", action="store_true", help="exit 1 when the plain-text median exceeds 50 ms")
    ap.add_argument("--scaling", action="store_true", help="also fit the exponent of import time from 1k to 1M characters")
    args = ap.parse_args()
    text = speech(args.chars)
    cases = {"plain text": text, "PDF line breaks": pdf_copy(text), "one line": text.replace("\n", "　　")}
    plain = None
    for label, t in cases.items():
        ms = measure(t, args.runs)
        plain = ms if plain is None else plain
        print(f"import {len(text)} chars ({label}): median {ms:.1f} ms over {args.runs} runs")
    exponent = scaling() if args.scaling else None
    slow = args.check and (plain > 50 or (exponent is not None and exponent > 1.1))
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
