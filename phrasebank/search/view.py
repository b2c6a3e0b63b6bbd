"""The live index: its segments with their dead entries masked, and the few questions that span them.

Search reads the entries of all segments as one list in one order — what a single segment built from
every live entry would hold — so the answers do not depend on how the index happens to be split.
"""
from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from phrasebank.search.flags import HEAD, HIDDEN, STARRED
from phrasebank.search.segment import (
    ParagraphRow,
    PhraseRow,
    PhraseSegment,
    SentenceSegment,
    build_phrases,
    build_sentences,
    sentences_of,
)

Alive = npt.NDArray[np.bool_] | None
"""Which ranks of a segment are live (None: all of them)."""
Ref = tuple[int, int]
"""An entry of the view: (segment number, rank in that segment)."""
FIRST_ROUND = 256
"""How many entries `IndexView.first` chooses in its first round (then eight times more each round)."""


@dataclass
class LivePhrases:
    """A phrase segment and which of its entries are live."""

    segment: PhraseSegment
    alive: Alive = None

    def live(self, rank: int) -> bool:
        return self.alive is None or bool(self.alive[rank])

    @cached_property
    def dead(self) -> int:
        """How many of its entries are dead."""
        return 0 if self.alive is None else int(len(self.alive) - np.count_nonzero(self.alive))


@dataclass
class LiveSentences:
    """A sentence segment and which of its sentences are live (their document is still in the bank)."""

    segment: SentenceSegment
    alive: Alive = None


@dataclass
class IndexView:
    """Every live entry of the index, by segment."""

    phrases: list[LivePhrases] = field(default_factory=list)
    sentences: list[LiveSentences] = field(default_factory=list)
    syllables: frozenset[str] = field(default_factory=frozenset)
    seq: int = 0
    """The point of the bank's change log this index has caught up with."""

    @classmethod
    def of_rows(cls, phrases: Iterable[PhraseRow], paragraphs: Iterable[ParagraphRow],
                syllables: frozenset[str], seq: int = 0) -> IndexView:
        """A view of one segment of each, built in memory (where the index cannot be saved)."""
        sentences = build_sentences(sentences_of(paragraphs))
        return cls([LivePhrases(build_phrases(phrases))], [LiveSentences(sentences)], syllables, seq)

    def __len__(self) -> int:
        return sum(len(part.segment) if part.alive is None else int(part.alive.sum()) for part in self.phrases)

    def starred(self) -> IndexView:
        """The live starred entries as a view of their own: one small segment built here, in time
        proportional to how many there are (a writer stars dozens, not thousands). Search looks
        through it too, so a starred entry leads its tier however rarely it is used, without a
        search of the whole index weighing the star of every candidate. Its readings are the loaded
        index's: building it never loads pypinyin."""
        rows: list[PhraseRow] = []
        for part in self.phrases:
            starred = (part.segment.flags & STARRED) != 0
            if part.alive is not None:
                starred &= part.alive
            if starred.any():
                rows.extend(part.segment.rows(starred, keys=False))
        if not rows:
            return IndexView([], [], self.syllables, self.seq)
        segment = build_phrases(rows, lambda chars: {char: found for char in chars if (found := self.readings(char))})
        return IndexView([LivePhrases(segment)], [], self.syllables, self.seq)

    # -- one order across segments ---------------------------------------------------------

    def ordered(self, ranks_of: Callable[[int, PhraseSegment], Iterable[int]],
                accept: Callable[[Ref], bool] | None = None) -> Iterator[Ref]:
        """Live phrase entries given by `ranks_of` (each segment's, ascending) and passing `accept`,
        merged in rank order across segments: more used first, then in more documents, shorter, older."""
        streams = [_live(number, part, ranks_of(number, part.segment), accept)
                   for number, part in enumerate(self.phrases)]
        if len(streams) == 1:
            return streams[0]
        keyed = [_keyed(stream, self.phrases[number].segment.order_key) for number, stream in enumerate(streams)]
        return (ref for _, ref in heapq.merge(*keyed))

    def first(self, ranks_of: Callable[[PhraseSegment, int], npt.NDArray[np.uint32]], budget: int) -> Iterator[Ref]:
        """The first `budget` live entries of those `ranks_of(segment, wanted)` gives (a segment's first
        `wanted` or all, ascending), in the order of `ordered` — chosen with arrays rather than one entry
        at a time, in rounds of growing size: a fuzzy search weighs thousands of candidates, but most
        often has its answer among the first few hundred."""
        shown = 0
        wanted = min(FIRST_ROUND, budget)
        while True:
            refs = self._first(ranks_of, wanted)
            yield from refs[shown:]
            shown = len(refs)
            if wanted >= budget or len(refs) < wanted:
                return
            wanted = min(wanted * 8, budget)

    def _first(self, ranks_of: Callable[[PhraseSegment, int], npt.NDArray[np.uint32]], wanted: int) -> list[Ref]:
        """The first `wanted` live entries of those `ranks_of` gives, in the order of `ordered`."""
        numbers, ranks, orders, ids = [], [], [], []
        for number, part in enumerate(self.phrases):
            if part.alive is None:
                found = np.asarray(ranks_of(part.segment, wanted), dtype=np.int64)
            else:  # enough more that the dead among them cannot leave fewer than wanted
                found = np.asarray(ranks_of(part.segment, wanted + part.dead), dtype=np.int64)
                found = found[part.alive[found]]
            found = found[:wanted]  # a segment's first entries are the only ones that can be among the first
            numbers.append(np.full(len(found), number, dtype=np.int64))
            ranks.append(found)
            orders.append(part.segment.order[found])
            ids.append(part.segment.ids[found])
        if not ranks:
            return []
        orders_all = np.concatenate(orders)
        if len(orders_all) > wanted:  # only what can be among the first `wanted` is sorted
            cutoff = np.partition(orders_all, wanted - 1)[wanted - 1]
            near = np.flatnonzero(orders_all <= cutoff)
        else:
            near = np.arange(len(orders_all))
        chosen = near[np.lexsort((np.concatenate(ids)[near], orders_all[near]))][:wanted]
        return list(zip(np.concatenate(numbers)[chosen].tolist(), np.concatenate(ranks)[chosen].tolist(), strict=True))

    def sentences_ordered(self, ranks_of: Callable[[int, SentenceSegment], Iterable[int]],
                          accept: Callable[[Ref], bool] | None = None) -> Iterator[Ref]:
        """Live sentences given by `ranks_of` and passing `accept`, merged in document order across segments."""
        streams = [_live(number, part, ranks_of(number, part.segment), accept)
                   for number, part in enumerate(self.sentences)]
        if len(streams) == 1:
            return streams[0]
        keyed = [_keyed(stream, self.sentences[number].segment.order_key) for number, stream in enumerate(streams)]
        return (ref for _, ref in heapq.merge(*keyed))

    def order_key(self, ref: Ref) -> tuple[int, int]:
        return self.phrases[ref[0]].segment.order_key(ref[1])

    # -- figures over all segments ---------------------------------------------------------

    @cached_property
    def top_count(self) -> int:
        """The highest count of a searchable live phrase (scores are relative to it)."""
        best = 1
        for part in self.phrases:
            segment = part.segment
            usable = (segment.flags & (HEAD | HIDDEN)) == HEAD
            if part.alive is not None:
                usable &= part.alive
            first = int(np.argmax(usable)) if usable.any() else -1
            if first >= 0:
                best = max(best, int(segment.counts[first]))
        return best

    def bigram_counts(self, text: str, *, sentences: bool = False) -> npt.NDArray[np.int64]:
        """For each adjacent pair of characters of `text`, how many live entries hold it, over all phrase
        (or sentence) segments — as `count` gives, for every pair of a long text at once."""
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        parts: list[LivePhrases] | list[LiveSentences] = self.sentences if sentences else self.phrases
        total = np.zeros(max(len(text) - 1, 0), dtype=np.int64)
        for part in parts:
            total += part.segment.texts.bigram_counts(points)
        dead = self._dead_sentence_pieces if sentences else self._dead_phrase_pieces
        if dead:
            total -= np.array([dead.get(text[i : i + 2], 0) for i in range(len(text) - 1)], dtype=np.int64)
        return total

    @cached_property
    def _dead_phrase_pieces(self) -> Counter[str]:
        return _dead_pieces(self.phrases)

    @cached_property
    def _dead_sentence_pieces(self) -> Counter[str]:
        return _dead_pieces(self.sentences)

    @cached_property
    def _dead_words(self) -> Counter[str]:
        """Words of dead entries, to take off the segments' word counts."""
        dead: Counter[str] = Counter()
        for part in self.phrases:
            if part.alive is not None:
                for rank in np.flatnonzero(~part.alive).tolist():
                    dead.update(word for word in part.segment.tokens_of(rank).split(" ") if len(word) >= 2)
        return dead

    def is_word(self, word: str) -> bool:
        """Whether `word` is a token of some live phrase (how a query is cut into words)."""
        total = sum(part.segment.words.get(word, 0) for part in self.phrases)
        return total > self._dead_words.get(word, 0)

    def readings(self, char: str) -> tuple[str, ...]:
        """The pinyin readings of a character that occurs in some segment ("" when none does)."""
        for part in self.phrases:
            found = part.segment.readings.get(char)
            if found:
                return found
        return ()

    def pinyin_class(self, piece: str) -> str:
        """Every character, in any segment, whose reading starts with `piece`."""
        members: set[str] = set()
        for part in self.phrases:
            members.update(part.segment.classes.get(piece, ""))
        return "".join(sorted(members))

    def count(self, piece: str, *, sentences: bool = False) -> int:
        """How many live entries hold a character or bigram, over all phrase (or sentence) segments.

        Live, not merely present: the count chooses which keys a search reads, and where a search
        caps its work that choice shapes the answer — which must not depend on how the index is split.
        """
        parts: list[LivePhrases] | list[LiveSentences] = self.sentences if sentences else self.phrases
        dead = self._dead_sentence_pieces if sentences else self._dead_phrase_pieces
        return sum(part.segment.texts.count(piece) for part in parts) - dead.get(piece, 0)


def _live(number: int, part: LivePhrases | LiveSentences, ranks: Iterable[int],
          accept: Callable[[Ref], bool] | None) -> Iterator[Ref]:
    """The refs of segment `number` for `ranks` that are live and accepted."""
    alive = part.alive
    for rank in ranks:
        if (alive is None or alive[rank]) and (accept is None or accept((number, rank))):
            yield number, rank


def _keyed(refs: Iterator[Ref], order_key: Callable[[int], tuple[int, int]]) -> Iterator[tuple[tuple[int, int], Ref]]:
    """Refs with their place in the whole index, for merging streams of several segments."""
    for ref in refs:
        yield order_key(ref[1]), ref


def _dead_pieces(parts: list[LivePhrases] | list[LiveSentences]) -> Counter[str]:
    """Characters and bigrams of dead entries, each once per entry (as the postings count them), to take
    off the segments' counts: a count then costs a lookup, however common the piece."""
    dead: Counter[str] = Counter()
    for part in parts:
        if part.alive is not None:
            texts = part.segment.texts
            for rank in np.flatnonzero(~part.alive).tolist():
                text = texts.text_of(rank)
                dead.update({text[i : i + 2] for i in range(len(text) - 1)} | set(text))
    return dead
