"""The one exception type whose message is shown to the user as a one-line error, and the words for
failed file operations (a full disk, a read-only folder) that every command uses."""
from __future__ import annotations

import errno


class TigangError(Exception):
    """A problem the user can fix; its message says what, where and what to do, on one line."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


_OS_REASONS = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件超过了允许的大小",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "所在磁盘是只读的",
    errno.ENOENT: "路径不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.EIO: "磁盘读写出错",
}


def os_error_reason(error: OSError) -> str:
    """Why a file operation failed, in the writer's words (the system's own text for rarer errors)."""
    return _OS_REASONS.get(error.errno or 0, error.strerror or type(error).__name__)


def os_error_message(error: OSError, doing: str = "读写", path: object = None) -> str:
    """One line for a failed file operation: what, where (`path`, else the error's file), why, what to do."""
    place = path if path is not None else error.filename
    where = f" {place}" if place else ""
    return f"无法{doing}{where}（{os_error_reason(error)}）；请检查该位置是否可写、磁盘是否还有空间，或换一个位置。"
