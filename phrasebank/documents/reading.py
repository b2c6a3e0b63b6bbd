"""Reading documents from disk: .txt/.md in UTF-8, GB18030/GBK, Big5 or UTF-16, and .docx.

The encoding is detected from the bytes, never guessed from the file name (`decoding`); .docx is
read by `docx_text`. Anything that is not a readable document becomes a `TigangError` naming the
file, so one bad file never crashes a batch — and nothing is read without bounds: only regular files
are opened (a FIFO or /dev/zero would block or never end), and text files above `TEXT_SIZE_LIMIT`
are refused before they are read.
"""
from __future__ import annotations

import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from phrasebank.documents.decoding import decode_text, remove_control_characters
from phrasebank.documents.docx_text import docx_text, megabytes
from phrasebank.errors import TigangError
from phrasebank.files.regular import NotRegularFile, open_regular, read_at_most, special_file_kind

__all__ = [
    "DOCX_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "TEXT_SIZE_LIMIT",
    "TEXT_SUFFIXES",
    "SourceText",
    "decode_text",
    "iter_document_paths",
    "read_document",
]

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
DOCX_SUFFIXES = (".docx",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + DOCX_SUFFIXES

TEXT_SIZE_LIMIT_MB = 20
TEXT_SIZE_LIMIT = TEXT_SIZE_LIMIT_MB * 1024 * 1024
"""Largest text file read: some 7 million Chinese characters, far beyond any speech or 素材 collection."""

_ZIP_SIGNATURE = b"PK\x03\x04"

_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)


@dataclass(frozen=True)
class SourceText:
    """The text of one document as read from disk, one source line (or .docx paragraph) per line."""

    path: Path
    text: str
    encoding: str


def read_document(path: str | Path) -> SourceText:
    """Read a .txt, .md or .docx file; raise `TigangError` for anything unreadable."""
    path = Path(path)
    try:
        status = path.stat()
    except FileNotFoundError:
        raise TigangError(f"找不到文件 {path}；请检查路径是否正确。") from None
    except OSError as error:
        raise _unreadable(path, error) from None
    if stat.S_ISDIR(status.st_mode):
        raise TigangError(f"{path} 是文件夹，不是文件；请指定一个 .txt、.md 或 .docx 文件。")
    _refuse_special_file(path, status.st_mode)
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise TigangError(f"{path} 是旧版 Word（.doc）文件，无法读取；请在 Word 中另存为 .docx 后再试。")
    if status.st_size == 0:
        raise _empty(path)
    with _open_regular_file(path) as file:
        if suffix in DOCX_SUFFIXES:
            text, encoding = docx_text(path, file), "docx"
        else:
            raw = _read_text_bytes(path, file)
            if raw.startswith(_ZIP_SIGNATURE):  # a .docx saved under a text name
                text, encoding = docx_text(path, io.BytesIO(raw)), "docx"
            else:
                text, encoding = decode_text(raw, path)
                if suffix in (".md", ".markdown"):
                    text = _strip_markdown(text)
    if encoding == "docx":
        text = remove_control_characters(text)
    if not text.strip():
        raise TigangError(f"{path} 中没有文字内容；请选择有内容的文档。")
    return SourceText(path=path, text=text, encoding=encoding)


def _open_regular_file(path: Path) -> BinaryIO:
    """Open `path` for reading without ever blocking, and only if it is still a regular file."""
    try:
        return open_regular(path)
    except NotRegularFile as refused:
        raise _special_file_error(path, refused.kind) from None
    except OSError as error:
        raise _unreadable(path, error) from None


def _read_text_bytes(path: Path, file: BinaryIO) -> bytes:
    """All bytes of an open text file, refused beyond `TEXT_SIZE_LIMIT` (checked again while reading,
    since the file may have grown since it was measured)."""
    raw = read_at_most(file, TEXT_SIZE_LIMIT)
    if raw is None:
        size = max(os.fstat(file.fileno()).st_size, TEXT_SIZE_LIMIT + 1)
        raise TigangError(
            f"{path} 有 {megabytes(size)}，超过文本文件上限 {TEXT_SIZE_LIMIT_MB} MB；请把它拆成几个较小的文件后再试。"
        )
    if not raw.strip():
        raise _empty(path)
    return raw


def _refuse_special_file(path: Path, mode: int) -> None:
    """Raise for anything but a regular file or folder: reading one would block or never end."""
    kind = special_file_kind(mode)
    if kind is not None:
        raise _special_file_error(path, kind)


def _special_file_error(path: Path, kind: str) -> TigangError:
    return TigangError(f"{path} 是{kind}，不是普通文件，无法读取；请指定一个 .txt、.md 或 .docx 文件。")


def _unreadable(path: Path, error: OSError) -> TigangError:
    return TigangError(f"无法读取 {path}（{error.strerror or error}）；请检查文件权限。")


def _empty(path: Path) -> TigangError:
    return TigangError(f"{path} 是空文件；请选择有内容的文档。")


def _strip_markdown(text: str) -> str:
    """Drop Markdown heading marks and emphasis pairs, which are formatting, not wording."""
    text = _MARKDOWN_HEADING.sub("", text)
    return _MARKDOWN_EMPHASIS.sub(r"\2", text)


def iter_document_paths(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand files and folders (recursively) into readable document paths and skipped (path, reason).

    A FIFO, device or local IPC endpoint — named on the command line, or with a document suffix in a folder — is
    skipped with its reason rather than handed to a reader; other files in folders without a
    document suffix, hidden files and Word's lock files are passed over in silence.
    """
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for path in paths:
        mode = _mode(path)
        if mode is None:
            skipped.append((path, "找不到该路径"))
        elif stat.S_ISDIR(mode):
            for child in sorted(path.rglob("*")):
                hidden = child.name.startswith((".", "~$"))  # dot files, Word's lock files
                if hidden or child.suffix.lower() not in SUPPORTED_SUFFIXES:
                    continue
                child_mode = _mode(child)
                if child_mode is None:
                    skipped.append((child, "找不到该路径（链接已失效）"))
                elif stat.S_ISREG(child_mode):
                    found.append(child)
                elif not stat.S_ISDIR(child_mode):
                    skipped.append((child, _special_reason(child_mode)))
        elif stat.S_ISREG(mode):
            found.append(path)
        else:
            skipped.append((path, _special_reason(mode)))
    return found, skipped


def _mode(path: Path) -> int | None:
    """The file type and permissions of `path` (following links), or None when there is nothing there."""
    try:
        return path.stat().st_mode
    except OSError:
        return None


def _special_reason(mode: int) -> str:
    return f"是{special_file_kind(mode)}，不是普通文件，无法读取"
