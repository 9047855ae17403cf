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
    with pytest.raises(GaoziError, match="无法写出"):
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


# ---- issue 12: devices, inputs read, exclusive claims, write errors, stale temp files ---------------
import os
import resource
import signal
import subprocess
import sys

from conftest import ROOT, run_gaozi
from generator.io import textio
from generator.io.atomic import sweep_stale


def test_a_character_device_is_written_into_never_replaced(tmp_path):  # item 4
    write_atomic("/dev/null", b"abc", force=True)
    write_atomic("/dev/null", b"abc")  # nothing is replaced, so no --force is needed
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


def test_a_named_pipe_is_streamed(tmp_path):
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    write_atomic(fifo, "甲乙".encode(), force=True)
    assert reader.communicate(timeout=10)[0] == "甲乙".encode()
    assert not fifo.is_file()


def test_a_full_device_is_a_chinese_message():  # item 20
    with pytest.raises(GaoziError, match="磁盘空间不足"):
        write_atomic("/dev/full", b"x" * 100_000)


def test_a_file_read_in_this_process_is_an_input(tmp_path):  # item 5: facts and ledger data too
    facts = tmp_path / "facts.yaml"
    facts.write_text("unit: 东村\n", encoding="utf-8")
    textio.read_text(str(facts))
    link = tmp_path / "link.yaml"
    link.symlink_to(facts)
    for target in (facts, link):
        with pytest.raises(GaoziError, match="输入文件"):
            write_atomic(target, b"x", force=True)
    assert facts.read_text(encoding="utf-8") == "unit: 东村\n"


def test_without_force_the_name_is_claimed_exclusively(tmp_path, monkeypatch):  # item 8
    target = tmp_path / "a.txt"
    real_link = os.link

    def racing_link(src, dst):  # another process writes the same name between the check and the rename
        with open(dst, "wb") as fh:
            fh.write(b"theirs")
        return real_link(src, dst)

    monkeypatch.setattr(os, "link", racing_link)
    with pytest.raises(GaoziError, match="已存在"):
        write_atomic(target, b"mine")
    assert target.read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4_000, 4_000))


def test_a_file_too_big_for_the_disk_leaves_nothing(tmp_path):  # item 20: the disk fills mid-write
    (tmp_path / "s.yaml").write_text("kind: speech\ntitle: 讲话\nopening: [开场。]\nclosing: [结束。]\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-m", "generator", "render", "s.yaml", "-o", "s.docx", "-q"], cwd=tmp_path,
                       env=env, capture_output=True, preexec_fn=_limit_file_size, timeout=120)
    err = r.stderr.decode()
    assert r.returncode == 2 and "s.docx: 无法写出" in err and "Traceback" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to act as another user")
def test_no_permission_is_a_chinese_message(tmp_path):  # item 20
    folder = tmp_path / "ro"
    folder.mkdir()
    (tmp_path / "s.yaml").write_text("kind: speech\ntitle: 讲话\nopening: [开场。]\nclosing: [结束。]\n", encoding="utf-8")
    tmp_path.chmod(0o755)
    (tmp_path / "s.yaml").chmod(0o644)
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(folder), GAOZI_CACHE=str(folder / "c"))
    try:
        r = subprocess.run([sys.executable, "-m", "generator", "render", "s.yaml", "-o", str(folder / "s.txt"), "-q"],
                           cwd=tmp_path, env=env, capture_output=True, preexec_fn=lambda: os.setuid(65534), timeout=120)
    except PermissionError:
        pytest.skip("python is not runnable by nobody here")
    err = r.stderr.decode()
    if "Permission denied" in err and "generator" in err:
        pytest.skip("the checkout is not readable by nobody")
    assert r.returncode == 2 and "没有写入该文件夹的权限" in err, err
    assert list(folder.iterdir()) == []


def test_stale_temp_files_of_dead_processes_are_swept(tmp_path):  # item 14
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".001.docx.{dead.pid}.abcd.tmp"
    live = tmp_path / f".002.docx.{os.getpid()}.abcd.tmp"
    other = tmp_path / ".hidden.tmp"
    for f in (stale, live, other):
        f.write_bytes(b"x")
    assert sweep_stale(tmp_path) == 1
    assert not stale.exists() and live.exists() and other.exists()


def test_a_full_disk_with_a_cold_template_cache_is_still_a_write_error(tmp_path):  # item 20
    # the compiled-template cache cannot be written either: that must not turn into an internal error
    work = tmp_path / "w"
    work.mkdir()
    (work / "s.yaml").write_text("kind: speech\ntitle: 讲话\nopening: [开场。]\nclosing: [结束。]\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), GAOZI_CACHE=str(tmp_path / "cold-cache"))
    r = subprocess.run([sys.executable, "-m", "generator", "render", "s.yaml", "-o", "s.docx", "-q"], cwd=work,
                       env=env, capture_output=True, preexec_fn=_limit_file_size, timeout=120)
    err = r.stderr.decode()
    assert r.returncode == 2 and "s.docx: 无法写出" in err and "Traceback" not in err, err
    assert sorted(p.name for p in work.iterdir()) == ["s.yaml"]
