"""The built-in bank: mined from the shipped seeds into the user's data directory on first use, and
kept current — re-mined when the seeds, the miner or the schema change, without losing documents a
writer added with `tigang mine`.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from phrasebank import versions
from phrasebank.paths import user_data_dir
from phrasebank.seeds import seed_documents
from phrasebank.store import SCHEMA_VERSION, Bank, create_bank, open_existing

SEED_PREFIX = "seed:"


def builtin_bank_path() -> Path:
    """Where the built-in bank lives."""
    return user_data_dir() / "bank.sqlite"


def seeds_fingerprint() -> str:
    """A hash of the shipped seed files and the mining version: when it changes, the seeds are re-mined."""
    digest = hashlib.sha256(f"mining {versions.MINING_VERSION}".encode())
    for seed in seed_documents():
        digest.update(seed.path.name.encode())
        digest.update(seed.path.read_bytes())
    return digest.hexdigest()


def ensure_builtin(path: Path) -> Bank:
    """Open the built-in bank, building it or refreshing its seeds when needed."""
    bank = ensure_current(path) if path.exists() else create_bank(path)
    fingerprint = seeds_fingerprint()
    if bank.meta("seeds_fingerprint") != fingerprint:
        _refresh_seeds(bank)
        with bank.db:
            bank.set_meta("seeds_fingerprint", fingerprint)
        bank.regroup_if_needed()
        from phrasebank.search import SearchIndex

        SearchIndex.refresh(bank)  # built with the bank, not on the first keystroke
    bank.regroup_if_needed()
    return bank


def _refresh_seeds(bank: Bank) -> None:
    """Replace the bank's seed documents with the shipped ones (user documents stay)."""
    from phrasebank.mined import mine_text  # the miner is imported only when there is mining to do

    shipped = {SEED_PREFIX + seed.path.name: seed for seed in seed_documents()}
    for document in bank.documents():
        if document.builtin and document.path not in shipped:
            bank.forget(str(document.id))
    for key, seed in shipped.items():
        raw = seed.path.read_bytes().decode("utf-8-sig")
        bank.store_document(mine_text(raw, key, seed.path.name, builtin=True))


def ensure_current(path: Path) -> Bank:
    """Open a bank; if an older schema or miner made it, re-mine its stored documents into a new file."""
    bank = open_existing(path)
    if bank.meta("schema_version") == str(SCHEMA_VERSION) and bank.meta("mining_version") == str(versions.MINING_VERSION):
        bank.regroup_if_needed()
        return bank
    return rebuild(bank)


def rebuild(bank: Bank) -> Bank:
    """Re-mine every stored document of `bank` into a fresh file that then replaces it atomically."""
    from phrasebank.mined import mine_text

    path = bank.path
    documents = bank.stored_documents()
    fingerprint = bank.meta("seeds_fingerprint")
    bank.close()
    temp_path = path.with_name(f".{path.name}.rebuild")
    for leftover in _with_sidecars(temp_path):
        leftover.unlink(missing_ok=True)
    fresh = create_bank(temp_path)
    for doc_path, name, builtin, raw, encoding, size, mtime in documents:
        fresh.store_document(mine_text(raw, doc_path, name, encoding, builtin=builtin), size, mtime)
    with fresh.db:
        fresh.set_meta("seeds_fingerprint", fingerprint)
    fresh.regroup_if_needed()
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
