"""The index of a bank on disk: a folder of immutable segment files and a manifest naming the live
ones, which entries of each are dead, and the bank change the index has caught up with.

Updating adds a segment built from what changed (time proportional to the change) and marks the
older versions of those entries dead; segments of similar size are merged now and then, so there
are never many. The manifest is replaced atomically after the segment files it names are written,
so a crash at any point leaves the previous index whole (new files it never named are removed
later). Updates of one folder by several processes are serialised by a lock file.
"""
from __future__ import annotations

import json
import math
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

from phrasebank.files.atomic import write_text_atomic
from phrasebank.search.building import PREFIXES, SegmentBuilder, build_and_save
from phrasebank.search.segment import ParagraphRow, PhraseRow, PhraseSegment, SentenceRow, SentenceSegment
from phrasebank.search.storage import SegmentFileError, load_segment
from phrasebank.search.view import IndexView, LivePhrases, LiveSentences

Row = TypeVar("Row")

MANIFEST = "manifest.json"
FORMAT = 2
"""2: segments carry flags (head, hidden, starred); an index of an older format is rebuilt."""
SEGMENT_NAME = re.compile(r"[ps]-[0-9a-f]{12}\.seg")
"""How the segment files of a build are named (`phrasebank.search.building`)."""
BUILD_ROWS = 64_000
"""Phrases per segment built at once: a build's memory (about 3 KB a phrase) stays bounded however big
the bank is."""
BUILD_CHARS = 2_000_000
"""Characters of sentences per segment built at once."""
MERGE_FAN = 6
"""Segments of one size class merged together once there are this many."""
MERGE_LIMIT = 120_000
"""Entries a merge may produce; a bigger segment comes only from a full rebuild (memory stays bounded)."""
SMALLEST_CLASS = 2_000

_LOADED: dict[Path, tuple[tuple[int, int, int], PhraseSegment | SentenceSegment]] = {}
"""Segments loaded in this process, by file, with the file's inode, size and time when loaded
(memory-mapped: what stays loaded costs little memory)."""


@dataclass
class SegmentRef:
    """One segment file of the manifest and what of it is dead: phrase ids, or for sentences the ids of
    documents removed or replaced since."""

    file: str
    entries: int
    dead: list[int] = field(default_factory=list)
    dead_entries: int = 0

    @property
    def live(self) -> int:
        return self.entries - self.dead_entries


@dataclass
class Manifest:
    """What the index is made of, and how far it has caught up with its bank."""

    bank: str
    seq: int
    syllables: list[str]
    phrases: list[SegmentRef] = field(default_factory=list)
    sentences: list[SegmentRef] = field(default_factory=list)
    format: int = FORMAT


class IndexFolder:
    """The folder of one bank's index."""

    def __init__(self, folder: Path, bank_id: str) -> None:
        self.folder = folder
        self.bank_id = bank_id

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the folder's lock (one updater at a time, across processes)."""
        if self.folder.is_file():  # an index of the older single-file format
            self.folder.unlink()
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / "lock").open("a+b") as handle:
            if os.name == "posix":
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            yield

    def manifest(self) -> Manifest | None:
        """The manifest, if there is a usable one for this bank (else the index must be rebuilt)."""
        try:
            data = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
            manifest = Manifest(
                bank=data["bank"], seq=int(data["seq"]), syllables=list(data["syllables"]),
                phrases=[SegmentRef(**ref) for ref in data["phrases"]],
                sentences=[SegmentRef(**ref) for ref in data["sentences"]], format=int(data["format"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if manifest.format != FORMAT or manifest.bank != self.bank_id:
            return None
        if not all(SEGMENT_NAME.fullmatch(ref.file) for ref in [*manifest.phrases, *manifest.sentences]):
            return None  # only files this folder's own builds name (never a path elsewhere)
        return manifest

    def load(self, manifest: Manifest) -> IndexView:
        """The live view of what `manifest` names; `SegmentFileError` when a file is missing or damaged."""
        self._forget_loaded({ref.file for ref in [*manifest.phrases, *manifest.sentences]})
        phrases = []
        for ref in manifest.phrases:
            segment = self._phrase_segment(ref.file)
            dead = segment.ranks_of(np.array(ref.dead, dtype=np.uint32))
            alive = None
            if len(dead):
                alive = np.ones(len(segment), dtype=bool)
                alive[dead] = False
            phrases.append(LivePhrases(segment, alive))
        sentences = []
        for ref in manifest.sentences:
            sentence_segment = self._sentence_segment(ref.file)
            gone = np.array(ref.dead, dtype=np.uint32)
            alive = ~np.isin(sentence_segment.doc_ids, gone) if ref.dead else None
            sentences.append(LiveSentences(sentence_segment, alive))
        return IndexView(phrases, sentences, frozenset(manifest.syllables), manifest.seq)

    def rebuild(self, phrases: Iterable[PhraseRow], paragraphs: Iterable[ParagraphRow], seq: int,
                syllables: Iterable[str], phrase_count: int | None = None) -> Manifest:
        """Replace the whole index with segments built from every phrase and every stored paragraph
        (`phrase_count` of them, when known: the segments are then made the same size)."""
        with self.rebuilding() as build:
            build.add_paragraphs(paragraphs)
            build.add_phrases(phrases, phrase_count)
            return build.commit(seq, syllables)

    @contextmanager
    def rebuilding(self) -> Iterator[Build]:
        """A whole new index built in steps — its sentences, then its phrases, read at different times
        if need be — and put in place by `Build.commit`. Left without a commit, the index stays as
        it was (the files built are removed by the next commit). The caller holds the lock."""
        with SegmentBuilder(self.folder) as builder:
            yield Build(self, builder, Manifest(self.bank_id, 0, []))

    def update(self, manifest: Manifest, changed: Iterable[int], phrases: Iterable[PhraseRow],
               changed_docs: Iterable[int], paragraphs: Iterable[ParagraphRow], seq: int) -> Manifest:
        """Catch up with changes: the phrases with ids `changed` are now `phrases` (those not among
        them are gone), the documents `changed_docs` now have `paragraphs`. Cost follows the change."""
        changed_ids = np.array(sorted(set(changed)), dtype=np.uint32)
        for ref in manifest.phrases:
            segment = self._phrase_segment(ref.file)
            present = segment.ids[segment.ranks_of(changed_ids)]
            if len(present):
                ref.dead = sorted(set(ref.dead) | set(present.tolist()))
                ref.dead_entries = len(ref.dead)
        docs = np.array(sorted(set(changed_docs)), dtype=np.uint32)
        for ref in manifest.sentences:
            doc_ids = self._sentence_segment(ref.file).doc_ids
            present = np.intersect1d(np.unique(doc_ids), docs)
            if len(present):
                ref.dead = sorted(set(ref.dead) | set(present.tolist()))
                ref.dead_entries = int(np.isin(doc_ids, np.array(ref.dead, dtype=np.uint32)).sum())
        self._add(manifest, phrases, paragraphs)
        manifest.phrases = self._merged(manifest.phrases, "p")
        manifest.sentences = self._merged(manifest.sentences, "s")
        manifest.seq = seq
        self._commit(manifest)
        return manifest

    # -- internals ---------------------------------------------------------------------------

    def _add(self, manifest: Manifest, phrases: Iterable[PhraseRow], paragraphs: Iterable[ParagraphRow]) -> None:
        """New segments for the rows, a bounded batch at a time (several at once in worker processes)."""
        with SegmentBuilder(self.folder) as builder:
            build = Build(self, builder, manifest)
            build.add_paragraphs(paragraphs)
            build.add_phrases(phrases)
            build.record()

    def _segment(self, file: str) -> PhraseSegment | SentenceSegment:
        path = self.folder / file
        try:
            stat = path.stat()
        except OSError as error:
            raise SegmentFileError(f"{file}: {error}") from None
        signature = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        loaded = _LOADED.get(path)
        if loaded is None or loaded[0] != signature:  # one load serves every update and view, unless the
            loaded = _LOADED[path] = (signature, load_segment(path))  # file was changed behind our back
        return loaded[1]

    def _forget_loaded(self, keep: set[str]) -> None:
        """Drop the loaded segments of this folder that `keep` does not name (removed, or merged by
        another process), so that what stays loaded is what the index is made of."""
        for path in [path for path in _LOADED if path.parent == self.folder and path.name not in keep]:
            del _LOADED[path]

    def _phrase_segment(self, file: str) -> PhraseSegment:
        segment = self._segment(file)
        if not isinstance(segment, PhraseSegment):
            raise SegmentFileError(f"{file}: not a phrase segment")
        return segment

    def _sentence_segment(self, file: str) -> SentenceSegment:
        segment = self._segment(file)
        if not isinstance(segment, SentenceSegment):
            raise SegmentFileError(f"{file}: not a sentence segment")
        return segment

    def _save(self, kind: str, rows: list[PhraseRow] | list[SentenceRow]) -> SegmentRef:
        """A new segment of `rows`, saved (read back memory-mapped when needed: the built arrays are
        freed, the pages stay the system's)."""
        file = f"{PREFIXES[kind]}-{uuid.uuid4().hex[:12]}.seg"
        return SegmentRef(file, build_and_save(kind, rows, self.folder / file))

    def _merged(self, refs: list[SegmentRef], prefix: str) -> list[SegmentRef]:
        """`refs` with the segments of a crowded size class (or mostly dead ones) merged, while the
        merge stays under `MERGE_LIMIT` entries."""
        refs = [ref for ref in refs if ref.live > 0]
        while True:
            classes: dict[int, list[SegmentRef]] = {}
            for ref in refs:
                size_class = int(math.log(ref.live / SMALLEST_CLASS, MERGE_FAN)) if ref.live > SMALLEST_CLASS else 0
                classes.setdefault(size_class, []).append(ref)
            group = next((members for members in classes.values()
                          if len(members) >= MERGE_FAN and sum(ref.live for ref in members) <= MERGE_LIMIT), None)
            if group is None:
                group = next(([ref] for ref in refs if ref.dead_entries * 2 > ref.entries
                              and ref.live <= MERGE_LIMIT), None)
            if group is None:
                return refs
            refs = [ref for ref in refs if ref not in group] + [self._merge(group, prefix)]

    def _merge(self, group: list[SegmentRef], prefix: str) -> SegmentRef:
        """One segment holding the live entries of `group`."""
        if prefix == "p":
            rows: list[PhraseRow] = []
            for ref in group:
                segment = self._phrase_segment(ref.file)
                keep = ~np.isin(segment.ids, np.array(ref.dead, dtype=np.uint32)) if ref.dead else None
                rows.extend(segment.rows(keep))
            return self._save("phrases", rows)
        units: list[SentenceRow] = []
        for ref in group:
            sentence_segment = self._sentence_segment(ref.file)
            keep = ~np.isin(sentence_segment.doc_ids, np.array(ref.dead, dtype=np.uint32)) if ref.dead else None
            units.extend(sentence_segment.rows(keep))
        return self._save("sentences", units)

    def _commit(self, manifest: Manifest) -> None:
        """Write the manifest, then remove the segment files it no longer names."""
        write_text_atomic(self.folder / MANIFEST, json.dumps(asdict(manifest), ensure_ascii=False))
        named = {ref.file for ref in [*manifest.phrases, *manifest.sentences]}
        self._forget_loaded(named)
        for path in self.folder.glob(".*.tmp"):  # a write a crash cut short (updates hold the lock)
            with suppress(OSError):
                path.unlink()
        for path in self.folder.glob("*.seg"):
            if path.name not in named:
                with suppress(OSError):  # still open elsewhere (Windows): removed by a later update
                    path.unlink(missing_ok=True)

    def discard(self) -> None:
        """Forget the manifest, so that the next catch-up rebuilds the index (after a damaged file)."""
        self._forget_loaded(set())
        (self.folder / MANIFEST).unlink(missing_ok=True)



@dataclass
class Build:
    """Segments being built for a manifest (`IndexFolder.rebuilding`, and every update's new rows).

    Paragraphs go first: they are quick to read, so the workers start at once and are kept busy
    while the phrases are read (or while the bank is regrouped). Phrase batches of equal size, when
    their number is known, share out evenly among the workers, rather than leaving one to build the
    last big batch alone."""

    folder: IndexFolder
    builder: SegmentBuilder
    manifest: Manifest

    def add_paragraphs(self, paragraphs: Iterable[ParagraphRow]) -> None:
        """Sentence segments of the paragraphs, in batches of `BUILD_CHARS` characters."""
        for units in _batches(paragraphs, lambda row: len(row[2]), BUILD_CHARS):
            self.builder.add("paragraphs", units)

    def add_phrases(self, phrases: Iterable[PhraseRow], count: int | None = None) -> None:
        """Phrase segments of the rows (`count` of them, when known), at most `BUILD_ROWS` each."""
        rows_per_batch = -(-count // -(-count // BUILD_ROWS)) if count else BUILD_ROWS
        for batch in _batches(phrases, lambda _: 1, rows_per_batch):
            self.builder.add("phrases", batch)

    def record(self) -> None:
        """Wait for every segment, and name them in the manifest."""
        for prefix, file, entries in self.builder.finish():
            (self.manifest.phrases if prefix == "p" else self.manifest.sentences).append(SegmentRef(file, entries))

    def commit(self, seq: int, syllables: Iterable[str]) -> Manifest:
        """Put the new index in place, as caught up with change `seq` of its bank (with the pinyin
        `syllables` its queries are read by: asked for last, while the workers are still building)."""
        self.manifest.syllables = sorted(syllables)
        self.record()
        self.manifest.seq = seq
        self.folder._commit(self.manifest)
        return self.manifest


def _batches(rows: Iterable[Row], weight: Callable[[Row], int], limit: int) -> Iterator[list[Row]]:
    """`rows` in consecutive lists of at most `limit` total weight (at least one row each)."""
    batch: list[Row] = []
    total = 0
    for row in rows:
        batch.append(row)
        total += weight(row)
        if total >= limit:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch
