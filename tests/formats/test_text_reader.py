"""The text reader: encodings, layout families, noise, and robustness on arbitrary bytes."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _samples import TEXT_SAMPLES, parsed, sample_path
from yusuan.api import parse_bytes
from yusuan.errors import YusuanError
from yusuan.formats.base import CellRow, TextLine
from yusuan.formats.text import decode, text_to_blocks


def test_cell_per_line_rows_and_cell_continuations() -> None:
    text = "标题表\n\t单位：万元\n\n\t项目编码\n\t123\n\t绩效目标\n\t1.第一句\n2.第二句\n\n正文。\n"
    blocks, layout = text_to_blocks(text)
    rows = [b for b in blocks if isinstance(b, CellRow)]
    assert layout == "cell-per-line"
    assert rows[1].cells == ("项目编码", "123", "绩效目标", "1.第一句\n2.第二句")
    assert rows[1].collapsed
    assert [b.text for b in blocks if isinstance(b, TextLine)] == ["标题表", "正文。"]


def test_tab_separated_rows_with_leading_empty_cells() -> None:
    text = "表一\n类\t款\t项\t名称\t金额\n\t\t\t合计\t1,234.50\n210\t15\t01\t行政运行\t1,234.50\n"
    blocks, layout = text_to_blocks(text)
    rows = [b for b in blocks if isinstance(b, CellRow)]
    assert layout == "tab-separated"
    assert rows[1].cells == ("", "", "", "合计", "1,234.50")
    assert not rows[1].collapsed


def test_extraction_noise_is_removed() -> None:
    text = '[bookmark: _Toc_1]部门预算收支总表{ TC "收支总表" \\l 1 }\npage number\n12\n- 3 -\n**正文**\n'
    blocks, _ = text_to_blocks(text)
    assert [b.text for b in blocks if isinstance(b, TextLine)] == ["部门预算收支总表", "正文"]


def test_a_sentence_with_a_stray_tab_stays_text() -> None:
    line = "2024年支出预算349.27万元，其中基本支出289.59万元，主要为办公辅助28.65万元，人事代理专项补助\t18.24 万元，网络运行维护费0.91万元。"
    blocks, _ = text_to_blocks(line)
    assert isinstance(blocks[0], TextLine)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_encodings_decode_to_the_same_text(encoding: str) -> None:
    original = sample_path("yuanjiang").read_text(encoding="utf-8")
    text, _, notes = decode(original.encode(encoding), "x")
    assert notes == []
    assert text.lstrip("\ufeff") == original


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_a_character_cut_off_at_the_end_is_dropped_and_reported(encoding: str) -> None:
    data = "部门预算收支总表\n收入说明".encode(encoding)[:-1]
    text, _, notes = decode(data, "x")
    assert text.lstrip("\ufeff") == "部门预算收支总表\n收入说"  # the cut 明 is dropped
    assert notes and "不完整的字符" in notes[0]


def test_reencoded_sample_parses_identically() -> None:
    original = parsed("jiyuan")
    data = sample_path("jiyuan").read_text(encoding="utf-8").encode("gb18030")
    again = parse_bytes(data, original.source)
    assert again == original


@pytest.mark.parametrize("data", [b"", b"   \n\n", bytes(range(256)) * 20, b"\x89PNG\r\n\x1a\n" + bytes(900)])
def test_unreadable_bytes_raise_a_clear_error(data: bytes) -> None:
    with pytest.raises(YusuanError) as info:
        parse_bytes(data, "bad.txt")
    assert "\n" not in info.value.message and info.value.message


def test_text_that_is_not_a_disclosure_is_refused() -> None:
    with pytest.raises(YusuanError, match="不是一份部门"):
        parse_bytes("春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。\n".encode() * 50, "poem.txt")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_escape_as_an_unexpected_exception(data: bytes) -> None:
    with contextlib.suppress(YusuanError):
        parse_bytes(data, "fuzz.txt")


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_truncated_and_bit_flipped_samples_never_crash(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(TEXT_SAMPLES)))
    raw = bytearray(sample_path(name).read_bytes())
    cut = data.draw(st.integers(min_value=0, max_value=len(raw)))
    raw = raw[:cut]
    for _ in range(data.draw(st.integers(min_value=0, max_value=5))):
        if raw:
            i = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
            raw[i] ^= 1 << data.draw(st.integers(min_value=0, max_value=7))
    with contextlib.suppress(YusuanError):
        parse_bytes(bytes(raw), f"{name}-cut.txt")


def _line_by_line(text: str) -> tuple[list[object], str]:
    """The blocks of ``text`` read one line at a time, without the whole-row shortcut."""
    from yusuan.formats.text import _BlockReader, _is_single_cell, clean_noise

    lines = clean_noise(text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "")).split("\n")
    single = sum(1 for line in lines if _is_single_cell(line))
    multi = sum(1 for line in lines if "\t" in line) - single
    reader = _BlockReader(word_cells=single > multi)
    for number, line in enumerate(lines, start=1):
        reader.line(number, line)
    blocks, layout = reader.finish()
    return list(blocks), layout


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["\t", "\n", "\n\n", " ", "\u3000", "甲", "1", "2", "，。", "page number"]),
        max_size=40,
    )
)
def test_rows_read_whole_are_the_rows_read_line_by_line(pieces: list[str]) -> None:
    text = "".join(pieces)
    blocks, layout = text_to_blocks(text)
    assert (list(blocks), layout) == _line_by_line(text)


def test_rows_read_whole_on_the_samples() -> None:
    for name in TEXT_SAMPLES:
        text = decode(sample_path(name).read_bytes(), name)[0]
        blocks, layout = text_to_blocks(text)
        assert (list(blocks), layout) == _line_by_line(text)
