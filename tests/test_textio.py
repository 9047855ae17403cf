"""Decoding user files: UTF-8 (BOM or not), UTF-16, GBK/GB18030, Big5; binary and empty refused."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from generator.errors import GaoziError
from generator.io.textio import decode, strip_control

TEXT = "同志们：今天召开全县巡察整改工作推进会议，我讲三点意见。一要压实责任，二要抓好落实。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_encodings_round_trip(encoding):
    assert decode(TEXT.encode(encoding), "f.txt") == TEXT


def test_big5_is_read_as_traditional_text():
    trad = "同志們：今天召開全縣巡察整改工作推進會議，我講三點意見。"
    assert decode(trad.encode("big5"), "f.txt") == trad


def test_crlf_becomes_lf():
    assert decode("甲\r\n乙\r丙".encode(), "f.txt") == "甲\n乙\n丙"


@pytest.mark.parametrize("data, needle", [(b"", "空"), (b"  \n ", "空"), (b"\x00\x01\x02PK\x03\x04" * 20, "二进制"),
                                          (b"\xef\xbb\xbf\xff\xfe\xfd", "UTF-8")])
def test_bad_bytes_are_refused_with_the_file_name(data, needle):
    with pytest.raises(GaoziError) as exc:
        decode(data, "f.txt")
    assert str(exc.value).startswith("f.txt") and needle in str(exc.value)


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=8, max_size=80))
@settings(max_examples=200, deadline=None)
def test_gbk_chinese_never_mojibake(text):
    try:
        data = text.encode("gbk")
    except UnicodeEncodeError:
        return
    assert decode(data, "f.txt") == text


def test_strip_control_keeps_newlines_and_drops_illegal_characters():
    assert strip_control("甲\x00乙\x0b丙\n丁\t戊\ud800") == "甲乙丙\n丁\t戊"


def test_devices_are_not_read_and_size_is_bounded(tmp_path):  # issue 12, item 2: /dev/zero eats memory
    from generator.io.textio import read_bytes

    with pytest.raises(GaoziError, match="不是普通文件"):
        read_bytes("/dev/zero")
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(GaoziError, match="过大"):
        read_bytes(str(big), max_bytes=1000)
