"""Writing to the team bank's server: documents in and out, hidden and starred phrases — each change
logged in `tigang.changes` in the same transaction, as a bank file logs its own.

What a stored document does to the phrase table is worked out by the same code as for a bank file
(`phrasebank.bank.writing.plan_phrases`, `recount`); only the statements differ: bulk `COPY` and
`unnest` updates, because every statement is a round trip to the server. Every writing transaction
first takes one advisory lock (`WRITE_LOCK`), so writers take turns — mining is done on each
writer's computer beforehand, a batch is stored in a fraction of a second — and the change log
grows in commit order.
"""
from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, cast

from phrasebank.bank.writing import phrase_key, plan_phrases, recount
from phrasebank.team.server import WRITE_LOCK

if TYPE_CHECKING:
    from phrasebank.mining.pipeline import MinedDocument, MinedPhrase
    from phrasebank.team.server import PgConnection

ADDED, REPLACED, UNCHANGED = "added", "replaced", "unchanged"


def lock_for_writing(connection: PgConnection) -> None:
    """Take the writers' turn (held until the transaction ends)."""
    connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))


def store_documents(connection: PgConnection, batch: Sequence[tuple[MinedDocument, int, float]]) -> list[str]:
    """Add or replace mined documents in one transaction; for each, "added", "replaced" or "unchanged".

    A document is the writer's by its path (`added_by`, `path`); the same text mined by two writers
    is one document — the second finds it and stores nothing. The new documents go in together
    (`insert_documents`): a few statements per batch rather than per document."""
    outcomes = []
    with connection.transaction():
        lock_for_writing(connection)
        own = {str(path): (int(doc_id), str(sha256)) for path, doc_id, sha256 in connection.execute(
            "SELECT path, id, sha256 FROM tigang.documents WHERE added_by = current_user AND path = ANY(%s)",
            ([mined.path for mined, _, _ in batch],)).fetchall()}
        new: list[tuple[MinedDocument, int, float]] = []
        for mined, size, mtime in batch:
            mine = own.get(mined.path)
            if mine is not None and mine[1] == mined.sha256:
                moved = connection.execute(
                    "UPDATE tigang.documents SET size = %s, mtime = %s WHERE id = %s AND"
                    " (size, mtime) IS DISTINCT FROM (%s, %s)", (size, mtime, mine[0], size, mtime))
                if moved.rowcount:  # replicas take the new stamp, so the file is not mined again
                    connection.execute("INSERT INTO tigang.changes (doc_id) VALUES (%s)", (mine[0],))
                outcomes.append(UNCHANGED)
                continue
            if mine is not None:
                delete_document(connection, mine[0])
            held = any(mined.sha256 == other.sha256 for other, _, _ in new) or connection.execute(
                "SELECT 1 FROM tigang.documents WHERE sha256 = %s", (mined.sha256,)).fetchone() is not None
            if not held:
                new.append((mined, size, mtime))
            outcomes.append(REPLACED if mine is not None else UNCHANGED if held else ADDED)
        insert_documents(connection, new)
    return outcomes


def insert_documents(connection: PgConnection, documents: Sequence[tuple[MinedDocument, int, float]],
                     added: tuple[str, datetime] | None = None) -> list[int]:
    """Add mined documents (as added by whom and when: by default the current role, now); their ids.

    Planned one document after another as `phrasebank.bank.writing` stores them — a phrase new in the
    first is held for the second — then written in bulk: one `COPY` per table, one update of counts
    and one of organ tags for the phrases the bank held."""
    if not documents:
        return []
    doc_ids = [int(r[0]) for r in connection.execute(
        "SELECT nextval('tigang.documents_id_seq') FROM generate_series(1, %s)", (len(documents),)).fetchall()]
    columns = "id, path, name, builtin, sha256, size, mtime, encoding, title, chars, noise, raw" + (
        ", added_by, added_at" if added else "")
    with connection.cursor().copy(f"COPY tigang.documents ({columns}) FROM STDIN") as copy:
        for doc_id, (mined, size, mtime) in zip(doc_ids, documents, strict=True):
            copy.write_row((doc_id, mined.path, mined.name, mined.builtin, mined.sha256, size, mtime, mined.encoding,
                            mined.title, mined.chars, json.dumps(mined.noise, ensure_ascii=False),
                            zlib.compress(mined.raw.encode("utf-8"), 1), *(added or ())))
    with connection.cursor().copy("COPY tigang.paragraphs (doc_id, line, text) FROM STDIN") as copy:
        for doc_id, (mined, _, _) in zip(doc_ids, documents, strict=True):
            for line, text in mined.paragraphs:
                copy.write_row((doc_id, line, text))
    keys = [[phrase_key(phrase.kind, phrase.text) for phrase in mined.phrases] for mined, _, _ in documents]
    everything = [phrase for mined, _, _ in documents for phrase in mined.phrases]
    stored = _stored_phrases(connection, everything, [key for doc_keys in keys for key in doc_keys])
    wanted = len({(phrase.kind, phrase.text) for phrase in everything} - stored.keys())
    new_ids = iter([int(r[0]) for r in connection.execute(
        "SELECT nextval('tigang.phrase_ids') FROM generate_series(1, %s)", (wanted,)).fetchall()])
    new_rows: dict[int, list[object]] = {}
    added_counts: Counter[int] = Counter()
    added_docs: Counter[int] = Counter()
    retagged: dict[int, tuple[str, int]] = {}
    sources: list[tuple[object, ...]] = []
    logged: list[int] = []
    for doc_id, (mined, _, _), doc_keys in zip(doc_ids, documents, keys, strict=True):
        plan = plan_phrases(mined.phrases, doc_keys, stored, new_ids)
        for row in plan.new_rows:
            new_rows[row[0]] = list(row)
            stored[(row[2], row[3])] = (row[0], row[7])
        texts = {phrase_id: (phrase.kind, phrase.text) for phrase_id, phrase in zip(plan.ids, mined.phrases,
                                                                                   strict=True)}
        for organs, mask, phrase_id in plan.retagged:  # a later document merges into the merged tags
            stored[texts[phrase_id]] = (phrase_id, organs)
            if phrase_id in new_rows:
                new_rows[phrase_id][6:8] = [mask, organs]
            else:
                retagged[phrase_id] = (organs, mask)
        for count, phrase_id in plan.updates:
            if phrase_id in new_rows:
                new_rows[phrase_id][4] = cast(int, new_rows[phrase_id][4]) + count
                new_rows[phrase_id][5] = cast(int, new_rows[phrase_id][5]) + 1
            else:
                added_counts[phrase_id] += count
                added_docs[phrase_id] += 1
        sources.extend((phrase_id, doc_id, *source) for phrase_id, phrase in zip(plan.ids, mined.phrases, strict=True)
                       for source in phrase.sources)
        logged.extend(plan.ids)
    with connection.cursor().copy("COPY tigang.phrases (id, key, kind, text, count, docs, organ_mask, organs,"
                                  " tokens, variant_keys) FROM STDIN") as copy:
        for new_row in new_rows.values():
            copy.write_row(new_row)
    if added_counts:
        ids = list(added_counts)
        connection.execute("UPDATE tigang.phrases p SET count = p.count + v.added, docs = p.docs + v.docs"
                           " FROM unnest(%s::int[], %s::int[], %s::bigint[]) AS v(added, docs, id) WHERE p.id = v.id",
                           ([added_counts[i] for i in ids], [added_docs[i] for i in ids], ids))
    if retagged:
        ids = list(retagged)
        connection.execute("UPDATE tigang.phrases p SET organs = v.organs, organ_mask = v.mask"
                           " FROM unnest(%s::text[], %s::int[], %s::bigint[]) AS v(organs, mask, id) WHERE p.id = v.id",
                           ([retagged[i][0] for i in ids], [retagged[i][1] for i in ids], ids))
    with connection.cursor().copy("COPY tigang.sources (phrase_id, doc_id, line, col, section, organs)"
                                  " FROM STDIN") as copy:
        for source_row in sources:
            copy.write_row(source_row)
    connection.execute("INSERT INTO tigang.changes (doc_id) SELECT unnest(%s::bigint[])", (doc_ids,))
    _log_phrases(connection, logged)
    return doc_ids


def delete_document(connection: PgConnection, doc_id: int) -> None:
    """Remove a document and its occurrences; recount what it held; phrases left unused go too."""
    affected = [int(r[0]) for r in connection.execute(
        "SELECT DISTINCT phrase_id FROM tigang.sources WHERE doc_id = %s", (doc_id,)).fetchall()]
    connection.execute("DELETE FROM tigang.documents WHERE id = %s", (doc_id,))  # its sources and paragraphs too
    connection.execute("INSERT INTO tigang.changes (doc_id) VALUES (%s)", (doc_id,))
    rows = connection.execute("SELECT phrase_id, doc_id, organs FROM tigang.sources WHERE phrase_id = ANY(%s)",
                              (affected,)).fetchall()
    counted, gone = recount(affected, [(int(p), int(d), str(o)) for p, d, o in rows])
    if counted:
        counts, docs, organs, masks, ids = zip(*counted, strict=True)
        connection.execute(
            "UPDATE tigang.phrases p SET count = v.count, docs = v.docs, organs = v.organs, organ_mask = v.mask"
            " FROM unnest(%s::int[], %s::int[], %s::text[], %s::int[], %s::bigint[])"
            " AS v(count, docs, organs, mask, id)"
            " WHERE p.id = v.id", (list(counts), list(docs), list(organs), list(masks), list(ids)))
    connection.execute("DELETE FROM tigang.phrases WHERE id = ANY(%s)", (gone,))
    _log_phrases(connection, affected)


def forget_document(connection: PgConnection, doc_id: int) -> bool:
    """Remove one document by its id, in its own transaction; whether it was still there."""
    with connection.transaction():
        lock_for_writing(connection)
        if connection.execute("SELECT 1 FROM tigang.documents WHERE id = %s", (doc_id,)).fetchone() is None:
            return False
        delete_document(connection, doc_id)
    return True


def set_mark(connection: PgConnection, kind: str, text: str, mark: str, value: bool) -> bool:
    """Hide a phrase for the whole team, or star it for this writer (or undo either), by kind and text
    as a bank file keeps marks; whether that changed anything."""
    table, who = ("tigang.hides", "") if mark == "hidden" else ("tigang.stars", " AND writer = current_user")
    with connection.transaction():
        lock_for_writing(connection)
        if value:
            changed = connection.execute(f"INSERT INTO {table} (kind, text, key) VALUES (%s, %s, %s)"
                                         " ON CONFLICT DO NOTHING", (kind, text, phrase_key(kind, text))).rowcount
        else:
            changed = connection.execute(f"DELETE FROM {table} WHERE kind = %s AND text = %s{who}",
                                         (kind, text)).rowcount
        if changed:
            connection.execute("INSERT INTO tigang.changes (marks) VALUES (true)")
    return bool(changed)


def store_seeds(connection: PgConnection) -> int:
    """Put the shipped seed documents into the bank (as the built-in bank holds them); how many were new."""
    from phrasebank.bank.seeds import SEED_PREFIX, seed_documents
    from phrasebank.mining.pipeline import mine_text

    batch = []
    for seed in seed_documents():
        mined = mine_text(seed.path.read_bytes().decode("utf-8-sig"), SEED_PREFIX + seed.path.name, seed.path.name,
                          builtin=True)
        mined.title = seed.title
        batch.append((mined, 0, 0.0))
    return store_documents(connection, batch).count(ADDED)


def remine_all(connection: PgConnection, progress: Callable[[str], None] | None = None) -> int:
    """Mine every stored document again with this miner, keeping who added it and when, in one
    transaction (the bank was mined by an older miner); how many documents."""
    from phrasebank import mining
    from phrasebank.mining.pipeline import mine_text

    with connection.transaction():
        lock_for_writing(connection)
        ids = [int(r[0]) for r in connection.execute("SELECT id FROM tigang.documents ORDER BY id").fetchall()]
        for done, doc_id in enumerate(ids, 1):
            row = connection.execute("SELECT path, name, builtin, raw, encoding, size, mtime, title, added_by,"
                                     " added_at FROM tigang.documents WHERE id = %s", (doc_id,)).fetchone()
            assert row is not None
            path, name, builtin, raw, encoding, size, mtime, title, added_by, added_at = row
            mined = mine_text(zlib.decompress(bytes(raw)).decode("utf-8"), str(path), str(name),
                              str(encoding), builtin=bool(builtin))
            if builtin:
                mined.title = str(title)
            delete_document(connection, doc_id)
            insert_documents(connection, [(mined, int(size), float(mtime))], (str(added_by), added_at))
            if progress:
                progress(f"{done}/{len(ids)} {name}")
        connection.execute("UPDATE tigang.meta SET value = %s WHERE key = 'mining_version'",
                           (str(mining.MINING_VERSION),))
    return len(ids)


def _log_phrases(connection: PgConnection, phrase_ids: Sequence[int]) -> None:
    connection.execute("INSERT INTO tigang.changes (phrase_id) SELECT unnest(%s::bigint[])", (list(phrase_ids),))


def _stored_phrases(connection: PgConnection, phrases: Sequence[MinedPhrase],
                    keys: Sequence[int]) -> dict[tuple[str, str], tuple[int, str]]:
    """(kind, text) → (id, organs JSON) of those of `phrases` the server holds."""
    wanted = {(phrase.kind, phrase.text) for phrase in phrases}
    rows = connection.execute("SELECT id, kind, text, organs FROM tigang.phrases WHERE key = ANY(%s)",
                              (list(set(keys)),)).fetchall()
    return {(str(kind), str(text)): (int(phrase_id), str(organs))
            for phrase_id, kind, text, organs in rows if (kind, text) in wanted}
