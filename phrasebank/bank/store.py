"""The phrase bank's queries: every SQL statement tigang runs against a bank is in this module.

A bank stores every mined document (its source text too, compressed, so an upgraded miner can
re-mine it without the original file), the clean paragraphs (to show where a phrase came from), the
phrases with their counts and organ tags, and one source row per occurrence. Each document is written
in its own transaction, so an interrupted `tigang mine` leaves the bank consistent. Opening,
creating and upgrading banks is `phrasebank.bank.lifecycle`.
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from phrasebank.bank.models import DocumentInfo, DocumentState, IndexRow, Phrase, SourceRef, StoredDocument
from phrasebank.errors import TigangError
from phrasebank.vocab.kinds import KINDS
from phrasebank.vocab.organs import ORGANS, TagDict, merged_tags_json, organ_mask

if TYPE_CHECKING:  # the miner is heavy to import and only writing needs its types
    from phrasebank.mining.pipeline import MinedDocument, MinedPhrase

CHUNK = 500
"""Ids per `IN (…)` list: well under SQLite's limit on bound parameters."""

_PHRASE_COLUMNS = "id, kind, text, count, docs, organs, group_id"
_ENTRIES = "(group_id IS NULL OR group_id = id)"
"""Phrases that head their variant group (or have none): what lists and the index show."""
_RANKED = "ORDER BY count DESC, docs DESC, length(text), id"


class Bank:
    """An open phrase bank."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.db = connection
        self._phrase_ids: dict[tuple[str, str], int] | None = None
        self._next_id = 1

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Bank:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- meta --------------------------------------------------------------------------------

    def meta(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def generation(self) -> str:
        """Changes whenever the bank's phrases change; a saved search index records the one it saw."""
        return self.meta("generation", "0")

    def _bump_generation(self) -> None:
        self.set_meta("generation", str(int(self.generation()) + 1))

    # -- writing -----------------------------------------------------------------------------

    def document_state(self, path: str) -> DocumentState | None:
        """(id, sha256, size, mtime) of the stored document at `path`, if any."""
        row = self.db.execute("SELECT id, sha256, size, mtime FROM documents WHERE path = ?", (path,)).fetchone()
        return DocumentState(*row) if row else None

    def store_document(self, mined: MinedDocument, size: int = 0, mtime: float = 0.0) -> str:
        """Add or replace one mined document in one transaction: "added", "replaced" or "unchanged"."""
        existing = self.document_state(mined.path)
        if existing and existing.sha256 == mined.sha256:
            if (existing.size, existing.mtime) != (size, mtime):
                with self.db:
                    self.db.execute("UPDATE documents SET size = ?, mtime = ? WHERE id = ?", (size, mtime, existing.id))
            return "unchanged"
        try:
            with self.db:
                if existing:
                    self._delete_document(existing.id)
                self._insert_document(mined, size, mtime)
        except BaseException:
            self._phrase_ids = None  # the cached ids may name rows the rollback just removed
            raise
        return "replaced" if existing else "added"

    def _insert_document(self, mined: MinedDocument, size: int, mtime: float) -> None:
        cursor = self.db.execute(
            "INSERT INTO documents (path, name, builtin, sha256, size, mtime, encoding, title, chars, noise, raw,"
            " mined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                mined.path, mined.name, int(mined.builtin), mined.sha256, size, mtime, mined.encoding, mined.title,
                mined.chars, json.dumps(mined.noise, ensure_ascii=False), zlib.compress(mined.raw.encode("utf-8"), 1),
                datetime.now(timezone.utc).isoformat(timespec="seconds"),
            ),
        )
        doc_id = int(cursor.lastrowid or 0)
        self.db.executemany(
            "INSERT INTO paragraphs (doc_id, line, text) VALUES (?, ?, ?)",
            [(doc_id, line, text) for line, text in mined.paragraphs],
        )
        ids = self._ids()
        new_rows: list[tuple[int, str, str, int, int, int, str, str]] = []
        existing: dict[int, MinedPhrase] = {}
        source_rows: list[tuple[int, int, int, int, str, str]] = []
        for phrase in mined.phrases:
            key = (phrase.kind, phrase.text)
            if key in ids:
                existing[ids[key]] = phrase
            else:
                ids[key] = self._next_id
                self._next_id += 1
                organs, mask = merged_tags_json([phrase.organs])
                count = len(phrase.sources)
                new_rows.append((ids[key], phrase.kind, phrase.text, count, 1, mask, organs, phrase.tokens))
            source_rows.extend((ids[key], doc_id, *source) for source in phrase.sources)
        self.db.executemany(
            "INSERT INTO phrases (id, kind, text, count, docs, organ_mask, organs, tokens)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            new_rows,
        )
        self.db.executemany(
            "INSERT INTO sources (phrase_id, doc_id, line, col, section, organs) VALUES (?, ?, ?, ?, ?, ?)", source_rows
        )
        updates = []
        for phrase_id, stored in self._select_in("SELECT id, organs FROM phrases WHERE id IN ({})", list(existing)):
            phrase = existing[phrase_id]
            organs, mask = merged_tags_json([json.loads(stored), phrase.organs])
            updates.append((len(phrase.sources), organs, mask, phrase_id))
        self.db.executemany(
            "UPDATE phrases SET count = count + ?, docs = docs + 1, organs = ?, organ_mask = ? WHERE id = ?", updates
        )
        self.set_meta("groups_dirty", "1")
        self._bump_generation()

    def _ids(self) -> dict[tuple[str, str], int]:
        """(kind, text) → id of every phrase, loaded once per open bank (mining looks up thousands)."""
        if self._phrase_ids is None:
            rows = self.db.execute("SELECT id, kind, text FROM phrases")
            self._phrase_ids = {(kind, text): phrase_id for phrase_id, kind, text in rows}
            self._next_id = int(self.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM phrases").fetchone()[0])
        return self._phrase_ids

    def _delete_document(self, doc_id: int) -> None:
        """Remove a document and its occurrences; phrases left without any occurrence go too."""
        rows = self.db.execute("SELECT DISTINCT phrase_id FROM sources WHERE doc_id = ?", (doc_id,))
        affected = [row[0] for row in rows]
        self.db.execute("DELETE FROM sources WHERE doc_id = ?", (doc_id,))
        self.db.execute("DELETE FROM paragraphs WHERE doc_id = ?", (doc_id,))
        self.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        self._recount(affected)
        self.set_meta("groups_dirty", "1")
        self._bump_generation()

    def _recount(self, phrase_ids: Sequence[int]) -> None:
        """Recompute counts and organ tags of phrases from their remaining sources."""
        tags: dict[int, list[list[TagDict]]] = defaultdict(list)
        docs: dict[int, set[int]] = defaultdict(set)
        sql = "SELECT phrase_id, doc_id, organs FROM sources WHERE phrase_id IN ({})"
        for phrase_id, doc_id, organs in self._select_in(sql, phrase_ids):
            tags[phrase_id].append(json.loads(organs))
            docs[phrase_id].add(doc_id)
        updates = [
            (len(tags[pid]), len(docs[pid]), *merged_tags_json(tags[pid]), pid) for pid in phrase_ids if pid in tags
        ]
        self.db.executemany("UPDATE phrases SET count = ?, docs = ?, organs = ?, organ_mask = ? WHERE id = ?", updates)
        gone = [(phrase_id,) for phrase_id in phrase_ids if phrase_id not in tags]
        if gone:
            self.db.executemany("DELETE FROM phrases WHERE id = ?", gone)
            self._phrase_ids = None

    def forget(self, reference: str) -> DocumentInfo:
        """Remove the document named by id, file name or path, with its phrases."""
        document = self.find_document(reference)
        with self.db:
            self._delete_document(document.id)
        self.regroup_if_needed()
        return document

    def regroup_if_needed(self) -> None:
        """Recompute variant groups after documents changed (see `phrasebank.mining.variants`)."""
        if self.meta("groups_dirty") != "1":
            return
        from phrasebank.mining.variants import group_variants

        rows = self.db.execute(
            "SELECT id, kind, text, tokens, count FROM phrases"
            " WHERE kind IN ('heading', 'point', 'sentence', 'opening', 'closing')"
        ).fetchall()
        groups = group_variants(rows)
        with self.db:
            self.db.execute("UPDATE phrases SET group_id = NULL WHERE group_id IS NOT NULL")
            pairs = [(group, phrase_id) for phrase_id, group in groups.items()]
            self.db.executemany("UPDATE phrases SET group_id = ? WHERE id = ?", pairs)
            self.set_meta("groups_dirty", "0")
            self._bump_generation()

    # -- documents ---------------------------------------------------------------------------

    def find_document(self, reference: str) -> DocumentInfo:
        """A document by id, file name or path; a clear error when none or several match."""
        documents = self.documents()
        matches = [
            doc for doc in documents
            if reference in (str(doc.id), doc.name, doc.path) or (reference and doc.path.endswith(reference))
        ]
        if not matches:
            raise TigangError(
                f"题库 {self.path} 中没有文档“{reference}”；用 tigang docs 查看文档列表（可用编号或文件名）。"
            )
        if len(matches) > 1:
            raise TigangError(f"“{reference}”对应多个文档（{'、'.join(str(d.id) for d in matches)}）；请改用编号。")
        return matches[0]

    def documents(self) -> list[DocumentInfo]:
        rows = self.db.execute(
            "SELECT d.id, d.name, d.path, d.builtin, d.title, d.chars, d.mined_at,"
            " (SELECT COUNT(DISTINCT phrase_id) FROM sources s WHERE s.doc_id = d.id) FROM documents d ORDER BY d.id"
        ).fetchall()
        return [DocumentInfo(id=r[0], name=r[1], path=r[2], builtin=bool(r[3]), title=r[4], chars=r[5], mined_at=r[6],
                             phrases=r[7]) for r in rows]

    def stored_documents(self) -> list[StoredDocument]:
        """Every document's source, for re-mining."""
        rows = self.db.execute("SELECT path, name, builtin, raw, encoding, size, mtime FROM documents ORDER BY id")
        return [StoredDocument(path, name, bool(builtin), zlib.decompress(raw).decode("utf-8"), encoding, size, mtime)
                for path, name, builtin, raw, encoding, size, mtime in rows]

    def paragraph(self, doc_id: int, line: int) -> str:
        """The clean paragraph at a source line of a stored document."""
        row = self.db.execute("SELECT text FROM paragraphs WHERE doc_id = ? AND line = ?", (doc_id, line)).fetchone()
        return str(row[0]) if row else ""

    def paragraph_texts(self) -> Iterator[str]:
        """Every clean paragraph of every document."""
        for (text,) in self.db.execute("SELECT text FROM paragraphs"):
            yield text

    # -- phrases -----------------------------------------------------------------------------

    def phrases(
        self,
        kind: str | None = None,
        organ: str | None = None,
        doc: str | None = None,
        limit: int | None = None,
        with_sources: bool = False,
    ) -> list[Phrase]:
        """Entries (variants folded under their group), most used first."""
        where = [_ENTRIES]
        params: list[object] = []
        if kind:
            where.append("kind = ?")
            params.append(kind)
        if organ:
            where.append("organ_mask & ? != 0")
            params.append(organ_mask([organ]))
        if doc:
            where.append("id IN (SELECT phrase_id FROM sources WHERE doc_id = ?)")
            params.append(self.find_document(doc).id)
        sql = f"SELECT {_PHRASE_COLUMNS} FROM phrases WHERE {' AND '.join(where)} {_RANKED}"
        if limit:
            sql += f" LIMIT {int(limit)}"
        phrases = [_phrase(row) for row in self.db.execute(sql, params)]
        if with_sources:
            self.attach_sources(phrases)
        self._attach_variants(phrases)
        return phrases

    def get_phrase(self, phrase_id: int) -> Phrase | None:
        """One phrase with its sources and variants, or None."""
        row = self.db.execute(f"SELECT {_PHRASE_COLUMNS} FROM phrases WHERE id = ?", (phrase_id,)).fetchone()
        if row is None:
            return None
        phrase = _phrase(row)
        self.attach_sources([phrase])
        self._attach_variants([phrase])
        return phrase

    def get_phrases(self, phrase_ids: Sequence[int]) -> dict[int, Phrase]:
        """Several phrases by id (no sources), keyed by id."""
        rows = self._select_in(f"SELECT {_PHRASE_COLUMNS} FROM phrases WHERE id IN ({{}})", phrase_ids)
        return {int(row[0]): _phrase(row) for row in rows}

    def attach_sources(self, phrases: Sequence[Phrase]) -> None:
        """Fill in `sources` of the given phrases."""
        by_id = {phrase.id: phrase for phrase in phrases}
        sql = (
            "SELECT s.phrase_id, s.doc_id, d.name, s.line, s.col, s.section"
            " FROM sources s JOIN documents d ON d.id = s.doc_id"
            " WHERE s.phrase_id IN ({}) ORDER BY s.doc_id, s.line, s.col"
        )
        for phrase_id, doc_id, name, line, column, section in self._select_in(sql, list(by_id)):
            by_id[phrase_id].sources.append(SourceRef(doc_id, name, line, column, section))

    def _attach_variants(self, phrases: Sequence[Phrase]) -> None:
        groups = {phrase.group_id: phrase for phrase in phrases if phrase.group_id is not None}
        sql = f"SELECT {_PHRASE_COLUMNS} FROM phrases WHERE group_id IN ({{}}) AND id != group_id ORDER BY count DESC"
        for row in self._select_in(sql, [group for group in groups if group is not None]):
            groups[row[6]].variants.append(_phrase(row))

    def phrase_ids_of_document(self, doc_id: int) -> frozenset[int]:
        """Ids of the entries (variant group heads) that occur in one document (for search's `--doc`)."""
        rows = self.db.execute(
            "SELECT DISTINCT COALESCE(p.group_id, p.id) FROM sources s JOIN phrases p ON p.id = s.phrase_id"
            " WHERE s.doc_id = ?",
            (doc_id,),
        )
        return frozenset(int(row[0]) for row in rows)

    def index_rows(self) -> list[IndexRow]:
        """Entries for the search index, most used first."""
        sql = f"SELECT id, kind, text, count, docs, organ_mask, tokens FROM phrases WHERE {_ENTRIES} {_RANKED}"
        return [IndexRow(*row) for row in self.db.execute(sql)]

    def phrase_count(self) -> int:
        """How many phrases (variants included) the bank holds."""
        return int(self.db.execute("SELECT COUNT(*) FROM phrases").fetchone()[0])

    def stats(self) -> dict[str, dict[str, int]]:
        """Entry counts by kind and by organ."""
        by_kind = dict(self.db.execute("SELECT kind, COUNT(*) FROM phrases GROUP BY kind").fetchall())
        sql = "SELECT COUNT(*) FROM phrases WHERE organ_mask & ? != 0"
        by_organ = {organ: int(self.db.execute(sql, (1 << index,)).fetchone()[0]) for index, organ in enumerate(ORGANS)}
        return {"kind": {kind: by_kind.get(kind, 0) for kind in KINDS}, "organ": by_organ}

    def _select_in(self, sql: str, ids: Iterable[int]) -> Iterator[Any]:
        """Rows of `sql`, whose `{}` is filled with an `IN` list, for any number of ids (in chunks)."""
        ids = list(ids)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            yield from self.db.execute(sql.format(",".join("?" * len(chunk))), chunk)


def _phrase(row: tuple[int, str, str, int, int, str, int | None]) -> Phrase:
    """A `Phrase` from a row of `_PHRASE_COLUMNS`."""
    phrase_id, kind, text, count, docs, organs, group_id = row
    return Phrase(phrase_id, kind, text, count, docs, json.loads(organs), group_id)
