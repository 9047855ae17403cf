"""Atomic output: write a temp file in the target folder, then rename it into place.

- A target that is an input (given, or any file this process has read: facts, ledger data) is refused.
- A device or a pipe (-o /dev/null, a named pipe) is written into, never replaced by a regular file;
  block devices and sockets are refused.
- Without force the new file is claimed exclusively (a hard link of the finished temp file): two
  processes writing the same name cannot overwrite each other; the second is told the file exists.
- A full disk, a read-only folder or a missing permission is a Chinese message; the temp file is removed.
- Temp files are named .NAME.PID.XXXX.tmp: one whose process is gone is swept by sweep_stale().
"""
from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path

from generator.errors import GaoziError, Problem
from generator.io.textio import is_input


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def _special(p: Path):
    """The mode of an existing non-regular, non-folder target, else None."""
    try:
        mode = os.stat(p).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else mode


def check_target(path: str | os.PathLike, *, inputs=(), force: bool = False, rewrite_input: bool = False) -> None:
    """Refuse to write onto an input, and onto an existing file unless force is given. rewrite_input:
    the one deliberate exception (check --fix --in-place rewrites the file it read)."""
    p = Path(path)
    for src in inputs:
        if src and src != "-" and Path(src).exists() and p.exists() and same_file(p, src):
            raise GaoziError(Problem(str(p), None, "", "输出文件就是输入文件，拒绝覆盖（请换一个输出文件名）"))
    if is_input(p) and not rewrite_input:
        raise GaoziError(Problem(str(p), None, "", "输出文件是本次读取的输入文件（如事实文件或台账数据），拒绝覆盖（请换一个输出文件名）"))
    if p.is_dir():
        raise GaoziError(Problem(str(p), None, "", "输出路径是一个文件夹"))
    mode = _special(p)
    if mode is not None:
        if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
            return  # written into as it is (-o /dev/null, a named pipe): nothing is replaced
        raise GaoziError(Problem(str(p), None, "", "输出路径是设备文件或套接字，拒绝写入"))
    if p.exists() and not force:
        raise GaoziError(Problem(str(p), None, "", "输出文件已存在；确认要覆盖请加 --force"))
    if not p.parent.exists():
        raise GaoziError(Problem(str(p), None, "", f"输出文件夹 {p.parent} 不存在"))


_ERRNO_CN = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "所在的磁盘或文件夹是只读的",
    errno.EACCES: "没有写入该文件夹的权限",
    errno.EPERM: "没有写入该文件夹的权限",
    errno.EFBIG: "文件超过系统允许的大小",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EIO: "磁盘读写出错",
}


def write_error(path, exc: OSError) -> GaoziError:
    """A Chinese message for an OSError while writing `path`: nothing partial is left."""
    why = _ERRNO_CN.get(exc.errno, f"系统错误（错误号 {exc.errno}）")
    return GaoziError(Problem(str(path), None, "", f"无法写出：{why}；没有留下不完整的文件"))


def _stream(p: Path, data: bytes) -> None:
    try:
        fd = os.open(p, os.O_WRONLY)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise write_error(p, exc) from None


def write_atomic(path: str | os.PathLike, data: bytes, *, inputs=(), force: bool = False,
                 rewrite_input: bool = False) -> None:
    """Write bytes so that the target is either the old file or the complete new one, never half."""
    check_target(path, inputs=inputs, force=force, rewrite_input=rewrite_input)
    p = Path(path)
    if _special(p) is not None:
        _stream(p, data)
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.{os.getpid()}.", suffix=".tmp", dir=str(p.parent))
    except OSError as exc:
        raise write_error(p, exc) from None
    try:
        # mkstemp makes the file private (0600); an output should get the usual permissions.
        mode = p.stat().st_mode & 0o777 if p.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            os.replace(tmp, p)
        else:
            _claim(tmp, p)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, FileExistsError):
            raise GaoziError(Problem(str(p), None, "", "输出文件已存在（可能刚由另一个进程写出）；确认要覆盖请加 --force")) from None
        if isinstance(exc, OSError):
            raise write_error(p, exc) from None
        raise


def _claim(tmp: str, p: Path) -> None:
    """Put the finished temp file at p only if no file is there: a hard link fails if p exists."""
    try:
        os.link(tmp, p)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        # No hard links here (FAT, some network shares): claim the name, then rename over our claim.
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        os.replace(tmp, p)
        return
    os.unlink(tmp)


_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")


def temp_target(entry: str) -> str | None:
    """The target name a temp file of ours (.NAME.PID.XXXX.tmp) was for, else None."""
    m = _TEMP.match(entry)
    return m["name"] if m else None


def sweep_stale(folder: str | os.PathLike) -> int:
    """Remove our temp files in `folder` whose writing process no longer runs (killed mid-write)."""
    removed = 0
    try:
        entries = os.listdir(folder)
    except OSError:
        return 0
    for e in entries:
        m = _TEMP.match(e)
        if not m or _alive(int(m["pid"])):
            continue
        try:
            os.unlink(os.path.join(folder, e))
            removed += 1
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    # A writer killed with its parent can linger as a zombie until someone reaps it: it writes nothing more.
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[0] not in (b"Z", b"X")
    except (OSError, IndexError):
        return True


def write_all(outputs: list[tuple[str | os.PathLike, bytes]], *, inputs=(), force: bool = False) -> None:
    """Several outputs of one command: every target is checked and every temp file written before the
    first is renamed into place, so a problem with any of them leaves none written (and no temp file)."""
    paths = [Path(p) for p, _data in outputs]
    problems = []
    for i, p in enumerate(paths):
        if any(same_file(p, q) or p.resolve() == q.resolve() for q in paths[:i]):
            problems.append(Problem(str(p), None, "", "同一个文件不能同时作为两种输出"))
            continue
        try:
            check_target(p, inputs=inputs, force=force)
        except GaoziError as exc:
            problems.extend(exc.problems)
    if problems:
        raise GaoziError(problems)
    temps: list[tuple[str, Path]] = []
    try:
        for p, (_target, data) in zip(paths, outputs):
            fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=str(p.parent))
            temps.append((tmp, p))
            os.chmod(tmp, p.stat().st_mode & 0o777 if p.exists() else 0o666 & ~_umask())
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, p in temps:
            os.replace(tmp, p)
    except BaseException:
        for tmp, _p in temps:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise
