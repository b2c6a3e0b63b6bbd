"""The same wording twice in one outline: a phrase added twice, a paragraph pasted twice, or nearly so.

Texts are compared by what is read: spaces and punctuation dropped (`normalise`), so “坚持党的领导，
…” and “坚持党的领导,…” are the same. Equal texts of `MIN_EXACT` characters or more are duplicates;
texts of `MIN_NEAR` or more that rapidfuzz scores `NEAR_RATIO` or above are near-duplicates (one or two
characters changed, e.g. 提高 / 提升). All pairs are scored in one rapidfuzz call (C), so a 300-point
outline with bodies takes milliseconds.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

MIN_EXACT = 5
"""Equal texts shorter than this are fine: the same short sub-heading (“主要做法”) may head two parts."""
MIN_NEAR = 8
NEAR_RATIO = 90
MAX_SHOWN_CHANGE = 8
"""A near-duplicate names what differs when it is this short or shorter on each side."""


@dataclass(frozen=True)
class Repeat:
    """Text `later` repeats text `earlier` (indexes into the texts compared); `score` 100 when equal."""

    later: int
    earlier: int
    score: float
    change: tuple[str, str] | None = None
    """For a near-duplicate: what the earlier text has where the later one differs, and what the later
    one has instead (“提高”, “提升”); None when equal or when the change is too long to show."""


def normalise(text: str) -> str:
    """What a comparison looks at: letters and digits only (Han included), Latin in lower case."""
    return "".join(char for char in text if unicodedata.category(char)[0] in "LN").lower()


def find_repeats(texts: Sequence[str]) -> list[Repeat]:
    """Each text that repeats an earlier one, with the earlier one it is closest to (equal first)."""
    keys = [normalise(text) for text in texts]
    repeats: list[Repeat] = []
    first: dict[str, int] = {}
    exact: set[int] = set()
    for index, key in enumerate(keys):
        if len(key) < MIN_EXACT:
            continue
        if key in first:
            repeats.append(Repeat(index, first[key], 100.0))
            exact.add(index)
        else:
            first[key] = index
    candidates = [i for i, key in enumerate(keys) if len(key) >= MIN_NEAR and (i not in exact)]
    distinct = [i for i in candidates if first.get(keys[i]) == i]  # one of each group of equal texts
    repeats.extend(_near(keys, distinct))
    return sorted(repeats, key=lambda r: (r.later, r.earlier))


def _near(keys: Sequence[str], indexes: Sequence[int]) -> list[Repeat]:
    if len(indexes) < 2:
        return []
    from rapidfuzz import fuzz, process

    chosen = [keys[i] for i in indexes]
    scores = process.cdist(chosen, chosen, scorer=fuzz.ratio, score_cutoff=NEAR_RATIO, workers=1)
    found: list[Repeat] = []
    for row in range(1, len(chosen)):
        earlier = scores[row, :row]
        if earlier.max(initial=0) >= NEAR_RATIO:
            column = int(earlier.argmax())
            later_key, earlier_key = chosen[row], chosen[column]
            found.append(Repeat(indexes[row], indexes[column], float(earlier[column]),
                                _change(earlier_key, later_key)))
    return found


def _change(earlier: str, later: str) -> tuple[str, str] | None:
    """The one stretch where the two differ, when there is one short one."""
    from rapidfuzz.distance import Indel

    blocks = [op for op in Indel.opcodes(earlier, later) if op.tag != "equal"]
    if not blocks:
        return None
    start_a, end_a = blocks[0].src_start, blocks[-1].src_end
    start_b, end_b = blocks[0].dest_start, blocks[-1].dest_end
    if max(end_a - start_a, end_b - start_b) > MAX_SHOWN_CHANGE:
        return None
    return earlier[start_a:end_a], later[start_b:end_b]
