"""Mining throughput against plain `jieba.lcut`, on a ≥ 5M-character corpus recombined from the seeds.

Prints, from one run: corpus size; jieba.lcut characters/s (one process, dictionary pre-loaded);
`tigang mine` characters/s end to end (reading, cleaning, parsing, mining, tagging, writing the bank;
both cores); their ratio; and the peak memory of the mining processes. Goal: ratio ≥ 1.0, peak ≤ 1 GiB.

    python bench/mine.py [--chars 5000000] [--workers 2]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=5_000_000)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from bench.corpus import corpus_text
    from bench.measure import jieba_baseline, run_with_peak

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
            jieba_chars, measured = jieba_baseline(folder)
            jieba_seconds = min(jieba_seconds, measured)
            bank = Path(temp) / f"bench-{round_number}.sqlite"
            command = [sys.executable, "-m", "phrasebank", "mine", str(folder), "--bank", str(bank)]
            if args.workers:
                command += ["--workers", str(args.workers)]
            output, wall, writer_kib, worker_kib = run_with_peak(command, {**os.environ, "TIGANG_HOME": temp})
            seconds = min(seconds, wall)
            peak_kib = max(peak_kib, writer_kib, worker_kib)
        jieba_speed = jieba_chars / jieba_seconds
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
