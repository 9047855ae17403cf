"""Click's usage errors and help headings are Chinese (issue 12, item 21)."""
from __future__ import annotations

import pytest

from conftest import run_gaozi


def _chinese(line: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in line)


@pytest.mark.parametrize("args, needle", [
    (["render"], "缺少参数"),
    (["rendr", "x.yaml"], "没有命令"),
    (["render", "x.yaml", "--bogus"], "没有选项"),
    (["render", "x.yaml", "--format", "rtf"], "不是可选值"),  # pdf is a format now
    (["render", "x.yaml", "--seed", "abc"], "不是有效的整数"),
    (["batch", "x.yaml", "--data", "d.csv", "-o", "out", "-j", "0"], "不在范围"),
    (["render", "x.yaml", "-o"], "需要一个值"),
    (["render", "a.yaml", "b.yaml"], "多余的参数"),
    (["batch", "x.yaml"], "缺少选项"),
    ([], "命令"),
])
def test_usage_errors_are_chinese_on_every_line(tmp_path, args, needle):
    r = run_gaozi(*args, cwd=tmp_path)
    err = r.stderr.decode() + (r.stdout.decode() if not args else "")
    assert r.returncode in (0, 2) and needle in err, err
    lines = [l for l in err.splitlines() if l.strip()]
    assert lines and all(_chinese(l) or l.startswith("  ") for l in lines), err
    assert "Error" not in err and "Usage" not in err and "Try " not in err


def test_help_headings_are_chinese(tmp_path):
    out = run_gaozi("render", "-h", cwd=tmp_path).stdout.decode()
    assert "用法：" in out and "选项" in out and "显示本帮助并退出" in out
    assert "Usage" not in out and "Show this message" not in out and "[OPTIONS]" not in out
    top = run_gaozi("-h", cwd=tmp_path).stdout.decode()
    assert "命令 [参数]..." in top and "COMMAND" not in top
