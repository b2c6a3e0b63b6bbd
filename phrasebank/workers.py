"""Worker processes of the heavy stages (mining, index builds): how they are started, and Ctrl-C left to
the process that started them."""
from __future__ import annotations

import signal
import sys
import threading


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
