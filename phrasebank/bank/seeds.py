"""The seed corpus that ships with tigang: its manifest, its fingerprint, and putting it in a bank."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from phrasebank import mining
from phrasebank.bank.store import Bank
from phrasebank.files.config import read_toml
from phrasebank.files.paths import seeds_dir

SEED_PREFIX = "seed:"
"""Seed documents are stored under `seed:<file name>`, so they never clash with a writer's paths."""


@dataclass(frozen=True)
class SeedDocument:
    """One seed file and what the manifest says about it."""

    path: Path
    title: str
    genre: str
    level: str
    structure: str
    sha256: str


def seed_documents() -> list[SeedDocument]:
    """Every seed listed in `seeds/manifest.toml`, in manifest order."""
    directory = seeds_dir()
    manifest = read_toml(directory / "manifest.toml", builtin=True)
    return [
        SeedDocument(
            path=directory / manifest.text_value(("document", index, "file"), required=True),
            title=manifest.text_value(("document", index, "title"), required=True),
            genre=manifest.text_value(("document", index, "genre"), required=True),
            level=manifest.text_value(("document", index, "level"), required=True),
            structure=manifest.text_value(("document", index, "structure"), required=True),
            sha256=manifest.text_value(("document", index, "sha256"), required=True),
        )
        for index in range(len(manifest.tables(("document",))))
    ]


def seed_titles() -> dict[str, str]:
    """The manifest's title of each seed, by file name (what a writer would call the document)."""
    return {seed.path.name: seed.title for seed in seed_documents()}


def seeds_fingerprint() -> str:
    """A hash of the shipped seed files, their manifest titles and the mining version: when it changes,
    the seeds are re-mined (so a bank made before the titles were stored gets them too)."""
    digest = hashlib.sha256(f"mining {mining.MINING_VERSION}".encode())
    for seed in seed_documents():
        digest.update(seed.path.name.encode())
        digest.update(seed.title.encode())
        digest.update(seed.path.read_bytes())
    return digest.hexdigest()


def refresh_seeds(bank: Bank) -> None:
    """Replace the bank's seed documents with the shipped ones (the writer's documents stay)."""
    from phrasebank.mining.pipeline import mine_text  # the miner is imported only when there is mining to do

    shipped = {SEED_PREFIX + seed.path.name: seed for seed in seed_documents()}
    for document in bank.documents():
        if document.builtin and document.path not in shipped:
            bank.forget(str(document.id))
    for key, seed in shipped.items():
        raw = seed.path.read_bytes().decode("utf-8-sig")
        mined = mine_text(raw, key, seed.path.name, builtin=True)
        mined.title = seed.title  # the parser finds a title line in only some seeds; the manifest has them all
        bank.store_document(mined)
    with bank.db:
        bank.set_meta("seeds_fingerprint", seeds_fingerprint())
