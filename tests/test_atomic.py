"""Atomic writes: complete file or none; inputs and existing files protected."""
from __future__ import annotations

import pytest

from generator.io.atomic import write_atomic
from generator.errors import GaoziError


def test_writes_and_leaves_no_temp(tmp_path):
    target = tmp_path / "a.txt"
    write_atomic(target, b"abc")
    assert target.read_bytes() == b"abc" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_existing_needs_force(tmp_path):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    with pytest.raises(GaoziError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    write_atomic(target, b"new", force=True)
    assert target.read_bytes() == b"new"


def test_input_is_never_overwritten(tmp_path):
    src = tmp_path / "in.yaml"
    src.write_bytes(b"kind: speech\n")
    with pytest.raises(GaoziError) as exc:
        write_atomic(src, b"x", inputs=[str(src)], force=True)
    assert "输入文件" in str(exc.value) and src.read_bytes() == b"kind: speech\n"


def test_failure_mid_write_leaves_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, b"new", force=True)
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_missing_folder_is_explained(tmp_path):
    with pytest.raises(GaoziError) as exc:
        write_atomic(tmp_path / "no" / "a.txt", b"x")
    assert "不存在" in str(exc.value)


def test_new_files_get_ordinary_permissions(tmp_path):
    import os

    target = tmp_path / "a.txt"
    write_atomic(target, b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
