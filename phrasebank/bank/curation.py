"""The writer's curation: phrases starred (“this one is mine”: first within its tier) and hidden (“never
show me this again”), kept by what the phrase is — its kind and text — not by its id.

Ids come and go: forgetting the last document of a phrase deletes it, mining it again makes a new id,
and an upgrade re-mines the whole bank into a new file. So a mark is a row of the `curation` table,
which writing and forgetting documents never touch; `phrasebank.bank.writing` gives a phrase it adds
the marks its kind and text have, and `phrasebank.bank.lifecycle.rebuild` copies the table into the
fresh bank before re-mining. The phrase's own row holds a copy (`phrases.starred`, `phrases.hidden`)
where lists, grouping and the index read it.

Setting a mark logs the phrase as changed in the same transaction, so the variant groups and the
search index catch up from the change log in time proportional to the change. In a variant group
the writer's marks choose the head: a starred phrase heads its group, a hidden one only when every
member is hidden — hiding the entry a writer saw shows the group under its next member, and
starring a variant makes it the group's entry (`phrasebank.bank.grouping`).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone

from phrasebank.bank.changes import log_phrases

STARRED, HIDDEN = "starred", "hidden"
"""The two marks, named as their columns."""
Mark = tuple[int, str, str, int, int, str]
"""A row of `curation`: (key, kind, text, starred, hidden, when it last changed)."""
_CHUNK = 400
"""Keys per `IN (…)` list (as `phrasebank.bank.writing.CHUNK`)."""


def set_mark(db: sqlite3.Connection, phrase_id: int, mark: str, value: bool) -> bool | None:
    """Set one mark (`STARRED` or `HIDDEN`) of a phrase: whether that changed anything, or None when
    there is no such phrase. The caller holds the write transaction."""
    assert mark in (STARRED, HIDDEN)
    row = db.execute("SELECT key, kind, text, starred, hidden FROM phrases WHERE id = ?", (phrase_id,)).fetchone()
    if row is None:
        return None
    key, kind, text, starred, hidden = row
    marks = {STARRED: int(starred), HIDDEN: int(hidden)}
    if marks[mark] == int(value):
        return False
    marks[mark] = int(value)
    if marks[STARRED] or marks[HIDDEN]:
        db.execute(
            "INSERT INTO curation (key, kind, text, starred, hidden, changed_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (kind, text) DO UPDATE SET starred = excluded.starred, hidden = excluded.hidden,"
            " changed_at = excluded.changed_at",
            (key, kind, text, marks[STARRED], marks[HIDDEN], datetime.now(timezone.utc).isoformat(timespec="seconds")),
        )
    else:  # nothing left to remember
        db.execute("DELETE FROM curation WHERE kind = ? AND text = ?", (kind, text))
    db.execute("UPDATE phrases SET starred = ?, hidden = ? WHERE id = ?", (marks[STARRED], marks[HIDDEN], phrase_id))
    log_phrases(db, [phrase_id])
    return True


def marks_of(db: sqlite3.Connection, phrases: Sequence[tuple[int, str, str]]) -> dict[tuple[str, str], tuple[int, int]]:
    """(kind, text) → (starred, hidden) of those of `phrases` — (key, kind, text) — the writer marked
    (nothing read at all while the writer has marked nothing, as in most banks)."""
    if not phrases or db.execute("SELECT NOT EXISTS (SELECT 1 FROM curation)").fetchone()[0]:
        return {}
    wanted = {(kind, text) for _, kind, text in phrases}
    keys = sorted({key for key, _, _ in phrases})
    found: dict[tuple[str, str], tuple[int, int]] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        sql = f"SELECT kind, text, starred, hidden FROM curation WHERE key IN ({','.join('?' * len(chunk))})"
        for kind, text, starred, hidden in db.execute(sql, chunk):
            if (kind, text) in wanted:  # not merely another phrase with the same hash
                found[(kind, text)] = (int(starred), int(hidden))
    return found


def saved_marks(db: sqlite3.Connection) -> list[Mark]:
    """Every mark the bank holds (none in a bank older than curation), to carry into a rebuilt bank."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'curation'").fetchone() is None:
        return []
    return [tuple(row) for row in db.execute(
        "SELECT key, kind, text, starred, hidden, changed_at FROM curation ORDER BY kind, text")]


def restore_marks(db: sqlite3.Connection, marks: Iterable[Mark]) -> None:
    """Put marks into a bank (before its documents are mined into it: the phrases then take them as
    they are added). The caller holds the transaction."""
    db.executemany("INSERT OR REPLACE INTO curation (key, kind, text, starred, hidden, changed_at)"
                   " VALUES (?, ?, ?, ?, ?, ?)", marks)
