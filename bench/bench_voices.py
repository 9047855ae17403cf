"""How alike the 表态发言 of one meeting sound, and what planning them as one meeting costs.

    python bench/bench_voices.py                # 6 and 30 units, 反馈会 and 部署会
    python bench/bench_voices.py --units 60

Targets (issue #14): no sentence of 12 or more characters in more than two of six speeches; any two
speeches share at most 15% of their sentences (6 and 30 units); at most two of any three consecutive
speeches say the same sentence. Sentences are compared without enumerators and with every unit's name
and the scope words (全镇、全局 …) blanked (generator/batch/voices.py).

Anchor, measured in the same run: the same rows composed one by one with no meeting (each speech picks
its wording alone, as a single `gaozi render --set unit=…` would): its figures show what the meeting
buys, its time what it costs.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from generator.batch.core import Batch, _State  # noqa: E402
from generator.batch.voices import figures  # noqa: E402
from meeting_facts import meeting_facts  # noqa: E402


def run(n: int, meeting_type: str, folder: Path) -> None:
    facts = meeting_facts(n)
    (folder / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    (folder / "o.yaml").write_text(f"kind: biaotai\nfacts: facts.yaml\nmeeting_type: {meeting_type}\n", encoding="utf-8")
    (folder / "u.csv").write_text("unit\n" + "\n".join(u["name"] for u in facts["units"]) + "\n", encoding="utf-8")
    names = [x for u in facts["units"] for x in (u["name"], u["short"])]
    t = time.perf_counter()
    b = Batch(str(folder / "o.yaml"), str(folder / "u.csv"), str(folder / "out"), name="{row:02d}.txt", jobs=1,
              combine=str(folder / "汇编.txt"), force=True)
    report = b.run()
    meeting_s = time.perf_counter() - t
    assert report.ok, report.failed
    docs = [d for _i, d in sorted(b.docs, key=lambda x: x[0])]
    state = _State(b.spec)
    t = time.perf_counter()
    alone = [state.compose({"unit": u["name"]}, 0) for u in facts["units"]]
    alone_s = time.perf_counter() - t
    print(f"== {n} 个单位，{meeting_type}")
    for line in figures(docs, names).lines():
        print("  一次会上：" + line)
    for line in figures(alone, names).lines():
        print("  各自单独（基准）：" + line)
    print(f"  用时：整批（含写文件）{meeting_s:.2f} s；各自单独组稿 {alone_s:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, nargs="*", default=[6, 30])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.units:
            for mt in ("反馈会", "部署会"):
                folder = Path(tmp) / f"{n}-{mt}"
                folder.mkdir()
                run(n, mt, folder)


if __name__ == "__main__":
    main()
