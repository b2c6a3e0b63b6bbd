"""Near-duplicates: the same phrase with one word changed, added or dropped becomes a variant of one entry.

Two phrases of one kind are variants when deleting at most one word from each (jieba tokens,
punctuation left out) makes them equal — one word substituted, inserted or deleted. Each phrase is
described by keys: a hash of its word sequence, and of the sequence with each word deleted in turn;
two phrases are variants exactly when they share a key. The keys are stable 64-bit numbers (the same
in every process), so the search index can hold them and new phrases find their variants by lookup,
without comparing every pair (`phrasebank.bank.grouping`). Groups are the connected sets; the most
used phrase heads its group.
"""
from __future__ import annotations

import sys
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

MIN_TOKENS = 4
"""Shorter phrases (坚持学习带动 / 坚持典型带动) are parallel points, not variants of one another."""
MIN_CHARS = 8
MAX_TOKENS = 40
KINDS = ("heading", "point", "sentence", "opening", "closing")
"""Kinds whose phrases are grouped."""
PUNCTUATION = set("，。、；：！？“”")

_BASE = 1_000_003
_MASK = (1 << 64) - 1
_INVERSE = pow(_BASE, -1, 1 << 64)
"""B⁻¹ modulo 2⁶⁴: taking a word out of the middle of a hash divides the words before it by B."""
_POWERS = [pow(_BASE, exponent, 1 << 64) for exponent in range(64)]

VariantRow = tuple[int, str, str, str, int]
"""(id, kind, text, tokens space-joined, count)."""


def words_of(tokens: str) -> list[str]:
    """The words variants are compared on: the tokens without punctuation."""
    return [word for word in tokens.split(" ") if word and word not in PUNCTUATION]


def variant_keys(kind: str, text: str, tokens: str) -> tuple[int, ...]:
    """The keys of one phrase (empty when it is not grouped: another kind, too short or too long)."""
    words = words_of(tokens)
    if kind not in KINDS or not MIN_TOKENS <= len(words) <= MAX_TOKENS or len(text) < MIN_CHARS:
        return ()
    salt = zlib.crc32(kind.encode()) << 32
    codes = [zlib.crc32(word.encode("utf-8")) + 1 for word in words]
    powers = [1]
    for _ in codes:
        powers.append(powers[-1] * _BASE & _MASK)
    prefix = [0]
    for code in codes:
        prefix.append((prefix[-1] * _BASE + code) & _MASK)
    count = len(codes)
    suffix = [0] * (count + 1)
    for index in range(count - 1, -1, -1):
        suffix[index] = (codes[index] * powers[count - 1 - index] + suffix[index + 1]) & _MASK
    keys = {(prefix[count] ^ salt) & _MASK}
    for index in range(count):  # the sequence with word `index` deleted
        rest = count - 1 - index
        keys.add(((prefix[index] * powers[rest] + suffix[index + 1]) & _MASK) ^ salt)
    return tuple(sorted(keys))


@lru_cache(maxsize=1 << 17)
def _word_code(word: str) -> int:
    """The number a word stands for in keys (an archive's words are few and recur in every phrase)."""
    return zlib.crc32(word.encode("utf-8")) + 1


def packed_keys_of(phrases: Sequence[tuple[str, str, str]]) -> list[bytes]:
    """`pack_keys(variant_keys(kind, text, tokens))` for many phrases at once, with numpy: the same
    numbers, computed in a fraction of the time (mining computes them for every phrase it finds)."""
    codes: list[int] = []
    lengths: list[int] = []
    salts: list[int] = []
    for kind, text, tokens in phrases:
        words = words_of(tokens) if kind in KINDS and len(text) >= MIN_CHARS else []
        if not MIN_TOKENS <= len(words) <= MAX_TOKENS:
            lengths.append(0)
            continue
        codes.extend([_word_code(word) for word in words])
        lengths.append(len(words))
        salts.append(zlib.crc32(kind.encode()) << 32)
    if not codes:
        return [b""] * len(phrases)
    counts = np.array([length for length in lengths if length], dtype=np.int64)
    owner = np.repeat(np.arange(len(counts)), counts)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    position = np.arange(len(codes)) - starts[owner]
    powers = np.array(_POWERS, dtype=np.uint64)
    with np.errstate(over="ignore"):
        terms = np.array(codes, dtype=np.uint64) * powers[counts[owner] - 1 - position]  # c_j · B^(n-1-j)
        running = np.cumsum(terms)
        before = running - terms
        before -= before[starts][owner]  # Σ of the terms before word j, within its phrase
        whole = np.add.reduceat(terms, starts)
        after = whole[owner] - before - terms  # Σ of the terms after word j
        deleted = before * np.uint64(_INVERSE) + after  # the phrase without word j
    salt = np.array(salts, dtype=np.uint64)
    keys = np.concatenate((whole ^ salt, deleted ^ salt[owner]))
    owners = np.concatenate((np.arange(len(counts)), owner))
    order = np.lexsort((keys, owners))
    keys, owners = keys[order], owners[order]
    keep = np.concatenate(([True], (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])))
    keys, owners = keys[keep], owners[keep]
    data = keys.astype("<u8").tobytes()
    ends = np.cumsum(np.bincount(owners, minlength=len(counts))).tolist()
    packed = [data[8 * start : 8 * end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]
    found = iter(packed)
    return [next(found) if length else b"" for length in lengths]


def pack_keys(keys: Iterable[int]) -> bytes:
    """Keys as stored in the bank: little-endian unsigned 64-bit numbers."""
    packed = array("Q", keys)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def unpack_keys(data: bytes) -> tuple[int, ...]:
    """The keys `pack_keys` stored."""
    packed = array("Q")
    packed.frombytes(data)
    if sys.byteorder == "big":
        packed.byteswap()
    return tuple(packed)


def group_variants(rows: Iterable[VariantRow]) -> dict[int, int]:
    """Map phrase id → its group's head for every phrase in a group of two or more: the reference
    grouping of a whole bank (the bank keeps it current incrementally)."""
    parent: dict[int, int] = {}
    counts: dict[int, int] = {}
    lengths: dict[int, int] = {}
    first_with_key: dict[int, int] = {}

    def find(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for phrase_id, kind, text, tokens, count in rows:
        keys = variant_keys(kind, text, tokens)
        if not keys:
            continue
        parent[phrase_id] = phrase_id
        counts[phrase_id] = count
        lengths[phrase_id] = len(text)
        for key in keys:
            other = first_with_key.setdefault(key, phrase_id)
            if other != phrase_id:
                root_a, root_b = find(other), find(phrase_id)
                if root_a != root_b:
                    parent[max(root_a, root_b)] = min(root_a, root_b)
    groups: dict[int, list[int]] = defaultdict(list)
    for phrase_id in parent:
        groups[find(phrase_id)].append(phrase_id)
    return {member: head for members in groups.values() if len(members) > 1
            for head in [group_head(members, counts, lengths)] for member in members}


def group_head(members: Iterable[int], counts: dict[int, int], lengths: dict[int, int]) -> int:
    """The phrase heading a group: the most used, then the shortest, then the oldest."""
    return max(members, key=lambda member: (counts[member], -lengths[member], -member))
