"""Benchmark: text-side figures — Chinese typography, `gaozi check`, and composing an outline — printed
against anchors measured in the same run (a regex pass over the same text, YAML loading of the same outline)."""
from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.text import typography  # noqa: E402
from generator.api import build  # noqa: E402
from generator.lint.check import check_text  # noqa: E402

# Original filler: a 10,000-character draft with half-width punctuation and run-in points.
_PARA = ("一要压实整改责任,各乡镇、县直各部门要对照问题清单逐项销号:做到件件有着落;"
         "二要加强跟踪问效(每月通报一次),防止问题反弹回潮!三要完善资金监管流程,确保专款专用。")


def median_ms(fn, repeat: int = 21) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    text = "\n".join([_PARA] * (10_000 // len(_PARA) + 1))[:10_000]
    anchor_re = re.compile(r"[,:;!?()]")
    starter = str(ROOT / "templates" / "speech" / "starter.yaml")
    import yaml

    src = Path(starter).read_text(encoding="utf-8")
    rows = [
        ("regex scan of 10,000 chars (anchor)", median_ms(lambda: anchor_re.findall(text))),
        ("typography.normalize, 10,000 chars", median_ms(lambda: typography.normalize(text))),
        ("gaozi check, 10,000 chars (target ≤ 100 ms)", median_ms(lambda: check_text(text), 7)),
        ("yaml.safe_load of the starter (anchor)", median_ms(lambda: yaml.safe_load(src))),
        ("compose the starter outline", median_ms(lambda: build(starter))),
    ]
    example = str(ROOT / "outlines" / "speech-deploy-audit.yaml")
    from generator.api import length, write

    chars = length(build(example))[0]
    rows.append((f"outline → .docx bytes, {chars} chars (target ≤ 5 ms)",
                 median_ms(lambda: write(build(example), "docx"))))
    anchor = {0: rows[0][1], 1: rows[0][1], 2: rows[0][1], 3: rows[3][1], 4: rows[3][1], 5: rows[3][1]}
    print(f"{'measure':<48}{'median ms':>12}{'× anchor':>10}")
    for i, (name, ms) in enumerate(rows):
        print(f"{name:<48}{ms:>12.2f}{ms / anchor[i]:>10.1f}")


if __name__ == "__main__":
    main()
