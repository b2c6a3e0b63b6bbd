"""Text bytes to text: a BOM or UTF-8 first, else the legacy decoding that reads most like Chinese.

UTF-8 is decided by decoding once, and that is almost every file. Only when it fails are GB18030 and
Big5 tried, and each decoding that succeeds is judged by `plausibility` (GB18030 decodes almost any
bytes, so succeeding proves nothing); bytes with NULs and no BOM are tried as UTF-16, little- and
big-endian, judged the same way, and failing that as UTF-8 with stray NULs (which go, like any
control character, unless there are so many that it is binary). No plausible decoding means a
one-line refusal, never mojibake.

Control characters are removed here, once for every format: `\\r\\n` and `\\r` become `\\n`; vertical
tab (Word's manual line break in exported text), form feed (its page break) and the Unicode line and
paragraph separators become `\\n` too, since each ends a line where the writer saw one; every other
C0/C1 control and DEL is dropped, and tab stays. (Zero-width characters are `cleaning`'s job.)
"""
from __future__ import annotations

import re
from pathlib import Path

from phrasebank.documents.plausibility import chinese_plausibility
from phrasebank.errors import TigangError
from phrasebank.text.cjk import strip_control_chars

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16: it starts with UTF-16's little-endian BOM
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
LEGACY_ENCODINGS = ("gb18030", "big5", "cp950")
"""Tried in this order when UTF-8 fails; of equally plausible decodings the first wins (cp950 is
Windows' Big5, a superset that reads files strict Big5 rejects)."""
UTF16_ENCODINGS = ("utf-16-le", "utf-16-be")
"""Tried for bytes with NULs and no BOM. ASCII in UTF-16 puts its NUL bytes at odd (LE) or even (BE)
offsets, but all-Chinese text has few NULs and on the other side (一 is U+4E00), so rather than
count NUL offsets both are decoded and judged."""

SCORE_SAMPLE_CHARS = 500_000
"""How much of a decoding is judged: plenty to tell, and a 20 MB file costs no more than 1 MB."""
_BINARY_SAMPLE_CHARS = 20_000

_ODD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
"""What `remove_control_characters` changes once carriage returns are gone; absent from most files."""
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def unrecognised_encoding_error(path: Path) -> TigangError:
    """The refusal for bytes that are no supported encoding of Chinese text."""
    return TigangError(
        f"{path} 的编码无法识别（不是 UTF-8、GB18030/GBK、Big5 或 UTF-16 编码的中文文本）；"
        "请用记事本或 Word 把它另存为 UTF-8 文本后再试。"
    )


def binary_file_error(path: Path) -> TigangError:
    """The refusal for bytes that are not text at all."""
    return TigangError(f"{path} 是二进制文件，不是文本；请选择 .txt、.md 或 .docx 文档。")


def decode_text(raw: bytes, path: Path) -> tuple[str, str]:
    """Decode text bytes without control characters; return (text, encoding) or raise `TigangError`."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return _without_controls(raw.decode(encoding), path), encoding
            except UnicodeDecodeError:
                raise unrecognised_encoding_error(path) from None
    if b"\x00" in raw:
        decoded = _most_plausible(raw, UTF16_ENCODINGS)
        if decoded is None:  # UTF-8 with a few stray NULs is still text; mostly NULs is refused as binary
            try:
                decoded = raw.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                raise binary_file_error(path) from None
    else:
        try:
            return _without_controls(raw.decode("utf-8"), path), "utf-8"
        except UnicodeDecodeError:
            pass
        decoded = _most_plausible(raw, LEGACY_ENCODINGS)
        if decoded is None:
            raise unrecognised_encoding_error(path)
    text, encoding = decoded
    return _without_controls(text, path), encoding


def remove_control_characters(text: str) -> str:
    """Every kind of line break made `\\n`, other control characters dropped (see the module docstring)."""
    return _without_controls(text, None)


def _without_controls(text: str, path: Path | None) -> str:
    """`remove_control_characters`, refusing first (when reading `path`) a text that is more than
    1 % control characters: that was binary data that happened to decode."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ODD_CHARACTERS.search(text) is None:  # the common case: one scan, no copy
        return text
    sample = text[:_BINARY_SAMPLE_CHARS]
    if path is not None and len(_BINARY_CONTROLS.findall(sample)) > max(2, len(sample) // 100):
        raise binary_file_error(path)
    return strip_control_chars(text)  # the one rule, shared with export


def _most_plausible(raw: bytes, encodings: tuple[str, ...]) -> tuple[str, str] | None:
    """(text, encoding) of the plausible decoding that reads most like Chinese, or None."""
    best: tuple[float, str, str] | None = None
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        verdict = chinese_plausibility(text[:SCORE_SAMPLE_CHARS])
        if verdict.plausible and (best is None or verdict.share > best[0]):
            best = (verdict.share, text, encoding)
    return None if best is None else (best[1], best[2])
