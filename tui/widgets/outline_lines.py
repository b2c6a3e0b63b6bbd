"""The outline as screen lines: each item wrapped to the pane's width by Chinese line-breaking rules,
its continuation lines hanging under its text, folded parts reduced to their heading.

Pure functions from engine data to Rich `Text`, so the wrapping and folding can be tested without a
screen; `OutlineTree` shows the rows.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from rich.text import Text

from phrasebank.outline.items import CLOSING, OPENING, SALUTATION_ID, TITLE_ID, Item
from phrasebank.outline.model import Outline
from phrasebank.review.timing import format_duration, speaking_seconds, spoken_chars
from phrasebank.text.width import cell_width, truncate_cells
from phrasebank.vocab.organs import ORGAN_SHORT
from phrasebank.vocab.slots import slot_spans
from tui.render import DIM, SLOT_STYLE, with_slots
from tui.widgets.cjk_text import break_points

INDENT = 2
"""Cells each level is indented by."""
FOLDED, UNFOLDED, CURRENT = "▶ ", "▼ ", "▸ "
"""Before a part: folded, open (it has points), or the cursor's part without points."""


@dataclass(frozen=True)
class Row:
    """One entry of the outline view: an item (or a region's heading line) and its wrapped text."""

    item_id: str
    text: Text
    hang: int
    """Cells before the item's own text on its first line (where an in-place editor starts)."""


@dataclass(frozen=True)
class View:
    """What the rows depend on besides the outline."""

    width: int
    current_part: str | None = None
    placeholders: dict[str, str] | None = None
    folded: Collection[str] = ()
    rate: int = 220


def outline_rows(outline: Outline, view: View) -> list[Row]:
    """Every visible line of `outline`: title, salutation, opening, the numbered body, closing."""
    rows = [
        _fixed(TITLE_ID, "标题：", outline.title.text, "（未填标题）", view.width),
        _fixed(SALUTATION_ID, "称谓：", outline.salutation.text, "（未填称谓）", view.width),
        *_paragraphs("开头", OPENING, outline.opening, view.width),
    ]
    hidden_below: int | None = None
    numbered = outline.numbered()
    figures = part_figures(outline)
    for index, entry in enumerate(numbered):
        item = entry.item
        if hidden_below is not None and item.level > hidden_below:
            continue
        hidden_below = None
        has_children = index + 1 < len(numbered) and numbered[index + 1].item.level > item.level
        folded = has_children and item.id in view.folded
        current = item.id == view.current_part
        icon = (FOLDED if folded else UNFOLDED) if has_children else CURRENT if current else "  " * (item.level == 1)
        indent = (item.level - 1) * INDENT
        hang = indent + cell_width(icon) + cell_width(entry.label)
        tail: list[Text] = []
        if item.level == 1 and item.organ:
            tail.append(Text(f"〔{ORGAN_SHORT.get(item.organ, item.organ)}〕", style="dim cyan"))
        if folded:
            hidden = sum(1 for _ in outline.subtree(item.id)) - 1
            tail.append(Text(f"（已折叠 {hidden} 条）", style="dim italic"))
            hidden_below = item.level
        if item.level == 1 and figures.get(item.id):
            chars = figures[item.id]
            tail.append(Text(f"{chars}字·{format_duration(speaking_seconds(chars, view.rate))}", style="dim green"))
        # a hint, not text: kept to one line with its organ (the structure's guide is under the outline)
        room = view.width - hang - (tail[0].cell_len + 1 if tail else 0)
        placeholder = truncate_cells((view.placeholders or {}).get(item.id, ""), max(8, room))
        label = item_label(entry.label, item.text, placeholder=placeholder, current=current, body=item.body)
        lead = Text(" " * indent + icon, style="bold magenta" if current else "dim")
        text = wrap_hanging(lead + label, view.width, hang)
        for piece in tail:
            text = _append_whole(text, piece, view.width, hang)
        rows.append(Row(item.id, text, hang))
    rows.extend(_paragraphs("结尾", CLOSING, outline.closing, view.width))
    return rows


def part_figures(outline: Outline) -> dict[str, int]:
    """Characters read aloud in each part: its heading, every point under it, and their paragraphs."""
    figures: dict[str, int] = {}
    part: str | None = None
    for item in outline.body:
        if item.level == 1:
            part = item.id
            figures[part] = 0
        if part is not None:
            figures[part] += spoken_chars(item.text) + spoken_chars(item.body)
    return figures


def foldable(outline: Outline) -> set[str]:
    """The parts that have points under them (only those can fold)."""
    body = outline.body
    return {item.id for index, item in enumerate(body)
            if item.level == 1 and index + 1 < len(body) and body[index + 1].level > 1}


def item_label(number: str, text: str, *, placeholder: str = "", current: bool = False, body: str = "") -> Text:
    """One outline line: its number, its text (slots highlighted) or a dim placeholder; the part under
    the cursor (`current`) in bold. A paragraph under the item shows as ¶."""
    label = Text(number, style="bold magenta" if current else "bold")
    if text:
        label.append_text(with_slots(text, "bold" if current else ""))
    else:
        label.append(placeholder or "（待写）", style="dim italic")
    if body:
        label.append(" ¶", style=DIM)
        if slot_spans(body):
            label.append("××", style=SLOT_STYLE)
    return label


def wrap_hanging(text: Text, width: int, hang: int) -> Text:
    """`text` broken into lines of at most `width` cells, the following lines indented by `hang`
    cells (at most half the width, so a deep item still gets room)."""
    hang = min(hang, width // 2)
    if width <= 4 or text.cell_len <= width:
        return text
    lines = list(text.divide(break_points(text.plain, width, width - hang)))
    return Text("\n").join([lines[0], *(Text(" " * hang) + line for line in lines[1:])])


def _append_whole(text: Text, piece: Text, width: int, hang: int) -> Text:
    """`piece` after `text`'s last line when it fits there whole, else on a line of its own (hanging)."""
    last = text.plain.rsplit("\n", 1)[-1]
    if cell_width(last) + 1 + piece.cell_len <= width:
        return Text.assemble(text, " ", piece)
    return Text.assemble(text, "\n", " " * min(hang, width // 2), piece)


def _wrapped(item_id: str, label: Text, hang: int, width: int) -> Row:
    return Row(item_id, wrap_hanging(label, width, hang), hang)


def _fixed(item_id: str, prefix: str, text: str, empty: str, width: int) -> Row:
    label = Text(prefix, style="bold")
    label.append_text(with_slots(text) if text else Text(empty, style="dim italic"))
    return _wrapped(item_id, label, cell_width(prefix), width)


def _paragraphs(name: str, marker: str, items: list[Item], width: int) -> list[Row]:
    rows = [Row(marker, Text(name, style="bold"), 0)]
    for item in items:
        label = Text(" " * INDENT) + (with_slots(item.text) if item.text else Text("（空段落）", "dim"))
        rows.append(_wrapped(item.id, label, INDENT, width))
    return rows
