"""The stages depend one way and have no import cycles: import-linter's contracts in pyproject.toml."""
from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import ROOT


def test_import_contracts_are_kept():
    exe = shutil.which("lint-imports")
    cmd = [exe] if exe else [sys.executable, "-m", "importlinter.cli"]
    done = subprocess.run(cmd + ["--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout
