"""A file opened as a bank, and a new bank file made: the checks before anything is written.

Opening reads the versions that made the bank before it sets a pragma, so a bank that must not be
changed (one from a newer tigang) is refused untouched. A bank whose file or folder cannot be written
is opened read-only: `mode=ro` while a writer may be at work (its WAL file is there), else
`immutable`, which needs no shared-memory file beside it. A new bank is made complete in a temporary
file and then linked into place, so a failure leaves nothing behind, and two processes creating the
same bank at once end up in one.
"""
from __future__ import annotations

import errno
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from phrasebank import mining
from phrasebank.bank.faults import (
    can_write,
    creation_error,
    is_damage,
    read_only_error,
    read_only_reason,
    sqlite_code,
)
from phrasebank.bank.schema import (
    IMMUTABLE,
    READ_ONLY,
    READ_WRITE,
    SCHEMA_VERSION,
    connect,
    create_schema,
    use_pragmas,
)
from phrasebank.bank.store import Bank
from phrasebank.errors import TigangError


class Unusable(Exception):
    """The file is not a bank (`damaged` when it is a SQLite file with damaged pages); `detail` says
    what is wrong, for the writer."""

    def __init__(self, detail: str, *, damaged: bool) -> None:
        super().__init__(detail)
        self.detail = detail
        self.damaged = damaged


NOT_SQLITE = "不是 SQLite 数据库"
DAMAGED = "数据库文件残缺或被改写"
NO_META = "其中没有 tigang 题库的数据"


def sidecars(path: Path) -> list[Path]:
    """A SQLite file's WAL and shared-memory files."""
    return [path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def open_existing(path: Path, *, write: bool = False) -> Bank:
    """Open a bank file as it is: read-only where it cannot be written (a `TigangError` if `write`),
    `Unusable` when it is not a bank, a `TigangError` when a newer tigang made it."""
    reason = read_only_reason(path)
    if reason is not None and write:
        raise read_only_error(path, reason)
    if reason is None:
        accesses = [READ_WRITE]
    elif sidecars(path)[0].exists():  # a writer may be at work: read its WAL too, where SQLite can
        accesses = [READ_ONLY, IMMUTABLE]
    else:
        accesses = [IMMUTABLE]
    for access in accesses:
        try:
            connection = connect(path, access)
        except sqlite3.OperationalError:
            if access == READ_ONLY:
                continue  # no shared-memory file could be made: read the file alone
            raise
        try:
            versions = _versions(connection)
            _refuse_newer(path, *versions)
            use_pragmas(connection, writable=access == READ_WRITE)
        except sqlite3.Error as error:
            connection.close()
            if is_damage(error):
                if sqlite_code(error) == sqlite3.SQLITE_NOTADB:
                    raise Unusable(NOT_SQLITE, damaged=False) from None
                raise Unusable(DAMAGED, damaged=True) from None
            if access == READ_ONLY:
                continue
            raise
        except BaseException:
            connection.close()
            raise
        return Bank(path, connection, read_only=access != READ_WRITE)
    raise AssertionError("unreachable: the last way of opening raises")


def _versions(connection: sqlite3.Connection) -> tuple[int, int]:
    """(schema version, mining version) from the bank's meta table; `Unusable` when there is none."""
    try:
        rows = dict(connection.execute(
            "SELECT key, value FROM meta WHERE key IN ('schema_version', 'mining_version')").fetchall())
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            raise Unusable(NO_META, damaged=False) from None
        raise
    try:
        return int(rows["schema_version"]), int(rows.get("mining_version", 0))
    except (KeyError, ValueError):
        raise Unusable(NO_META, damaged=False) from None


def _refuse_newer(path: Path, schema: int, mined: int) -> None:
    """A bank a newer tigang made is refused untouched: an older one would drop what it cannot read."""
    if schema > SCHEMA_VERSION or mined > mining.MINING_VERSION:
        made = f"题库格式第 {schema} 版、挖掘第 {mined} 版"
        ours = f"本版 tigang 只认到题库格式第 {SCHEMA_VERSION} 版、挖掘第 {mining.MINING_VERSION} 版"
        raise TigangError(f"题库 {path} 由更新版本的 tigang 建立（{made}，{ours}）；"
                          "请升级 tigang 后再用，题库未作任何改动。")


def create_bank(path: Path, fill: Callable[[Bank], None] | None = None) -> Bank:
    """A new bank file at `path` (filled by `fill`, e.g. with the seeds), made in a temporary file and
    put in place only when complete; if another process put one there first, that one is opened."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not can_write(folder):
            raise TigangError(f"无法建立题库 {path}：文件夹 {folder} 不可写；"
                              "请修改它的权限，或用 --bank 换一个可写的位置。")
        temp = folder / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.new"
        try:
            with new_bank_file(temp) as bank:
                if fill is not None:
                    fill(bank)
                finish(bank)
            link(temp, path)
        finally:
            for leftover in [temp, *sidecars(temp)]:
                with suppress(OSError):
                    leftover.unlink(missing_ok=True)
    except (sqlite3.Error, OSError) as error:
        explained = creation_error(path, error)
        if explained is None:
            raise
        raise explained from error
    return open_existing(path, write=True)


def new_bank_file(path: Path) -> Bank:
    """A new, empty bank at a path that does not exist yet (no checks: `create_bank` makes them)."""
    connection = connect(path)
    try:
        use_pragmas(connection)
        create_schema(connection, mining.MINING_VERSION)
    except BaseException:
        connection.close()
        raise
    return Bank(path, connection)


def finish(bank: Bank) -> None:
    """Make a bank built under a temporary name one complete file (its WAL written into it), ready to
    be moved into place; an error if that failed (a full disk), where closing alone would say nothing."""
    mode = bank.db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    if str(mode).lower() != "delete":
        raise OSError(errno.EIO, "题库未能写成一个完整的文件", str(bank.path))


def link(temp: Path, path: Path) -> None:
    """Put the finished bank `temp` at `path` unless a bank is already there (an empty file, left by a
    create that an older tigang did not finish, is replaced)."""
    with suppress(FileNotFoundError):
        if path.stat().st_size == 0:
            path.unlink()
    try:
        os.link(temp, path)  # fails if `path` exists: never replaces a bank another process made
    except FileExistsError:
        return
    except OSError:  # a file system without hard links
        if not path.exists():
            os.replace(temp, path)


@contextmanager
def bank_lock(path: Path) -> Iterator[None]:
    """Hold the lock that lets one process at a time upgrade or set aside the bank at `path` (a hidden
    file beside it; the bank's own lock cannot be used: the file is replaced while it is held)."""
    with (path.parent / f".{path.name}.lock").open("a+b") as handle:
        if os.name == "posix":
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield
