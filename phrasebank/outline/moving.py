"""Where a block of the body goes when it moves up or down, and what pasted items become.

Pure functions on the flat body list (see `phrasebank.outline.queries`): the operations in
`phrasebank.outline.model` call them inside one undo step. Kept apart so the model stays a list of
operations and these rules can be read (and tested) on their own.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from phrasebank.outline.items import MAX_LEVEL, Item, OutlineError, new_id

FIRST_SIBLING = "已经是同级第一项，不能再上移。"
LAST_SIBLING = "已经是同级最后一项，不能再下移。"


def block_end(body: Sequence[Item], start: int) -> int:
    """Index just after the subtree of the body item at `start`."""
    level = body[start].level
    end = start + 1
    while end < len(body) and body[end].level > level:
        end += 1
    return end


def move_block_up(body: list[Item], start: int) -> None:
    """Move the block at `start` up: past its previous sibling, or, when it is the first child of its
    parent, to the end of the nearest earlier item at the parent's depth (the previous part for a
    （一）, the previous （一） for a 1., even across parts); refused at the top. Levels never change."""
    level = body[start].level
    end = block_end(body, start)
    previous = start - 1
    while previous >= 0 and body[previous].level > level:
        previous -= 1
    if previous < 0:
        raise OutlineError(FIRST_SIBLING if level == 1 else "已经是正文第一项，不能再上移。")
    if body[previous].level == level:
        body[previous:end] = body[start:end] + body[previous:start]
        return
    parent_level = body[previous].level
    target = previous - 1
    while target >= 0 and not parent_level <= body[target].level < level:
        target -= 1
    if target < 0:
        raise OutlineError(f"前面没有可以移入的{_level_name(parent_level)}，不能再上移。")
    block = body[start:end]
    del body[start:end]
    position = block_end(body, target)
    body[position:position] = block


def move_block_down(body: list[Item], start: int) -> None:
    """Move the block at `start` down: past its next sibling, or, when it is the last child of its
    parent, to the start of the nearest later item at the parent's depth (as its first child, even
    across parts); refused at the bottom. Levels never change."""
    level = body[start].level
    end = block_end(body, start)
    if end < len(body) and body[end].level == level:
        after = block_end(body, end)
        body[start:after] = body[end:after] + body[start:end]
        return
    parent_level = _parent_level(body, start)
    if parent_level is None:
        raise OutlineError(LAST_SIBLING)
    target = end
    while target < len(body) and not parent_level <= body[target].level < level:
        target += 1
    if target >= len(body):
        raise OutlineError(f"后面没有可以移入的{_level_name(parent_level)}，不能再下移。")
    block = body[start:end]
    body[target + 1 : target + 1] = block
    del body[start:end]


def fresh_copies(items: Sequence[Item], level: int) -> list[Item]:
    """Copies of `items` with new ids, the first at `level` (0 for paragraphs) and the rest keeping
    their depth relative to it, within 1–4 in the body; a part's organ stays only on a part."""
    if not items:
        raise OutlineError("没有可粘贴的内容；请先用 ^x 剪下条目。")
    if level == 0:
        return [replace(item, level=0, body="", organ=None, id=new_id(),
                        text="".join(filter(None, (item.text, item.body)))) for item in items]
    first = items[0].level
    copies = []
    for item in items:
        new_level = min(MAX_LEVEL, max(1, level + item.level - first))
        copies.append(replace(item, level=new_level, organ=item.organ if new_level == 1 else None, id=new_id()))
    return copies


def _parent_level(body: Sequence[Item], start: int) -> int | None:
    level = body[start].level
    for previous in range(start - 1, -1, -1):
        if body[previous].level < level:
            return body[previous].level
    return None


def _level_name(level: int) -> str:
    return {1: "部分", 2: "二级条目", 3: "三级条目"}.get(level, f"{level}级条目")
