"""The outline pane: the file's title line, the outline tree, the detail of the item under the
cursor, and the in-place editor.

It shows the session's outline and owns the cursor: which item it is on and which part that item
belongs to. Moving into another part posts `PartChanged` (the search's organ filter follows it);
finishing an in-place edit posts `ItemEdited`. It never changes the outline itself.
"""
from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static

from phrasebank.outline.items import CLOSING, OPENING, TITLE_ID
from phrasebank.outline.model import Outline
from phrasebank.text.width import cell_width
from tui.messages import ItemActivated, ItemEdited, PartChanged
from tui.render import with_slots
from tui.session import OutlineSession
from tui.widgets.cjk_text import CjkStatic
from tui.widgets.inline_editor import MAX_LINES, InlineEditor
from tui.widgets.outline_tree import OutlineTree

MARKERS = (OPENING, CLOSING)


class OutlinePane(Vertical):
    """Title line, outline tree, detail line and in-place editor of one outline session."""

    def __init__(self, session: OutlineSession, *, rate: int, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.session = session
        self.rate = rate
        """Speaking rate (字/分钟) for each part's time on its heading."""
        self.cursor_id: str | None = None
        self.part_id: str | None = None
        self.editing: str | None = None
        """The item being edited in place, if any."""
        self._told: tuple[str | None, str | None, str] | None = None
        """The (part, organ, region) last posted as `PartChanged`."""

    def compose(self) -> ComposeResult:
        yield Static(self._title_line(), id="outline-title")
        yield OutlineTree(id="outline")
        yield CjkStatic("", id="detail")
        yield InlineEditor(id="inline-editor")

    def on_mount(self) -> None:
        self.query_one("#inline-editor").display = False

    @property
    def outline(self) -> Outline:
        """The live outline (undo replaces its items: hold ids, never `Item` objects)."""
        return self.session.outline

    @property
    def outline_tree(self) -> OutlineTree:
        return self.query_one("#outline", OutlineTree)

    @property
    def organ(self) -> str | None:
        """The organ of the part under the cursor."""
        return self.outline.find(self.part_id).organ if self.part_id and self.outline.has(self.part_id) else None

    def item_at_cursor(self) -> str | None:
        """The id of the item under the cursor (None on the opening/closing group lines)."""
        return None if self.cursor_id is None or self.cursor_id in MARKERS else self.cursor_id

    def _title_line(self) -> Text:
        line = Text("提纲", style="bold")
        line.append(f"  {self.session.path.name}", style="bold cyan")
        if self.session.structure is not None:
            line.append(f"  {self.session.structure.name}", style="dim")
        return line

    # -- showing -----------------------------------------------------------------------------

    def show(self, cursor_id: str | None = None) -> None:
        """Rebuild the tree with the cursor on `cursor_id` (default: where it is) and the detail."""
        cursor_id = cursor_id if cursor_id is not None else self.cursor_id
        if cursor_id and cursor_id not in MARKERS and not self.outline.has(cursor_id):
            cursor_id = None
        self.part_id = self._part_of(cursor_id)
        self.outline_tree.rebuild(self.outline, cursor_id, self.part_id, self._placeholders(), self.rate)
        self.cursor_id = self.outline_tree.cursor_id
        self._follow_part()
        self.show_detail()

    def _part_of(self, item_id: str | None) -> str | None:
        if not item_id or item_id in MARKERS or not self.outline.has(item_id):
            return None
        part = self.outline.part_of(item_id)
        return part.id if part is not None else None

    def _follow_part(self) -> None:
        """Mark the part the cursor is in, and tell the screen when the part or its organ changed."""
        part_id = self._part_of(self.cursor_id)
        if part_id != self.part_id:
            self.part_id = part_id
            self.outline_tree.rebuild(self.outline, self.cursor_id, self.part_id, self._placeholders(), self.rate)
        where = (self.part_id, self.organ, self._region())
        if where != self._told:
            self._told = where
            self.post_message(PartChanged(*where))

    def _region(self) -> str:
        """Where the cursor is: "title", "salutation", "opening", "body" or "closing"."""
        cursor = self.cursor_id
        if cursor in MARKERS:
            return "opening" if cursor == OPENING else "closing"
        return self.outline.region_of(cursor) if cursor and self.outline.has(cursor) else "body"

    def toggle_fold(self) -> None:
        """Fold or unfold the part under the cursor."""
        if not self.outline_tree.toggle_fold(self.part_id):
            self.notify("光标所在处没有可折叠的部分（部分下还没有要点）。")
        self._moved()

    def toggle_fold_all(self) -> None:
        """Fold every part, or unfold them all."""
        folded = self.outline_tree.toggle_fold_all()
        self.notify("已折叠全部部分（f 全部展开，空格展开当前部分）。" if folded else "已全部展开。", timeout=3)
        self._moved()

    def _placeholders(self) -> dict[str, str]:
        """For each empty part heading: the structure's example, as a hint of what to write."""
        hints: dict[str, str] = {}
        for entry in self.outline.numbered():
            if entry.item.level == 1 and not entry.item.text:
                guide = self.session.part_guide(entry.part_number, entry.item.organ)
                hints[entry.item.id] = f"（待写，例：{guide.example}）" if guide else "（待写）"
        return hints

    def show_detail(self) -> None:
        """Under the outline: the paragraph of the item under the cursor, if any (its text is in the
        outline, wrapped), and the structure's guide for its part."""
        detail = Text()
        outline = self.outline
        item_id = self.item_at_cursor()
        if item_id is not None and outline.has(item_id) and outline.find(item_id).body:
            item = outline.find(item_id)
            detail.append(outline.path_label(item_id) + "¶ ", style="bold")
            detail.append_text(with_slots(item.body, "dim"))
        if self.part_id is not None and outline.has(self.part_id):
            number = next((e.part_number for e in outline.numbered() if e.item.id == self.part_id), 0)
            guide = self.session.part_guide(number, outline.find(self.part_id).organ)
            if guide is not None:
                detail.append(("\n" if detail else "") + f"本部分写法：{guide.guide}", style="dim italic")
        box = self.query_one("#detail", CjkStatic)
        box.show(detail)
        box.display = bool(detail)

    @on(OptionList.OptionHighlighted, "#outline")
    def _cursor_moved(self) -> None:
        self._moved()

    def _moved(self) -> None:
        self.cursor_id = self.outline_tree.cursor_id
        self._follow_part()
        self.show_detail()

    # -- editing in place --------------------------------------------------------------------

    @on(ItemActivated)
    def _item_activated(self) -> None:
        self.start_edit()

    def start_edit(self) -> bool:
        """Open an input on the cursor's line, holding the item's text (Enter keeps, Esc cancels);
        False when the cursor is on no item."""
        item_id = self.item_at_cursor()
        if item_id is None:
            return False
        tree, editor = self.outline_tree, self.query_one("#inline-editor", InlineEditor)
        self.editing = item_id
        text = self.outline.find(item_id).text
        indent = min(tree.cursor_indent(), tree.scrollable_content_region.width // 2)
        width = max(10, tree.scrollable_content_region.width - indent)
        editor.styles.offset = (tree.region.x - self.content_region.x + indent,
                                tree.region.y - self.content_region.y + tree.cursor_row())
        editor.styles.width = width
        editor.styles.height = min(MAX_LINES, cell_width(text) // (width - 1) + 1)
        editor.open_with(text)
        editor.display = True
        editor.focus()
        return True

    @on(InlineEditor.Submitted, "#inline-editor")
    def _edit_submitted(self) -> None:
        self.finish_edit(keep=True)

    def finish_edit(self, *, keep: bool) -> None:
        """Close the in-place editor; with `keep`, post the new text if it changed."""
        item_id, self.editing = self.editing, None
        editor = self.query_one("#inline-editor", InlineEditor)
        editor.display = False
        self.outline_tree.focus()
        if item_id is None or not keep or not self.outline.has(item_id):
            return
        if editor.value.strip() != self.outline.find(item_id).text:
            self.post_message(ItemEdited(item_id, editor.value))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if self.editing is not None and event.widget is self.query_one("#inline-editor"):
            self.finish_edit(keep=True)

    def first_item(self) -> str:
        """Where the cursor starts: the first part, else the title."""
        return self.outline.body[0].id if self.outline.body else TITLE_ID
