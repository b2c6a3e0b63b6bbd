"""Search latency at 10k, 100k and 1M phrases against rapidfuzz and a plain substring scan.

Banks are generated from seed material (the seed bank's phrases plus new phrases recombined from
seed clauses, with Zipf-like counts), written as real bank files, indexed, and then searched in a
fresh process with a fixed set of realistic queries (Chinese, full pinyin, initials, typos, mixed).
Printed, in one run and per size: index build time, index load time, peak memory of the searching
process; p50/p95 latency of (a) tigang's engine, (b) `rapidfuzz.process.extract` with
`fuzz.partial_ratio`, (c) a plain substring scan; the ratios; and the recall of (a) against (c)'s hits.
The largest size is measured twice: as built, and after 100 incremental updates of 100 phrases each
(half new, half existing ones used once more), which leave delta segments and dead entries behind.
Goals at 1M: p95 ≤ 20 ms, ≥ 50× faster than (b), ≥ 4× faster than (c), recall 100 %, load ≤ 1 s,
memory ≤ 1.5 GiB.

    python bench/search.py [--sizes 10000,100000,1000000] [--rapidfuzz-queries 12] [--updates 100]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    # Chinese, as typed
    "两个维护", "政治机关", "依法监督", "人大代表", "代表联络站", "主题教育", "执法检查", "全过程人民民主", "服务大局",
    "作风建设", "意识形态", "学深悟透", "三联三助", "十项行动", "第一议题", "高质量发展", "联系群众", "民生实事",
    "备案审查", "党的领导", "监督", "自身建设", "干事创业",
    # characters in order with gaps, and one-character typos
    "监督效", "两个维户", "政治机官", "依法监都", "人大代便", "主题教肓", "执法检察", "全过程人民明主", "代表连络站",
    # full pinyin, prefixes
    "zhengzhijiguan", "zhengzhi", "renda", "daibiao", "yifajiandu", "zhutijiaoyu", "gaozhiliang", "lianxiqunzhong",
    "zuofengjianshe", "zhongyao", "chongyao",
    # initials
    "lgwh", "zzjg", "rddb", "ztjy", "yfjd", "zfjc", "sgyz", "dbllz", "lxqz", "msss", "gzlfz",
    # mixed
    "zz机关", "人大db", "yf监督",
]


def make_phrases(count: int, seed: int = 5) -> list[tuple[str, str, int, int]]:
    """(kind, text, count, organ_mask) for `count` distinct phrases made from seed material."""
    from phrasebank.bank.lifecycle import open_bank
    from phrasebank.vocab.kinds import KINDS
    from phrasebank.vocab.organs import organ_mask

    with open_bank(None) as bank:
        base = [(phrase.kind, phrase.text, organ_mask(phrase.organs)) for phrase in bank.phrases()]
        paragraphs = list(bank.paragraph_texts())
    clauses = sorted({clause for paragraph in paragraphs for clause in re.split(r"[，；。：！？]", paragraph)
                      if 4 <= len(clause) <= 40})
    rng = random.Random(seed)
    seen: set[tuple[str, str]] = set()
    phrases: list[tuple[str, str, int, int]] = []
    for kind, text, mask in base:
        if len(phrases) < count and (kind, text) not in seen:
            seen.add((kind, text))
            phrases.append((kind, text, 1 + int(rng.paretovariate(1.2)), mask))
    kinds = [kind for kind in KINDS if kind not in ("salutation", "opening", "closing")]
    while len(phrases) < count:
        parts = rng.randint(1, 3)
        text = "，".join(rng.choice(clauses) for _ in range(parts))
        if rng.random() < 0.5:
            text += "。"
        kind = "sentence" if text.endswith("。") else rng.choice(kinds)
        if (kind, text) in seen:
            continue
        seen.add((kind, text))
        phrases.append((kind, text, 1 + int(rng.paretovariate(1.6)), rng.randrange(16)))
    return phrases


def phrase_rows(phrases: list[tuple[str, str, int, int]]) -> list[tuple[int, str, str, int, int, int, str, int, bytes]]:
    """Index rows of `phrases`, numbered from 1 (tokens cut as mining cuts them)."""
    from phrasebank.mining.tokens import cut

    return [(number, kind, text, count, 1, mask, " ".join(cut(text)), 1, b"")
            for number, (kind, text, count, mask) in enumerate(phrases, start=1)]


def build_index(folder: Path, rows: list[tuple[int, str, str, int, int, int, str, int, bytes]]) -> float:
    """Build the search index of `rows` in `folder` (a full rebuild); the seconds it took."""
    from phrasebank.search.index import IndexFolder
    from phrasebank.search.pinyin import syllable_prefixes

    started = time.perf_counter()
    IndexFolder(folder, "bench").rebuild(rows, [], 1, syllable_prefixes())
    return time.perf_counter() - started


def update_index(folder: Path, rows: list[tuple[int, str, str, int, int, int, str, int, bytes]], updates: int,
                 extra: list[tuple[str, str, int, int]]) -> float:
    """Apply `updates` incremental updates of 100 phrases each — 50 new ones from `extra`, 50 existing
    ones counted once more — as documents added one at a time would; the seconds per update."""
    from phrasebank.search.index import IndexFolder

    index = IndexFolder(folder, "bench")
    rng = random.Random(9)
    next_id = len(rows) + 1
    started = time.perf_counter()
    for update in range(updates):
        manifest = index.manifest()
        assert manifest is not None
        changed = []
        for kind, text, count, mask in extra[update * 50 : update * 50 + 50]:
            changed.append((next_id, kind, text, count, 1, mask, text, 1, b""))
            next_id += 1
        for row in rng.sample(rows, 50):
            changed.append((*row[:3], row[3] + 1, *row[4:]))
        index.update(manifest, [row[0] for row in changed], changed, [], [], manifest.seq + 1)
    return (time.perf_counter() - started) / max(updates, 1)


MEASURE = r"""
import json, statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
path, rapidfuzz_queries = Path(sys.argv[1]), int(sys.argv[2])
queries = json.loads(sys.stdin.read())
started = time.perf_counter()
from phrasebank.search.index import IndexFolder
from phrasebank.search.query import SearchIndex
folder = IndexFolder(path, "bench")
index = SearchIndex(folder.load(folder.manifest()))
load_seconds = time.perf_counter() - started
def timed(function, items):
    times = []
    for item in items:
        begun = time.perf_counter(); function(item); times.append((time.perf_counter() - begun) * 1000)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]}
for query in queries[:3]:
    index.search(query, limit=20, paragraphs=False)
engine = timed(lambda q: index.search(q, limit=20, paragraphs=False), queries)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork + exec.
peak_mib = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
entries = [(int(part.segment.ids[rank]), part.segment.texts.text_of(rank)) for part in index.view.phrases
           for rank in range(len(part.segment)) if part.live(rank)]
texts = [text for _, text in entries]
scan = timed(lambda q: [i for i, t in enumerate(texts) if q in t], queries)
from rapidfuzz import fuzz, process
sample = queries[:: max(1, len(queries) // rapidfuzz_queries)][:rapidfuzz_queries]
rapid = timed(lambda q: process.extract(q, texts, scorer=fuzz.partial_ratio, processor=None, limit=20), sample)
expected = found = 0
for query in queries:
    wanted = {number for number, text in entries if query in text}
    if not wanted:
        continue
    got = {hit.phrase_id for hit in index.search(query, limit=None, paragraphs=False)}
    expected += len(wanted)
    found += len(wanted & got)
print(json.dumps({"phrases": len(texts), "segments": len(index.view.phrases), "load": load_seconds,
                  "peak_mib": peak_mib, "engine": engine, "scan": scan, "rapidfuzz": rapid,
                  "rapidfuzz_queries": len(sample), "recall": found / expected if expected else 1.0,
                  "scan_hits": expected}))
"""


def measure(folder: Path, rapidfuzz_queries: int) -> dict:
    """Search figures of the index in `folder`, from a fresh process."""
    completed = subprocess.run(
        [sys.executable, "-c", MEASURE, str(folder), str(rapidfuzz_queries), str(ROOT)],
        input=json.dumps(QUERIES, ensure_ascii=False), capture_output=True, text=True, env=os.environ,
    )
    if completed.returncode != 0:
        sys.exit(completed.stderr)
    return json.loads(completed.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--rapidfuzz-queries", type=int, default=12,
                        help="queries timed for (b) (slow: ≈2 s each at 1M)")
    parser.add_argument("--updates", type=int, default=100, help="incremental updates of the largest index")
    args = parser.parse_args()
    print(f"{len(QUERIES)} queries: Chinese, gaps and typos, full pinyin, initials, mixed")
    results = []
    sizes = [int(part) for part in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="tigang-search-") as temp:
        os.environ["TIGANG_HOME"] = temp
        for size in sizes:
            folder = Path(temp) / f"bank-{size}.sqlite.index"
            phrases = make_phrases(size + (50 * args.updates if size == sizes[-1] else 0))
            rows = phrase_rows(phrases[:size])
            build = build_index(folder, rows)
            results.append({**measure(folder, args.rapidfuzz_queries), "build": build, "label": "built"})
            print(f"{size:>9,} phrases: index built in {build:.1f} s", flush=True)
            if size == sizes[-1] and args.updates:
                per_update = update_index(folder, rows, args.updates, phrases[size:])
                label = f"+{args.updates} upd."
                results.append({**measure(folder, args.rapidfuzz_queries), "build": per_update, "label": label})
                print(f"{size:>9,} phrases: {args.updates} updates, {per_update * 1000:.0f} ms each", flush=True)
    print()
    print(f"{'phrases':>10} {'index':>10} {'seg':>4} {'load s':>7} {'MiB':>6} | {'(a) p50':>8} {'p95':>7} | "
          f"{'(b) p50':>8} {'p95':>8} | {'(c) p50':>8} {'p95':>7} | {'b/a p95':>8} {'c/a p95':>8} | recall")
    for row in results:
        a, b, c = row["engine"], row["rapidfuzz"], row["scan"]
        print(
            f"{row['phrases']:>10,} {row['label']:>10} {row['segments']:>4} {row['load']:>7.2f} "
            f"{row['peak_mib']:>6.0f} | "
            f"{a['p50']:>6.2f}ms {a['p95']:>5.2f}ms | "
            f"{b['p50']:>6.0f}ms {b['p95']:>6.0f}ms | {c['p50']:>6.1f}ms {c['p95']:>5.1f}ms | "
            f"{b['p95'] / a['p95']:>7.0f}× {c['p95'] / a['p95']:>7.1f}× | {row['recall']:.1%} of {row['scan_hits']:,}"
        )
    print(f"(b) timed on {results[-1]['rapidfuzz_queries']} of the {len(QUERIES)} queries; (a) and (c) on all; "
          "latencies in milliseconds.")


if __name__ == "__main__":
    main()
