"""One outline file written by several hands — two editors, an editor and `tigang add`, a sync tool —
without anyone's change being lost.

Every write takes the file's lock, reads what is on disk now and writes back from that: a command
changes the fresh copy (`change_outline`); an editor, whose copy may be minutes old, merges its
changes with whatever others saved meanwhile (`save_merged`, `phrasebank.outline.merging`). An editor
also claims the file while it has it open (`claim_for_editing`), so a second editor can say so.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from phrasebank.files.locking import Claim, file_lock, try_claim
from phrasebank.outline.file import load_outline, outline_from_data, outline_to_data, save_outline
from phrasebank.outline.history import State
from phrasebank.outline.merging import merge_states
from phrasebank.outline.model import Outline

Result = TypeVar("Result")


@contextmanager
def outline_lock(path: Path) -> Iterator[None]:
    """Hold the outline's write lock (one reader-then-writer at a time, across processes)."""
    with file_lock(Path(path).resolve()):
        yield


def change_outline(path: Path, change: Callable[[Outline], Result]) -> tuple[Outline, Result]:
    """Read the outline at `path`, apply `change` and save it, all under its lock: concurrent
    commands each see the other's saved work. Returns the saved outline and what `change` returned."""
    with outline_lock(path):
        outline = load_outline(path)
        result = change(outline)
        save_outline(outline, path)
    return outline, result


@dataclass
class SharedSave:
    """What an editor's save found and did."""

    on_disk: State
    """The content the file now has (the base for the next save)."""
    stamp: tuple[int, int, int] | None
    """The file's stamp right after (`file_stamp`), taken under the lock."""
    merged: bool = False
    """Others had saved changes meanwhile, and they were merged in."""
    conflicts: list[str] = field(default_factory=list)


def save_merged(path: Path, ours: Outline, base: State) -> SharedSave:
    """Save an editor's outline; if the file no longer holds `base` (what the editor last read or
    wrote), merge both sides' changes and save that. Under the outline's lock."""
    with outline_lock(path):
        theirs = load_outline(path).snapshot() if Path(path).exists() else base
        mine = ours.snapshot()
        if theirs == base:
            save_outline(ours, path)
            return SharedSave(mine, file_stamp(path))
        merge = merge_states(base, mine, theirs)
        if merge.state != theirs:
            save_outline(outline_of(merge.state), path)
        return SharedSave(merge.state, file_stamp(path), merged=True, conflicts=merge.conflicts)


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, modification time in ns) of a file, None when it is missing: any save by
    anyone changes it (an atomic save makes a new inode)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


def outline_of(state: State) -> Outline:
    """A new outline with the content of `state` (and no undo history)."""
    outline = Outline(structure_id=state.structure_id)
    outline.restore(state)
    return outline_from_data(outline_to_data(outline))  # validated as a file would be


def claim_for_editing(path: Path) -> Claim | None:
    """Claim `path` for this editor; None when another editor has it open (it holds the claim)."""
    return try_claim(Path(path).resolve(), "editing")
