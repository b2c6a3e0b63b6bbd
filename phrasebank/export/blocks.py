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


class SlotWarnings(list[str]):
    """The unfilled slots that go out with an export: one line per item that holds any (e.g.
    “二、（三） 2 处：…××…”), plus `slots`, the number of slots themselves.

    Slots are counted as the status line and the check count them (`Outline.unfilled_slots`, each
    ×× once), so “还有 8 处” means the same everywhere; an item with three ×× is one line, three slots.
    A list subclass so that code listing the lines (and `ExportDone.warnings`) keeps working.
    """

    def __init__(self, lines: list[str], slots: int) -> None:
        super().__init__(lines)
        self.slots = slots

    @property
    def headline(self) -> str:
        """“还有 8 处未填空位（5 个条目）”; "" when every slot is filled."""
        return f"还有 {self.slots} 处未填空位（{len(self)} 个条目）" if self.slots else ""


def slot_warnings(outline: Outline) -> SlotWarnings:
    """The unfilled slots of `outline`: a line per item naming where it is, and the number of slots."""
    paths = {entry.item.id: entry.path for entry in outline.numbered()}
    lines: list[str] = []
    for item in outline.items():
        if item.slot_count:
            where = paths.get(item.id) or outline.path_label(item.id)
            lines.append(f"{where} {item.slot_count} 处：{_snippet(item)}")
    return SlotWarnings(lines, len(outline.unfilled_slots()))


def _snippet(item: Item, width: int = 24) -> str:
    text = item.text if item.slots else item.body
    start = text.find("××")
    left = max(0, start - width // 2)
    piece = join_lines(strip_control_chars(text[left : left + width]))  # printed on a terminal
    return ("…" if left else "") + piece + ("…" if left + width < len(text) else "")
