"""Atomic output: write a temp file in the target folder, then rename it into place."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.errors import GaoziError, Problem


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def check_target(path: str | os.PathLike, *, inputs=(), force: bool = False) -> None:
    """Refuse to write onto an input, and onto an existing file unless force is given."""
    p = Path(path)
    for src in inputs:
        if src and src != "-" and Path(src).exists() and p.exists() and same_file(p, src):
            raise GaoziError(Problem(str(p), None, "", "输出文件就是输入文件，拒绝覆盖（请换一个输出文件名）"))
    if p.is_dir():
        raise GaoziError(Problem(str(p), None, "", "输出路径是一个文件夹"))
    if p.exists() and not force:
        raise GaoziError(Problem(str(p), None, "", "输出文件已存在；确认要覆盖请加 --force"))
    if not p.parent.exists():
        raise GaoziError(Problem(str(p), None, "", f"输出文件夹 {p.parent} 不存在"))


def write_atomic(path: str | os.PathLike, data: bytes, *, inputs=(), force: bool = False) -> None:
    """Write bytes so that the target is either the old file or the complete new one, never half."""
    check_target(path, inputs=inputs, force=force)
    p = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=str(p.parent))
    try:
        # mkstemp makes the file private (0600); an output should get the usual permissions.
        mode = p.stat().st_mode & 0o777 if p.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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
