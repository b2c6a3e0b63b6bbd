"""Recently opened outline files, most recent first, kept in the user's data directory.

The list is a small JSON file written atomically; a missing or damaged list is treated as empty
(it is a convenience, never worth an error). Paths are stored absolute, so the list works from any
working directory.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from phrasebank.files.atomic import write_text_atomic
from phrasebank.files.paths import user_data_dir

RECENT_LIMIT = 12
"""How many outlines the start screen remembers."""


@dataclass(frozen=True)
class RecentOutline:
    """One remembered outline: where it is and when it was last opened (seconds since the epoch)."""

    path: Path
    opened_at: float

    @property
    def exists(self) -> bool:
        return self.path.is_file()


def recent_file() -> Path:
    """Where the list lives."""
    return user_data_dir() / "recent.json"


def load_recent() -> list[RecentOutline]:
    """The remembered outlines, most recent first; unreadable entries are skipped."""
    try:
        data = json.loads(recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    found: list[RecentOutline] = []
    for entry in data:
        if not isinstance(entry, dict):
            continue
        path, opened = entry.get("path"), entry.get("opened_at", 0)
        if isinstance(path, str) and path and isinstance(opened, (int, float)):
            found.append(RecentOutline(Path(path), float(opened)))
    return found[:RECENT_LIMIT]


def remember(path: Path, *, now: float | None = None) -> list[RecentOutline]:
    """Put `path` at the top of the list (once) and save it; returns the new list."""
    path = Path(path).expanduser().resolve()
    entries = [entry for entry in load_recent() if entry.path != path]
    entries.insert(0, RecentOutline(path, time.time() if now is None else now))
    _save(entries[:RECENT_LIMIT])
    return entries[:RECENT_LIMIT]


def forget(path: Path) -> list[RecentOutline]:
    """Drop `path` from the list (e.g. a file that was deleted); returns the new list."""
    path = Path(path).expanduser().resolve()
    entries = [entry for entry in load_recent() if entry.path != path]
    _save(entries)
    return entries


def _save(entries: list[RecentOutline]) -> None:
    data = [{"path": str(entry.path), "opened_at": entry.opened_at} for entry in entries]
    write_text_atomic(recent_file(), json.dumps(data, ensure_ascii=False, indent=1) + "\n")
