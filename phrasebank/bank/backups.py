"""Backups of a bank beside it — made before an upgrade re-mines it and, for the built-in bank, at
most once a day after mining — and a damaged bank set aside (renamed, never deleted).

A backup is `<bank>.backup-<schema>.<mining>-<YYYYMMDD-HHMMSS>`, made with SQLite's online backup
(consistent while other processes write) under a temporary name and renamed when complete; the newest
`KEPT` are kept. A backup gets a bank id of its own, so that a restored one is never taken for the
bank that an existing index was built from.
"""
from __future__ import annotations

import os
import re
import sqlite3
import uuid
from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path

from phrasebank.bank.faults import cause
from phrasebank.bank.opening import bank_lock
from phrasebank.bank.store import Bank

KEPT = 3
"""Backups kept per bank (the oldest go first)."""
DAILY = timedelta(days=1)
"""How old the newest backup of the built-in bank may be before mining makes another."""
_STAMP = "%Y%m%d-%H%M%S"
_BACKUP = re.compile(r"\.backup-(?P<versions>\d+\.\d+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?$")


def backups_of(path: Path) -> list[Path]:
    """The backups of the bank at `path`, newest first."""
    try:
        names = [name for name in os.listdir(path.parent)
                 if name.startswith(path.name + ".backup-") and _BACKUP.search(name[len(path.name):])]
    except OSError:
        return []
    return sorted((path.parent / name for name in names), key=_order, reverse=True)


def backup_time(backup: Path) -> datetime:
    """When a backup was made (from its name)."""
    match = _BACKUP.search(backup.name)
    assert match is not None
    return datetime.strptime(match["stamp"], _STAMP)


def _order(backup: Path) -> tuple[str, int]:
    match = _BACKUP.search(backup.name)
    assert match is not None
    return match["stamp"], int(match["n"] or 0)


def make_backup(bank: Bank, kept: int = KEPT) -> Path:
    """A consistent copy of the open bank beside it, named by the versions that made it and the time;
    then only the newest `kept` backups stay."""
    path = bank.path
    versions = f"{bank.meta('schema_version')}.{bank.meta('mining_version')}"
    name = f"{path.name}.backup-{versions}-{datetime.now().strftime(_STAMP)}"
    target, number = path.with_name(name), 0
    while target.exists():
        number += 1
        target = path.with_name(f"{name}-{number}")
    temp = path.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        copy = sqlite3.connect(temp)
        try:
            bank.db.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, readable anywhere
            with copy:
                copy.execute("UPDATE meta SET value = ? WHERE key = 'bank_id'", (uuid.uuid4().hex,))
        finally:
            copy.close()
        os.replace(temp, target)
    finally:
        for leftover in (temp, temp.with_name(temp.name + "-journal"), temp.with_name(temp.name + "-wal")):
            with suppress(OSError):
                leftover.unlink(missing_ok=True)
    for old in backups_of(path)[kept:]:
        with suppress(OSError):
            old.unlink()
    return target


def daily_backup(bank: Bank) -> str | None:
    """Back the bank up unless its newest backup is less than a day old (what a damaged built-in bank
    is restored from); a warning for the writer when the backup could not be made (what was mined
    stands all the same), else None."""
    try:
        with bank_lock(bank.path):  # two processes that finish mining at once make one backup
            backups = backups_of(bank.path)
            if not backups or datetime.now() - backup_time(backups[0]) >= DAILY:
                make_backup(bank)
    except (sqlite3.Error, OSError) as error:
        what, todo = cause(error) or (str(error), "检查磁盘和权限")
        return f"题库 {bank.path} 的每日备份没能做成：{what}；请{todo}（挖掘的结果已保存）。"
    return None


def set_aside(path: Path) -> Path:
    """Rename a damaged bank (and its WAL, which may hold the last writes) out of the way, keeping it
    for whoever wants to rescue it; its new name."""
    name = f"{path.name}.damaged-{datetime.now().strftime(_STAMP)}"
    aside, number = path.with_name(name), 0
    while aside.exists():
        number += 1
        aside = path.with_name(f"{name}-{number}")
    os.rename(path, aside)
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        os.rename(wal, aside.with_name(aside.name + "-wal"))
    path.with_name(path.name + "-shm").unlink(missing_ok=True)
    return aside
