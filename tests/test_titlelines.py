"""Title splitting: balanced lines at word boundaries, never a one- or two-character line."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from generator.text.titlelines import CLOSERS, OPENERS, split_title, width


def test_short_title_stays_on_one_line():
    assert split_title("在全县审计整改工作部署会议上的讲话") == ["在全县审计整改工作部署会议上的讲话"]
    assert split_title("") == [""]


def test_breaks_after_ji_and_keeps_latin_digits_whole():
    lines = split_title("在全市2025年度深化审计整改工作暨警示教育会议上的讲话")
    assert lines == ["在全市2025年度深化审计整改工作暨", "警示教育会议上的讲话"]
    lines = split_title("在全省数字经济与GDP核算方法改革暨5G网络建设推进工作视频会议上的讲话")
    assert all(not re.search(r"[A-Za-z0-9]$", a) or not re.match(r"[A-Za-z0-9]", b) for a, b in zip(lines, lines[1:]))


def test_upper_line_longer_or_diamond():
    for title in ("关于进一步加强和改进基层审计整改工作长效机制建设的实施意见",
                  "县委书记王明同志在全县巡视巡察审计督查发现问题整改警示教育大会上的讲话提纲",
                  "中共某某县委关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作情况的报告以及下一步工作安排的说明"):
        ws = [width(line) for line in split_title(title)]
        assert len(ws) >= 2 and max(ws) <= 20
        assert ws[-1] <= max(ws[:-1]), (title, ws)  # never an inverted trapezoid
        assert max(ws) - min(ws) <= 6, (title, ws)


def test_does_not_tear_meeting_shang_from_its_noun():
    lines = split_title("在二〇二五年全县经济工作会议上的讲话（摘要）")
    assert not any(line.startswith("上") for line in lines)


def test_explicit_newlines_are_kept():
    assert split_title("第一行标题\n第二行") == ["第一行标题", "第二行"]


def test_narrower_measure():
    lines = split_title("关于2024年度县本级预算执行和其他财政收支审计查出问题整改情况的报告", max_chars=12)
    assert len(lines) >= 3 and all(width(line) <= 12 for line in lines)


def test_very_long_text_is_fast_and_complete():
    text = "审计整改工作会议" * 250
    lines = split_title(text)
    assert "".join(lines) == text and all(3 <= len(line) and width(line) <= 20 for line in lines)


CJK = "党政机关公文格式审计整改工作会议讲话推进落实全县乡镇的和与暨关于在上问题责任制度"
tokens = st.one_of(
    st.text(alphabet=CJK, min_size=1, max_size=6),
    st.sampled_from(["GDP", "5G", "2025", "PPP", "12345", "98.6%"]),
    st.sampled_from(["，", "、", "（", "）", "《", "》", "“", "”", "——"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(tokens, min_size=1, max_size=30))
def test_properties(parts):
    text = "".join(parts)
    lines = split_title(text)
    assert "".join(lines) == text
    if len(lines) > 1:
        assert all(len(line) >= 3 for line in lines)
        for a, b in zip(lines, lines[1:]):
            assert b[0] not in CLOSERS and a[-1] not in OPENERS
            assert not (a[-1].isascii() and b[0].isascii())  # a Latin/digit run is never split
    if width(text) <= 20:
        assert lines == [text]


def test_no_shipped_title_breaks_inside_a_word():
    """Every two-line title of the examples and starters, at the width the Word writer uses (portrait or
    landscape), breaks where jieba's full dictionary (plus the inspection teams' names) has a word edge."""
    from pathlib import Path

    import jieba

    from generator.api import build
    from generator.model import profiles
    from generator.model.tree import Block
    from generator.write.docx.document import layout

    jieba.setLogLevel(60)
    full = jieba.Tokenizer()
    for team in ("巡察组", "巡视组", "督导组", "审计组", "督察组"):
        full.add_word(team)
    root = Path(__file__).resolve().parent.parent
    lay = layout(profiles.load(None))
    files = sorted(root.glob("outlines/*.yaml")) + sorted(root.glob("templates/*/starter.yaml"))
    broken = 0
    for f in files:
        doc = build(str(f))
        chars = lay.title_chars_landscape if doc.meta.get("landscape") else lay.title_chars
        for b in doc.blocks:
            if not (isinstance(b, Block) and b.role in ("title", "attachment-title")):
                continue
            text = b.text.strip()
            lines = split_title(text, chars)
            edges, pos = {0}, 0
            for w in full.cut(text):
                pos += len(w)
                edges.add(pos)
            cut = 0
            for line in lines[:-1]:
                cut += len(line)
                assert cut in edges or re.search("组$", line), (f.name, lines)
                assert not re.search("第[一二三四五六七八九十]+[^组]*$", line), (f.name, lines)
                broken += 1
    assert broken >= 8  # the check saw the two-line titles


def test_affixes_stay_with_their_words():
    lines = split_title("县委第一巡察组向县自然资源局党组反馈巡察情况", 12)
    assert not any(line.endswith(("县", "自然", "巡察")) or line.startswith(("局", "组")) for line in lines), lines
    lines = split_title("澄川县委第二巡察组向栖云镇党委反馈巡察情况", 12)
    assert not any(line.endswith("栖云") or line.endswith("第二巡察") for line in lines), lines
