"""The bank's change log: which phrases and documents changed, in order, so that what is derived from
the bank — the search index, the variant groups — catches up in time proportional to the change.

Every write logs what it touched in the same transaction, so the log and the tables never disagree,
whatever interrupts a write. A reader remembers the last sequence number it has seen and asks for
what came after; the log is pruned up to the point every reader has passed.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from phrasebank.bank.schema import write_transaction


@dataclass
class ChangeSet:
    """What changed after some point of the log."""

    seq: int
    """The last sequence number included."""
    phrase_ids: set[int] = field(default_factory=set)
    doc_ids: set[int] = field(default_factory=set)
    old_groups: set[int] = field(default_factory=set)
    """Groups that a deleted phrase belonged to (their other members may need a new head)."""

    def __bool__(self) -> bool:
        return bool(self.phrase_ids or self.doc_ids)


def log_phrases(db: sqlite3.Connection, phrase_ids: Iterable[int]) -> None:
    """Record that these phrases were added or changed."""
    db.executemany("INSERT INTO changes (phrase_id) VALUES (?)", ((phrase_id,) for phrase_id in phrase_ids))


def log_deleted_phrases(db: sqlite3.Connection, removed: Iterable[tuple[int, int | None]]) -> None:
    """Record that these (phrase, its group) were deleted."""
    db.executemany("INSERT INTO changes (phrase_id, old_group) VALUES (?, ?)", removed)


def log_document(db: sqlite3.Connection, doc_id: int) -> None:
    """Record that a document was added or removed (its sentences change)."""
    db.execute("INSERT INTO changes (doc_id) VALUES (?)", (doc_id,))


def change_seq(db: sqlite3.Connection) -> int:
    """The sequence number of the last change ever logged (0 for a bank never changed)."""
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
    return int(row[0]) if row else 0


def first_logged_seq(db: sqlite3.Connection) -> int:
    """The oldest sequence number still in the log (after pruning), or the next one when it is empty."""
    row = db.execute("SELECT MIN(seq) FROM changes").fetchone()
    return int(row[0]) if row and row[0] is not None else change_seq(db) + 1


def can_catch_up(db: sqlite3.Connection, seen: int) -> bool:
    """Whether the log still holds everything after `seen` (and `seen` is not ahead of the bank)."""
    return seen <= change_seq(db) and first_logged_seq(db) <= seen + 1


def changes_since(db: sqlite3.Connection, seen: int) -> ChangeSet:
    """Everything logged after sequence number `seen`."""
    changes = ChangeSet(seen)
    rows = db.execute("SELECT seq, phrase_id, doc_id, old_group FROM changes WHERE seq > ? ORDER BY seq", (seen,))
    for seq, phrase_id, doc_id, old_group in rows:
        changes.seq = seq
        if phrase_id is not None:
            changes.phrase_ids.add(phrase_id)
        if doc_id is not None:
            changes.doc_ids.add(doc_id)
        if old_group is not None:
            changes.old_groups.add(old_group)
    return changes


def prune(db: sqlite3.Connection, upto: int) -> None:
    """Forget the log up to `upto` (every reader has caught up that far), waiting for other writers as
    long as any write does."""
    with write_transaction(db):
        db.execute("DELETE FROM changes WHERE seq <= ?", (upto,))
