"""What the index knows of each phrase beyond its text and numbers: one byte of flags per entry.

Kept in a module of its own, with no numpy, so that the bank can name the bits in the SQL that
computes them (`phrasebank.bank.store`) without loading the index.
"""
from __future__ import annotations

HEAD = 1
"""The phrase heads its variant group (or has none): it is an entry of lists and search."""
HIDDEN = 2
"""The writer hid it (`tigang hide`): lists and search leave it out unless asked for hidden ones."""
STARRED = 4
"""The writer starred it (`tigang star`): it comes first within its tier."""


def is_shown(flags: int, *, hidden: bool = False) -> bool:
    """Whether an entry with these flags is listed: a group's head that is not hidden; with `hidden`,
    also every hidden phrase (marked, so the writer can take it back)."""
    if hidden:
        return bool(flags & (HEAD | HIDDEN))
    return flags & (HEAD | HIDDEN) == HEAD
