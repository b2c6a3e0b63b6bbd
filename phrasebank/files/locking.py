"""Locks between processes on one file: held while a file is read, changed and written back, so two
commands (or an editor and a command) never write over each other.

The lock is a small lock file next to the file it guards, locked with the system's advisory lock
(`flock` on POSIX, `msvcrt.locking` on Windows): the system releases it when the process ends, however
it ends, so a crash never leaves a file locked.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from phrasebank.errors import TigangError

WAIT_SECONDS = 30.0
"""How long a writer waits for another to finish (a save takes milliseconds; a stuck one is not normal)."""


class LockTimeout(TigangError):
    """Another process held the lock for longer than `WAIT_SECONDS`."""


def lock_path(path: Path, purpose: str = "lock") -> Path:
    """The hidden lock file of `path` for one purpose: `.NAME.lock` next to it."""
    return path.with_name(f".{path.name}.{purpose}")


@contextmanager
def file_lock(path: Path, *, purpose: str = "lock", wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the exclusive lock of `path` (waiting up to `wait` seconds for another holder)."""
    handle = _open_lock_file(lock_path(path, purpose))
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise LockTimeout(f"{path} 正被另一个 tigang 进程写入，等待 {wait:.0f} 秒仍未完成；请稍后再试。")
            time.sleep(0.01)
        yield
    finally:
        handle.close()  # closing releases the lock


class Claim:
    """A lock held for as long as something is open (an outline in an editor), released by `release`."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle: BinaryIO | None = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def try_claim(path: Path, purpose: str) -> Claim | None:
    """Take the `purpose` lock of `path` without waiting; None when another process holds it."""
    handle = _open_lock_file(lock_path(path, purpose))
    if _try_lock(handle):
        return Claim(handle)
    handle.close()
    return None


def _open_lock_file(path: Path) -> BinaryIO:
    """The lock file, created if missing (it is never written: its lock is what counts)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("a+b")
    except OSError as error:
        raise TigangError(f"无法在 {path.parent} 创建锁文件（{error.strerror}）；请检查该文件夹是否可写。") from None


def _try_lock(handle: BinaryIO) -> bool:
    """Lock the whole file without waiting; False when another process holds it."""
    try:
        if os.name == "posix":
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    except BlockingIOError:
        return False
    except PermissionError:  # Windows reports a held lock this way
        return False
    return True
