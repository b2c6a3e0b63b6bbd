"""Export never fails on what an outline may hold, and never writes what a document should not: a title
longer than Word's 255-character properties, control characters pasted from Word or the web, line
breaks inside one paragraph."""
from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phrasebank.export.blocks import blocks, export_safe, slot_warnings
from phrasebank.export.formats import FORMATS, SUFFIXES, Format, render, write_export
from phrasebank.export.word import PROPERTY_CHARS, docx_bytes
from phrasebank.outline.file import save_outline
from phrasebank.outline.model import Outline
from phrasebank.text.cjk import join_lines, strip_control_chars

LONG_TITLE = "关于" + "县人大常委会机关党支部建设模范机关" * 18 + "的情况汇报"
UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
"""Characters no exported file may contain (a line feed between paragraphs is fine)."""


def dirty_outline(title: str = LONG_TITLE) -> Outline:
    """An outline with control characters in every place a text can be."""
    outline = Outline(structure_id="si-ge-jiguan")
    outline.set_title(title + "\x0b")
    outline.set_salutation("尊敬的王主任，\x00同志们：")
    outline.add_paragraph("opening", "现将\x1f有关情况\x7f报告如下：")
    part = outline.add_part("维护核心\x0b做政治坚定的表率", organ="政治机关", body="正文\x00第一句。")
    point = outline.add_child(part.id, "丰富学习\x0c强思想。", body="坚持\u2028第一议题\x85学习制度。")
    outline.add_child(point.id, "Word\r\ncopy\tpasted")
    outline.add_paragraph("closing", "汇报完毕\x08，\x1b谢谢大家！")
    return outline


EXPECTED_LINES = [
    "县人大常委会机关党支部建设模范机关",  # part of the long title
    "尊敬的王主任，同志们：",
    "现将有关情况报告如下：",
    "一、维护核心做政治坚定的表率",
    "正文第一句。",
    "（一）丰富学习强思想。",  # the body runs on in text and Word, is its own paragraph in Markdown
    "坚持第一议题学习制度。",
    "1.Word copy pasted",
    "汇报完毕，谢谢大家！",
]


def test_a_title_over_255_characters_exports_to_word_with_the_full_title_in_the_body(tmp_path: Path) -> None:
    assert len(LONG_TITLE) > 300
    outline = Outline()
    outline.set_title(LONG_TITLE)
    path = tmp_path / "长标题.docx"
    write_export(outline, "docx", path)
    document = docx.Document(str(path))
    title = document.core_properties.title
    assert len(title) == PROPERTY_CHARS == 255
    assert title == LONG_TITLE[:254] + "…"
    assert document.paragraphs[0].text == LONG_TITLE


@pytest.mark.parametrize("fmt", FORMATS)
def test_control_characters_never_reach_an_exported_file(fmt: Format, tmp_path: Path) -> None:
    path = tmp_path / f"提纲{SUFFIXES[fmt]}"
    write_export(dirty_outline(), fmt, path)
    if fmt == "docx":
        with zipfile.ZipFile(path) as package:
            for name in ("word/document.xml", "docProps/core.xml"):
                xml = package.read(name).decode("utf-8")
                assert not UNWANTED.search(xml) and "<w:br" not in xml, name
        document = docx.Document(str(path))
        assert len(document.core_properties.title) <= 255
        text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    else:
        text = path.read_text(encoding="utf-8")
    assert not UNWANTED.search(text)
    for expected in EXPECTED_LINES:
        assert any(expected in line for line in text.splitlines()), expected
    assert LONG_TITLE in text


def test_text_export_keeps_one_paragraph_per_line() -> None:
    outline = dirty_outline("短标题")
    lines = render(outline, "text").splitlines()
    assert lines == ["短标题", "", *EXPECTED_LINES[1:5], "".join(EXPECTED_LINES[5:7]), *EXPECTED_LINES[7:]]


def test_a_line_break_cannot_start_a_markdown_heading() -> None:
    outline = Outline()
    part = outline.add_part("第一部分")
    outline.add_child(part.id, "要点", body="正文\n# 不是标题\n> 也不是引用")
    markdown = render(outline, "markdown")
    assert not any(line.startswith(("#  不是", "# 不是", ">")) for line in markdown.splitlines())
    assert "正文# 不是标题\\> 也不是引用" in markdown


def test_the_cli_exports_a_dirty_outline_to_every_format(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "提纲.json"
    save_outline(dirty_outline(), path)
    for suffix in (".txt", ".md", ".docx"):
        result = run_cli("export", path, "-o", tmp_path / f"out{suffix}")
        assert result.code == 0 and result.err == "", result.err
    assert docx.Document(str(tmp_path / "out.docx")).paragraphs[0].text == LONG_TITLE
    assert not UNWANTED.search((tmp_path / "out.txt").read_text(encoding="utf-8"))


def test_a_slot_warning_prints_no_control_characters() -> None:
    outline = Outline()
    part = outline.add_part("第一部分")
    outline.add_child(part.id, "全年监督××项\x1b[2J\x07。")
    (warning,) = slot_warnings(outline)
    assert "××" in warning and not UNWANTED.search(warning)


@pytest.mark.parametrize(
    ("raw", "stripped", "joined"),
    [
        ("第一\x0b部分\x00标题", "第一\n部分标题", "第一部分标题"),
        ("hello\r\nworld\rnext", "hello\nworld\nnext", "hello world next"),
        ("甲\u2028乙\u2029丙\x85丁\x0c戊", "甲\n乙\n丙丁\n戊", "甲乙丙丁戊"),
        ("Word \n 文档", "Word \n 文档", "Word文档"),
        ("\x00\x1f\x7f\x9f\ud800\ufffe\uffff", "", ""),
        ("制表\t符", "制表\t符", "制表符"),
        ("\n开头和结尾\n", "\n开头和结尾\n", "开头和结尾"),
    ],
)
def test_control_characters_are_stripped_and_lines_joined(raw: str, stripped: str, joined: str) -> None:
    assert strip_control_chars(raw) == stripped
    assert join_lines(strip_control_chars(raw)) == joined


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=st.sampled_from("党建\x00\x0b\x1f\x7f\x85\n\r\t \u2028\ud800,(aA×"), max_size=40))
def test_any_text_exports_to_every_format(text: str) -> None:
    assert not UNWANTED.search(export_safe(text)) and "\n" not in export_safe(text)
    outline = Outline()
    outline.set_title(text * 10)
    part = outline.add_part(text)
    outline.add_child(part.id, text, body=text)
    assert all("\n" not in block.text + block.body for block in blocks(outline))
    assert not UNWANTED.search(str(render(outline, "text")) + str(render(outline, "markdown")))
    document = docx.Document(BytesIO(docx_bytes(outline)))
    assert len(document.core_properties.title) <= 255
