"""Segments on disk as plain data: a header naming every array, the arrays raw (memory-mapped on load),
the texts as UTF-8, the small tables as JSON. Nothing read back can run code.

A file that is cut short, of another format, whose arrays do not fit its layout or whose texts do not
match their checksum is refused (`SegmentFileError`); the index then rebuilds what it needs from the
bank. The arrays are checked for size and type but not read: a search touches only the pages it
needs, so opening a big index stays fast and takes little memory.
"""
from __future__ import annotations

import json
import mmap
import os
import zlib
from pathlib import Path
from typing import TypeVar, cast

import numpy as np
import numpy.typing as npt

from phrasebank.files.atomic import open_atomic
from phrasebank.search.postings import Postings
from phrasebank.search.segment import PhraseSegment, SentenceSegment, TextColumn

MAGIC = b"TIGANGSG"
FORMAT = 2
"""2: one byte of flags per phrase (head, hidden, starred) where 1 had only whether it heads its group."""
ALIGN = 8


class SegmentFileError(Exception):
    """A segment file that cannot be used (missing, damaged, of another format)."""


Arrays = dict[str, npt.NDArray[np.generic]]
Scalar = TypeVar("Scalar", bound=np.generic)


PLAIN_DTYPES = frozenset({"|u1", "|i1", "|b1", "<u2", "<u4", "<u8", "<i2", "<i4", "<i8"})
"""The array types a segment may hold (little-endian numbers); anything else marks a foreign file."""

def save_segment(segment: PhraseSegment | SentenceSegment, path: Path) -> None:
    """Write a segment atomically."""
    arrays, blobs = _parts(segment)
    layout: dict[str, list[object]] = {}
    position = 0
    chunks: list[bytes | memoryview] = []
    for name, array in arrays.items():
        data = np.ascontiguousarray(array).data.cast("B")
        layout[name] = ["array", position, data.nbytes, array.dtype.str, len(array)]
        chunks.append(data)
        padding = -data.nbytes % ALIGN
        chunks.append(b"\0" * padding)
        position += data.nbytes + padding
    for name, blob in blobs.items():
        layout[name] = ["blob", position, len(blob)]
        chunks.append(blob)
        padding = -len(blob) % ALIGN
        chunks.append(b"\0" * padding)
        position += len(blob) + padding
    checksum = 0
    for blob in blobs.values():
        checksum = zlib.crc32(blob, checksum)
    collection = "phrases" if isinstance(segment, PhraseSegment) else "sentences"
    header = json.dumps({"collection": collection, "entries": len(segment), "layout": layout, "body": position,
                         "texts_crc32": checksum}).encode("utf-8")
    header += b" " * (-(len(header) + 16) % ALIGN)
    with open_atomic(path) as handle:
        handle.write(MAGIC + FORMAT.to_bytes(4, "little") + len(header).to_bytes(4, "little") + header)
        for chunk in chunks:
            handle.write(chunk)


def load_segment(path: Path) -> PhraseSegment | SentenceSegment:
    """Read a segment back (arrays memory-mapped where the system allows); `SegmentFileError` if it
    cannot be trusted."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
            if len(head) < 16 or head[:8] != MAGIC:
                raise SegmentFileError(f"{path.name}: not a tigang index segment")
            if int.from_bytes(head[8:12], "little") != FORMAT:
                raise SegmentFileError(f"{path.name}: another index format")
            header_size = int.from_bytes(head[12:16], "little")
            header = json.loads(handle.read(header_size))
            base = 16 + header_size
            if os.name == "posix":
                buffer: mmap.mmap | bytes = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            else:  # a mapped file cannot be replaced on Windows, and segments are replaced by merges
                handle.seek(0)
                buffer = handle.read()
    except (OSError, ValueError, json.JSONDecodeError) as error:
        raise SegmentFileError(f"{path.name}: {error}") from None
    body = memoryview(buffer)[base:]
    arrays: Arrays = {}
    blobs: dict[str, bytes] = {}
    try:
        if len(body) != header["body"]:
            raise ValueError("cut short")
        for name, (kind, offset, size, *rest) in header["layout"].items():
            if not 0 <= offset <= offset + size <= len(body):
                raise ValueError(f"{name} lies outside the file")
            if kind == "array":
                dtype, length = rest
                if dtype not in PLAIN_DTYPES:  # numbers only: nothing in a segment is an object
                    raise ValueError(f"{name} has an unexpected type {dtype!r}")
                if np.dtype(dtype).itemsize * length != size:
                    raise ValueError(f"{name} does not fit its size")
                arrays[name] = np.frombuffer(body, dtype=np.dtype(dtype), count=length, offset=offset)
            else:
                blobs[name] = bytes(body[offset : offset + size])
        checksum = 0
        for blob in blobs.values():
            checksum = zlib.crc32(blob, checksum)
        if checksum != header["texts_crc32"]:
            raise ValueError("texts damaged (checksum)")
    except (KeyError, TypeError, ValueError) as error:
        raise SegmentFileError(f"{path.name}: {error}") from None
    return _segment(header["collection"], arrays, blobs)


def _parts(segment: PhraseSegment | SentenceSegment) -> tuple[Arrays, dict[str, bytes]]:
    """The arrays and the blobs a segment is written as."""
    arrays: Arrays = {"offsets": segment.texts.offsets}
    arrays.update(_postings("han1", segment.texts.han1))
    arrays.update(_postings("han2", segment.texts.han2))
    meta: dict[str, object] = {"char_ids": segment.texts.char_ids}
    blobs = {"text": segment.texts.text.encode("utf-8", "surrogatepass")}
    if isinstance(segment, PhraseSegment):
        arrays.update(ids=segment.ids, counts=segment.counts, docs=segment.docs, kinds=segment.kinds,
                      masks=segment.masks, flags=segment.flags, token_offsets=segment.token_offsets,
                      by_text=segment.by_text, id_order=segment.id_order, variant_keys=segment.variant_keys,
                      variant_ranks=segment.variant_ranks)
        for family, postings in (("letters", segment.letters), ("starts", segment.starts), ("exact", segment.exact)):
            for width, items in postings.items():
                arrays.update(_postings(f"{family}{width}", items))
        blobs["tokens"] = segment.tokens.encode("utf-8", "surrogatepass")
        meta.update(words=segment.words, readings=segment.readings, classes=segment.classes)
    else:
        arrays.update(doc_ids=segment.doc_ids, lines=segment.lines, columns=segment.columns)
    blobs["meta"] = json.dumps(meta, ensure_ascii=False).encode("utf-8")
    return arrays, blobs


def _postings(name: str, postings: Postings) -> Arrays:
    return {f"{name}.keys": postings.keys, f"{name}.starts": postings.starts, f"{name}.ranks": postings.ranks}


def _segment(collection: str, arrays: Arrays, blobs: dict[str, bytes]) -> PhraseSegment | SentenceSegment:
    """A segment from what `_parts` wrote; `SegmentFileError` when its parts do not fit together."""
    try:
        typed = _Typed(arrays)
        meta = json.loads(blobs["meta"])
        texts = TextColumn(blobs["text"].decode("utf-8", "surrogatepass"), typed.get("offsets", np.int64),
                           meta["char_ids"], _read_postings(typed, "han1"), _read_postings(typed, "han2"))
        if collection == "sentences":
            segment: PhraseSegment | SentenceSegment = SentenceSegment(
                texts, typed.get("doc_ids", np.uint32), typed.get("lines", np.uint32), typed.get("columns", np.uint32))
        else:
            families = {family: {int(name[len(family) : -5]): _read_postings(typed, name[:-5])
                                 for name in arrays if name.startswith(family) and name.endswith(".keys")}
                        for family in ("letters", "starts", "exact")}
            u32, u8 = np.uint32, np.uint8
            segment = PhraseSegment(
                texts=texts, ids=typed.get("ids", u32), counts=typed.get("counts", u32), docs=typed.get("docs", u32),
                kinds=typed.get("kinds", u8), masks=typed.get("masks", u8), flags=typed.get("flags", u8),
                tokens=blobs["tokens"].decode("utf-8", "surrogatepass"),
                token_offsets=typed.get("token_offsets", np.int64), by_text=typed.get("by_text", u32),
                letters=families["letters"], starts=families["starts"], exact=families["exact"], words=meta["words"],
                readings={char: tuple(readings) for char, readings in meta["readings"].items()},
                classes=meta["classes"], id_order=typed.get("id_order", u32),
                variant_keys=typed.get("variant_keys", np.uint64), variant_ranks=typed.get("variant_ranks", u32),
            )
    except (KeyError, ValueError, TypeError, UnicodeDecodeError) as error:
        raise SegmentFileError(f"a segment's contents do not fit together ({error})") from None
    if len(texts) != len(segment) or texts.offsets[-1:].tolist() != [len(texts.text)]:
        raise SegmentFileError("a segment's texts and entries do not fit together")
    return segment


class _Typed:
    """The arrays of a segment file, each checked to have the type its field needs."""

    def __init__(self, arrays: Arrays) -> None:
        self.arrays = arrays

    def get(self, name: str, dtype: type[Scalar]) -> npt.NDArray[Scalar]:
        array = self.arrays[name]
        if array.dtype != np.dtype(dtype):
            raise ValueError(f"{name} is {array.dtype}, not {np.dtype(dtype)}")
        return cast("npt.NDArray[Scalar]", array)


def _read_postings(typed: _Typed, name: str) -> Postings:
    return Postings(typed.get(f"{name}.keys", np.uint64), typed.get(f"{name}.starts", np.int64),
                    typed.get(f"{name}.ranks", np.uint32))
