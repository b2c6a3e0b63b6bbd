"""Building and saving segment files, in worker processes when there are several to build.

A full rebuild of a big bank is dozens of independent segments: worker processes build them on every
core, and the big arrays of a build never live in the process that asked for it (the one mining, or
the UI). A single segment — the usual update — is built right here, with no process to start.
"""
from __future__ import annotations

import multiprocessing
import os
import uuid
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import TracebackType
from typing import cast

from phrasebank.search.segment import (
    ParagraphRow,
    PhraseRow,
    PhraseSegment,
    SentenceRow,
    SentenceSegment,
    build_phrases,
    build_sentences,
    sentences_of,
)
from phrasebank.search.storage import SegmentFileError, save_segment
from phrasebank.workers import ignore_interrupts, settle_for_bulk_work, start_method

Batch = Sequence[PhraseRow] | Sequence[SentenceRow] | Sequence[ParagraphRow]
Built = tuple[str, str, int]
"""(collection prefix "p" or "s", segment file name, entries)."""
PARALLEL_ROWS = 20_000
"""Rows (phrases or paragraphs) held back before worker processes are started: below this, starting
them costs more than building here."""
PARAGRAPHS_AHEAD = 4
"""Batches per worker that may wait to be built, when they are (small) paragraph batches."""
PREFIXES = {"phrases": "p", "sentences": "s", "paragraphs": "s"}
"""A segment file's name starts with its collection: phrases, or sentences (also when built from
paragraphs, which the worker cuts into sentences — work taken off the process reading the bank)."""


def build_and_save(kind: str, rows: Batch, path: Path) -> int:
    """Build the segment of `rows` — "phrases", "sentences" or "paragraphs" — and save it; its entries."""
    if kind == "phrases":
        segment: PhraseSegment | SentenceSegment = build_phrases(cast("Sequence[PhraseRow]", rows))
    elif kind == "paragraphs":
        segment = build_sentences(sentences_of(cast("Sequence[ParagraphRow]", rows)))
    else:
        segment = build_sentences(cast("Sequence[SentenceRow]", rows))
    save_segment(segment, path)
    return len(segment)


class SegmentBuilder:
    """Segments built from batches of rows and saved in `folder`, in the order the batches came.

    Batches are held back until there is enough work to be worth worker processes (`PARALLEL_ROWS`):
    a small update is built right here. A big one goes to a pool of workers, with at most a few
    batches waiting, so memory stays bounded. A worker that dies (killed, out of memory) fails the
    build with an error rather than leaving it waiting.
    """

    def __init__(self, folder: Path, workers: int | None = None) -> None:
        self.folder = folder
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
        self.built: list[Built] = []
        self._held: list[tuple[str, str, Batch]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._pending: deque[tuple[str, str, Future[int]]] = deque()

    def add(self, kind: str, rows: Batch) -> None:
        """Build a segment of `rows` of `kind` (see `build_and_save`), now or in a worker."""
        file = f"{PREFIXES[kind]}-{uuid.uuid4().hex[:12]}.seg"
        if self._pool is None:
            self._held.append((kind, file, rows))
            if self.workers <= 1 or sum(len(held) for _, _, held in self._held) < PARALLEL_ROWS:
                return
            context = multiprocessing.get_context(start_method())
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_builder)
            for held in self._held:
                self._submit(*held)
            self._held = []
        else:
            self._submit(kind, file, rows)
        # Keep the workers busy, and no more batches in memory: a phrase batch ahead for each worker,
        # and more of the smaller paragraph batches, so that the workers build those while the next
        # phrases are being read.
        while (sum(prefix == "p" for prefix, _, _ in self._pending) > self.workers
               or len(self._pending) > self.workers * PARAGRAPHS_AHEAD):
            self._collect()

    def finish(self) -> list[Built]:
        """Every segment built and saved: (prefix, file, entries) in the order the batches came."""
        for kind, file, rows in self._held:
            self.built.append((PREFIXES[kind], file, build_and_save(kind, rows, self.folder / file)))
        self._held = []
        while self._pending:
            self._collect()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        return self.built

    def __enter__(self) -> SegmentBuilder:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._pool is not None:  # left early (an error, Ctrl-C): the files are removed by the next commit
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _submit(self, kind: str, file: str, rows: Batch) -> None:
        assert self._pool is not None
        self._pending.append((PREFIXES[kind], file, self._pool.submit(build_and_save, kind, rows, self.folder / file)))

    def _collect(self) -> None:
        prefix, file, result = self._pending.popleft()
        try:
            entries = result.result()
        except BrokenProcessPool as error:
            raise SegmentFileError(f"{file}: the process building it stopped ({error})") from None
        self.built.append((prefix, file, entries))


def _start_builder() -> None:
    """Leave Ctrl-C to the process that asked for the build; collect cycles rarely (rows are tuples)."""
    ignore_interrupts()
    settle_for_bulk_work()
