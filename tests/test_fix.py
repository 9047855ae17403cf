"""`check --fix`: spaced roles keep their spaces, backups are never overwritten, --in-place is careful."""
from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner

from generator.lint.fix import fix_path, fix_text, fix_yaml

SPEECH = """kind: speech
title: 在全县巡察整改工作会议上的讲话
speaker: 县委书记　王明
date: 2025-03-08
sections:
  - heading: 提高认识
    body:
      - 今天召开这次会议,主要是部署整改工作。
"""


def cli(*args, input=None):
    from generator.cli import main

    return CliRunner().invoke(main, ["check", *args], input=input)


def test_fix_keeps_the_full_width_space_of_a_speaker_line_in_an_outline():
    new, counts = fix_yaml(SPEECH)
    assert "speaker: 县委书记　王明" in new
    assert "今天召开这次会议，主要是" in new and counts["punct-width"] == 1


def test_fix_keeps_name_lines_with_a_dunhao_and_a_full_width_space():
    text = "县委常委、纪委书记　王明\n加强学习,提高认识。\n"
    fixed, _ = fix_text(text)
    assert fixed.startswith("县委常委、纪委书记　王明\n")


def test_fix_never_deletes_a_space_that_stands_for_a_missing_word():
    fixed, counts = fix_text("要加强 和党风廉政建设,推进工作。")
    assert fixed == "要加强 和党风廉政建设，推进工作。" and "space" not in counts


def test_in_place_never_overwrites_an_existing_backup(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("今天,开会。\n", encoding="utf-8")
    (tmp_path / "a.txt.bak").write_text("旧备份", encoding="utf-8")
    r = cli(str(p), "--fix", "--in-place")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "a.txt.bak").read_text(encoding="utf-8") == "旧备份"
    assert (tmp_path / "a.txt.bak.1").read_text(encoding="utf-8") == "今天,开会。\n"
    assert "a.txt.bak.1" in r.output


def test_in_place_never_writes_through_a_backup_symlink(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("别动我", encoding="utf-8")
    p = tmp_path / "a.txt"
    p.write_text("今天,开会。\n", encoding="utf-8")
    os.symlink(victim, tmp_path / "a.txt.bak")
    assert cli(str(p), "--fix", "--in-place").exit_code == 0
    assert victim.read_text(encoding="utf-8") == "别动我"
    assert (tmp_path / "a.txt.bak").is_symlink()
    assert p.read_text(encoding="utf-8") == "今天，开会。\n"


def test_in_place_fixes_a_symlinks_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("今天,开会。\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    os.symlink(real, link)
    assert cli(str(link), "--fix", "--in-place").exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "今天，开会。\n"


def test_in_place_keeps_crlf_in_utf16(tmp_path):
    p = tmp_path / "u.txt"
    p.write_bytes("今天,开会。\r\n明天,总结。\r\n".encode("utf-16"))
    assert cli(str(p), "--fix", "--in-place").exit_code == 0
    assert p.read_bytes().decode("utf-16") == "今天，开会。\r\n明天，总结。\r\n"


def test_in_place_refuses_a_read_only_file(tmp_path):
    p = tmp_path / "ro.txt"
    p.write_text("今天,开会。\n", encoding="utf-8")
    p.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        r = cli(str(p), "--fix", "--in-place")
        assert r.exit_code == 2 and "只读" in r.output
        assert p.read_text(encoding="utf-8") == "今天,开会。\n"
        assert not (tmp_path / "ro.txt.bak").exists()
    finally:
        p.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_fix_path_returns_what_it_did(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("今天,开会。\n", encoding="utf-8")
    fx = fix_path(str(p))
    assert fx.where == "-" and fx.text == "今天，开会。\n" and fx.counts["punct-width"] == 1 and fx.backup is None
    assert p.read_text(encoding="utf-8") == "今天,开会。\n"


def test_fix_refuses_special_files():
    from generator.errors import GaoziError

    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    with pytest.raises(GaoziError, match="不是普通文件"):
        fix_path("/dev/zero")
