"""发文字号 rules (GB/T 9704 §7.2.4): 〔〕 around a four-digit year, no 第, no leading zeros."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from generator.text import docnumber


@pytest.mark.parametrize("good", ["栖委发〔2025〕12号", "县政办发〔2026〕1号", "青禾街工委〔2025〕105号"])
def test_good_numbers_pass(good):
    assert docnumber.check(good) == []


@pytest.mark.parametrize("bad, word", [
    ("栖委发[2025]12号", "六角括号"), ("栖委发（2025）12号", "六角括号"), ("栖委发【2025】12号", "六角括号"),
    ("栖委发〔2025〕第12号", "第"), ("栖委发〔2025〕012号", "虚位"), ("栖委发〔25〕12号", "四位"),
    ("栖委发2025年12号", "机关代字"), ("", "不能为空"),
])
def test_bad_numbers_say_what_is_wrong(bad, word):
    problems = docnumber.check(bad)
    assert problems and any(word in p for p in problems), problems


@given(st.integers(1, 99999), st.integers(1000, 9999))
def test_any_plain_number_passes_and_zero_padding_fails(n, year):
    assert docnumber.check(f"栖委发〔{year}〕{n}号") == []
    assert any("虚位" in p for p in docnumber.check(f"栖委发〔{year}〕0{n}号"))
