"""Mining many files in parallel: worker processes read and mine, results come back in input order.

Only reading and mining happen here; writing the results into a bank is `phrasebank.bank.ingest`,
in one process.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Generator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from phrasebank.errors import TigangError
from phrasebank.mining.pipeline import MinedDocument, mine_file
from phrasebank.workers import ignore_interrupts, settle_for_bulk_work, start_method

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


def mine_files(paths: list[Path], workers: int | None = None) -> Generator[Mined, None, None]:
    """Mined documents in input order, from a process pool when the batch is big enough.

    At most `IN_FLIGHT` documents per worker are mined ahead of the caller, so memory stays bounded
    however many files there are and however slowly they are stored. Ctrl-C in the caller stops the
    pool; the workers themselves ignore it (no worker tracebacks). A worker that dies (killed, out of
    memory) stops the run with an error rather than leaving it waiting.
    """
    count = workers if workers is not None else (os.cpu_count() or 1)
    if len(paths) < PARALLEL_FROM or count <= 1:
        yield from map(mine_one, paths)
        return
    context = multiprocessing.get_context(start_method())
    with ProcessPoolExecutor(count, mp_context=context, initializer=_start_worker) as pool:
        pending: deque[Future[Mined]] = deque()
        try:
            for path in paths:
                pending.append(pool.submit(mine_one, path))
                if len(pending) >= count * IN_FLIGHT:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool:
            raise TigangError("挖掘进程意外退出（可能是内存不足）；已挖掘的文档已保存，再次运行同一命令即可继续。"
                              ) from None
        finally:  # stopped early (Ctrl-C, an error, the caller): drop what has not started
            pool.shutdown(wait=True, cancel_futures=True)


def _start_worker() -> None:
    """Leave Ctrl-C to the writing process; load the dictionaries (jieba's, the idioms, the organ
    vocabulary) here, in parallel, rather than in the writing process, which then never holds them."""
    from phrasebank.mining.pipeline import worker_vocabulary
    from phrasebank.mining.tokens import cut, idioms

    ignore_interrupts()
    cut("预热")
    idioms()
    worker_vocabulary()
    settle_for_bulk_work()
