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


def pad_cells(text: str, width: int, align: str = "left") -> str:
    """`text` padded with spaces to `width` cells (never cut); `align="right"` pads on the left."""
    padding = " " * max(0, width - cell_width(text))
    return padding + text if align == "right" else text + padding


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
