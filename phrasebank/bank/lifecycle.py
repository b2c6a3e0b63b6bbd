"""A bank's life in one place: open, create, upgrade (re-mine), the built-in bank and its seeds.

The built-in bank is mined from the shipped seeds into the user's data directory on first use, and
re-mined when the seeds, the miner or the schema change — without losing the documents a writer
added with `tigang mine`, because the bank stores their text. What is derived from a bank (its search
index and variant groups) is kept current by `phrasebank.bank.indexing`.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from phrasebank import mining
from phrasebank.bank.changes import change_seq
from phrasebank.bank.indexing import update
from phrasebank.bank.schema import SCHEMA_VERSION, connect, create_schema
from phrasebank.bank.seeds import refresh_seeds, seeds_fingerprint
from phrasebank.bank.store import Bank
from phrasebank.errors import TigangError
from phrasebank.files.paths import user_data_dir


def builtin_bank_path() -> Path:
    """Where the built-in bank lives."""
    return user_data_dir() / "bank.sqlite"


def open_bank(path: Path | str | None = None, *, create: bool = False) -> Bank:
    """Open a bank: the built-in one (built from the seeds on first use) when `path` is None.

    A bank mined by an older miner or schema is re-mined from its stored documents first, so an
    upgrade never loses a writer's material.
    """
    if path is None:
        return ensure_builtin(builtin_bank_path())
    path = Path(path)
    if path.is_dir():
        raise TigangError(f"题库路径 {path} 是文件夹；请给出题库文件名，例如 {path / 'bank.sqlite'}。")
    if not path.exists():
        if not create:
            raise TigangError(f"找不到题库 {path}；先用 tigang mine 文件… --bank {path} 建立它。")
        return create_bank(path)
    return ensure_current(path)


def create_bank(path: Path) -> Bank:
    """A new, empty bank file at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = connect(path)
    create_schema(connection, mining.MINING_VERSION)
    return Bank(path, connection)


def open_existing(path: Path) -> Bank:
    """Open a bank file as it is, checking it is one; `TigangError` otherwise."""
    not_a_bank = f"{path} 不是 tigang 题库文件；请用 --bank 指定正确的题库，或换一个新文件名来新建。"
    try:
        connection = connect(path)
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        raise TigangError(not_a_bank) from None
    if row is None:
        connection.close()
        raise TigangError(not_a_bank)
    return Bank(path, connection)


def ensure_current(path: Path) -> Bank:
    """Open a bank; if an older schema or miner made it, re-mine its stored documents into a new file."""
    bank = open_existing(path)
    if bank.meta("schema_version") != str(SCHEMA_VERSION) or bank.meta("mining_version") != str(mining.MINING_VERSION):
        bank = rebuild(bank)
    if int(bank.meta("grouped_seq", "0")) < change_seq(bank.db):
        update(bank)  # a write was interrupted before its groups were brought up to date
    return bank


def ensure_builtin(path: Path) -> Bank:
    """Open the built-in bank, building it or refreshing its seeds when needed (and then its index,
    so that the first search only has to load it)."""
    bank = ensure_current(path) if path.exists() else create_bank(path)
    if bank.meta("seeds_fingerprint") != seeds_fingerprint():
        refresh_seeds(bank)
        update(bank)  # so that the first search only has to load the index
    return bank


def rebuild(bank: Bank) -> Bank:
    """Re-mine every stored document of `bank` into a fresh file that then replaces it atomically."""
    from phrasebank.mining.pipeline import mine_text  # the miner is imported only when there is mining to do

    path = bank.path
    documents = bank.stored_documents()
    fingerprint = bank.meta("seeds_fingerprint")
    bank.close()
    temp_path = path.with_name(f".{path.name}.rebuild")
    for leftover in _with_sidecars(temp_path):
        leftover.unlink(missing_ok=True)
    fresh = create_bank(temp_path)
    for document in documents:
        mined = mine_text(document.raw, document.path, document.name, document.encoding, builtin=document.builtin)
        fresh.store_document(mined, document.size, document.mtime)
    with fresh.db:
        fresh.set_meta("seeds_fingerprint", fingerprint)
    fresh.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    fresh.close()
    for sidecar in _with_sidecars(path)[1:]:
        sidecar.unlink(missing_ok=True)
    os.replace(temp_path, path)
    for sidecar in _with_sidecars(temp_path)[1:]:
        sidecar.unlink(missing_ok=True)
    return open_existing(path)


def _with_sidecars(path: Path) -> list[Path]:
    """A SQLite file and its WAL and shared-memory files."""
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
