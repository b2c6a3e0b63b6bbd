"""An outline's content and everything one can ask of it without changing it.

The body is kept as a flat list of items in document order, each with its level (1–4), exactly as the
finished text reads; an item's "subtree" is the run of deeper items that follows it. This makes a
skipped level (a level-3 point straight under a part) representable, so the checks can report it,
and makes promote/demote a plain level change, as in Word's outline view. Numbering is derived on
every read and never stored. The operations that change an outline are in `phrasebank.outline.model`.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from phrasebank.outline.history import History, State, copy_items
from phrasebank.outline.items import (
    REGION_NAMES,
    SALUTATION_ID,
    TITLE_ID,
    Item,
    OutlineError,
    Region,
    SlotRef,
    item_slots,
    validate_body,
)
from phrasebank.outline.numbering import Entry, number_body
from phrasebank.text.shape import char_count


class OutlineQueries:
    """Title, salutation, opening, body and closing, with lookups by item id.

    Undo and redo put copies of the items back, so a caller should hold item ids (stable across
    every operation, undo and redo) and look items up with `find`, not keep `Item` objects.
    """

    def __init__(
        self,
        *,
        title: str | Item = "",
        salutation: str | Item = "",
        opening: Sequence[Item] = (),
        body: Sequence[Item] = (),
        closing: Sequence[Item] = (),
        structure_id: str | None = None,
    ) -> None:
        self.title = title if isinstance(title, Item) else Item(text=title)
        self.salutation = salutation if isinstance(salutation, Item) else Item(text=salutation)
        self.title.id, self.title.level = TITLE_ID, 0
        self.salutation.id, self.salutation.level = SALUTATION_ID, 0
        self.opening: list[Item] = list(opening)
        self.body: list[Item] = list(body)
        self.closing: list[Item] = list(closing)
        self.structure_id = structure_id
        self.revision = 0
        """Increases on every change, undo and redo: a cheap "has it changed since" for autosave."""
        self.history = History()
        validate_body(self.body)
        for item in [*self.opening, *self.closing]:
            item.level = 0
        seen: set[str] = set()
        for item in self.items():
            if item.id in seen:
                raise OutlineError(f"条目编号 {item.id} 重复。")
            seen.add(item.id)

    # ------------------------------------------------------------------ where items are

    def items(self) -> Iterator[Item]:
        """Every item in document order: title, salutation, opening, body, closing."""
        yield self.title
        yield self.salutation
        yield from self.opening
        yield from self.body
        yield from self.closing

    @property
    def parts(self) -> list[Item]:
        """The level-1 items, in order."""
        return [item for item in self.body if item.level == 1]

    def find(self, item_id: str) -> Item:
        """The item with `item_id`; `OutlineError` when there is none."""
        for item in self.items():
            if item.id == item_id:
                return item
        raise OutlineError(f"提纲中没有编号为 {item_id} 的条目。")

    def has(self, item_id: str) -> bool:
        """Whether an item with this id is in the outline."""
        return any(item.id == item_id for item in self.items())

    def region_of(self, item_id: str) -> Region:
        """Which region holds the item: title, salutation, opening, body or closing."""
        if item_id == TITLE_ID:
            return "title"
        if item_id == SALUTATION_ID:
            return "salutation"
        for region, items in (("opening", self.opening), ("body", self.body), ("closing", self.closing)):
            if any(item.id == item_id for item in items):
                return region  # type: ignore[return-value]
        raise OutlineError(f"提纲中没有编号为 {item_id} 的条目。")

    def subtree(self, item_id: str) -> list[Item]:
        """The body item and every deeper item that follows it (what moves and deletes with it)."""
        start = self._body_index(item_id)
        return self.body[start : self._block_end(start)]

    def children(self, item_id: str) -> list[Item]:
        """Direct children of a body item: items in its subtree whose nearest shallower item is it."""
        start = self._body_index(item_id)
        end = self._block_end(start)
        result: list[Item] = []
        index = start + 1
        while index < end:
            result.append(self.body[index])
            index = self._block_end(index)
        return result

    def parent(self, item_id: str) -> Item | None:
        """The nearest preceding shallower body item, or None for a part."""
        index = self._body_index(item_id)
        level = self.body[index].level
        for previous in range(index - 1, -1, -1):
            if self.body[previous].level < level:
                return self.body[previous]
        return None

    def part_of(self, item_id: str) -> Item | None:
        """The part (level-1 item) a body item belongs to, or None outside the body."""
        if self.region_of(item_id) != "body":
            return None
        index = self._body_index(item_id)
        for previous in range(index, -1, -1):
            if self.body[previous].level == 1:
                return self.body[previous]
        return None

    def part_items(self, part_id: str) -> list[Item]:
        """A part and everything under it; same as `subtree` but insists on a part."""
        part = self.find(part_id)
        if part.level != 1 or self.region_of(part_id) != "body":
            raise OutlineError("只能对一级标题（部分）这样做。")
        return self.subtree(part_id)

    # ------------------------------------------------------------------ numbers

    def numbered(self) -> list[Entry]:
        """Every body item with its derived number, in order; counters restart under each heading."""
        return number_body(self.body)

    def label(self, item_id: str) -> str:
        """The number of a body item (e.g. "（二）"); "" for title, salutation, opening and closing."""
        for entry in self.numbered():
            if entry.item.id == item_id:
                return entry.label
        self.find(item_id)
        return ""

    def path_label(self, item_id: str) -> str:
        """Where an item is, for messages: "二、（三）" in the body, else the region's name."""
        for entry in self.numbered():
            if entry.item.id == item_id:
                return entry.path
        region = self.region_of(item_id)
        if region in ("opening", "closing"):
            index = next(i for i, item in enumerate(self._list(region)) if item.id == item_id)
            return f"{REGION_NAMES[region]}第{index + 1}段"
        return REGION_NAMES[region]

    # ------------------------------------------------------------------ slots

    def spoken_chars(self) -> int:
        """Characters read aloud in the whole outline — texts and paragraphs, the title left out (it is
        not read out); letters and digits only (`phrasebank.text.shape.char_count`)."""
        return sum(char_count(item.text) + char_count(item.body) for item in self.items() if item.id != TITLE_ID)

    def unfilled_slots(self) -> list[SlotRef]:
        """Every unfilled slot in document order."""
        return [ref for item in self.items() for ref in item_slots(item)]

    def next_slot(self, start_id: str | None = None) -> SlotRef | None:
        """The first unfilled slot at or after item `start_id` (document order, wrapping), or None."""
        order = list(self.items())
        start = 0
        if start_id is not None:
            self.find(start_id)
            start = next(i for i, item in enumerate(order) if item.id == start_id)
        for item in order[start:] + order[:start]:
            refs = item_slots(item)
            if refs:
                return refs[0]
        return None

    # ------------------------------------------------------------------ history

    @property
    def can_undo(self) -> bool:
        return self.history.can_undo

    @property
    def can_redo(self) -> bool:
        return self.history.can_redo

    def undo(self) -> bool:
        """Undo the last operation; False when there is nothing to undo."""
        state = self.history.undo(self.snapshot())
        if state is None:
            return False
        self.restore(state)
        self.revision += 1
        return True

    def redo(self) -> bool:
        """Redo the last undone operation; False when there is nothing to redo."""
        state = self.history.redo(self.snapshot())
        if state is None:
            return False
        self.restore(state)
        self.revision += 1
        return True

    def clear_history(self) -> None:
        """Forget undo and redo steps (e.g. after loading a file)."""
        self.history.clear()

    def snapshot(self) -> State:
        """A copy of the whole content (what undo restores)."""
        return State(replace(self.title), replace(self.salutation), tuple(copy_items(self.opening)),
                     tuple(copy_items(self.body)), tuple(copy_items(self.closing)), self.structure_id)

    def restore(self, state: State) -> None:
        """Put a snapshot's content back (as copies, so the snapshot stays as it was)."""
        self.title = replace(state.title)
        self.salutation = replace(state.salutation)
        self.opening = copy_items(state.opening)
        self.body = copy_items(state.body)
        self.closing = copy_items(state.closing)
        self.structure_id = state.structure_id

    # ------------------------------------------------------------------ internals

    def _list(self, region: str) -> list[Item]:
        """The items of the opening, body or closing."""
        return {"opening": self.opening, "body": self.body, "closing": self.closing}[region]

    def _body_index(self, item_id: str) -> int:
        for index, item in enumerate(self.body):
            if item.id == item_id:
                return index
        self.find(item_id)
        raise OutlineError(f"条目 {item_id} 不在正文中，不能这样操作。")

    def _block_end(self, start: int) -> int:
        """Index just after the subtree of the body item at `start`."""
        level = self.body[start].level
        end = start + 1
        while end < len(self.body) and self.body[end].level > level:
            end += 1
        return end
