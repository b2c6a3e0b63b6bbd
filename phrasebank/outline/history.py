"""Undo and redo: a copy of the outline's content before each operation, restored exactly on undo.

Copies rather than inverse operations: an outline is a few hundred short items, so a copy costs
microseconds, and restoring one can never drift from what the writer saw.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from phrasebank.outline.items import Item

HISTORY_LIMIT = 500
"""Undo steps kept; older ones are dropped."""


@dataclass(frozen=True)
class State:
    """The whole content of an outline at one moment (independent copies of its items)."""

    title: Item
    salutation: Item
    opening: tuple[Item, ...]
    body: tuple[Item, ...]
    closing: tuple[Item, ...]
    structure_id: str | None


def copy_items(items: Sequence[Item]) -> list[Item]:
    """Independent copies of `items` (same ids)."""
    return [replace(item) for item in items]


class History:
    """The undo and redo stacks of one outline."""

    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self.limit = limit
        self._undo: list[State] = []
        self._redo: list[State] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def record(self, before: State) -> None:
        """An operation changed the outline; `before` is what undo goes back to."""
        self._undo.append(before)
        del self._undo[: -self.limit]
        self._redo.clear()

    def undo(self, current: State) -> State | None:
        """The state to go back to (None when there is nothing to undo); `current` becomes redoable."""
        if not self._undo:
            return None
        self._redo.append(current)
        return self._undo.pop()

    def redo(self, current: State) -> State | None:
        """The state to go forward to (None when there is nothing to redo)."""
        if not self._redo:
            return None
        self._undo.append(current)
        return self._redo.pop()

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()


class Recorded(Protocol):
    """What `operation` needs of the object whose methods it wraps."""

    history: History
    revision: int

    def snapshot(self) -> State: ...

    def restore(self, state: State) -> None: ...


Owner = TypeVar("Owner", bound=Recorded)
Params = ParamSpec("Params")
Result = TypeVar("Result")


def operation(method: Callable[Concatenate[Owner, Params], Result]) -> Callable[Concatenate[Owner, Params], Result]:
    """Make `method` one undo step; on error the outline is restored and no step is recorded."""

    @functools.wraps(method)
    def wrapper(self: Owner, /, *args: Params.args, **kwargs: Params.kwargs) -> Result:
        before = self.snapshot()
        try:
            result = method(self, *args, **kwargs)
        except BaseException:
            self.restore(before)
            raise
        if self.snapshot() != before:
            self.history.record(before)
            self.revision += 1
        return result

    return wrapper
