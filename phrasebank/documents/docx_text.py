""".docx to text: the paragraphs of the document body in reading order, tables where they stand.

Only the main document part is read — not python-docx's whole package, whose images can be many
times the text — and it is read bounded: a .docx is a zip, and a few hundred KB of it can inflate to
hundreds of MB of XML (one such file took minutes and gigabytes to mine). The sizes the zip declares
are checked first, and the read stops one byte past the limit whatever they claim. The XML is parsed
by python-docx's own parser, which resolves no entities (no external files, no entity expansion).
"""
from __future__ import annotations

import math
import posixpath
import zipfile
from pathlib import Path
from typing import IO, Any

from phrasebank.errors import TigangError

DOCX_XML_LIMIT_MB = 50
DOCX_XML_LIMIT = DOCX_XML_LIMIT_MB * 1024 * 1024
"""Most bytes of document XML read: a real 100-page report is a few MB of it."""

_RELS = "_rels/.rels"
_RELS_LIMIT = 1024 * 1024
_MAIN_PART = "word/document.xml"
_OFFICE_DOCUMENT_TYPES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT, _BODY, _P, _TBL, _TR, _TC = (_W + tag for tag in ("document", "body", "p", "tbl", "tr", "tc"))
_R, _HYPERLINK, _T, _BR, _TYPE = (_W + tag for tag in ("r", "hyperlink", "t", "br", "type"))
_RUN_CONTENT_TEXT = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}

MAX_TABLE_DEPTH = 8
"""Tables nested deeper than this are left out (real documents nest two or three)."""


def docx_text(path: Path, source: IO[bytes]) -> str:
    """The text of a .docx, one paragraph per line, table cells in place; raise `TigangError` if unreadable.

    `source` is the open file (or its bytes in a `BytesIO`); `path` is what messages call it.
    """
    try:
        with zipfile.ZipFile(source) as package:
            xml = _main_part_xml(path, package)
        document = _parse(xml)
        body = document.find(_BODY) if document.tag == _DOCUMENT else None
        if body is None:
            raise ValueError("the main part is not a w:document with a w:body")
        lines: list[str] = []
        _container_lines(body, 0, lines)
    except TigangError:
        raise
    except Exception as error:  # noqa: BLE001 - zipfile, zlib and lxml raise assorted errors on damaged files
        raise TigangError(
            f"{path} 不是有效的 .docx 文件（{type(error).__name__}）；请在 Word 中重新保存后再试。"
        ) from None
    return "\n".join(lines)


def _main_part_xml(path: Path, package: zipfile.ZipFile) -> bytes:
    """The XML of the main document part, found through the package relationships, read bounded."""
    part = _MAIN_PART
    rels = _bounded_read(package, package.getinfo(_RELS), _RELS_LIMIT) if _has(package, _RELS) else None
    if rels is not None:  # an oversized one is ignored: the main part is then where Word puts it
        for relationship in _parse(rels).iter(_RELATIONSHIP):
            if relationship.get("Type") in _OFFICE_DOCUMENT_TYPES and relationship.get("TargetMode") != "External":
                part = posixpath.normpath(relationship.get("Target", _MAIN_PART)).lstrip("/")
                break
    info = package.getinfo(part)
    if info.file_size > DOCX_XML_LIMIT:
        raise _too_large(path, info.file_size)
    xml = _bounded_read(package, info, DOCX_XML_LIMIT)
    if xml is None:  # the zip declared less than it holds
        raise _too_large(path, None)
    return xml


def megabytes(size: int) -> str:
    """A size in MB for a message, rounded up, so that anything over a limit never reads as the limit."""
    return f"{math.ceil(size / 1024 / 1024 * 10) / 10:.1f} MB"


def _has(package: zipfile.ZipFile, member: str) -> bool:
    """True when the zip holds `member`."""
    try:
        package.getinfo(member)
    except KeyError:
        return False
    return True


def _bounded_read(package: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """At most `limit` bytes of a zip member, or None when it holds more."""
    with package.open(info) as member:
        data = member.read(limit + 1)
    return None if len(data) > limit else data


def _too_large(path: Path, size: int | None) -> TigangError:
    """The refusal for a document whose XML would take minutes and gigabytes to read (`size` is None
    when the zip understated it and the bounded read found out)."""
    how_large = f"有 {megabytes(size)}，超过" if size is not None else "超过"
    return TigangError(
        f"{path} 的正文解压后{how_large} .docx 正文上限 {DOCX_XML_LIMIT_MB} MB；"
        "文件可能已损坏或并非普通文档，请在 Word 中检查，或拆成几个较小的文档后再试。"
    )


def _parse(xml: bytes) -> Any:
    """The parsed XML, by python-docx's parser: it resolves no entities and loads no DTD."""
    from docx.oxml.parser import parse_xml  # python-docx is slow to import, and only .docx needs it

    return parse_xml(xml)


def _container_lines(container: Any, table_depth: int, lines: list[str]) -> None:
    """Append the paragraphs of the body or a table cell in order, tables' cells where the tables stand."""
    for child in container.iterchildren(_P, _TBL):
        if child.tag == _P:
            lines.append(_paragraph_text(child))
        elif table_depth < MAX_TABLE_DEPTH:
            for row in child.iterchildren(_TR):
                for cell in row.iterchildren(_TC):
                    _container_lines(cell, table_depth + 1, lines)


def _paragraph_text(paragraph: Any) -> str:
    """A paragraph's text as python-docx's `Paragraph.text` gives it (runs and hyperlinks; tabs, line
    breaks, non-breaking hyphens), without its per-element XPath, which made it five times slower."""
    parts: list[str] = []
    for child in paragraph.iterchildren(_R, _HYPERLINK):
        for run in (child,) if child.tag == _R else child.iterchildren(_R):
            for item in run.iterchildren(_T, _BR, *_RUN_CONTENT_TEXT):
                if item.tag == _T:
                    parts.append(item.text or "")
                elif item.tag == _BR:
                    if item.get(_TYPE, "textWrapping") == "textWrapping":  # page and column breaks are no text
                        parts.append("\n")
                else:
                    parts.append(_RUN_CONTENT_TEXT[item.tag])
    return "".join(parts)
