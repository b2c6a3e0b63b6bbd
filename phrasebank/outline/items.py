"""The pieces an outline is made of: items, where unfilled slots are, the regions, and their rules."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from uuid import uuid4

from phrasebank.errors import TigangError
from phrasebank.vocab.organs import ORGANS
from phrasebank.vocab.slots import SLOT_PATTERN, count_slots, slot_spans

MAX_LEVEL = 4
TITLE_ID = "title"
SALUTATION_ID = "salutation"
OPENING = "region:opening"
CLOSING = "region:closing"
"""Markers for the opening and closing as a whole (a cursor may stand on them; they hold no text)."""

Region = Literal["title", "salutation", "opening", "body", "closing"]
REGIONS: tuple[Region, ...] = ("title", "salutation", "opening", "body", "closing")
REGION_NAMES: dict[str, str] = {
    "title": "标题",
    "salutation": "称谓",
    "opening": "开头",
    "body": "正文",
    "closing": "结尾",
}


class OutlineError(TigangError):
    """An outline operation that cannot be done here, e.g. moving the first part up."""


def new_id() -> str:
    """A fresh item id; random so ids stay unique across saves, loads, undo and other writers."""
    return uuid4().hex[:12]


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


def item_slots(item: Item) -> list[SlotRef]:
    """Every unfilled slot of one item, text first."""
    refs = [SlotRef(item.id, "text", start, end) for start, end in slot_spans(item.text)]
    refs += [SlotRef(item.id, "body", start, end) for start, end in slot_spans(item.body)]
    return refs


def write_into_slot(item: Item, ref: SlotRef, value: str) -> None:
    """Put `value` where the slot `ref` is; `OutlineError` if the slot is gone or the value empty."""
    text = item.text if ref.field == "text" else item.body
    if not value.strip():
        raise OutlineError("填写内容不能为空。")
    match = SLOT_PATTERN.match(text, ref.start)
    if match is None or match.end() != ref.end:
        raise OutlineError("该空位已不存在。")
    filled = text[: ref.start] + value.strip() + text[ref.end :]
    if ref.field == "text":
        item.text = filled
    else:
        item.body = filled


def check_text(text: object) -> str:
    """Text as stored: stripped; `OutlineError` for anything that is not text."""
    if not isinstance(text, str):
        raise OutlineError("条目内容必须是文字。")
    return text.strip()


def check_organ(organ: str | None) -> str | None:
    """One of the “四个机关”, or None."""
    if organ is not None and organ not in ORGANS:
        raise OutlineError(f"“{organ}”不是“四个机关”之一；可选：{'、'.join(ORGANS)}。")
    return organ


def check_level(level: object) -> int:
    """A body level, 1–4."""
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= MAX_LEVEL:
        raise OutlineError(f"层级必须是 1–{MAX_LEVEL}，收到 {level!r}。")
    return level


def validate_body(body: list[Item]) -> None:
    """Raise `OutlineError` unless levels are 1–4, organs valid and the body starts with a part."""
    for index, item in enumerate(body):
        if not isinstance(item.level, int) or not 1 <= item.level <= MAX_LEVEL:
            raise OutlineError(f"正文第 {index + 1} 项的层级 {item.level!r} 不在 1–{MAX_LEVEL} 之间。")
        check_organ(item.organ)
    if body and body[0].level != 1:
        raise OutlineError("正文必须以一级标题开始。")
