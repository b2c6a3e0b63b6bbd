"""The in-place editor of an outline line: a soft-wrapping text box laid over the item's wrapped row,
so a 100-character point is edited whole, not through a one-line slit."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea

MAX_LINES = 8
"""The box grows with the text up to this many lines, then scrolls."""


class InlineEditor(TextArea):
    """One item's text, wrapped; Enter keeps it (a line break is never part of an item), Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "保留", show=False, priority=True)]

    @dataclass
    class Submitted(Message):
        """Enter was pressed: keep the text."""

        editor: InlineEditor

        @property
        def control(self) -> InlineEditor:
            """The editor (what `@on(…, selector)` matches)."""
            return self.editor

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name for it
        super().__init__(soft_wrap=True, compact=True, show_line_numbers=False, tab_behavior="focus", id=id)

    @property
    def value(self) -> str:
        """The text as one line (pasted line breaks joined)."""
        return "".join(line.strip() for line in self.text.splitlines())

    def open_with(self, text: str) -> None:
        """Hold `text`, the cursor at its end."""
        self.load_text(text)
        self.move_cursor(self.document.end)

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self))
