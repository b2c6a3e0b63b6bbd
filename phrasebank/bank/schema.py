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

SCHEMA_VERSION = 4
"""The bank's table layout; an older bank is re-mined from its stored documents (or, from 3, given
the new column in place), a newer one refused.
3: the writer's curation (starred and hidden phrases). 4: who added each document (a team bank's
replica holds the PostgreSQL role; a local bank, the login name)."""

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
    mined_at TEXT NOT NULL,
    added_by TEXT NOT NULL DEFAULT ''
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
    group_id INTEGER,
    starred INTEGER NOT NULL DEFAULT 0,
    hidden INTEGER NOT NULL DEFAULT 0
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
CREATE TABLE curation (
    key INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    starred INTEGER NOT NULL DEFAULT 0,
    hidden INTEGER NOT NULL DEFAULT 0,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (kind, text)
);
CREATE INDEX curation_by_key ON curation (key);
"""
"""A phrase is found by `key`, a 64-bit hash of its kind and text (an index of the texts themselves
would be as big as they are); the writer checks the text, so two phrases never share a row.
`changes` logs, in the transaction that makes it, every phrase and document that changed: the search
index and the variant groups catch up by reading it (`phrasebank.bank.changes`).
`curation` holds what the writer starred and hid, by what the phrase is (kind and text), not by its
id: mining and forgetting never touch it, a rebuild copies it, and a phrase mined again takes its
marks back at once. `phrases.starred` and `phrases.hidden` are its copy on the phrase's row, where
lists, grouping and the index read them (`phrasebank.bank.curation`)."""


CACHE_KIB = 65_536
BUSY_SECONDS = 30.0
"""How long a write waits for another process's write to finish (a batch of documents takes about a second)."""
BUSY_ATTEMPTS = 10
"""How many times a write that found the bank busy for `BUSY_SECONDS` starts waiting again before it
gives up: another process may hold the bank for minutes (grouping while a big index is rebuilt)."""

READ_WRITE, READ_ONLY, IMMUTABLE = "rw", "ro", "immutable"
"""How a bank file is opened: for writing; read-only (a writer may still be at work); read-only and
unchanging (the folder cannot be written, so SQLite could not even make its shared-memory file)."""


def connect(path: Path, access: str = READ_WRITE) -> sqlite3.Connection:
    """A connection to a bank file, without its pragmas yet (`use_pragmas`): opening reads and writes
    nothing, so a bank that must not be touched (a newer tigang's) can be looked at first."""
    if access == READ_WRITE:
        return sqlite3.connect(str(path), timeout=BUSY_SECONDS, check_same_thread=False)
    uri = Path(path).absolute().as_uri() + ("?mode=ro&immutable=1" if access == IMMUTABLE else "?mode=ro")
    return sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, check_same_thread=False)


def use_pragmas(connection: sqlite3.Connection, *, writable: bool = True) -> None:
    """The pragmas every bank uses: WAL so the UI can read while mining writes (set only where the
    file may be written: it is recorded in the file), and a page cache big enough that mining
    thousands of documents does not reread its indexes from disk (it grows only as pages are used)."""
    connection.execute("PRAGMA foreign_keys = ON")
    if writable:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


@contextmanager
def write_transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """A transaction that holds the bank's write lock from its start (what it reads stays true until it
    commits); rolled back if anything interrupts it, the commit included (a full disk)."""
    _begin_immediate(connection)
    try:
        yield
        connection.commit()
    except BaseException:
        connection.rollback()
        raise


def _begin_immediate(connection: sqlite3.Connection) -> None:
    """Take the write lock, waiting again (up to `BUSY_ATTEMPTS` times) while another process holds it."""
    for attempt in range(1, BUSY_ATTEMPTS + 1):
        try:
            connection.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            code = getattr(error, "sqlite_errorcode", None)
            busy = code & 0xFF == sqlite3.SQLITE_BUSY if code is not None else "locked" in str(error)
            if not busy or attempt == BUSY_ATTEMPTS:
                raise


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


def migrate_in_place(connection: sqlite3.Connection) -> bool:
    """Bring a bank of schema 3 to 4 without re-mining it (one column added); whether it was one."""
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None or row[0] != "3":
        return False
    with write_transaction(connection):
        connection.execute("ALTER TABLE documents ADD COLUMN added_by TEXT NOT NULL DEFAULT ''")
        connection.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
    return True


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
