"""Variant groups kept current incrementally: after documents change, only the groups the changed
phrases belong to — before and after — are worked out again.

Groups are the connected sets of phrases that share a variant key (`phrasebank.mining.variants`). A
change can only alter the groups reachable from the changed phrases: so the work starts from them and
the members of their old groups, follows shared keys through the search index (which holds every
phrase's keys) until nothing new is reached, and groups that closed set exactly as grouping the whole
bank would. Everything is arrays: a full mine of thousands of documents regroups in seconds, a single
document in milliseconds.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

import numpy as np
import numpy.typing as npt

from phrasebank.bank.changes import ChangeSet
from phrasebank.bank.writing import select_in, set_groups
from phrasebank.search.view import IndexView

Ids = npt.NDArray[np.int64]
WHOLE_BANK_SHARE = 4
"""When at least a quarter of the bank changed, grouping all of it is cheaper than following keys."""
_ROWS = "SELECT id, variant_keys, count, length(text), group_id FROM phrases"


def regroup(db: sqlite3.Connection, changes: ChangeSet, view: Callable[[], IndexView]) -> int:
    """Bring the groups up to date with `changes`; `view` gives the index as the bank is now (asked
    for only when a few phrases changed: their neighbours are found through it). Returns how many
    phrases changed group. The caller holds the write transaction."""
    seeds = set(changes.phrase_ids) | _members(db, changes.old_groups)
    total = int(db.execute("SELECT COUNT(*) FROM phrases").fetchone()[0])
    if len(seeds) * WHOLE_BANK_SHARE >= total:  # most of the bank changed (a first mine): group all of it
        rows = db.execute(f"{_ROWS} WHERE length(variant_keys) > 0 OR group_id IS NOT NULL").fetchall()
    else:
        current = _groups_of(db, seeds)
        seeds |= _members(db, {group for group in current.values() if group is not None})
        closure = _closure(db, np.array(sorted(seeds), dtype=np.int64), view())
        rows = list(select_in(db, f"{_ROWS} WHERE id IN ({{}})", closure.tolist()))
    wanted = _grouped([(int(r[0]), bytes(r[1]), int(r[2]), int(r[3])) for r in rows])
    now = {int(r[0]): r[4] for r in rows}
    changed = [(wanted.get(phrase_id), phrase_id) for phrase_id in now if wanted.get(phrase_id) != now[phrase_id]]
    set_groups(db, changed)
    return len(changed)


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


def _grouped(rows: list[tuple[int, bytes, int, int]]) -> dict[int, int]:
    """phrase id → group head for the phrases of groups of two or more among `rows` (id, keys, count,
    length): connected sets through shared keys, headed by the most used, then shortest, then oldest."""
    rows = [row for row in rows if row[1]]
    if not rows:
        return {}
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    lengths = np.array([len(row[1]) // 8 for row in rows], dtype=np.int64)
    keys = np.frombuffer(b"".join(row[1] for row in rows), dtype="<u8").astype(np.uint64)
    owners = np.repeat(np.arange(len(rows)), lengths)
    order = np.argsort(keys, kind="stable")
    keys, owners = keys[order], owners[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    label = np.arange(len(rows))
    while True:  # each phrase takes the smallest label among phrases sharing a key, until nothing moves
        smallest = np.minimum.reduceat(label[owners], starts)
        spread = np.repeat(smallest, np.diff(np.append(starts, len(keys))))
        updated = label.copy()
        np.minimum.at(updated, owners, spread)
        updated = updated[updated]  # jump to the label's own label: long chains settle in few rounds
        if np.array_equal(updated, label):
            break
        label = updated
    sizes = np.bincount(label, minlength=len(rows))
    grouped = np.flatnonzero(sizes[label] > 1)
    if not len(grouped):
        return {}
    counts = np.array([row[2] for row in rows], dtype=np.int64)
    text_lengths = np.array([row[3] for row in rows], dtype=np.int64)
    best = grouped[np.lexsort((ids[grouped], text_lengths[grouped], -counts[grouped], label[grouped]))]
    first = np.concatenate(([True], label[best][1:] != label[best][:-1]))
    heads = dict(zip(label[best][first].tolist(), ids[best][first].tolist(), strict=True))
    return {int(ids[index]): heads[int(label[index])] for index in grouped.tolist()}
