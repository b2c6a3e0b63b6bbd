"""Matching Chinese queries against the index: exact, prefix, substring, words in any order, fuzzy.

Every matcher yields phrase ranks in rank (frequency) order, so the caller can stop when it has
enough; the texts are checked with C-level `str` and regex operations on the index's joined text.
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator

from phrasebank.search.index import IndexData
from phrasebank.search.postings import Ranks, intersect, merge_sorted

Span = tuple[int, int]
Accept = Callable[[int], bool]
"""Whether a rank passes the filters (kind, organ, document)."""

FUZZY_BUDGET = 6_000
"""At most this many candidates are checked for fuzzy matches, which keeps every query fast."""
MAX_GAP = 2
"""At most this many characters between two query characters in a gapped match (监督效 → 监督提效)."""
BIG_SCAN = 200_000
"""When the rarest posting list is longer than this, one C-level scan of all texts is cheaper."""


class HanMatcher:
    """The Chinese tiers over one index."""

    def __init__(self, data: IndexData) -> None:
        self.data = data

    def prefixed(self, query: str, accept: Accept, exact: bool) -> Iterator[int]:
        """Phrases equal to (exact) or starting with (not exact) `query`, in rank order."""
        data = self.data
        order = data.by_text
        start = bisect_left(order, query, key=data.text_of)
        end = bisect_left(order, query + "\U0010ffff", key=data.text_of)
        for rank in sorted(order[start:end]):
            if (data.text_of(rank) == query) == exact and accept(rank):
                yield rank

    def substring(self, query: str, accept: Accept) -> Iterator[tuple[int, tuple[Span, ...]]]:
        """Phrases containing `query` as one piece."""
        for rank in self.containing(query):
            if accept(rank):
                yield rank, all_spans(self.data.text_of(rank), query)

    def containing(self, piece: str) -> Iterator[int]:
        """Ranks of phrases containing `piece`, in rank order (postings, or one scan of all texts)."""
        data = self.data
        candidates = self._candidates(piece)
        if candidates is None:
            yield from sorted(self._scan(piece))
            return
        text, offsets = data.text, data.offsets
        for rank in candidates:
            if piece in text[offsets[rank] : offsets[rank + 1]]:
                yield rank

    def segment(self, query: str) -> list[str]:
        """Split a Chinese query into the bank's words (forward maximum matching on mined tokens)."""
        words, position = [], 0
        while position < len(query):
            for end in range(min(len(query), position + 6), position, -1):
                if query[position:end] in self.data.words or end == position + 1:
                    words.append(query[position:end])
                    position = end
                    break
        merged: list[str] = []
        for word in words:  # single characters stick to the word before, so 的 or 和 never stand alone
            if len(word) == 1 and merged:
                merged[-1] += word
            else:
                merged.append(word)
        return merged

    def words(self, words: list[str], accept: Accept) -> Iterator[tuple[int, tuple[Span, ...]]]:
        """Phrases containing every word, in any order."""
        data = self.data
        for rank in self._survivors(words):
            text = data.text_of(rank)
            if accept(rank) and all(word in text for word in words):
                yield rank, tuple(span for word in words for span in all_spans(text, word))

    def fuzzy(self, query: str, accept: Accept) -> Iterator[tuple[int, tuple[Span, ...], int]]:
        """The characters in order with small gaps (quality 0), one character wrong (1), or one query
        character not in the phrase (2, only for queries of four or more characters, where the
        three left are still telling); +3 when the match is only part of the phrase."""
        if len(query) < 2:
            return
        data = self.data
        seen: set[int] = set()
        gaps = re.compile(f".{{0,{MAX_GAP}}}?".join(f"({re.escape(char)})" for char in query))
        for rank in self._gap_candidates(query):
            text = data.text_of(rank)
            match = gaps.search(text)
            if match and accept(rank):
                seen.add(rank)
                spans = tuple((match.start(group), match.end(group)) for group in range(1, len(query) + 1))
                yield rank, spans, _fuzzy_quality(0, match, text)
        if len(query) < 3:
            return
        bigrams = [query[i : i + 2] for i in range(len(query) - 1)]
        middle = len(query) // 2
        one_wrong = "|".join(re.escape(query[:i]) + "." + re.escape(query[i + 1 :]) for i in range(len(query)))
        passes = [(1, re.compile(one_wrong))]
        if len(query) >= 4:
            passes.append((2, re.compile("|".join(re.escape(query[:i] + query[i + 1 :]) for i in range(len(query))))))
        # One edit leaves the left or the right half intact; a half is found through its rarest bigram.
        halves = [query[:middle], query[middle:]] if len(query) >= 4 else [bigrams[0], bigrams[-1]]
        streams = [self._shortest(half) for half in halves]  # read lazily, in rank order, up to the budget
        for quality, pattern in passes:
            for checked, rank in enumerate(merge_sorted(streams)):
                if checked > FUZZY_BUDGET:
                    break
                if rank in seen:
                    continue
                text = data.text_of(rank)
                match = pattern.search(text)
                if match and accept(rank):
                    seen.add(rank)
                    yield rank, ((match.start(), match.end()),), _fuzzy_quality(quality, match, text)

    # -- candidates --------------------------------------------------------------------------

    def _shortest(self, piece: str) -> Ranks:
        """Ranks that may contain `piece` (in rank order): the shortest posting list of its
        characters or bigrams."""
        if len(piece) == 1:
            return self.data.han[1].get(piece)
        return min((self.data.han[2].get(piece[i : i + 2]) for i in range(len(piece) - 1)), key=len)

    def _candidates(self, piece: str) -> Ranks | None:
        """Like `_shortest`, or None when even that list is so long that one scan of all texts is cheaper."""
        shortest = self._shortest(piece)
        return None if len(shortest) > BIG_SCAN else shortest

    def _scan(self, piece: str) -> set[int]:
        """Ranks whose text contains `piece`, by scanning the joined texts at C speed."""
        text, offsets = self.data.text, self.data.offsets
        ranks: set[int] = set()
        position = text.find(piece)
        while position >= 0:
            rank = bisect_left(offsets, position + 1) - 1
            ranks.add(rank)
            position = text.find(piece, offsets[rank + 1])
        return ranks

    def _gap_candidates(self, query: str) -> Iterable[int]:
        """Where a gapped match may be, in rank order: phrases with one of the query's bigrams (a
        writer's shorthand keeps some characters together: 监督效 → 监督提效), scanned lazily; for
        two characters, the phrases having both."""
        if len(query) == 2:
            return self._survivors(query)
        streams = [self.data.han[2].get(query[i : i + 2]) for i in range(len(query) - 1)]
        return itertools.islice(merge_sorted(streams), FUZZY_BUDGET)

    def _survivors(self, pieces: Iterable[str]) -> list[int]:
        """Ranks (in rank order) that may contain every piece: the two shortest candidate lists of
        the pieces intersected at C speed; the caller checks the texts."""
        lists: list[Ranks] = []
        for piece in set(pieces):
            candidates = self._candidates(piece)
            lists.append(self.data.han[1].get(piece[0]) if candidates is None else candidates)
        lists.sort(key=len)
        if not lists or not len(lists[0]):
            return []
        return intersect(list(lists))[:FUZZY_BUDGET]


def all_spans(text: str, piece: str) -> tuple[Span, ...]:
    """Every (start, end) where `piece` stands in `text`, not overlapping."""
    spans, position = [], text.find(piece)
    while position >= 0:
        spans.append((position, position + len(piece)))
        position = text.find(piece, position + len(piece))
    return tuple(spans)


def _fuzzy_quality(base: int, match: re.Match[str], text: str) -> int:
    """Lower is better: a phrase that *is* the query with one slip beats a longer text containing it."""
    whole = match.start() == 0 and match.end() == len(text.rstrip("。！？"))
    return base + (0 if whole else 3)
