"""Near-duplicate grouping: the same phrase with one word changed becomes a variant of one entry.

Two phrases of one kind are variants when their jieba tokens differ by one substituted, inserted or
deleted word. Found with keys (the token tuple with one position blanked or dropped) instead of
comparing every pair, so grouping stays linear in the size of the bank.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

MIN_TOKENS = 4
"""Shorter phrases (坚持学习带动 / 坚持典型带动) are parallel points, not variants of one another."""
MIN_CHARS = 8
MAX_TOKENS = 40


def group_variants(rows: Iterable[tuple[int, str, str, str, int]]) -> dict[int, int]:
    """Map phrase id → canonical id (its group's most used phrase) for every phrase in a group of ≥ 2.

    `rows` are (id, kind, text, tokens, count) with tokens space-joined.
    """
    parent: dict[int, int] = {}

    def find(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(first: int, second: int) -> None:
        root_first, root_second = find(first), find(second)
        if root_first != root_second:
            parent[max(root_first, root_second)] = min(root_first, root_second)

    counts: dict[int, int] = {}
    lengths: dict[int, int] = {}
    first_with_key: dict[int, int] = {}  # hash of a key → first phrase that had it (hashes keep memory flat)

    def meet(key: tuple[object, ...], identifier: int) -> None:
        other = first_with_key.setdefault(hash(key), identifier)
        if other != identifier:
            union(other, identifier)

    for phrase_id, kind, text, tokens, count in rows:
        words = [word for word in tokens.split(" ") if word and word not in "，。、；：！？“”"]
        if not MIN_TOKENS <= len(words) <= MAX_TOKENS or len(text) < MIN_CHARS:
            continue
        identifier = phrase_id
        parent[identifier] = identifier
        counts[identifier] = count
        lengths[identifier] = len(text)
        meet((kind, "del", *words), identifier)
        for index in range(len(words)):
            meet((kind, "sub", index, *words[:index], *words[index + 1 :]), identifier)
            meet((kind, "del", *words[:index], *words[index + 1 :]), identifier)
    groups: dict[int, list[int]] = defaultdict(list)
    for identifier in parent:
        groups[find(identifier)].append(identifier)
    canonical: dict[int, int] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        head = max(members, key=lambda member: (counts[member], -lengths[member], -member))
        for member in members:
            canonical[member] = head
    return canonical
