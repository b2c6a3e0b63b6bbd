"""Matching Chinese queries: exact, prefix, substring, words in any order, fuzzy — over every live segment.

Matchers yield entries in rank (frequency) order across all segments, so the caller can stop when it
has enough. Candidates come from the postings of the query's characters and bigrams; the texts are
checked with C-level `str` and regex operations. Where work is capped (fuzzy candidates), the cap
applies to one list in one order across segments, so the answer is the same however the index is split.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator

import numpy as np
import numpy.typing as npt

from phrasebank.search.postings import EMPTY, Ranks, intersect, member, union
from phrasebank.search.segment import PhraseSegment, TextColumn
from phrasebank.search.view import IndexView, Ref

Span = tuple[int, int]
Accept = Callable[[Ref], bool]
"""Whether an entry passes the filters (kind, organ, document, searchable)."""

FUZZY_BUDGET = 6_000
"""At most this many candidates are checked for fuzzy matches, which keeps every query fast."""
MAX_GAP = 2
"""At most this many characters between two query characters in a gapped match (监督效 → 监督提效)."""
BIG_SCAN = 200_000
"""When the rarest posting list is longer than this, one C-level scan of all texts is cheaper."""
CHECK_BLOCK = 1024
"""Candidates whose texts are checked at a time."""
HOLD_BLOCK = 16_384
"""The most fuzzy candidates whose characters are checked against the postings at a time."""
FUZZY_LONGEST = 24
"""Longer queries are not matched fuzzily: a writer typing that much means what they typed."""


class HanMatcher:
    """The Chinese tiers over one view of the index."""

    def __init__(self, view: IndexView) -> None:
        self.view = view

    def prefixed(self, query: str, accept: Accept, exact: bool) -> Iterator[Ref]:
        """Entries equal to (exact) or starting with (not exact) `query`, in rank order."""

        def ranks(_: int, segment: PhraseSegment) -> list[int]:
            order, text_of = segment.by_text, segment.texts.text_of
            start = bisect_left(order, query, key=text_of)
            end = bisect_left(order, query + "\U0010ffff", key=text_of)
            return sorted(rank for rank in order[start:end].tolist() if (text_of(rank) == query) == exact)

        return self.view.ordered(ranks, accept)

    def substring(self, query: str, accept: Accept) -> Iterator[tuple[Ref, tuple[Span, ...]]]:
        """Entries containing `query` as one piece."""
        for ref in self.view.ordered(lambda _, segment: containing(segment.texts, query), accept):
            yield ref, all_spans(self.text(ref), query)

    def segment(self, query: str) -> list[str]:
        """Split a Chinese query into the bank's words (forward maximum matching on mined tokens)."""
        words, position = [], 0
        while position < len(query):
            for end in range(min(len(query), position + 6), position, -1):
                if end == position + 1 or self.view.is_word(query[position:end]):
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

    def words(self, words: list[str], accept: Accept) -> Iterator[tuple[Ref, tuple[Span, ...]]]:
        """Entries containing every word, in any order."""
        for ref in self._survivors(words):
            text = self.text(ref)
            if accept(ref) and all(word in text for word in words):
                yield ref, tuple(span for word in words for span in all_spans(text, word))

    def fuzzy(self, query: str, accept: Accept) -> Iterator[tuple[Ref, tuple[Span, ...], int]]:
        """The characters in order with small gaps (quality 0), one character wrong (1), or one query
        character not in the entry (2, only for queries of four or more characters, where the
        three left are still telling); +3 when the match is only part of the entry."""
        if not 2 <= len(query) <= FUZZY_LONGEST:
            return
        seen: set[Ref] = set()
        gaps = re.compile(f".{{0,{MAX_GAP}}}?".join(f"({re.escape(char)})" for char in query))
        pairs = [query[i : i + 2] for i in range(len(query) - 1)]
        for ref in self._gap_candidates(query):
            text = self.text(ref)
            if len(query) > 2 and not any(pair in text for pair in pairs):
                continue  # a writer's shorthand keeps some characters together: 监督效 → 监督提效
            match = gaps.search(text)
            if match and accept(ref):
                seen.add(ref)
                spans = tuple((match.start(group), match.end(group)) for group in range(1, len(query) + 1))
                yield ref, spans, _fuzzy_quality(0, match, text)
        if len(query) < 3:
            return
        escaped = [re.escape(char) for char in query]
        one_wrong = re.compile("|".join("".join([*escaped[:i], ".", *escaped[i + 1 :]]) for i in range(len(query))))
        one_missing = (re.compile("|".join(re.escape(query[:i] + query[i + 1 :]) for i in range(len(query))))
                       if len(query) >= 4 else None)
        # Either edit leaves every character of the query but one in the entry. One read of the
        # candidates serves both edits: the entries missing a character come after every entry with
        # one wrong, as a second pass would give them.
        missing_one: list[tuple[Ref, tuple[Span, ...], int]] = []
        candidates = self.view.first(
            lambda segment, wanted: _holding_all_but(segment.texts, query, 1, wanted), FUZZY_BUDGET + 1)
        for ref in candidates:
            if ref in seen:
                continue
            text = self.text(ref)
            match = one_wrong.search(text)
            if match and accept(ref):
                yield ref, ((match.start(), match.end()),), _fuzzy_quality(1, match, text)
            elif one_missing and (match := one_missing.search(text)) and accept(ref):
                missing_one.append((ref, ((match.start(), match.end()),), _fuzzy_quality(2, match, text)))
        yield from missing_one

    def text(self, ref: Ref) -> str:
        return self.view.phrases[ref[0]].segment.texts.text_of(ref[1])

    # -- candidates --------------------------------------------------------------------------

    def _rarest(self, piece: str) -> str:
        """The character (for one) or bigram of `piece` with the fewest entries over all segments."""
        if len(piece) == 1:
            return piece
        bigrams = [piece[i : i + 2] for i in range(len(piece) - 1)]
        return min(bigrams, key=self.view.count)

    def _gap_candidates(self, query: str) -> Iterable[Ref]:
        """Where a gapped match may be, in rank order: entries with every character of the query, up to
        the budget; for two characters, the entries having both together."""
        if len(query) == 2:
            return self._survivors(query)
        return self.view.first(lambda segment, wanted: _holding_all_but(segment.texts, query, 0, wanted), FUZZY_BUDGET)

    def _survivors(self, pieces: Iterable[str]) -> Iterator[Ref]:
        """Entries (in rank order, up to the budget) having the rarest bigram of every piece — or, when
        even that is common, its first character; the caller checks the texts."""
        keys = []
        for piece in set(pieces):
            rarest = self._rarest(piece)
            keys.append(piece[0] if self.view.count(rarest) > BIG_SCAN else rarest)

        def ranks(segment: PhraseSegment, wanted: int) -> Ranks:
            return intersect([segment.texts.containing(key) for key in keys])[:wanted] if keys else EMPTY

        return self.view.first(ranks, FUZZY_BUDGET)


def _holding_all_but(texts: TextColumn, chars: str, missing: int, budget: int) -> Ranks:
    """The first `budget` ranks (ascending) of one segment's entries holding all but `missing` of the
    distinct `chars`: read from the postings of the `missing` + 1 rarest characters (such an entry
    holds one of them), checked a block at a time."""
    lists = sorted((texts.containing(char) for char in set(chars)), key=len)  # rarest first
    starts = union(lists[: missing + 1]).astype(np.int64)
    kept: list[npt.NDArray[np.int64]] = []
    found = 0
    begin, block_size = 0, 4 * budget
    while begin < len(starts):
        block = starts[begin : begin + block_size]
        begin, block_size = begin + block_size, min(2 * block_size, HOLD_BLOCK)  # few survive: read faster
        if missing:
            misses = np.zeros(len(block), dtype=np.int8)
            for listed in lists:  # rarest first: the block shrinks fastest
                misses += ~member(block, listed)
                keep = misses <= missing
                block, misses = block[keep], misses[keep]
        else:
            for listed in lists[1:]:
                block = block[member(block, listed)]
        kept.append(block)
        found += len(block)
        if found >= budget:
            break
    return np.concatenate(kept)[:budget].astype(np.uint32) if kept else EMPTY


def containing(texts: TextColumn, piece: str) -> Iterator[int]:
    """Ranks of the entries of one segment containing `piece`, ascending, found lazily (a search that
    has enough hits stops reading): candidates from the rarest bigram's postings, or one scan of the
    joined texts when even that is most of them."""
    if not piece:
        return iter(())
    if len(piece) <= 2:
        found = texts.containing(piece)
        return _scan(texts, piece) if len(found) > BIG_SCAN else iter(found.tolist())
    # Every bigram's count in one vectorised look-up (a clause of a pasted paragraph has dozens, in
    # dozens of segments); only the rarest one's postings are read, and none when one is absent.
    counts = texts.bigram_counts(np.frombuffer(piece.encode("utf-32-le"), dtype=np.uint32))
    rarest = int(np.argmin(counts))
    if counts[rarest] == 0:
        return iter(())
    if counts[rarest] > BIG_SCAN:
        return _scan(texts, piece)
    return _checked(texts, piece, texts.containing(piece[rarest : rarest + 2]))


def _checked(texts: TextColumn, piece: str, candidates: Ranks) -> Iterator[int]:
    """Those of `candidates` whose text contains `piece`, a block at a time."""
    text, offsets = texts.text, texts.offsets
    for start in range(0, len(candidates), CHECK_BLOCK):
        block = candidates[start : start + CHECK_BLOCK]
        begins, ends = offsets[block].tolist(), offsets[block + 1].tolist()
        for rank, begin, end in zip(block.tolist(), begins, ends, strict=True):
            if text.find(piece, begin, end) >= 0:
                yield rank


def _scan(texts: TextColumn, piece: str) -> Iterator[int]:
    """Ranks whose text contains `piece`, ascending, by scanning the joined texts at C speed."""
    text, offsets = texts.text, texts.offsets
    position = text.find(piece)
    while position >= 0:
        rank = int(np.searchsorted(offsets, position, side="right")) - 1
        yield rank
        position = text.find(piece, int(offsets[rank + 1]))


def all_spans(text: str, piece: str) -> tuple[Span, ...]:
    """Every (start, end) where `piece` stands in `text`, not overlapping."""
    spans, position = [], text.find(piece)
    while position >= 0:
        spans.append((position, position + len(piece)))
        position = text.find(piece, position + len(piece))
    return tuple(spans)


def _fuzzy_quality(base: int, match: re.Match[str], text: str) -> int:
    """Lower is better: an entry that *is* the query with one slip beats a longer text containing it."""
    whole = match.start() == 0 and match.end() == len(text.rstrip("。！？"))
    return base + (0 if whole else 3)
