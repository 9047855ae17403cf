"""Benchmark the web API: server-side preview of a 5,000-character speech (target ≤ 50 ms), sustained preview
requests a second on 2 uvicorn workers, and the memory of a worker over 10,000 requests. Loopback only; every
loop is bounded in count and time. Anchors are measured in the same run: a txt render of the same speech
(the cheapest full build) and GET /api/version (the cheapest request).

    python bench/bench_web.py [REQUESTS_FOR_MEMORY=10000]
"""
from __future__ import annotations

import concurrent.futures as cf
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402

from timing import median_ms  # noqa: E402
from generator import api  # noqa: E402

SENTENCES = ["整改工作能不能见到实效，关键看责任是不是落到了具体的人身上。",
             "各单位要把问题清单逐条过一遍，弄清楚每一个问题卡在哪个环节、由谁负责、什么时候办结。",
             "对已经销号的问题，要组织回头看，防止表面整改、虚假整改。",
             "群众反映强烈的问题要优先解决，让群众看得见变化、感受得到成效。"]


def speech_outline(chars: int = 5000) -> str:
    """An original speech outline of about `chars` characters: four sections of run-in points and paragraphs."""
    lines = ["kind: speech", "meeting: 全县巡察整改工作推进会议", "title: 在{{ meeting }}上的讲话",
             "date: 2025-06-12", "sections:", "  items:"]
    per_section = chars // 4
    heads = ["提高认识，把整改摆在突出位置", "压实责任，把任务分解到人", "聚焦重点，把难题逐个攻下", "建章立制，把成果巩固下来"]
    for h in heads:
        lines += [f"    - heading: {h}", "      body:", "        - points:", "            items:"]
        used, k = 0, 0
        while used < per_section:
            text = "".join(SENTENCES[(k + j) % 4] for j in range(3))
            lines += [f"              - lead: 要抓好第{k + 1}项工作。", f"                text: {text}"]
            used += len(text) + 8
            k += 1
    return "\n".join(lines) + "\n"




def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "generator.web.app:create_app",
                             "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                             "--log-level", "warning"], env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/version", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("uvicorn did not start")


def rate(url: str, path: str, body: dict | None, seconds: float = 8.0, max_requests: int = 4000,
         threads: int = 4) -> float:
    """Requests a second over `seconds` (at most `max_requests`), from `threads` client threads."""
    stop = time.monotonic() + seconds
    counts = [0] * threads

    def worker(i: int) -> None:
        with httpx.Client(timeout=30) as c:
            while time.monotonic() < stop and sum(counts) < max_requests:
                r = c.post(url + path, json=body) if body is not None else c.get(url + path)
                assert r.status_code == 200, r.text[:200]
                counts[i] += 1

    t = time.perf_counter()
    with cf.ThreadPoolExecutor(threads) as ex:
        list(ex.map(worker, range(threads)))
    return sum(counts) / (time.perf_counter() - t)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    n_mem = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    text = speech_outline()
    doc = api.build_text(text)
    chars, minutes = api.length(doc)
    print(f"speech: {chars} characters, {minutes:.1f} minutes")

    def preview():
        d = api.build_text(text)
        api.write(d, "html")
        api.check_outline(text, ignore=("punct-width",), doc=d)  # as /api/preview does

    anchor = median_ms(lambda: api.write(api.build_text(text), "txt"))
    ms = median_ms(preview)
    print(f"server-side preview (build + html + check): {ms:.1f} ms  (target <= 50 ms; "
          f"anchor txt render of the same: {anchor:.1f} ms, preview = {ms / anchor:.1f}x)")

    proc, url = start_server(2)
    try:
        base = rate(url, "/api/version", None)
        rps = rate(url, "/api/preview", {"outline": text})
        print(f"2 workers: {rps:.0f} previews/s of the 5,000-character speech "
              f"(anchor GET /api/version: {base:.0f} requests/s)")
    finally:
        proc.terminate()
        proc.wait(20)

    proc, url = start_server(1)
    try:
        small = "kind: speech\nmeeting: 全县整改推进会\nsections:\n  items:\n    - heading: 狠抓落实\n"
        pid = proc.pid  # one worker: uvicorn serves in its own process
        marks = {}
        deadline = time.monotonic() + 600
        with httpx.Client(timeout=30) as c:
            for i in range(1, n_mem + 1):
                r = c.post(url + "/api/preview", json={"outline": small, "seed": i % 50})
                assert r.status_code == 200
                if i in (n_mem // 10, n_mem // 2, n_mem) or i == 1:
                    marks[i] = rss_kb(pid)
                if time.monotonic() > deadline:
                    marks[i] = rss_kb(pid)
                    break
        first = marks[min(marks)]
        print("worker memory (RSS) by request: " + ", ".join(f"{k}: {v / 1024:.1f} MB" for k, v in sorted(marks.items()))
              + f"  (growth after the first {min(k for k in marks if k > 1)}: "
              f"{(marks[max(marks)] - marks[min(k for k in marks if k > 1)]) / 1024:.1f} MB; first request {first / 1024:.1f} MB)")
    finally:
        proc.terminate()
        proc.wait(20)


if __name__ == "__main__":
    main()
