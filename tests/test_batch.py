"""`gaozi batch`: one document per data row, bad rows reported by the row number Excel shows, dry runs,
safe and unique file names, one seed for the whole meeting (not seed + row), and interruption leaving only
complete files."""
from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, run_gaozi, write
from generator import api
from generator.batch.core import Batch, RowIssue, pattern_fields, safe_name, unique_names
from generator.errors import GaoziError

VILLAGES = ["东坪村", "石门村", "柳湾村", "上林村", "茶岭村", "双溪村", "白沙村", "枫树坪村", "龙潭村", "杏花村", "南岗村"]
HEADS = ["何建平", "吴秀兰", "黄立军", "周春燕", "罗德明", "谢文斌", "蒋小红", "彭志远", "曾国华", "邱丽萍", "严卫东"]

# A speech outline whose texts use three variables with no value: the CSV must give them.
OUTLINE = """kind: speech
meeting: "{{ village }}巡察整改工作推进会"
meeting_type: 推进会
title: 在{{ meeting }}上的讲话
speaker: 村党支部书记　{{ leader }}
opening:
  - 今天召开这次会议，专题研究{{ village }}反馈问题的整改工作。
  - 下面，我讲{{ n }}点意见。
sections:
  - heading: 正视问题，逐项整改
    body:
      - 巡察组向{{ village }}反馈了{{ problems }}个问题，每一个都要建立台账、限期销号。
      - fragment: responsibility.chain
  - heading: 压实责任，按期销号
    body:
      - 整改时限截至{{ 整改日期 }}，到期未完成的要说明原因。
closing:
  - 我就讲这些，谢谢大家。
"""


def rows_csv(rows, header=("village", "leader", "problems", "整改日期"), encoding="utf-8-sig") -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def village_rows(n=11):
    return [[VILLAGES[i % 11] + ("" if i < 11 else str(i)), HEADS[i % 11], str(i % 7 + 2), f"2025-08-{i % 28 + 1:02d}"]
            for i in range(n)]


@pytest.fixture
def case(tmp_path):
    write(tmp_path / "o.yaml", OUTLINE)
    (tmp_path / "v.csv").write_bytes(rows_csv(village_rows()))
    return tmp_path


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        return z.read("word/document.xml").decode("utf-8")


# --------------------------------------------------------------------------------------- the CLI


def test_eleven_villages_eleven_documents(case):
    r = run_gaozi("batch", "o.yaml", "--data", "v.csv", "-o", "out", "--name", "{village}-讲话.docx", cwd=case)
    assert r.returncode == 0, r.stderr.decode()
    files = sorted(p.name for p in (case / "out").iterdir())
    assert files == sorted(f"{v}-讲话.docx" for v in VILLAGES)
    for v, head in zip(VILLAGES, HEADS):
        xml = docx_text(case / "out" / f"{v}-讲话.docx")
        assert f"在{v}巡察整改工作推进会上的讲话" in xml and head in xml and v in xml
    assert "已写出 11 个文件" in r.stderr.decode()
    docx = pytest.importorskip("docx")
    d = docx.Document(str(case / "out" / "石门村-讲话.docx"))
    assert any("反馈了3个问题" in p.text for p in d.paragraphs)  # row 2 of the data: problems = 3


def test_a_bad_row_is_reported_by_its_excel_row_and_the_others_are_written(case):
    rows = village_rows()
    rows[2][1] = ""  # data row 3 → Excel row 4: missing leader
    rows[5][3] = "2025年2月30日"  # Excel row 7: impossible date
    (case / "v.csv").write_bytes(rows_csv(rows, encoding="gbk"))
    r = run_gaozi("batch", "o.yaml", "--data", "v.csv", "-o", "out", "--name", "{village}.txt", cwd=case)
    err = r.stderr.decode()
    assert r.returncode == 1, err
    assert "v.csv: 第4行 leader 列为空" in err
    assert "v.csv: 第7行 整改日期 列：“2025年2月30日”不是真实的日期" in err
    assert "已写出 9 个文件" in err and "失败 2 行" in err
    written = {p.stem for p in (case / "out").iterdir()}
    assert written == set(VILLAGES) - {VILLAGES[2], VILLAGES[5]}
    assert "柳湾村" not in written and "上林村" in written


def test_dry_run_writes_nothing(case):
    rows = village_rows()
    rows[0][0] = ""
    (case / "v.csv").write_bytes(rows_csv(rows))
    r = run_gaozi("batch", "o.yaml", "--data", "v.csv", "-o", "out", "--dry-run", cwd=case)
    assert r.returncode == 1 and "第2行 village 列为空" in r.stderr.decode()
    assert "未写出任何文件" in r.stderr.decode() and "10 行可以生成" in r.stderr.decode()
    assert not (case / "out").exists()
    (case / "v.csv").write_bytes(rows_csv(village_rows()))
    r = run_gaozi("batch", "o.yaml", "--data", "v.csv", "-o", "out", "--dry-run", cwd=case)
    assert r.returncode == 0 and not (case / "out").exists()


def test_missing_column_stops_the_batch_before_anything(case):
    (case / "v.csv").write_bytes(rows_csv([r[:2] for r in village_rows()], header=("village", "leader")))
    r = run_gaozi("batch", "o.yaml", "--data", "v.csv", "-o", "out", cwd=case)
    err = r.stderr.decode()
    assert r.returncode == 2 and "缺少“problems”列" in err and "缺少“整改日期”列" in err
    assert not (case / "out").exists()


def test_existing_files_are_row_errors_unless_forced(case):
    args = ("batch", "o.yaml", "--data", "v.csv", "-o", "out", "--name", "{row:02d}.md", "-j", "1")
    assert run_gaozi(*args, cwd=case).returncode == 0
    (case / "out" / "03.md").write_text("旧", encoding="utf-8")
    r = run_gaozi(*args, cwd=case)
    assert r.returncode == 1 and "第2行：" in r.stderr.decode() and "--force" in r.stderr.decode()
    assert (case / "out" / "03.md").read_text(encoding="utf-8") == "旧"
    assert run_gaozi(*args, "--force", cwd=case).returncode == 0
    assert (case / "out" / "03.md").read_text(encoding="utf-8").startswith("# 在柳湾村")


def test_bad_name_patterns_and_extensions(case):
    r = run_gaozi("batch", "o.yaml", "--data", "v.csv", "-o", "out", "--name", "{单位}.docx", cwd=case)
    assert r.returncode == 2 and "{单位}" in r.stderr.decode() and "village" in r.stderr.decode()
    r = run_gaozi("batch", "o.yaml", "--data", "v.csv", "-o", "out", "--name", "{village}.odt", cwd=case)
    assert r.returncode == 2 and ".docx" in r.stderr.decode() and ".pdf" in r.stderr.decode()


# ------------------------------------------------------------------------------------- file names


@pytest.mark.parametrize("raw,want", [
    ('a/b\\c:d*e?f"g<h>i|j.docx', "a_b_c_d_e_f_g_h_i_j.docx"),
    ("东坪村. .docx", "东坪村.docx"),
    ("结尾点...", "结尾点"),
    ("CON.docx", "CON_.docx"), ("con.txt", "con_.txt"), ("com1.md", "com1_.md"), ("LPT9", "LPT9_"),
    ("AUX.tar.docx", "AUX_.tar.docx"), ("CONTROL.docx", "CONTROL.docx"),
    ("\x01标题\x1f.docx", "_标题_.docx"), (".docx", "未命名.docx"), ("  ", "未命名"),
])
def test_safe_names(raw, want):
    assert safe_name(raw) == want


def test_long_names_are_cut():
    name = safe_name("长" * 300 + ".docx")
    assert name.endswith(".docx") and len(name) <= 125


def test_clashes_get_suffixes_ignoring_case():
    assert unique_names(["a.docx", "A.docx", "a.docx", "a-2.docx", "b.docx"]) == \
        ["a.docx", "A-2.docx", "a-3.docx", "a-2-2.docx", "b.docx"]


def test_clashing_rows_are_all_written(case):
    rows = [["同名村", "甲", "2", "2025-08-01"], ["同名村", "乙", "3", "2025-08-01"], ["同/名村", "丙", "4", "2025-08-01"],
            ["同_名村", "丁", "5", "2025-08-01"]]
    (case / "v.csv").write_bytes(rows_csv(rows))
    r = run_gaozi("batch", "o.yaml", "--data", "v.csv", "-o", "out", "--name", "{village}.txt", cwd=case)
    assert r.returncode == 0, r.stderr.decode()
    assert sorted(p.name for p in (case / "out").iterdir()) == ["同_名村-2.txt", "同_名村.txt", "同名村-2.txt", "同名村.txt"]
    assert "乙" in (case / "out" / "同名村-2.txt").read_text(encoding="utf-8")


def test_pattern_fields():
    assert pattern_fields("{row:03d}-{单位}.docx") == ["row", "单位"]
    for bad in ("{}.docx", "{0}.docx", "{a.b}.docx", "{a[0]}.docx", "{a.docx"):
        with pytest.raises(GaoziError):
            pattern_fields(bad)


def test_row_issue_text():
    assert str(RowIssue(4, "leader", "为空")) == "第4行 leader 列为空"
    assert str(RowIssue(4, "日期", "“x”不是日期")) == "第4行 日期 列：“x”不是日期"
    assert str(RowIssue(4, "", "原因")) == "第4行：原因"


# ------------------------------------------------------------------------------------ the library


def test_first_row_is_the_single_render_and_added_rows_change_no_earlier_row(case):
    b = Batch(str(case / "o.yaml"), str(case / "v.csv"), str(case / "out"), name="{row:02d}.txt", seed=5, jobs=1)
    report = b.run()
    assert report.ok and report.total == 11 and len(report.written) == 11
    row = village_rows()[0]
    sets = {"village": row[0], "leader": row[1], "problems": int(row[2]), "整改日期": f"2025年8月{int(row[3][-2:])}日"}
    doc = api.build(str(case / "o.yaml"), seed=5, sets=sets)  # the first speaker is heard as if alone
    assert (case / "out" / "01.txt").read_bytes() == api.write(doc, "txt")
    (case / "v.csv").write_bytes(rows_csv(village_rows(14)))
    assert Batch(str(case / "o.yaml"), str(case / "v.csv"), str(case / "more"), name="{row:02d}.txt", seed=5,
                 jobs=1).run().ok
    for i in range(1, 12):
        assert (case / "more" / f"{i:02d}.txt").read_bytes() == (case / "out" / f"{i:02d}.txt").read_bytes()


def test_parallel_and_serial_runs_write_the_same_bytes(case):
    (case / "v.csv").write_bytes(rows_csv(village_rows(40)))
    for jobs, out in ((1, "a"), (2, "b")):
        report = Batch(str(case / "o.yaml"), str(case / "v.csv"), str(case / out), name="{row:02d}.docx",
                       seed=3, jobs=jobs).run()
        assert report.ok and len(report.written) == 40
    for p in (case / "a").iterdir():
        assert p.read_bytes() == (case / "b" / p.name).read_bytes()


def test_kind_fields_from_columns_are_checked_and_dates_set_the_outline(tmp_path):
    write(tmp_path / "o.yaml", "kind: speech\ntitle: 在{{ meeting }}上的讲话\nopening: [开场。]\nclosing: [结束。]\n")
    (tmp_path / "d.csv").write_bytes(rows_csv([["部署会议", "部署会", "2025-03-18"], ["推进会议", "茶话会", "2025-03-19"],
                                               ["警示会议", "警示教育会", "2025-04-31"]],
                                              header=("meeting", "meeting_type", "date")))
    b = Batch(str(tmp_path / "o.yaml"), str(tmp_path / "d.csv"), str(tmp_path / "out"), name="{meeting}.txt", jobs=1)
    report = b.run()
    first, second = (str(i) for i in report.failed)
    assert first.startswith("第3行 meeting_type 列：应当是 部署会 / ") and first.endswith("而不是“茶话会”")
    assert second == "第4行 date 列：“2025-04-31”不是真实的日期（2025年4月没有31日）"
    text = (tmp_path / "out" / "部署会议.txt").read_text(encoding="utf-8")
    assert text.startswith("在部署会议上的讲话\n（2025年3月18日）\n")


def test_xlsx_and_yaml_data(case):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["village", "leader", "problems", "整改日期"])
    ws.append(["东坪村", "何建平", 5, __import__("datetime").datetime(2025, 8, 20)])
    wb.save(case / "d.xlsx")
    report = Batch(str(case / "o.yaml"), str(case / "d.xlsx"), str(case / "x"), name="{village}.txt", jobs=1).run()
    assert report.ok, report.failed
    text = (case / "x" / "东坪村.txt").read_text(encoding="utf-8")
    assert "反馈了5个问题" in text and "截至2025年8月20日" in text
    write(case / "d.yaml", "- {village: 石门村, leader: 吴秀兰, problems: 3, 整改日期: 2025-08-21}\n"
                           "- {village: 柳湾村, leader: '', problems: 4, 整改日期: 2025-08-22}\n")
    report = Batch(str(case / "o.yaml"), str(case / "d.yaml"), str(case / "y"), name="{village}.txt", jobs=1).run()
    assert [str(i) for i in report.failed] == ["第2行 leader 列为空"]  # the line of the item in the YAML file
    assert (case / "y" / "石门村.txt").is_file()


def test_global_sets_fill_a_missing_column(case):
    (case / "v.csv").write_bytes(rows_csv([r[:3] for r in village_rows(2)], header=("village", "leader", "problems")))
    b = Batch(str(case / "o.yaml"), str(case / "v.csv"), str(case / "out"), name="{village}.txt",
              sets={"整改日期": "2025年9月1日"}, jobs=1)
    assert b.run().ok
    assert "截至2025年9月1日" in (case / "out" / "东坪村.txt").read_text(encoding="utf-8")


def test_reserved_column_names_are_refused(case):
    (case / "v.csv").write_bytes(rows_csv([["x", "y"]], header=("title", "n")))
    with pytest.raises(GaoziError) as e:
        Batch(str(case / "o.yaml"), str(case / "v.csv"), str(case / "out"), jobs=1).prepare()
    assert "title" in str(e.value) and "保留" in str(e.value)


# ------------------------------------------------------------------------------------- interrupted


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_mid_batch_leaves_only_complete_files(case, jobs):
    (case / "v.csv").write_bytes(rows_csv(village_rows(600)))
    out = case / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "generator", "batch", "o.yaml", "--data", "v.csv", "-o", "out",
                             "--name", "{row:04d}.docx", "-j", jobs], cwd=case, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and any(p.suffix == ".docx" for p in out.iterdir()):
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    files = sorted(out.iterdir())
    assert not [p.name for p in files if p.suffix != ".docx"], "temp files left behind"
    for p in files:
        docx_text(p)  # every file is a complete package
    if proc.returncode != 0:  # interrupted (on a very fast machine the batch may have finished first)
        assert proc.returncode == 128 + signal.SIGTERM, err.decode()
        assert f"已中断：已写出 {len(files)} 个完整的文件" in err.decode() and len(files) < 600
    # no worker outlives the batch
    time.sleep(0.2)
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True).stdout.split()
    assert not children


def test_required_kind_fields_can_come_from_the_data(tmp_path):
    kind = tmp_path / "tpl" / "req"
    kind.mkdir(parents=True)
    write(kind / "kind.yaml", "title: 测试\ndescription: 必填字段\ntemplate: req.j2\nfields:\n"
                              "  who: {type: str, required: true}\n  n_items: {type: int, required: true}\n")
    write(kind / "req.j2", "@title {{ who }}\n@body 共{{ n_items }}项\n")
    write(tmp_path / "o.yaml", "kind: req\n")
    write(tmp_path / "d.csv", "who,n_items\n甲,3\n,4\n丙,x\n")
    b = Batch(str(tmp_path / "o.yaml"), str(tmp_path / "d.csv"), str(tmp_path / "out"), name="{row}.txt",
              template_dirs=[str(tmp_path / "tpl")], jobs=1)
    report = b.run()
    assert [str(i) for i in report.failed] == ["第3行 who 列为空", "第4行 n_items 列：应当是整数"]
    assert (tmp_path / "out" / "1.txt").read_text(encoding="utf-8") == "甲\n共3项\n"
    write(tmp_path / "d2.csv", "who\n甲\n")
    with pytest.raises(GaoziError) as e:
        Batch(str(tmp_path / "o.yaml"), str(tmp_path / "d2.csv"), str(tmp_path / "out2"),
              template_dirs=[str(tmp_path / "tpl")], jobs=1).prepare()
    assert "n_items" in str(e.value) and not (tmp_path / "out2").exists()


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGHUP])
def test_workers_die_with_their_parent_and_leave_no_temp_files(tmp_path, sig):  # issue 12, item 14
    import subprocess
    import sys
    import time

    from conftest import ROOT

    (tmp_path / "o.yaml").write_text("kind: speech\ntitle: 在{{ unit }}会议上的讲话\nopening: ['{{ unit }}要抓好整改。']\n"
                                     "closing: [谢谢大家。]\n", encoding="utf-8")
    (tmp_path / "rows.csv").write_text("unit\n" + "".join(f"第{i}村\n" for i in range(20000)), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "generator", "batch", "o.yaml", "--data", "rows.csv", "-o", "out", "-j", "2", "-q"]
    p = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers = []
    while time.monotonic() < deadline and not ((tmp_path / "out").is_dir() and len(workers) >= 2
                                               and any((tmp_path / "out").iterdir())):
        workers = _children(p.pid) or workers
        time.sleep(0.05)
    assert len(workers) >= 2, "the batch did not start its workers"
    os.kill(p.pid, sig)
    p.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    survivors = [w for w in workers if _alive(w)]
    for w in survivors:  # do not leave them running when the test fails
        os.kill(w, signal.SIGKILL)
    assert not survivors, "workers outlived their parent"
    from generator.io.atomic import sweep_stale

    sweep_stale(tmp_path / "out")  # what the next run does first
    assert not [e for e in os.listdir(tmp_path / "out") if e.endswith(".tmp")]


def test_file_names_drop_invisible_characters_and_are_nfc():  # issue 12, item 27
    import unicodedata

    from generator.batch.core import safe_name, unique_names

    assert safe_name("东\u200b村\u202e-讲话.docx") == "东村-讲话.docx"
    assert safe_name("\u2066evil\u2069.txt") == "evil.txt"
    nfd = unicodedata.normalize("NFD", "café.txt")
    assert nfd != "café.txt" and safe_name(nfd) == "café.txt"
    assert unique_names([safe_name(nfd), safe_name("café.txt")]) == ["café.txt", "café-2.txt"]


# ---- nothing silent (issue #13): units against the facts, unused columns, --set keys

def _facts_case(tmp_path):
    write(tmp_path / "facts.yaml", "target: {name: 城关镇党委}\nunits:\n  - {name: 柳溪乡党委, short: 柳溪乡}\n")
    write(tmp_path / "bt.yaml", "kind: biaotai\nfacts: facts.yaml\n")
    write(tmp_path / "rows.csv", "unit,备注\n柳溪乡,甲\n柳溪镇党委,乙\n")
    return tmp_path


def test_row_with_unknown_unit_fails_in_dry_run_too(tmp_path):
    case = _facts_case(tmp_path)
    b = Batch(str(case / "bt.yaml"), str(case / "rows.csv"), str(case / "out"), dry_run=True, jobs=1)
    try:
        b.prepare()
        report = b.run()
    finally:
        b.close()
    assert [str(i) for i in report.failed] == [
        "第3行 unit 列：单位“柳溪镇党委”不在事实文件的 units 中，您是不是要写“柳溪乡党委”？"]
    assert len(report.written) == 1
    assert b.warnings == [f"{case / 'rows.csv'}: 备注: 警告：提纲、文稿类型和文件名模式都没有用到“备注”列，这一列的值不会出现在文稿里"]


def test_unknown_set_key_stops_the_batch(tmp_path):
    case = _facts_case(tmp_path)
    b = Batch(str(case / "bt.yaml"), str(case / "rows.csv"), str(case / "out"), dry_run=True, jobs=1,
              sets={"pledge_cont": "3"})
    with pytest.raises(GaoziError) as exc:
        try:
            b.prepare()
        finally:
            b.close()
    assert "您是不是要写“pledge_count”" in str(exc.value)


# ------------------------------------------------------------------ seeds: one meeting, not seed + row (#14)

def _biaotai_meeting(folder: Path, seed: int, jobs: int, run: str = "a", units: int = 6) -> list[bytes]:
    import yaml
    from meeting_facts import meeting_facts

    facts = meeting_facts(units)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    write(folder / "o.yaml", "kind: biaotai\nfacts: facts.yaml\nmeeting_type: 部署会\n")
    (folder / "u.csv").write_text("unit\n" + "\n".join(u["name"] for u in facts["units"]) + "\n", encoding="utf-8")
    out = folder / f"out-{seed}-{jobs}-{run}"
    assert Batch(str(folder / "o.yaml"), str(folder / "u.csv"), str(out), name="{row:02d}.txt", seed=seed,
                 jobs=jobs).run().ok
    return [(out / f"{i:02d}.txt").read_bytes() for i in range(1, units + 1)]


def test_same_data_and_seed_give_the_same_bytes_and_another_seed_other_words(tmp_path):
    first = _biaotai_meeting(tmp_path, seed=0, jobs=1)
    assert _biaotai_meeting(tmp_path, seed=0, jobs=1, run="again") == first
    assert _biaotai_meeting(tmp_path, seed=0, jobs=2) == first  # in two processes
    other = _biaotai_meeting(tmp_path, seed=1, jobs=1)
    assert all(a != b for a, b in zip(first, other))  # every row: the seed is the meeting's, not the row's


def test_different_rows_say_different_things_not_only_other_names(tmp_path):
    from generator.model.fragments import sentences

    speeches = [t.decode("utf-8") for t in _biaotai_meeting(tmp_path, seed=0, jobs=1)]
    bodies = [{s for line in t.splitlines()[3:] for s in sentences(line)} for t in speeches]
    for i in range(len(bodies)):
        for j in range(i + 1, len(bodies)):
            shared = len(bodies[i] & bodies[j]) / min(len(bodies[i]), len(bodies[j]))
            assert shared <= 0.15, (i + 1, j + 1, sorted(bodies[i] & bodies[j]))


def test_meetings_of_more_than_one_block_are_the_same_in_one_or_two_processes(case):
    from generator.batch.core import MEETING

    n = 2 * MEETING + 10  # three meetings: the third starts at row 121
    (case / "v.csv").write_bytes(rows_csv(village_rows(n)))
    for jobs, out in ((1, "a"), (2, "b")):
        assert Batch(str(case / "o.yaml"), str(case / "v.csv"), str(case / out), name="{row:03d}.txt",
                     seed=7, jobs=jobs).run().ok
    a = sorted((case / "a").iterdir())
    assert len(a) == n
    for p in a:
        assert p.read_bytes() == (case / "b" / p.name).read_bytes(), p.name
