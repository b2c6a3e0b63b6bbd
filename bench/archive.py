"""A writer's archive at scale: mining, one-document updates, full rebuilds and search, on documents of
mostly distinct sentences (`bench/archive_text.py`), not recombined seed paragraphs.

Prints, from one run:
- mining N documents with `tigang mine` (a fresh process, both cores; reading, mining, storing, variant
  groups and the search index included) against single-process `jieba.lcut` on the same text, alternating
  and keeping each one's best of `--rounds` runs: characters/s and their ratio; the peak memory of the
  writing process and of the largest mining worker;
- adding one document and forgetting one (index and variant groups brought up to date included) in a
  bank of 200 and of N documents: median and slowest of three;
- a full rebuild of the search index of banks of 100k and 1M phrases (generated documents of a thousand
  distinct sentences each: the phrases and the full-text sentences are both indexed);
- search latency at 1M phrases over `bench/search.py`'s queries (each query's best of 3 runs), before and
  after 100 documents are added one at a time (each adds a delta segment);
- queries pasted from a document: 1,000, 3,000 and 6,000 characters.
Goals: add ≤ 1 s at N = 2,000 (≤ 3 s on a busy machine), forget ≤ 1 s, mining ≥ 1.0× jieba, peak ≤ 512 MiB,
rebuild ≤ 20 s at 1M, p95 ≤ 10 ms at 1M with 100 documents in the delta, a 3,000-character query ≤ 50 ms.

    python bench/archive.py [--docs 2000] [--small 200] [--million 1000000] [--additions 100] [--rounds 3]
"""
from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.archive_text import ArchiveWriter  # noqa: E402
from bench.measure import jieba_baseline, percentiles, run_with_peak  # noqa: E402
from bench.search import QUERIES  # noqa: E402

SENTENCES_PER_DOCUMENT = 1000
_writer = ArchiveWriter()


def synthetic_document(index: int):  # -> MinedDocument (imported in the worker)
    """A generated document of 1,000 distinct sentences and clauses, mined as 1,000 phrases (one each):
    how a bank of a million phrases is made in a minute rather than from 9,000 mined files."""
    from phrasebank.mining.pipeline import MinedDocument, MinedPhrase
    from phrasebank.mining.tokens import cut
    from phrasebank.mining.variants import packed_keys_of

    rng = random.Random(7_000_003 + index)
    texts: dict[str, str] = {}
    while len(texts) < SENTENCES_PER_DOCUMENT:
        sentence = _writer.sentence(rng)
        clauses = [clause for clause in re.split(r"(?<=[，；])", sentence) if clause]
        first = rng.randrange(len(clauses))
        text = "".join(clauses[first : first + rng.randint(1, 3)]).rstrip("，；")
        if len(text) >= 4:
            texts.setdefault(text, "sentence" if text.endswith("。") else rng.choice(("phrase", "point", "heading")))
    tokens = [" ".join(token for token in cut(text) if token.strip()) for text in texts]
    keys = packed_keys_of([(kind, text, words) for (text, kind), words in zip(texts.items(), tokens, strict=True)])
    phrases = [MinedPhrase(kind, text, words, "[]", 0, packed, [(line, 0, "", "[]")])
               for line, ((text, kind), words, packed) in enumerate(zip(texts.items(), tokens, keys, strict=True), 1)]
    raw = "\n".join(texts)
    return MinedDocument(
        path=f"/generated/{index:06d}.txt", name=f"{index:06d}.txt", sha256=hashlib.sha256(raw.encode()).hexdigest(),
        raw=raw, encoding="utf-8", title="", chars=len(raw), noise={},
        paragraphs=list(enumerate(texts, 1)), phrases=phrases,
    )


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def add_and_forget(bank_path: Path, new_files: list[Path], old_files: list[Path]) -> tuple[list[float], list[float]]:
    """Seconds to add each of `new_files` and to forget each of `old_files`, one at a time, in a bank
    whose index is current (as after the writer's last search)."""
    from phrasebank.bank.indexing import refresh, search_index
    from phrasebank.bank.ingest import mine_paths
    from phrasebank.bank.lifecycle import open_bank

    with open_bank(bank_path) as bank:
        search_index(bank)
        added = [timed(lambda path=path: mine_paths(bank, [path])) for path in new_files]

        def forget(path: Path) -> None:
            bank.forget(str(path.resolve()))
            refresh(bank)

        forgotten = [timed(lambda path=path: forget(path)) for path in old_files]
    return added, forgotten


def build_million(bank_path: Path, sizes: list[int]) -> list[tuple[int, float, int]]:
    """Grow a bank of generated documents to each of `sizes` phrases and time a full index rebuild at
    each: (phrases, seconds, sentences indexed)."""
    from phrasebank.bank.indexing import current_view, index_path, refresh
    from phrasebank.bank.lifecycle import open_bank

    results = []
    next_document = 0
    with open_bank(bank_path, create=True) as bank, multiprocessing.get_context("fork").Pool(2) as pool:
        for size in sizes:
            while (count := bank.phrase_count()) < size:
                needed = -(-(size - count) // SENTENCES_PER_DOCUMENT)
                documents = range(next_document, next_document + needed)
                next_document += needed
                batch = []
                for mined in pool.imap(synthetic_document, documents, chunksize=4):
                    batch.append((mined, 0, 0.0))
                    if len(batch) == 32:
                        bank.store_documents(batch)
                        batch.clear()
                if batch:
                    bank.store_documents(batch)
            refresh(bank)
            shutil.rmtree(index_path(bank.path))
            seconds = timed(lambda: current_view(bank))
            view = current_view(bank)
            results.append((bank.phrase_count(), seconds, sum(len(part.segment) for part in view.sentences)))
            print(f"  {results[-1][0]:,} phrases: index rebuilt in {seconds:.1f} s", flush=True)
    return results


def search_at_scale(bank_path: Path, additions: list[Path], pasted: str) -> dict[str, object]:
    """p50/p95 over the queries before and after `additions` are added one at a time; long queries."""
    from phrasebank.bank.indexing import refresh, search_index
    from phrasebank.bank.ingest import mine_paths
    from phrasebank.bank.lifecycle import open_bank

    def measure(index) -> dict[str, float]:
        for query in QUERIES[:3]:
            index.search(query, limit=20)
        return percentiles(lambda query: index.search(query, limit=20), QUERIES, repeat=3)

    with open_bank(bank_path) as bank:
        before = measure(search_index(bank))
        added = [timed(lambda path=path: mine_paths(bank, [path])) for path in additions]
        view = refresh(bank)
        index = search_index(bank)
        after = measure(index)
        long_queries = {}
        for length in (1000, 3000, 6000):
            query = pasted[:length]
            long_queries[length] = min(timed(lambda query=query: index.search(query, limit=20)) for _ in range(3))
    return {"before": before, "after": after, "added": added, "long": long_queries,
            "segments": (len(view.phrases), len(view.sentences))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--million", type=int, default=1_000_000)
    parser.add_argument("--additions", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of jieba and of mining")
    args = parser.parse_args()
    from phrasebank.documents.reading import read_document

    with tempfile.TemporaryDirectory(prefix="tigang-archive-") as temp_name:
        temp = Path(temp_name)
        os.environ["TIGANG_HOME"] = str(temp / "home")
        archive, extra = temp / "archive", temp / "extra"
        generating = time.perf_counter()
        files = _writer.write(archive, args.docs)
        extra_files = _writer.write(extra, args.additions + 7, start=args.docs)
        print(f"archive: {args.docs:,} documents generated in {time.perf_counter() - generating:.0f} s", flush=True)

        # Alternate the two measurements and keep each one's best run (as bench/mine.py does): the machine
        # is shared, and its speed drifts by a fifth from one minute to the next.
        jieba_seconds = mine_seconds = float("inf")
        writer_kib = worker_kib = 0
        for round_number in range(args.rounds):
            chars, jieba_run = jieba_baseline(archive)
            bank_path = temp / f"archive-{round_number}.sqlite"
            _, mine_run, writer_run, worker_run = run_with_peak(
                [sys.executable, "-m", "phrasebank", "mine", str(archive), "--bank", str(bank_path)])
            jieba_seconds, mine_seconds = min(jieba_seconds, jieba_run), min(mine_seconds, mine_run)
            writer_kib, worker_kib = max(writer_kib, writer_run), max(worker_kib, worker_run)
            print(f"  {chars:,} characters: jieba.lcut {jieba_run:.1f} s, tigang mine {mine_run:.1f} s "
                  f"({jieba_run / mine_run:.2f}×)", flush=True)

        small_path = temp / "small.sqlite"
        from phrasebank.bank.ingest import mine_paths
        from phrasebank.bank.lifecycle import open_bank

        with open_bank(small_path, create=True) as bank:
            mine_paths(bank, files[: args.small])
        small = add_and_forget(small_path, extra_files[:3], files[:3])
        large = add_and_forget(bank_path, extra_files[3:6], files[:3])
        print("  adds and forgets measured", flush=True)

        million_path = temp / "million.sqlite"
        rebuilds = build_million(million_path, sorted({min(100_000, args.million // 10), args.million}))
        pasted = read_document(extra_files[-1]).text.replace("\n", "")
        while len(pasted) < 6000:
            pasted += pasted
        scale = search_at_scale(million_path, extra_files[6 : 6 + args.additions], pasted)

    def spread(times: list[float]) -> str:
        return f"{statistics.median(times):.2f} s (slowest {max(times):.2f})"

    jieba_speed, mine_speed = chars / jieba_seconds, chars / mine_seconds
    before, after = scale["before"], scale["after"]
    rows = [
        ("archive", f"{args.docs:,} documents, {chars:,} characters", ""),
        (f"jieba.lcut, 1 process (best of {args.rounds})", f"{jieba_speed:,.0f} chars/s ({jieba_seconds:.1f} s)", ""),
        (f"tigang mine, end to end (best of {args.rounds})", f"{mine_speed:,.0f} chars/s ({mine_seconds:.1f} s)", ""),
        ("ratio mine / jieba", f"{mine_speed / jieba_speed:.2f}×", "≥ 1.0×"),
        ("peak memory, writing process", f"{writer_kib / 1024:,.0f} MiB", "≤ 512 MiB"),
        ("peak memory, largest worker", f"{worker_kib / 1024:,.0f} MiB", ""),
        (f"add one document, {args.small} docs", spread(small[0]), ""),
        (f"forget one document, {args.small} docs", spread(small[1]), ""),
        (f"add one document, {args.docs:,} docs", spread(large[0]), "≤ 1 s"),
        (f"forget one document, {args.docs:,} docs", spread(large[1]), "≤ 1 s"),
        *[(f"full rebuild, {phrases:,} phrases", f"{seconds:.1f} s (+ {sentences:,} sentences)",
           "≤ 20 s" if phrases >= 1_000_000 else "") for phrases, seconds, sentences in rebuilds],
        (f"search p50 / p95 at {rebuilds[-1][0]:,}", f"{before['p50']:.1f} / {before['p95']:.1f} ms", ""),
        (f"… after {args.additions} additions", f"{after['p50']:.1f} / {after['p95']:.1f} ms", "p95 ≤ 10 ms"),
        (f"  (one addition at {rebuilds[-1][0]:,})", spread(scale["added"]), ""),
        ("  (segments: phrases, sentences)", str(scale["segments"]), ""),
        *[(f"{length:,}-character query", f"{seconds * 1000:.0f} ms", "≤ 50 ms" if length == 3000 else "")
          for length, seconds in scale["long"].items()],
    ]
    print()
    width = max(len(name) for name, _, _ in rows)
    for name, result, goal in rows:
        print(f"{name:<{width}}  {result:<40} {goal}")


if __name__ == "__main__":
    main()
