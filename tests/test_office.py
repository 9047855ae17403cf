"""The LibreOffice runner: found or explained (package named, exit 2), a private profile per call, many
files per run, a timeout that kills the whole process group, temporary folders removed."""
from __future__ import annotations

import os
import stat
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import run_gaozi
from generator.errors import GaoziError
from generator.io import office

ROOT = Path(__file__).resolve().parent.parent


def fake_soffice(folder: Path, body: str) -> Path:
    """A stand-in `soffice`: a Python script that sees the same arguments LibreOffice would."""
    p = folder / "soffice"
    p.write_text(f"#!{sys.executable}\nimport sys, os, pathlib, time\nargs = sys.argv[1:]\n{body}\n", encoding="utf-8")
    p.chmod(p.stat().st_mode | stat.S_IXUSR)
    return p


# The fake converts by upper-casing the bytes; it records its arguments and environment next to itself.
CONVERT = """
out = pathlib.Path(args[args.index('--outdir') + 1])
to = args[args.index('--convert-to') + 1].split(':')[0]
pathlib.Path(sys.argv[0]).with_name('args.txt').write_text(repr(args) + '\\n' + os.environ['HOME'])
for a in args:
    if a.startswith('/') and pathlib.Path(a).is_file() and '/in/' in a:
        (out / (pathlib.Path(a).stem + '.' + to)).write_bytes(pathlib.Path(a).read_bytes().upper())
"""


def gaozi_temp_dirs() -> set[str]:
    return {n for n in os.listdir(tempfile.gettempdir()) if n.startswith("gaozi-office-")}


def test_many_files_in_one_run_in_order_with_a_private_profile(tmp_path, monkeypatch):
    monkeypatch.setenv("GAOZI_SOFFICE", str(fake_soffice(tmp_path, CONVERT)))
    before = gaozi_temp_dirs()
    out = office.convert([("docx", b"one"), ("docx", b"two"), ("rtf", b"three")], "pdf")
    assert out == [b"ONE", b"TWO", b"THREE"]
    args, home = (tmp_path / "args.txt").read_text().split("\n")
    assert "-env:UserInstallation=file:///" in args and "--headless" in args and "'--convert-to', 'pdf'" in args
    profile = args.split("-env:UserInstallation=file://")[1].split("'")[0]
    assert profile.startswith(home)  # the profile and HOME live in the call's own temporary folder
    assert gaozi_temp_dirs() == before  # and that folder is gone


def test_two_calls_never_share_a_profile(tmp_path, monkeypatch):
    monkeypatch.setenv("GAOZI_SOFFICE", str(fake_soffice(tmp_path, CONVERT)))
    office.convert([("docx", b"a")], "pdf")
    first = (tmp_path / "args.txt").read_text()
    office.convert([("docx", b"a")], "pdf")
    assert (tmp_path / "args.txt").read_text() != first


def test_missing_soffice_names_the_debian_package(tmp_path, monkeypatch):
    monkeypatch.setenv("GAOZI_SOFFICE", str(tmp_path / "nowhere" / "soffice"))
    assert not office.available()
    with pytest.raises(GaoziError) as e:
        office.convert([("docx", b"x")], "pdf", what="生成 PDF", name="讲话.yaml")
    msg = str(e.value)
    assert msg.startswith("讲话.yaml: 生成 PDF 需要 LibreOffice") and "libreoffice-writer-nogui" in msg
    assert "libreoffice-calc-nogui" in office.missing_message("读取", "calc")


def test_a_file_it_cannot_convert_is_a_chinese_error(tmp_path, monkeypatch):
    monkeypatch.setenv("GAOZI_SOFFICE", str(fake_soffice(tmp_path, "sys.stderr.write('Error: source file could not be loaded')")))
    with pytest.raises(GaoziError) as e:
        office.convert([("doc", b"junk")], "docx", what="读取 .doc 文件", name="旧稿.doc")
    assert "旧稿.doc: 读取 .doc 文件失败：LibreOffice 无法转换这个文件" in str(e.value)
    assert "could not be loaded" in str(e.value)


def test_timeout_kills_the_process_group_and_cleans_up(tmp_path, monkeypatch):
    # The fake starts a child that would outlive it, then hangs: both must be gone after the timeout.
    body = ("import subprocess\n"
            f"c = subprocess.Popen([{sys.executable!r}, '-c', 'import time; time.sleep(60)'])\n"
            "pathlib.Path(sys.argv[0]).with_name('child.pid').write_text(str(c.pid))\n"
            "time.sleep(60)")
    monkeypatch.setenv("GAOZI_SOFFICE", str(fake_soffice(tmp_path, body)))
    before = gaozi_temp_dirs()
    t = time.monotonic()
    with pytest.raises(GaoziError) as e:
        office.convert([("docx", b"x")], "pdf", what="生成 PDF", timeout=1.5)
    assert time.monotonic() - t < 10
    assert "秒内没有完成转换" in str(e.value)
    pid = int((tmp_path / "child.pid").read_text())
    for _ in range(50):
        try:
            os.kill(pid, 0)
            with open(f"/proc/{pid}/stat") as fh:  # a zombie awaiting its (killed) parent's reaper is dead
                if fh.read().split(")")[1].split()[0] == "Z":
                    break
        except (OSError, FileNotFoundError):
            break
        time.sleep(0.1)
    else:
        pytest.fail("the converter's child process survived the timeout")
    assert gaozi_temp_dirs() == before


def test_abort_all_kills_running_conversions(tmp_path, monkeypatch):
    import threading

    monkeypatch.setenv("GAOZI_SOFFICE", str(fake_soffice(tmp_path, "time.sleep(30)")))
    errors = []
    th = threading.Thread(target=lambda: errors.append(pytest.raises(GaoziError, office.convert, [("docx", b"x")], "pdf")))
    before = gaozi_temp_dirs()
    th.start()
    for _ in range(100):
        if office._RUNNING:
            break
        time.sleep(0.05)
    assert office._RUNNING
    office.abort_all()
    th.join(10)
    assert not th.is_alive() and errors
    assert gaozi_temp_dirs() == before


def test_render_pdf_without_libreoffice_exit_2_in_chinese(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    out = tmp_path / "讲话.pdf"
    r = run_gaozi("render", ROOT / "outlines" / "speech-warning.yaml", "-o", out, env={"PATH": str(empty)})
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert "需要 LibreOffice" in err and "libreoffice-writer-nogui" in err and "Traceback" not in err
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
