"""An outline in reading order as the paragraphs of the exported document, before any format.

Every format shares this order, the derived numbering and the punctuation: text copied from the web
brings half-width `,:;()?!` into Chinese sentences, which 公文 layout does not allow, so every text
goes through `phrasebank.text.cjk.full_width_punctuation`. Every text is also made safe to export
(`export_safe`): text pasted from Word or the web can carry control characters, which a .docx cannot
hold at all and a text file should not, and line breaks, which would split one paragraph.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from phrasebank.outline.items import Item
from phrasebank.outline.model import Outline
from phrasebank.text.cjk import full_width_punctuation, join_lines, strip_control_chars

_SENTENCE_END = tuple("。！？；：…")


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


def export_safe(text: str) -> str:
    """`text` as every format writes it: one line, no control characters, punctuation full-width."""
    return full_width_punctuation(join_lines(strip_control_chars(text)).strip())


def blocks(outline: Outline) -> Iterator[Block]:
    """The paragraphs of the document in reading order, punctuation already made full-width.

    A level-1 heading always stands alone with its body as the next paragraph. A level 2–4 heading
    that ends a sentence (。！？；：) runs on into its body in one paragraph, like the bold lead
    sentences of seed 000; otherwise the body follows as its own paragraph.
    """
    fix = export_safe
    if title := fix(outline.title.text):
        yield Block("title", title)
    if salutation := fix(outline.salutation.text):
        yield Block("salutation", salutation)
    for item in outline.opening:
        if text := fix(item.text):
            yield Block("paragraph", text)
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
        if text := fix(item.text):
            yield Block("paragraph", text)


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
    piece = join_lines(strip_control_chars(text[left : left + width]))  # printed on a terminal
    return ("…" if left else "") + piece + ("…" if left + width < len(text) else "")
