"""Mining many files in parallel: worker processes read and mine, results come back in input order.

Only reading and mining happen here; writing the results into a bank is `phrasebank.bank.ingest`,
in one process.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterator
from multiprocessing.pool import AsyncResult
from pathlib import Path

from phrasebank.errors import TigangError
from phrasebank.mining.pipeline import MinedDocument, mine_file

PARALLEL_FROM = 8
"""Below this many files, starting worker processes costs more than it saves."""
IN_FLIGHT = 32
"""Documents per worker mined ahead of the one that stores them: enough that the workers keep busy
while a batch is written (about a second), few enough that memory stays bounded."""

Mined = tuple[Path, MinedDocument | None, str]
"""(path, the mined document or None, the one-line error when it could not be mined)."""


def mine_one(path: Path) -> Mined:
    """Read and mine one file, turning any failure into an error line (one bad file never stops a batch)."""
    try:
        return path, mine_file(path), ""
    except TigangError as error:
        return path, None, str(error)
    except Exception as error:  # noqa: BLE001 - one broken file must never stop a batch of thousands
        return path, None, f"{path} 无法处理（{type(error).__name__}: {error}）"


def mine_files(paths: list[Path], workers: int | None = None) -> Iterator[Mined]:
    """Mined documents in input order, from a process pool when the batch is big enough.

    At most `IN_FLIGHT` documents per worker are mined ahead of the caller, so memory stays bounded
    however many files there are and however slowly they are stored. Ctrl-C in the caller stops the
    pool; the workers themselves ignore it (no worker tracebacks).
    """
    count = workers if workers is not None else (os.cpu_count() or 1)
    if len(paths) < PARALLEL_FROM or count <= 1:
        yield from map(mine_one, paths)
        return
    start_method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(start_method)
    with context.Pool(count, initializer=_start_worker) as pool:
        try:
            pending: deque[AsyncResult[Mined]] = deque()
            for path in paths:
                pending.append(pool.apply_async(mine_one, (path,)))
                if len(pending) >= count * IN_FLIGHT:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()
        except KeyboardInterrupt:
            pool.terminate()
            raise


def _start_worker() -> None:
    """Leave Ctrl-C to the writing process, which stops the workers cleanly; load the dictionaries
    (jieba's, the idioms, the organ vocabulary) here, in parallel, rather than in the writing process,
    which then never holds them."""
    import signal

    from phrasebank.mining.pipeline import worker_vocabulary
    from phrasebank.mining.tokens import cut, idioms

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cut("预热")
    idioms()
    worker_vocabulary()
