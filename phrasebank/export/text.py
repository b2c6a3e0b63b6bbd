"""Plain text (ready to paste into Word) and Markdown renderings of an outline."""
from __future__ import annotations

import re

from phrasebank.export.blocks import blocks
from phrasebank.outline.model import Outline


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
_MD_LINE_START = re.compile(r"^(#|>|[-+]\s|\d+[.)]\s?)")


def _md_escape(text: str, *, line_start: bool = True) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if not line_start:
        return text
    return _MD_LINE_START.sub(lambda m: "\\" + m.group(1), text)


def export_markdown(outline: Outline) -> str:
    """Markdown: `#` title, `##`–`#####` for levels 1–4 with their numbers, paragraphs between."""
    out: list[str] = []
    for block in blocks(outline):
        if block.kind == "title":
            out.append(f"# {_md_escape(block.text)}")
        elif block.kind == "heading":
            out.append(f"{'#' * (block.level + 1)} {_md_escape(block.label + block.text, line_start=False)}")
            if block.body:
                out.append(_md_escape(block.body))
        else:
            out.append(_md_escape(block.text))
    return "\n\n".join(out) + "\n"
