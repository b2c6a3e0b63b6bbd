"""Markdown export: headings only for headings, sentences as numbered paragraphs, as a viewer shows them."""
from __future__ import annotations

import pytest
from helpers import build_seed_000

from phrasebank.export.text import export_markdown
from phrasebank.outline.items import Item
from phrasebank.outline.model import Outline
from phrasebank.text.shape import HEADING_MAX_CHARS, char_count, is_heading_like, is_running_text, line_shape

LONG_POINT = ("人大常委会党组坚持把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务，"
              "全年召开党组理论学习中心组学习12次，专题研讨4次。")


def paragraphs(markdown: str) -> list[str]:
    """The blocks of a Markdown text, which ends with one newline."""
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")
    return markdown.removesuffix("\n").split("\n\n")


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("坚持党的领导，建设对党忠诚的“政治机关”", "heading"),
        ("维护核心，做政治坚定的表率，着力打造忠诚可靠的“政治机关”", "heading"),  # 25 字: seed 000's parts
        ("丰富学习强思想，让学习“高”起来。", "lead"),
        ("汇报完毕，谢谢大家！", "lead"),
        ("“老将”新征激活力。”", "lead"),
        ("动员部署。勇争先。", "sentence"),  # two sentences
        (LONG_POINT, "sentence"),
        ("一二三四五六七八九十一二三四五六七八九十一二三四五六七八", "heading"),  # 28 字
        ("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九", "sentence"),
    ],
)
def test_what_a_line_is(text: str, shape: str) -> None:
    assert line_shape(text) == shape
    assert is_heading_like(text) == (shape == "heading")
    assert is_running_text(text) == (shape == "sentence")


def test_characters_are_counted_as_read() -> None:
    assert char_count("坚持党的领导，建设对党忠诚的“政治机关”") == 17
    assert char_count("全年××次，共12人。") == 7  # ×× and punctuation are not 字
    assert HEADING_MAX_CHARS == 28


def test_seed_000_reads_as_headings_and_numbered_paragraphs() -> None:
    outline = build_seed_000()
    outline.edit(outline.parts[0].id, body="正文*强调*。")
    lines = paragraphs(export_markdown(outline))
    assert lines[:7] == [
        "# 县人大常委会机关党支部建设模范机关情况汇报",
        "尊敬的王主任，同志们：",
        "## 一、维护核心，做政治坚定的表率，着力打造忠诚可靠的“政治机关”",
        "正文\\*强调\\*。",
        "（一）丰富学习强思想，让学习“高”起来。",  # a lead sentence: a paragraph, not ###
        "（二）强化培训练业务，让能力“提”起来。",
        "（三）严格管理定目标，让党员“干”起来。",
    ]
    assert lines[-2:] == [
        "下一步，我们将以贯彻此次会议精神为契机，坚持以党的二十大精神指引，进一步学习各兄弟县市典型做法，"
        "推动我单位模范机关建设再上新台阶，再创新业绩。",
        "汇报完毕，谢谢大家！",
    ]
    assert sum(line.startswith("## ") for line in lines) == 4
    assert not any(line.startswith("###") for line in lines)


def test_headings_are_headings_and_sentences_are_paragraphs_with_their_numbers() -> None:
    outline = Outline(
        title="在全市人大机关建设推进会上的发言",
        salutation="尊敬的××主任，各位领导，同志们：",
        opening=[Item("现将有关情况报告如下：")],
        body=[
            Item("坚持党的领导，建设对党忠诚的“政治机关”", 1, body="一年来，我们始终把党的政治建设摆在首位。"),
            Item("落实“第一议题”制度", 2, body="党组会议第一议题学习12次。"),
            Item("健全学习机制", 3),
            Item("每月一次集中学习", 4),
            Item(LONG_POINT, 2),
            Item("细化学习清单", 3),  # under a sentence: a paragraph too
            Item("丰富学习强思想，让学习“高”起来。", 2, body="组织专题读书班2期。"),
            Item("坚持服务发展，建设依法履职的“权力机关”", 1),
            Item("听取审议专项工作报告", 2),
        ],
        closing=[Item("汇报完毕，谢谢大家！")],
    )
    assert paragraphs(export_markdown(outline)) == [
        "# 在全市人大机关建设推进会上的发言",
        "尊敬的××主任，各位领导，同志们：",
        "现将有关情况报告如下：",
        "## 一、坚持党的领导，建设对党忠诚的“政治机关”",
        "一年来，我们始终把党的政治建设摆在首位。",
        "### （一）落实“第一议题”制度",
        "党组会议第一议题学习12次。",
        "#### 1.健全学习机制",
        "##### （1）每月一次集中学习",
        "（二）" + LONG_POINT,
        "1.细化学习清单",
        "（三）丰富学习强思想，让学习“高”起来。组织专题读书班2期。",  # the body runs on, as in the text export
        "## 二、坚持服务发展，建设依法履职的“权力机关”",
        "### （一）听取审议专项工作报告",
        "汇报完毕，谢谢大家！",
    ]


def test_a_long_part_heading_is_still_a_part_and_list_markers_are_escaped() -> None:
    outline = Outline(body=[Item(LONG_POINT, 1), Item("1. 开头像列表的要点", 2), Item("- 也像列表。", 2)])
    assert export_markdown(outline).splitlines()[::2] == [
        "## 一、" + LONG_POINT,
        "### （一）1. 开头像列表的要点",
        "（二）- 也像列表。",
    ]
    paragraph = Outline(opening=[Item("1. 第一条"), Item("- 第二条"), Item("1.第三条")])
    assert export_markdown(paragraph).splitlines()[::2] == ["1\\. 第一条", "\\- 第二条", "1.第三条"]
