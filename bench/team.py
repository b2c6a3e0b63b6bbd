"""The team bank at scale: syncing a replica from the server, and searching the replica against a local bank.

A throwaway PostgreSQL 16 (`pgserver`, in a temporary folder) holds a team bank (`tigang team init`
without the seeds). Writer A mines a generated archive of mostly distinct sentences
(`bench/archive_text.py`) into it with `tigang mine --bank URL`; the same files go into a local bank
file with `tigang mine --bank FILE`. Replica B (another `TIGANG_HOME`, a reader's role) copies the
bank once. Then, each round, A mines new documents until at least `--new-phrases` phrases are new on
the server (counted there), and B syncs them in a fresh process: `TeamBank.sync()` — connecting,
reading the change log's phrases, documents, paragraphs and sources in one snapshot, writing them
into the replica in one transaction, and bringing B's search index and variant groups along. The
local bank mines the same files, so after the rounds both banks hold the same documents.

Prints, from one run:
- mining the first N documents into the team bank (A's replica kept current after each batch,
  as `tigang mine` does) against into a local bank: characters/s, the ratio, peak memory;
- B's first sync (a full copy) and each round's sync: phrases new on the server, phrases the sync
  touched, seconds, phrases/s; best and median of the rounds, where the time goes (the server's
  rows as they stream in, the replica's writes, the index and variant groups, connecting and
  opening), and the peak memory of the syncing process;
- search latency on B's replica against the local bank, interleaved query by query (each query's
  best of 3 on each): `bench/search.py`'s queries plus substrings of the bank's own phrases; p50,
  p95, their ratios, and how many queries found the same phrases in both;
- the replica's size (file and index folder) against the local bank's.
Goals: syncing 10,000 new phrases ≤ 5 s; replica search p50 and p95 within 1.2× of the local bank's.

    python bench/team.py [--docs 200] [--new-phrases 10000] [--rounds 3] [--quick]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.archive_text import ArchiveWriter  # noqa: E402
from bench.measure import summary  # noqa: E402
from bench.search import QUERIES  # noqa: E402

DATABASE = "tigang_bench"
READER = "replica_b"
"""Replica B's role: a reader, as most of an office is."""
SAMPLED_QUERIES = 40
"""Substrings of the bank's own phrases, added to `bench/search.py`'s queries."""
REPEAT = 3
GOAL_SECONDS, GOAL_PHRASES, GOAL_RATIO = 5.0, 10_000, 1.2

SYNC = r"""
import json, sys, time
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from phrasebank.bank.opening import create_bank, open_existing
from phrasebank.team import bank as team_bank
from phrasebank.team import sync as team_sync
from phrasebank.team.opening import replica_path
from phrasebank.team.urls import TeamUrl

url = TeamUrl.parse(sys.argv[1])
parts = {"fetch": 0.0, "sync": 0.0, "index": 0.0}

def timed(name, function):
    def wrapper(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            parts[name] += time.perf_counter() - begun
    return wrapper

def streamed(function):
    def wrapper(*args, **kwargs):  # the server's rows: the wait for each as it is read
        rows = function(*args, **kwargs)
        while True:
            begun = time.perf_counter()
            try:
                row = next(rows)
            except StopIteration:
                return
            finally:
                parts["fetch"] += time.perf_counter() - begun
            yield row
    return wrapper

def kib(field):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field))

def copied(function):
    def wrapper(*args, **kwargs):
        result = function(*args, **kwargs)
        parts["peak_copy"] = kib("VmHWM")  # the peak before the index is brought along
        return result
    return wrapper

team_sync._stream = streamed(team_sync._stream)
team_sync.sync = timed("sync", copied(team_sync.sync))
team_bank.update = timed("index", team_bank.update)

path = replica_path(url)
replica = open_existing(path, write=True) if path.exists() else create_bank(path)
bank = team_bank.TeamBank(path, replica.db, url)
try:
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # the peak so far (imports, opening) is reset to what is resident now
except OSError:
    pass
before = kib("VmRSS")
begun = time.perf_counter()
result = bank.sync()
seconds = time.perf_counter() - begun
assert result is not None, "the server was away"
peak = kib("VmHWM")
bank.close()
print(json.dumps({"seconds": seconds, "phrases": result.phrases, "documents": result.documents,
                  "full": result.full, "rss_before": before, "peak": peak, **parts}))
"""
"""Runs in a fresh process: replica B's `TeamBank.sync()`, timed whole and by part."""


@dataclass
class Cluster:
    """A throwaway PostgreSQL cluster in `folder` (its local endpoint sits in the folder too)."""

    folder: Path

    def url(self, role: str = "postgres", database: str = DATABASE) -> str:
        return f"postgresql://{role}@/{database}?host={self.folder}"

    def stop(self) -> None:
        """A fast shutdown, as `pg_ctl stop` does by default; waits until it is down."""
        pid_file = self.folder / "postmaster.pid"
        if not pid_file.exists():
            return
        os.kill(int(pid_file.read_text().split()[0]), signal.SIGINT)
        for _ in range(400):
            if not pid_file.exists():
                return
            time.sleep(0.05)
        print(f"PostgreSQL in {self.folder} did not stop", file=sys.stderr)


@contextmanager
def cluster_in(folder: Path) -> Iterator[Cluster]:
    """A cluster started in `folder` (a short path: the endpoint's name must fit 107 bytes), stopped at
    the end whatever happens."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR on a bare machine
        import pgserver

        pgserver.get_server(folder, cleanup_mode=None)
    cluster = Cluster(folder)
    try:
        yield cluster
    finally:
        cluster.stop()


@dataclass
class Round:
    """One round: what writer A added, and replica B's sync of it."""

    documents: int
    new_phrases: int
    sync: dict[str, Any]

    @property
    def seconds(self) -> float:
        return float(self.sync["seconds"])


def environment(home: Path) -> dict[str, str]:
    """This checkout importable first, and `home` as the writer's tigang home."""
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "TIGANG_HOME": str(home),
            "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}


def run_child(command: list[str], home: Path) -> tuple[str, float, int, int]:
    """Run `command` as the writer whose home is `home`; (its output, wall seconds, peak KiB of it, peak KiB
    of its largest child), as `bench.measure.run_with_peak` but watched from here: interrupted (Ctrl-C, an
    error), the command is interrupted too and waited for, so no process of ours is left writing into the
    temporary folder or to the server once they are removed."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=output, stderr=errors, env=environment(home))
        main_peak = worker_peak = 0
        try:
            while process.poll() is None:
                main_peak = max(main_peak, _peak_kib(process.pid))
                for child in _children(process.pid):
                    worker_peak = max(worker_peak, _peak_kib(child))
                time.sleep(0.02)
        except BaseException:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)  # tigang stops as on Ctrl-C: its workers with it
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            raise
        seconds = time.perf_counter() - started
        output.seek(0)
        errors.seek(0)
        if process.returncode != 0:
            sys.exit(f"{' '.join(command[:4])} … failed:\n{errors.read().decode(errors='replace')}")
        return output.read().decode(), seconds, main_peak, worker_peak


def _peak_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    except (OSError, StopIteration):
        return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(child) for child in handle.read().split()]
    except OSError:
        return []


def tigang(home: Path, *arguments: str) -> tuple[float, int, int]:
    """Run one `tigang` command as the writer whose home is `home`; (seconds, peak KiB, of its largest worker)."""
    _, seconds, main_peak, worker_peak = run_child([sys.executable, "-m", "phrasebank", *arguments], home)
    return seconds, main_peak, worker_peak


def sync_replica(home: Path, url: str) -> dict[str, Any]:
    """Replica B's sync, in a fresh process; its figures (see `SYNC`)."""
    output, *_ = run_child([sys.executable, "-c", SYNC, url, str(ROOT)], home)
    return dict(json.loads(output))


def server_phrases(url: str) -> int:
    """How many phrases the team bank holds, as the server counts them."""
    import psycopg

    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT count(*) FROM tigang.phrases").fetchone()
    return int(row[0]) if row else 0


def local_chars(bank_path: Path) -> int:
    with sqlite3.connect(bank_path) as db:
        return int(db.execute("SELECT COALESCE(sum(chars), 0) FROM documents").fetchone()[0])


def add_round(writer: ArchiveWriter, folder: Path, start: int, wanted: int, per_document: float, home_a: Path,
              url_a: str, local: Path) -> tuple[int, int]:
    """Writer A mines new documents (numbered from `start`) into the team bank until `wanted` phrases
    are new on the server; the local bank mines the same files. (documents, new phrases)."""
    before = server_phrases(url_a)
    added = 0
    chunk = 0
    while (new := server_phrases(url_a) - before) < wanted:
        count = max(2, math.ceil((wanted - new) / per_document * 1.05))
        files = folder / f"chunk{chunk}"
        writer.write(files, count, start=start + added)
        tigang(home_a, "mine", str(files), "--bank", url_a)
        tigang(home_a, "mine", str(files), "--bank", str(local))
        added += count
        chunk += 1
    return added, new


def folder_bytes(path: Path) -> int:
    """Bytes of a file with its SQLite sidecars, or of everything in a folder."""
    if path.is_dir():
        return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())
    return sum(item.stat().st_size for item in (path, path.with_name(path.name + "-wal")) if item.exists())


def queries_of(bank_path: Path) -> list[str]:
    """`bench/search.py`'s queries, then substrings (2–6 characters) of phrases sampled from the bank."""
    with sqlite3.connect(bank_path) as db:
        texts = sorted({str(row[0]) for row in db.execute("SELECT text FROM phrases")})
    rng = random.Random(17)
    sampled = []
    for text in rng.sample(texts, min(SAMPLED_QUERIES, len(texts))):
        length = min(len(text), rng.randint(2, 6))
        start = rng.randrange(len(text) - length + 1)
        sampled.append(text[start : start + length])
    return [*QUERIES, *sampled]


def compare_search(url_b: str, home_b: Path, local: Path) -> dict[str, Any]:
    """p50/p95 on replica B's index and the local bank's, timed query by query in turns (each query's
    best of `REPEAT` on each, which goes first alternating); and how many queries found the same phrases."""
    from phrasebank.bank.indexing import search_index
    from phrasebank.bank.lifecycle import open_bank
    from phrasebank.team.opening import open_team_bank
    from phrasebank.team.urls import TeamUrl

    os.environ["TIGANG_HOME"] = str(home_b)
    queries = queries_of(local)
    with open_team_bank(TeamUrl.parse(url_b)) as replica, open_bank(local) as bank:
        indexes = {"replica": search_index(replica), "local": search_index(bank)}
        counts = {"replica": replica.phrase_count(), "local": bank.phrase_count()}
        segments = {name: len(index.view.phrases) for name, index in indexes.items()}
        for index in indexes.values():
            for query in queries[:3]:
                index.search(query, limit=20)
        times: dict[str, list[float]] = {name: [] for name in indexes}
        same = 0
        for number, query in enumerate(queries):
            order = list(indexes) if number % 2 == 0 else list(reversed(indexes))
            best = dict.fromkeys(indexes, float("inf"))
            found: dict[str, set[tuple[str, str]]] = {}
            for _ in range(REPEAT):
                for name in order:
                    begun = time.perf_counter()
                    hits = indexes[name].search(query, limit=20)
                    best[name] = min(best[name], (time.perf_counter() - begun) * 1000)
                    found[name] = {(hit.kind, hit.text) for hit in hits}
            for name in indexes:
                times[name].append(best[name])
            same += found["replica"] == found["local"]
    return {"replica": summary(times["replica"]), "local": summary(times["local"]), "queries": len(queries),
            "same": same, "counts": counts, "segments": segments}


def run(args: argparse.Namespace, temp: Path, cluster: Cluster) -> list[tuple[str, str, str]]:
    """The whole measurement; the table's rows (what, result, goal)."""
    import psycopg

    from phrasebank.team.schema import grant, init_bank
    from phrasebank.team.urls import TeamUrl

    with psycopg.connect(cluster.url(database="postgres"), autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {DATABASE}")
    url_a, url_b = cluster.url(), cluster.url(READER)
    init_bank(TeamUrl.parse(url_a), seeds=False)
    grant(TeamUrl.parse(url_a), READER, "reader")
    home_a, home_b = temp / "home-a", temp / "home-b"
    local = temp / "local.sqlite"
    writer = ArchiveWriter()

    generating = time.perf_counter()
    archive = temp / "archive"
    writer.write(archive, args.docs)
    print(f"archive: {args.docs:,} documents generated in {time.perf_counter() - generating:.0f} s", flush=True)
    local_seconds, local_kib, local_worker_kib = tigang(home_a, "mine", str(archive), "--bank", str(local))
    team_seconds, team_kib, team_worker_kib = tigang(home_a, "mine", str(archive), "--bank", url_a)
    chars = local_chars(local)
    first_phrases = server_phrases(url_a)
    print(f"  mined {chars:,} characters, {first_phrases:,} phrases: local {local_seconds:.1f} s, "
          f"team {team_seconds:.1f} s", flush=True)

    first = sync_replica(home_b, url_b)
    print(f"  replica B's first sync: {first['phrases']:,} phrases in {first['seconds']:.2f} s", flush=True)

    rounds: list[Round] = []
    next_document = args.docs
    for number in range(args.rounds):
        documents, new = add_round(writer, temp / f"round{number}", next_document, args.new_phrases,
                                   first_phrases / args.docs, home_a, url_a, local)
        next_document += documents
        rounds.append(Round(documents, new, sync_replica(home_b, url_b)))
        print(f"  round {number + 1}: +{new:,} phrases ({documents} documents), "
              f"synced in {rounds[-1].seconds:.2f} s", flush=True)

    search = compare_search(url_b, home_b, local)
    from phrasebank.team.opening import replica_path

    replica = replica_path(TeamUrl.parse(url_b))  # B's home, set by `compare_search`
    sizes = {name: (folder_bytes(path), folder_bytes(path.with_name(path.name + ".index")))
             for name, path in (("replica", replica), ("local", local))}
    return table(args, chars, (local_seconds, local_kib, local_worker_kib), (team_seconds, team_kib, team_worker_kib),
                 first_phrases, first, rounds, search, sizes)


def table(args: argparse.Namespace, chars: int, local: tuple[float, int, int], team: tuple[float, int, int],
          first_phrases: int, first: dict[str, Any], rounds: list[Round], search: dict[str, Any],
          sizes: dict[str, tuple[int, int]]) -> list[tuple[str, str, str]]:
    def mib(kib: float) -> str:
        return f"{kib / 1024:,.0f} MiB"

    def split(sync: dict[str, Any]) -> str:
        rest = sync["seconds"] - sync["sync"] - sync["index"]
        return (f"fetch {sync['fetch']:.2f} + replica writes {sync['sync'] - sync['fetch']:.2f} + "
                f"index {sync['index']:.2f} + connect/open {rest:.2f} s")

    median = sorted(rounds, key=lambda r: r.seconds)[(len(rounds) - 1) // 2]
    best = min(rounds, key=lambda r: r.seconds)
    per_goal = GOAL_SECONDS * args.new_phrases / GOAL_PHRASES
    goal = f"≤ {per_goal:g} s" + ("" if args.new_phrases == GOAL_PHRASES else f" (5 s per {GOAL_PHRASES:,})")
    replica, local_search = search["replica"], search["local"]
    counts, segments = search["counts"], search["segments"]
    replica_bytes, local_bytes = sum(sizes["replica"]), sum(sizes["local"])
    return [
        ("archive", f"{args.docs:,} documents, {chars:,} characters, {first_phrases:,} phrases", ""),
        ("mine into a local bank", f"{chars / local[0]:,.0f} chars/s ({local[0]:.1f} s)", ""),
        ("mine into the team bank (writer A)", f"{chars / team[0]:,.0f} chars/s ({team[0]:.1f} s)", ""),
        ("ratio team / local (time)", f"{team[0] / local[0]:.2f}×", ""),
        ("peak memory, local / team mine", f"{mib(local[1])} / {mib(team[1])} (workers {mib(local[2])} / "
         f"{mib(team[2])})", ""),
        ("replica B, first sync (full copy)", f"{first['phrases']:,} phrases, {first['documents']:,} documents, "
         f"{first['seconds']:.2f} s", ""),
        *[row for number, r in enumerate(rounds, 1) for row in (
            (f"sync round {number}", f"+{r.new_phrases:,} new ({r.documents} docs), {r.sync['phrases']:,} phrases "
             f"synced, {r.seconds:.2f} s, {r.sync['phrases'] / r.seconds:,.0f} phrases/s", goal),
            ("  where the time goes", split(r.sync), ""),
            ("  peak memory of the syncing process", f"{mib(r.sync['peak'])} ({mib(r.sync['rss_before'])} before, "
             f"{mib(r.sync['peak_copy'])} after the copy, before the index)", ""))],
        ("sync, best / median", f"{best.seconds:.2f} / {median.seconds:.2f} s", goal),
        ("phrases: replica / local", f"{counts['replica']:,} / {counts['local']:,} "
         f"(index segments {segments['replica']} / {segments['local']})", ""),
        ("search p50 / p95, replica B", f"{replica['p50']:.2f} / {replica['p95']:.2f} ms", ""),
        ("search p50 / p95, local bank", f"{local_search['p50']:.2f} / {local_search['p95']:.2f} ms", ""),
        ("ratio replica / local, p50 / p95", f"{replica['p50'] / local_search['p50']:.2f}× / "
         f"{replica['p95'] / local_search['p95']:.2f}×", f"≤ {GOAL_RATIO}×"),
        ("  same phrases found", f"{search['same']} of {search['queries']} queries", ""),
        ("size, replica (file + index)", f"{replica_bytes / 2**20:,.1f} MiB ({sizes['replica'][0] / 2**20:,.1f} + "
         f"{sizes['replica'][1] / 2**20:,.1f})", ""),
        ("size, local bank (file + index)", f"{local_bytes / 2**20:,.1f} MiB ({sizes['local'][0] / 2**20:,.1f} + "
         f"{sizes['local'][1] / 2**20:,.1f})", ""),
        ("ratio replica / local (size)", f"{replica_bytes / local_bytes:.2f}×", ""),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, help="documents mined before the first sync (200)")
    parser.add_argument("--new-phrases", type=int, help=f"phrases new on the server per round ({GOAL_PHRASES:,})")
    parser.add_argument("--rounds", type=int, help="rounds of additions and syncs (3)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 20 documents, 1,000 phrases, 1 round")
    args = parser.parse_args()
    for name, full, quick in (("docs", 200, 20), ("new_phrases", GOAL_PHRASES, 1_000), ("rounds", 3, 1)):
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the cluster is stopped and the folder removed
    started = time.perf_counter()
    temp = Path(tempfile.mkdtemp(prefix="tigang-team-", dir="/tmp"))
    try:
        pg = temp / f"pg-{uuid.uuid4().hex[:6]}"
        pg.mkdir()
        with cluster_in(pg) as cluster:
            rows = run(args, temp, cluster)
    except KeyboardInterrupt:
        sys.exit("interrupted: the cluster was stopped and the temporary folder removed")
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    print()
    width, result_width = (max(len(row[column]) for row in rows) for column in (0, 1))
    for name, result, goal in rows:
        print(f"{name:<{width}}  {result:<{result_width}}  {goal}".rstrip())
    print(f"({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
