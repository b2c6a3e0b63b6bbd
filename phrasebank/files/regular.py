"""Reading a file only when it is a regular file, and only up to a limit: a FIFO, a device or a file
without end (/dev/zero) handed over as a document or an outline must never block or fill memory.

Callers word their own messages (a document and an outline are refused differently); this module
only says what the file is and whether it fitted.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
"""Open without waiting (a FIFO would wait for a writer forever) and without taking a terminal."""


class NotRegularFile(Exception):
    """The path is a folder, a FIFO, a device or a local IPC endpoint; `kind` names it in the writer's words."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def special_file_kind(mode: int) -> str | None:
    """What a file that is not a regular file or folder is, in words; None for those two."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode):
        return "字符设备"
    if stat.S_ISBLK(mode):
        return "块设备"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading without ever blocking; `NotRegularFile` unless it is a regular file
    (checked on the open file, so a swap after a check cannot slip through), `OSError` as usual."""
    descriptor = os.open(path, OPEN_FLAGS)
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise NotRegularFile("文件夹" if stat.S_ISDIR(mode) else special_file_kind(mode) or "特殊文件")
    return os.fdopen(descriptor, "rb")


def read_at_most(file: BinaryIO, limit: int) -> bytes | None:
    """All bytes of an open regular file, or None when it holds more than `limit` (also when it grew
    past the limit while being read). Reads what the file has, never a buffer of the limit's size."""
    size = os.fstat(file.fileno()).st_size
    if size > limit:
        return None
    raw = file.read(size + 1)
    if len(raw) > size:  # it grew since it was measured
        raw += file.read(limit + 1 - len(raw))
    return raw if len(raw) <= limit else None
