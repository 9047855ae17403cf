"""Rule dash: ―, ﹣ and a hyphen between Chinese for ——."""
from __future__ import annotations

from generator.lint.check import check_text


def test_wrong_dashes_are_found():
    found = check_text("这是一项政治任务――必须完成，一项﹣任务，中-美合作。", rules="dash")
    assert [f.text for f in found] == ["――", "﹣", "-"]


def test_hyphens_between_digits_and_the_real_dash_are_quiet():
    assert check_text("2025-2026年，电话0571-1234567，这是任务——必须完成。", rules="dash") == []
