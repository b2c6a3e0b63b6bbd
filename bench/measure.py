"""What the benchmarks share: the `jieba.lcut` baseline, peak memory of a process tree, percentiles."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

JIEBA_BASELINE = r"""
import json, sys, time
from pathlib import Path
import jieba
from phrasebank.documents.reading import read_document
jieba.setLogLevel(60)
jieba.initialize()
files = sorted(path for path in Path(sys.argv[1]).rglob("*") if path.suffix in (".txt", ".md", ".docx"))
texts = [read_document(path).text for path in files]
started = time.perf_counter()
for text in texts:
    jieba.lcut(text)
seconds = time.perf_counter() - started
print(json.dumps({"chars": sum(map(len, texts)), "seconds": seconds}))
"""
"""Single-process `jieba.lcut` over the decoded text of every file of a folder (reading not timed)."""

PEAK_WRAPPER = r"""
import subprocess, sys, time
process = subprocess.Popen(sys.argv[1:])
main_peak = worker_peak = 0
def hwm(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    except (OSError, StopIteration):
        return 0
def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(child) for child in handle.read().split()]
    except OSError:
        return []
while process.poll() is None:
    main_peak = max(main_peak, hwm(process.pid))
    for child in children(process.pid):
        worker_peak = max(worker_peak, hwm(child))
    time.sleep(0.05)
print("PEAK_KIB", main_peak, worker_peak)
sys.exit(process.returncode)
"""
"""Runs a command and prints the peak resident memory (VmHWM) of it and of its largest child."""


def jieba_baseline(folder: Path) -> tuple[int, float]:
    """(characters, seconds) of single-process `jieba.lcut` over the folder's documents."""
    completed = subprocess.run([sys.executable, "-c", JIEBA_BASELINE, str(folder)], capture_output=True, text=True,
                               check=True, env=_env())
    result = json.loads(completed.stdout)
    return int(result["chars"]), float(result["seconds"])


def run_with_peak(command: list[str], env: dict[str, str] | None = None) -> tuple[str, float, int, int]:
    """Run `command`; (its output, wall seconds, peak KiB of the process, peak KiB of its largest child)."""
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, "-c", PEAK_WRAPPER, *command], capture_output=True, text=True,
                               env=env or _env())
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(completed.stderr)
    output, _, peaks = completed.stdout.rpartition("PEAK_KIB ")
    main_peak, worker_peak = (int(value) for value in peaks.split())
    return output, seconds, main_peak, worker_peak


def percentiles(function: Callable[[str], object], queries: Iterable[str], repeat: int = 1) -> dict[str, float]:
    """p50 and p95 of `function` over `queries`, in milliseconds; with `repeat`, each query's best of
    that many runs (the machine is shared: a neighbour's burst should not decide a percentile)."""
    times = []
    for query in queries:
        best = float("inf")
        for _ in range(repeat):
            begun = time.perf_counter()
            function(query)
            best = min(best, (time.perf_counter() - begun) * 1000)
        times.append(best)
    return summary(times)


def summary(times: list[float]) -> dict[str, float]:
    """p50 and p95 of `times` (the nearest rank: no interpolation between two queries)."""
    times = sorted(times)
    return {"p50": statistics.median(times), "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]}


def _env() -> dict[str, str]:
    """The environment with this checkout importable first (the benchmarks measure the tree they sit in)."""
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}
