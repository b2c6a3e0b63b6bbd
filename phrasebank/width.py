"""Display width in terminal cells: a Han character or full-width mark takes two cells, not one."""
from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Cells one character takes: 2 for wide/full-width, 0 for combining marks, else 1."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Cells `text` takes in a terminal."""
    if text.isascii():
        return len(text)
    return sum(char_width(char) for char in text)


def pad_cells(text: str, width: int) -> str:
    """`text` padded with spaces on the right to `width` cells (never cut)."""
    return text + " " * max(0, width - cell_width(text))


def truncate_cells(text: str, width: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `width` cells, ending in `ellipsis` when it was cut."""
    if cell_width(text) <= width:
        return text
    budget = width - cell_width(ellipsis)
    used = 0
    kept: list[str] = []
    for char in text:
        used += char_width(char)
        if used > budget:
            break
        kept.append(char)
    return "".join(kept) + ellipsis
