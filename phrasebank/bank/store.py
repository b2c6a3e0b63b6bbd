"""An open phrase bank and what it answers: documents, phrases with their sources and variants, and
the rows the search index is built from.

A bank stores every mined document (its source text too, compressed, so an upgraded miner can
re-mine it without the original file), the clean paragraphs (to show where a phrase came from and to
search the full text), the phrases with their counts and organ tags, and one source row per
occurrence. Writing is `phrasebank.bank.writing`, the change log `phrasebank.bank.changes`, the
writer's stars and hidden phrases `phrasebank.bank.curation`; opening, creating and upgrading banks is
`phrasebank.bank.lifecycle`.
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from phrasebank.bank.curation import HIDDEN, STARRED, Mark, restore_marks, saved_marks, set_mark
from phrasebank.bank.faults import read_only_error
from phrasebank.bank.models import DocumentInfo, DocumentState, Phrase, SourceRef, StoredDocument
from phrasebank.bank.schema import write_transaction
from phrasebank.bank.writing import delete_document, insert_document, phrase_key, select_in
from phrasebank.errors import TigangError
from phrasebank.search import flags
from phrasebank.vocab.kinds import KINDS
from phrasebank.vocab.organs import ORGANS, organ_mask

if TYPE_CHECKING:  # the miner and the index (numpy) are heavy to import; only their types are needed
    from phrasebank.mining.pipeline import MinedDocument
    from phrasebank.search.segment import ParagraphRow, PhraseRow

_PHRASE_COLUMNS = "id, kind, text, count, docs, organs, group_id, starred, hidden"
_ENTRIES = "(group_id IS NULL OR group_id = id)"
"""Phrases that head their variant group (or have none): what lists and the index show (but the hidden)."""
_FLAGS = f"({_ENTRIES} * {flags.HEAD} | hidden * {flags.HIDDEN} | starred * {flags.STARRED})"
"""The index's flags of a phrase (`phrasebank.search.flags`)."""
_RANKED = "ORDER BY starred DESC, count DESC, docs DESC, length(text), id"
"""Starred first, then as the index ranks: more used, in more documents, shorter, older."""


class Bank:
    """An open phrase bank: `read_only` when its file or folder cannot be written (it is then served
    as it is, and refuses writes); `notices` are what opening it did that the writer should know (an
    upgrade and where its backup is, a damaged bank set aside)."""

    def __init__(self, path: Path, connection: sqlite3.Connection, *, read_only: bool = False) -> None:
        self.path = path
        self.db = connection
        self.read_only = read_only
        self.notices: list[str] = []

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

    @property
    def label(self) -> str:
        """The bank as the writer knows it, for messages: its file (a team bank: its server)."""
        return f"题库 {self.path}"

    @property
    def bank_id(self) -> str:
        """The bank's own id, made when it was created: an index built for another bank is never used."""
        return self.meta("bank_id")

    # -- writing -----------------------------------------------------------------------------

    def document_state(self, path: str) -> DocumentState | None:
        """(id, sha256, size, mtime) of the stored document at `path`, if any."""
        row = self.db.execute("SELECT id, sha256, size, mtime FROM documents WHERE path = ?", (path,)).fetchone()
        return DocumentState(*row) if row else None

    def store_documents(self, batch: Sequence[tuple[MinedDocument, int, float]]) -> list[str]:
        """Add or replace mined documents (with the file size and time they were read at), all in one
        transaction; for each, "added", "replaced" or "unchanged"."""
        self.refuse_if_read_only()
        outcomes = []
        with write_transaction(self.db):  # holds the write lock from the start: lookups stay true
            for mined, size, mtime in batch:
                existing = self.document_state(mined.path)
                if existing and existing.sha256 == mined.sha256:
                    if (existing.size, existing.mtime) != (size, mtime):
                        self.db.execute("UPDATE documents SET size = ?, mtime = ? WHERE id = ?",
                                        (size, mtime, existing.id))
                    outcomes.append("unchanged")
                    continue
                if existing:
                    delete_document(self.db, existing.id)
                insert_document(self.db, mined, size, mtime)
                outcomes.append("replaced" if existing else "added")
        return outcomes

    def store_document(self, mined: MinedDocument, size: int = 0, mtime: float = 0.0) -> str:
        """Add or replace one mined document in its own transaction (see `store_documents`)."""
        return self.store_documents([(mined, size, mtime)])[0]

    def forget(self, reference: str) -> DocumentInfo:
        """Remove the document named by id, file name or path, with its phrases (the caller brings the
        index and the variant groups up to date: `phrasebank.bank.lifecycle.refresh`)."""
        self.refuse_if_read_only()
        document = self.find_document(reference)
        with write_transaction(self.db):
            delete_document(self.db, document.id)
        return document

    def set_starred(self, phrase_id: int, starred: bool = True) -> bool:
        """Star (or unstar) a phrase: it comes first within its tier and heads its variant group.
        Whether that changed anything; an error naming the id when there is no such phrase. The
        caller brings the groups and the index up to date (`phrasebank.bank.indexing.refresh`)."""
        return self._mark(phrase_id, STARRED, starred)

    def set_hidden(self, phrase_id: int, hidden: bool = True) -> bool:
        """Hide (or show again) a phrase: lists and search leave it out unless asked for hidden ones,
        and its variant group is shown under its next member. As `set_starred` otherwise."""
        return self._mark(phrase_id, HIDDEN, hidden)

    def _mark(self, phrase_id: int, mark: str, value: bool) -> bool:
        self.refuse_if_read_only()
        with write_transaction(self.db):
            changed = set_mark(self.db, phrase_id, mark, value)
        if changed is None:
            raise TigangError(f"题库 {self.path} 中没有编号为 {phrase_id} 的短语；"
                              "用 tigang phrases 或 tigang search 查找编号。")
        return changed

    def marks(self) -> list[Mark]:
        """Every star and hidden mark, by kind and text (what a rebuilt bank must keep)."""
        return saved_marks(self.db)

    def restore_marks(self, marks: Iterable[Mark]) -> None:
        """Carry marks over into this bank (before its documents are mined into it: the phrases take
        them as they are added), in one transaction."""
        with write_transaction(self.db):
            restore_marks(self.db, [(phrase_key(kind, text), kind, text, starred, hidden, changed_at)
                                    for _, kind, text, starred, hidden, changed_at in marks])

    def sync(self) -> object:
        """Catch up with where the bank's data comes from: nothing for a bank file, which is its own
        source (a team bank's replica catches up with the server here)."""
        return None

    def refuse_if_read_only(self) -> None:
        """A clear error, before anything is done, when the bank was opened read-only."""
        if self.read_only:
            raise read_only_error(self.path, "以只读方式打开")

    # -- documents ---------------------------------------------------------------------------

    def find_document(self, reference: str) -> DocumentInfo:
        """A document by id, file name or path; a clear error when none or several match."""
        matches = self._documents(
            "WHERE CAST(d.id AS TEXT) = ?1 OR d.name = ?1 OR d.path = ?1"
            " OR (?1 != '' AND substr(d.path, -length(?1)) = ?1)", (reference,))  # …or the end of its path
        if not matches:
            raise TigangError(
                f"题库 {self.path} 中没有文档“{reference}”；用 tigang docs 查看文档列表（可用编号或文件名）。"
            )
        if len(matches) > 1:
            raise TigangError(f"“{reference}”对应多个文档（{'、'.join(str(d.id) for d in matches)}）；请改用编号。")
        return matches[0]

    def documents(self) -> list[DocumentInfo]:
        """Every document, with how many distinct phrases it gave."""
        return self._documents()

    def _documents(self, where: str = "", params: tuple[str, ...] = ()) -> list[DocumentInfo]:
        rows = self.db.execute(
            "SELECT d.id, d.name, d.path, d.builtin, d.title, d.chars, d.mined_at, d.added_by,"
            " (SELECT COUNT(DISTINCT phrase_id) FROM sources s WHERE s.doc_id = d.id)"
            f" FROM documents d {where} ORDER BY d.id", params,
        ).fetchall()
        return [DocumentInfo(id=r[0], name=r[1], path=r[2], builtin=bool(r[3]), title=r[4], chars=r[5], mined_at=r[6],
                             added_by=r[7], phrases=r[8]) for r in rows]

    def stored_documents(self) -> list[StoredDocument]:
        """Every document's source, for re-mining."""
        rows = self.db.execute("SELECT path, name, builtin, raw, encoding, size, mtime FROM documents ORDER BY id")
        return [StoredDocument(path, name, bool(builtin), zlib.decompress(raw).decode("utf-8"), encoding, size, mtime)
                for path, name, builtin, raw, encoding, size, mtime in rows]

    def paragraph(self, doc_id: int, line: int) -> str:
        """The clean paragraph at a source line of a stored document."""
        row = self.db.execute("SELECT text FROM paragraphs WHERE doc_id = ? AND line = ?", (doc_id, line)).fetchone()
        return str(row[0]) if row else ""

    def paragraphs_at(self, places: Iterable[tuple[int, int]]) -> dict[tuple[int, int], tuple[str, str]]:
        """(document id, line) → (document name, clean paragraph) for each place that exists."""
        found = {}
        for doc_id, line in set(places):
            row = self.db.execute(
                "SELECT d.name, p.text FROM paragraphs p JOIN documents d ON d.id = p.doc_id"
                " WHERE p.doc_id = ? AND p.line = ?", (doc_id, line),
            ).fetchone()
            if row:
                found[(doc_id, line)] = (str(row[0]), str(row[1]))
        return found

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
        hidden: bool = False,
    ) -> list[Phrase]:
        """Entries (variants folded under their group), starred first, then most used first; hidden
        phrases (and hidden variants) only with `hidden`."""
        where = [f"({_ENTRIES} OR hidden)" if hidden else f"{_ENTRIES} AND NOT hidden"]
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
        self._attach_variants(phrases, hidden=hidden)
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
        rows = select_in(self.db, f"SELECT {_PHRASE_COLUMNS} FROM phrases WHERE id IN ({{}})", phrase_ids)
        return {int(row[0]): _phrase(row) for row in rows}

    def attach_sources(self, phrases: Sequence[Phrase]) -> None:
        """Fill in `sources` of the given phrases."""
        by_id = {phrase.id: phrase for phrase in phrases}
        sql = (
            "SELECT s.phrase_id, s.doc_id, d.name, s.line, s.col, s.section"
            " FROM sources s JOIN documents d ON d.id = s.doc_id"
            " WHERE s.phrase_id IN ({}) ORDER BY s.doc_id, s.line, s.col"
        )
        for phrase_id, doc_id, name, line, column, section in select_in(self.db, sql, list(by_id)):
            by_id[phrase_id].sources.append(SourceRef(doc_id, name, line, column, section))

    def _attach_variants(self, phrases: Sequence[Phrase], *, hidden: bool = True) -> None:
        """Fill in `variants` of the given phrases (the hidden ones only with `hidden`)."""
        groups: dict[int, Phrase] = {}
        for phrase in phrases:  # a group's head takes its variants (a hidden variant may be listed too)
            if phrase.group_id is not None and (phrase.group_id not in groups or phrase.id == phrase.group_id):
                groups[phrase.group_id] = phrase
        shown = "" if hidden else " AND NOT hidden"
        sql = (f"SELECT {_PHRASE_COLUMNS} FROM phrases WHERE group_id IN ({{}}) AND id != group_id{shown}"
               " ORDER BY count DESC")
        for row in select_in(self.db, sql, list(groups)):
            groups[row[6]].variants.append(_phrase(row))

    def phrase_ids_of_document(self, doc_id: int) -> frozenset[int]:
        """Ids of the entries (variant group heads) that occur in one document (for search's `--doc`)."""
        rows = self.db.execute(
            "SELECT DISTINCT COALESCE(p.group_id, p.id) FROM sources s JOIN phrases p ON p.id = s.phrase_id"
            " WHERE s.doc_id = ?",
            (doc_id,),
        )
        return frozenset(int(row[0]) for row in rows)

    def phrase_rows(self, phrase_ids: Iterable[int] | None = None) -> Iterator[PhraseRow]:
        """Phrases as the search index holds them (variants too, marked as not searchable): all of them,
        or those of `phrase_ids` that still exist — in no particular order (the index ranks them;
        sorting in SQL would hold every row in memory at once)."""
        columns = f"SELECT id, kind, text, count, docs, organ_mask, tokens, {_FLAGS}, variant_keys FROM phrases"
        rows = (self.db.execute(columns) if phrase_ids is None
                else select_in(self.db, f"{columns} WHERE id IN ({{}})", phrase_ids))
        # Straight from SQLite (the head flag as 0 or 1): a rebuild reads a million. Not `yield from`:
        # closing this generator would close the cursor, whose database may be closed by then (an
        # interrupted rebuild then printed a traceback on the way out).
        for row in rows:  # noqa: UP028
            yield row

    def paragraph_rows(self, doc_ids: Iterable[int] | None = None) -> Iterator[ParagraphRow]:
        """The stored paragraphs, for full-text search: of every document, or of those of `doc_ids` that
        still exist."""
        sql = "SELECT doc_id, line, text FROM paragraphs"
        rows = self.db.execute(sql) if doc_ids is None else select_in(self.db, f"{sql} WHERE doc_id IN ({{}})", doc_ids)
        for row in rows:  # noqa: UP028 - not `yield from`: see `phrase_rows`
            yield row

    def phrase_count(self) -> int:
        """How many phrases (variants included) the bank holds."""
        return int(self.db.execute("SELECT COUNT(*) FROM phrases").fetchone()[0])

    def stats(self) -> dict[str, dict[str, int]]:
        """Entry counts by kind and by organ."""
        by_kind = dict(self.db.execute("SELECT kind, COUNT(*) FROM phrases GROUP BY kind").fetchall())
        sql = "SELECT COUNT(*) FROM phrases WHERE organ_mask & ? != 0"
        by_organ = {organ: int(self.db.execute(sql, (1 << index,)).fetchone()[0]) for index, organ in enumerate(ORGANS)}
        return {"kind": {kind: by_kind.get(kind, 0) for kind in KINDS}, "organ": by_organ}


def _phrase(row: tuple[int, str, str, int, int, str, int | None, int, int]) -> Phrase:
    """A `Phrase` from a row of `_PHRASE_COLUMNS`."""
    phrase_id, kind, text, count, docs, organs, group_id, starred, hidden = row
    return Phrase(phrase_id, kind, text, count, docs, json.loads(organs), group_id, bool(starred), bool(hidden))
