"""Mining throughput against plain `jieba.lcut`, on a ≥ 5M-character corpus recombined from the seeds.

Prints, from one run: corpus size; jieba.lcut characters/s (one process, dictionary pre-loaded);
`tigang mine` characters/s end to end (reading, cleaning, parsing, mining, tagging, writing the bank;
both cores); their ratio; and the peak memory of the mining processes. Goal: ratio ≥ 1.0, peak ≤ 1 GiB.

    python bench/mine.py [--chars 5000000] [--workers 2]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JIEBA_BASELINE = r"""
import json, sys, time
from pathlib import Path
import jieba
jieba.setLogLevel(60)
jieba.initialize()
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).rglob("*.txt"))]
started = time.perf_counter()
for text in texts:
    jieba.lcut(text)
seconds = time.perf_counter() - started
print(json.dumps({"chars": sum(map(len, texts)), "seconds": seconds}))
"""


PEAK_WRAPPER = r"""
import os, subprocess, sys, threading, time
process = subprocess.Popen(sys.argv[1:])
peak = 0
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
    for pid in [process.pid, *children(process.pid)]:
        peak = max(peak, hwm(pid))
    time.sleep(0.05)
print("PEAK_KIB", peak)
sys.exit(process.returncode)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=5_000_000)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from bench.corpus import corpus_text

    with tempfile.TemporaryDirectory(prefix="tigang-bench-") as temp:
        folder = Path(temp) / "corpus"
        folder.mkdir()
        texts = corpus_text(args.chars)
        for index, text in enumerate(texts):
            (folder / f"{index:05d}.txt").write_text(text, encoding="utf-8")
        total = sum(map(len, texts))
        print(f"corpus: {len(texts)} documents, {total:,} characters (recombined seed paragraphs, noise included)")

        # Alternate the two measurements and keep each one's best run: the machine is shared, and a
        # burst of other work during one run should not decide the ratio.
        jieba_seconds, seconds, peak_kib = float("inf"), float("inf"), 0
        for round_number in range(args.rounds):
            measured = subprocess.run([sys.executable, "-c", JIEBA_BASELINE, str(folder)], capture_output=True,
                                      text=True, check=True)
            baseline = json.loads(measured.stdout)
            jieba_seconds = min(jieba_seconds, baseline["seconds"])
            bank = Path(temp) / f"bench-{round_number}.sqlite"
            command = [sys.executable, "-m", "phrasebank", "mine", str(folder), "--bank", str(bank)]
            if args.workers:
                command += ["--workers", str(args.workers)]
            started = time.perf_counter()
            completed = subprocess.run([sys.executable, "-c", PEAK_WRAPPER, *command], capture_output=True, text=True,
                                       env={**os.environ, "TIGANG_HOME": temp})
            seconds = min(seconds, time.perf_counter() - started)
            if completed.returncode != 0:
                sys.exit(completed.stderr)
            output, _, peak_line = completed.stdout.rpartition("PEAK_KIB ")
            peak_kib = max(peak_kib, int(peak_line))
        jieba_speed = baseline["chars"] / jieba_seconds
        mine_speed = total / seconds
        print(f"best of {args.rounds} runs each, alternating")
        print(f"jieba.lcut (1 process):     {jieba_speed:>12,.0f} chars/s  ({jieba_seconds:.1f} s)")
        print(f"tigang mine (end to end):   {mine_speed:>12,.0f} chars/s  "
              f"({seconds:.1f} s, includes start-up and bank writes)")
        print(f"ratio mine / jieba.lcut:    {mine_speed / jieba_speed:>12.2f}×   (goal ≥ 1.0)")
        print(f"peak memory (largest process): {peak_kib / 1024:>9,.0f} MiB   (goal ≤ 1024)")
        print("tigang's own summary:", output.strip().splitlines()[0])


if __name__ == "__main__":
    main()
