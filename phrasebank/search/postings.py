"""Posting lists: which phrases (by rank) hold a key, and the set operations on rank lists.

Every list is in rank order — and ranks are frequency order — so a scan can stop as soon as it has
enough hits, and two lists intersect or merge without sorting.
"""
from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

Ranks = Sequence[int]
"""Phrase ranks in ascending order (an array, or a memory-mapped slice of one)."""

SMALL = 2000
"""A candidate list this short is checked directly rather than narrowed further."""


@dataclass
class Postings:
    """Fixed-length keys (sorted, concatenated in one string) → slices of one array of phrase ranks."""

    width: int
    keys: str
    starts: Sequence[int]
    ranks: Sequence[int]

    def get(self, key: str) -> Ranks:
        """Ranks of the phrases filed under `key` (in rank order), empty when none."""
        width, keys = self.width, self.keys
        count = len(keys) // width
        position = bisect_left(range(count), key, key=lambda i: keys[i * width : i * width + width])
        if position < count and keys[position * width : position * width + width] == key:
            return memoryview(self.ranks)[self.starts[position] : self.starts[position + 1]]  # type: ignore[arg-type]
        return ()

    @classmethod
    def build(cls, width: int, lists: dict[str, array[int]]) -> Postings:
        keys = sorted(lists)
        starts = array("Q", [0])
        ranks = array("I")
        for key in keys:
            ranks.extend(lists[key])
            starts.append(len(ranks))
        return cls(width, "".join(keys), starts, ranks)


def intersect(lists: list[Collection[int]]) -> list[int]:
    """Ranks in every one of `lists` (ascending rank lists or sets), ascending, computed with C-level
    set operations, narrowing with the shortest lists first until few candidates remain."""
    ordered = sorted(lists, key=len)
    if not ordered or not len(ordered[0]):
        return []
    if len(ordered[0]) < SMALL or len(ordered) == 1:
        return sorted(ordered[0])
    result = set(ordered[0])
    for other in ordered[1:]:
        if len(other) > 8 * len(result):
            break  # walking a list that long costs more than checking the survivors' texts
        result.intersection_update(other)
        if len(result) < SMALL:
            break
    return sorted(result)


def merge_sorted(lists: Iterable[Ranks]) -> Iterable[int]:
    """Ascending merge of ascending rank lists, without repeats."""
    present = [items for items in lists if len(items)]
    if len(present) <= 1:
        return present[0] if present else ()
    return _without_repeats(heapq.merge(*present))


def _without_repeats(merged: Iterable[int]) -> Iterator[int]:
    """Drop the repeats of an ascending stream."""
    last = -1
    for rank in merged:
        if rank != last:
            yield rank
            last = rank


def expand(letter_sets: list[str]) -> list[str]:
    """Every string taking one letter from each set."""
    grams = [""]
    for letters in letter_sets:
        grams = [gram + letter for gram in grams for letter in letters]
    return grams
