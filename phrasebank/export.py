"""Export an outline as plain text (ready to paste into Word) or Markdown; Word itself is in `export_docx`.

All formats share the same reading order and derived numbering, and every text is passed through
`fullwidth_punctuation`, because material copied from the web brings half-width `,:;()?!` into Chinese
sentences, which 公文 layout does not allow.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from phrasebank.atomic import write_text_atomic
from phrasebank.errors import TigangError
from phrasebank.outline import Item, Outline

Format = Literal["text", "markdown", "docx"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "docx")
SUFFIXES: dict[str, str] = {"text": ".txt", "markdown": ".md", "docx": ".docx"}

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2018-\u201d\u2026\u00d7"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_SENTENCE_END = tuple("。！？；：…")


def fullwidth_punctuation(text: str) -> str:
    """Turn half-width `, : ; ? !` next to Chinese, and `( )` pairs touching Chinese, into full-width.

    "Next to" skips spaces, so `中国 , 人民` is converted too; `12:30`, `(a, b)` and English stay as they are.
    """
    chars = list(text)
    _convert_parentheses(chars)
    for index, char in enumerate(chars):
        if char in ",:;?!" and (_cjk_before(chars, index) or _cjk_after(chars, index)):
            chars[index] = _HALF_TO_FULL[char]
    result = "".join(chars)
    # spaces left around converted marks are noise in Chinese text
    return re.sub(r" *([，：；？！（）]) *", r"\1", result) if result != text else result


def _is_cjk(char: str) -> bool:
    return bool(_CJK_CHAR.match(char))


def _cjk_before(chars: list[str], index: int) -> bool:
    position = index - 1
    while position >= 0 and chars[position] == " ":
        position -= 1
    return position >= 0 and _is_cjk(chars[position])


def _cjk_after(chars: list[str], index: int) -> bool:
    position = index + 1
    while position < len(chars) and chars[position] == " ":
        position += 1
    return position < len(chars) and _is_cjk(chars[position])


def _convert_parentheses(chars: list[str]) -> None:
    stack: list[int] = []
    for index, char in enumerate(chars):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            start = stack.pop()
            inside = chars[start + 1 : index]
            if _cjk_before(chars, start) or _cjk_after(chars, index) or any(_is_cjk(c) for c in inside):
                chars[start], chars[index] = "（", "）"


# ---------------------------------------------------------------------- reading order


@dataclass(frozen=True)
class Block:
    """One paragraph of the exported document, before formatting.

    `kind` is "title", "salutation", "paragraph" (opening/closing and body text), or "heading";
    a heading has `level`, `label`, and `body` when the body runs on in the same paragraph.
    """

    kind: Literal["title", "salutation", "paragraph", "heading"]
    text: str
    level: int = 0
    label: str = ""
    body: str = ""


def blocks(outline: Outline) -> Iterator[Block]:
    """The paragraphs of the document in reading order, punctuation already made full-width.

    A level-1 heading always stands alone with its body as the next paragraph. A level 2–4 heading
    that ends a sentence (。！？；：) runs on into its body in one paragraph, like the bold lead
    sentences of seed 000; otherwise the body follows as its own paragraph.
    """
    fix = fullwidth_punctuation
    if outline.title.text:
        yield Block("title", fix(outline.title.text))
    if outline.salutation.text:
        yield Block("salutation", fix(outline.salutation.text))
    for item in outline.opening:
        if item.text:
            yield Block("paragraph", fix(item.text))
    for entry in outline.numbered():
        item = entry.item
        text, body = fix(item.text), fix(item.body)
        if item.level > 1 and body and text.endswith(_SENTENCE_END):
            yield Block("heading", text, item.level, entry.label, body)
            continue
        yield Block("heading", text, item.level, entry.label)
        if body:
            yield Block("paragraph", body)
    for item in outline.closing:
        if item.text:
            yield Block("paragraph", fix(item.text))


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


# ---------------------------------------------------------------------- unfilled slots


def slot_warnings(outline: Outline) -> list[str]:
    """One line per item with unfilled slots, naming where it is, e.g. “二、（三）：…××…”."""
    warnings: list[str] = []
    for item in outline.items():
        if item.slot_count:
            warnings.append(f"{outline.path_label(item.id)} 有 {item.slot_count} 处未填空位：{_snippet(item)}")
    return warnings


def _snippet(item: Item, width: int = 24) -> str:
    text = item.text if item.slots else item.body
    start = text.find("××")
    left = max(0, start - width // 2)
    piece = text[left : left + width]
    return ("…" if left else "") + piece + ("…" if left + width < len(text) else "")


# ---------------------------------------------------------------------- writing


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
        return fmt  # type: ignore[return-value]
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
        from phrasebank.export_docx import docx_bytes

        return docx_bytes(outline)
    raise TigangError(f"不支持的导出格式 “{fmt}”。")


def write_export(outline: Outline, fmt: Format, path: Path) -> None:
    """Render and write atomically: the target is either untouched or complete."""
    content = render(outline, fmt)
    if isinstance(content, bytes):
        from phrasebank.atomic import write_bytes_atomic

        write_bytes_atomic(Path(path), content)
    else:
        write_text_atomic(Path(path), content)
