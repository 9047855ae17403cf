"""`gaozi check` on texts as they arrive from government websites and document-sharing sites.

tests/fixtures/webtexts/NN_name.txt are original texts in the genre (speeches at 巡察/审计/督查 rectification
meetings, 表态发言, news reports of 反馈会, 整改情况报告), with the things real copies carry: web junk lines,
half-width punctuation, numbers, 〔2024〕 document numbers, PPP/GDP/APP/5G, 3—5年, 9:30, phone numbers, URLs.
They hold no real problem besides the ones listed in the sidecar NN_name.expected, one finding a line:
`junk 12` (the rule's code and the line it must point at: one for each junk line), `code` (once, anywhere)
or `code *` (one or more: `punct-width *` for a text typed with half-width punctuation throughout).
Anything else check reports is a false alarm: the budget is 0.

The other direction: a real problem planted in a copy of a text (in memory) is still found.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from generator import api
from generator.lint.check import check_text

HERE = Path(__file__).parent / "fixtures" / "webtexts"
TEXTS = sorted(HERE.glob("*.txt"))


def _expected(txt: Path) -> tuple[Counter, set[str]]:
    """From the sidecar: (code, line) → count for findings at a given line (`junk 12`; line 0: `code`
    without a line, anywhere), and the codes allowed any number of times (`code *`)."""
    exact: Counter = Counter()
    many: set[str] = set()
    for row in txt.with_suffix(".expected").read_text(encoding="utf-8").splitlines():
        code, _, where = row.strip().partition(" ")
        if not code:
            continue
        where = where.strip()
        if where == "*":
            many.add(code)
        else:
            exact[(code, int(where or 0))] += 1
    return exact, many


def _findings(txt: Path):
    # what `gaozi check FILE` runs (cli → generator.api.check)
    return api.check([str(txt)]).findings


def false_alarms(txt: Path, findings=None) -> list[str]:
    """The findings the sidecar does not list: the false alarms of this text."""
    exact, many = _expected(txt)
    left = Counter(exact)
    out = []
    for f in findings if findings is not None else _findings(txt):
        if f.rule in many:
            continue
        for key in ((f.rule, f.line), (f.rule, 0)):
            if left[key] > 0:
                left[key] -= 1
                break
        else:
            out.append(str(f))
    return out


def missed(txt: Path, findings=None) -> list[str]:
    """The sidecar's findings check did not report."""
    exact, many = _expected(txt)
    got = Counter((f.rule, f.line) for f in (findings if findings is not None else _findings(txt)))
    codes = Counter(f.rule for f in (findings if findings is not None else _findings(txt)))
    out = [f"{code} at line {line}" for (code, line), n in exact.items() if line and got[(code, line)] < n]
    out += [f"{code} (at least one)" for code in many if not codes[code]]
    return out


def test_fixtures_are_there_and_in_the_genre():
    assert len(TEXTS) >= 12
    for txt in TEXTS:
        assert txt.with_suffix(".expected").is_file(), txt.name
        n = len(txt.read_text(encoding="utf-8"))
        assert 1000 <= n <= 3000, (txt.name, n)


@pytest.mark.parametrize("txt", TEXTS, ids=lambda p: p.stem)
def test_findings_are_exactly_the_expected_ones(txt):
    found = _findings(txt)
    exact, many = _expected(txt)
    assert {f.rule for f in found} == {code for code, _ in exact} | many, [str(f) for f in found]
    assert false_alarms(txt, found) == []
    assert missed(txt, found) == []


def test_no_false_alarm_in_all_the_texts():
    alarms = [a for txt in TEXTS for a in false_alarms(txt)]
    assert len(alarms) == 0, alarms


# (text, what is replaced, by what, the rule that must then report it): one real problem planted in a copy
PLANTED = [
    ("01_shenji-tuijin-jianghua", "我都同意。下面", "我都同意。。下面", "double-punct"),
    ("04_xuncha-zhenggai-baogao", "完善制度9项，", "加强 和改进制度9项，", "space-gap"),
    ("05_ducha-fankui-zhenggai-jianghua", "区纪委监委要跟进监督", "区纪委监委要加强D内监督", "latin-in-word"),
    ("08_huanbao-ducha-zhenggai-jianghua", "一方面，要抓好源头治理。", "一方面，要抓好源头治理――这是根本。", "dash"),
    # a copy cut off mid-sentence at the paywall: the last sentence stops, the junk lines stay
    ("03_biaotai-fayan-banjiao", "交上一份满意的答卷。\n谢谢大家!\n", "交上一份满意的\n", "truncated"),
]


@pytest.mark.parametrize("stem, old, new, rule", PLANTED, ids=[p[0] for p in PLANTED])
def test_a_planted_problem_is_found(stem, old, new, rule):
    txt = HERE / f"{stem}.txt"
    text = txt.read_text(encoding="utf-8")
    assert text.count(old) == 1
    planted = text.replace(old, new)
    line = planted[:planted.index(new)].count("\n") + 1
    before = Counter(f.rule for f in check_text(text, file=txt.name))
    after = check_text(planted, file=txt.name)
    assert Counter(f.rule for f in after) - before == Counter({rule: 1}), [str(f) for f in after]
    assert [f.line for f in after if f.rule == rule] == [line]
