"""Pinyin initials as postings: the codes of runs of initials, and building the postings of a segment's
initials n-grams, leading initials and whole initials — each also with a polyphone read the other way.

Initials are coded as base-37 digits (36 letters and digits, and one for "no letter"), so an n-gram
of them is one small integer and lists of them sort by radix.
"""
from __future__ import annotations

import numpy as np
import numpy.typing as npt

from phrasebank.search.postings import PostingsBuilder

LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
BASE = len(LETTERS) + 1
"""Pinyin initials are coded as base-37 digits: 36 letters and digits, and one for "no letter"."""
NO_LETTER = len(LETTERS)
START_WIDTHS = (1, 2, 3, 4)
"""Widths of the leading-initials postings used for pinyin prefix matches."""
EXACT_WIDTHS = tuple(range(1, 9))
"""Phrases of these lengths are also filed under their whole initials, for pinyin exact matches."""

LETTER_CODES = np.full(256, NO_LETTER, dtype=np.uint8)
for _index, _letter in enumerate(LETTERS):
    LETTER_CODES[ord(_letter)] = _index

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]


def letters_code(letters: str) -> int | None:
    """The code of a run of pinyin initials (as the postings file them); None if one is not a letter."""
    code = 0
    for letter in letters:
        digit = LETTERS.find(letter)
        if digit < 0:
            return None
        code = code * BASE + digit
    return code


def add_letter_grams(builders: dict[int, PostingsBuilder], primary: U8, switched: U8, ranks: U32) -> None:
    """Initials bigrams and trigrams of a chunk of phrases, also with one polyphone read the other way
    (长期: cq as well as cj). Codes stay below 37³, so they sort by radix."""
    differ = np.flatnonzero(primary != switched)
    for size, builder in builders.items():
        count = len(primary) - size + 1
        if count <= 0:
            continue
        codes = np.zeros(count, dtype=np.uint16)
        valid = np.ones(count, dtype=bool)
        for offset in range(size):
            window = primary[offset : offset + count]
            codes = codes * np.uint16(BASE) + window
            valid &= window < NO_LETTER
        starts = np.flatnonzero(valid)
        variant_codes, variant_starts = [], []
        for place in range(size):  # the switched letter at each place of the window
            at = differ - place
            at = at[(at >= 0) & (at < count)]
            variant = np.zeros(len(at), dtype=np.uint16)
            ok = np.ones(len(at), dtype=bool)
            for offset in range(size):
                letters = (switched if offset == place else primary)[at + offset]
                variant = variant * np.uint16(BASE) + letters
                ok &= letters < NO_LETTER
            variant_codes.append(variant[ok])
            variant_starts.append(at[ok])
        extra_starts = np.concatenate(variant_starts)
        # each variant goes right after the grams of its own position, so ranks stay in order
        where = np.searchsorted(starts, extra_starts, side="right")
        all_starts = np.insert(starts, where, extra_starts)
        builder.add(np.insert(codes[valid], where, np.concatenate(variant_codes)), ranks[all_starts])


def add_leading(builders: dict[int, PostingsBuilder], primary: U8, switched: U8, offsets: I64, first: int, *,
                whole: bool) -> None:
    """Postings of the first 1–4 initials of a chunk's phrases, or (`whole`) of the whole initials of
    phrases up to 8 characters long — each also with one polyphone read the other way."""
    span = max(builders)
    lengths = np.diff(offsets) - 1
    positions = offsets[:-1, None] + np.arange(span)[None, :]
    inside = np.arange(span)[None, :] < lengths[:, None]
    safe = np.minimum(positions, max(len(primary) - 1, 0))
    padded_p = np.where(inside, primary[safe], NO_LETTER).astype(np.int64)
    padded_s = np.where(inside, switched[safe], NO_LETTER).astype(np.int64)
    all_ranks = np.arange(first, first + len(lengths), dtype=np.uint32)
    for width, builder in builders.items():
        chosen = (lengths == width) if whole else (lengths >= width)
        head_p, head_s = padded_p[chosen, :width], padded_s[chosen, :width]
        ranks = all_ranks[chosen]
        weights = BASE ** np.arange(width - 1, -1, -1, dtype=np.int64)
        codes = head_p @ weights
        valid = (head_p < NO_LETTER).all(axis=1)
        pieces_codes, pieces_ranks = [codes[valid]], [ranks[valid]]
        for place in range(width):
            switched_here = (head_s[:, place] != head_p[:, place]) & valid & (head_s[:, place] < NO_LETTER)
            variant = codes + (head_s[:, place] - head_p[:, place]) * weights[place]
            pieces_codes.append(variant[switched_here])
            pieces_ranks.append(ranks[switched_here])
        order = np.argsort(np.concatenate(pieces_ranks), kind="stable")  # variants after their own rank
        builder.add(np.concatenate(pieces_codes).astype(np.uint64)[order], np.concatenate(pieces_ranks)[order])


def pinyin_classes(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """For every prefix of every reading (“z”, “zh”, “zhon”, “zhong” …), the characters it fits."""
    members: dict[str, set[str]] = {}
    for char, readings in table.items():
        for reading in readings:
            for end in range(1, len(reading) + 1):
                members.setdefault(reading[:end], set()).add(char)
    return {piece: "".join(sorted(chars)) for piece, chars in members.items()}
