"""Bringing a replica up to date from the server's change log, so that search runs on this computer.

A replica is a bank file (same tables, the server's ids) plus its own search index. Syncing reads,
in one snapshot of the server, what changed after the last change the replica has — the phrases,
the documents with their paragraphs and sources, and (when any changed) the hidden phrases and this
writer's stars — and writes it into the replica in one transaction, logging it in the replica's own
change log; `phrasebank.bank.indexing.update` then brings the index and the variant groups along in
time proportional to the change. A replica too far behind (the server's log pruned past it, or
another bank at that address) copies everything. Rows stream from the server (server-side
cursors), so memory does not grow with the bank.
"""
from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from phrasebank.bank.changes import log_deleted_phrases, log_document, log_phrases
from phrasebank.bank.curation import marks_of
from phrasebank.bank.schema import write_transaction
from phrasebank.bank.writing import CHUNK, phrase_key, select_in

if TYPE_CHECKING:
    from phrasebank.bank.store import Bank
    from phrasebank.team.server import PgConnection, ServerState

ROWS_PER_FETCH = 5_000
SEQ, SYNCED_AT, SERVER_BANK = "team_seq", "team_synced_at", "team_bank_id"
"""The replica's meta keys: the last server change it holds, when it last synced, whose bank it copies."""

_CHANGED = "SELECT {column} FROM tigang.changes WHERE seq > %(since)s AND seq <= %(upto)s"


@dataclass(frozen=True)
class SyncResult:
    """What one sync brought: changes up to `seq`, how many phrases and documents it touched."""

    seq: int
    phrases: int = 0
    documents: int = 0
    marks: bool = False
    full: bool = False

    def __bool__(self) -> bool:
        return bool(self.phrases or self.documents or self.marks)


def replica_seq(replica: Bank) -> int:
    """The last server change the replica holds (0: none yet)."""
    return int(replica.meta(SEQ, "0"))


def sync(replica: Bank, connection: PgConnection, state: ServerState) -> SyncResult:
    """Bring `replica` up to date with the server (see the module docstring); the caller brings the
    replica's index along (`phrasebank.bank.indexing.update`)."""
    with connection.transaction(), write_transaction(replica.db):
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        row = connection.execute("SELECT COALESCE(max(seq), 0), (SELECT value FROM tigang.meta"
                                 " WHERE key = 'pruned_upto') FROM tigang.changes").fetchone()
        pruned = int(row[1] or 0) if row else 0  # read in this snapshot: `state` may predate a prune
        upto = max(int(row[0]) if row else 0, pruned)
        since = replica_seq(replica)
        full = replica.meta(SERVER_BANK) != state.bank_id or since < pruned or since > upto
        if not full and since == upto:
            _stamp(replica, upto, state)
            return SyncResult(upto)
        if full:
            _empty(replica)
        params = {"since": since, "upto": upto}
        phrases = _copy_phrases(replica.db, connection, params, full)
        documents = _copy_documents(replica.db, connection, params, full)
        phrases += _drop_unused_phrases(replica.db, connection, params, full)
        marks = full or _marks_changed(connection, params)
        if marks:
            _copy_marks(replica.db, connection)
        _stamp(replica, upto, state)
    return SyncResult(upto, phrases, documents, marks, full)


def _empty(replica: Bank) -> None:
    """Clear a replica that is to copy everything (it held another bank, or fell too far behind), and
    give it a new id, so its search index is rebuilt rather than patched."""
    for table in ("sources", "paragraphs", "documents", "phrases", "curation", "changes"):
        replica.db.execute(f"DELETE FROM {table}")
    replica.set_meta("bank_id", uuid.uuid4().hex)


def _stamp(replica: Bank, upto: int, state: ServerState) -> None:
    replica.set_meta(SEQ, str(upto))
    replica.set_meta(SERVER_BANK, state.bank_id)
    replica.set_meta(SYNCED_AT, datetime.now(timezone.utc).isoformat(timespec="seconds"))


def _stream(connection: PgConnection, sql: str, params: dict[str, int]) -> Iterator[tuple[Any, ...]]:
    """Rows of `sql` from a server-side cursor, a few thousand at a time."""
    with connection.cursor(name="tigang_sync") as cursor:
        cursor.itersize = ROWS_PER_FETCH
        cursor.execute(sql, params)
        yield from cursor


def _copy_phrases(db: sqlite3.Connection, connection: PgConnection, params: dict[str, int], full: bool) -> int:
    """Insert or update the phrases that changed (all of them when `full`); how many."""
    where = "" if full else f" WHERE id IN ({_CHANGED.format(column='phrase_id')})"
    rows = _stream(connection, "SELECT id, key, kind, text, count, docs, organ_mask, organs, tokens, variant_keys"
                               f" FROM tigang.phrases{where}", params)
    seen = []
    for chunk in _chunks(rows, ROWS_PER_FETCH):
        marks = marks_of(db, [(int(r[1]), str(r[2]), str(r[3])) for r in chunk])
        db.executemany(
            "INSERT INTO phrases (id, key, kind, text, count, docs, organ_mask, organs, tokens, variant_keys,"
            " starred, hidden) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " count = excluded.count, docs = excluded.docs, organ_mask = excluded.organ_mask,"
            " organs = excluded.organs, tokens = excluded.tokens, variant_keys = excluded.variant_keys",
            [(*r[:9], bytes(r[9]), *marks.get((str(r[2]), str(r[3])), (0, 0))) for r in chunk])
        ids = [int(r[0]) for r in chunk]
        log_phrases(db, ids)
        seen.extend(ids)
    if full:
        db.execute("CREATE TEMP TABLE IF NOT EXISTS synced_ids (id INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM synced_ids")
        db.executemany("INSERT INTO synced_ids (id) VALUES (?)", ((i,) for i in seen))
    return len(seen)


def _copy_documents(db: sqlite3.Connection, connection: PgConnection, params: dict[str, int], full: bool) -> int:
    """Replace the documents that changed (all of them when `full`) with the server's, paragraphs and
    sources included; documents gone from the server go from the replica; how many changed."""
    if full:
        changed = [int(r[0]) for r in db.execute("SELECT id FROM documents")]
        where = ""
    else:
        changed = [int(r[0]) for r in connection.execute(
            "SELECT DISTINCT doc_id FROM tigang.changes WHERE doc_id IS NOT NULL AND seq > %(since)s"
            " AND seq <= %(upto)s", params).fetchall()]
        where = f" WHERE doc_id IN ({_CHANGED.format(column='doc_id')})"
    _delete(db, "documents", changed)  # and their paragraphs and sources
    documents = _stream(connection, "SELECT id, path, name, builtin, sha256, size, mtime, encoding, title, chars,"
                                    " noise, added_by, added_at FROM tigang.documents"
                                    + where.replace("doc_id IN", "id IN"), params)
    copied = set()
    for row in documents:
        doc_id, path, name, builtin, sha256, size, mtime, encoding, title, chars, noise, added_by, added_at = row
        db.execute("INSERT INTO documents (id, path, name, builtin, sha256, size, mtime, encoding, title, chars,"
                   " noise, raw, mined_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, x'', ?, ?)",
                   (doc_id, f"{added_by}:{path}", name, int(bool(builtin)), sha256, size, mtime, encoding, title,
                    chars, noise, _iso(added_at), added_by))
        copied.add(int(doc_id))
    db.executemany("INSERT INTO paragraphs (doc_id, line, text) VALUES (?, ?, ?)",
                   _stream(connection, f"SELECT doc_id, line, text FROM tigang.paragraphs{where}", params))
    db.executemany("INSERT INTO sources (phrase_id, doc_id, line, col, section, organs) VALUES (?, ?, ?, ?, ?, ?)",
                   _stream(connection, "SELECT phrase_id, doc_id, line, col, section, organs FROM tigang.sources"
                                       f"{where}", params))
    touched = set(changed) | copied
    for doc_id in sorted(touched):
        log_document(db, doc_id)
    return len(touched)


def _drop_unused_phrases(db: sqlite3.Connection, connection: PgConnection, params: dict[str, int],
                         full: bool) -> int:
    """Delete from the replica the phrases the server no longer has; how many."""
    if full:
        gone = [int(r[0]) for r in db.execute("SELECT id FROM phrases WHERE id NOT IN (SELECT id FROM synced_ids)")]
        db.execute("DROP TABLE synced_ids")
    else:
        gone = [int(r[0]) for r in connection.execute(
            f"SELECT DISTINCT c.phrase_id FROM ({_CHANGED.format(column='phrase_id')}) AS c(phrase_id)"
            " WHERE c.phrase_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tigang.phrases p WHERE p.id = c.phrase_id)",
            params).fetchall()]
    removed = list(select_in(db, "SELECT id, group_id FROM phrases WHERE id IN ({})", gone))
    _delete(db, "phrases", gone)
    log_deleted_phrases(db, removed)
    return len(removed)


def _delete(db: sqlite3.Connection, table: str, ids: list[int]) -> None:
    """Delete rows of the replica's `table` by id, a chunk of ids per statement."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        db.execute(f"DELETE FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk)


def _marks_changed(connection: PgConnection, params: dict[str, int]) -> bool:
    row = connection.execute(f"SELECT EXISTS ({_CHANGED.format(column='1')} AND marks)", params).fetchone()
    return bool(row and row[0])


def _copy_marks(db: sqlite3.Connection, connection: PgConnection) -> None:
    """Make the replica's curation the team's hidden phrases and this writer's stars, and give the
    phrases whose marks changed their new marks (logged, so the index follows)."""
    wanted: dict[tuple[str, str], list[object]] = {}
    for kind, text, key, hidden_at in connection.execute("SELECT kind, text, key, hidden_at FROM tigang.hides"):
        wanted[(kind, text)] = [key, 0, 1, _iso(hidden_at)]
    for kind, text, key, starred_at in connection.execute(
            "SELECT kind, text, key, starred_at FROM tigang.stars WHERE writer = current_user"):
        wanted.setdefault((kind, text), [key, 0, 0, _iso(starred_at)])[1] = 1
    held = {(kind, text): (key, starred, hidden) for key, kind, text, starred, hidden in
            db.execute("SELECT key, kind, text, starred, hidden FROM curation")}
    changed = [(kind, text) for kind, text in held.keys() | wanted.keys()
               if held.get((kind, text), (0, 0, 0))[1:] != tuple(wanted.get((kind, text), [0, 0, 0])[1:3])]
    db.execute("DELETE FROM curation")
    db.executemany("INSERT INTO curation (key, kind, text, starred, hidden, changed_at) VALUES (?, ?, ?, ?, ?, ?)",
                   [(mark[0], kind, text, *mark[1:]) for (kind, text), mark in wanted.items()])
    for kind, text in changed:
        starred, hidden = wanted.get((kind, text), [0, 0, 0])[1:3]
        ids = [int(r[0]) for r in db.execute("SELECT id FROM phrases WHERE key = ? AND kind = ? AND text = ?",
                                             (phrase_key(kind, text), kind, text))]
        db.executemany("UPDATE phrases SET starred = ?, hidden = ? WHERE id = ?", [(starred, hidden, i) for i in ids])
        log_phrases(db, ids)


def _iso(moment: object) -> str:
    """A server timestamp as the replica stores times (UTC, to the second)."""
    if isinstance(moment, datetime):
        return moment.astimezone(timezone.utc).isoformat(timespec="seconds")
    return str(moment)


def _chunks(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
