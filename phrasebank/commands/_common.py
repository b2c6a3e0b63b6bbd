"""Pieces several subcommands share: the `--bank` option, a terminal progress bar, number formats."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from phrasebank.width import cell_width, pad_cells, truncate_cells


def add_bank_option(parser: argparse.ArgumentParser) -> None:
    """`--bank PATH`: use another bank file instead of the built-in one."""
    parser.add_argument("--bank", type=Path, metavar="PATH", help="使用指定的题库文件（默认：内置题库，含种子材料和您挖掘的材料）")


def thousands(number: int) -> str:
    """12345 → "12,345"."""
    return f"{number:,}"


class ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, label: str, width: int = 30) -> None:
        self.label = label
        self.width = width
        self.enabled = sys.stderr.isatty()
        self.started = time.perf_counter()
        self.last_draw = 0.0

    def __call__(self, done: int, total: int, current: str) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if done < total and now - self.last_draw < 0.05:
            return
        self.last_draw = now
        filled = self.width * done // total if total else self.width
        bar = "█" * filled + "░" * (self.width - filled)
        line = f"{self.label} {bar} {done}/{total}  {truncate_cells(current, 30)}"
        sys.stderr.write("\r" + pad_cells(line, cell_width(line) + 2))
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
