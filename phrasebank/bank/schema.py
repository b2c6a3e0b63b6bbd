"""The bank's SQLite layout: the tables, the pragmas every connection uses, and the schema version.

Kept apart from the queries (`phrasebank.bank.store`) so that the layout is read in one place, and
light to import: opening a bank loads nothing heavy.
"""
from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA_VERSION = 2
"""The bank's table layout; a bank of another version is re-mined from its stored documents."""

DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    builtin INTEGER NOT NULL DEFAULT 0,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT 0,
    mtime REAL NOT NULL DEFAULT 0,
    encoding TEXT NOT NULL,
    title TEXT NOT NULL,
    chars INTEGER NOT NULL,
    noise TEXT NOT NULL,
    raw BLOB NOT NULL,
    mined_at TEXT NOT NULL
);
CREATE TABLE paragraphs (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, line)
) WITHOUT ROWID;
CREATE TABLE phrases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    docs INTEGER NOT NULL DEFAULT 0,
    organ_mask INTEGER NOT NULL DEFAULT 0,
    organs TEXT NOT NULL DEFAULT '[]',
    tokens TEXT NOT NULL DEFAULT '',
    variant_keys BLOB NOT NULL DEFAULT x'',
    group_id INTEGER
);
CREATE INDEX phrases_by_key ON phrases (key);
CREATE INDEX phrases_by_group ON phrases (group_id) WHERE group_id IS NOT NULL;
CREATE TABLE sources (
    phrase_id INTEGER NOT NULL REFERENCES phrases(id) ON DELETE CASCADE,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    col INTEGER NOT NULL,
    section TEXT NOT NULL,
    organs TEXT NOT NULL
);
CREATE INDEX sources_by_phrase ON sources (phrase_id);
CREATE INDEX sources_by_doc ON sources (doc_id);
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    phrase_id INTEGER,
    doc_id INTEGER,
    old_group INTEGER
);
"""
"""A phrase is found by `key`, a 64-bit hash of its kind and text (an index of the texts themselves
would be as big as they are); the writer checks the text, so two phrases never share a row.
`changes` logs, in the transaction that makes it, every phrase and document that changed: the search
index and the variant groups catch up by reading it (`phrasebank.bank.changes`)."""


CACHE_KIB = 65_536
BUSY_SECONDS = 30.0
"""How long a write waits for another process's write to finish (a batch of documents takes about a second)."""


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the pragmas every bank uses: WAL so the UI can read while mining writes, and
    a page cache big enough that mining thousands of documents does not reread its indexes from disk
    (it grows only as pages are used)."""
    connection = sqlite3.connect(str(path), timeout=BUSY_SECONDS, check_same_thread=False)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return connection


@contextmanager
def write_transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """A transaction that holds the bank's write lock from its start (what it reads stays true until it
    commits); rolled back if anything interrupts it."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.rollback()
        raise
    connection.commit()


@contextmanager
def read_snapshot(connection: sqlite3.Connection) -> Iterator[None]:
    """Reads that all see the bank at one moment (joins a transaction already open)."""
    if connection.in_transaction:
        yield
        return
    connection.execute("BEGIN")
    try:
        yield
    finally:
        connection.rollback()


def create_schema(connection: sqlite3.Connection, mining_version: int) -> None:
    """Create the tables of an empty bank and record the versions that made it, and the bank's own id
    (its index records it, so an index is never used with another bank)."""
    with connection:
        connection.executescript(DDL)
        connection.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [("schema_version", str(SCHEMA_VERSION)), ("mining_version", str(mining_version)),
             ("bank_id", uuid.uuid4().hex), ("grouped_seq", "0")],
        )
