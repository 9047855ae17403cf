"""Finds gaozi's data folders: the live ones in a checkout, the packaged copies in an installed wheel."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent.parent  # the generator package


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """Folder `templates`, `fragments` or `outlines`: the checkout's when run from one, else packaged."""
    live = _HERE.parent / name
    if (_HERE.parent / "pyproject.toml").is_file() and live.is_dir():
        return live
    return _HERE / f"_{name}"
