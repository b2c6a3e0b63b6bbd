"""Search over the index: Chinese (exact, prefix, substring, word-wise, fuzzy) and pinyin (full,
prefix, initials, mixed with Chinese) on phrases, then the full text of the stored paragraphs.

Ranking: exact > prefix > contiguous substring > word-wise > fuzzy; within a tier, starred phrases
first, then phrases of the boosted organ, then by frequency (rank order), then shorter first; hidden
phrases are left out unless asked for. Sentences of the paragraphs (kind `paragraph`) come after
every phrase hit and only fill the places the phrases left. A query longer than any entry (a pasted
paragraph) is searched by its most selective clauses. This module reads the index only; it never
opens the bank (`phrasebank.bank.lifecycle` loads the index).
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from phrasebank.search.flags import HEAD, HIDDEN, STARRED, is_shown
from phrasebank.search.han import HanMatcher, Span, all_spans, containing
from phrasebank.search.letters import PinyinMatcher
from phrasebank.search.postings import Ranks, intersect
from phrasebank.search.segment import U8, PhraseSegment, SentenceSegment
from phrasebank.search.view import IndexView, Ref
from phrasebank.text.cjk import half_width_letters, is_han
from phrasebank.vocab.kinds import KINDS, PARAGRAPH
from phrasebank.vocab.organs import ORGANS, organs_of_mask

TIERS = ("exact", "prefix", "substring", "words", "fuzzy")
TIER_SCORE = {"exact": 5.0, "prefix": 4.0, "substring": 3.0, "words": 2.0, "fuzzy": 1.0, "all": 0.0}
BOOST_WINDOW = 40
"""Extra hits looked at per tier so that phrases of the boosted organ can move up."""
FUZZY_POOL = 30
"""Fuzzy hits gathered before they are sorted by quality."""
LONG_QUERY = 60
"""A query longer than this is searched by its clauses (it is longer than the entries it could match)."""
CLAUSES = 8
"""How many of a long query's clauses are searched: the most selective ones."""

Match = tuple[Ref, tuple[Span, ...], int]
"""(entry, matched spans, quality — lower is better, 0 for all but fuzzy matches)."""
Ranked = tuple[tuple[int, bool, int, bool, tuple[int, int]], "Hit"]
"""A phrase hit with where it stands: (tier, not starred, quality, not boosted, rank order), hit."""


@dataclass(frozen=True)
class Hit:
    """One search result: a phrase (or, kind `paragraph`, a sentence of a stored paragraph), why it
    matched (tier), its score and the matched spans."""

    phrase_id: int
    text: str
    kind: str
    organs: tuple[str, ...]
    count: int
    docs: int
    tier: str
    score: float
    spans: tuple[Span, ...]
    doc_id: int = 0
    line: int = 0
    column: int = 0
    """For a paragraph hit: the document, the source line of the paragraph and where the sentence starts."""
    starred: bool = False
    hidden: bool = False
    """Whether the writer starred or hid the phrase (`tigang star`, `tigang hide`)."""

    @property
    def key(self) -> str:
        """A key unique among hits: the phrase's id, or where the sentence stands."""
        if self.kind == PARAGRAPH:
            return f"s{self.doc_id}:{self.line}:{self.column}"
        return f"p{self.phrase_id}"

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "id": self.phrase_id, "text": self.text, "kind": self.kind, "organs": list(self.organs),
            "count": self.count, "docs": self.docs, "tier": self.tier, "score": round(self.score, 4),
            "spans": [list(span) for span in self.spans], "starred": self.starred, "hidden": self.hidden,
        }
        if self.kind == PARAGRAPH:
            data.update(doc_id=self.doc_id, line=self.line, column=self.column)
        return data


class SearchIndex:
    """A loaded index and the search over it; safe for concurrent `search` calls."""

    def __init__(self, view: IndexView, whole: SearchIndex | None = None) -> None:
        self.view = view
        self.han = HanMatcher(view)
        self.pinyin = PinyinMatcher(view)
        self.whole = whole or self
        """The index of every entry: a query is cut into words and clauses by it, and scored against
        its top count, also when this is the index of the starred entries alone."""

    @cached_property
    def starred(self) -> SearchIndex | None:
        """The starred entries as an index of their own, searched first (built on the first search
        that needs it); None when nothing is starred."""
        view = self.view.starred()
        return SearchIndex(view, self) if len(view) else None

    def __len__(self) -> int:
        return len(self.view)

    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        organ: str | None = None,
        phrase_ids: Collection[int] | None = None,
        doc_ids: Collection[int] | None = None,
        boost_organ: str | None = None,
        limit: int | None = 50,
        paragraphs: bool = True,
        hidden: bool = False,
    ) -> list[Hit]:
        """Hits for `query`, best first; `phrase_ids` keeps only those entries and `doc_ids` only
        sentences of those documents (e.g. one document's); `limit=None` returns every hit;
        `paragraphs` adds sentences of the stored paragraphs after the phrases (not when filtering by
        kind or organ, which sentences do not have); `hidden` shows hidden phrases too (marked).

        Starred entries are searched in an index of their own (`starred`), and left out of this
        one: each tier then lists them first whatever their rank, at the cost of searching a few
        dozen entries — and only in the tiers that can still make the answer."""
        query = normalise(query)
        accept = self._filter(kind, organ, phrase_ids, hidden, skip_starred=True)
        starred = [(index, index._filter(kind, organ, phrase_ids, hidden, skip_starred=False))
                   for index in [self.starred] if index is not None]
        if not query:
            hits: list[Hit] = []
            for index, skip in [*((index, False) for index, _ in starred), (self, True)]:
                room = limit - len(hits) if limit is not None else None
                refs = index.view.ordered(_listed(kind, organ, phrase_ids, hidden, skip_starred=skip))
                hits += [index._hit(ref, "all", ()) for ref in itertools.islice(refs, room)]
            return hits
        if len(query) > LONG_QUERY:
            hits = [hit for index, its_accept in starred for hit in index._by_clauses(query, its_accept, limit)]
            hits += self._by_clauses(query, accept, limit)
        else:
            wanted = (limit or 10**9) + (BOOST_WINDOW if boost_organ else 0)
            ranked = sorted(self._phrases(query, accept, boost_organ, wanted), key=lambda item: item[0])
            # A starred hit of a tier after the one that filled the answer could not enter it.
            last = ranked[wanted - 1][0][0] if len(ranked) >= wanted else len(TIERS) - 1
            for index, its_accept in starred:
                ranked = sorted(ranked + index._phrases(query, its_accept, boost_organ, wanted, last),
                                key=lambda item: item[0])
            hits = [hit for _, hit in ranked]
        hits = hits[:limit] if limit else hits
        room = (limit - len(hits)) if limit else None
        if paragraphs and (room is None or room > 0) and not (kind or organ):
            shown = {hit.text for hit in hits}
            hits += [hit for hit in self.sentences(query, room, doc_ids) if hit.text not in shown]
        return hits

    def _phrases(self, query: str, accept: Callable[[Ref], bool], boost_organ: str | None,
                 wanted: int, last_tier: int = len(TIERS) - 1) -> list[Ranked]:
        """Phrase hits of every tier up to `last_tier` (the first `wanted` found, and more fuzzy ones
        to choose from), with where each stands."""
        found: dict[Ref, tuple[int, int, tuple[Span, ...]]] = {}
        for tier_index, tier in enumerate(TIERS[: last_tier + 1]):
            if len(found) >= wanted:
                break
            # Fuzzy hits are ordered by quality, not found in that order: gather more before sorting.
            enough = len(found) + max(wanted - len(found), FUZZY_POOL) if tier == "fuzzy" else wanted
            for ref, spans, quality in self._tier(tier, query, accept):
                if ref not in found:
                    found[ref] = (tier_index, quality, spans)
                    if len(found) >= enough:
                        break
        boost_bit = 1 << ORGANS.index(boost_organ) if boost_organ in ORGANS else 0
        view = self.view

        def boosted(ref: Ref) -> bool:
            return bool(view.phrases[ref[0]].segment.masks[ref[1]] & boost_bit)

        ranked: list[Ranked] = []
        for ref, (number, quality, spans) in found.items():
            hit = self._hit(ref, TIERS[number], spans, boosted(ref))
            ranked.append(((number, not hit.starred, quality, not boosted(ref), view.order_key(ref)), hit))
        return ranked

    def _tier(self, tier: str, query: str, accept: Callable[[Ref], bool]) -> Iterator[Match]:
        """Matches of one tier in the order they are found."""
        terms = query.split()
        if len(terms) > 1:
            if tier == "words":
                yield from ((ref, spans, 0) for ref, spans in self.han.words(terms, accept))
            return
        if not all(is_han(char) or not char.isalpha() for char in query):
            if tier in ("exact", "prefix", "substring"):
                yield from ((ref, spans, 0) for ref, spans in self.pinyin.matches(query, accept, tier))
            return
        if tier in ("exact", "prefix"):
            whole = ((0, len(query)),)
            yield from ((ref, whole, 0) for ref in self.han.prefixed(query, accept, exact=tier == "exact"))
        elif tier == "substring":
            yield from ((ref, spans, 0) for ref, spans in self.han.substring(query, accept))
        elif tier == "words":
            words = self.whole.han.segment(query)  # the same words in the index of starred entries
            if len(words) > 1:
                yield from ((ref, spans, 0) for ref, spans in self.han.words(words, accept))
        elif tier == "fuzzy":
            yield from self.han.fuzzy(query, accept)

    def _by_clauses(self, query: str, accept: Callable[[Ref], bool], limit: int | None) -> list[Hit]:
        """A pasted paragraph: phrases containing one of its most selective clauses, in rank order."""
        found: dict[Ref, tuple[Span, ...]] = {}
        for clause in self.whole._selective_clauses(query):
            for ref, _ in itertools.islice(self.han.substring(clause, accept), limit or None):
                if ref not in found:
                    found[ref] = all_spans(self.han.text(ref), clause)
        ordered = sorted(found, key=self.view.order_key)[:limit]
        return [self._hit(ref, "substring", found[ref]) for ref in ordered]

    def _selective_clauses(self, query: str, *, sentences: bool = False) -> list[str]:
        """The clauses of a long query (4 characters or more) with the fewest candidates, at most
        `CLAUSES`: a clause is as rare as its rarest bigram, and every bigram is counted in one pass.
        A clause with a bigram found nowhere can match nothing, so it never takes a place."""
        counts = self.view.bigram_counts(query, sentences=sentences)
        rarity: dict[str, int] = {}
        for clause in re.finditer(r"[^，。；：！？、,.;:!?\s]{4,}", query):
            rarity[clause.group()] = min(rarity.get(clause.group(), 1 << 62),
                                         int(counts[clause.start() : clause.end() - 1].min()))
        possible = [clause for clause, count in rarity.items() if count > 0]
        return sorted(possible, key=lambda clause: (rarity[clause], clause))[:CLAUSES]

    def sentences(self, query: str, limit: int | None, doc_ids: Collection[int] | None = None) -> list[Hit]:
        """Sentences of the stored paragraphs holding the query (Chinese substrings, or its words in
        any order), in document order; a long query by its most selective clauses."""
        query = normalise(query)
        if len(query) < 2 or not any(is_han(char) for char in query) or limit == 0:
            return []
        long_query = len(query) > LONG_QUERY
        pieces = self._selective_clauses(query, sentences=True) if long_query else [query.replace(" ", "")]
        words = [] if long_query else query.split() if " " in query else self.han.segment(query)
        view = self.view

        def wanted(ref: Ref) -> bool:
            return doc_ids is None or int(view.sentences[ref[0]].segment.doc_ids[ref[1]]) in doc_ids

        # Streams read lazily, in turn: a search that has enough hits stops reading.
        def stream(ranks_of: Callable[[int, SentenceSegment], Iterable[int]], tier: str,
                   matched: tuple[str, ...]) -> Iterator[tuple[Ref, str, tuple[str, ...]]]:
            return ((ref, tier, matched) for ref in view.sentences_ordered(ranks_of) if wanted(ref))

        streams = [stream(_containing(piece), "substring", (piece,)) for piece in pieces]
        if len(words) > 1:
            streams.append(stream(lambda _, segment: self._with_words(segment, words), "words", tuple(words)))
        hits: list[Hit] = []
        seen: set[Ref] = set()
        for ref, tier, matched in itertools.chain(*streams):
            if ref not in seen:
                seen.add(ref)
                hits.append(self._sentence_hit(ref, tier, *matched))
                if limit is not None and len(hits) >= limit:
                    break
        return hits

    @staticmethod
    def _with_words(segment: SentenceSegment, words: list[str]) -> Iterator[int]:
        """Ranks of the sentences of one segment holding every word, ascending."""
        texts = segment.texts
        lists = [min((texts.containing(word[i : i + 2]) for i in range(max(1, len(word) - 1))), key=len)
                 for word in words]
        for rank in intersect(lists).tolist():
            text = texts.text_of(rank)
            if all(word in text for word in words):
                yield rank

    def _filter(self, kind: str | None, organ: str | None, phrase_ids: Collection[int] | None, hidden: bool,
                *, skip_starred: bool) -> Callable[[Ref], bool]:
        """Whether an entry is shown and passes the filters; with `skip_starred`, starred entries are
        not (they come from the index of starred entries)."""
        view = self.view
        kind_code = KINDS.index(kind) if kind else -1
        organ_bit = 1 << ORGANS.index(organ) if organ else 0
        allowed = tuple(is_shown(flags, hidden=hidden) and not (skip_starred and flags & STARRED)
                        for flags in range(256))  # by flags: one lookup per candidate

        def accept(ref: Ref) -> bool:
            segment, rank = view.phrases[ref[0]].segment, ref[1]
            if not allowed[segment.flags[rank]]:
                return False  # a variant (found through the entry heading its group), hidden, or starred
            if kind_code >= 0 and segment.kinds[rank] != kind_code:
                return False
            if organ_bit and not segment.masks[rank] & organ_bit:
                return False
            return phrase_ids is None or int(segment.ids[rank]) in phrase_ids

        return accept

    def _hit(self, ref: Ref, tier: str, spans: tuple[Span, ...], boosted: bool = False) -> Hit:
        segment, rank = self.view.phrases[ref[0]].segment, ref[1]
        count = int(segment.counts[rank])
        flags = int(segment.flags[rank])
        score = TIER_SCORE[tier] + (0.5 if boosted else 0.0) + 0.4 * count / self.whole.view.top_count
        return Hit(
            phrase_id=int(segment.ids[rank]),
            text=segment.texts.text_of(rank),
            kind=KINDS[segment.kinds[rank]],
            organs=organs_of_mask(int(segment.masks[rank])),
            count=count,
            docs=int(segment.docs[rank]),
            tier=tier,
            score=score,
            spans=spans,
            starred=bool(flags & STARRED),
            hidden=bool(flags & HIDDEN),
        )

    def _sentence_hit(self, ref: Ref, tier: str, *pieces: str) -> Hit:
        segment, rank = self.view.sentences[ref[0]].segment, ref[1]
        text = segment.texts.text_of(rank)
        spans = tuple(span for piece in pieces for span in all_spans(text, piece))
        return Hit(phrase_id=0, text=text, kind=PARAGRAPH, organs=(), count=0, docs=0, tier=tier,
                   score=TIER_SCORE[tier] - 0.5, spans=spans, doc_id=int(segment.doc_ids[rank]),
                   line=int(segment.lines[rank]), column=int(segment.columns[rank]))


def _listed(kind: str | None, organ: str | None, phrase_ids: Collection[int] | None, hidden: bool,
            *, skip_starred: bool) -> Callable[[int, PhraseSegment], Ranks]:
    """The ranks of a segment's shown entries passing the filters (the bank by frequency)."""
    wanted_ids = np.array(sorted(phrase_ids), dtype=np.uint32) if phrase_ids is not None else None

    def ranks(_: int, segment: PhraseSegment) -> Ranks:
        keep = _shown(segment.flags, hidden)
        if skip_starred:
            keep &= (segment.flags & STARRED) == 0
        if kind:
            keep &= segment.kinds == KINDS.index(kind)
        if organ:
            keep &= (segment.masks & (1 << ORGANS.index(organ))) != 0
        if wanted_ids is not None:
            keep &= np.isin(segment.ids, wanted_ids)
        return np.flatnonzero(keep).astype(np.uint32)

    return ranks


def _shown(flags: U8, hidden: bool) -> npt.NDArray[np.bool_]:
    """`phrasebank.search.flags.is_shown` of every entry at once."""
    picked = flags & np.uint8(HEAD | HIDDEN)
    shown: npt.NDArray[np.bool_] = picked != 0 if hidden else picked == HEAD
    return shown


def _containing(piece: str) -> Callable[[int, SentenceSegment], Iterator[int]]:
    """The ranks of a segment's sentences containing `piece` (for `IndexView.sentences_ordered`)."""
    return lambda _, segment: containing(segment.texts, piece)


def normalise(query: str) -> str:
    """Full-width letters and spaces to half-width, lower case, spaces collapsed."""
    return " ".join(half_width_letters(query).lower().split())
