"""A segment: one immutable piece of the index — entries in rank order with their postings — built
with numpy in time proportional to its size.

Two collections are indexed: phrases (ranked most used first, with pinyin postings) and the sentences
of the stored paragraphs (full text, in document order). The index is a few segments of each; a
document added or forgotten adds a small segment and marks entries of older segments dead, so an
update costs what the document holds, not what the bank holds (see `phrasebank.search.index`).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from operator import methodcaller

import numpy as np
import numpy.typing as npt

from phrasebank.documents.parse import split_sentences
from phrasebank.search.initials import (
    EXACT_WIDTHS,
    LETTER_CODES,
    START_WIDTHS,
    add_leading,
    add_letter_grams,
    pinyin_classes,
)
from phrasebank.search.pinyin import initials_tables, readings_table
from phrasebank.search.postings import Postings, PostingsBuilder
from phrasebank.vocab.kinds import KINDS

SEPARATOR = "\x00"
U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
U64 = npt.NDArray[np.uint64]

PhraseRow = tuple[int, str, str, int, int, int, str, int, bytes]
"""(id, kind, text, count, docs, organ mask, tokens space-joined, flags (`phrasebank.search.flags`:
heads its variant group or has none, hidden, starred), variant keys packed as little-endian 64-bit
numbers)."""
SentenceRow = tuple[int, int, int, str]
"""(document id, source line, column in the paragraph, sentence)."""
ParagraphRow = tuple[int, int, str]
"""(document id, source line, paragraph): what the bank stores, cut into sentences here."""
Readings = Callable[[set[str]], dict[str, tuple[str, ...]]]
"""Characters → their toneless pinyin readings (those without any left out)."""


@dataclass
class TextColumn:
    """The entries' texts in rank order, joined, with postings of every character and bigram."""

    text: str
    offsets: I64
    char_ids: dict[str, int]
    """Dense ids of the characters that occur (the separator has one too, not listed here)."""
    han1: Postings
    han2: Postings

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def text_of(self, rank: int) -> str:
        return self.text[int(self.offsets[rank]) : int(self.offsets[rank + 1]) - 1]

    def han_code(self, piece: str) -> int | None:
        """The postings code of one character or a bigram; None when a character never occurs here."""
        first = self.char_ids.get(piece[0])
        if first is None:
            return None
        if len(piece) == 1:
            return first
        second = self.char_ids.get(piece[1])
        return None if second is None else first * (len(self.char_ids) + 1) + second

    def count(self, piece: str) -> int:
        """How many entries hold `piece` (one character or a bigram)."""
        code = self.han_code(piece)
        if code is None:
            return 0
        return (self.han1 if len(piece) == 1 else self.han2).size(code)

    def bigram_counts(self, points: U32) -> I64:
        """How many entries hold each bigram of a text given as code points (0 where one never occurs):
        one number per adjacent pair, found in one pass however long the text (a pasted paragraph)."""
        if len(points) < 2:
            return np.zeros(0, dtype=np.int64)
        alphabet, ids = self._alphabet
        if not len(alphabet):
            return np.zeros(len(points) - 1, dtype=np.int64)
        at = np.minimum(np.searchsorted(alphabet, points), len(alphabet) - 1)
        known = alphabet[at] == points
        chars = ids[at].astype(np.uint64)
        codes = chars[:-1] * np.uint64(len(self.char_ids) + 1) + chars[1:]
        counts: I64 = np.where(known[:-1] & known[1:], self.han2.sizes(codes), 0)
        return counts

    @cached_property
    def _alphabet(self) -> tuple[U32, U32]:
        """The code points that occur, sorted, and their character ids."""
        pairs = sorted((ord(char), char_id) for char, char_id in self.char_ids.items())
        points = np.array([point for point, _ in pairs], dtype=np.uint32)
        return points, np.array([char_id for _, char_id in pairs], dtype=np.uint32)

    def containing(self, piece: str) -> npt.NDArray[np.uint32]:
        """Ranks that may contain `piece` (1–2 characters: exactly those), via the postings."""
        code = self.han_code(piece)
        if code is None:
            return np.zeros(0, dtype=np.uint32)
        return (self.han1 if len(piece) == 1 else self.han2).get(code)


@dataclass
class PhraseSegment:
    """Phrases in rank order (most used first): texts, numbers, words and pinyin postings."""

    texts: TextColumn
    ids: U32
    counts: U32
    docs: U32
    kinds: U8
    masks: U8
    flags: U8
    """`phrasebank.search.flags` of each entry: heads its group, hidden, starred."""
    tokens: str
    token_offsets: I64
    by_text: U32
    letters: dict[int, Postings]
    starts: dict[int, Postings]
    exact: dict[int, Postings]
    words: dict[str, int]
    readings: dict[str, tuple[str, ...]]
    classes: dict[str, str]
    id_order: U32 = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))
    """Ranks ordered by phrase id (finds an id's rank by binary search)."""
    variant_keys: U64 = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    """Every entry's variant keys, sorted (finds the phrases that share a key with a new one)."""
    variant_ranks: U32 = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))
    """The rank each of `variant_keys` belongs to."""

    def __len__(self) -> int:
        return len(self.ids)

    def tokens_of(self, rank: int) -> str:
        return self.tokens[int(self.token_offsets[rank]) : int(self.token_offsets[rank + 1]) - 1]

    def order_key(self, rank: int) -> tuple[int, int]:
        """Where the entry stands in the whole index: more used, in more documents, shorter, older first."""
        return int(self.order[rank]), int(self.ids[rank])

    @cached_property
    def order(self) -> U64:
        """The rank order but the id, packed in one number per entry (what merging segments compares,
        with the id)."""
        cap = (1 << 24) - 1
        counts = np.minimum(self.counts, cap).astype(np.uint64)
        docs = np.minimum(self.docs, cap).astype(np.uint64)
        lengths = np.minimum(np.diff(self.texts.offsets) - 1, (1 << 16) - 1).astype(np.uint64)
        packed: U64 = ((cap - counts) << np.uint64(40)) | ((cap - docs) << np.uint64(16)) | lengths
        return packed

    def ranks_of(self, phrase_ids: U32) -> U32:
        """The ranks of those of `phrase_ids` held here."""
        if not len(self) or not len(phrase_ids):
            return np.zeros(0, dtype=np.uint32)
        sorted_ids = self._sorted_ids
        positions = np.clip(np.searchsorted(sorted_ids, phrase_ids), 0, len(sorted_ids) - 1)
        found = sorted_ids[positions] == phrase_ids
        ranks: U32 = self.id_order[positions[found]]
        return ranks

    @cached_property
    def _sorted_ids(self) -> U32:
        ids: U32 = self.ids[self.id_order]
        return ids

    def sharing_keys(self, keys: U64) -> U32:
        """Ranks of the entries having one of `keys` (sorted, unique), ascending."""
        if not len(keys) or not len(self.variant_keys):
            return np.zeros(0, dtype=np.uint32)
        lows = np.searchsorted(self.variant_keys, keys, side="left")
        highs = np.searchsorted(self.variant_keys, keys, side="right")
        hits = [self.variant_ranks[low:high]
                for low, high in zip(lows.tolist(), highs.tolist(), strict=True) if high > low]
        ranks: U32 = np.unique(np.concatenate(hits)).astype(np.uint32) if hits else np.zeros(0, dtype=np.uint32)
        return ranks

    def keys_by_rank(self) -> list[bytes]:
        """Each entry's variant keys, packed as the bank stores them."""
        order = np.argsort(self.variant_ranks, kind="stable")
        keys = self.variant_keys[order].astype("<u8")
        ends = np.cumsum(np.bincount(self.variant_ranks, minlength=len(self))).tolist()
        starts = [0, *ends[:-1]]
        data = keys.tobytes()
        return [data[start * 8 : end * 8] for start, end in zip(starts, ends, strict=True)]

    def rows(self, keep: npt.NDArray[np.bool_] | None = None, *, keys: bool = True) -> list[PhraseRow]:
        """The rows this segment was built from (those with `keep` true), to merge it into another;
        without `keys`, with no variant keys (reading them costs a pass over the whole segment)."""
        ranks = range(len(self)) if keep is None else np.flatnonzero(keep).tolist()
        packed = self.keys_by_rank() if keys else None
        return [
            (int(self.ids[r]), KINDS[self.kinds[r]], self.texts.text_of(r), int(self.counts[r]), int(self.docs[r]),
             int(self.masks[r]), self.tokens_of(r), int(self.flags[r]), packed[r] if packed is not None else b"")
            for r in ranks
        ]


@dataclass
class SentenceSegment:
    """Sentences of stored paragraphs, in document order, for full-text search."""

    texts: TextColumn
    doc_ids: U32
    lines: U32
    columns: U32

    def __len__(self) -> int:
        return len(self.doc_ids)

    def order_key(self, rank: int) -> tuple[int, int]:
        """Where the sentence stands: in document order (ids, then line and column packed)."""
        return int(self.doc_ids[rank]), int(self.lines[rank]) << 32 | int(self.columns[rank])

    def rows(self, keep: npt.NDArray[np.bool_] | None = None) -> list[SentenceRow]:
        ranks = range(len(self)) if keep is None else np.flatnonzero(keep).tolist()
        return [(int(self.doc_ids[r]), int(self.lines[r]), int(self.columns[r]), self.texts.text_of(r)) for r in ranks]


def build_phrases(rows: Iterable[PhraseRow], readings_of: Readings | None = None) -> PhraseSegment:
    """A phrase segment from rows in any order (they are put in rank order here); `readings_of` gives
    the pinyin readings of a set of characters (pypinyin's table when not given: a segment built at
    query time takes them from the index instead, so that a query never loads pypinyin)."""
    ordered = sorted(rows, key=lambda row: (-row[3], -row[4], len(row[2]), row[0]))  # timsort: fast when sorted
    count = len(ordered)
    columns = zip(*ordered, strict=True) if ordered else ([],) * 9
    ids_, kinds_, texts_, counts_, docs_, masks_, tokens_, flags_, keys_ = columns
    texts = [text.replace(SEPARATOR, " ") for text in texts_]
    del ordered
    joined = _Joined(texts)
    chars = {chr(int(point)) for point in joined.alphabet if point}
    readings = (readings_of or readings_table)(chars)
    primary_table, switched_table = initials_tables(readings, chars)
    primary_by_id = LETTER_CODES[[ord(primary_table.get(int(point), "\x01")) for point in joined.alphabet]]
    switched_by_id = LETTER_CODES[[ord(switched_table.get(int(point), "\x01")) for point in joined.alphabet]]
    han1, han2 = joined.builders()
    letters = {size: PostingsBuilder(radix=True) for size in (2, 3)}
    starts = {width: PostingsBuilder() for width in START_WIDTHS}
    exact = {width: PostingsBuilder() for width in EXACT_WIDTHS}
    for chunk in joined.chunks():
        chunk.add_han(han1, han2)
        primary, switched = primary_by_id[chunk.char_ids], switched_by_id[chunk.char_ids]
        add_letter_grams(letters, primary, switched, chunk.ranks)
        add_leading(starts, primary, switched, chunk.offsets, chunk.first, whole=False)
        add_leading(exact, primary, switched, chunk.offsets, chunk.first, whole=True)
    ids = np.array(ids_, dtype=np.uint32)
    token_lengths = np.array([len(item) + 1 for item in tokens_], dtype=np.int64)
    # Occurrences of each word over all tokens (counted at C speed); only whether it is above zero
    # among live entries matters to search, and dead entries are taken off the same way.
    tally = Counter(chain.from_iterable(map(methodcaller("split", " "), tokens_)))  # no list of all tokens
    words = {word: count for word, count in tally.items() if len(word) >= 2}
    kind_codes = {kind: code for code, kind in enumerate(KINDS)}
    variant_keys = np.frombuffer(b"".join(keys_), dtype="<u8").astype(np.uint64)
    key_ranks = np.repeat(np.arange(count, dtype=np.uint32), [len(item) // 8 for item in keys_])
    key_order = np.argsort(variant_keys, kind="stable")
    return PhraseSegment(
        texts=joined.column(han1.build(), han2.build()),
        ids=ids,
        counts=np.array(counts_, dtype=np.uint32),
        docs=np.array(docs_, dtype=np.uint32),
        kinds=np.array([kind_codes[kind] for kind in kinds_], dtype=np.uint8),
        masks=np.array(masks_, dtype=np.uint8),
        flags=np.array(flags_, dtype=np.uint8),
        tokens=SEPARATOR.join(tokens_) + SEPARATOR,
        token_offsets=np.concatenate(([0], np.cumsum(token_lengths))).astype(np.int64),
        by_text=np.array(sorted(range(count), key=texts.__getitem__), dtype=np.uint32),
        letters={size: builder.build() for size, builder in letters.items()},
        starts={width: builder.build() for width, builder in starts.items()},
        exact={width: builder.build() for width, builder in exact.items()},
        words=words,
        readings=readings,
        classes=pinyin_classes(readings),
        id_order=np.argsort(ids, kind="stable").astype(np.uint32),
        variant_keys=variant_keys[key_order],
        variant_ranks=key_ranks[key_order],
    )


def sentences_of(paragraphs: Iterable[ParagraphRow]) -> list[SentenceRow]:
    """The sentences of stored paragraphs (the unit full-text search finds), with where each starts."""
    return [(doc_id, line, column, sentence)
            for doc_id, line, text in paragraphs for column, sentence in split_sentences(text)]


def build_sentences(rows: Iterable[SentenceRow]) -> SentenceSegment:
    """A sentence segment from rows in any order (they are put in document order here)."""
    ordered = sorted(rows, key=lambda row: (row[0], row[1], row[2]))
    joined = _Joined([row[3].replace(SEPARATOR, " ") for row in ordered])
    han1, han2 = joined.builders()
    for chunk in joined.chunks():
        chunk.add_han(han1, han2)
    return SentenceSegment(
        texts=joined.column(han1.build(), han2.build()),
        doc_ids=np.array([row[0] for row in ordered], dtype=np.uint32),
        lines=np.array([row[1] for row in ordered], dtype=np.uint32),
        columns=np.array([row[2] for row in ordered], dtype=np.uint32),
    )


CHUNK_CHARS = 1 << 18
"""Characters handled at a time while building: keeps the memory of a build to a few chunks' worth."""


@dataclass
class _Chunk:
    """A run of whole entries: the character id and the rank of each of its positions."""

    first: int
    char_ids: npt.NDArray[np.uint32]
    ranks: U32
    offsets: I64
    """Offsets of its entries (and of the end) relative to the chunk."""
    alphabet: int
    """How many character ids there are (a bigram's code is first × alphabet + second)."""

    def add_han(self, han1: PostingsBuilder, han2: PostingsBuilder) -> None:
        valid = self.char_ids != 0  # the separator, code point 0, has id 0
        han1.add(self.char_ids[valid], self.ranks[valid])
        pairs = valid[:-1] & valid[1:]
        codes = self.char_ids[:-1].astype(np.uint64) * np.uint64(self.alphabet) + self.char_ids[1:]
        han2.add(codes[pairs], self.ranks[:-1][pairs])


class _Joined:
    """Entries' texts joined with separators, the characters they use, and chunks of them."""

    def __init__(self, texts: list[str]) -> None:
        self.text = SEPARATOR.join(texts) + SEPARATOR
        lengths = np.array([len(item) + 1 for item in texts], dtype=np.int64)
        self.offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        seen = np.zeros(0x110000, dtype=bool)
        for start in range(0, len(self.text), CHUNK_CHARS):
            seen[np.frombuffer(self.text[start : start + CHUNK_CHARS].encode("utf-32-le"), dtype=np.uint32)] = True
        seen[0] = True
        self.alphabet = np.flatnonzero(seen)
        self.table = np.zeros(0x110000, dtype=np.uint32)
        self.table[self.alphabet] = np.arange(len(self.alphabet), dtype=np.uint32)

    def builders(self) -> tuple[PostingsBuilder, PostingsBuilder]:
        """Builders for the character and the bigram postings."""
        return PostingsBuilder(radix=len(self.alphabet) <= 65536), PostingsBuilder()

    def chunks(self) -> Iterable[_Chunk]:
        entries = len(self.offsets) - 1
        first = 0
        while first < entries:
            last = int(np.searchsorted(self.offsets, self.offsets[first] + CHUNK_CHARS, side="right")) - 1
            last = min(max(last, first + 1), entries)
            begin, end = int(self.offsets[first]), int(self.offsets[last])
            points = np.frombuffer(self.text[begin:end].encode("utf-32-le"), dtype=np.uint32)
            lengths = np.diff(self.offsets[first : last + 1])
            ranks = np.repeat(np.arange(first, last, dtype=np.uint32), lengths)
            yield _Chunk(first, self.table[points], ranks, self.offsets[first : last + 1] - begin, len(self.alphabet))
            first = last

    def column(self, han1: Postings, han2: Postings) -> TextColumn:
        names = {chr(int(point)): index for index, point in enumerate(self.alphabet) if point}
        return TextColumn(self.text, self.offsets, names, han1, han2)
