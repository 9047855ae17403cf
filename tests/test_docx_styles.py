"""styles.xml from a profile: fonts in all four slots, sizes, indents, spacing, built-in ids; user profiles."""
from __future__ import annotations

import datetime
import io
import zipfile

import docx
import pytest
from lxml import etree

from generator.model import profiles
from generator.model.tree import Block, Document, Span
from generator.write import docx as write_docx
from test_write_docx import NS, TITLE, W, _part, _style, make_speech, speech, speech_bytes  # noqa: F401  (fixtures)


def test_styles_fonts_sizes_and_language(speech_bytes):
    styles = _part(speech_bytes, "word/styles.xml")
    xml = etree.tostring(styles, encoding="unicode")
    assert "Theme" not in xml and "theme" not in xml
    for fonts in styles.iter(f"{W}rFonts"):
        assert {f"{W}{k}" for k in ("ascii", "hAnsi", "eastAsia", "cs")} <= set(fonts.attrib)
    for st in styles.findall("w:style", NS):
        if st.get(f"{W}styleId") == "DefaultParagraphFont":
            continue  # Word's empty base character style
        assert st.find("w:rPr/w:rFonts", NS) is not None, st.get(f"{W}styleId")
        assert st.find("w:rPr/w:lang", NS).get(f"{W}eastAsia") == "zh-CN"
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:lang", NS).get(f"{W}eastAsia") == "zh-CN"
    assert defaults.find("w:rFonts", NS).get(f"{W}eastAsia") == "仿宋_GB2312"
    expect = {"Title": ("方正小标宋简体", 44), "Heading1": ("黑体", 32), "Heading2": ("楷体_GB2312", 32),
              "Heading3": ("仿宋_GB2312", 32), "Heading4": ("仿宋_GB2312", 32), "GzBody": ("仿宋_GB2312", 32),
              "GzSpeaker": ("楷体_GB2312", 32), "GzDateLine": ("楷体_GB2312", 32),
              "GzPageNumberOdd": ("宋体", 28), "GzTableText": ("仿宋_GB2312", 21)}  # 五号 tables (§5.2.2)
    for sid, (east, half_points) in expect.items():
        st = _style(styles, sid)
        f = st.find("w:rPr/w:rFonts", NS)
        assert f.get(f"{W}eastAsia") == east, sid
        assert f.get(f"{W}ascii") == ("宋体" if sid.startswith("GzPageNumber") else "Times New Roman")
        assert st.find("w:rPr/w:sz", NS).get(f"{W}val") == str(half_points), sid


def test_builtin_title_and_headings_keep_word_ids(speech_bytes):
    styles = _part(speech_bytes, "word/styles.xml")
    assert _style(styles, "Title").find("w:name", NS).get(f"{W}val") == "Title"
    for level in range(1, 5):
        st = _style(styles, f"Heading{level}")
        assert st.find("w:name", NS).get(f"{W}val") == f"heading {level}"
        assert st.find("w:pPr/w:outlineLvl", NS).get(f"{W}val") == str(level - 1)
        assert st.find("w:pPr/w:ind", NS).get(f"{W}firstLineChars") == "200"
    assert _style(styles, "GzLead").get(f"{W}type") == "character"


def test_indents_alignment_and_condensed_spacing(speech_bytes):
    styles = _part(speech_bytes, "word/styles.xml")
    body = _style(styles, "GzBody")
    ind = body.find("w:pPr/w:ind", NS)
    assert (ind.get(f"{W}firstLineChars"), ind.get(f"{W}firstLine")) == ("200", "640")
    assert body.find("w:pPr/w:jc", NS).get(f"{W}val") == "both"
    assert body.find("w:rPr/w:spacing", NS).get(f"{W}val") == "-5"  # 28 characters in 156 mm
    spacing = body.find("w:pPr/w:spacing", NS)
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("579", "exact")
    for sid in ("Title", "GzSpeaker", "GzDateLine"):
        st = _style(styles, sid)
        assert st.find("w:pPr/w:jc", NS).get(f"{W}val") == "center"
        assert st.find("w:pPr/w:ind", NS).get(f"{W}firstLine") == "0"
    sal = _style(styles, "GzSalutation")
    assert sal.find("w:pPr/w:jc", NS).get(f"{W}val") == "left"
    assert sal.find("w:pPr/w:ind", NS).get(f"{W}firstLine") == "0"
    sig, date = _style(styles, "GzSignature"), _style(styles, "GzSignDate")
    assert sig.find("w:pPr/w:spacing", NS).get(f"{W}before") == "579"  # the blank line after the body
    assert sig.find("w:pPr/w:ind", NS).get(f"{W}rightChars") == "200"
    assert date.find("w:pPr/w:ind", NS).get(f"{W}rightChars") == "400"


def test_podium_profile_large_type_and_bold_leads(tmp_path):
    data = write_docx.render(make_speech(10), profiles.load("podium"))
    styles = _part(data, "word/styles.xml")
    body = _style(styles, "GzBody")
    assert body.find("w:rPr/w:sz", NS).get(f"{W}val") == "36"
    assert body.find("w:rPr/w:spacing", NS) is None
    assert body.find("w:pPr/w:spacing", NS).get(f"{W}line") == "750"
    assert _style(styles, "GzLead").find("w:rPr/w:b", NS) is not None
    assert _style(styles, "Heading1").find("w:pPr/w:keepNext", NS) is not None
    grid = _part(data, "word/document.xml").find("w:body/w:sectPr/w:docGrid", NS)
    assert grid.get(f"{W}linePitch") == "750"


def test_profile_file_changes_lead_and_fonts(tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text("lead: kai\nfonts:\n  body: 仿宋\nsizes:\n  title: 20\n", encoding="utf-8")
    styles = _part(write_docx.render(make_speech(3), profiles.load(str(f))), "word/styles.xml")
    lead = _style(styles, "GzLead").find("w:rPr", NS)
    assert lead.find("w:b", NS) is None and lead.find("w:rFonts", NS).get(f"{W}eastAsia") == "楷体_GB2312"
    assert _style(styles, "GzBody").find("w:rPr/w:rFonts", NS).get(f"{W}eastAsia") == "仿宋"
    assert _style(styles, "Title").find("w:rPr/w:sz", NS).get(f"{W}val") == "40"


def test_chars_per_line_sets_character_spacing(tmp_path):
    f = tmp_path / "wide.yaml"
    f.write_text("grid:\n  chars_per_line: 24\n", encoding="utf-8")
    styles = _part(write_docx.render(make_speech(2), profiles.load(str(f))), "word/styles.xml")
    # 8845 twips / 24 characters = 368.5 → 16 pt (320) + 48 twentieths of a point
    assert _style(styles, "GzBody").find("w:rPr/w:spacing", NS).get(f"{W}val") == "48"


