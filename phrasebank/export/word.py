"""Export an outline as a Word .docx laid out after GB/T 9704-2012 (党政机关公文格式).

Title 二号 方正小标宋简体 centred; level 1 黑体, level 2 楷体_GB2312, levels 3–4 and body 仿宋_GB2312, all
三号; A4 with margins 37/35/28/26 mm; fixed line spacing 28.95 pt (22 lines a page); body and headings
indented two characters. Every text comes through `export.blocks.export_safe`, so none holds a character
XML cannot carry; the title in the document's properties is cut to Word's 255 characters (the full
title stays in the body). The East Asian font is written to `w:rFonts/@w:eastAsia` explicitly: setting
only the font name fills `w:ascii`/`w:hAnsi`, and Word then shows Chinese text in the default font.
Imported lazily by `export.render`, so python-docx is not loaded for `tigang --help`.
"""
from __future__ import annotations

from datetime import datetime
from io import BytesIO
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from phrasebank.export.blocks import blocks, export_safe
from phrasebank.outline.model import Outline

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.shared import Length
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
LEVEL_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: BODY_FONT, 4: BODY_FONT}
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE = Pt(22)  # 二号
TEXT_SIZE = Pt(16)  # 三号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE_SPACING = Pt(28.95)  # (297 − 37 − 35) mm ÷ 22 lines
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
PROPERTY_CHARS = 255
"""The longest value Word (and python-docx) allows in a core property such as the title."""


def set_run_font(run: Run, name: str, size: Length, *, bold: bool | None = None) -> None:
    """Give a run its font for Latin and East Asian text alike, and its size."""
    run.font.name = name
    run.font.size = size
    if bold is not None:
        run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _indent_two_chars(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.first_line_indent = TEXT_SIZE * 2
    indent = paragraph._p.get_or_add_pPr().get_or_add_ind()
    indent.set(qn("w:firstLineChars"), "200")  # "2 characters", so it follows the font size in Word


def _outline_level(paragraph: Paragraph, level: int) -> None:
    """Mark a heading for Word's navigation pane without using Word's own heading styles."""
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level - 1))
    paragraph._p.get_or_add_pPr().insert_element_before(
        element, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"
    )


def _setup(document: WordDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = TEXT_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    layout = normal.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = LINE_SPACING
    layout.space_before = layout.space_after = Pt(0)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(footer.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)
    run = footer.add_run("1")
    field.append(run._r)  # the run shown until Word updates the field
    set_run_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    set_run_font(footer.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def property_text(text: str) -> str:
    """`text` cut to what a core property holds, an ellipsis marking the cut."""
    return text if len(text) <= PROPERTY_CHARS else text[: PROPERTY_CHARS - 1] + "…"


def build_docx(outline: Outline) -> WordDocument:
    """The python-docx `Document` of an outline."""
    document = Document()
    _setup(document)
    properties = document.core_properties
    properties.title = property_text(export_safe(outline.title.text))
    properties.author = properties.last_modified_by = ""
    properties.comments = ""
    properties.created = properties.modified = datetime.now()
    for block in blocks(outline):
        paragraph = document.add_paragraph()
        if block.kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_run_font(paragraph.add_run(block.text), TITLE_FONT, TITLE_SIZE)
            document.add_paragraph()  # GB/T 9704: an empty line between title and 主送机关/称谓
            continue
        if block.kind == "salutation":
            set_run_font(paragraph.add_run(block.text), BODY_FONT, TEXT_SIZE)
            continue
        _indent_two_chars(paragraph)
        if block.kind == "paragraph":
            set_run_font(paragraph.add_run(block.text), BODY_FONT, TEXT_SIZE)
            continue
        _outline_level(paragraph, block.level)
        set_run_font(paragraph.add_run(block.label + block.text), LEVEL_FONTS[block.level], TEXT_SIZE)
        if block.body:
            set_run_font(paragraph.add_run(block.body), BODY_FONT, TEXT_SIZE)
    return document


def docx_bytes(outline: Outline) -> bytes:
    """The .docx file content of an outline."""
    buffer = BytesIO()
    build_docx(outline).save(buffer)
    return buffer.getvalue()
