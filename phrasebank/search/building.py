"""Building and saving segment files, in worker processes when there are several to build.

A full rebuild of a big bank is dozens of independent segments: worker processes build them on every
core, and the big arrays of a build never live in the process that asked for it (the one mining, or
the UI). A single segment — the usual update — is built right here, with no process to start.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import uuid
from collections import deque
from collections.abc import Sequence
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from types import TracebackType

from phrasebank.search.segment import PhraseRow, SentenceRow, build_phrases, build_sentences
from phrasebank.search.storage import save_segment

Batch = Sequence[PhraseRow] | Sequence[SentenceRow]
Built = tuple[str, str, int]
"""(collection prefix "p" or "s", segment file name, entries)."""


def build_and_save(prefix: str, rows: Batch, path: Path) -> int:
    """Build the segment of `rows` (phrases for prefix "p", sentences for "s"), save it; its entries."""
    segment = build_phrases(rows) if prefix == "p" else build_sentences(rows)  # type: ignore[arg-type]
    save_segment(segment, path)
    return len(segment)


class SegmentBuilder:
    """Segments built from batches of rows and saved in `folder`, in the order the batches came.

    The first batch is held back: if it stays the only one it is built here; once a second arrives, a
    pool of worker processes builds them all, with at most a few batches waiting, so memory stays
    bounded.
    """

    def __init__(self, folder: Path, workers: int | None = None) -> None:
        self.folder = folder
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
        self.built: list[Built] = []
        self._held: tuple[str, str, Batch] | None = None
        self._pool: Pool | None = None
        self._pending: deque[tuple[str, str, AsyncResult[int]]] = deque()

    def add(self, prefix: str, rows: Batch) -> None:
        """Build a segment of `rows` (now or in a worker)."""
        file = f"{prefix}-{uuid.uuid4().hex[:12]}.seg"
        if self.workers <= 1:
            self.built.append((prefix, file, build_and_save(prefix, rows, self.folder / file)))
            return
        if self._pool is None:
            if self._held is None:
                self._held = (prefix, file, rows)
                return
            context = multiprocessing.get_context(_start_method())
            self._pool = context.Pool(self.workers, initializer=_ignore_interrupts)
            held, self._held = self._held, None
            self._submit(*held)
        self._submit(prefix, file, rows)
        while len(self._pending) > self.workers:  # keep the workers busy, and no more batches in memory
            self._collect()

    def finish(self) -> list[Built]:
        """Every segment built and saved: (prefix, file, entries) in the order the batches came."""
        if self._held is not None:
            prefix, file, rows = self._held
            self._held = None
            self.built.append((prefix, file, build_and_save(prefix, rows, self.folder / file)))
        while self._pending:
            self._collect()
        self._close()
        return self.built

    def __enter__(self) -> SegmentBuilder:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._pool is not None:  # left early (an error, Ctrl-C): the files are removed by the next commit
            self._pool.terminate()
            self._close()

    def _submit(self, prefix: str, file: str, rows: Batch) -> None:
        assert self._pool is not None
        self._pending.append((prefix, file, self._pool.apply_async(build_and_save, (prefix, rows, self.folder / file))))

    def _collect(self) -> None:
        prefix, file, result = self._pending.popleft()
        self.built.append((prefix, file, result.get()))

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None


def _start_method() -> str:
    """Fork where it is safe and cheap (Linux, no other thread running); spawn otherwise — forking the UI,
    whose threads may hold locks, could leave a worker stuck."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _ignore_interrupts() -> None:
    """Leave Ctrl-C to the process that started the build (it stops the workers)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
