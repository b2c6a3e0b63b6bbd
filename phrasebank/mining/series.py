"""Series (排比) and couplets in a text: parallel items separated by 、, whole words at both ends.

A series is three or more items of equal length (four or more when the items have two characters).
In running text the first and last items are glued to their neighbours (“着力打造忠诚可靠、坚强有力、
人民满意、高效廉洁的……”), so they are trimmed to the length of the middle ones — which is only right
when the trimmed item really is one of them. Three checks keep a series from ending inside a word:
both ends fall on token boundaries of the whole text (the tokeniser's, not of a fragment); a
trimmed end item shares the frame of the items that were not trimmed (the characters they have in
the same places: 政治判断力、政治领悟力 → 政治_力; 抓在手上、扛在肩上 → _在_上) — when it does not
(“落在行动” of 落在行动上) the list has an item of another length, and is no series; a list that goes on
with 和/及 is not cut short.
Lists of people, places or dates are not series (`phrasebank.mining.filters`).

Couplets — two items with a shared frame, such as 民有所呼、我有所应 or 守土有责、守土尽责 — are
mined as kind `series` too, not as a kind of their own: kinds are an interface used by search
filters, the CLI's `--kind` choices and the UI, and a couplet is the two-item case of the same
figure. Two items count as a couplet only when they are 3–6 characters long and share a frame that is
not a mere common prefix or suffix (专题询问、专题调研 and 东城区、西城区 are plain pairs), unless they
differ in one character only (由民定、由民评).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from phrasebank.mining.filters import junk_series
from phrasebank.mining.tokens import has_word
from phrasebank.text.cjk import HAN_RANGES as _HAN

_LIST = re.compile(rf"[{_HAN}、]+")
"""A run of Han characters and 、: where a series or a couplet can stand (split by 、 afterwards, in one
pass, rather than by a regex that backtracks through every run)."""
_ITEM_NEVER_ENDS = {*"等的和与及或了着之", "、"}
_ITEM_NEVER_STARTS = {*"的和与及或", "、"}
"""Tokens an item never ends (starts) with; "、" stands for an offset that is no token boundary."""
_LIST_GOES_ON = {"和", "与", "及", "以及", "或"}
"""Tokens after which a list goes on: a series followed by one is cut short."""
_CLOSERS = {"的", "等", "等等"}
"""Tokens that close a list: what follows a series that ends where it should."""
COUPLET_LENGTHS = range(6, 2, -1)
"""Item lengths a couplet may have, longest tried first."""


def find_series(text: str, token_starts: dict[int, str]) -> Iterator[tuple[int, list[str]]]:
    """(offset, items) of every series and couplet in `text`; `token_starts` are the tokens of the
    whole text by the offset each starts at."""
    if "、" not in text:
        return  # most texts: nothing to look at
    token_ends = _TokenEnds(token_starts)
    couplets: list[tuple[int, list[str]]] = []
    for run in _LIST.finditer(text):
        start, chunks = run.start(), run.group().split("、")
        if not chunks[0]:  # a run that starts with 、 (…”、“……)
            start, chunks = start + 1, chunks[1:]
        if chunks and not chunks[-1]:  # …、“……”: the list goes on in quotes
            chunks = chunks[:-1]
        if len(chunks) < 2 or not all(chunks):
            continue
        if len(chunks) == 2:
            couplet = _couplet(start, chunks[0], chunks[1], token_starts, token_ends)
            if couplet:
                couplets.append(couplet)
            continue
        found = _series(text, start, chunks, token_starts, token_ends)
        if found:
            yield found
    yield from couplets


class _TokenEnds:
    """The tokens of a text by the offset each ends at, computed when first asked for (most lists are
    rejected on their shape before any token is looked at)."""

    def __init__(self, token_starts: dict[int, str]) -> None:
        self._starts = token_starts
        self._ends: dict[int, str] | None = None

    def get(self, offset: int, default: str) -> str:
        """The token that ends at `offset`, or `default`."""
        if self._ends is None:
            self._ends = {start + len(token): token for start, token in self._starts.items()}
        return self._ends.get(offset, default)


def _series(text: str, start: int, chunks: list[str], token_starts: dict[int, str],
            token_ends: _TokenEnds) -> tuple[int, list[str]] | None:
    """The series a run of 、-separated chunks holds, trimmed to whole items, or None.

    An end item stays only when it starts (or ends) on a token boundary of the whole text, not with a
    function word (……等, 和……), and — when it was trimmed — when it belongs with the others."""
    middle = chunks[1:-1]
    lengths = {len(item) for item in middle}
    if len(lengths) != 1:
        return None
    length = lengths.pop()
    first, last = chunks[0], chunks[-1]
    if not 2 <= length <= 8 or len(first) < length or len(last) < length:
        return None
    first_start = start + len(first) - length
    end = start + sum(len(chunk) + 1 for chunk in chunks) - 1 - (len(last) - length)
    items = [first[-length:], *middle, last[:length]]
    first_trimmed, last_trimmed = len(first) > length, len(last) > length
    if first_trimmed and last_trimmed and len(middle) == 1:
        first_fits, last_fits = _fit_one(items, middle[0], token_starts.get(end, ""))
    else:
        reference = middle + ([] if first_trimmed else [items[0]]) + ([] if last_trimmed else [items[-1]])
        first_fits = not first_trimmed or _fits(items[0], reference, at_start=True)
        last_fits = not last_trimmed or _fits(items[-1], reference, at_start=False)
    keep_first = first_fits and token_starts.get(first_start, "、") not in _ITEM_NEVER_STARTS and (
        not first_trimmed or text[first_start - 1] not in "和与及")
    keep_last = last_fits and token_ends.get(end, "、") not in _ITEM_NEVER_ENDS and token_starts.get(end) != "的话"
    if not (keep_first and keep_last) or token_starts.get(end) in _LIST_GOES_ON:
        return None  # an end item of another length, or 尊崇、学习、遵守、维护和运用……: a longer list
    if len(items) < (4 if length == 2 else 3) or junk_series(items):
        return None
    return first_start, items


def _fit_one(items: list[str], middle: str, next_token: str) -> tuple[bool, bool]:
    """Whether the trimmed first and last items of a three-item series belong to it, when the middle
    item is the only one untrimmed (打造一支政治坚定、作风过硬、为民务实的……).

    One item is little evidence, so the end of the series decides: the last item stands when it is
    like the middle one (half its characters in the same places, or the same last character:
    制度化、规范化、标准化水平) or when what follows closes the list (的, 等). A first item stands when it is
    like the middle one the same way, or when the end is clean. So 坚持党的领导、人民当家作主、依法治国有机
    (统一 follows) and 义务植树、法治宣传、交通秩序 (维护 follows) are no series.
    """
    last_fits = _alike(items[-1], middle, -1) or next_token in _CLOSERS
    return _alike(items[0], middle, 0) or last_fits, last_fits


def _alike(item: str, other: str, edge: int) -> bool:
    """Half the characters in the same places (one, for items of three: 听党话、跟党走), or the same
    character at `edge`."""
    same = sum(a == b for a, b in zip(item, other, strict=True))
    return 2 * same >= len(item) or (len(item) <= 3 and same >= 1) or item[edge] == other[edge]


def _fits(item: str, reference: list[str], at_start: bool) -> bool:
    """True when a trimmed end item keeps the frame of the untrimmed items (two or more).

    The frame is the places where they all agree (抓在手上、扛在肩上 → _在_上). The trimmed item must
    keep it at the end where it was cut — its first character for a first item, its last for a last
    one (“落在行动” of 落在行动上 does not) — when the frame is more than one character or the items
    longer than two; and it must not hold a frame character one place off (“得到代表” of 找得到代表 against
    说得上话、办得成事): that is an item cut in the wrong place. Where the frame says nothing, the item
    stands (中央、省委、市委、县委).
    """
    frame = {index: char for index, char in enumerate(reference[0]) if all(other[index] == char for other in reference)}
    edge = 0 if at_start else len(item) - 1
    if edge in frame and item[edge] != frame[edge] and (len(frame) > 1 or len(item) > 2):
        return False
    return not any(item[index] != char and char in item[max(0, index - 1) : index + 2] for index, char in frame.items())


def _couplet(offset: int, left: str, right: str, token_starts: dict[int, str],
             token_ends: _TokenEnds) -> tuple[int, list[str]] | None:
    """The couplet two 、-separated runs end and start with (民有所呼、我有所应), or None.

    Both items start and end on token boundaries, never with a function word (是具体的、而不是抽象的 is
    no couplet), and the first is not the end of a longer word of the dictionary."""
    left_end, right_start = offset + len(left), offset + len(left) + 1
    for length in COUPLET_LENGTHS:
        if len(left) < length or len(right) < length:
            continue
        start = left_end - length
        end = right_start + length
        pair = [left[-length:], right[:length]]
        if not is_couplet(*pair):
            continue
        ends = (token_ends.get(left_end, "、"), token_ends.get(end, "、"))
        starts = (token_starts.get(start, "、"), token_starts.get(right_start, "、"))
        if any(token in _ITEM_NEVER_ENDS for token in ends) or any(token in _ITEM_NEVER_STARTS for token in starts):
            continue
        before = token_ends.get(start, "")
        if before and has_word(before + token_starts[start]):
            continue
        return None if junk_series(pair) else (start, pair)
    return None


def is_couplet(first: str, second: str) -> bool:
    """Two items with a shared frame: some characters in the same places, not a mere common prefix or
    suffix unless they differ in one character only (and not in the first)."""
    if len(first) != len(second) or not 3 <= len(first) <= 6 or first == second:
        return False
    differ = [index for index, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
    if len(differ) == len(first):
        return False
    if len(differ) == 1:
        return differ[0] != 0  # 由民定、由民评, 守土有责、守土尽责 — not 市人大、县人大
    contiguous = differ == list(range(differ[0], differ[-1] + 1))
    return not (contiguous and (differ[0] == 0 or differ[-1] == len(first) - 1))
