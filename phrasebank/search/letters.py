"""Matching pinyin queries (full syllables, prefixes, initials, mixed with Chinese) over every live segment.

Candidates come from initials postings; each reading of the query becomes one regex of character
classes (every character any of whose readings fits that piece of pinyin), checked on the
candidate's text at C speed. Polyphones are handled by the classes, never by expanding readings.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from phrasebank.search.initials import letters_code
from phrasebank.search.pinyin import Token, query_tokens
from phrasebank.search.postings import EMPTY, SMALL, Ranks, intersect, union
from phrasebank.search.segment import PhraseSegment
from phrasebank.search.view import IndexView, Ref

Span = tuple[int, int]
PATTERN_CACHE = 256
"""Compiled query patterns kept (a writer retypes the same few queries)."""


class PinyinMatcher:
    """The pinyin tiers over one view of the index; safe for concurrent searches (the cache only grows)."""

    def __init__(self, view: IndexView) -> None:
        self.view = view
        self._patterns: dict[tuple[Token, ...], re.Pattern[str]] = {}

    def matches(self, query: str, accept: Callable[[Ref], bool], tier: str) -> Iterator[tuple[Ref, tuple[Span, ...]]]:
        """Matches of one positional tier ("exact", "prefix" or "substring"), in rank order."""
        view = self.view
        found_any = False
        for tried, tokens in enumerate(query_tokens(query, view.syllables)):
            if found_any or (tried >= 2 and tier != "exact"):
                return  # readings are tried best first; a worse one only when the better found nothing
            initial_sets = [self._initial_letters(token) for token in tokens]
            if any(not letters for letters in initial_sets):
                continue
            width = len(tokens)
            pattern = self._token_pattern(tuple(tokens))
            for ref in view.ordered(_candidates_of(initial_sets, tier), accept):
                text = view.phrases[ref[0]].segment.texts.text_of(ref[1])
                if tier != "substring":
                    if (len(text) == width) == (tier == "exact") and pattern.match(text):
                        found_any = True
                        yield ref, ((0, width),)
                    continue
                spans = tuple(match.span() for match in pattern.finditer(text, 1))
                if spans:
                    found_any = True
                    yield ref, spans

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
        members = self.view.pinyin_class(value)
        if len(value) == 1:
            members += value + value.upper()  # a Latin letter in the text stands for itself
        return f"[{re.escape(members)}]" if members else "(?!)"

    def _initial_letters(self, token: Token) -> str:
        """The letters a token's character may start with."""
        is_character, value = token
        if is_character:
            readings = self.view.readings(value)
            return "".join(sorted({reading[0] for reading in readings})) if readings else ""
        return value[0]


def _codes(letter_sets: list[str]) -> list[int]:
    """The codes of every run taking one letter from each set."""
    runs = [""]
    for letters in letter_sets:
        runs = [run + letter for run in runs for letter in letters]
    return [code for run in runs if (code := letters_code(run)) is not None]


def _candidates_of(initial_sets: list[str], tier: str) -> Callable[[int, PhraseSegment], Ranks]:
    """`_candidates` for `IndexView.ordered`."""
    return lambda _, segment: _candidates(segment, initial_sets, tier)


def _candidates(segment: PhraseSegment, initial_sets: list[str], tier: str) -> Ranks:
    """Ranks worth checking in one segment, ascending: entries filed under the whole initials (exact),
    the leading initials (prefix), or containing the rarest initials n-grams (substring)."""
    width = len(initial_sets)
    if tier == "exact":
        if width not in segment.exact:
            return EMPTY
        return union(segment.exact[width].get(code) for code in _codes(initial_sets))
    if tier == "prefix":
        lead = min(width, max(segment.starts))
        return union(segment.starts[lead].get(code) for code in _codes(initial_sets[:lead]))
    if width < 2:
        return EMPTY  # one letter anywhere in a phrase says nothing; it is matched as a prefix only
    size = min(3, width)
    postings = segment.letters[size]
    groups = sorted(
            ([postings.get(code) for code in _codes(initial_sets[i : i + size])] for i in range(width - size + 1)),
            key=lambda group: sum(map(len, group)),
    )
    if len(groups) == 1 or sum(map(len, groups[0])) < SMALL:
        return union(groups[0])
    return intersect([union(group) for group in groups])
