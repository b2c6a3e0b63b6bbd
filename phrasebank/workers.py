"""Worker processes of the heavy stages (mining, index builds): how they are started, and Ctrl-C left to
the process that started them."""
from __future__ import annotations

import gc
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

BULK_COLLECTION_THRESHOLD = 50_000
"""Allocations between two runs of the cycle collector during bulk work (Python's default is 700).
Mining makes millions of small objects that never form cycles (tuples, strings); collecting every
700 of them cost about 8 % of a mining worker's time, and the objects it would free are few."""


def start_method() -> str:
    """Fork where it is safe and cheap (Linux, no other thread running); spawn otherwise — a fork of a
    process whose threads hold locks (the UI, a progress bar) could leave a worker stuck."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def ignore_interrupts() -> None:
    """In a worker: leave Ctrl-C to the process that started it, which stops the workers cleanly (and
    no worker prints a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def settle_for_bulk_work() -> None:
    """In a worker of a heavy stage, once its dictionaries are loaded: those are never garbage, so the
    cycle collector stops walking them, and it runs less often (`BULK_COLLECTION_THRESHOLD`)."""
    gc.freeze()
    gc.set_threshold(BULK_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def bulk_collection() -> Iterator[None]:
    """Run the cycle collector less often for the duration (the process that stores a mining run)."""
    threshold = gc.get_threshold()
    gc.set_threshold(BULK_COLLECTION_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
