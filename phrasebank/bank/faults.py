"""What a failed SQLite or file operation on a bank means to the writer: one line (`TigangError`)
saying what happened, to which file, and what to do.

SQLite reports a full disk, a disk error, a file it cannot open, a read-only file and a busy bank
each with its own code (an error made up in a test has only its message, which is matched instead).
A file that is not a bank, or a damaged one, is not explained here: `phrasebank.bank.recovery` knows
whether there is a backup to name.
"""
from __future__ import annotations

import errno
import os
import sqlite3
import stat
from pathlib import Path

from phrasebank.bank.schema import BUSY_ATTEMPTS, BUSY_SECONDS
from phrasebank.errors import TigangError

_BY_MESSAGE = {
    "database or disk is full": sqlite3.SQLITE_FULL,
    "disk i/o error": sqlite3.SQLITE_IOERR,
    "unable to open database file": sqlite3.SQLITE_CANTOPEN,
    "readonly database": sqlite3.SQLITE_READONLY,
    "database is locked": sqlite3.SQLITE_BUSY,
    "file is not a database": sqlite3.SQLITE_NOTADB,
    "database disk image is malformed": sqlite3.SQLITE_CORRUPT,
}

FULL = ("磁盘已满（或文件超出了大小限制）", "腾出磁盘空间后重试")
DISK = ("磁盘读写出错（磁盘已满或出了故障）", "检查磁盘空间和存储设备后重试")
DENIED = ("没有读写权限", "检查该文件和所在文件夹的权限，或用 --bank 换一个可写的位置")
CANT_OPEN = ("无法打开文件（没有权限，或所在文件夹不可访问）", "检查该文件和所在文件夹的权限")
READ_ONLY = ("文件或所在磁盘只读", "修改权限，或把题库复制到可写的位置后用 --bank 指定")
"""(what happened, what to do) for each kind of failure."""

_ERRNO_CAUSES = {
    errno.ENOSPC: FULL, getattr(errno, "EDQUOT", errno.ENOSPC): FULL, errno.EFBIG: FULL, errno.EIO: DISK,
    errno.EACCES: DENIED, errno.EPERM: DENIED, errno.EROFS: READ_ONLY,
}
_SQLITE_CAUSES = {
    sqlite3.SQLITE_FULL: FULL, sqlite3.SQLITE_IOERR: DISK, sqlite3.SQLITE_CANTOPEN: CANT_OPEN,
    sqlite3.SQLITE_PERM: DENIED, sqlite3.SQLITE_AUTH: DENIED, sqlite3.SQLITE_READONLY: READ_ONLY,
}


def sqlite_code(error: sqlite3.Error) -> int:
    """The primary result code of a SQLite error (0 when it cannot be told)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return int(code) & 0xFF
    text = str(error).lower()
    return next((value for message, value in _BY_MESSAGE.items() if message in text), 0)


def is_damage(error: BaseException) -> bool:
    """Whether SQLite found that a file is not a database at all, or a damaged one."""
    return isinstance(error, sqlite3.DatabaseError) and sqlite_code(error) in (sqlite3.SQLITE_CORRUPT,
                                                                               sqlite3.SQLITE_NOTADB)


def is_busy(error: BaseException) -> bool:
    """Whether another process held the bank for longer than a write waits."""
    return isinstance(error, sqlite3.Error) and sqlite_code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def cause(error: BaseException) -> tuple[str, str] | None:
    """(what happened, what to do) for a full disk, a disk error, a refused permission or a read-only
    file; None for anything else."""
    if isinstance(error, sqlite3.Error):
        return _SQLITE_CAUSES.get(sqlite_code(error))
    if isinstance(error, OSError) and error.errno is not None:
        return _ERRNO_CAUSES.get(error.errno)
    return None


def can_write(path: Path) -> bool:
    """Whether an existing file or folder may be written: the system allows it and it is not marked
    read-only (no write permission for anyone: whoever did that meant it, even for an administrator,
    whom the system would let write)."""
    try:
        marked = not os.stat(path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    except OSError:
        return False
    return not marked and os.access(path, os.W_OK)


def read_only_reason(path: Path) -> str | None:
    """Why the bank file at `path` cannot be written (its folder, or the file itself), or None."""
    if not can_write(path.parent):
        return f"所在文件夹 {path.parent} 不可写"
    if path.exists() and not can_write(path):
        return "文件不可写"
    return None


def read_only_error(path: Path, reason: str) -> TigangError:
    """A write asked of a bank that cannot be written."""
    return TigangError(f"题库 {path} 是只读的（{reason}）；挖掘和删除文档需要写入题库：请修改权限，"
                       "或把它复制到可写的位置后用 --bank 指定。")


def explain(error: BaseException, path: Path) -> TigangError | None:
    """The one line for a failure while using the bank at `path` (a file of another name, for an
    `OSError` that names one); None for what this module cannot explain (damage, other errors)."""
    if is_busy(error):
        minutes = max(1, round(BUSY_ATTEMPTS * BUSY_SECONDS / 60))
        return TigangError(f"题库 {path} 正被另一个 tigang 进程写入，等了 {minutes} 分钟仍未结束；请等它完成后重试。")
    found = cause(error)
    if found is None:
        return None
    what, todo = found
    if found is READ_ONLY:
        return read_only_error(path, what)
    filename = getattr(error, "filename", None)
    if isinstance(error, OSError) and filename is not None and Path(os.fsdecode(filename)) != path:
        todo = "检查该文件和所在文件夹的权限" if found is DENIED else todo  # not the bank: no --bank advice
        return TigangError(f"读写 {os.fsdecode(filename)} 失败：{what}；请{todo}。")
    name = getattr(error, "sqlite_errorname", None)
    code = f"，{name}" if found is DISK and name else ""
    kept = "（题库保持上次完整写入时的内容）" if found in (FULL, DISK) else ""
    return TigangError(f"读写题库 {path} 失败：{what}{code}；请{todo}{kept}。")


def creation_error(path: Path, error: BaseException) -> TigangError | None:
    """The one line for a bank that could not be created (nothing of it was left behind)."""
    found = cause(error)
    if found is None:
        return None
    what, todo = found
    return TigangError(f"无法建立题库 {path}：{what}；请{todo}（没有留下不完整的文件）。")
