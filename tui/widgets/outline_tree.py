"""The outline as a tree: title, salutation, opening, the numbered parts and points, closing.

Numbering comes from `Outline.numbered()` on every rebuild (never stored). Node data is the item id,
or `region:opening` / `region:closing` for the two paragraph groups. Labels are cut to the width of
the pane, so a long Chinese heading never scrolls sideways; the full text is in the detail line.
"""
from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from phrasebank.outline.items import CLOSING, OPENING, Item
from phrasebank.outline.model import Outline
from phrasebank.text.width import cell_width
from tui.keys import OUTLINE_BINDINGS
from tui.messages import ItemActivated
from tui.render import item_label, with_slots


class OutlineTree(Tree[str]):
    """A read-only view of the outline; the editor screen rebuilds it after every change."""

    BINDINGS: ClassVar[list[BindingType]] = [*OUTLINE_BINDINGS]
    ICON_NODE = "▶ "
    ICON_NODE_EXPANDED = "▼ "

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name for it
        super().__init__("提纲", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = False
        self._item_nodes: dict[str, TreeNode[str]] = {}
        self._prefix: dict[str, int] = {}

    @property
    def cursor_id(self) -> str | None:
        """Item id (or region marker) under the cursor."""
        node = self.cursor_node
        return node.data if node is not None else None

    def rebuild(self, outline: Outline, cursor_id: str | None, current_part_id: str | None,
                placeholders: dict[str, str]) -> None:
        """Show `outline`, with the cursor on `cursor_id` (or the nearest sensible line)."""
        scroll_y = self.scroll_offset.y
        self.clear()
        self._item_nodes = {}
        self._prefix = {"title": 6, "salutation": 6}
        root = self.root
        self._item_nodes["title"] = root.add_leaf(_fixed("标题：", outline.title.text, "（未填标题）"), "title")
        self._item_nodes["salutation"] = root.add_leaf(
            _fixed("称谓：", outline.salutation.text, "（未填称谓）"), "salutation")
        self._add_paragraphs(root, "开头", OPENING, outline.opening)
        stack: list[TreeNode[str]] = []
        for entry in outline.numbered():
            item = entry.item
            while len(stack) >= item.level:
                stack.pop()
            parent = stack[-1] if stack else root
            label = item_label(
                entry.label, item.text, placeholder=placeholders.get(item.id, ""),
                organ=item.organ if item.level == 1 else None, current=item.id == current_part_id, body=item.body,
            )
            node = parent.add(label, item.id, expand=True, allow_expand=False)
            self._prefix[item.id] = cell_width(entry.label) + (1 if item.id == current_part_id else 0)
            self._item_nodes[item.id] = node
            # fill any skipped level with the node itself so deeper items still nest under it
            stack.extend([node] * (item.level - len(stack)))
        self._add_paragraphs(root, "结尾", CLOSING, outline.closing)
        for node in self._item_nodes.values():
            node.allow_expand = bool(node.children)
        self.last_line  # noqa: B018 - builds the line table so nodes know their line
        target = self._item_nodes.get(cursor_id or "") or self._item_nodes.get(_first_body_id(outline) or "")
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        # the old cursor node is gone: reset the line so moving the cursor always re-reads the node
        self.set_reactive(Tree.cursor_line, -1)
        self.move_cursor(target or self._item_nodes["title"])

    def node_for(self, item_id: str) -> TreeNode[str] | None:
        return self._item_nodes.get(item_id)

    def cursor_row(self) -> int:
        """The cursor's row within the visible area (for placing the inline editor)."""
        return self.cursor_line - int(self.scroll_offset.y)

    def cursor_indent(self) -> int:
        """Cells before the text of the cursor's item: tree guides, the expand icon and its number."""
        node = self.cursor_node
        if node is None:
            return 0
        icon = len(self.ICON_NODE) if node.allow_expand else 0
        return self.guides_width(node) + icon + self._prefix.get(node.data or "", 0)

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        room = self.scrollable_content_region.width - self.guides_width(node) - 1
        if room > 4 and text.cell_len > room:
            text.truncate(room, overflow="ellipsis")
        return text

    def guides_width(self, node: TreeNode[str]) -> int:
        """Cells the tree guides take before `node`'s label."""
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        return depth * self.guide_depth

    def on_click(self, event: events.Click) -> None:
        if event.chain == 2 and self.cursor_id is not None:
            self.post_message(ItemActivated(self.cursor_id))

    def _add_paragraphs(self, root: TreeNode[str], name: str, marker: str, items: list[Item]) -> None:
        group = root.add(Text(name, style="bold"), marker, expand=True, allow_expand=False)
        self._item_nodes[marker] = group
        for item in items:
            label = with_slots(item.text) if item.text else Text("（空段落）", "dim")
            self._item_nodes[item.id] = group.add_leaf(label, item.id)


def _fixed(prefix: str, text: str, empty: str) -> Text:
    label = Text(prefix, style="bold")
    label.append_text(with_slots(text) if text else Text(empty, style="dim italic"))
    return label


def _first_body_id(outline: Outline) -> str | None:
    return outline.body[0].id if outline.body else None
