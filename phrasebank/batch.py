"""Mining many files into a bank: parallel workers read and mine, this process writes.

Unchanged files (same size and modification time, or same text) are skipped without re-mining; a
bad file is reported and skipped; Ctrl-C stops after the document being written, leaving the bank
consistent because every document is its own transaction.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from phrasebank.errors import TigangError
from phrasebank.mined import MinedDocument, mine_file
from phrasebank.reading import iter_document_paths
from phrasebank.store import Bank

PARALLEL_FROM = 8
"""Below this many files, starting worker processes costs more than it saves."""


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


def _mine_one(path: Path) -> tuple[Path, MinedDocument | None, str]:
    """Worker entry: (path, mined document or None, error message)."""
    try:
        return path, mine_file(path), ""
    except TigangError as error:
        return path, None, str(error)
    except Exception as error:  # one broken file must never stop a batch of thousands
        return path, None, f"{path} 无法处理（{type(error).__name__}: {error}）"


def mine_paths(
    bank: Bank,
    paths: list[Path],
    progress: Callable[[int, int, str], None] | None = None,
    workers: int | None = None,
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
        if state and (state[2], state[3]) == stamps[path]:
            report.unchanged += 1
        else:
            to_mine.append(path)
    total = len(files)
    done = report.unchanged
    if progress:
        progress(done, total, "")
    try:
        for path, mined, error in _results(to_mine, workers):
            done += 1
            if mined is None:
                report.skipped.append((str(path), error))
            else:
                outcome = bank.store_document(mined, *stamps[path])
                setattr(report, outcome, getattr(report, outcome) + 1)
                if outcome != "unchanged":
                    report.chars += mined.chars
                    report.occurrences += mined.occurrences
                    report.noise.update(mined.noise)
            if progress:
                progress(done, total, path.name)
    except KeyboardInterrupt:
        report.interrupted = True
    bank.regroup_if_needed()
    if report.mined and not report.interrupted:
        from phrasebank.search import SearchIndex

        SearchIndex.refresh(bank)  # so the UI's first search only has to load it
    report.seconds = time.perf_counter() - started
    return report


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the writing process, which stops them cleanly (no worker tracebacks)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _results(paths: list[Path], workers: int | None) -> Iterator[tuple[Path, MinedDocument | None, str]]:
    """Mined documents in input order, from a process pool when the batch is big enough."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    if len(paths) < PARALLEL_FROM or count <= 1:
        yield from map(_mine_one, paths)
        return
    start_method = "fork" if sys.platform.startswith("linux") else "spawn"
    if start_method == "fork":
        from phrasebank.mined import worker_vocabulary
        from phrasebank.tokens import cut, idioms

        # Load the dictionaries once here; forked workers share them instead of each loading them.
        cut("预热")
        idioms()
        worker_vocabulary()
    context = multiprocessing.get_context(start_method)
    with context.Pool(count, initializer=_ignore_interrupts) as pool:
        try:
            yield from pool.imap(_mine_one, paths, chunksize=4)
        except KeyboardInterrupt:
            pool.terminate()
            raise
