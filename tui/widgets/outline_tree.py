"""The outline view: title, salutation, opening, the numbered parts and points, closing — long lines
wrapped by Chinese rules, parts folding, each part's length and speaking time on its heading.

An `OptionList` of rows (`tui.widgets.outline_lines`): an option per item, its id the item id (or
`region:opening` / `region:closing` for the two paragraph groups), its prompt wrapped to the pane's
width here, so Textual never re-wraps a line in the middle of a word or before a comma. The folded
parts are the view's own state; the editor screen rebuilds the view after every change.
"""
from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from phrasebank.outline.model import Outline
from tui.keys import OUTLINE_BINDINGS
from tui.messages import ItemActivated
from tui.widgets.outline_lines import View, foldable, outline_rows

FALLBACK_WIDTH = 40
"""Wrap width before the view has been laid out (it wraps again at its real width)."""


class OutlineTree(OptionList):
    """A read-only view of the outline with a cursor (the highlighted row)."""

    BINDINGS: ClassVar[list[BindingType]] = [*OUTLINE_BINDINGS]
    DEFAULT_CSS = """
    OutlineTree {
        height: 1fr;
        border: none;
        padding: 0;
        background: transparent;
        scrollbar-gutter: stable;
        & > .option-list--option { padding: 0; }
        &:focus { border: none; background-tint: transparent; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name for it
        super().__init__(id=id)
        self.folded: set[str] = set()
        """Parts shown as their heading only."""
        self._outline: Outline | None = None
        self._view = View(FALLBACK_WIDTH)
        self._hang: dict[str, int] = {}
        self._width = 0

    @property
    def cursor_id(self) -> str | None:
        """Item id (or region marker) under the cursor."""
        option = self.highlighted_option
        return option.id if option is not None else None

    def rebuild(self, outline: Outline, cursor_id: str | None, current_part_id: str | None,
                placeholders: dict[str, str], rate: int) -> None:
        """Show `outline`, with the cursor on `cursor_id` (or the nearest sensible line); a part that
        hides the cursor's item unfolds."""
        self._outline = outline
        self.folded &= foldable(outline)
        if cursor_id and outline.has(cursor_id) and outline.region_of(cursor_id) == "body":
            part = outline.part_of(cursor_id)
            if part is not None and part.id != cursor_id:
                self.folded.discard(part.id)
        self._view = View(self._wrap_width(), current_part_id, placeholders, frozenset(self.folded), rate)
        self._show(cursor_id)

    def _show(self, cursor_id: str | None) -> None:
        assert self._outline is not None
        scroll_y = self.scroll_offset.y
        rows = outline_rows(self._outline, self._view)
        self._hang = {row.item_id: row.hang for row in rows}
        self.set_options(Option(row.text, id=row.item_id) for row in rows)
        self._width = self._view.width
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        ids = [row.item_id for row in rows]
        first_body = next((item.id for item in self._outline.body), None)
        for candidate in (cursor_id, first_body, ids[0]):
            if candidate in ids:
                self.highlighted = ids.index(candidate)
                break

    def _wrap_width(self) -> int:
        return self.scrollable_content_region.width or FALLBACK_WIDTH

    def on_resize(self) -> None:
        """Wrap again at the new width."""
        if self._outline is not None and self._wrap_width() != self._width:
            self._view = View(self._wrap_width(), self._view.current_part, self._view.placeholders,
                              self._view.folded, self._view.rate)
            self._show(self.cursor_id)

    # -- folding -----------------------------------------------------------------------------

    def toggle_fold(self, part_id: str | None) -> bool:
        """Fold or unfold `part_id` (the cursor goes to its heading); False when it has no points."""
        if self._outline is None or part_id is None or part_id not in foldable(self._outline):
            return False
        self.folded ^= {part_id}
        self._refold(part_id)
        return True

    def toggle_fold_all(self) -> bool:
        """Fold every part that has points, or unfold all when all are folded; True when now folded."""
        if self._outline is None:
            return False
        parts = foldable(self._outline)
        self.folded = set() if parts and parts <= self.folded else set(parts)
        cursor = self.cursor_id
        if cursor and self._outline.has(cursor) and self._outline.region_of(cursor) == "body":
            part = self._outline.part_of(cursor)
            cursor = part.id if part is not None and part.id in self.folded else cursor
        self._refold(cursor)
        return bool(self.folded)

    def _refold(self, cursor_id: str | None) -> None:
        self._view = View(self._view.width, self._view.current_part, self._view.placeholders,
                          frozenset(self.folded), self._view.rate)
        self._show(cursor_id)

    # -- the cursor ------------------------------------------------------------------------

    def move_to(self, item_id: str) -> bool:
        """Put the cursor on `item_id`'s row; False when no row shows it (inside a folded part)."""
        index = next((i for i, option in enumerate(self.options) if option.id == item_id), None)
        if index is None:
            return False
        self.highlighted = index
        return True

    def row_of(self, item_id: str) -> int | None:
        """The first line of `item_id`'s row within the visible area (None when no row shows it)."""
        index = next((i for i, option in enumerate(self.options) if option.id == item_id), None)
        return None if index is None else self._index_to_line[index] - int(self.scroll_offset.y)

    def cursor_row(self) -> int:
        """The cursor's first line within the visible area (for placing the inline editor)."""
        return self.row_of(self.cursor_id or "") or 0

    def cursor_indent(self) -> int:
        """Cells before the text of the cursor's item: indent, fold mark and number."""
        return self._hang.get(self.cursor_id or "", 0)

    async def _on_click(self, event: events.Click) -> None:
        """A click moves the cursor; a double click edits (OptionList would select on one click)."""
        clicked = event.style.meta.get("option")
        if clicked is not None:
            self.highlighted = clicked
            if event.chain == 2 and self.cursor_id is not None:
                self.post_message(ItemActivated(self.cursor_id))
