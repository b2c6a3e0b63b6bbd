"""Writing mined documents into a bank and removing them: every statement that changes phrases, sources
or documents, each change logged (`phrasebank.bank.changes`) in the same transaction.

The caller owns the transaction: a batch of documents is written in one (commits are what cost, and
a batch of dozens is still a fraction of a second), and anything that interrupts it rolls all of it
back. Phrase ids are looked up in SQL, batch by batch, rather than kept in a dictionary of every
phrase: memory then stays the same however big the bank grows.
"""
from __future__ import annotations

import getpass
import hashlib
import itertools
import json
import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from phrasebank.bank.changes import log_deleted_phrases, log_document, log_phrases
from phrasebank.bank.curation import marks_of
from phrasebank.vocab.organs import TagDict, merged_tags_json

if TYPE_CHECKING:  # the miner is heavy to import and only its types are needed here
    from phrasebank.mining.pipeline import MinedDocument, MinedPhrase

CHUNK = 400
"""Values per statement that lists them (`IN (…)`, `VALUES …`): well under SQLite's limit on parameters."""


def insert_document(db: sqlite3.Connection, mined: MinedDocument, size: int, mtime: float) -> int:
    """Add one mined document: its text, paragraphs, new phrases, counts and organ tags; its id."""
    cursor = db.execute(
        "INSERT INTO documents (path, name, builtin, sha256, size, mtime, encoding, title, chars, noise, raw,"
        " mined_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            mined.path, mined.name, int(mined.builtin), mined.sha256, size, mtime, mined.encoding, mined.title,
            mined.chars, json.dumps(mined.noise, ensure_ascii=False), zlib.compress(mined.raw.encode("utf-8"), 1),
            datetime.now(timezone.utc).isoformat(timespec="seconds"), "" if mined.builtin else login_name(),
        ),
    )
    doc_id = int(cursor.lastrowid or 0)
    log_document(db, doc_id)
    db.executemany("INSERT INTO paragraphs (doc_id, line, text) VALUES (?, ?, ?)",
                   [(doc_id, line, text) for line, text in mined.paragraphs])
    keys = [phrase_key(phrase.kind, phrase.text) for phrase in mined.phrases]
    stored = _stored_phrases(db, mined.phrases, keys)
    plan = plan_phrases(mined.phrases, keys, stored, itertools.count(_next_phrase_id(db)))
    new_rows, updates, retagged, ids = plan.new_rows, plan.updates, plan.retagged, plan.ids
    marks = marks_of(db, [(row[1], row[2], row[3]) for row in new_rows])  # a phrase mined again is marked again
    db.executemany(
        "INSERT INTO phrases (id, key, kind, text, count, docs, organ_mask, organs, tokens, variant_keys, starred,"
        " hidden) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*row, *marks.get((row[2], row[3]), (0, 0))) for row in new_rows],
    )
    db.executemany("UPDATE phrases SET count = count + ?, docs = docs + 1 WHERE id = ?", updates)
    db.executemany("UPDATE phrases SET organs = ?, organ_mask = ? WHERE id = ?", retagged)
    db.executemany(
        "INSERT INTO sources (phrase_id, doc_id, line, col, section, organs) VALUES (?, ?, ?, ?, ?, ?)",
        [(phrase_id, doc_id, *source) for phrase_id, phrase in zip(ids, mined.phrases, strict=True)
         for source in phrase.sources],
    )
    log_phrases(db, ids)
    return doc_id


NewPhraseRow = tuple[int, int, str, str, int, int, int, str, str, bytes]
"""(id, key, kind, text, count, docs, organ mask, organs JSON, tokens, variant keys) of a new phrase."""


@dataclass
class PhrasePlan:
    """What storing one document's phrases does to the phrase table, worked out before any of it is
    written (the same for a bank file and a team bank's server)."""

    ids: list[int] = field(default_factory=list)
    """The id of each mined phrase, in the document's order."""
    new_rows: list[NewPhraseRow] = field(default_factory=list)
    updates: list[tuple[int, int]] = field(default_factory=list)
    """(occurrences to add, id) of phrases the bank already holds (each also in one more document)."""
    retagged: list[tuple[str, int, int]] = field(default_factory=list)
    """(organs JSON, organ mask, id) of held phrases whose organ tags the new occurrences change."""


def plan_phrases(phrases: Sequence[MinedPhrase], keys: Sequence[int], stored: dict[tuple[str, str], tuple[int, str]],
                 new_ids: Iterator[int]) -> PhrasePlan:
    """The plan for a document's `phrases` (whose keys are `keys`), given which of them the bank holds
    — (kind, text) → (id, organs JSON) — and where the ids of new ones come from."""
    plan = PhrasePlan()
    for phrase, key in zip(phrases, keys, strict=True):
        found = stored.get((phrase.kind, phrase.text))
        if found is None:
            phrase_id = next(new_ids)
            plan.new_rows.append((phrase_id, key, phrase.kind, phrase.text, len(phrase.sources), 1, phrase.organ_mask,
                                  phrase.organs_json, phrase.tokens, phrase.variant_keys))
        else:
            phrase_id, organs = found
            if phrase.organs_json != "[]" and organs != phrase.organs_json:  # else the stored tags stand
                plan.retagged.append((*_merged_pair(organs, phrase.organs_json), phrase_id))
            plan.updates.append((len(phrase.sources), phrase_id))
        plan.ids.append(phrase_id)
    return plan


@lru_cache(maxsize=1)
def login_name() -> str:
    """Who is adding documents to a bank file: the login name (empty where the system has none)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


@lru_cache(maxsize=65_536)
def _merged_pair(stored: str, mined: str) -> tuple[str, int]:
    """Stored organ tags merged with a newly mined occurrence's, as JSON, and the organ mask (the same
    pairs recur across an archive: a common phrase meets the same few tags again and again)."""
    return merged_tags_json([json.loads(stored), json.loads(mined)])


def delete_document(db: sqlite3.Connection, doc_id: int) -> None:
    """Remove a document and its occurrences; phrases left without any occurrence go too."""
    affected = [row[0] for row in db.execute("SELECT DISTINCT phrase_id FROM sources WHERE doc_id = ?", (doc_id,))]
    db.execute("DELETE FROM sources WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM paragraphs WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    log_document(db, doc_id)
    _recount(db, affected)


def _recount(db: sqlite3.Connection, phrase_ids: Sequence[int]) -> None:
    """Recompute counts and organ tags of phrases from their remaining sources; delete the unused."""
    sql = "SELECT phrase_id, doc_id, organs FROM sources WHERE phrase_id IN ({})"
    counted, gone = recount(phrase_ids, select_in(db, sql, phrase_ids))
    db.executemany("UPDATE phrases SET count = ?, docs = ?, organs = ?, organ_mask = ? WHERE id = ?", counted)
    log_phrases(db, [row[-1] for row in counted])
    removed = list(select_in(db, "SELECT id, group_id FROM phrases WHERE id IN ({})", gone))
    db.executemany("DELETE FROM phrases WHERE id = ?", [(pid,) for pid in gone])
    log_deleted_phrases(db, removed)


def recount(phrase_ids: Sequence[int], sources: Iterable[tuple[int, int, str]]
            ) -> tuple[list[tuple[int, int, str, int, int]], list[int]]:
    """From the remaining (phrase id, document id, organs JSON) sources of `phrase_ids`: (count,
    documents, organs JSON, organ mask, id) of those still used, and the ids of those left unused."""
    tags: dict[int, list[list[TagDict]]] = defaultdict(list)
    docs: dict[int, set[int]] = defaultdict(set)
    parsed: dict[str, list[TagDict]] = {}  # a common phrase has thousands of sources, with few distinct tags
    for phrase_id, doc_id, organs in sources:
        if organs not in parsed:
            parsed[organs] = json.loads(organs)
        tags[phrase_id].append(parsed[organs])
        docs[phrase_id].add(doc_id)
    counted = [(len(tags[pid]), len(docs[pid]), *merged_tags_json(tags[pid]), pid) for pid in phrase_ids if pid in tags]
    return counted, [pid for pid in phrase_ids if pid not in tags]


def set_groups(db: sqlite3.Connection, groups: Iterable[tuple[int | None, int]]) -> None:
    """Give phrases new groups: (group head or None, phrase id) pairs; each change logged."""
    pairs = list(groups)
    db.executemany("UPDATE phrases SET group_id = ? WHERE id = ?", pairs)
    log_phrases(db, (phrase_id for _, phrase_id in pairs))


def select_in(db: sqlite3.Connection, sql: str, ids: Iterable[int]) -> Iterator[Any]:
    """Rows of `sql`, whose `{}` is filled with an `IN` list, for any number of ids (in chunks); rows
    are untyped, as `sqlite3` gives them."""
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        yield from db.execute(sql.format(",".join("?" * len(chunk))), chunk)


def _stored_phrases(db: sqlite3.Connection, phrases: Sequence[MinedPhrase],
                    keys: Sequence[int]) -> dict[tuple[str, str], tuple[int, str]]:
    """(kind, text) → (id, organs JSON) of those of `phrases` (whose keys are `keys`) the bank holds."""
    wanted = {(phrase.kind, phrase.text) for phrase in phrases}
    found: dict[tuple[str, str], tuple[int, str]] = {}
    for phrase_id, kind, text, organs in select_in(db, "SELECT id, kind, text, organs FROM phrases WHERE key IN ({})",
                                                   keys):
        if (kind, text) in wanted:  # not merely another phrase with the same hash
            found[(kind, text)] = (phrase_id, organs)
    return found


def phrase_key(kind: str, text: str) -> int:
    """The 64-bit hash a phrase is looked up by (signed, as SQLite stores integers)."""
    digest = hashlib.blake2b(f"{kind}\0{text}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _next_phrase_id(db: sqlite3.Connection) -> int:
    """The id the next new phrase gets (ids are never reused: the index and the log name phrases by id).
    Read inside the write transaction that inserts it, so two writers never hand out the same id."""
    row = db.execute("SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'phrases'), 0),"
                     " COALESCE((SELECT MAX(id) FROM phrases), 0))").fetchone()
    return int(row[0]) + 1
