"""Files into a bank: skip the unchanged ones, mine the rest in parallel, store them a batch per
transaction, then bring variant groups and the search index up to date.

Unchanged files (same size and modification time, or same text) are skipped without re-mining; a
bad file is reported and skipped. Documents are stored in batches (a commit costs about as much as
storing a document, so dozens go in one) of at most `BATCH_SECONDS` of work. Ctrl-C stores what was
already mined and stops; the bank stays consistent whatever interrupts it, because a batch is one
transaction.
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from phrasebank.bank.indexing import update
from phrasebank.bank.store import Bank
from phrasebank.documents.reading import iter_document_paths
from phrasebank.errors import TigangError
from phrasebank.mining.batch import mine_files
from phrasebank.workers import bulk_collection

if TYPE_CHECKING:
    from phrasebank.mining.pipeline import MinedDocument

BATCH_DOCS = 64
BATCH_SECONDS = 1.0
"""A batch is written when it has this many documents or has been gathering this long."""

Progress = Callable[[int, int, str], None]
"""Called with (files done, files in all, the file just done)."""


@dataclass
class MiningReport:
    """What one `tigang mine` run did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    chars: int = 0
    occurrences: int = 0
    noise: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def mined(self) -> int:
        return self.added + self.replaced


@bulk_collection()
def mine_paths(
    bank: Bank, paths: list[Path], progress: Progress | None = None, workers: int | None = None
) -> MiningReport:
    """Mine files and folders (recursively) into `bank`; see the module docstring."""
    report = MiningReport()
    started = time.perf_counter()
    files, missing = iter_document_paths(paths)
    report.skipped.extend((str(path), f"{path}：{reason}") for path, reason in missing)
    to_mine: list[Path] = []
    # Taken before reading: a file saved again while it is mined is then seen as changed next time.
    stamps: dict[Path, tuple[int, float]] = {}
    for path in files:
        state = bank.document_state(str(path.resolve()))
        stat = path.stat()
        stamps[path] = (stat.st_size, stat.st_mtime)
        if state and (state.size, state.mtime) == stamps[path]:
            report.unchanged += 1
        else:
            to_mine.append(path)
    total = len(files)
    done = report.unchanged
    if progress:
        progress(done, total, "")
    batch: list[tuple[Path, MinedDocument]] = []
    gathering_since = time.perf_counter()

    def store_batch() -> None:
        if not batch:
            return
        outcomes = bank.store_documents([(mined, *stamps[path]) for path, mined in batch])
        for (_, mined), outcome in zip(batch, outcomes, strict=True):
            setattr(report, outcome, getattr(report, outcome) + 1)
            if outcome != "unchanged":
                report.chars += mined.chars
                report.occurrences += mined.occurrences
                report.noise.update(mined.noise)
        batch.clear()

    results = mine_files(to_mine, workers)
    try:
        for path, mined, error in results:
            done += 1
            if mined is None:
                report.skipped.append((str(path), error))
            else:
                batch.append((path, mined))
            if len(batch) >= BATCH_DOCS or (batch and time.perf_counter() - gathering_since >= BATCH_SECONDS):
                store_batch()
                gathering_since = time.perf_counter()
            if progress:
                progress(done, total, path.name)
        store_batch()
    except KeyboardInterrupt:
        report.interrupted = True
        store_batch()  # what was mined is kept; a second Ctrl-C rolls this batch back, nothing more
    except TigangError:  # a mining worker died: keep what was mined, then say so
        store_batch()
        raise
    finally:  # the workers stop now, not whenever the error that ends the run is let go (a full disk)
        results.close()
    if report.mined and not report.interrupted:
        bank.sync()  # a team bank's replica takes in the batches just stored on the server
        update(bank)  # groups and index now, so the UI's first search only has to load the index
    report.seconds = time.perf_counter() - started
    return report
