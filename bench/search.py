"""Search latency at 10k, 100k and 1M phrases against rapidfuzz and a plain substring scan.

Banks are generated from seed material (the seed bank's phrases plus new phrases recombined from
seed clauses, with Zipf-like counts), written as real bank files, indexed, and then searched in a
fresh process with a fixed set of realistic queries (Chinese, full pinyin, initials, typos, mixed).
Printed, in one run and per size: index build time, index load time, peak memory of the searching
process; p50/p95 latency of (a) tigang's engine, (b) `rapidfuzz.process.extract` with
`fuzz.partial_ratio`, (c) a plain substring scan; the ratios; and the recall of (a) against (c)'s hits.
Goals at 1M: p95 ≤ 20 ms, ≥ 50× faster than (b), ≥ 4× faster than (c), recall 100 %, load ≤ 1 s,
memory ≤ 1.5 GiB.

    python bench/search.py [--sizes 10000,100000,1000000] [--rapidfuzz-queries 12]
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


def build_index_file(path: Path, phrases: list[tuple[str, str, int, int]]) -> float:
    """Build the search index of `phrases` (most used first, as a bank hands them over) and save it at
    `path`; returns the build seconds."""
    from phrasebank.mining.tokens import cut
    from phrasebank.search.index import build_index, save_index

    ranked = sorted(phrases, key=lambda phrase: (-phrase[2], len(phrase[1])))
    rows = [(number, kind, text, count, 1, mask, " ".join(cut(text)))
            for number, (kind, text, count, mask) in enumerate(ranked, start=1)]
    started = time.perf_counter()
    save_index(build_index(rows, "1"), path)
    return time.perf_counter() - started


MEASURE = r"""
import json, resource, statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
path, rapidfuzz_queries = Path(sys.argv[1]), int(sys.argv[2])
queries = json.loads(sys.stdin.read())
started = time.perf_counter()
from phrasebank.search.index import load_index
from phrasebank.search.query import SearchIndex
index = SearchIndex(load_index(path))
load_seconds = time.perf_counter() - started
def timed(function, items):
    times = []
    for item in items:
        begun = time.perf_counter(); function(item); times.append((time.perf_counter() - begun) * 1000)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]}
for query in queries[:3]:
    index.search(query, limit=20)
engine = timed(lambda q: index.search(q, limit=20), queries)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork + exec.
peak_mib = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
data = index.data
texts = [data.text_of(rank) for rank in range(len(data))]
scan = timed(lambda q: [i for i, t in enumerate(texts) if q in t], queries)
from rapidfuzz import fuzz, process
sample = queries[:: max(1, len(queries) // rapidfuzz_queries)][:rapidfuzz_queries]
rapid = timed(lambda q: process.extract(q, texts, scorer=fuzz.partial_ratio, processor=None, limit=20), sample)
expected = found = 0
for query in queries:
    wanted = {rank for rank, text in enumerate(texts) if query in text}
    if not wanted:
        continue
    got = {hit.phrase_id for hit in index.search(query, limit=None)}
    expected += len(wanted)
    found += sum(1 for rank in wanted if data.ids[rank] in got)
print(json.dumps({"phrases": len(texts), "load": load_seconds, "peak_mib": peak_mib, "engine": engine,
                  "scan": scan, "rapidfuzz": rapid, "rapidfuzz_queries": len(sample),
                  "recall": found / expected if expected else 1.0, "scan_hits": expected}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--rapidfuzz-queries", type=int, default=12,
                        help="queries timed for (b) (slow: ≈2 s each at 1M)")
    args = parser.parse_args()
    print(f"{len(QUERIES)} queries: Chinese, gaps and typos, full pinyin, initials, mixed")
    rows = []
    with tempfile.TemporaryDirectory(prefix="tigang-search-") as temp:
        os.environ["TIGANG_HOME"] = temp
        for size in (int(part) for part in args.sizes.split(",")):
            path = Path(temp) / f"bank-{size}.sqlite.index"
            build = build_index_file(path, make_phrases(size))
            completed = subprocess.run(
                [sys.executable, "-c", MEASURE, str(path), str(args.rapidfuzz_queries), str(ROOT)],
                input=json.dumps(QUERIES, ensure_ascii=False), capture_output=True, text=True,
                env={**os.environ, "TIGANG_HOME": temp},
            )
            if completed.returncode != 0:
                sys.exit(completed.stderr)
            result = json.loads(completed.stdout)
            result["build"] = build
            rows.append(result)
            print(f"{size:>9,} phrases: index built in {build:.1f} s", flush=True)
    print()
    print(f"{'phrases':>10} {'load s':>7} {'MiB':>6} | {'(a) p50':>8} {'p95':>7} | {'(b) p50':>8} {'p95':>8} | "
          f"{'(c) p50':>8} {'p95':>7} | {'b/a p95':>8} {'c/a p95':>8} | recall")
    for row in rows:
        a, b, c = row["engine"], row["rapidfuzz"], row["scan"]
        print(
            f"{row['phrases']:>10,} {row['load']:>7.2f} {row['peak_mib']:>6.0f} | "
            f"{a['p50']:>6.2f}ms {a['p95']:>5.2f}ms | "
            f"{b['p50']:>6.0f}ms {b['p95']:>6.0f}ms | {c['p50']:>6.1f}ms {c['p95']:>5.1f}ms | "
            f"{b['p95'] / a['p95']:>7.0f}× {c['p95'] / a['p95']:>7.1f}× | {row['recall']:.1%} of {row['scan_hits']:,}"
        )
    print(f"(b) timed on {rows[-1]['rapidfuzz_queries']} of the {len(QUERIES)} queries; (a) and (c) on all; "
          "latencies in milliseconds.")


if __name__ == "__main__":
    main()
