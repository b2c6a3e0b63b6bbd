"""The export formats: their names and suffixes, rendering an outline in one, and writing it atomically.

Word output (python-docx, slow to import) is loaded only when a .docx is asked for.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from phrasebank.errors import TigangError
from phrasebank.export.text import export_markdown, export_text
from phrasebank.files.atomic import write_bytes_atomic, write_text_atomic
from phrasebank.outline.model import Outline

Format = Literal["text", "markdown", "docx"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "docx")
SUFFIXES: dict[str, str] = {"text": ".txt", "markdown": ".md", "docx": ".docx"}


def default_output(outline_path: Path, fmt: Format) -> Path:
    """Where an export goes when no `-o` is given: next to the outline, with the format's suffix."""
    outline_path = Path(outline_path)
    stem = outline_path.name.removesuffix(".json")
    return outline_path.with_name(stem + SUFFIXES[fmt])


def format_for(path: Path | None, fmt: str | None) -> Format:
    """The format asked for, or the one an output file name implies (.md, .docx), else text."""
    if fmt:
        if fmt not in FORMATS:
            raise TigangError(f"不支持的导出格式 “{fmt}”；可选：{'、'.join(FORMATS)}。")
        return fmt
    if path is not None:
        suffix = Path(path).suffix.lower()
        if suffix in (".md", ".markdown"):
            return "markdown"
        if suffix == ".docx":
            return "docx"
    return "text"


def render(outline: Outline, fmt: Format) -> str | bytes:
    """The exported document: text for text/markdown, bytes for docx."""
    if fmt == "text":
        return export_text(outline)
    if fmt == "markdown":
        return export_markdown(outline)
    if fmt == "docx":
        from phrasebank.export.word import docx_bytes  # python-docx loads in ~0.3 s: only when asked for

        return docx_bytes(outline)
    raise TigangError(f"不支持的导出格式 “{fmt}”。")


def write_export(outline: Outline, fmt: Format, path: Path) -> None:
    """Render and write atomically: the target is either untouched or complete."""
    content = render(outline, fmt)
    if isinstance(content, bytes):
        write_bytes_atomic(Path(path), content)
    else:
        write_text_atomic(Path(path), content)
