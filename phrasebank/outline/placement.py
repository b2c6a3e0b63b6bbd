"""Where a chosen phrase or typed text goes in an outline — decided here, for `tigang add` and the editor.

Adding never replaces written text. An empty title, salutation or part heading is filled in place;
when it already holds text, the new text is added at the nearest place that adds (the opening after
a title or salutation, a new part after a part). Replacing text is a separate, explicit operation
(`replace_text`, or `fill(..., replace=True)`).

Every function returns a `Placement` that says which item holds the text and where a cursor should
rest so that adding again continues in reading order.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from phrasebank.outline.items import CLOSING, MAX_LEVEL, OPENING, SALUTATION_ID, TITLE_ID, Item, OutlineError
from phrasebank.outline.model import Outline

How = Literal["filled", "added", "replaced"]


@dataclass(frozen=True)
class Placement:
    """The outcome of placing text: the item holding it, how it got there, and the next cursor."""

    item_id: str
    how: How
    cursor: str
    """Where a cursor should rest: adding at it again puts the next text after this one."""


def add_point(
    outline: Outline, at: str | None, text: str, *, phrase_id: int | None = None, body: str = ""
) -> Placement:
    """Add `text` as what follows the item at `at` (an item id, `OPENING`/`CLOSING`, or None).

    - title / salutation: filled when empty, else the text becomes the opening's last paragraph;
    - the opening or closing as a whole: appended to it; one of their paragraphs: inserted after it;
    - a part or a point of level 1–3: a point one level deeper, at the end of what is under it;
    - a level-4 point: the next point at the same level;
    - None: a point at the end of the last part.
    """
    if at in (TITLE_ID, SALUTATION_ID):
        item = outline.find(at)
        if not item.text:
            outline.edit(at, text, phrase_id=phrase_id)
            return Placement(at, "filled", at)
        added = outline.add_paragraph("opening", text, phrase_id=phrase_id)
        return Placement(added.id, "added", at)
    if at in (OPENING, CLOSING):
        added = outline.add_paragraph("opening" if at == OPENING else "closing", text, phrase_id=phrase_id)
        return Placement(added.id, "added", at)
    if at is None:
        if not outline.parts:
            raise OutlineError("提纲还没有任何部分；请先加一个一级标题。")
        at = outline.parts[-1].id
    region = outline.region_of(at)
    if region in ("opening", "closing"):
        added = outline.insert_after(at, text, phrase_id=phrase_id)
        return Placement(added.id, "added", added.id)
    target = outline.find(at)
    if target.level < MAX_LEVEL:
        added = outline.add_child(at, text, body=body, phrase_id=phrase_id)
        return Placement(added.id, "added", at)
    added = outline.insert_after(at, text, body=body, phrase_id=phrase_id)
    return Placement(added.id, "added", added.id)


def add_heading(
    outline: Outline, at: str | None, text: str, *, phrase_id: int | None = None, organ: str | None = None
) -> Placement:
    """Use `text` as a part heading: the part at `at` (or, outside the body, the first part still
    without a heading) is filled when its heading is empty; otherwise a new part follows it (or
    ends the body). `organ` is given to a new part, and to a filled part that has none."""
    part = part_for_heading(outline, at)
    if part is not None and not part.text:
        keep_organ = part.organ if part.organ is not None else organ
        outline.edit(part.id, text, phrase_id=phrase_id, organ=keep_organ)
        return Placement(part.id, "filled", part.id)
    index = outline.parts.index(part) + 1 if part is not None else None
    added = outline.add_part(text, organ=organ, phrase_id=phrase_id, index=index)
    return Placement(added.id, "added", added.id)


def fill(
    outline: Outline, item_id: str, text: str, *, phrase_id: int | None = None, replace: bool = False
) -> Placement:
    """Put `text` into one item (title, salutation, a heading): only when it is empty, unless
    `replace` is given — the explicit way to overwrite what is written."""
    written = outline.find(item_id).text
    if written and not replace:
        raise OutlineError(f"{outline.path_label(item_id)}已有内容“{_short(written)}”，添加不会覆盖它")
    outline.edit(item_id, text, phrase_id=phrase_id)
    return Placement(item_id, "replaced" if written else "filled", item_id)


def replace_text(outline: Outline, item_id: str, text: str, *, phrase_id: int | None = None) -> Placement:
    """Overwrite the text of one item (an explicit action of the writer, never a side effect)."""
    return fill(outline, item_id, text, phrase_id=phrase_id, replace=True)


def point_parent(outline: Outline, part_number: int, level: int) -> str:
    """The item a level-`level` point of part `part_number` (1-based) goes under: the part itself
    for level 2, else the part's last item one level up."""
    parts = outline.parts
    if not 1 <= part_number <= len(parts):
        raise OutlineError(f"第 {part_number} 部分不存在（提纲共有 {len(parts)} 个部分）。")
    part = parts[part_number - 1]
    if level <= 2:
        return part.id
    above = [item for item in outline.subtree(part.id) if item.level == level - 1]
    if not above:
        raise OutlineError(
            f"第 {part_number} 部分还没有 {level - 1} 级标题，不能直接加 {level} 级；请先加 {level - 1} 级。"
        )
    return above[-1].id


def part_for_heading(outline: Outline, at: str | None) -> Item | None:
    """The part a heading placed at `at` goes to: the part holding `at`, or outside the body the first
    part still without a heading (None: a new part at the end)."""
    if at is not None and at not in (OPENING, CLOSING) and outline.region_of(at) == "body":
        return outline.part_of(at)
    return next((part for part in outline.parts if not part.text), None)


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
