"""A non-editable install works from any directory and finds its packaged templates, fragments and outlines."""
from __future__ import annotations

import os
import site
import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("venv")
    env_dir = base / "v"
    venv.create(env_dir, system_site_packages=False, with_pip=True)
    py = env_dir / "bin" / "python"
    # The running interpreter's packages (the test's own environment: a virtual environment made for the
    # README's command, or the system's) supply the dependencies and the build backend, so the test needs no
    # network; a .pth file adds them behind the new environment's own site-packages.
    inner = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    (Path(inner) / "_gaozi_test_outer.pth").write_text("\n".join(sorted(outer)) + "\n", encoding="utf-8")
    r = subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", str(ROOT)],
                       capture_output=True, timeout=300)
    if r.returncode != 0:
        pytest.fail(r.stderr.decode()[-2000:])
    return env_dir


def test_installed_gaozi_runs_outside_the_checkout(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    gaozi = str(installed / "bin" / "gaozi")
    run = lambda *a: subprocess.run([gaozi, *a], cwd=tmp_path, capture_output=True, env=env, timeout=120)
    assert run("new", "speech", "-o", "s.yaml").returncode == 0
    r = run("render", "s.yaml", "--format", "txt")
    assert r.returncode == 0, r.stderr.decode()
    assert "同志们：" in r.stdout.decode() and "我讲三点意见" in r.stdout.decode()
    assert len(run("fragments", "list").stdout.decode().splitlines()) >= 80
    for cmd in (("check", "s.yaml"), ("outline", "s.yaml")):
        r = run(*cmd)
        assert r.returncode == 0, (cmd, r.stderr.decode())
    (tmp_path / "old.txt").write_text("同志们：\n今天开会，我讲两点意见。\n一、提高站位\n二、狠抓落实\n谢谢大家。\n", encoding="utf-8")
    r = run("import", "old.txt")
    assert r.returncode == 0 and "kind:" in r.stdout.decode(), r.stderr.decode()
    where = subprocess.run([str(installed / "bin" / "python"), "-c",
                            "from generator.io.resources import data_dir; print(data_dir('templates'))"],
                           cwd=tmp_path, capture_output=True, env=env).stdout.decode()
    assert "site-packages" in where and str(ROOT) not in where
    static = subprocess.run([str(installed / "bin" / "python"), "-c",
                             "from generator.web.app import STATIC; print(sorted(p.name for p in STATIC.iterdir()))"],
                            cwd=tmp_path, capture_output=True, env=env)
    assert static.returncode == 0, static.stderr.decode()
    assert all(n in static.stdout.decode() for n in ("index.html", "app.js", "app.css")), static.stdout.decode()
    m = subprocess.run([str(installed / "bin" / "python"), "-m", "generator", "--help"], cwd=tmp_path,
                       capture_output=True, env=env)
    assert m.returncode == 0 and "gaozi" in m.stdout.decode()


def test_jinja2_requirement_excludes_known_sandbox_escapes():
    """Jinja2 3.1.5 and older let |attr('format') reach str.format outside the sandbox (issue 12, item 3)."""
    import re
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    spec = next(d for d in deps if d.lower().startswith("jinja2"))
    low = tuple(int(x) for x in re.search(r">=\s*([\d.]+)", spec)[1].split("."))
    assert low >= (3, 1, 6), spec
