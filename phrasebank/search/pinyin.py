"""Pinyin for search: toneless readings per character, initials of a text, and query parsing.

Readings come from pypinyin's character table (every reading, so 重 is zhong *and* chong, 行 xing
*and* hang): matching accepts any of them, which is how polyphones are handled without expanding
every combination. The table is read once when a search index is built and stored inside it, so a
query never calls pypinyin.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from phrasebank.text.cjk import is_han

Token = tuple[bool, str]
"""A query token: (True, han character) or (False, pinyin syllable or syllable prefix)."""


def _toneless(reading: str) -> str:
    """"zhòng" → "zhong", "lǜ" → "lv"."""
    reading = reading.replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v").replace("ǚ", "v").replace("ǜ", "v")
    return "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))


def readings_table(chars: set[str]) -> dict[str, tuple[str, ...]]:
    """Toneless readings of each character, most common first (characters without any are left out)."""
    from pypinyin.pinyin_dict import pinyin_dict

    table: dict[str, tuple[str, ...]] = {}
    for char in chars:
        entry = pinyin_dict.get(ord(char))
        if entry:
            table[char] = tuple(dict.fromkeys(_toneless(reading) for reading in entry.split(",")))
    return table


@lru_cache(maxsize=1)
def syllable_prefixes() -> frozenset[str]:
    """Every prefix of every pinyin syllable ("z", "zh", "zho", "zhon", "zhong" …)."""
    from pypinyin.pinyin_dict import pinyin_dict

    syllables = {_toneless(reading) for entry in pinyin_dict.values() for reading in entry.split(",")}
    return frozenset(
        syllable[:end]
        for syllable in syllables
        if syllable.isascii() and syllable.isalpha()
        for end in range(1, len(syllable) + 1)
    )


def initials_tables(table: dict[str, tuple[str, ...]], chars: set[str]) -> tuple[dict[int, str], dict[int, str]]:
    """`str.translate` tables giving one letter per character: the first letter of its main reading,
    and (second table) of its other common reading where that starts differently (重 zhong/chong,
    长 zhang/chang, 行 xing/hang). Other characters stand for themselves, lower-cased, or \x01.

    Only the two most common readings count: the rare ones pypinyin also lists would make almost
    every phrase ambiguous.
    """
    primary: dict[int, str] = {}
    switched: dict[int, str] = {}
    for char in chars:
        readings = table.get(char)
        if readings:
            letter = readings[0][0]
            other = readings[1][0] if len(readings) > 1 else letter
        else:
            letter = other = char.lower() if char.isascii() and char.isalnum() else "\x01"
        primary[ord(char)] = letter
        switched[ord(char)] = other
    return primary, switched


def parse_letters(letters: str, prefixes: frozenset[str], limit: int = 4) -> list[list[str]]:
    """Ways to read a run of letters as pinyin syllables or syllable prefixes, fewest pieces first.

    "zhengzhi" → [["zheng", "zhi"], …]; "lgwh" → [["l", "g", "w", "h"]]; the all-initials reading is
    always included when every letter can start a syllable, so "xian" finds both 县 and 西安.
    """
    length = len(letters)
    fewest = [0] * (length + 1)
    for start in range(length - 1, -1, -1):
        ends = range(start + 1, min(length, start + 6) + 1)
        options = [1 + fewest[end] for end in ends if letters[start:end] in prefixes and fewest[end] < 10**6]
        fewest[start] = min(options) if options else 10**6
    if fewest[0] >= 10**6:
        return []
    parses: list[list[str]] = []

    def extend(start: int, pieces: list[str], slack: int) -> None:
        if len(parses) >= limit:
            return
        if start == length:
            parses.append(list(pieces))
            return
        for end in range(min(length, start + 6), start, -1):
            piece = letters[start:end]
            if piece in prefixes and fewest[end] < 10**6:
                extra = 1 + fewest[end] - fewest[start]
                if extra <= slack:
                    pieces.append(piece)
                    extend(end, pieces, slack - extra)
                    pieces.pop()

    extend(0, [], 1)
    singles = list(letters)
    if all(letter in prefixes for letter in singles) and singles not in parses and length <= 16:
        parses.append(singles)
    return parses


def query_tokens(query: str, prefixes: frozenset[str]) -> list[list[Token]]:
    """Readings of a query mixing Han characters and pinyin letters as token sequences.

    `prefixes` is `syllable_prefixes()`, passed in (a search index stores it) so that parsing a
    query never loads pypinyin.
    """
    runs: list[tuple[bool, str]] = []
    for char in query:
        han = is_han(char)
        if not han and not char.isalpha():
            continue
        if runs and runs[-1][0] == han and not han:
            runs[-1] = (False, runs[-1][1] + char)
        else:
            runs.append((han, char))
    readings: list[list[Token]] = [[]]
    for han, run in runs:
        if han:
            readings = [[*reading, (True, run)] for reading in readings]
            continue
        parses = parse_letters(run.lower(), prefixes)
        if not parses:
            return []
        readings = [reading + [(False, piece) for piece in parse] for reading in readings for parse in parses][:8]
    return [reading for reading in readings if reading]
