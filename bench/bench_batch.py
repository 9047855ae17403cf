"""Benchmark of `gaozi batch`: wall time and memory of 1,000 and 10,000 表态发言 from one CSV.

    python bench/bench_batch.py                 # 1,000 and 10,000 rows, docx
    python bench/bench_batch.py --rows 1000     # one size
    python bench/bench_batch.py --jobs 2 --format txt

Targets (the issue): 1,000 documents in at most 10 s wall on a 2-core machine; peak memory at most
200 MB summed over the parent and its worker processes, and flat as the row count grows.

Memory is measured from outside: the CLI runs as a child process; a sampler reads /proc every 20 ms and
records (a) the largest sum of VmRSS over the whole process tree at one moment and (b) the sum of every
process's VmHWM (its own peak), an upper bound. RUSAGE_CHILDREN's ru_maxrss (the largest single
process) is printed too. RSS counts pages shared between forked processes once per process, so both
sums overstate the real use.

The outline is the biaotai kind over outlines/facts/inspection.yaml when both exist (each row names a
unit, its head and its problem count), else the speech starter with a `village` column.
"""
from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10.0
TARGET_MB = 200.0
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国志强海燕晓东春梅立新文华秀英德明红霞国庆玉兰卫东丽萍永刚桂芳"
PLACES = "东南西北上下前后新老大小高低长青红白金石竹松柏桃李杏枫柳"


def _outline(work: Path) -> tuple[Path, list[str]]:
    """The outline file and the CSV columns it takes."""
    facts = ROOT / "outlines" / "facts" / "inspection.yaml"
    if (ROOT / "templates" / "biaotai" / "kind.yaml").is_file() and facts.is_file():
        p = work / "biaotai.yaml"
        p.write_text(f"kind: biaotai\nfacts: {facts}\nhead_title: 村党支部书记\n", encoding="utf-8")
        return p, ["unit", "head", "problem_count"]
    text = (ROOT / "templates" / "speech" / "starter.yaml").read_text(encoding="utf-8")
    text = text.replace("meeting: 全县巡察整改工作推进会议", "meeting: \"{{ village }}巡察整改工作推进会议\"")
    p = work / "speech.yaml"
    p.write_text(text, encoding="utf-8")
    return p, ["village", "leader"]


def _csv(path: Path, rows: int, columns: list[str]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        for i in range(rows):
            place = PLACES[i % len(PLACES)] + PLACES[(i // len(PLACES)) % len(PLACES)] + f"{i // 900 + 1}村"
            person = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 2) % len(GIVEN)] + GIVEN[(i * 2 + 1) % len(GIVEN)]
            values = {"unit": place + "党支部", "village": place, "head": person, "leader": person,
                      "problem_count": str(i % 9 + 3)}
            w.writerow([values[c] for c in columns])


def _tree(root: int) -> list[int]:
    """The pid and all its descendants (from /proc/*/stat)."""
    parents: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        parents[int(d)] = int(stat.rsplit(")", 1)[1].split()[1])
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(c for c, pp in parents.items() if pp == p)
    return out


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.peak_sum_kb = 0
        self.hwm: dict[int, int] = {}
        self.max_procs = 0

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _tree(self.pid)
            self.max_procs = max(self.max_procs, len(pids))
            total = 0
            for p in pids:
                total += _status_kb(p, "VmRSS")
                h = _status_kb(p, "VmHWM")
                if h:
                    self.hwm[p] = max(self.hwm.get(p, 0), h)
            self.peak_sum_kb = max(self.peak_sum_kb, total)
            self.stop.wait(0.02)


def run(rows: int, fmt: str, jobs: int | None, keep: bool) -> dict:
    work = Path(tempfile.mkdtemp(prefix="gaozi-bench-"))
    try:
        outline, columns = _outline(work)
        data = work / f"rows-{rows}.csv"
        _csv(data, rows, columns)
        out = work / "out"
        name = "{row:05d}-{%s}.%s" % (columns[0], fmt)
        cmd = [sys.executable, "-m", "generator", "batch", str(outline), "--data", str(data), "-o", str(out),
               "--name", name, "-q"]
        if jobs:
            cmd += ["--jobs", str(jobs)]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        sampler = Sampler(proc.pid)
        sampler.start()
        _, err = proc.communicate()
        wall = time.perf_counter() - t0
        sampler.stop.set()
        sampler.join()
        if proc.returncode != 0:
            raise SystemExit(f"gaozi batch failed ({proc.returncode}): {err.decode('utf-8', 'replace')[-2000:]}")
        written = len(list(out.iterdir()))
        child_max = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB on Linux
        return {"rows": rows, "written": written, "wall": wall, "per_doc_ms": 1000 * wall / rows,
                "peak_sum_mb": sampler.peak_sum_kb / 1024, "hwm_sum_mb": sum(sampler.hwm.values()) / 1024,
                "largest_mb": child_max / 1024, "procs": sampler.max_procs, "kind": outline.stem}
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, nargs="*", default=[1000, 10000])
    ap.add_argument("--format", default="docx", choices=["docx", "txt", "md"])
    ap.add_argument("--jobs", type=int)
    ap.add_argument("--keep", action="store_true", help="keep the temp folder with the outputs")
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}, load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ok = True
    results = []
    for n in args.rows:
        r = run(n, args.format, args.jobs, args.keep)
        results.append(r)
        print(f"{r['kind']}: {r['rows']:>6} rows → {r['written']} {args.format} files in {r['wall']:.2f} s "
              f"({r['per_doc_ms']:.2f} ms/doc); memory: peak sum of RSS {r['peak_sum_mb']:.1f} MB over "
              f"{r['procs']} processes, sum of per-process peaks {r['hwm_sum_mb']:.1f} MB, largest process "
              f"{r['largest_mb']:.1f} MB")
        if n == 1000 and r["wall"] > TARGET_SECONDS:
            print(f"  over target: 1,000 documents should take at most {TARGET_SECONDS:.0f} s")
            ok = False
        if r["hwm_sum_mb"] > TARGET_MB:
            print(f"  over target: memory should stay under {TARGET_MB:.0f} MB")
            ok = False
    if len(results) > 1:
        a, b = results[0], results[-1]
        print(f"memory growth {a['rows']} → {b['rows']} rows: {b['hwm_sum_mb'] - a['hwm_sum_mb']:+.1f} MB "
              f"(sum of peaks), {b['peak_sum_mb'] - a['peak_sum_mb']:+.1f} MB (peak sum)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
