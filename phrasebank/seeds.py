"""The seed corpus that ships with tigang, and its manifest."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from phrasebank.paths import seeds_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


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
    manifest = tomllib.loads((directory / "manifest.toml").read_text(encoding="utf-8"))
    return [
        SeedDocument(
            path=directory / entry["file"],
            title=entry["title"],
            genre=entry["genre"],
            level=entry["level"],
            structure=entry["structure"],
            sha256=entry["sha256"],
        )
        for entry in manifest["document"]
    ]
