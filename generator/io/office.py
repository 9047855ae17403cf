"""LibreOffice, run headless, as a converter: .docx → PDF, .doc/.wps/.rtf → .docx, .xlsx → CSV.

One call converts many files at once (starting LibreOffice costs seconds, converting a page milliseconds).
Every call gets a private user profile in its own temporary folder, so conversions running at the same
time (a batch, two terminals, the tests) never wait on one another's lock; the folder is removed
afterwards, whatever happens. A call that runs past its timeout is killed with every process it started.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from generator.errors import GaoziError, Problem

# Debian/Ubuntu packages that give `soffice` without a desktop; named in the message when it is missing.
PACKAGES = {"writer": "libreoffice-writer-nogui", "calc": "libreoffice-calc-nogui"}
TIMEOUT = 120.0  # seconds for one call; a few hundred pages convert well within it
_PER_FILE = 10.0  # seconds added per file converted in the same call
_RUNNING: dict[int, str] = {}  # process group → its temporary folder, for abort_all()


def find_soffice() -> str | None:
    """The LibreOffice program: $GAOZI_SOFFICE, else `soffice` or `libreoffice` on PATH."""
    env = os.environ.get("GAOZI_SOFFICE")
    if env:
        return env if Path(env).is_file() and os.access(env, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return find_soffice() is not None


def missing_message(what: str, component: str = "writer") -> str:
    pkg = PACKAGES.get(component, PACKAGES["writer"])
    sep = " " if what[-1:].isascii() else ""
    return (f"{what}{sep}需要 LibreOffice，但没有找到 soffice 程序：请安装 LibreOffice"
            f"（Debian/Ubuntu：sudo apt-get install {pkg}；Windows/macOS：从 LibreOffice 官网安装），"
            f"或设置 GAOZI_SOFFICE 指向 soffice")


def convert(files: list[tuple[str, bytes]], to: str, *, what: str = "转换文件", component: str = "writer",
            timeout: float | None = None, name: str = "gaozi") -> list[bytes]:
    """Convert each (extension, bytes) to `to` (a LibreOffice --convert-to target such as "pdf",
    "docx:MS Word 2007 XML" or "csv") in one LibreOffice run; the results in the same order.

    Raises GaoziError (exit 2) when LibreOffice is missing, times out or cannot convert a file; `what`
    names the task in the message ("生成 PDF"), `name` the file the message is about."""
    if not files:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise GaoziError(Problem(name, None, "", missing_message(what, component)))
    ext_out = to.split(":", 1)[0]
    limit = timeout if timeout is not None else TIMEOUT + _PER_FILE * len(files)
    with tempfile.TemporaryDirectory(prefix="gaozi-office-") as tmp:
        work = Path(tmp)
        src, out, profile = work / "in", work / "out", work / "profile"
        src.mkdir()
        out.mkdir()
        paths = []
        for i, (ext, data) in enumerate(files):
            p = src / f"{i:06d}.{ext.lstrip('.')}"
            p.write_bytes(data)
            paths.append(p)
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--nologo",
               "--norestore", "--nodefault", "--nolockcheck", "--convert-to", to, "--outdir", str(out),
               *map(str, paths)]
        # Nothing of LibreOffice's lands in the user's home; UTC keeps the time stamps it writes uniform.
        env = dict(os.environ, HOME=str(work), TZ="UTC")
        env.pop("DISPLAY", None)
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    env=env, cwd=str(work), start_new_session=True)
        except OSError as exc:
            raise GaoziError(Problem(name, None, "", f"{what}失败：无法启动 LibreOffice（{exc.strerror or exc}）")) from None
        _RUNNING[proc.pid] = tmp
        try:
            _stdout, stderr = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise GaoziError(Problem(name, None, "", f"{what}失败：LibreOffice 在 {limit:.0f} 秒内没有完成转换")) from None
        except BaseException:
            _kill(proc)
            raise
        finally:
            _kill_group(proc.pid)  # a helper process LibreOffice left behind
            _RUNNING.pop(proc.pid, None)
        results = []
        for p in paths:
            target = out / f"{p.stem}.{ext_out}"
            if not target.is_file() or target.stat().st_size == 0:
                detail = stderr.decode("utf-8", "replace").strip().splitlines()
                hint = f"（{detail[-1][:200]}）" if detail else ""
                raise GaoziError(Problem(name, None, "", f"{what}失败：LibreOffice 无法转换这个文件{hint}"))
            results.append(target.read_bytes())
        return results


def convert_one(data: bytes, ext: str, to: str, **kw) -> bytes:
    return convert([(ext, data)], to, **kw)[0]


def abort_all() -> None:
    """Kill every conversion this process is running and remove their folders: for a process about to
    exit at once on a signal (a batch worker), whose `finally` clauses will not run."""
    for pid, folder in list(_RUNNING.items()):
        _kill_group(pid)
        shutil.rmtree(folder, ignore_errors=True)
    _RUNNING.clear()


def _kill(proc: subprocess.Popen) -> None:
    _kill_group(proc.pid)
    try:
        proc.kill()
    except OSError:
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:  # pragma: no cover - the kernel reaps it later
        pass


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
