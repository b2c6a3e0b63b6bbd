"""Search over an index: Chinese (exact, prefix, substring, word-wise, fuzzy) and pinyin (full,
prefix, initials, mixed with Chinese), with kind / organ / phrase filters and matched spans.

Ranking: exact > prefix > contiguous substring > word-wise > fuzzy; within a tier, phrases of the
boosted organ first, then by frequency (ranks are frequency order), then shorter first. Every
posting list is in rank order, so a tier stops scanning as soon as it has enough hits. This module
reads an `IndexData` only; it never opens the bank (`phrasebank.bank.lifecycle` loads the index).
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

from phrasebank.search.han import HanMatcher, Span
from phrasebank.search.index import IndexData
from phrasebank.search.letters import PinyinMatcher
from phrasebank.text.cjk import half_width_letters, is_han
from phrasebank.vocab.kinds import KINDS
from phrasebank.vocab.organs import ORGANS, organs_of_mask

TIERS = ("exact", "prefix", "substring", "words", "fuzzy")
TIER_SCORE = {"exact": 5.0, "prefix": 4.0, "substring": 3.0, "words": 2.0, "fuzzy": 1.0, "all": 0.0}
BOOST_WINDOW = 40
"""Extra hits looked at per tier so that phrases of the boosted organ can move up."""
FUZZY_POOL = 30
"""Fuzzy hits gathered before they are sorted by quality."""

Match = tuple[int, tuple[Span, ...], int]
"""(rank, matched spans, quality — lower is better, 0 for all but fuzzy matches)."""


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
        return {"id": self.phrase_id, "text": self.text, "kind": self.kind, "organs": list(self.organs),
                "count": self.count, "docs": self.docs, "tier": self.tier, "score": round(self.score, 4),
                "spans": [list(span) for span in self.spans]}


class SearchIndex:
    """A loaded index and the search over it; safe for concurrent `search` calls."""

    def __init__(self, data: IndexData) -> None:
        self.data = data
        self.han = HanMatcher(data)
        self.pinyin = PinyinMatcher(data)
        self._top_count = max(1, data.counts[0]) if len(data) else 1  # ranks are in count order

    def __len__(self) -> int:
        return len(self.data)

    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        organ: str | None = None,
        phrase_ids: Collection[int] | None = None,
        boost_organ: str | None = None,
        limit: int | None = 50,
    ) -> list[Hit]:
        """Hits for `query`, best first; `phrase_ids` keeps only those entries (e.g. one document's);
        `limit=None` returns every hit."""
        accept = self._filter(kind, organ, phrase_ids)
        query = normalise(query)
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
            for rank, spans, quality in self._tier(tier, query, accept):
                if rank not in found:
                    found[rank] = (tier_index, quality, spans)
                    if len(found) >= enough:
                        break
        boost_bit = 1 << ORGANS.index(boost_organ) if boost_organ in ORGANS else 0
        masks = self.data.masks
        ordered = sorted(found.items(), key=lambda item: (*item[1][:2], not (masks[item[0]] & boost_bit), item[0]))
        hits = [
            self._hit(rank, TIERS[tier], spans, bool(masks[rank] & boost_bit)) for rank, (tier, _, spans) in ordered
        ]
        return hits[:limit] if limit else hits

    def _tier(self, tier: str, query: str, accept: Callable[[int], bool]) -> Iterator[Match]:
        """Matches of one tier in the order they are found."""
        terms = query.split()
        if len(terms) > 1:
            if tier == "words":
                yield from ((rank, spans, 0) for rank, spans in self.han.words(terms, accept))
            return
        if not all(is_han(char) or not char.isalpha() for char in query):
            if tier in ("exact", "prefix", "substring"):
                yield from ((rank, spans, 0) for rank, spans in self.pinyin.matches(query, accept, tier))
            return
        if tier in ("exact", "prefix"):
            whole = ((0, len(query)),)
            yield from ((rank, whole, 0) for rank in self.han.prefixed(query, accept, exact=tier == "exact"))
        elif tier == "substring":
            yield from ((rank, spans, 0) for rank, spans in self.han.substring(query, accept))
        elif tier == "words":
            words = self.han.segment(query)
            if len(words) > 1:
                yield from ((rank, spans, 0) for rank, spans in self.han.words(words, accept))
        elif tier == "fuzzy":
            yield from self.han.fuzzy(query, accept)

    def _filter(self, kind: str | None, organ: str | None, phrase_ids: Collection[int] | None) -> Callable[[int], bool]:
        kinds, masks, ids = self.data.kinds, self.data.masks, self.data.ids
        kind_code = KINDS.index(kind) if kind else -1
        organ_bit = 1 << ORGANS.index(organ) if organ else 0

        def accept(rank: int) -> bool:
            if kind_code >= 0 and kinds[rank] != kind_code:
                return False
            if organ_bit and not masks[rank] & organ_bit:
                return False
            return phrase_ids is None or ids[rank] in phrase_ids

        return accept

    def _hit(self, rank: int, tier: str, spans: tuple[Span, ...], boosted: bool = False) -> Hit:
        data = self.data
        count = data.counts[rank]
        score = TIER_SCORE[tier] + (0.5 if boosted else 0.0) + 0.4 * count / self._top_count
        return Hit(
            phrase_id=data.ids[rank],
            text=data.text_of(rank),
            kind=KINDS[data.kinds[rank]],
            organs=organs_of_mask(data.masks[rank]),
            count=count,
            docs=data.docs[rank],
            tier=tier,
            score=score,
            spans=spans,
        )


def normalise(query: str) -> str:
    """Full-width letters and spaces to half-width, lower case, spaces collapsed."""
    return " ".join(half_width_letters(query).lower().split())

