"""The command line as a user meets it: new, render, kinds, schema, outline, fragments; clean failures."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT, run_gaozi, write


def test_new_then_render_prints_a_speech(tmp_path):
    r = run_gaozi("new", "speech", "-o", "s.yaml", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    r = run_gaozi("render", "s.yaml", "--format", "txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    out = r.stdout.decode()
    assert "同志们：" in out and "我讲三点意见" in out and "一、" in out
    assert "分钟" in r.stderr.decode()  # length report
    md = run_gaozi("render", "s.yaml", "--format", "md", "-o", "-", cwd=tmp_path)
    assert md.returncode == 0 and md.stdout.decode().startswith("# ")


def test_format_from_extension_and_no_overwrite_without_force(tmp_path):
    run_gaozi("new", "speech", "-o", "s.yaml", cwd=tmp_path)
    assert run_gaozi("render", "s.yaml", "-o", "s.md", cwd=tmp_path).returncode == 0
    assert (tmp_path / "s.md").read_text(encoding="utf-8").startswith("# ")
    again = run_gaozi("render", "s.yaml", "-o", "s.md", cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr.decode()
    assert run_gaozi("render", "s.yaml", "-o", "s.md", "--force", cwd=tmp_path).returncode == 0


def test_refuses_to_write_onto_its_input(tmp_path):
    run_gaozi("new", "speech", "-o", "s.yaml", cwd=tmp_path)
    before = (tmp_path / "s.yaml").read_bytes()
    r = run_gaozi("render", "s.yaml", "-o", "s.yaml", "--format", "txt", "--force", cwd=tmp_path)
    assert r.returncode == 2 and "输入文件" in r.stderr.decode()
    assert (tmp_path / "s.yaml").read_bytes() == before


def test_stdin_outline(tmp_path):
    r = run_gaozi("render", "-", "--format", "txt", input="kind: speech\nopening: [开场。]\nclosing: []\n".encode())
    assert r.returncode == 0 and "开场。" in r.stdout.decode()


def test_gbk_starter_renders_like_utf8(tmp_path):
    text = (ROOT / "templates" / "speech" / "starter.yaml").read_text(encoding="utf-8")
    write(tmp_path / "u.yaml", text)
    write(tmp_path / "g.yaml", text, "gbk")
    a = run_gaozi("render", "u.yaml", "--format", "txt", cwd=tmp_path)
    b = run_gaozi("render", "g.yaml", "--format", "txt", cwd=tmp_path)
    assert a.returncode == b.returncode == 0 and a.stdout == b.stdout


@pytest.mark.parametrize("content, needle", [
    (b"kind: speech\ntitle: [\n", "YAML"),
    (b"", "空"),
    (b"\x00\x01\x02\x03binary\x00" * 50, "二进制"),
    ("kind: lecture\n".encode(), "speech"),
    ("- a\n- b\n".encode(), "映射"),
    ("kind: speech\nsectoins: []\n".encode(), "sections"),
])
def test_bad_input_exit_2_one_clear_line_no_output(tmp_path, content, needle):
    (tmp_path / "bad.yaml").write_bytes(content)
    r = run_gaozi("render", "bad.yaml", "-o", "out.docx", cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 2
    assert needle in err and "Traceback" not in err
    assert err.startswith("bad.yaml")
    assert not (tmp_path / "out.docx").exists()
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".out.docx*"))


def test_typo_is_named_with_line_and_suggestion(tmp_path):
    (tmp_path / "t.yaml").write_text("kind: speech\ntitle: 题\nsectons: []\n", encoding="utf-8")
    err = run_gaozi("render", "t.yaml", cwd=tmp_path).stderr.decode()
    assert err.strip() == "t.yaml:3: sectons: 未知的字段“sectons”，您是不是要写“sections”？"


def test_missing_file(tmp_path):
    r = run_gaozi("render", "nope.yaml", cwd=tmp_path)
    assert r.returncode == 2 and "不存在" in r.stderr.decode()


def test_module_help_and_kinds_and_schema():
    h = run_gaozi("--help")
    assert h.returncode == 0 and "gaozi" in h.stdout.decode() and "例" in h.stdout.decode()
    k = run_gaozi("kinds")
    assert k.returncode == 0 and "speech" in k.stdout.decode() and "会议讲话" in k.stdout.decode()
    s = run_gaozi("schema")
    schema = json.loads(s.stdout.decode())
    assert "speech" in schema["properties"]["kind"]["enum"] and schema["additionalProperties"] is False


def test_every_command_help_ends_with_an_example():
    for cmd in (["kinds"], ["new"], ["render"], ["schema"], ["outline"], ["fragments"], ["fragments", "list"],
                ["fragments", "show"], ["fragments", "search"]):
        out = run_gaozi(*cmd, "--help").stdout.decode()
        assert "例：" in out and "gaozi " in out.split("例：")[-1], cmd


def test_outline_command_prints_tigang(tmp_path):
    run_gaozi("new", "speech", "-o", "s.yaml", cwd=tmp_path)
    r = run_gaozi("outline", "s.yaml", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.decode().startswith("【提纲】一、")


def test_fragments_commands():
    lst = run_gaozi("fragments", "list").stdout.decode().splitlines()
    assert len(lst) >= 80
    assert run_gaozi("fragments", "show", "pledge.accept").stdout.decode().startswith("编号：pledge.accept")
    bad = run_gaozi("fragments", "show", "pledge.acept")
    assert bad.returncode == 2 and "pledge.accept" in bad.stderr.decode()
    assert run_gaozi("fragments", "search", "销号").stdout.decode().strip()


def test_set_overrides_vars(tmp_path):
    run_gaozi("new", "speech", "-o", "s.yaml", cwd=tmp_path)
    out = run_gaozi("render", "s.yaml", "--format", "txt", "--set", "leader=林海", cwd=tmp_path).stdout.decode()
    assert "林海" in out


def test_serve_refuses_a_non_loopback_host_without_a_token():
    r = run_gaozi("serve", "--host", "0.0.0.0", "--no-browser", "--port", "0")
    assert r.returncode == 2
    assert "--token" in r.stderr.decode() and "Traceback" not in r.stderr.decode()


def test_serve_prints_the_address_serves_and_stops_on_ctrl_c(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--no-browser", "--port", "0"],
                            stderr=subprocess.PIPE, env=e, cwd=tmp_path)
    try:
        line = proc.stderr.readline().decode()
        assert line.startswith("稿子网页已启动：http://127.0.0.1:"), line
        url = line.split("：", 1)[1].strip()
        for _ in range(100):
            try:
                kinds = json.load(urllib.request.urlopen(url + "api/kinds", timeout=5))
                break
            except OSError:
                time.sleep(0.1)
        assert {k["id"] for k in kinds} >= {"speech", "biaotai", "feedback-report"}
        proc.send_signal(signal.SIGINT)
        rest = proc.communicate(timeout=20)[1].decode()
        assert proc.returncode == 0 and "已停止" in rest and "Traceback" not in rest
    finally:
        if proc.poll() is None:
            proc.kill()


def test_render_explain_names_fragment_and_variant_of_each_paragraph(tmp_path):
    r = run_gaozi("render", str(ROOT / "tests/fixtures/meeting/biaotai.yaml"), "--set", "unit=石桥镇党委", "-f", "txt",
                  "--explain", "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    err = r.stderr.decode()
    assert "第4段（body）：pledge.open-deploy#" in err and "pledge.own-" in err and "closing.biaotai-end#" in err


def test_batch_combine_writes_one_valid_docx_with_every_speech(tmp_path):
    import shutil
    import zipfile

    for name in ("biaotai.yaml", "facts6.yaml", "units6.csv"):
        shutil.copy(ROOT / "tests/fixtures/meeting" / name, tmp_path / name)
    r = run_gaozi("batch", "biaotai.yaml", "--data", "units6.csv", "-o", "out", "--name", "{unit}.docx",
                  "--combine", "汇编.docx", "-j", "2", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    assert "已汇编 6 篇" in r.stderr.decode()
    with zipfile.ZipFile(tmp_path / "汇编.docx") as z:
        assert z.testzip() is None
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.count('<w:br w:type="page"/>') == 6 and "目　录" in xml
    for unit in ("石桥镇党委", "柳溪乡党委", "城南街道党工委", "县自然资源局党组", "县教育局党组", "县卫生健康局党组"):
        assert xml.count(unit) >= 2  # in the contents and in its own title
    check = run_gaozi("check", "汇编.docx", cwd=tmp_path)
    assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()
    again = run_gaozi("batch", "biaotai.yaml", "--data", "units6.csv", "-o", "out2", "--combine", "汇编.docx",
                      cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr.decode()
