"""Matching pinyin queries (full syllables, prefixes, initials, mixed with Chinese) against the index.

Candidates come from initials postings; each reading of the query becomes one regex of character
classes (every character any of whose readings fits that piece of pinyin), checked on the
candidate's text at C speed. Polyphones are handled by the classes, never by expanding readings.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from phrasebank.search.index import IndexData
from phrasebank.search.pinyin import Token, query_tokens
from phrasebank.search.postings import SMALL, Postings, expand, intersect, merge_sorted

Span = tuple[int, int]
PATTERN_CACHE = 256
"""Compiled query patterns kept (a writer retypes the same few queries)."""


class PinyinMatcher:
    """The pinyin tiers over one index; thread-safe enough for concurrent searches (the cache only grows)."""

    def __init__(self, data: IndexData) -> None:
        self.data = data
        self._patterns: dict[tuple[Token, ...], re.Pattern[str]] = {}

    def matches(self, query: str, accept: Callable[[int], bool], tier: str) -> Iterator[tuple[int, tuple[Span, ...]]]:
        """Matches of one positional tier ("exact", "prefix" or "substring"), in rank order."""
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
            for rank in self._candidates(initial_sets, tier):
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
            if len(self._patterns) > PATTERN_CACHE:
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

    def _candidates(self, initial_sets: list[str], tier: str) -> Iterable[int]:
        """Ranks worth checking, in rank order: phrases filed under the whole initials (exact), the
        leading initials (prefix), or containing the rarest initials n-grams (substring)."""
        data = self.data
        width = len(initial_sets)
        if tier == "exact":
            if width not in data.exact:
                return ()
            return merge_sorted(data.exact[width].get(head) for head in expand(initial_sets))
        if tier == "prefix":
            lead = min(width, max(data.starts))
            return merge_sorted(data.starts[lead].get(head) for head in expand(initial_sets[:lead]))
        if width < 2:
            return ()  # one letter anywhere in a phrase says nothing; it is matched as a prefix only
        size = min(3, width)
        postings: Postings = data.letters[size]
        groups = sorted(
            ([postings.get(gram) for gram in expand(initial_sets[i : i + size])] for i in range(width - size + 1)),
            key=lambda group: sum(map(len, group)),
        )
        if len(groups) == 1 or sum(map(len, groups[0])) < SMALL:
            return merge_sorted(groups[0])
        return intersect([group[0] if len(group) == 1 else set().union(*group) for group in groups])
