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

from phrasebank.search.segment import (
    PhraseRow,
    PhraseSegment,
    SentenceRow,
    SentenceSegment,
    build_phrases,
    build_sentences,
)

Alive = npt.NDArray[np.bool_] | None
"""Which ranks of a segment are live (None: all of them)."""
Ref = tuple[int, int]
"""An entry of the view: (segment number, rank in that segment)."""


@dataclass
class LivePhrases:
    """A phrase segment and which of its entries are live."""

    segment: PhraseSegment
    alive: Alive = None

    def live(self, rank: int) -> bool:
        return self.alive is None or bool(self.alive[rank])


@dataclass
class LiveSentences:
    """A sentence segment and which of its sentences are live (their document is still in the bank)."""

    segment: SentenceSegment
    alive: Alive = None

    def live(self, rank: int) -> bool:
        return self.alive is None or bool(self.alive[rank])


@dataclass
class IndexView:
    """Every live entry of the index, by segment."""

    phrases: list[LivePhrases] = field(default_factory=list)
    sentences: list[LiveSentences] = field(default_factory=list)
    syllables: frozenset[str] = field(default_factory=frozenset)
    seq: int = 0
    """The point of the bank's change log this index has caught up with."""

    @classmethod
    def of_rows(cls, phrases: Iterable[PhraseRow], sentences: Iterable[SentenceRow],
                syllables: frozenset[str], seq: int = 0) -> IndexView:
        """A view of one segment of each, built in memory (where the index cannot be saved)."""
        return cls([LivePhrases(build_phrases(phrases))], [LiveSentences(build_sentences(sentences))], syllables,
                   seq)

    def __len__(self) -> int:
        return sum(len(part.segment) if part.alive is None else int(part.alive.sum()) for part in self.phrases)

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
            usable = segment.heads.astype(bool) if part.alive is None else segment.heads.astype(bool) & part.alive
            first = int(np.argmax(usable)) if usable.any() else -1
            if first >= 0:
                best = max(best, int(segment.counts[first]))
        return best

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
        total = 0
        for part in parts:
            if part.alive is None:
                total += part.segment.texts.count(piece)
            else:
                total += int(np.count_nonzero(part.alive[part.segment.texts.containing(piece)]))
        return total


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
