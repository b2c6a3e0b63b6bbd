"""A bank that is not one, or a damaged one: what the writer is told, and the built-in bank put right.

A writer's own bank file is never rebuilt behind their back: they are told it is damaged, where its
newest backup is and how to restore it. The built-in bank is tigang's own file: when it is damaged it
is set aside (renamed, never deleted) and replaced by its newest backup that opens, or else built
again from the seeds — and the writer is told which.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from contextlib import suppress
from pathlib import Path

from phrasebank.bank.backups import backup_time, backups_of, set_aside
from phrasebank.bank.faults import is_damage
from phrasebank.bank.opening import Unusable, bank_lock, create_bank, finish, link, open_existing, sidecars
from phrasebank.bank.seeds import refresh_seeds
from phrasebank.errors import TigangError

DAMAGED_MIDWAY = "读取时发现数据残缺"


def unusable_error(path: Path, problem: Unusable) -> TigangError:
    """What a writer is told about their own bank file that cannot be used: damaged (a file that has
    backups was a bank, whatever it holds now), or not a bank at all."""
    if problem.damaged or backups_of(path):
        return damaged_error(path, problem.detail)
    return TigangError(f"{path} 不是 tigang 题库文件；请用 --bank 指定正确的题库，或换一个新文件名来新建。")


def damaged_error(path: Path, detail: str) -> TigangError:
    """A writer's own bank is damaged: where its newest backup is and how to restore it."""
    backups = backups_of(path)
    if not backups:
        return TigangError(f"题库 {path} 已损坏（{detail}），也没有备份；请把原材料用 tigang mine 重新挖掘到"
                           "一个新题库（--bank 新文件名），损坏的文件可以留作查证。")
    newest = backups[0]
    made = f"{backup_time(newest):%Y-%m-%d %H:%M}"
    return TigangError(f"题库 {path} 已损坏（{detail}）；最近的备份是 {newest}（{made}）："
                       f"把损坏的文件改名留存，再把备份复制为 {path.name} 即可恢复。")


def recover_builtin(path: Path, detail: str) -> str | None:
    """Set the damaged built-in bank aside and put a working one in its place; what was done, for the
    writer, or None when it needed nothing (another process had put it right meanwhile)."""
    with bank_lock(path):
        if _usable(path):
            return None
        aside = set_aside(path) if path.exists() else None
        kept = f"已把它移到 {aside}" if aside else "它已不在"
        backup = _restore_newest(path)
        if backup is None:
            create_bank(path, fill=refresh_seeds)
            return (f"内置题库 {path} 已损坏（{detail}）：{kept}，并用种子重新建立；没有备份可恢复，"
                    "您挖掘过的文档需要重新 tigang mine。")
        return (f"内置题库 {path} 已损坏（{detail}）：{kept}，并从 {backup_time(backup):%Y-%m-%d %H:%M} 的备份 "
                f"{backup} 恢复；此后挖掘的文档需要重新 tigang mine。")


def _usable(path: Path) -> bool:
    """Whether the file at `path` opens as a bank and passes SQLite's quick check (damage found midway
    may lie anywhere in it; the check reads the whole file, but only a bank found damaged gets it)."""
    if not path.exists():
        return False
    try:
        with open_existing(path) as bank:
            return bool(bank.db.execute("PRAGMA quick_check").fetchone()[0] == "ok")
    except Unusable:
        return False
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            return False
        raise


def _restore_newest(path: Path) -> Path | None:
    """Put the newest backup that opens and passes the quick check at `path` (absent); which one."""
    for backup in backups_of(path):
        temp = path.with_name(f".{path.name}.{os.getpid()}.restore")
        try:
            shutil.copyfile(backup, temp)
            with open_existing(temp, write=True) as bank:  # a bank, and not a newer tigang's
                if bank.db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    continue
                with bank.db:  # an id of its own: an index built for the bank it came from is not taken
                    bank.set_meta("bank_id", uuid.uuid4().hex)
                finish(bank)
            link(temp, path)
            return backup
        except (Unusable, TigangError, sqlite3.Error, OSError):
            continue
        finally:
            for leftover in [temp, *sidecars(temp)]:
                with suppress(OSError):
                    leftover.unlink(missing_ok=True)
    return None
