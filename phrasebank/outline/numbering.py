"""Heading numbers derived from levels (一、 （一） 1. （1）, GB/T 9704 §7.3.3); never stored."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from phrasebank.outline.items import MAX_LEVEL, Item
from phrasebank.text.cjk import chinese_numeral


def level_label(level: int, number: int) -> str:
    """The number of the `number`-th heading at `level`: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{chinese_numeral(number)}、"
    if level == 2:
        return f"（{chinese_numeral(number)}）"
    if level == 3:
        return f"{number}."
    if level == 4:
        return f"（{number}）"
    raise ValueError(f"levels are 1–{MAX_LEVEL}, got {level}")


@dataclass(frozen=True)
class Entry:
    """A body item as it reads: its number (`label`, e.g. "（二）") and full `path` (e.g. "一、（二）")."""

    item: Item
    label: str
    path: str
    part_number: int
    """1-based number of the part the item belongs to."""


def number_body(body: Sequence[Item]) -> list[Entry]:
    """Every body item with its number, in order; counters restart under each heading."""
    counters = [0] * (MAX_LEVEL + 1)
    labels: list[str] = [""] * (MAX_LEVEL + 1)
    entries: list[Entry] = []
    for item in body:
        level = item.level
        counters[level] += 1
        for deeper in range(level + 1, MAX_LEVEL + 1):
            counters[deeper] = 0
            labels[deeper] = ""
        labels[level] = level_label(level, counters[level])
        entries.append(Entry(item, labels[level], "".join(labels[1 : level + 1]), counters[1]))
    return entries
