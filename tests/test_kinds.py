"""Kinds: every kind renders from its starter, `gaozi kinds` lists them, one facts file drives the 表态发言
and the feedback report, and one 表态 outline gives many units different speeches."""
from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import api
from generator.cli import main as cli
from generator.errors import GaoziError
from generator.model.kinds import all_kinds
from generator.text.numbering import detect, find_inline, parse_cn_numeral
from generator.io.yamlload import load

ROOT = Path(__file__).resolve().parent.parent
OUTLINES = ROOT / "outlines"
FACTS = OUTLINES / "facts" / "inspection.yaml"
KINDS = all_kinds()
# The kinds this suite owns in detail; every kind found gets the starter and listing checks.
SPEECH_KINDS = ("speech", "biaotai", "feedback-report")


def texts(doc) -> list[str]:
    return [b.text for b in doc.paragraphs()]


def by_role(doc, role: str) -> list[str]:
    return [b.text for b in doc.paragraphs() if b.role == role]


def spoken_chars(doc) -> int:
    return api.length(doc)[0]


# ---------------------------------------------------------------------------------------------
# every kind: listed, starter written by `gaozi new`, renders unedited

def test_the_three_speech_kinds_exist():
    for k in SPEECH_KINDS:
        assert k in KINDS


@pytest.mark.parametrize("name", sorted(KINDS))
def test_gaozi_kinds_lists_each_kind_with_a_chinese_line(name):
    result = CliRunner().invoke(cli, ["kinds"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.split()[:1] == [name]]
    assert len(lines) == 1, result.output
    kind = KINDS[name]
    assert kind.title and kind.description
    assert re.search(r"[\u4e00-\u9fff]", kind.description)
    assert f"{kind.title}：{kind.description}" in lines[0]


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_field_is_declared_with_a_chinese_description(name):
    for fname, spec in KINDS[name].fields.items():
        assert re.search(r"[\u4e00-\u9fff]", spec.get("description", "")), f"{name}.{fname}"
        if spec.get("type") == "choice":
            assert spec.get("choices"), f"{name}.{fname}"
            if "default" in spec:
                assert str(spec["default"]) in [str(c) for c in spec["choices"]]


@pytest.mark.parametrize("name", sorted(KINDS))
def test_starter_renders_unedited_wherever_it_is_written(name, tmp_path, monkeypatch):
    """`gaozi new KIND -o x.yaml` then `gaozi render x.yaml`: no edit, no second file next to it."""
    out = tmp_path / f"{name}.yaml"
    result = CliRunner().invoke(cli, ["new", name, "-o", str(out)])
    assert result.exit_code == 0, result.output
    kind = KINDS[name]
    assert out.read_bytes() == (kind.folder / (kind.starter or "starter.yaml")).read_bytes()
    assert out.read_text(encoding="utf-8").lstrip().startswith("#"), "the starter explains itself in comments"
    monkeypatch.chdir(tmp_path)
    doc = api.build(str(out))
    assert doc.paragraphs()
    txt = api.write(doc, "txt").decode("utf-8")
    md = api.write(doc, "md").decode("utf-8")
    assert txt.strip() and md.strip()
    assert "None" not in txt and "{{" not in txt and "@" not in txt


def test_gaozi_new_unknown_kind_suggests():
    result = CliRunner().invoke(cli, ["new", "biaotay"])
    assert result.exit_code == 2
    assert "biaotai" in result.output


# ---------------------------------------------------------------------------------------------
# speech: meeting types, synonyms, library passages

SPEECH_OUTLINE = """\
kind: speech
meeting: 全镇巡察整改工作会议
meeting_type: {type}
facts: {facts}
reporter: 周明
sections:
  - heading: 压实责任
    body: [各村各单位要把整改任务分解到人。]
  - heading: 建章立制
    body: [要把整改中的好做法固定下来。]
"""


def speech(meeting_type: str, seed: int = 0):
    return api.build(SPEECH_OUTLINE.format(type=meeting_type, facts=FACTS.as_posix()), name="speech.yaml", seed=seed)


@pytest.mark.parametrize("synonym,canonical", [("动员会", "部署会"), ("调度会", "推进会")])
def test_meeting_type_synonyms_read_as_their_canonical_type(synonym, canonical):
    for seed in (0, 3):
        assert texts(speech(synonym, seed)) == texts(speech(canonical, seed))


def test_meeting_type_changes_opening_stakes_and_closing():
    types = ("部署会", "推进会", "警示教育会", "督导反馈整改会")
    docs = {t: speech(t) for t in types}
    for t, doc in docs.items():
        paras = texts(doc)
        assert paras[0] == "同志们："
        assert "下面，我讲两点意见。" in paras
        announce = paras.index("下面，我讲两点意见。")
        assert announce >= 4, f"{t}: why, reported, stakes, purpose before the announced count"
        assert by_role(doc, "closing")[-1].rstrip("！。!") .endswith(("谢谢大家", "谢谢"))
    for a, b in itertools.combinations(types, 2):
        pa, pb = texts(docs[a]), texts(docs[b])
        ia, ib = pa.index("下面，我讲两点意见。"), pb.index("下面，我讲两点意见。")
        # why we meet (first paragraph), the stakes and the purpose (the two before the count), the rally
        assert pa[1] != pb[1], f"opening of {a} and {b}"
        assert pa[ia - 2] != pb[ib - 2], f"stakes passage of {a} and {b}"
        assert pa[ia - 1] != pb[ib - 1], f"purpose passage of {a} and {b}"
        assert by_role(docs[a], "closing")[0] != by_role(docs[b], "closing")[0], (a, b)


def test_speech_library_passages_use_facts():
    doc = speech("部署会")
    body = "".join(texts(doc))
    assert "周明同志" in body  # reporter
    assert "15" in body  # problem count counted from the facts file
    feedback = "".join(texts(speech("督导反馈整改会")))
    assert "县委第二巡察组" in feedback


def test_speech_outline_opening_and_closing_win():
    doc = api.build(str(OUTLINES / "speech-warning.yaml"))
    assert by_role(doc, "closing")[-1] == "我就讲这些，谢谢大家。"


def test_unknown_meeting_type_is_an_error_naming_the_choices():
    with pytest.raises(GaoziError) as exc:
        speech("座谈会")
    assert "部署会" in str(exc.value) and "调度会" in str(exc.value)


# ---------------------------------------------------------------------------------------------
# one facts file: the 表态发言 and the feedback report agree on every name, date and count

def _facts_values(facts_path: Path) -> dict:
    data = load(facts_path.read_text(encoding="utf-8"), str(facts_path))
    problems = [p for c in data["findings"] for p in c["problems"]]
    d = data["inspection"]["feedback_date"]
    return {
        "leader": data["team"]["leader"]["name"],
        "team": data["team"]["short"],
        "unit": data["target"]["name"],
        "head": data["target"]["head"]["name"],
        "official": data["official"]["name"],
        "date": f"{d.year}年{d.month}月{d.day}日",
        "problems": len(problems),
        "categories": len(data["findings"]),
        "pledges": len(data["statement"]),
        "suggestions": len(data["suggestions"]),
    }


def _parse_biaotai(doc) -> dict:
    title = by_role(doc, "title")[0]
    speaker = by_role(doc, "speaker")[0]
    date = by_role(doc, "date-line")[0]
    salutation = by_role(doc, "salutation")[0]
    body = by_role(doc, "body")
    counts = {int(n) for p in body for n in re.findall(r"(\d+)个问题", p)}
    pledges = [p for p in body if (m := detect(p)) and m.family == "一是"]
    return {
        "leader": re.fullmatch(r"尊敬的(\S+?)组长，各位领导，同志们：", salutation)[1],
        "team": re.fullmatch(r"在(\S+?组)巡察(\S+?)情况反馈会议上的表态发言", title)[1],
        "unit": re.fullmatch(r"在(\S+?组)巡察(\S+?)情况反馈会议上的表态发言", title)[2],
        "head": speaker.split("\u3000")[-1],
        "date": re.fullmatch(r"（(\d{4}年\d{1,2}月\d{1,2}日)）", date)[1],
        "problems": counts,
        "pledges": len(pledges),
        "pledge_leads": [p[2:].split("。")[0] for p in pledges],
    }


def _parse_report(doc) -> dict:
    title = by_role(doc, "title")[0]
    body = by_role(doc, "body")
    lead = body[0]
    findings = next(p for p in body if "在反馈时指出" in p)
    suggestions = next(p for p in body if "整改意见建议：" in p)
    statement = next(p for p in body if "作表态发言，表示" in p)
    m = re.search(r"共(\d+)个，归纳起来主要有(\S+?)个方面：", findings)
    announced = re.search(r"提出了(\S+?)点整改意见建议：", suggestions)
    pledged = re.search(r"表示将从(\S+?)个方面抓好整改：", statement)
    cats = find_inline(findings, "一、")
    # problems: the 一是 items of every category segment, counted inline
    bounds = [start for start, _, _ in cats] + [len(findings)]
    items = sum(len(find_inline(findings[bounds[i]:bounds[i + 1]], "一是")) for i in range(len(cats)))
    return {
        "headline_unit": re.fullmatch(r"\S+?向(\S+?)反馈巡察情况", title)[1],
        "date": re.match(r"(\d{4}年\d{1,2}月\d{1,2}日)，", lead)[1],
        "team": re.match(r"\d{4}年\d{1,2}月\d{1,2}日，(\S+?组)向", lead)[1],
        "unit": re.search(r"组向(\S+?)反馈巡察情况。", lead)[1],
        "leader": re.search(r"组长(\S+?)代表巡察组", lead)[1],
        "leader_findings": findings.split("在反馈时指出")[0],
        "leader_suggestions": suggestions.split("提出了")[0],
        "official": re.search(r"主任(\S+?)出席", lead)[1],
        "head": re.search(r"书记(\S+?)主持会议", lead)[1],
        "head_statement": statement.split("代表")[0],
        "statement_unit": re.search(r"代表(\S+?)作表态发言", statement)[1],
        "problems": int(m[1]),
        "problems_listed": items,
        "categories": parse_cn_numeral(m[2]),
        "categories_listed": len(cats),
        "suggestions": parse_cn_numeral(announced[1]),
        "suggestions_listed": len(find_inline(suggestions, "一是")),
        "pledges": parse_cn_numeral(pledged[1]),
        "pledges_listed": len(find_inline(statement, "一是")),
        "pledge_leads": [s.strip("；。") for s in re.split(r"[一二三四五六七八九十]+是", statement.split("：", 1)[1]) if s],
    }


def _agree(biaotai, report, facts):
    b, r = _parse_biaotai(biaotai), _parse_report(report)
    assert b["leader"] == r["leader"] == r["leader_findings"] == r["leader_suggestions"] == facts["leader"]
    assert b["team"] == r["team"] == facts["team"]
    assert b["unit"] == r["unit"] == r["headline_unit"] == r["statement_unit"] == facts["unit"]
    assert b["head"] == r["head"] == r["head_statement"] == facts["head"]
    assert r["official"] == facts["official"]
    assert b["date"] == r["date"] == facts["date"]
    assert b["problems"] == {r["problems"]} == {r["problems_listed"]} == {facts["problems"]}
    assert r["categories"] == r["categories_listed"] == facts["categories"]
    assert r["suggestions"] == r["suggestions_listed"] == facts["suggestions"]
    assert b["pledges"] == r["pledges"] == r["pledges_listed"] == facts["pledges"]
    assert b["pledge_leads"] == r["pledge_leads"]


def test_biaotai_and_report_from_one_facts_file_agree():
    facts = _facts_values(FACTS)
    _agree(api.build(str(OUTLINES / "biaotai.yaml")), api.build(str(OUTLINES / "feedback-report.yaml")), facts)


def test_changing_the_facts_changes_both_documents(tmp_path):
    """Nothing is typed twice: edit names, the date and the problem list once, both documents follow."""
    text = FACTS.read_text(encoding="utf-8")
    for old, new in [("林向东", "欧阳明"), ("陈晓岚", "唐雅"), ("郑海峰", "梁国栋"), ("2025-05-20", "2025-06-03"),
                     ("栖云镇党委", "杉塘镇党委")]:
        assert old in text
        text = text.replace(old, new)
    # drop one problem and one pledge
    text = text.replace("      - text: 惠民补贴审核不细，个别村存在重复申报、公示时间不足的问题。\n        units: [石门村, 双溪村, 白沙村]\n", "")
    start = text.index("  - lead: 建章立制")
    end = text.index("attendees:")
    text = text[:start] + "\n" + text[end:]
    (tmp_path / "facts").mkdir()
    edited = tmp_path / "facts" / "inspection.yaml"
    edited.write_text(text, encoding="utf-8")
    for name in ("biaotai.yaml", "feedback-report.yaml"):
        shutil.copy(OUTLINES / name, tmp_path / name)
    facts = _facts_values(edited)
    assert facts["problems"] == 14 and facts["pledges"] == 2 and facts["leader"] == "欧阳明"
    _agree(api.build(str(tmp_path / "biaotai.yaml")), api.build(str(tmp_path / "feedback-report.yaml")), facts)


def test_biaotai_salutation_names_the_team_leader():
    doc = api.build(str(OUTLINES / "biaotai.yaml"))
    assert by_role(doc, "salutation") == ["尊敬的林向东组长，各位领导，同志们："]


@pytest.mark.parametrize("outline", ["biaotai.yaml", "biaotai-villages.yaml"])
def test_biaotai_length_is_800_to_2000_characters(outline):
    for seed in range(5):
        doc = api.build(str(OUTLINES / outline), seed=seed)
        assert 800 <= spoken_chars(doc) <= 2000, (outline, seed, spoken_chars(doc))


def test_biaotai_starter_length():
    doc = api.build(str(KINDS["biaotai"].folder / "starter.yaml"))
    assert 800 <= spoken_chars(doc) <= 2000


# ---------------------------------------------------------------------------------------------
# many units from one outline: each its own names and count, and different wording

def _units():
    data = load(FACTS.read_text(encoding="utf-8"), str(FACTS))
    out = []
    for u in data["units"]:
        n = sum(1 for c in data["findings"] for p in c["problems"]
                if isinstance(p, dict) and (u["short"] in p.get("units", []) or u["name"] in p.get("units", [])))
        out.append((u["name"], u["head"]["name"], u["head"]["title"], n))
    return out


def shared_share(a: list[str], b: list[str]) -> float:
    """Share of paragraphs of the shorter speech found word for word in the other one."""
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return sum(1 for p in small if p in set(big)) / len(small)


def test_eleven_units_eleven_seeds_at_most_30_percent_shared():
    units = _units()
    assert len(units) == 11
    speeches = []
    for seed, (name, head, title, count) in enumerate(units):
        doc = api.build(str(OUTLINES / "biaotai-villages.yaml"), seed=seed, sets={"unit": name})
        paras = texts(doc)
        assert by_role(doc, "title")[0].startswith(name)
        assert by_role(doc, "speaker") == [f"{title}\u3000{head}"]
        assert {int(n) for p in paras for n in re.findall(r"(\d+)个问题", p)} == {count}, name
        assert any(name in p for p in by_role(doc, "closing"))
        assert len([p for p in paras if (m := detect(p)) and m.family == "一是"]) == 4
        assert 800 <= spoken_chars(doc) <= 2000
        speeches.append(paras)
    worst = max(shared_share(a, b) for a, b in itertools.combinations(speeches, 2))
    assert worst <= 0.30, worst


def test_same_seed_same_speech():
    a = api.build(str(OUTLINES / "biaotai-villages.yaml"), seed=7)
    b = api.build(str(OUTLINES / "biaotai-villages.yaml"), seed=7)
    assert texts(a) == texts(b)


def test_biaotai_sets_override_the_facts():
    doc = api.build(str(OUTLINES / "biaotai.yaml"), sets={"head": "胡一帆", "head_title": "镇长", "problem_count": "9"})
    assert by_role(doc, "speaker") == ["镇长\u3000胡一帆"]
    assert {int(n) for p in texts(doc) for n in re.findall(r"(\d+)个问题", p)} == {9}


BIAOTAI_SECTIONS = """\
kind: biaotai
inline_facts:
  team: {name: 市委第一督导组, leader: {name: 程远, title: 组长}}
  target: {name: 县卫健局, head: {name: 方宁, title: 局长}}
pledge_style: 第一，
sections:
  - heading: 马上就改
    body: [会后立即召开专题会议。, 一周内拿出整改方案。]
  - heading: 建章立制
    body: [修订财务管理办法。]
"""


def test_biaotai_pledges_from_outline_sections():
    doc = api.build(BIAOTAI_SECTIONS, name="b.yaml")
    body = by_role(doc, "body")
    assert by_role(doc, "salutation") == ["尊敬的程远组长，各位领导，同志们："]
    assert "第一，马上就改。会后立即召开专题会议。" in body
    assert "一周内拿出整改方案。" in body
    assert "第二，建章立制。修订财务管理办法。" in body
    assert "四是" not in "".join(body)


def test_biaotai_pledges_from_outline_points():
    src = BIAOTAI_SECTIONS.split("sections:")[0] + (
        "opening:\n  - 我们完全接受督导组的意见。\n  - points:\n      - 立行立改。马上动手。\n      - 举一反三。查找同类问题。\n")
    doc = api.build(src, name="b.yaml")
    body = by_role(doc, "body")
    assert body == ["我们完全接受督导组的意见。", "一是立行立改。马上动手。", "二是举一反三。查找同类问题。"]
    assert by_role(doc, "closing")[0].endswith(("谢谢！", "谢谢大家！"))


def test_biaotai_without_any_facts_still_renders():
    doc = api.build("kind: biaotai\n", name="b.yaml")
    assert by_role(doc, "salutation") == ["各位领导，同志们："]
    assert "None" not in "".join(texts(doc))
    assert len([p for p in texts(doc) if (m := detect(p)) and m.family == "一是"]) == 4


# ---------------------------------------------------------------------------------------------
# feedback report

def test_report_is_news_style_with_inline_numbering_only():
    doc = api.build(str(OUTLINES / "feedback-report.yaml"))
    roles = [b.role for b in doc.paragraphs()]
    assert roles[0] == "title" and roles[-1] == "source"
    assert by_role(doc, "source") == ["（来源：澄川县人民政府网站）"]
    assert not any(r.startswith("heading") for r in roles)
    for p in by_role(doc, "body"):
        assert detect(p) is None, p  # all numbering is inline, inside the paragraphs
        assert "我们" not in p and "我讲" not in p, p  # third person
    requirements = next(p for p in by_role(doc, "body") if "强调：" in p)
    cats = find_inline(requirements, "一、")
    assert [i for _, _, i in cats] == [1, 2, 3]
    assert [i for _, _, i in find_inline(requirements, "一要")] == [1, 2, 3] * 3


def test_report_counts_can_be_left_out():
    doc = api.build(f"kind: feedback-report\nfacts: {FACTS.as_posix()}\ncounts: false\n", name="r.yaml")
    findings = next(p for p in by_role(doc, "body") if "在反馈时指出" in p)
    assert "归纳起来" not in findings
    assert re.search(r"共\d+个", findings) is None
    assert len(find_inline(findings, "一、")) == 4


def test_report_without_facts_leaves_a_visible_gap():
    doc = api.build("kind: feedback-report\n", name="r.yaml")
    assert "【待补充：被巡察单位】" in by_role(doc, "title")[0]


@pytest.mark.parametrize("kind", SPEECH_KINDS)
def test_names_with_markup_characters_print_as_written(kind):
    """A name with & or < reaches library passages and the kind's own text unescaped, exactly once."""
    src = (f"kind: {kind}\nvars: {{team: \"A&B<组>\"}}\n"
           "inline_facts:\n  team: {name: \"A&B<组>\", leader: 何&林}\n  target: {name: 县局, head: 丁一}\n"
           "  findings: [{category: 管理, problems: [甲。, 乙。]}]\n")
    if kind == "speech":
        src += "meeting_type: 督导反馈整改会\nsections: [甲]\n"
    body = "".join(texts(api.build(src, name="k.yaml")))
    assert "A&B<组>" in body
    assert "&amp;" not in body and "&lt;" not in body


@pytest.mark.parametrize("starter", ["../../secret.yaml", "/etc/passwd", "sub/../../secret.yaml", "link"])
def test_new_never_reads_a_starter_outside_its_folder(tmp_path, starter):  # issue 12, item 1
    from conftest import run_gaozi

    (tmp_path / "secret.yaml").write_text("TOP SECRET\n", encoding="utf-8")
    kind = tmp_path / "tpl" / "ev"
    kind.mkdir(parents=True)
    (kind / "ev.j2").write_text("@body 正文\n", encoding="utf-8")
    (kind / "link").symlink_to(tmp_path / "secret.yaml")
    (kind / "kind.yaml").write_text(f"title: 恶意\ndescription: 逃出文件夹\nstarter: {starter}\n", encoding="utf-8")
    for out in ([], ["-o", "copy.yaml"]):
        r = run_gaozi("new", "ev", "--templates", str(tmp_path / "tpl"), *out, cwd=tmp_path)
        text = (r.stdout + r.stderr).decode()
        assert r.returncode == 2 and "TOP SECRET" not in text and "root:" not in text, text
        assert not (tmp_path / "copy.yaml").exists()


@pytest.mark.parametrize("target", ["outside", "/dev/zero"])
def test_a_kind_yaml_linked_out_of_its_folder_is_refused(tmp_path, target):  # item 2
    from conftest import run_gaozi

    outside = tmp_path / "outside.yaml"
    outside.write_text("secret_key_name: 1\n", encoding="utf-8")
    kind = tmp_path / "tpl" / "ev"
    kind.mkdir(parents=True)
    (kind / "kind.yaml").symlink_to(outside if target == "outside" else target)
    r = run_gaozi("kinds", "--templates", str(tmp_path / "tpl"), cwd=tmp_path, timeout=30)
    err = r.stderr.decode()
    assert "secret_key_name" not in err and "ev " not in r.stdout.decode()
    assert (r.returncode == 2 and "之外" in err) if target == "outside" else r.returncode in (0, 2), err
