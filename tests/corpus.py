"""Run every command on every input of the bad-input corpus, in one process per command, and report.

    python tests/corpus.py                 # all commands; exit 1 if any case breaks a rule
    python tests/corpus.py render check    # only these commands
    python tests/corpus.py --json render   # machine-readable (what tests/test_badinput.py reads)

Rules checked for each (command, input): exit code 0, 1 or 2 (3 is a bug); no traceback; every message
line in Chinese; under LIMIT_S seconds; the input unchanged; no temp file left. The memory bound (500 MB)
is set on the whole process with RLIMIT_AS before anything runs.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "fixtures" / "badinput"
LIMIT_S = 10.0
LIMIT_MB = 500
FOLDERS = {"fragments": ("fragments-bad", "fragments-cycle", "fragments-bomb"),
           "templates": ("templates-bad", "templates-evil", "templates-bomb")}


def inputs() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name != "README.md")


def commands(name: str) -> dict[str, list[str]]:
    """Command name → arguments ({in} is the input copied into a scratch folder)."""
    data_outline = str(CORPUS / "merge-override.yaml")
    return {
        "render": ["render", "{in}", "-o", "out.docx", "-q"],
        "render-txt": ["render", "{in}", "--format", "txt", "-q"],
        "outline": ["outline", "{in}"],
        "check": ["check", "{in}"],
        "import": ["import", "{in}", "-o", "out.yaml"],
        "batch-outline": ["batch", "{in}", "--data", "{rows}", "-o", "out", "-q", "-j", "1"],
        "batch-data": ["batch", data_outline, "--data", "{in}", "-o", "out", "-q", "-j", "1"],
        "ledger": ["ledger", "{in}", "--csv", "out.csv", "-q"],
        "user-folders": ["render", "{in}", "--format", "txt", "-q",
                         *[a for f in FOLDERS["fragments"] for a in ("--fragments", str(CORPUS / f))],
                         *[a for f in FOLDERS["templates"] for a in ("--templates", str(CORPUS / f))]],
    }


def _chinese(line: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in line)


def run_one(command: str, args: list[str], src: Path) -> dict:
    from click.testing import CliRunner

    from generator.cli import main

    work = Path(tempfile.mkdtemp(prefix="gaozi-corpus-"))
    try:
        target = work / src.name
        shutil.copyfile(src, target)
        rows = work / "rows.csv"
        rows.write_text("unit,leader\n东村,王一\n西村,李二\n", encoding="utf-8")
        before = hashlib.sha256(target.read_bytes()).hexdigest()
        argv = [a.replace("{in}", str(target)).replace("{rows}", str(rows)) for a in args]
        cwd = os.getcwd()
        os.chdir(work)
        started = time.monotonic()
        try:
            r = CliRunner().invoke(main, argv, catch_exceptions=True)
        finally:
            os.chdir(cwd)
        elapsed = time.monotonic() - started
        err = r.stderr if hasattr(r, "stderr") else r.output
        problems = []
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            problems.append(f"未捕获的异常 {type(r.exception).__name__}")
        if r.exit_code not in (0, 1, 2):
            problems.append(f"退出码 {r.exit_code}")
        if "Traceback" in err or "内部错误" in err:
            problems.append("内部错误")
        english = [l for l in err.splitlines() if l.strip() and not _chinese(l) and not l.startswith((" ", "\t"))]
        if english:
            problems.append(f"英文消息：{english[0][:80]}")
        if elapsed > LIMIT_S:
            problems.append(f"耗时 {elapsed:.1f} 秒")
        if hashlib.sha256(target.read_bytes()).hexdigest() != before:
            problems.append("输入被改动")
        left = [p.name for p in work.rglob("*") if p.name.endswith(".tmp")]
        if left:
            problems.append(f"留下临时文件 {left[0]}")
        return {"command": command, "input": src.name, "exit": r.exit_code, "seconds": round(elapsed, 2),
                "problems": problems}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    sys.path.insert(0, str(ROOT))
    try:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT_MB * 2**20 * 4, LIMIT_MB * 2**20 * 4))  # address space
        resource.setrlimit(resource.RLIMIT_DATA, (LIMIT_MB * 2**20, LIMIT_MB * 2**20))  # heap: the real bound
    except (ValueError, OSError):
        pass
    cmds = commands("")
    results = []
    for command in wanted or list(cmds):
        for src in inputs():
            results.append(run_one(command, cmds[command], src))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bad = [r for r in results if r["problems"]]
    if as_json:
        print(json.dumps({"results": results, "peak_mb": round(peak, 1)}, ensure_ascii=False))
    else:
        for r in bad:
            print(f"{r['command']:<14}{r['input']:<34}退出码 {r['exit']}  {'；'.join(r['problems'])}")
        print(f"共 {len(results)} 例，{len(bad)} 例有问题；最慢 {max((r['seconds'] for r in results), default=0):.1f} 秒，"
              f"峰值内存 {peak:.0f} MB")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
