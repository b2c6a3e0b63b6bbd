"""Atomic file writes: a temp file in the same directory, flushed, then renamed over the target.

A symbolic link is followed (its target is replaced and it stays a link), and a file marked read-only
is refused rather than replaced: renaming over it would otherwise succeed, since renaming needs only
the folder to be writable.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO


def _read_umask() -> int:
    """The process umask, read once at import (setting it back and forth later would race threads)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_UMASK = _read_umask()


@contextmanager
def open_atomic(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write that replaces `path` only once it is complete (temp file + rename);
    if anything fails, `path` is left as it was."""
    path = Path(os.path.realpath(path))
    _refuse_read_only(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as temp_file:
            yield temp_file
            temp_file.flush()
            os.fsync(temp_file.fileno())
        os.chmod(temp_name, _mode_for(path))
        os.replace(temp_name, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so a crash leaves either the old file or the new one, never half of one."""
    with open_atomic(path) as handle:
        handle.write(data)


def is_read_only(path: Path) -> bool:
    """Whether an existing file is marked read-only (no write permission for anyone): a writer who
    set that meant it, even where the system would let this process write (as an administrator)."""
    try:
        return not os.stat(path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    except OSError:
        return False


def _refuse_read_only(path: Path) -> None:
    if is_read_only(path) or (path.exists() and not os.access(path, os.W_OK)):
        raise PermissionError(errno.EACCES, "文件是只读的", str(path))


def _mode_for(path: Path) -> int:
    """The existing file's permissions, or the usual ones for a new file (mkstemp's are owner-only)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return 0o666 & ~_UMASK


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text atomically (see `write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"))
