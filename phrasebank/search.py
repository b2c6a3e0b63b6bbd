"""Search over a bank: Chinese (exact, prefix, substring, word-wise, fuzzy) and pinyin (full,
prefix, initials, mixed with Chinese), with kind / organ / document filters and matched spans.

Ranking: exact > prefix > contiguous substring > word-wise > fuzzy; within a tier, phrases of the
boosted organ first, then by frequency (ranks are frequency order), then shorter first. Every
posting list is in rank order, so a tier stops scanning as soon as it has enough hits.
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from phrasebank.kinds import KINDS
from phrasebank.organs import ORGANS
from phrasebank.pinyin import Token, is_han, query_tokens
from phrasebank.search_index import IndexData, Postings, build_index, load_index, save_index

if TYPE_CHECKING:
    from phrasebank.store import Bank

TIERS = ("exact", "prefix", "substring", "words", "fuzzy")
TIER_SCORE = {"exact": 5.0, "prefix": 4.0, "substring": 3.0, "words": 2.0, "fuzzy": 1.0, "all": 0.0}
BOOST_WINDOW = 40
"""Extra hits looked at per tier so that phrases of the boosted organ can move up."""
FUZZY_BUDGET = 6_000
FUZZY_POOL = 30
"""Fuzzy hits gathered before they are sorted by quality."""
"""At most this many candidates are checked for fuzzy matches, which keeps every query fast."""
MAX_GAP = 2
"""At most this many characters between two query characters in a gapped match (监督效 → 监督提效)."""
BIG_SCAN = 200_000
SMALL = 2000
"""A candidate list this short is checked directly rather than narrowed further."""
"""When the rarest posting list is longer than this, one C-level scan of all texts is cheaper."""

Span = tuple[int, int]


@dataclass(frozen=True)
class Hit:
    """One search result: the phrase, why it matched (tier), its score and the matched spans."""

    phrase_id: int
    text: str
    kind: str
    organs: tuple[str, ...]
    count: int
    docs: int
    tier: str
    score: float
    spans: tuple[Span, ...]

    def to_dict(self) -> dict[str, object]:
        return {"id": self.phrase_id, "text": self.text, "kind": self.kind, "organs": list(self.organs), "count": self.count, "docs": self.docs, "tier": self.tier, "score": round(self.score, 4), "spans": [list(span) for span in self.spans]}


class SearchIndex:
    """A loaded index and the search over it; thread-safe for concurrent `search` calls."""

    def __init__(self, data: IndexData, bank_path: Path | None = None) -> None:
        self.data = data
        self.bank_path = bank_path
        self._top_count = max(1, data.counts[0]) if len(data) else 1  # ranks are in count order
        self._doc_ranks: dict[int, frozenset[int]] = {}
        self._patterns: dict[tuple[Token, ...], re.Pattern[str]] = {}

    # -- loading -----------------------------------------------------------------------------

    @staticmethod
    def path_for(bank_path: Path) -> Path:
        return bank_path.with_name(bank_path.name + ".index")

    @classmethod
    def for_bank(cls, bank: Bank) -> SearchIndex:
        """The bank's saved index, rebuilt first if the bank changed since it was saved."""
        return cls(_current_data(bank), bank.path)

    @classmethod
    def refresh(cls, bank: Bank) -> None:
        """Rebuild and save the bank's index if it is missing or stale (after mining), keeping nothing."""
        _current_data(bank)

    # -- searching ---------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        organ: str | None = None,
        doc_id: int | None = None,
        boost_organ: str | None = None,
        limit: int | None = 50,
    ) -> list[Hit]:
        """Hits for `query`, best first; `limit=None` returns every hit."""
        accept = self._filter(kind, organ, doc_id)
        query = _normalise(query)
        wanted = (limit or 10**9) + (BOOST_WINDOW if boost_organ else 0)
        if not query:
            ranks = (rank for rank in range(len(self.data)) if accept(rank))
            return [self._hit(rank, "all", ()) for rank in itertools.islice(ranks, limit)]
        found: dict[int, tuple[int, int, tuple[Span, ...]]] = {}
        for tier_index, tier in enumerate(TIERS):
            if len(found) >= wanted:
                break
            # Fuzzy hits are ordered by quality, not found in that order: gather more before sorting.
            enough = len(found) + max(wanted - len(found), FUZZY_POOL) if tier == "fuzzy" else wanted
            for match in self._tier(tier, query, accept):
                rank, spans = match[0], match[1]
                if rank not in found:
                    found[rank] = (tier_index, match[2] if len(match) > 2 else 0, spans)
                    if len(found) >= enough:
                        break
        boost_bit = 1 << ORGANS.index(boost_organ) if boost_organ in ORGANS else 0
        masks = self.data.masks
        ordered = sorted(found.items(), key=lambda item: (item[1][0], item[1][1], not (masks[item[0]] & boost_bit), item[0]))
        hits = [self._hit(rank, TIERS[tier], spans, bool(masks[rank] & boost_bit)) for rank, (tier, _, spans) in ordered]
        return hits[:limit] if limit else hits

    def _tier(self, tier: str, query: str, accept: Callable[[int], bool]) -> Iterator[tuple]:
        """Matches of one tier: (rank, spans) in rank order, or (rank, spans, quality) for fuzzy ones."""
        terms = query.split()
        han_only = all(is_han(char) or not char.isalpha() for char in query.replace(" ", ""))
        if len(terms) > 1:
            if tier == "words":
                yield from self._words(terms, accept)
            return
        if han_only:
            if tier == "exact":
                yield from ((rank, ((0, len(query)),)) for rank in self._prefixed(query, accept, exact=True))
            elif tier == "prefix":
                yield from ((rank, ((0, len(query)),)) for rank in self._prefixed(query, accept, exact=False))
            elif tier == "substring":
                yield from self._substring(query, accept)
            elif tier == "words":
                words = self._segment(query)
                if len(words) > 1:
                    yield from self._words(words, accept)
            elif tier == "fuzzy":
                yield from self._fuzzy(query, accept)
            return
        if tier in ("exact", "prefix", "substring"):
            yield from self._pinyin(query, accept, tier)

    # -- Chinese -----------------------------------------------------------------------------

    def _prefixed(self, query: str, accept: Callable[[int], bool], exact: bool) -> Iterator[int]:
        """Phrases equal to (exact) or starting with (not exact) `query`, in rank order."""
        data = self.data
        order = data.by_text
        start = _bisect(order, query, data.text_of)
        end = _bisect(order, query + "\U0010ffff", data.text_of)
        ranks = sorted(order[start:end])
        for rank in ranks:
            if (data.text_of(rank) == query) == exact and accept(rank):
                yield rank

    def _shortest(self, piece: str) -> Iterable[int]:
        """Ranks that may contain `piece` (in rank order): the shortest posting list of its
        characters or bigrams."""
        if len(piece) == 1:
            return self.data.han[1].get(piece)
        return min((self.data.han[2].get(piece[i : i + 2]) for i in range(len(piece) - 1)), key=len)

    def _candidates(self, piece: str) -> Iterable[int] | None:
        """Like `_shortest`, or None when even that list is so long that one scan of all texts is cheaper."""
        shortest = self._shortest(piece)
        return None if len(shortest) > BIG_SCAN else shortest

    def _containing(self, piece: str) -> Iterator[int]:
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

    def _substring(self, query: str, accept: Callable[[int], bool]) -> Iterator[tuple[int, tuple[Span, ...]]]:
        for rank in self._containing(query):
            if accept(rank):
                text = self.data.text_of(rank)
                yield rank, _all_spans(text, query)

    def _segment(self, query: str) -> list[str]:
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

    def _words(self, words: list[str], accept: Callable[[int], bool]) -> Iterator[tuple[int, tuple[Span, ...]]]:
        """Phrases containing every word, in any order."""
        data = self.data
        for rank in self._survivors(words):
            text = data.text_of(rank)
            if accept(rank) and all(word in text for word in words):
                yield rank, tuple(span for word in words for span in _all_spans(text, word))

    def _gap_candidates(self, query: str) -> Iterable[int]:
        """Where a gapped match may be, in rank order: phrases with one of the query's bigrams (a
        writer's shorthand keeps some characters together: 监督效 → 监督提效), scanned lazily; for
        two characters, the phrases having both."""
        if len(query) == 2:
            return self._survivors(query)
        streams = [self.data.han[2].get(query[i : i + 2]) for i in range(len(query) - 1)]
        return itertools.islice(_merge_sorted(streams), FUZZY_BUDGET)

    def _survivors(self, pieces: Iterable[str]) -> list[int]:
        """Ranks (in rank order) that may contain every piece: the two shortest candidate lists of
        the pieces intersected at C speed; the caller checks the texts."""
        lists = []
        for piece in set(pieces):
            candidates = self._candidates(piece)
            lists.append(self.data.han[1].get(piece[0]) if candidates is None else candidates)
        lists.sort(key=len)
        if not lists or not len(lists[0]):
            return []
        return _intersect(lists)[:FUZZY_BUDGET]

    def _fuzzy(self, query: str, accept: Callable[[int], bool]) -> Iterator[tuple[int, tuple[Span, ...], int]]:
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
                yield rank, tuple((match.start(group), match.end(group)) for group in range(1, len(query) + 1)), _fuzzy_quality(0, match, text)
        if len(query) < 3:
            return
        bigrams = [query[i : i + 2] for i in range(len(query) - 1)]
        middle = len(query) // 2
        passes = [(1, re.compile("|".join(re.escape(query[:i]) + "." + re.escape(query[i + 1 :]) for i in range(len(query)))))]
        if len(query) >= 4:
            passes.append((2, re.compile("|".join(re.escape(query[:i] + query[i + 1 :]) for i in range(len(query))))))
        # One edit leaves the left or the right half intact; a half is found through its rarest bigram.
        halves = [query[:middle], query[middle:]] if len(query) >= 4 else [bigrams[0], bigrams[-1]]
        streams = [self._shortest(half) for half in halves]  # read lazily, in rank order, up to the budget
        for quality, pattern in passes:
            for checked, rank in enumerate(_merge_sorted(streams)):
                if checked > FUZZY_BUDGET:
                    break
                if rank in seen:
                    continue
                text = data.text_of(rank)
                match = pattern.search(text)
                if match and accept(rank):
                    seen.add(rank)
                    yield rank, ((match.start(), match.end()),), _fuzzy_quality(quality, match, text)

    # -- pinyin ------------------------------------------------------------------------------

    def _pinyin(self, query: str, accept: Callable[[int], bool], tier: str) -> Iterator[tuple[int, tuple[Span, ...]]]:
        """Pinyin (full, prefixes, initials, mixed with Chinese) matches of the given positional tier.

        Candidates come from initials postings; each query reading becomes one regex of character
        classes (every character any of whose readings fits that piece of pinyin), checked on the
        candidate's text at C speed.
        """
        data = self.data
        offsets = data.offsets
        found_any = False
        for tried, tokens in enumerate(query_tokens(query, data.syllable_prefixes)):
            if found_any or (tried >= 2 and tier != "exact"):
                return  # readings are tried best first; a worse one only when the better found nothing
            initial_sets = [self._initial_letters(token) for token in tokens]
            if any(not letters for letters in initial_sets):
                continue
            width = len(tokens)
            pattern = self._token_pattern(tuple(tokens))
            for rank in self._pinyin_candidates(initial_sets, tier):
                if not accept(rank):
                    continue
                if tier != "substring":
                    length = offsets[rank + 1] - offsets[rank] - 1
                    if (length == width) == (tier == "exact") and pattern.match(data.text_of(rank)):
                        found_any = True
                        yield rank, ((0, width),)
                    continue
                spans = tuple(match.span() for match in pattern.finditer(data.text_of(rank), 1))
                if spans:
                    found_any = True
                    yield rank, spans

    def _token_pattern(self, tokens: tuple[Token, ...]) -> re.Pattern[str]:
        """A regex matching the characters a token sequence can stand for."""
        pattern = self._patterns.get(tokens)
        if pattern is None:
            pattern = re.compile("".join(self._token_class(token) for token in tokens))
            if len(self._patterns) > 256:
                self._patterns.clear()
            self._patterns[tokens] = pattern
        return pattern

    def _token_class(self, token: Token) -> str:
        """A character class of every character whose reading starts with the token's pinyin."""
        is_character, value = token
        if is_character:
            return re.escape(value)
        members = self.data.classes.get(value, "")
        if len(value) == 1:
            members += value + value.upper()  # a Latin letter in the text stands for itself
        return f"[{re.escape(members)}]" if members else "(?!)"

    def _initial_letters(self, token: Token) -> str:
        """The letters a token's character may start with."""
        is_character, value = token
        if is_character:
            readings = self.data.readings.get(value)
            return "".join(sorted({reading[0] for reading in readings})) if readings else ""
        return value[0]

    def _pinyin_candidates(self, initial_sets: list[str], tier: str) -> Iterable[int]:
        """Ranks worth checking, in rank order: phrases filed under the whole initials (exact), the
        leading initials (prefix), or containing the rarest initials n-grams (substring)."""
        data = self.data
        width = len(initial_sets)
        if tier == "exact":
            if width not in data.exact:
                return ()
            return _merge_sorted(data.exact[width].get(head) for head in _expand(initial_sets))
        if tier == "prefix":
            lead = min(width, max(data.starts))
            return _merge_sorted(data.starts[lead].get(head) for head in _expand(initial_sets[:lead]))
        if width < 2:
            return ()  # one letter anywhere in a phrase says nothing; it is matched as a prefix only
        size = min(3, width)
        postings: Postings = data.letters[size]
        groups = sorted(
            ([postings.get(gram) for gram in _expand(initial_sets[i : i + size])] for i in range(width - size + 1)),
            key=lambda group: sum(map(len, group)),
        )
        if len(groups) == 1 or sum(map(len, groups[0])) < SMALL:
            return _merge_sorted(groups[0])
        return _intersect([group[0] if len(group) == 1 else set().union(*group) for group in groups])

    # -- helpers -----------------------------------------------------------------------------

    def _filter(self, kind: str | None, organ: str | None, doc_id: int | None) -> Callable[[int], bool]:
        kinds, masks = self.data.kinds, self.data.masks
        kind_code = KINDS.index(kind) if kind else -1
        organ_bit = 1 << ORGANS.index(organ) if organ else 0
        doc_ranks = self._ranks_of_document(doc_id) if doc_id is not None else None

        def accept(rank: int) -> bool:
            if kind_code >= 0 and kinds[rank] != kind_code:
                return False
            if organ_bit and not masks[rank] & organ_bit:
                return False
            return doc_ranks is None or rank in doc_ranks

        return accept

    def _ranks_of_document(self, doc_id: int) -> frozenset[int]:
        """Ranks of the phrases of one document (asked of the bank once per document)."""
        if doc_id not in self._doc_ranks:
            import sqlite3

            if self.bank_path is None:
                return frozenset()
            connection = sqlite3.connect(str(self.bank_path))
            try:
                phrase_ids = {row[0] for row in connection.execute("SELECT DISTINCT COALESCE(p.group_id, p.id) FROM sources s JOIN phrases p ON p.id = s.phrase_id WHERE s.doc_id = ?", (doc_id,))}
            finally:
                connection.close()
            self._doc_ranks[doc_id] = frozenset(rank for rank, phrase_id in enumerate(self.data.ids) if phrase_id in phrase_ids)
        return self._doc_ranks[doc_id]

    def _hit(self, rank: int, tier: str, spans: tuple[Span, ...], boosted: bool = False) -> Hit:
        data = self.data
        mask = data.masks[rank]
        count = data.counts[rank]
        score = TIER_SCORE[tier] + (0.5 if boosted else 0.0) + 0.4 * count / self._top_count
        return Hit(
            phrase_id=data.ids[rank],
            text=data.text_of(rank),
            kind=KINDS[data.kinds[rank]],
            organs=tuple(organ for index, organ in enumerate(ORGANS) if mask & (1 << index)),
            count=count,
            docs=data.docs[rank],
            tier=tier,
            score=score,
            spans=spans,
        )


def _current_data(bank: Bank) -> IndexData:
    """The bank's index data: loaded from its file, or built and saved when missing or stale."""
    path = SearchIndex.path_for(bank.path)
    generation = bank.generation()
    data = load_index(path)
    if data is None or data.generation != generation:
        data = build_index(bank.search_rows(), generation)
        save_index(data, path)
    return data


def _fuzzy_quality(base: int, match: re.Match[str], text: str) -> int:
    """Lower is better: a phrase that *is* the query with one slip beats a longer text containing it."""
    whole = match.start() == 0 and match.end() == len(text.rstrip("。！？"))
    return base + (0 if whole else 3)


def _normalise(query: str) -> str:
    """Full-width letters and spaces to half-width, lower case, spaces collapsed."""
    query = query.translate({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}).replace("\u3000", " ")
    return " ".join(query.lower().split())


def _bisect(order, key: str, value_of: Callable[[int], str]) -> int:
    """First position in `order` (ranks sorted by `value_of`) whose value is ≥ `key`."""
    low, high = 0, len(order)
    while low < high:
        middle = (low + high) // 2
        if value_of(order[middle]) < key:
            low = middle + 1
        else:
            high = middle
    return low


def _all_spans(text: str, piece: str) -> tuple[Span, ...]:
    spans, position = [], text.find(piece)
    while position >= 0:
        spans.append((position, position + len(piece)))
        position = text.find(piece, position + len(piece))
    return tuple(spans)


def _expand(letter_sets: list[str]) -> list[str]:
    """Every string taking one letter from each set."""
    grams = [""]
    for letters in letter_sets:
        grams = [gram + letter for gram in grams for letter in letters]
    return grams


def _intersect(lists: list) -> list[int]:
    """Ranks in every one of `lists` (ascending rank lists or sets), ascending, computed with C-level
    set operations, narrowing with the shortest lists first until few candidates remain."""
    ordered = sorted(lists, key=len)
    if not ordered or not len(ordered[0]):
        return []
    if len(ordered[0]) < SMALL or len(ordered) == 1:
        first = ordered[0]
        return sorted(first) if isinstance(first, set) else list(first)
    result = set(ordered[0])
    for other in ordered[1:]:
        if len(other) > 8 * len(result):
            break  # walking a list that long costs more than checking the survivors' texts
        result.intersection_update(other)
        if len(result) < SMALL:
            break
    return sorted(result)


def _merge_sorted(lists: Iterable[Iterable[int]]) -> Iterable[int]:
    """Ascending merge of ascending rank lists, without repeats."""
    import heapq

    lists = [items for items in lists if len(items)]  # type: ignore[arg-type]
    if len(lists) <= 1:
        return lists[0] if lists else ()
    return _heap_merge(heapq.merge(*lists))


def _heap_merge(merged: Iterable[int]) -> Iterator[int]:
    """Drop the repeats of an ascending stream."""
    last = -1
    for rank in merged:
        if rank != last:
            yield rank
            last = rank
