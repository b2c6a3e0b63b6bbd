"""The outline being written: title, salutation, opening, numbered parts and points, closing.

The body is kept as a flat list of items in document order, each with its level (1–4), exactly as the
finished text reads; an item's "subtree" is the run of deeper items that follows it. This makes a
skipped level (a level-3 point straight under a part) representable, so `checks` can report it, and
makes promote/demote a plain level change, as in Word's outline view. Numbering (一、（一）1.（1）) is
derived on every read and never stored. Every mutating method is one undo step: a snapshot of the
content is taken before it runs and restored exactly on undo; a failing operation changes nothing.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar
from uuid import uuid4

from phrasebank.errors import TigangError
from phrasebank.slots import SLOT_PATTERN, count_slots, slot_spans

ORGANS: tuple[str, ...] = ("政治机关", "权力机关", "工作机关", "代表机关")
"""The “四个机关”, the only values a part's `organ` may take."""

MAX_LEVEL = 4
TITLE_ID = "title"
SALUTATION_ID = "salutation"
HISTORY_LIMIT = 500

Region = Literal["title", "salutation", "opening", "body", "closing"]
REGIONS: tuple[Region, ...] = ("title", "salutation", "opening", "body", "closing")
REGION_NAMES: dict[str, str] = {
    "title": "标题",
    "salutation": "称谓",
    "opening": "开头",
    "body": "正文",
    "closing": "结尾",
}

_DIGITS = "零一二三四五六七八九"
_KEEP: Any = object()


class OutlineError(TigangError):
    """An outline operation that cannot be done here, e.g. moving the first part up."""


def new_id() -> str:
    """A fresh item id; random so ids stay unique across saves, loads and undo."""
    return uuid4().hex[:12]


def chinese_numeral(number: int) -> str:
    """`number` in Chinese numerals as used in headings: 一 … 十, 十一, 二十一, 一百零一."""
    if number <= 0:
        raise ValueError(f"heading numbers start at 1, got {number}")
    if number < 10:
        return _DIGITS[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        head = _DIGITS[hundreds] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + _DIGITS[rest]
        return head + ("一" if rest < 20 else "") + chinese_numeral(rest)
    return str(number)


def level_label(level: int, number: int) -> str:
    """The GB/T 9704 number of the `number`-th heading at `level`: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{chinese_numeral(number)}、"
    if level == 2:
        return f"（{chinese_numeral(number)}）"
    if level == 3:
        return f"{number}."
    if level == 4:
        return f"（{number}）"
    raise ValueError(f"levels are 1–{MAX_LEVEL}, got {level}")


@dataclass
class Item:
    """One paragraph of the outline: a heading or point (level 1–4) or a plain paragraph (level 0).

    `text` is the heading or lead sentence; `body` the optional paragraph text that follows it.
    `phrase_id` is the phrase-bank id it came from, if any; `organ` the “机关” of a part.
    """

    text: str = ""
    level: int = 0
    body: str = ""
    phrase_id: int | None = None
    organ: str | None = None
    id: str = field(default_factory=new_id)

    @property
    def slots(self) -> list[tuple[int, int]]:
        """Spans of the unfilled slots (××) in `text`."""
        return slot_spans(self.text)

    @property
    def body_slots(self) -> list[tuple[int, int]]:
        """Spans of the unfilled slots (××) in `body`."""
        return slot_spans(self.body)

    @property
    def slot_count(self) -> int:
        """Unfilled slots in text and body together."""
        return count_slots(self.text) + count_slots(self.body)


@dataclass(frozen=True)
class SlotRef:
    """Where one unfilled slot is: the item, the field ("text" or "body") and the span in it."""

    item_id: str
    field: Literal["text", "body"]
    start: int
    end: int


@dataclass(frozen=True)
class Entry:
    """A body item as it reads: its number (`label`, e.g. "（二）") and full `path` (e.g. "一、（二）")."""

    item: Item
    label: str
    path: str
    part_number: int
    """1-based number of the part the item belongs to."""


@dataclass
class _State:
    title: Item
    salutation: Item
    opening: list[Item]
    body: list[Item]
    closing: list[Item]
    structure_id: str | None


F = TypeVar("F", bound=Callable[..., Any])


def _operation(method: F) -> F:
    """Make `method` one undo step; on error the outline is restored and no step is recorded."""

    @functools.wraps(method)
    def wrapper(self: Outline, *args: Any, **kwargs: Any) -> Any:
        before = self._snapshot()
        try:
            result = method(self, *args, **kwargs)
        except BaseException:
            self._restore(before)
            raise
        if self._snapshot() != before:
            self._undo.append(before)
            del self._undo[:-HISTORY_LIMIT]
            self._redo.clear()
            self.revision += 1
        return result

    return wrapper  # type: ignore[return-value]


def _copy(items: Sequence[Item]) -> list[Item]:
    return [replace(item) for item in items]


def _check_text(text: str) -> str:
    if not isinstance(text, str):
        raise OutlineError("条目内容必须是文字。")
    return text.strip()


def _check_organ(organ: str | None) -> str | None:
    if organ is not None and organ not in ORGANS:
        raise OutlineError(f"“{organ}”不是“四个机关”之一；可选：{'、'.join(ORGANS)}。")
    return organ


def _check_level(level: int) -> int:
    if not isinstance(level, int) or not 1 <= level <= MAX_LEVEL:
        raise OutlineError(f"层级必须是 1–{MAX_LEVEL}，收到 {level!r}。")
    return level


class Outline:
    """A speech or report outline with undo/redo; see the module docstring for the model.

    Undo and redo put copies of the items back, so a UI should hold item ids (stable across every
    operation, undo and redo) and look items up with `find`, not keep `Item` objects.
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
        self._undo: list[_State] = []
        self._redo: list[_State] = []
        validate_body(self.body)
        for item in [*self.opening, *self.closing]:
            item.level = 0
        seen: set[str] = set()
        for item in self.items():
            if item.id in seen:
                raise OutlineError(f"条目编号 {item.id} 重复。")
            seen.add(item.id)

    # ------------------------------------------------------------------ reading

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

    def region_of(self, item_id: str) -> Region:
        """Which region holds the item: title, salutation, opening, body or closing."""
        if item_id == TITLE_ID:
            return "title"
        if item_id == SALUTATION_ID:
            return "salutation"
        for region in ("opening", "body", "closing"):
            if any(item.id == item_id for item in self._list(region)):
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

    def numbered(self) -> list[Entry]:
        """Every body item with its derived number, in order; counters restart under each heading."""
        counters = [0] * (MAX_LEVEL + 1)
        labels: list[str] = [""] * (MAX_LEVEL + 1)
        entries: list[Entry] = []
        for item in self.body:
            level = item.level
            counters[level] += 1
            for deeper in range(level + 1, MAX_LEVEL + 1):
                counters[deeper] = 0
                labels[deeper] = ""
            labels[level] = level_label(level, counters[level])
            entries.append(Entry(item, labels[level], "".join(labels[1 : level + 1]), counters[1]))
        return entries

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

    def unfilled_slots(self) -> list[SlotRef]:
        """Every unfilled slot in document order."""
        return [ref for item in self.items() for ref in _item_slots(item)]

    def next_slot(self, start_id: str | None = None) -> SlotRef | None:
        """The first unfilled slot at or after item `start_id` (document order, wrapping), or None."""
        order = list(self.items())
        start = 0
        if start_id is not None:
            self.find(start_id)
            start = next(i for i, item in enumerate(order) if item.id == start_id)
        for item in order[start:] + order[:start]:
            refs = _item_slots(item)
            if refs:
                return refs[0]
        return None

    # ------------------------------------------------------------------ history

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> bool:
        """Undo the last operation; False when there is nothing to undo."""
        if not self._undo:
            return False
        self._redo.append(self._snapshot())
        self._restore(self._undo.pop())
        self.revision += 1
        return True

    def redo(self) -> bool:
        """Redo the last undone operation; False when there is nothing to redo."""
        if not self._redo:
            return False
        self._undo.append(self._snapshot())
        self._restore(self._redo.pop())
        self.revision += 1
        return True

    def clear_history(self) -> None:
        """Forget undo and redo steps (e.g. after loading a file)."""
        self._undo.clear()
        self._redo.clear()

    # ------------------------------------------------------------------ operations

    @_operation
    def set_title(self, text: str) -> None:
        """Set the document title."""
        self.title.text = _check_text(text)

    @_operation
    def set_salutation(self, text: str) -> None:
        """Set the salutation (称谓), e.g. “尊敬的××主任，各位领导，同志们：”."""
        self.salutation.text = _check_text(text)

    @_operation
    def add_paragraph(
        self, region: Literal["opening", "closing"], text: str, *, phrase_id: int | None = None, index: int | None = None
    ) -> Item:
        """Add a paragraph to the opening or closing (at `index`, default the end)."""
        if region not in ("opening", "closing"):
            raise OutlineError("段落只能加在开头（opening）或结尾（closing）。")
        item = Item(text=_check_text(text), level=0, phrase_id=phrase_id)
        paragraphs = self._list(region)
        paragraphs.insert(len(paragraphs) if index is None else index, item)
        return item

    @_operation
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
        item = Item(text=_check_text(text), level=1, body=_check_text(body), phrase_id=phrase_id,
                    organ=_check_organ(organ))
        parts = self.parts
        if index is None or index >= len(parts):
            position = len(self.body)
        else:
            if index < 0:
                raise OutlineError("部分序号不能为负数。")
            position = self.body.index(parts[index])
        self.body.insert(position, item)
        return item

    @_operation
    def add_child(
        self, parent_id: str, text: str, *, level: int | None = None, body: str = "", phrase_id: int | None = None
    ) -> Item:
        """Add a point at the end of `parent_id`'s subtree; level defaults to one below the parent."""
        start = self._body_index(parent_id)
        parent = self.body[start]
        level = _check_level(parent.level + 1 if level is None else level)
        if level <= parent.level:
            raise OutlineError(f"下级条目的层级必须大于 {parent.level}，收到 {level}。")
        item = Item(text=_check_text(text), level=level, body=_check_text(body), phrase_id=phrase_id)
        self.body.insert(self._block_end(start), item)
        return item

    @_operation
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
            item = Item(text=_check_text(text), level=0, phrase_id=phrase_id)
            paragraphs.insert(index + 1, item)
            return item
        if region != "body":
            raise OutlineError(f"不能在{REGION_NAMES[region]}后插入条目。")
        start = self._body_index(ref_id)
        ref = self.body[start]
        level = _check_level(ref.level if level is None else level)
        position = start + 1 if level > ref.level else self._block_end(start)
        item = Item(text=_check_text(text), level=level, body=_check_text(body), phrase_id=phrase_id)
        self.body.insert(position, item)
        return item

    @_operation
    def insert_before(
        self, ref_id: str, text: str, *, level: int | None = None, body: str = "", phrase_id: int | None = None
    ) -> Item:
        """Insert an item just before `ref_id` (same level by default)."""
        region = self.region_of(ref_id)
        if region in ("opening", "closing"):
            paragraphs = self._list(region)
            index = next(i for i, item in enumerate(paragraphs) if item.id == ref_id)
            item = Item(text=_check_text(text), level=0, phrase_id=phrase_id)
            paragraphs.insert(index, item)
            return item
        if region != "body":
            raise OutlineError(f"不能在{REGION_NAMES[region]}前插入条目。")
        start = self._body_index(ref_id)
        level = _check_level(self.body[start].level if level is None else level)
        if start == 0 and level != 1:
            raise OutlineError("正文必须以一级标题开始；请先添加一个部分。")
        item = Item(text=_check_text(text), level=level, body=_check_text(body), phrase_id=phrase_id)
        self.body.insert(start, item)
        return item

    @_operation
    def edit(
        self,
        item_id: str,
        text: str | None = None,
        *,
        body: str | None = None,
        phrase_id: int | None = _KEEP,
        organ: str | None = _KEEP,
    ) -> Item:
        """Change an item's text, body, phrase id or organ; arguments left out stay as they are."""
        item = self.find(item_id)
        if text is not None:
            item.text = _check_text(text)
        if body is not None:
            if item.level == 0:
                raise OutlineError("只有正文中的标题和要点可以带正文段落。")
            item.body = _check_text(body)
        if phrase_id is not _KEEP:
            item.phrase_id = phrase_id
        if organ is not _KEEP:
            if self.region_of(item_id) != "body":
                raise OutlineError("只有正文中的部分可以标注“机关”。")
            item.organ = _check_organ(organ)
        return item

    @_operation
    def delete(self, item_id: str) -> list[Item]:
        """Delete an item and its subtree; returns what was removed. Title and salutation are emptied."""
        region = self.region_of(item_id)
        if region in ("title", "salutation"):
            item = self.find(item_id)
            item.text, item.phrase_id = "", None
            return [item]
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

    @_operation
    def move_up(self, item_id: str) -> None:
        """Swap an item (with its subtree) with its previous sibling."""
        region = self.region_of(item_id)
        if region in ("opening", "closing"):
            self._swap_paragraph(region, item_id, -1)
            return
        start = self._require_body(item_id, region)
        level = self.body[start].level
        previous = start - 1
        while previous >= 0 and self.body[previous].level > level:
            previous -= 1
        if previous < 0 or self.body[previous].level < level:
            raise OutlineError("已经是同级第一项，不能再上移。")
        end = self._block_end(start)
        self.body[previous:end] = self.body[start:end] + self.body[previous:start]

    @_operation
    def move_down(self, item_id: str) -> None:
        """Swap an item (with its subtree) with its next sibling."""
        region = self.region_of(item_id)
        if region in ("opening", "closing"):
            self._swap_paragraph(region, item_id, 1)
            return
        start = self._require_body(item_id, region)
        level = self.body[start].level
        middle = self._block_end(start)
        if middle >= len(self.body) or self.body[middle].level != level:
            raise OutlineError("已经是同级最后一项，不能再下移。")
        end = self._block_end(middle)
        self.body[start:end] = self.body[middle:end] + self.body[start:middle]

    @_operation
    def promote(self, item_id: str) -> None:
        """Raise an item and its subtree one level in place; later deeper items now fall under it."""
        start = self._require_body(item_id, self.region_of(item_id))
        if self.body[start].level == 1:
            raise OutlineError("一级标题不能再升级。")
        for item in self.body[start : self._block_end(start)]:
            item.level -= 1

    @_operation
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

    @_operation
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

    @_operation
    def fill_slot(self, item_id: str, value: str) -> bool:
        """Replace the first ×× of the item (text first, then body) with `value`; False if none."""
        item = self.find(item_id)
        refs = _item_slots(item)
        if not refs:
            return False
        _fill(item, refs[0], value)
        return True

    @_operation
    def fill_next_slot(self, value: str, start_id: str | None = None) -> SlotRef | None:
        """Fill the next unfilled slot at or after `start_id` (see `next_slot`); returns where it was."""
        ref = self.next_slot(start_id)
        if ref is not None:
            _fill(self.find(ref.item_id), ref, value)
        return ref

    # ------------------------------------------------------------------ internals

    def _list(self, region: str) -> list[Item]:
        return {"opening": self.opening, "body": self.body, "closing": self.closing}[region]

    def _body_index(self, item_id: str) -> int:
        for index, item in enumerate(self.body):
            if item.id == item_id:
                return index
        self.find(item_id)
        raise OutlineError(f"条目 {item_id} 不在正文中，不能这样操作。")

    def _require_body(self, item_id: str, region: str) -> int:
        if region != "body":
            raise OutlineError(f"{REGION_NAMES[region]}不能升降级或移动到其他部分。")
        return self._body_index(item_id)

    def _block_end(self, start: int) -> int:
        level = self.body[start].level
        end = start + 1
        while end < len(self.body) and self.body[end].level > level:
            end += 1
        return end

    def _swap_paragraph(self, region: str, item_id: str, step: int) -> None:
        paragraphs = self._list(region)
        index = next(i for i, item in enumerate(paragraphs) if item.id == item_id)
        other = index + step
        if not 0 <= other < len(paragraphs):
            raise OutlineError("已经到头，不能再移动。")
        paragraphs[index], paragraphs[other] = paragraphs[other], paragraphs[index]

    def _snapshot(self) -> _State:
        return _State(
            replace(self.title),
            replace(self.salutation),
            _copy(self.opening),
            _copy(self.body),
            _copy(self.closing),
            self.structure_id,
        )

    def _restore(self, state: _State) -> None:
        self.title = replace(state.title)
        self.salutation = replace(state.salutation)
        self.opening = _copy(state.opening)
        self.body = _copy(state.body)
        self.closing = _copy(state.closing)
        self.structure_id = state.structure_id


def validate_body(body: Sequence[Item]) -> None:
    """Raise `OutlineError` unless levels are 1–4 and the body starts with a part."""
    for index, item in enumerate(body):
        if not isinstance(item.level, int) or not 1 <= item.level <= MAX_LEVEL:
            raise OutlineError(f"正文第 {index + 1} 项的层级 {item.level!r} 不在 1–{MAX_LEVEL} 之间。")
        if item.organ is not None:
            _check_organ(item.organ)
    if body and body[0].level != 1:
        raise OutlineError("正文必须以一级标题开始。")


def _item_slots(item: Item) -> list[SlotRef]:
    refs = [SlotRef(item.id, "text", start, end) for start, end in slot_spans(item.text)]
    refs += [SlotRef(item.id, "body", start, end) for start, end in slot_spans(item.body)]
    return refs


def _fill(item: Item, ref: SlotRef, value: str) -> None:
    text = getattr(item, ref.field)
    if not value.strip():
        raise OutlineError("填写内容不能为空。")
    match = SLOT_PATTERN.match(text, ref.start)
    if match is None or match.end() != ref.end:
        raise OutlineError("该空位已不存在。")
    setattr(item, ref.field, text[: ref.start] + value.strip() + text[ref.end :])
