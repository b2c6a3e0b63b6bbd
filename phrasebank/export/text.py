"""Plain text (ready to paste into Word) and Markdown renderings of an outline."""
from __future__ import annotations

import re

from phrasebank.export.blocks import blocks
from phrasebank.outline.model import Outline
from phrasebank.text.shape import is_heading_like


def export_text(outline: Outline) -> str:
    """Plain text, one paragraph per line, title followed by an empty line; ends with a newline."""
    lines: list[str] = []
    for block in blocks(outline):
        if block.kind == "heading":
            lines.append(f"{block.label}{block.text}{block.body}")
        else:
            lines.append(block.text)
        if block.kind == "title":
            lines.append("")
    return "\n".join(lines) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(?:#|>|[-+]\s)")
_MD_NUMBER_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
"""A number opens a list only when a space follows: “1.细化措施” stays as it is, “1. Word” is escaped."""


def _md_escape(text: str, *, line_start: bool = True) -> str:
    """`text` with Markdown's marks escaped, and at the start of a paragraph what would make it a
    heading, quote or list: `\\#`, `\\>`, `\\- `, and `1\\. ` (a backslash before the digit would show)."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if not line_start:
        return text
    text = _MD_LINE_START.sub(lambda m: "\\" + m.group(0), text)
    return _MD_NUMBER_START.sub(r"\1\\\2", text)


def export_markdown(outline: Outline) -> str:
    """Markdown: `#` title, `##` for each part, `###`–`#####` only for headings proper; paragraphs between.

    A point that is a sentence (a lead sentence ending in 。, or running text — one rule,
    `phrasebank.text.shape`) is a paragraph with its number in front, as the text export reads, and so
    is everything under it: a heading cannot stand inside a paragraph. Paragraphs, not `-` or `1.`
    lists: the Chinese numbers already say the order, and a list marker before “（一）” says it twice.
    """
    out: list[str] = []
    flat_from: int | None = None
    """The level of the sentence point that turned headings into paragraphs, until its subtree ends."""
    for block in blocks(outline):
        if block.kind == "title":
            out.append(f"# {_md_escape(block.text)}")
        elif block.kind == "heading":
            if flat_from is not None and block.level <= flat_from:
                flat_from = None
            if block.level == 1 or (flat_from is None and is_heading_like(block.text)):
                out.append(f"{'#' * (block.level + 1)} {_md_escape(block.label + block.text, line_start=False)}")
                if block.body:
                    out.append(_md_escape(block.body))
            else:
                flat_from = block.level if flat_from is None else flat_from
                out.append(_md_escape(block.label + block.text + block.body))
        else:
            out.append(_md_escape(block.text))
    return "\n\n".join(out) + "\n"
