"""Posting lists: which entries (by rank) hold a key, built with numpy, and the operations on them.

Every list is in rank order — ranks are the order search wants (most used first) — so a scan can stop
as soon as it has enough hits, and lists intersect or merge without sorting. Keys are integer codes
(a character, a bigram of characters, an n-gram of pinyin initials) in one sorted array, so a lookup
is one binary search.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Ranks = npt.NDArray[np.uint32]
"""Entry ranks in ascending order."""
Codes = npt.NDArray[np.uint64]

EMPTY: Ranks = np.zeros(0, dtype=np.uint32)

SMALL = 2000
"""A candidate list this short is checked directly rather than narrowed further."""


@dataclass
class Postings:
    """Sorted key codes → slices of one array of entry ranks (each slice in rank order)."""

    keys: Codes
    starts: npt.NDArray[np.int64]
    ranks: Ranks

    def get(self, code: int) -> Ranks:
        """Ranks of the entries filed under `code`, empty when none."""
        keys = self.keys
        position = int(np.searchsorted(keys, code))
        if position < len(keys) and int(keys[position]) == code:
            return self.ranks[self.starts[position] : self.starts[position + 1]]
        return EMPTY

    def size(self, code: int) -> int:
        """How many entries are filed under `code`."""
        position = int(np.searchsorted(self.keys, code))
        if position < len(self.keys) and int(self.keys[position]) == code:
            return int(self.starts[position + 1] - self.starts[position])
        return 0

    def sizes(self, codes: Codes) -> npt.NDArray[np.int64]:
        """How many entries are filed under each of `codes` (a vectorised `size`)."""
        if not len(self.keys):
            return np.zeros(len(codes), dtype=np.int64)
        position = np.minimum(np.searchsorted(self.keys, codes), len(self.keys) - 1)
        found = self.keys[position] == codes
        sizes: npt.NDArray[np.int64] = np.where(found, self.starts[position + 1] - self.starts[position], 0)
        return sizes

    @classmethod
    def empty(cls) -> Postings:
        return cls(np.zeros(0, dtype=np.uint64), np.zeros(1, dtype=np.int64), EMPTY)

    @classmethod
    def group(cls, codes: npt.NDArray[np.integer], ranks: Ranks, *, radix: bool = False) -> Postings:
        """Postings from parallel arrays of (code, rank) pairs, given in rank order: grouped by code,
        each list in rank order, repeats within an entry dropped.

        `radix` when every code fits 16 bits: a stable radix sort then keeps the rank order; other
        codes are sorted together with their ranks.
        """
        if not len(codes):
            return cls.empty()
        if radix:
            order = np.argsort(codes.astype(np.uint16, copy=False), kind="stable")
            codes_sorted = codes[order]
            ranks_sorted = ranks[order]
            keep = np.empty(len(order), dtype=bool)
            keep[0] = True
            np.not_equal(codes_sorted[1:], codes_sorted[:-1], out=keep[1:])
            keep[1:] |= ranks_sorted[1:] != ranks_sorted[:-1]
        elif int(codes.max()) < 2**32:
            combined = codes.astype(np.uint64)
            combined <<= np.uint64(32)
            combined |= ranks
            combined.sort()
            keep = np.empty(len(combined), dtype=bool)
            keep[0] = True
            np.not_equal(combined[1:], combined[:-1], out=keep[1:])
            combined = combined[keep]
            ranks_sorted = combined.astype(np.uint32)  # the low 32 bits
            combined >>= np.uint64(32)
            codes_sorted = combined
            keep = np.ones(len(combined), dtype=bool)
        else:
            order = np.lexsort((ranks, codes))
            codes_sorted, ranks_sorted = codes[order], ranks[order]
            keep = np.empty(len(order), dtype=bool)
            keep[0] = True
            keep[1:] = (codes_sorted[1:] != codes_sorted[:-1]) | (ranks_sorted[1:] != ranks_sorted[:-1])
        if not keep.all():
            codes_sorted, ranks_sorted = codes_sorted[keep], ranks_sorted[keep]
        new_key = np.empty(len(codes_sorted), dtype=bool)
        new_key[0] = True
        np.not_equal(codes_sorted[1:], codes_sorted[:-1], out=new_key[1:])
        boundaries = np.flatnonzero(new_key)
        starts = np.append(boundaries, len(codes_sorted)).astype(np.int64)
        return cls(codes_sorted[boundaries].astype(np.uint64), starts, ranks_sorted.astype(np.uint32, copy=False))


class PostingsBuilder:
    """Postings built a chunk of entries at a time (chunks in rank order), so that building never
    needs more memory than one chunk's pairs besides the result."""

    def __init__(self, *, radix: bool = False) -> None:
        self.radix = radix
        self._parts: list[tuple[Codes, npt.NDArray[np.int64], Ranks]] = []

    def add(self, codes: npt.NDArray[np.integer], ranks: Ranks) -> None:
        """The (code, rank) pairs of one chunk, whose ranks all follow those of earlier chunks."""
        part = Postings.group(codes, ranks, radix=self.radix)
        if len(part.keys):
            self._parts.append((part.keys, np.diff(part.starts), part.ranks))

    def build(self) -> Postings:
        """All chunks' postings as one: each key's lists concatenated in chunk order (so in rank order)."""
        if not self._parts:
            return Postings.empty()
        if len(self._parts) == 1:
            keys, counts, ranks = self._parts[0]
            return Postings(keys, np.concatenate(([0], np.cumsum(counts))).astype(np.int64), ranks)
        all_keys = np.unique(np.concatenate([keys for keys, _, _ in self._parts]))
        totals = np.zeros(len(all_keys), dtype=np.int64)
        indexes = []
        for keys, counts, _ in self._parts:
            index = np.searchsorted(all_keys, keys)
            totals[index] += counts
            indexes.append(index)
        starts = np.concatenate(([0], np.cumsum(totals))).astype(np.int64)
        cursor = starts[:-1].copy()
        merged = np.empty(int(starts[-1]), dtype=np.uint32)
        for (_, counts, ranks), index in zip(self._parts, indexes, strict=True):
            first = np.concatenate(([0], np.cumsum(counts)[:-1]))
            within = np.arange(len(ranks)) - np.repeat(first, counts)
            merged[np.repeat(cursor[index], counts) + within] = ranks
            cursor[index] += counts
        self._parts = []
        return Postings(all_keys, starts, merged)


def intersect(lists: Sequence[Ranks]) -> Ranks:
    """Ranks in every one of `lists` (ascending, unique), ascending."""
    if not lists:
        return EMPTY
    ordered = sorted(lists, key=len)
    result = ordered[0]
    for other in ordered[1:]:
        if not len(result):
            break
        # a binary search of each of the few in the many: cost follows the shortest list
        at = np.minimum(np.searchsorted(other, result), len(other) - 1)
        result = result[other[at] == result] if len(other) else EMPTY
    return result.astype(np.uint32, copy=False)


def member(ranks: npt.NDArray[np.integer], listed: Ranks) -> npt.NDArray[np.bool_]:
    """Whether each of `ranks` is in the ascending list `listed` (one binary search each)."""
    if not len(listed):
        return np.zeros(len(ranks), dtype=bool)
    found: npt.NDArray[np.bool_] = listed.take(listed.searchsorted(ranks), mode="clip") == ranks
    return found


def union(lists: Iterable[Ranks]) -> Ranks:
    """Ranks in any of `lists`, ascending."""
    present = [items for items in lists if len(items)]
    if not present:
        return EMPTY
    if len(present) == 1:
        return present[0]
    merged = np.concatenate(present)
    merged.sort(kind="stable")  # a merge of ascending runs (timsort): linear, unlike a general sort
    distinct = np.empty(len(merged), dtype=bool)
    distinct[0] = True
    np.not_equal(merged[1:], merged[:-1], out=distinct[1:])
    return merged[distinct].astype(np.uint32, copy=False)
