"""Chinese text conventions: one punctuation rule for cleaning and export, numerals both ways, Han ranges."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phrasebank.documents.cleaning import clean
from phrasebank.export.blocks import blocks
from phrasebank.outline.model import Outline
from phrasebank.text.cjk import (
    chinese_number,
    chinese_numeral,
    full_width_punctuation,
    half_width_letters,
    is_cjk,
    is_han,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("坚持问题导向,推动工作落实:", "坚持问题导向，推动工作落实："),
        ("一是(试行)办法;二是?", "一是（试行）办法；二是？"),
        ("国家会展中心(xx)、科教园", "国家会展中心（xx）、科教园"),
        ("学习 , 再学习!", "学习，再学习！"),
        ("是否落实?请回答!", "是否落实？请回答！"),
        ("使用App, 提升效率", "使用App，提升效率"),  # a Latin word before a comma in a Chinese sentence
        ("党委(党组)落实", "党委（党组）落实"),
        ("(试行),y", "（试行），y"),  # Chinese inside the pair makes it Chinese, and the comma after it
        ("会议于 9:30 开始", "会议于 9:30 开始"),
        ("会议于12:30开始，共1,000人参加", "会议于12:30开始，共1,000人参加"),
        ("f(a, b) is fine", "f(a, b) is fine"),
        ("已经是全角，：；（）", "已经是全角，：；（）"),
        ("", ""),
    ],
)
def test_half_width_punctuation_in_chinese_becomes_full_width(raw: str, expected: str) -> None:
    assert full_width_punctuation(raw) == expected


PUNCTUATION_HEAVY = st.text(alphabet=st.sampled_from(list("党的a1 ,:;?!()（），。“”×")), max_size=40)


@settings(max_examples=400, deadline=None)
@given(PUNCTUATION_HEAVY)
def test_the_conversion_is_idempotent_and_touches_only_punctuation_and_spaces(text: str) -> None:
    once = full_width_punctuation(text)
    assert full_width_punctuation(once) == once
    assert [c for c in once if c not in " ,:;?!()，：；？！（）"] == [c for c in text if c not in " ,:;?!()，：；？！（）"]


@settings(max_examples=200, deadline=None)
@given(PUNCTUATION_HEAVY)
def test_cleaning_and_export_punctuate_alike(text: str) -> None:
    """One rule: a line cleaned at mining and the same line exported from an outline get the same marks."""
    line = " ".join(text.split())
    cleaned = clean(line).text
    if not cleaned or "\n" in cleaned:
        return
    exported = next(block.text for block in blocks(Outline(title=cleaned)))
    assert exported == cleaned


@pytest.mark.parametrize(
    ("number", "numeral"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (12, "十二"), (19, "十九"), (20, "二十"), (21, "二十一"),
     (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (115, "一百一十五"), (230, "二百三十")],
)
def test_chinese_numerals(number: int, numeral: str) -> None:
    assert chinese_numeral(number) == numeral


def test_heading_numerals_read_back_as_numbers() -> None:
    assert [chinese_number(chinese_numeral(n)) for n in range(1, 100)] == list(range(1, 100))
    assert [chinese_number(n) for n in ["一", "九", "十", "十一", "二十", "二十三", "12"]] == [1, 9, 10, 11, 20, 23, 12]
    assert [chinese_number(n) for n in ["一一", "百", "", "甲"]] == [0, 0, 0, 0]
    with pytest.raises(ValueError, match="start at 1"):
        chinese_numeral(0)


def test_han_ranges_include_rare_characters_and_exclude_punctuation() -> None:
    assert all(is_han(char) for char in "党人大㐀𠀀𪚥")  # basic block, extension A, extensions B and beyond
    assert not any(is_han(char) for char in "，。a1×“")
    assert all(is_cjk(char) for char in "党，。“×①")
    assert half_width_letters("ＬＧＷＨ１２　ab") == "LGWH12 ab"
