"""The Jinja environment: sandbox, rooted loaders, escaping, filters, errors naming template and line."""
from __future__ import annotations

import os

import pytest
from jinja2 import TemplateNotFound

from generator.errors import GaoziError
from generator.render.templating import RootedLoader, make_env, render_checked


@pytest.fixture
def user_dir(tmp_path):
    d = tmp_path / "tpl"
    d.mkdir()
    (d / "ok.j2").write_text("@body {{ x|cn }}、{{ 3|enum('一是', 4) }}{{ d|cn_date(true) }}\n", encoding="utf-8")
    (d / "undef.j2").write_text("@body 一\n@body {{ missing }}\n", encoding="utf-8")
    (d / "evil.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    (d / "syntax.j2").write_text("@body {% if %}\n", encoding="utf-8")
    (d / "inc.j2").write_text("{% include '../secret.txt' %}\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", d / "link.j2")
    return d


def test_filters(user_dir):
    import datetime as dt

    env = make_env([user_dir])
    assert render_checked(env, "ok.j2", {"x": 21, "d": dt.date(2025, 3, 8)}) == "@body 二十一、三是（2025年3月8日）\n"


def test_values_are_escaped_for_the_block_syntax(user_dir):
    env = make_env([user_dir])
    out = env.from_string("@body {{ v }}").render(v="@title <lead>&")
    assert out == "@body &#64;title &lt;lead&gt;&amp;"


def test_missing_variable_names_variable_template_and_line(user_dir):
    with pytest.raises(GaoziError) as exc:
        render_checked(make_env([user_dir]), "undef.j2", {})
    msg = str(exc.value)
    assert "undef.j2:2" in msg and "missing" in msg


def test_syntax_error_is_located(user_dir):
    with pytest.raises(GaoziError) as exc:
        render_checked(make_env([user_dir]), "syntax.j2", {})
    assert "syntax.j2:1" in str(exc.value) and "语法" in str(exc.value)


def test_sandbox_blocks_internals(user_dir):
    with pytest.raises(GaoziError) as exc:
        render_checked(make_env([user_dir]), "evil.j2", {})
    assert "evil.j2" in str(exc.value)


@pytest.mark.parametrize("name", ["inc.j2", "link.j2", "/etc/passwd", "../../etc/passwd"])
def test_nothing_outside_the_roots_can_be_read(user_dir, name):
    with pytest.raises(GaoziError) as exc:
        render_checked(make_env([user_dir]), name, {})
    assert "SECRET" not in str(exc.value) and "root:" not in str(exc.value)


def test_rooted_loader_refuses_links_out(user_dir):
    with pytest.raises(TemplateNotFound):
        RootedLoader(user_dir).get_source(None, "link.j2")


class _Plant:
    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))  # creating the marker file proves the pickle ran


def _poison(cache, marker):
    import pickle

    from jinja2.bccache import bc_magic

    files = list(cache.iterdir())
    assert files, "the first run should have filled the cache"
    for f in files:
        f.write_bytes(bc_magic + pickle.dumps(_Plant(marker)))
    return files


@pytest.mark.parametrize("how", ["shared-folder", "foreign-writable-file", "symlinked-folder"])
def test_bytecode_cache_never_loads_what_others_could_plant(tmp_path, how):
    """Jinja's cache files start with a pickle: a planted one would run code outside the sandbox (issue 12, item 7)."""
    from conftest import run_gaozi

    (tmp_path / "s.yaml").write_text("kind: speech\ntitle: 讲话\nopening: [开场。]\nclosing: [结束。]\n", encoding="utf-8")
    cache = tmp_path / "cache"
    env = {"GAOZI_CACHE": str(cache)}
    assert run_gaozi("render", "s.yaml", "--format", "txt", "-q", cwd=tmp_path, env=env).returncode == 0
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    marker = tmp_path / "PWNED"
    files = _poison(cache, marker)
    if how == "shared-folder":
        cache.chmod(0o777)
    elif how == "foreign-writable-file":
        for f in files:
            f.chmod(0o666)
    else:
        link = tmp_path / "link"
        link.symlink_to(cache)
        env = {"GAOZI_CACHE": str(link)}
    r = run_gaozi("render", "s.yaml", "--format", "txt", "-q", cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr.decode()
    assert not marker.exists()
