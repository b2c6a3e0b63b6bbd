"""Reading documents from disk: .txt/.md in UTF-8 (with or without BOM) or GB18030/GBK, and .docx.

The encoding is detected from the bytes, never guessed from the file name; anything that is not
readable text becomes a `TigangError` naming the file, so one bad file never crashes a batch.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from phrasebank.errors import TigangError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
DOCX_SUFFIXES = (".docx",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + DOCX_SUFFIXES

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
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
    if not path.exists():
        raise TigangError(f"找不到文件 {path}；请检查路径是否正确。")
    if path.is_dir():
        raise TigangError(f"{path} 是文件夹，不是文件；请指定一个 .txt、.md 或 .docx 文件。")
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise TigangError(f"{path} 是旧版 Word（.doc）文件，无法读取；请在 Word 中另存为 .docx 后再试。")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TigangError(f"无法读取 {path}（{error.strerror or error}）；请检查文件权限。") from None
    if not raw.strip():
        raise TigangError(f"{path} 是空文件；请选择有内容的文档。")
    if suffix in DOCX_SUFFIXES or raw[:4] == b"PK\x03\x04":
        text, encoding = _docx_text(path, raw), "docx"
    else:
        text, encoding = decode_text(raw, path)
        if suffix in (".md", ".markdown"):
            text = _strip_markdown(text)
    if not text.strip():
        raise TigangError(f"{path} 中没有文字内容；请选择有内容的文档。")
    return SourceText(path=path, text=text, encoding=encoding)


def decode_text(raw: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 with BOM, or GB18030; detect binary data."""
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        if b"\x00" in raw[:8192]:
            raise TigangError(f"{path} 是二进制文件，不是文本；请选择 .txt、.md 或 .docx 文档。")
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
    raise TigangError(
        f"{path} 不是可识别的文本（既不是 UTF-8 也不是 GB18030/GBK 编码）；请另存为 UTF-8 文本或 .docx 后再试。"
    )


def _looks_binary(text: str) -> bool:
    """Control characters in more than 1 % of a decoded text mean it was never text."""
    sample = text[:20000]
    return len(_CONTROL_CHARS.findall(sample)) > max(2, len(sample) // 100)


def _docx_text(path: Path, raw: bytes) -> str:
    """Paragraph text of a .docx, one paragraph per line (table cells included, in order)."""
    import io

    try:
        import docx  # python-docx; imported here because it is slow and only .docx needs it

        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise TigangError(
            f"{path} 不是有效的 .docx 文件（{type(error).__name__}）；请在 Word 中重新保存后再试。"
        ) from None
    except Exception as error:  # noqa: BLE001 - python-docx raises assorted errors on damaged XML
        raise TigangError(
            f"{path} 无法作为 .docx 打开（{type(error).__name__}）；请在 Word 中重新保存后再试。"
        ) from None
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)


def _strip_markdown(text: str) -> str:
    """Drop Markdown heading marks and emphasis pairs, which are formatting, not wording."""
    text = _MARKDOWN_HEADING.sub("", text)
    return _MARKDOWN_EMPHASIS.sub(r"\2", text)


def iter_document_paths(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand files and folders (recursively) into readable document paths and skipped (path, reason)."""
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = child.name.startswith((".", "~$"))  # dot files, Word's lock files
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES and not hidden:
                    found.append(child)
        elif path.is_file():
            found.append(path)
        else:
            skipped.append((path, "找不到该路径"))
    return found, skipped
