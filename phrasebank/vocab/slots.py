"""The canonical slot marker: where a writer must fill in a name, number or date."""
from __future__ import annotations

import re

SLOT_MARKER = "××"
"""What every placeholder (x, XX, **, ＊ …) becomes after cleaning; the convention of 公文 templates."""

SLOT_PATTERN = re.compile(r"×{2,}")


def slot_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of every unfilled slot in `text`."""
    return [match.span() for match in SLOT_PATTERN.finditer(text)]


def count_slots(text: str) -> int:
    """How many unfilled slots `text` holds."""
    return len(SLOT_PATTERN.findall(text))
