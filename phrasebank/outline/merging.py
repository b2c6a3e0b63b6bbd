"""Merging two sets of changes to one outline, item by item: what an editor does when the file it saves
was changed meanwhile by another editor, a `tigang add`, or a sync tool.

Both sides started from the same `base`. Every item has a stable id, so a change is an item added,
removed or edited (text, level, body, organ, phrase) on one side. Each side's changes are kept; an item
both sides edited differently is kept in both versions, side by side, and reported, never silently
decided. The order of the side that reordered items wins (if both did, the other side's order does:
what is on disk was there first).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from phrasebank.outline.history import State
from phrasebank.outline.items import REGION_NAMES, Item, new_id

LISTS = ("opening", "body", "closing")


@dataclass
class Merge:
    """The merged content, and a line for each place where both sides changed the same thing."""

    state: State
    conflicts: list[str] = field(default_factory=list)


def merge_states(base: State, ours: State, theirs: State) -> Merge:
    """`theirs` (on disk) with `ours` (in the editor) merged in; see the module docstring."""
    conflicts: list[str] = []
    kept_aside: list[Item] = []  # their title or salutation, when both sides rewrote it
    title = _merge_single(base.title, ours.title, theirs.title, conflicts, kept_aside)
    salutation = _merge_single(base.salutation, ours.salutation, theirs.salutation, conflicts, kept_aside)
    lists = {
        name: _merge_list(getattr(base, name), getattr(ours, name), getattr(theirs, name), name, conflicts)
        for name in LISTS
    }
    opening = [*kept_aside, *lists["opening"]]
    body = _starting_with_a_part(lists["body"])
    structure = ours.structure_id if ours.structure_id != base.structure_id else theirs.structure_id
    merged = State(title, salutation, tuple(opening), tuple(body), tuple(lists["closing"]), structure)
    return Merge(merged, conflicts)


def _merge_single(base: Item, ours: Item, theirs: Item, conflicts: list[str], aside: list[Item]) -> Item:
    """The title or salutation: one side's change, or ours with theirs kept as an opening paragraph."""
    if ours in (base, theirs):
        return replace(theirs)
    if theirs == base:
        return replace(ours)
    name = REGION_NAMES.get(ours.id, ours.id)
    aside.append(Item(text=theirs.text, level=0, body=theirs.body, phrase_id=theirs.phrase_id))
    conflicts.append(f"{name}两边都改了：保留这里的“{_short(ours.text)}”，另一版本“{_short(theirs.text)}”放在开头第一段。")
    return replace(ours)


def _merge_list(base: tuple[Item, ...], ours: tuple[Item, ...], theirs: tuple[Item, ...], region: str,
                conflicts: list[str]) -> list[Item]:
    """One list of items (opening, body or closing) merged."""
    base_by_id = {item.id: item for item in base}
    ours_reordered = _reordered(base, ours) and not _reordered(base, theirs)
    primary, secondary = (ours, theirs) if ours_reordered else (theirs, ours)
    primary_is_ours = ours_reordered
    result = [replace(item) for item in primary]
    where = REGION_NAMES.get(region, region)

    def position(item_id: str) -> int:
        return next((index for index, item in enumerate(result) if item.id == item_id), -1)

    secondary_by_id = {item.id: item for item in secondary}
    primary_by_id = {item.id: item for item in primary}
    re_added: set[str] = set()
    for item_id, original in base_by_id.items():
        in_primary, in_secondary = primary_by_id.get(item_id), secondary_by_id.get(item_id)
        if in_primary is None and in_secondary is not None and in_secondary != original:
            re_added.add(item_id)  # one side removed what the other edited: the edit is kept
            conflicts.append(f"{where}“{_short(in_secondary.text)}”一边删除、一边修改：保留了修改后的版本。")
        elif in_secondary is None and in_primary is not None:
            if in_primary == original:
                del result[position(item_id)]
            else:
                conflicts.append(f"{where}“{_short(in_primary.text)}”一边删除、一边修改：保留了修改后的版本。")
        elif in_primary is not None and in_secondary is not None and in_secondary != original:
            index = position(item_id)
            if in_primary in (original, in_secondary):
                result[index] = replace(in_secondary)
            else:  # both edited it differently: ours stays in place, theirs follows it as its own item
                mine, other = (in_primary, in_secondary) if primary_is_ours else (in_secondary, in_primary)
                result[index] = replace(mine)
                result.insert(index + 1, replace(other, id=new_id()))
                conflicts.append(f"{where}“{_short(mine.text)}”两边都改了：两个版本都保留，另一版本“{_short(other.text)}”紧随其后。")
    previous: str | None = None
    for item in secondary:  # what the secondary side added, after the item it followed there
        if (item.id not in base_by_id or item.id in re_added) and position(item.id) < 0:
            result.insert(position(previous) + 1 if previous is not None else 0, replace(item))
        if position(item.id) >= 0:
            previous = item.id
    return result


def _reordered(base: tuple[Item, ...], side: tuple[Item, ...]) -> bool:
    """Whether `side` changed the order of the items it shares with `base`."""
    kept = {item.id for item in side}
    original = [item.id for item in base if item.id in kept]
    shared = set(original)
    return original != [item.id for item in side if item.id in shared]


def _starting_with_a_part(body: list[Item]) -> list[Item]:
    """A body must start with a part: points that a merge left before the first part are put under it
    (or, with no part at all, the first of them becomes one) rather than refused."""
    first_part = next((index for index, item in enumerate(body) if item.level == 1), None)
    if first_part in (None, 0):
        if body and first_part is None:
            body[0] = replace(body[0], level=1)
        return body
    assert first_part is not None
    return [*body[first_part : first_part + 1], *body[:first_part], *body[first_part + 1 :]]


def _short(text: str, limit: int = 12) -> str:
    """The start of a text, for a one-line message."""
    return text if len(text) <= limit else text[:limit] + "…"
