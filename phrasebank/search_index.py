"""The search index: built from a bank once, saved next to it, loaded in well under a second.

Everything is flat: phrases in rank order (most used first) so every posting list is already sorted
by frequency; all texts in one string with an offsets array; the initials (one letter per character)
in one aligned string; n-gram postings as sorted key strings plus offset and id arrays. Few Python
objects means a small memory footprint and a fast `pickle.load`.
"""
from __future__ import annotations

import pickle
from operator import add
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from phrasebank.atomic import write_bytes_atomic
from phrasebank.kinds import KINDS
from phrasebank.pinyin import initials_tables, readings_table, syllable_prefixes

INDEX_FORMAT = 3
SEPARATOR = "\x00"
PREFIX_KEY = 16
"""Initials prefix searches look at this many leading letters; longer queries are verified anyway."""


@dataclass
class Postings:
    """Fixed-length keys (sorted, concatenated) → slices of one array of phrase ranks."""

    width: int
    keys: str
    starts: array
    ranks: array

    def get(self, key: str) -> memoryview | array:
        """Ranks of the phrases containing `key` (in rank order), empty when none."""
        low, high = 0, len(self.keys) // self.width
        width = self.width
        while low < high:
            middle = (low + high) // 2
            if self.keys[middle * width : middle * width + width] < key:
                low = middle + 1
            else:
                high = middle
        if low < len(self.keys) // width and self.keys[low * width : low * width + width] == key:
            return memoryview(self.ranks)[self.starts[low] : self.starts[low + 1]]
        return array("I")

    @classmethod
    def build(cls, width: int, lists: dict[str, array]) -> Postings:
        keys = sorted(lists)
        starts = array("Q", [0])
        ranks = array("I")
        for key in keys:
            ranks.extend(lists[key])
            starts.append(len(ranks))
        return cls(width, "".join(keys), starts, ranks)


@dataclass
class IndexData:
    """What a search index holds (see the module docstring)."""

    generation: str
    ids: array  # rank → phrase id
    counts: array
    docs: array
    kinds: bytes
    masks: bytes
    text: str  # all texts, each followed by SEPARATOR
    offsets: array  # rank → start in `text` (n + 1 entries)
    initials: str  # aligned with `text`
    switched: str  # aligned with `initials`: where a polyphone may start with another letter, that letter
    han: dict[int, Postings]  # 1 → characters, 2 → bigrams
    letters: dict[int, Postings]  # 2, 3 → initial n-grams (also with one polyphone switched)
    by_text: array  # ranks sorted by text
    initials_keys: str  # initials (the first PREFIX_KEY letters; also each with one polyphone switched), sorted
    initials_starts: array  # start of each key in `initials_keys` (+ 1 final entry)
    initials_ranks: array  # the rank each key belongs to
    readings: dict[str, tuple[str, ...]]
    words: frozenset[str] = field(default_factory=frozenset)
    syllable_prefixes: frozenset[str] = field(default_factory=frozenset)
    format: int = INDEX_FORMAT

    def __len__(self) -> int:
        return len(self.ids)

    def text_of(self, rank: int) -> str:
        return self.text[self.offsets[rank] : self.offsets[rank + 1] - 1]

    def initials_of(self, rank: int) -> str:
        return self.initials[self.offsets[rank] : self.offsets[rank + 1] - 1]

    def switched_of(self, rank: int) -> str:
        return self.switched[self.offsets[rank] : self.offsets[rank + 1] - 1]

    def initials_key(self, position: int) -> str:
        """The `position`-th initials string in sorted order."""
        return self.initials_keys[self.initials_starts[position] : self.initials_starts[position + 1] - 1]


def bigrams_of(text: str) -> map:
    """Every two adjacent characters of `text`, in order."""
    return map(add, text, text[1:])


def build_index(rows: Iterable[tuple[int, str, str, int, int, int, str]], generation: str) -> IndexData:
    """Build from (id, kind, text, count, docs, organ_mask, tokens) rows already in rank order."""
    ids, counts, docs = array("I"), array("I"), array("I")
    kinds, masks = bytearray(), bytearray()
    texts: list[str] = []
    words: set[str] = set()
    for phrase_id, kind, text, count, doc_count, mask, tokens in rows:
        ids.append(phrase_id)
        counts.append(count)
        docs.append(doc_count)
        kinds.append(KINDS.index(kind))
        masks.append(mask)
        texts.append(text.replace(SEPARATOR, " "))
        words.update(token for token in tokens.split(" ") if len(token) >= 2)
    chars = {char for text in texts for char in set(text)}
    table = readings_table(chars)
    primary_table, switched_table = initials_tables(table, chars)
    offsets = array("I", [0])
    initials_parts: list[str] = []
    switched_parts: list[str] = []
    han1: dict[str, array] = defaultdict(lambda: array("I"))
    han2: dict[str, array] = defaultdict(lambda: array("I"))
    letters: dict[int, dict[str, array]] = {size: defaultdict(lambda: array("I")) for size in (2, 3)}
    end = 0
    for rank, text in enumerate(texts):
        end += len(text) + 1
        offsets.append(end)
        primary = text.translate(primary_table)
        switched = text.translate(switched_table)
        initials_parts.append(primary)
        switched_parts.append(switched)
        for char in set(text):
            han1[char].append(rank)
        for gram in set(map(add, text, text[1:])):
            han2[gram].append(rank)
        bigrams = set(map(add, primary, primary[1:]))
        trigrams = set(map(add, bigrams_of(primary), primary[2:]))
        if switched != primary:  # one polyphone read the other way at a time (长期: cq, not cj)
            for position in (i for i, (letter, other) in enumerate(zip(primary, switched)) if letter != other):
                window = primary[max(0, position - 2) : position] + switched[position] + primary[position + 1 : position + 3]
                bigrams.update(map(add, window, window[1:]))
                trigrams.update(map(add, bigrams_of(window), window[2:]))
        for gram in bigrams:
            if "\x01" not in gram:
                letters[2][gram].append(rank)
        for gram in trigrams:
            if "\x01" not in gram:
                letters[3][gram].append(rank)
    initials = SEPARATOR.join(initials_parts) + SEPARATOR if texts else ""
    return IndexData(
        generation=generation,
        ids=ids,
        counts=counts,
        docs=docs,
        kinds=bytes(kinds),
        masks=bytes(masks),
        text=SEPARATOR.join(texts) + SEPARATOR if texts else "",
        offsets=offsets,
        initials=initials,
        switched=SEPARATOR.join(switched_parts) + SEPARATOR if texts else "",
        han={1: Postings.build(1, han1), 2: Postings.build(2, han2)},
        letters={size: Postings.build(size, postings) for size, postings in letters.items()},
        by_text=array("I", sorted(range(len(texts)), key=texts.__getitem__)),
        **_initials_order(initials_parts, switched_parts),
        readings=table,
        words=frozenset(words),
        syllable_prefixes=syllable_prefixes(),
    )


def _initials_order(primary: list[str], switched: list[str]) -> dict[str, object]:
    """Leading initials of every phrase (and with one polyphone switched), sorted, for bisection."""
    pairs = [(initials[:PREFIX_KEY], rank) for rank, initials in enumerate(primary)]
    for rank, (initials, other) in enumerate(zip(primary, switched)):
        if initials != other:
            head = initials[:PREFIX_KEY]
            pairs += [(head[:position] + letter + head[position + 1 :], rank) for position, letter in enumerate(other[:PREFIX_KEY]) if letter != head[position]]
    pairs.sort()
    starts = array("Q", [0])
    for initials, _ in pairs:
        starts.append(starts[-1] + len(initials) + 1)
    return {
        "initials_keys": "".join(initials + SEPARATOR for initials, _ in pairs),
        "initials_starts": starts,
        "initials_ranks": array("I", (rank for _, rank in pairs)),
    }


def save_index(data: IndexData, path: Path) -> None:
    """Write the index atomically."""
    write_bytes_atomic(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def load_index(path: Path) -> IndexData | None:
    """The saved index, or None when it is missing, unreadable or of another format."""
    try:
        with path.open("rb") as handle:
            data = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None
    return data if isinstance(data, IndexData) and data.format == INDEX_FORMAT else None
