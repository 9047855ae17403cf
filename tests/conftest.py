"""Shared test helpers: paths, the seeds folder (skipped when absent), running the CLI."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    return SEEDS


def run_gaozi(*args, cwd=None, input: bytes | None = None, env=None, timeout=60) -> subprocess.CompletedProcess:
    """Run `python -m generator …` as a user would, in a subprocess."""
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, input=input,
                          capture_output=True, env=e, timeout=timeout)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path
