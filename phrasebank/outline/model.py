"""The outline being written, and the operations that change it — each one undo step.

What an outline holds and the questions one can ask of it are in `phrasebank.outline.queries`; where
a chosen phrase goes is decided by `phrasebank.outline.placement`. Every operation here is wrapped
by `phrasebank.outline.history.operation`: a failing operation changes nothing, a successful one
that changed anything is one step for undo.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from phrasebank.outline.history import State, copy_items, operation
from phrasebank.outline.items import (
    CLOSING,
    MAX_LEVEL,
    OPENING,
    REGION_NAMES,
    Item,
    OutlineError,
    SlotRef,
    check_level,
    check_organ,
    check_text,
    item_slots,
    write_into_slot,
)
from phrasebank.outline.moving import fresh_copies, move_block_down, move_block_up
from phrasebank.outline.queries import OutlineQueries


class Keep:
    """The type of `KEEP`: "leave this field as it is" where None is a real value."""


KEEP = Keep()


class Outline(OutlineQueries):
    """A speech or report outline with undo/redo (see `phrasebank.outline.queries` for the model)."""

    @operation
    def adopt(self, state: State) -> None:
        """Take in content saved meanwhile by another hand (merged with this one's): one undo step."""
        self.restore(state)

    @operation
    def set_title(self, text: str) -> None:
        """Set the document title."""
        self.title.text = check_text(text)

    @operation
    def set_salutation(self, text: str) -> None:
        """Set the salutation (称谓), e.g. “尊敬的××主任，各位领导，同志们：”."""
        self.salutation.text = check_text(text)

    @operation
    def add_paragraph(
        self,
        region: Literal["opening", "closing"],
        text: str,
        *,
        phrase_id: int | None = None,
        index: int | None = None,
    ) -> Item:
        """Add a paragraph to the opening or closing (at `index`, default the end)."""
        if region not in ("opening", "closing"):
            raise OutlineError("段落只能加在开头（opening）或结尾（closing）。")
        item = Item(text=check_text(text), level=0, phrase_id=phrase_id)
        paragraphs = self._list(region)
        paragraphs.insert(len(paragraphs) if index is None else index, item)
        return item

    @operation
    def add_part(
        self,
        text: str,
        *,
        organ: str | None = None,
        body: str = "",
        phrase_id: int | None = None,
        index: int | None = None,
    ) -> Item:
        """Add a part (level-1 heading); `index` is its 0-based place among the parts, default last."""
        item = Item(text=check_text(text), level=1, body=check_text(body), phrase_id=phrase_id,
                    organ=check_organ(organ))
        parts = self.parts
        if index is None or index >= len(parts):
            position = len(self.body)
        else:
            if index < 0:
                raise OutlineError("部分序号不能为负数。")
            position = self.body.index(parts[index])
        self.body.insert(position, item)
        return item

    @operation
    def add_child(
        self, parent_id: str, text: str, *, level: int | None = None, body: str = "", phrase_id: int | None = None
    ) -> Item:
        """Add a point at the end of `parent_id`'s subtree; level defaults to one below the parent."""
        start = self._body_index(parent_id)
        parent = self.body[start]
        level = check_level(parent.level + 1 if level is None else level)
        if level <= parent.level:
            raise OutlineError(f"下级条目的层级必须大于 {parent.level}，收到 {level}。")
        item = Item(text=check_text(text), level=level, body=check_text(body), phrase_id=phrase_id)
        self.body.insert(self._block_end(start), item)
        return item

    @operation
    def insert_after(
        self, ref_id: str, text: str, *, level: int | None = None, body: str = "", phrase_id: int | None = None
    ) -> Item:
        """Insert an item after `ref_id`: a sibling after its subtree, or its first child if deeper.

        In the opening or closing this inserts a paragraph after the given one (`level` is ignored).
        """
        region = self.region_of(ref_id)
        if region in ("opening", "closing"):
            paragraphs = self._list(region)
            index = next(i for i, item in enumerate(paragraphs) if item.id == ref_id)
            item = Item(text=check_text(text), level=0, phrase_id=phrase_id)
            paragraphs.insert(index + 1, item)
            return item
        if region != "body":
            raise OutlineError(f"不能在{REGION_NAMES[region]}后插入条目。")
        start = self._body_index(ref_id)
        ref = self.body[start]
        level = check_level(ref.level if level is None else level)
        position = start + 1 if level > ref.level else self._block_end(start)
        item = Item(text=check_text(text), level=level, body=check_text(body), phrase_id=phrase_id)
        self.body.insert(position, item)
        return item

    @operation
    def insert_before(
        self, ref_id: str, text: str, *, level: int | None = None, body: str = "", phrase_id: int | None = None
    ) -> Item:
        """Insert an item just before `ref_id` (same level by default)."""
        region = self.region_of(ref_id)
        if region in ("opening", "closing"):
            paragraphs = self._list(region)
            index = next(i for i, item in enumerate(paragraphs) if item.id == ref_id)
            item = Item(text=check_text(text), level=0, phrase_id=phrase_id)
            paragraphs.insert(index, item)
            return item
        if region != "body":
            raise OutlineError(f"不能在{REGION_NAMES[region]}前插入条目。")
        start = self._body_index(ref_id)
        level = check_level(self.body[start].level if level is None else level)
        if start == 0 and level != 1:
            raise OutlineError("正文必须以一级标题开始；请先添加一个部分。")
        item = Item(text=check_text(text), level=level, body=check_text(body), phrase_id=phrase_id)
        self.body.insert(start, item)
        return item

    @operation
    def edit(
        self,
        item_id: str,
        text: str | None = None,
        *,
        body: str | None = None,
        phrase_id: int | Keep | None = KEEP,
        organ: str | Keep | None = KEEP,
    ) -> Item:
        """Change an item's text, body, phrase id or organ; arguments left out stay as they are."""
        item = self.find(item_id)
        if text is not None:
            item.text = check_text(text)
        if body is not None:
            if item.level == 0:
                raise OutlineError("只有正文中的标题和要点可以带正文段落。")
            item.body = check_text(body)
        if not isinstance(phrase_id, Keep):
            item.phrase_id = phrase_id
        if not isinstance(organ, Keep):
            if self.region_of(item_id) != "body":
                raise OutlineError("只有正文中的部分可以标注“机关”。")
            item.organ = check_organ(organ)
        return item

    @operation
    def delete(self, item_id: str) -> list[Item]:
        """Delete an item and its subtree; returns what was removed. Title and salutation are emptied."""
        if self.region_of(item_id) in ("title", "salutation"):
            item = self.find(item_id)
            item.text, item.phrase_id = "", None
            return [item]
        return self._remove(item_id)

    @operation
    def cut(self, item_id: str) -> list[Item]:
        """Remove an item and its subtree (or an opening/closing paragraph) and return copies of them,
        levels as they were, for `paste`; the title and salutation cannot be cut (edit them)."""
        region = self.region_of(item_id)
        if region in ("title", "salutation"):
            raise OutlineError(f"{REGION_NAMES[region]}不能剪切；可以直接编辑它（F2）。")
        return copy_items(self._remove(item_id))

    @operation
    def paste(self, items: Sequence[Item], after_id: str | None = None) -> str:
        """Insert copies of `items` with fresh ids (so pasting twice never collides); the id of the first.

        Where they go, decided by `after_id`:
        - a body item: right after its subtree, the first pasted item at its level and the others
          keeping their depth below it (clamped to 1–4); a pasted part becomes a point this way;
        - None, the title, the salutation or an opening paragraph: at the start of the body, the first
          pasted item becoming a part;
        - a closing paragraph: at the end of the body, at its own level (at most one below the last item).
        Paragraphs (all items level 0, as cut from the opening or closing) stay paragraphs where they
        land next to a paragraph: right after an opening or closing paragraph, or at the start of the
        opening after None, the title or the salutation; after a body item they become points.
        The markers of the opening and closing as a whole (`OPENING`, `CLOSING`) count as that region,
        paragraphs going to its start.
        """
        marker = {OPENING: "opening", CLOSING: "closing"}.get(after_id or "")
        region = marker or (None if after_id is None else self.region_of(after_id))
        paragraphs = bool(items) and all(item.level == 0 for item in items)
        if paragraphs and region in (None, "title", "salutation"):
            target, index, copies = self.opening, 0, fresh_copies(items, 0)
        elif paragraphs and region in ("opening", "closing"):
            target = self._list(str(region))
            index = 0 if marker else 1 + next(i for i, item in enumerate(target) if item.id == after_id)
            copies = fresh_copies(items, 0)
        elif region == "body":
            start = self._body_index(str(after_id))
            target, index = self.body, self._block_end(start)
            copies = fresh_copies(items, self.body[start].level)
        elif region == "closing":
            own = max(1, items[0].level) if items else 1
            level = min(own, self.body[-1].level + 1) if self.body else 1
            target, index, copies = self.body, len(self.body), fresh_copies(items, level)
        else:
            target, index, copies = self.body, 0, fresh_copies(items, 1)
        target[index:index] = copies
        return copies[0].id

    @operation
    def move_up(self, item_id: str) -> None:
        """Move an item (with its subtree) above its previous sibling; the first point of a part goes to
        the end of the previous part (a first 1. to the end of the previous （一）), as org-mode does."""
        region = self.region_of(item_id)
        if region in ("opening", "closing"):
            self._swap_paragraph(region, item_id, -1)
            return
        move_block_up(self.body, self._require_body(item_id, region))

    @operation
    def move_down(self, item_id: str) -> None:
        """Move an item (with its subtree) below its next sibling; the last point of a part goes to the
        start of the next part (a last 1. to the start of the next （一））."""
        region = self.region_of(item_id)
        if region in ("opening", "closing"):
            self._swap_paragraph(region, item_id, 1)
            return
        move_block_down(self.body, self._require_body(item_id, region))

    @operation
    def promote(self, item_id: str) -> None:
        """Raise an item and its subtree one level in place; later deeper items now fall under it."""
        start = self._require_body(item_id, self.region_of(item_id))
        if self.body[start].level == 1:
            raise OutlineError("一级标题不能再升级。")
        for item in self.body[start : self._block_end(start)]:
            item.level -= 1

    @operation
    def demote(self, item_id: str) -> None:
        """Lower an item and its subtree one level in place; refused where it would skip a level."""
        start = self._require_body(item_id, self.region_of(item_id))
        end = self._block_end(start)
        block = self.body[start:end]
        if max(item.level for item in block) >= MAX_LEVEL:
            raise OutlineError(f"最多 {MAX_LEVEL} 级，不能再降级。")
        if start == 0:
            raise OutlineError("正文的第一个部分不能降级。")
        if block[0].level > self.body[start - 1].level:
            raise OutlineError("前面没有同级条目，降级会跳过一级；请先调整前一项。")
        for item in block:
            item.level += 1

    @operation
    def move_to_part(self, item_id: str, part_id: str) -> None:
        """Move a point (with its subtree) to the end of another part.

        If it would land deeper than one below the item before it, the block is raised so that it
        does not skip a level.
        """
        start = self._require_body(item_id, self.region_of(item_id))
        if self.body[start].level == 1:
            raise OutlineError("部分本身不能移入另一部分；请用降级。")
        target = self.find(part_id)
        if target.level != 1 or self.region_of(part_id) != "body":
            raise OutlineError("目标必须是一个部分（一级标题）。")
        end = self._block_end(start)
        block = self.body[start:end]
        del self.body[start:end]
        target_start = self._body_index(part_id)
        position = self._block_end(target_start)
        shift = min(0, self.body[position - 1].level + 1 - block[0].level)
        for item in block:
            item.level += shift
        self.body[position:position] = block

    @operation
    def fill_slot(self, item_id: str, value: str) -> bool:
        """Replace the first ×× of the item (text first, then body) with `value`; False if none."""
        item = self.find(item_id)
        refs = item_slots(item)
        if not refs:
            return False
        write_into_slot(item, refs[0], value)
        return True

    @operation
    def fill_next_slot(self, value: str, start_id: str | None = None) -> SlotRef | None:
        """Fill the next unfilled slot at or after `start_id` (see `next_slot`); returns where it was."""
        ref = self.next_slot(start_id)
        if ref is not None:
            write_into_slot(self.find(ref.item_id), ref, value)
        return ref

    # ------------------------------------------------------------------ internals

    def _remove(self, item_id: str) -> list[Item]:
        """Take an opening/closing paragraph, or a body item and its subtree, out of the outline."""
        region = self.region_of(item_id)
        if region != "body":
            paragraphs = self._list(region)
            index = next(i for i, item in enumerate(paragraphs) if item.id == item_id)
            return [paragraphs.pop(index)]
        start = self._body_index(item_id)
        end = self._block_end(start)
        if start == 0 and end < len(self.body) and self.body[end].level != 1:
            raise OutlineError("删除后正文将不以一级标题开始。")
        removed = self.body[start:end]
        del self.body[start:end]
        return removed

    def _require_body(self, item_id: str, region: str) -> int:
        if region != "body":
            raise OutlineError(f"{REGION_NAMES[region]}不能升降级或移动到其他部分。")
        return self._body_index(item_id)

    def _swap_paragraph(self, region: str, item_id: str, step: int) -> None:
        paragraphs = self._list(region)
        index = next(i for i, item in enumerate(paragraphs) if item.id == item_id)
        other = index + step
        if not 0 <= other < len(paragraphs):
            raise OutlineError("已经到头，不能再移动。")
        paragraphs[index], paragraphs[other] = paragraphs[other], paragraphs[index]
