"""Variant groups kept current incrementally: after documents change, only the groups the changed
phrases belong to — before and after — are worked out again.

Groups are the connected sets of phrases that share a variant key (`phrasebank.mining.variants`). A
change can only alter the groups reachable from the changed phrases: so the work starts from them and
the members of their old groups, follows shared keys through the search index (which holds every
phrase's keys) until nothing new is reached, and groups that closed set exactly as grouping the whole
bank would. Everything is arrays: a full mine of thousands of documents regroups in seconds, a single
document in milliseconds.

The writer's marks choose a group's head before usage does: a starred phrase heads its group, a
hidden one only when every member is hidden (`phrasebank.bank.curation`). A mark is logged like any
change, so the group it touches is worked out again.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice

import numpy as np
import numpy.typing as npt

from phrasebank.bank.changes import ChangeSet
from phrasebank.bank.writing import select_in, set_groups
from phrasebank.search.view import IndexView

Ids = npt.NDArray[np.int64]
WHOLE_BANK_SHARE = 4
"""When at least a quarter of the bank changed, grouping all of it is cheaper than following keys."""
READ_ROWS = 20_000
_ROWS = ("SELECT id, variant_keys, count, length(text), group_id, CASE WHEN hidden THEN 2 WHEN starred THEN 0"
         " ELSE 1 END FROM phrases")
_Row = tuple[int, bytes, int, int, "int | None", int]
"""(id, variant keys, count, text length, group or None, standing: 0 starred, 1 plain, 2 hidden) as
`_ROWS` selects them."""


def regroup(db: sqlite3.Connection, changes: ChangeSet, view: Callable[[], IndexView]) -> int:
    """Bring the groups up to date with `changes`; `view` gives the index as the bank is now (asked
    for only when a few phrases changed: their neighbours are found through it). Returns how many
    phrases changed group. The caller holds the write transaction."""
    seeds = set(changes.phrase_ids) | _members(db, changes.old_groups)
    if _whole_bank(db, seeds):  # most of the bank changed (a first mine): group all of it
        rows: Iterable[_Row] = db.execute(f"{_ROWS} WHERE length(variant_keys) > 0 OR group_id IS NOT NULL")
    else:
        current = _groups_of(db, seeds)
        seeds |= _members(db, {group for group in current.values() if group is not None})
        closure = _closure(db, np.array(sorted(seeds), dtype=np.int64), view())
        rows = select_in(db, f"{_ROWS} WHERE id IN ({{}})", closure.tolist())
    phrases = _Phrases.read(rows)
    heads = _heads(phrases)
    changed = np.flatnonzero(heads != phrases.groups)
    set_groups(db, ((int(heads[index]) or None, int(phrases.ids[index])) for index in changed.tolist()))
    return len(changed)


def regroups_whole_bank(db: sqlite3.Connection, changes: ChangeSet) -> bool:
    """Whether `regroup` would group the whole bank for these changes (and so never ask for the index)."""
    return _whole_bank(db, set(changes.phrase_ids) | _members(db, changes.old_groups))


def _whole_bank(db: sqlite3.Connection, seeds: set[int]) -> bool:
    """Whether so much of the bank is to be regrouped that grouping all of it is cheaper."""
    return len(seeds) * WHOLE_BANK_SHARE >= int(db.execute("SELECT COUNT(*) FROM phrases").fetchone()[0])


def _members(db: sqlite3.Connection, groups: Iterable[int]) -> set[int]:
    """Every phrase of the given groups."""
    return {int(row[0]) for row in select_in(db, "SELECT id FROM phrases WHERE group_id IN ({})", groups)}


def _groups_of(db: sqlite3.Connection, phrase_ids: Iterable[int]) -> dict[int, int | None]:
    """The group of each of `phrase_ids` that still exists."""
    rows = select_in(db, "SELECT id, group_id FROM phrases WHERE id IN ({})", phrase_ids)
    return {int(phrase_id): group for phrase_id, group in rows}


def _closure(db: sqlite3.Connection, seeds: Ids, view: IndexView) -> Ids:
    """The seeds and every phrase reachable from them through shared keys, with whole old groups."""
    reached = np.unique(seeds)
    frontier = reached
    while len(frontier):
        keys = _keys_of(db, frontier)
        found = [part.segment.ids[ranks[part.alive[ranks]] if part.alive is not None else ranks]
                 for part in view.phrases if len(ranks := part.segment.sharing_keys(keys))]
        new = np.setdiff1d(np.concatenate(found).astype(np.int64), reached) if found else np.zeros(0, np.int64)
        if len(new):
            groups = {group for group in _groups_of(db, new.tolist()).values() if group is not None}
            new = np.union1d(new, np.setdiff1d(np.array(sorted(_members(db, groups)), dtype=np.int64), reached))
        reached = np.union1d(reached, new)
        frontier = new
    return reached


def _keys_of(db: sqlite3.Connection, phrase_ids: Ids) -> npt.NDArray[np.uint64]:
    """The variant keys of the given phrases, sorted and unique."""
    blobs = [bytes(row[0]) for row in select_in(db, "SELECT variant_keys FROM phrases WHERE id IN ({})",
                                                 phrase_ids.tolist())]
    keys = np.sort(np.frombuffer(b"".join(blobs), dtype="<u8").astype(np.uint64))
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys


@dataclass
class _Phrases:
    """Phrases as arrays (read a chunk of rows at a time: a whole bank's keys are millions of numbers)."""

    ids: Ids
    counts: Ids
    text_lengths: Ids
    groups: Ids
    """The group each is in now, 0 for none."""
    standings: Ids
    """0 starred, 1 plain, 2 hidden: a group is headed by the lowest."""
    keys: npt.NDArray[np.uint64]
    """Every phrase's variant keys, one phrase after another."""
    owners: npt.NDArray[np.int32]
    """The position (in `ids`) of the phrase each key belongs to."""

    @classmethod
    def read(cls, rows: Iterable[_Row]) -> _Phrases:
        columns: list[list[npt.NDArray[np.int64]]] = [[], [], [], [], [], []]
        keys: list[npt.NDArray[np.uint64]] = []
        cursor = iter(rows)
        while chunk := list(islice(cursor, READ_ROWS)):
            numbers = np.array([(row[0], row[2], row[3], row[4] or 0, row[5], len(row[1]) // 8) for row in chunk],
                               dtype=np.int64).reshape(-1, 6)
            for column, values in zip(columns, numbers.T, strict=True):
                column.append(values)
            keys.append(np.frombuffer(b"".join(row[1] for row in chunk), dtype="<u8").astype(np.uint64))
        ids, counts, text_lengths, groups, standings, key_counts = (
            np.concatenate(column) if column else np.zeros(0, dtype=np.int64) for column in columns)
        owners = np.repeat(np.arange(len(ids), dtype=np.int32), key_counts)
        all_keys = np.concatenate(keys) if keys else np.zeros(0, dtype=np.uint64)
        return cls(ids, counts, text_lengths, groups, standings, all_keys, owners)


def _heads(phrases: _Phrases) -> Ids:
    """The head of each phrase's group (0 for a phrase in no group of two or more): connected sets
    through shared keys, headed by the starred, then not hidden, then most used, shortest, oldest."""
    heads = np.zeros(len(phrases.ids), dtype=np.int64)
    if not len(phrases.keys):
        return heads
    order = np.argsort(phrases.keys)
    keys, owners = phrases.keys[order], phrases.owners[order]
    del order
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    sizes = np.diff(np.append(starts, len(keys)))
    del keys
    shared = sizes > 1  # a key only one phrase has links nothing: most keys, left out of every round
    owners = owners[np.repeat(shared, sizes)]
    sizes = sizes[shared]
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])) if len(sizes) else sizes
    label = np.arange(len(phrases.ids), dtype=np.int32)
    while len(owners):  # each phrase takes the smallest label among phrases sharing a key, until nothing moves
        spread = np.repeat(np.minimum.reduceat(label[owners], starts), sizes)
        updated = label.copy()
        np.minimum.at(updated, owners, spread)
        updated = updated[updated]  # jump to the label's own label: long chains settle in few rounds
        if np.array_equal(updated, label):
            break
        label = updated
    sizes = np.bincount(label, minlength=len(label))
    grouped = np.flatnonzero(sizes[label] > 1)
    if not len(grouped):
        return heads
    ids = phrases.ids
    best = grouped[np.lexsort((ids[grouped], phrases.text_lengths[grouped], -phrases.counts[grouped],
                               phrases.standings[grouped], label[grouped]))]
    first = np.concatenate(([True], label[best][1:] != label[best][:-1]))
    head_of_label = np.zeros(len(label), dtype=np.int64)
    head_of_label[label[best][first]] = ids[best][first]
    heads[grouped] = head_of_label[label[grouped]]
    return heads
