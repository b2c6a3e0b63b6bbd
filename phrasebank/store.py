"""The phrase bank: a SQLite file (stdlib sqlite3) with a versioned schema.

A bank stores every mined document (its source text too, compressed, so an upgraded miner can
re-mine it without the original file), the clean paragraphs (to show where a phrase came from), the
phrases with their counts and organ tags, and one source row per occurrence. Each document is written
in its own transaction, so an interrupted `tigang mine` leaves the bank consistent.
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from phrasebank.errors import TigangError
from phrasebank import versions
from phrasebank.kinds import KINDS
from phrasebank.organs import ORGANS, merge_organ_tags

if TYPE_CHECKING:  # the miner is heavy to import and only the writer needs it
    from phrasebank.mined import MinedDocument

SCHEMA_VERSION = versions.SCHEMA_VERSION

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    builtin INTEGER NOT NULL DEFAULT 0,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT 0,
    mtime REAL NOT NULL DEFAULT 0,
    encoding TEXT NOT NULL,
    title TEXT NOT NULL,
    chars INTEGER NOT NULL,
    noise TEXT NOT NULL,
    raw BLOB NOT NULL,
    mined_at TEXT NOT NULL
);
CREATE TABLE paragraphs (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, line)
) WITHOUT ROWID;
CREATE TABLE phrases (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    docs INTEGER NOT NULL DEFAULT 0,
    organ_mask INTEGER NOT NULL DEFAULT 0,
    organs TEXT NOT NULL DEFAULT '[]',
    tokens TEXT NOT NULL DEFAULT '',
    group_id INTEGER,
    UNIQUE (kind, text)
);
CREATE INDEX phrases_by_count ON phrases (count DESC, id);
CREATE TABLE sources (
    phrase_id INTEGER NOT NULL REFERENCES phrases(id) ON DELETE CASCADE,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    col INTEGER NOT NULL,
    section TEXT NOT NULL,
    organs TEXT NOT NULL
);
CREATE INDEX sources_by_phrase ON sources (phrase_id);
CREATE INDEX sources_by_doc ON sources (doc_id);
"""


def organ_mask(organs: Iterable[str]) -> int:
    """Bit mask of organ names (bit i = ORGANS[i]), for fast filtering in SQL."""
    return sum(1 << ORGANS.index(organ) for organ in set(organs) if organ in ORGANS)


@dataclass(frozen=True)
class SourceRef:
    """Where one occurrence of a phrase stands."""

    doc_id: int
    doc: str
    line: int
    column: int
    section: str


@dataclass
class Phrase:
    """One bank entry: text, kind, counts, organ tags and (when asked for) its sources and variants."""

    id: int
    kind: str
    text: str
    count: int
    docs: int
    organ_tags: list[dict[str, object]]
    group_id: int | None = None
    sources: list[SourceRef] = field(default_factory=list)
    variants: list[Phrase] = field(default_factory=list)

    @property
    def organs(self) -> list[str]:
        """Organ names, in the canonical order."""
        return [str(tag["organ"]) for tag in self.organ_tags]

    def to_dict(self) -> dict[str, object]:
        """The `--json` form shared by `tigang phrases`, `show` and `search`."""
        data: dict[str, object] = {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "organs": self.organs,
            "organ_tags": self.organ_tags,
            "count": self.count,
            "docs": self.docs,
            "sources": [{"doc": source.doc, "line": source.line, "column": source.column, "section": source.section} for source in self.sources],
        }
        if self.variants:
            data["variants"] = [{"id": v.id, "text": v.text, "count": v.count} for v in self.variants]
        return data


@dataclass(frozen=True)
class DocumentInfo:
    """A document in the bank, as `tigang docs` lists it."""

    id: int
    name: str
    path: str
    builtin: bool
    title: str
    chars: int
    phrases: int
    mined_at: str


class Bank:
    """An open phrase bank."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.db = connection
        self._phrase_ids: dict[tuple[str, str], int] | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Bank:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def meta(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def generation(self) -> str:
        """Changes whenever the bank's phrases change; a saved search index records the one it saw."""
        return self.meta("generation", "0")

    def _bump_generation(self) -> None:
        self.set_meta("generation", str(int(self.generation()) + 1))

    def search_rows(self) -> list[tuple[int, str, str, int, int, int, str]]:
        """Entries for the search index, most used first (variants are reached through their entry)."""
        return self.db.execute(
            "SELECT id, kind, text, count, docs, organ_mask, tokens FROM phrases WHERE group_id IS NULL OR group_id = id"
            " ORDER BY count DESC, docs DESC, length(text), id"
        ).fetchall()

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    # -- writing -----------------------------------------------------------------------------

    def document_state(self, path: str) -> tuple[int, str, int, float] | None:
        """(id, sha256, size, mtime) of the stored document at `path`, if any."""
        row = self.db.execute("SELECT id, sha256, size, mtime FROM documents WHERE path = ?", (path,)).fetchone()
        return tuple(row) if row else None  # type: ignore[return-value]

    def store_document(self, mined: MinedDocument, size: int = 0, mtime: float = 0.0) -> str:
        """Add or replace one mined document in one transaction: "added", "replaced" or "unchanged"."""
        existing = self.document_state(mined.path)
        if existing and existing[1] == mined.sha256:
            if (existing[2], existing[3]) != (size, mtime):
                with self.db:
                    self.db.execute("UPDATE documents SET size = ?, mtime = ? WHERE id = ?", (size, mtime, existing[0]))
            return "unchanged"
        try:
            with self.db:
                if existing:
                    self._delete_document(existing[0])
                self._insert_document(mined, size, mtime)
        except BaseException:
            self._phrase_ids = None  # the cached ids may name rows the rollback just removed
            raise
        return "replaced" if existing else "added"

    def _insert_document(self, mined: MinedDocument, size: int, mtime: float) -> None:
        cursor = self.db.execute(
            "INSERT INTO documents (path, name, builtin, sha256, size, mtime, encoding, title, chars, noise, raw, mined_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                mined.path, mined.name, int(mined.builtin), mined.sha256, size, mtime, mined.encoding, mined.title,
                mined.chars, json.dumps(mined.noise, ensure_ascii=False), zlib.compress(mined.raw.encode("utf-8"), 1),
                datetime.now(timezone.utc).isoformat(timespec="seconds"),
            ),
        )
        doc_id = int(cursor.lastrowid or 0)
        self.db.executemany("INSERT INTO paragraphs (doc_id, line, text) VALUES (?, ?, ?)", [(doc_id, line, text) for line, text in mined.paragraphs])
        ids = self._ids()
        new_rows, existing, source_rows = [], {}, []
        for phrase in mined.phrases:
            key = (phrase.kind, phrase.text)
            organs = json.dumps(phrase.organs, ensure_ascii=False)
            if key in ids:
                existing[ids[key]] = (phrase, organs)
            else:
                ids[key] = self._next_id
                self._next_id += 1
                mask = organ_mask(str(tag["organ"]) for tag in phrase.organs)
                new_rows.append((ids[key], phrase.kind, phrase.text, len(phrase.sources), 1, mask, organs, phrase.tokens))
            phrase_id = ids[key]
            source_rows.extend((phrase_id, doc_id, line, column, section, tags) for line, column, section, tags in phrase.sources)
        self.db.executemany("INSERT INTO phrases (id, kind, text, count, docs, organ_mask, organs, tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", new_rows)
        self.db.executemany("INSERT INTO sources (phrase_id, doc_id, line, col, section, organs) VALUES (?, ?, ?, ?, ?, ?)", source_rows)
        counts_only, retagged = [], []
        for chunk in _chunks(list(existing), 500):
            marks = ",".join("?" * len(chunk))
            for phrase_id, stored in self.db.execute(f"SELECT id, organs FROM phrases WHERE id IN ({marks})", chunk):
                phrase, organs = existing[phrase_id]
                if stored == organs or stored == "[]" and not phrase.organs:
                    counts_only.append((len(phrase.sources), phrase_id))
                    continue
                merged = merge_organ_tags([json.loads(stored), phrase.organs])
                retagged.append((len(phrase.sources), json.dumps(merged, ensure_ascii=False), organ_mask(str(t["organ"]) for t in merged), phrase_id))
        self.db.executemany("UPDATE phrases SET count = count + ?, docs = docs + 1 WHERE id = ?", counts_only)
        self.db.executemany("UPDATE phrases SET count = count + ?, docs = docs + 1, organs = ?, organ_mask = ? WHERE id = ?", retagged)
        self.set_meta("groups_dirty", "1")
        self._bump_generation()

    def _ids(self) -> dict[tuple[str, str], int]:
        """(kind, text) → id of every phrase, loaded once per open bank (mining looks up thousands)."""
        if self._phrase_ids is None:
            self._phrase_ids = {(kind, text): phrase_id for phrase_id, kind, text in self.db.execute("SELECT id, kind, text FROM phrases")}
            self._next_id = int(self.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM phrases").fetchone()[0])
        return self._phrase_ids

    def _delete_document(self, doc_id: int) -> None:
        """Remove a document and its occurrences; phrases left without any occurrence go too."""
        affected = [row[0] for row in self.db.execute("SELECT DISTINCT phrase_id FROM sources WHERE doc_id = ?", (doc_id,))]
        self.db.execute("DELETE FROM sources WHERE doc_id = ?", (doc_id,))
        self.db.execute("DELETE FROM paragraphs WHERE doc_id = ?", (doc_id,))
        self.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        self._recount(affected)
        self.set_meta("groups_dirty", "1")
        self._bump_generation()

    def _recount(self, phrase_ids: Sequence[int]) -> None:
        """Recompute counts and organ tags of phrases from their remaining sources."""
        gone: list[int] = []
        for chunk in _chunks(list(phrase_ids), 500):
            marks = ",".join("?" * len(chunk))
            tags: dict[int, list[list[dict[str, object]]]] = defaultdict(list)
            docs: dict[int, set[int]] = defaultdict(set)
            for phrase_id, doc_id, organs in self.db.execute(f"SELECT phrase_id, doc_id, organs FROM sources WHERE phrase_id IN ({marks})", chunk):
                tags[phrase_id].append(json.loads(organs))
                docs[phrase_id].add(doc_id)
            updates = []
            for phrase_id in chunk:
                if phrase_id not in tags:
                    gone.append(phrase_id)
                    continue
                merged = merge_organ_tags(tags[phrase_id])
                updates.append((len(tags[phrase_id]), len(docs[phrase_id]), json.dumps(merged, ensure_ascii=False), organ_mask(t["organ"] for t in merged), phrase_id))
            self.db.executemany("UPDATE phrases SET count = ?, docs = ?, organs = ?, organ_mask = ? WHERE id = ?", updates)
        if gone:
            self.db.executemany("DELETE FROM phrases WHERE id = ?", [(phrase_id,) for phrase_id in gone])
            if self._phrase_ids is not None:
                self._phrase_ids = None

    def forget(self, reference: str) -> DocumentInfo:
        """Remove the document named by id, file name or path, with its phrases."""
        document = self.find_document(reference)
        with self.db:
            self._delete_document(document.id)
        self.regroup_if_needed()
        return document

    def regroup_if_needed(self) -> None:
        """Recompute variant groups after documents changed (see `phrasebank.variants`)."""
        if self.meta("groups_dirty") != "1":
            return
        from phrasebank.variants import group_variants

        rows = self.db.execute("SELECT id, kind, text, tokens, count FROM phrases WHERE kind IN ('heading', 'point', 'sentence', 'opening', 'closing')").fetchall()
        groups = group_variants(rows)
        with self.db:
            self.db.execute("UPDATE phrases SET group_id = NULL WHERE group_id IS NOT NULL")
            self.db.executemany("UPDATE phrases SET group_id = ? WHERE id = ?", [(group, phrase_id) for phrase_id, group in groups.items()])
            self.set_meta("groups_dirty", "0")
            self._bump_generation()

    # -- reading -----------------------------------------------------------------------------

    def find_document(self, reference: str) -> DocumentInfo:
        """A document by id, file name or path; a clear error when none or several match."""
        documents = self.documents()
        matches = [d for d in documents if reference in (str(d.id), d.name, d.path) or (reference and d.path.endswith(reference))]
        if not matches:
            raise TigangError(f"题库 {self.path} 中没有文档“{reference}”；用 tigang docs 查看文档列表（可用编号或文件名）。")
        if len(matches) > 1:
            raise TigangError(f"“{reference}”对应多个文档（{'、'.join(str(d.id) for d in matches)}）；请改用编号。")
        return matches[0]

    def documents(self) -> list[DocumentInfo]:
        rows = self.db.execute(
            "SELECT d.id, d.name, d.path, d.builtin, d.title, d.chars, d.mined_at,"
            " (SELECT COUNT(DISTINCT phrase_id) FROM sources s WHERE s.doc_id = d.id) FROM documents d ORDER BY d.id"
        ).fetchall()
        return [DocumentInfo(id=r[0], name=r[1], path=r[2], builtin=bool(r[3]), title=r[4], chars=r[5], mined_at=r[6], phrases=r[7]) for r in rows]

    def phrases(
        self,
        kind: str | None = None,
        organ: str | None = None,
        doc: str | None = None,
        limit: int | None = None,
        with_sources: bool = False,
    ) -> list[Phrase]:
        """Entries (variants folded under their group), most used first."""
        where = ["(group_id IS NULL OR group_id = id)"]
        params: list[object] = []
        if kind:
            where.append("kind = ?")
            params.append(kind)
        if organ:
            where.append("organ_mask & ? != 0")
            params.append(organ_mask([organ]))
        if doc:
            document = self.find_document(doc)
            where.append("id IN (SELECT phrase_id FROM sources WHERE doc_id = ?)")
            params.append(document.id)
        sql = f"SELECT id, kind, text, count, docs, organs, group_id FROM phrases WHERE {' AND '.join(where)} ORDER BY count DESC, docs DESC, length(text), id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        phrases = [self._phrase(row) for row in self.db.execute(sql, params)]
        if with_sources:
            self.attach_sources(phrases)
        self._attach_variants(phrases)
        return phrases

    def get_phrase(self, phrase_id: int) -> Phrase | None:
        """One phrase with its sources and variants, or None."""
        row = self.db.execute("SELECT id, kind, text, count, docs, organs, group_id FROM phrases WHERE id = ?", (phrase_id,)).fetchone()
        if row is None:
            return None
        phrase = self._phrase(row)
        self.attach_sources([phrase])
        self._attach_variants([phrase])
        return phrase

    def get_phrases(self, phrase_ids: Sequence[int]) -> dict[int, Phrase]:
        """Several phrases by id (no sources), keyed by id."""
        found: dict[int, Phrase] = {}
        for chunk in _chunks(list(phrase_ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT id, kind, text, count, docs, organs, group_id FROM phrases WHERE id IN ({marks})", chunk):
                found[row[0]] = self._phrase(row)
        return found

    def attach_sources(self, phrases: Sequence[Phrase]) -> None:
        """Fill in `sources` of the given phrases in one query per 500."""
        by_id = {phrase.id: phrase for phrase in phrases}
        for chunk in _chunks(list(by_id), 500):
            marks = ",".join("?" * len(chunk))
            for phrase_id, doc_id, name, line, column, section in self.db.execute(
                f"SELECT s.phrase_id, s.doc_id, d.name, s.line, s.col, s.section FROM sources s JOIN documents d ON d.id = s.doc_id"
                f" WHERE s.phrase_id IN ({marks}) ORDER BY s.doc_id, s.line, s.col",
                chunk,
            ):
                by_id[phrase_id].sources.append(SourceRef(doc_id, name, line, column, section))

    def _attach_variants(self, phrases: Sequence[Phrase]) -> None:
        groups = {phrase.group_id: phrase for phrase in phrases if phrase.group_id is not None}
        for chunk in _chunks(list(groups), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT id, kind, text, count, docs, organs, group_id FROM phrases WHERE group_id IN ({marks}) AND id != group_id ORDER BY count DESC", chunk):
                groups[row[6]].variants.append(self._phrase(row))

    def paragraph(self, doc_id: int, line: int) -> str:
        """The clean paragraph at a source line of a stored document."""
        row = self.db.execute("SELECT text FROM paragraphs WHERE doc_id = ? AND line = ?", (doc_id, line)).fetchone()
        return row[0] if row else ""

    def stats(self) -> dict[str, dict[str, int]]:
        """Entry counts by kind and by organ."""
        by_kind = dict(self.db.execute("SELECT kind, COUNT(*) FROM phrases GROUP BY kind").fetchall())
        by_organ = {organ: int(self.db.execute("SELECT COUNT(*) FROM phrases WHERE organ_mask & ? != 0", (1 << index,)).fetchone()[0]) for index, organ in enumerate(ORGANS)}
        return {"kind": {kind: by_kind.get(kind, 0) for kind in KINDS}, "organ": by_organ}

    def stored_documents(self) -> list[tuple[str, str, bool, str, str, int, float]]:
        """(path, name, builtin, raw text, encoding, size, mtime) of every document, for re-mining."""
        return [
            (path, name, bool(builtin), zlib.decompress(raw).decode("utf-8"), encoding, size, mtime)
            for path, name, builtin, raw, encoding, size, mtime in self.db.execute("SELECT path, name, builtin, raw, encoding, size, mtime FROM documents ORDER BY id")
        ]

    @staticmethod
    def _phrase(row: Sequence[object]) -> Phrase:
        return Phrase(id=int(row[0]), kind=str(row[1]), text=str(row[2]), count=int(row[3]), docs=int(row[4]), organ_tags=json.loads(str(row[5])), group_id=row[6])  # type: ignore[arg-type]


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the pragmas every bank uses (WAL so the UI can read while mining writes)."""
    connection = sqlite3.connect(str(path), check_same_thread=False)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def create_bank(path: Path) -> Bank:
    """A new, empty bank file at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = connect(path)
    with connection:
        connection.executescript(_SCHEMA)
        connection.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [("schema_version", str(SCHEMA_VERSION)), ("mining_version", str(versions.MINING_VERSION)), ("groups_dirty", "0")],
        )
    return Bank(path, connection)


def open_existing(path: Path) -> Bank:
    """Open a bank file, checking it is one; raises `TigangError` otherwise."""
    try:
        connection = connect(path)
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        raise TigangError(f"{path} 不是 tigang 题库文件；请用 --bank 指定正确的题库，或换一个新文件名来新建。") from None
    if row is None:
        connection.close()
        raise TigangError(f"{path} 不是 tigang 题库文件；请用 --bank 指定正确的题库，或换一个新文件名来新建。")
    return Bank(path, connection)


def open_bank(path: Path | str | None = None, *, create: bool = False) -> Bank:
    """Open a bank: the built-in one (built from the seeds on first use) when `path` is None.

    A bank mined by an older miner or schema is re-mined from its stored documents first, so an
    upgrade never loses a writer's material.
    """
    from phrasebank.builtin import builtin_bank_path, ensure_builtin, ensure_current

    if path is None:
        return ensure_builtin(builtin_bank_path())
    path = Path(path)
    if path.is_dir():
        raise TigangError(f"题库路径 {path} 是文件夹；请给出题库文件名，例如 {path / 'bank.sqlite'}。")
    if not path.exists():
        if not create:
            raise TigangError(f"找不到题库 {path}；先用 tigang mine 文件… --bank {path} 建立它。")
        return create_bank(path)
    return ensure_current(path)
