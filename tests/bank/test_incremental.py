"""Incremental upkeep equals a rebuild: after any sequence of adds, replaces, forgets, stars and hides,
the index kept current from the change log answers every search exactly as an index built from
scratch, and the variant groups kept current are exactly those of grouping the whole bank (headed by
a starred member, never by a hidden one while another is not)."""
from __future__ import annotations

import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from helpers import SEED_000, SEED_002
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phrasebank.bank.indexing import refresh
from phrasebank.bank.lifecycle import create_bank, open_bank
from phrasebank.bank.store import Bank
from phrasebank.mining.pipeline import MinedDocument, mine_text
from phrasebank.mining.tokens import cut
from phrasebank.mining.variants import group_variants
from phrasebank.search.pinyin import syllable_prefixes
from phrasebank.search.query import SearchIndex, normalise
from phrasebank.search.segment import sentences_of
from phrasebank.search.view import IndexView

SLOTS = 6
QUERIES = [
    "", "人大", "代表", "监督", "人大代表", "代表联络站", "依法履职", "民有所呼", "监督效", "两个维户", "jiandu",
    "rddb", "zz机关", "代表 工作", "高质量发展", "哒哒素材库",
]


def _one_word_changed(text: str) -> str:
    """Every sentence with one word swapped for another: near-duplicates of the original's sentences."""
    def change(sentence: str) -> str:
        words = cut(sentence)
        spots = [i for i, word in enumerate(words) if len(word) == 2 and re.fullmatch(r"[\u4e00-\u9fff]+", word)]
        if spots:
            words[spots[len(spots) // 2]] = "推进" if words[spots[len(spots) // 2]] != "推进" else "加强"
        return "".join(words)

    return "\n".join("".join(change(s) for s in re.findall(r"[^。！？]+[。！？]?", line)) for line in text.splitlines())


@cache
def version(slot: int, which: int) -> MinedDocument:
    """Version `which` (0 or 1) of the document in `slot`, mined once for the whole session. Odd slots
    start as near-duplicates of the slot before, so adding and forgetting them moves variant groups."""
    from bench.archive_text import ArchiveWriter

    writer = ArchiveWriter(seed=7)
    if which == 0 and slot % 2:
        text = _one_word_changed(writer.document(slot - 1, target=1500))
    else:
        text = writer.document(slot + 100 * which, target=1500)
    return mine_text(text, f"/archive/slot{slot}.txt", f"slot{slot}.txt")


@cache
def seed(path: Path) -> MinedDocument:
    return mine_text(path.read_text(encoding="utf-8"), f"seed:{path.name}", path.name)


def rebuilt(bank: Bank) -> SearchIndex:
    """An index of the bank built from scratch, in memory."""
    return SearchIndex(IndexView.of_rows(bank.phrase_rows(), bank.paragraph_rows(), syllable_prefixes()))


def assert_same_as_rebuild(bank: Bank) -> None:
    kept = SearchIndex(refresh(bank))
    fresh = rebuilt(bank)
    long_query = next(text for _, _, _, text in sentences_of(bank.paragraph_rows()) if len(text) > 70) * 2
    for query in [*QUERIES, long_query]:
        for limit in (20, None):
            assert kept.search(query, limit=limit) == fresh.search(query, limit=limit), (query, limit)
        assert kept.search(query, limit=20, hidden=True) == fresh.search(query, limit=20, hidden=True), query
    assert kept.search("", kind="sentence", organ="代表机关") == fresh.search("", kind="sentence", organ="代表机关")
    for hidden in (False, True):  # the bank's list and the index's agree, starred first
        listed = [hit.phrase_id for hit in kept.search("", limit=None, hidden=hidden)]
        assert listed == [phrase.id for phrase in bank.phrases(hidden=hidden)]
    rows = bank.db.execute("SELECT id, kind, text, tokens, count, group_id, starred, hidden FROM phrases").fetchall()
    assert {row[0]: row[5] for row in rows if row[5] is not None} == curated_groups(rows)


def curated_groups(rows: list[tuple[int, str, str, str, int, int | None, int, int]]) -> dict[int, int]:
    """Grouping the whole bank, each group headed by its starred member first, a hidden one last."""
    members: dict[int, list[int]] = defaultdict(list)
    for member, head in group_variants([row[:5] for row in rows]).items():
        members[head].append(member)
    standing = {row[0]: (2 if row[7] else 0 if row[6] else 1, -row[4], len(row[2]), row[0]) for row in rows}
    return {member: head for group in members.values() for head in [min(group, key=standing.__getitem__)]
            for member in group}


def mark(bank: Bank, operation: str, choice: int) -> None:
    """Star, unstar, hide or unhide one phrase: one of a variant group or one holding a queried word,
    chosen by its key (so that a phrase mined again is chosen again)."""
    candidates = [row[0] for row in bank.db.execute(
        "SELECT id FROM phrases WHERE group_id IS NOT NULL OR text LIKE '%代表%' OR text LIKE '%监督%'"
        " OR starred OR hidden ORDER BY key")]
    if candidates:
        phrase_id = candidates[choice % len(candidates)]
        if operation in ("star", "unstar"):
            bank.set_starred(phrase_id, operation == "star")
        else:
            bank.set_hidden(phrase_id, operation == "hide")


STEPS = st.lists(st.one_of(st.tuples(st.sampled_from(["add", "replace", "forget"]), st.integers(0, SLOTS - 1)),
                           st.tuples(st.sampled_from(["star", "unstar", "hide", "unhide"]), st.integers(0, 400))),
                 min_size=1, max_size=9)


@settings(max_examples=16, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS)
def test_any_sequence_of_adds_replaces_forgets_stars_and_hides_searches_as_a_rebuild_would(
        steps: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder, create_bank(Path(folder) / "bank.sqlite") as bank:
        bank.store_documents([(seed(SEED_000), 0, 0.0), (seed(SEED_002), 0, 0.0)])
        refresh(bank)
        stored: dict[int, int] = {}
        for operation, slot in steps:
            if operation in ("star", "unstar", "hide", "unhide"):
                mark(bank, operation, slot)
            elif operation == "forget":
                if slot in stored:
                    bank.forget(f"/archive/slot{slot}.txt")
                    del stored[slot]
            else:
                which = 1 - stored.get(slot, 1) if operation == "replace" else stored.get(slot, 0)
                bank.store_document(version(slot, which))
                stored[slot] = which
            assert_same_as_rebuild(bank)


def test_a_near_duplicate_document_joins_and_leaves_variant_groups(tmp_path: Path) -> None:
    with create_bank(tmp_path / "bank.sqlite") as bank:
        bank.store_document(version(0, 0))
        refresh(bank)
        assert bank.db.execute("SELECT COUNT(*) FROM phrases WHERE group_id IS NOT NULL").fetchone()[0] == 0
        bank.store_document(version(1, 0))  # the same sentences, one word changed in each
        refresh(bank)
        grouped = bank.db.execute("SELECT COUNT(*) FROM phrases WHERE group_id IS NOT NULL").fetchone()[0]
        assert grouped >= 10
        assert_same_as_rebuild(bank)
        bank.forget("/archive/slot1.txt")
        refresh(bank)
        assert bank.db.execute("SELECT COUNT(*) FROM phrases WHERE group_id IS NOT NULL").fetchone()[0] == 0
        assert_same_as_rebuild(bank)


def test_a_hidden_head_gives_way_to_its_next_member_and_a_starred_variant_heads_its_group(tmp_path: Path) -> None:
    with create_bank(tmp_path / "bank.sqlite") as bank:
        bank.store_documents([(version(0, 0), 0, 0.0), (version(1, 0), 0, 0.0)])
        refresh(bank)
        head, second = next((head, second) for head, second, text in bank.db.execute(
            "SELECT g.id, v.id, g.text FROM phrases g JOIN phrases v ON v.group_id = g.id AND v.id != g.id"
            " WHERE g.group_id = g.id AND g.kind = 'sentence' ORDER BY g.id") if normalise(text) == text)
        entry = bank.get_phrase(head)
        assert entry is not None and second in [variant.id for variant in entry.variants]

        def entries(query: str, *, hidden: bool = False) -> list[int]:
            return [hit.phrase_id for hit in SearchIndex(refresh(bank)).search(query, limit=None, hidden=hidden)]

        assert head in entries(entry.text) and second not in entries(entry.text)
        bank.set_hidden(head)
        refresh(bank)
        assert bank.get_phrase(second).group_id == second  # the group is shown under its next member
        assert head not in entries(entry.text) and head not in [phrase.id for phrase in bank.phrases()]
        assert head in entries(entry.text, hidden=True)  # asked for: shown, as a hidden phrase
        listed = {phrase.id: phrase for phrase in bank.phrases(hidden=True)}
        assert listed[head].hidden and head in [variant.id for variant in listed[second].variants]
        assert head not in [variant.id for phrase in bank.phrases() for variant in phrase.variants]
        assert_same_as_rebuild(bank)
        bank.set_hidden(head, False)
        bank.set_starred(second)  # the writer's own wording heads its group, however rarely used
        refresh(bank)
        assert bank.get_phrase(head).group_id == second and bank.get_phrase(second).starred
        assert second in entries("") and head not in entries("")
        assert entries("")[0] == second  # starred first
        assert_same_as_rebuild(bank)


CRASHING_UPDATE = r"""
import os, sys
from pathlib import Path
import phrasebank.files.atomic
from phrasebank.bank.indexing import refresh
from phrasebank.bank.lifecycle import open_bank
from phrasebank.mining.pipeline import mine_text

bank_path, document, die_at = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
replaced = 0
real_replace = os.replace

def replace_then_die(source, target):
    global replaced
    replaced += 1
    if replaced == die_at:
        os._exit(9)  # as kill -9 would: no cleanup, no finally
    real_replace(source, target)

with open_bank(bank_path) as bank:
    bank.store_document(mine_text(document.read_text(encoding="utf-8"), "/archive/new.txt", "new.txt"))
    phrasebank.files.atomic.os.replace = replace_then_die  # the files of the index, from now on
    refresh(bank)
os._exit(0)
"""


def index_files_are_tidy(bank_path: Path) -> None:
    """The index folder holds only what its manifest names: no half-written or orphaned files."""
    import json

    folder = bank_path.with_name(bank_path.name + ".index")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    named = {ref["file"] for ref in [*manifest["phrases"], *manifest["sentences"]]}
    assert {path.name for path in folder.glob("*.seg")} == named
    assert not list(folder.glob(".*.tmp"))


@pytest.mark.parametrize("die_at", [1, 2, 3])
def test_a_process_killed_while_updating_the_index_leaves_bank_and_index_consistent(tmp_path: Path,
                                                                                    die_at: int) -> None:
    """Killed after a new segment is written but before it is in place (1), between the segments (2),
    and before the manifest naming them replaces the old one (3): the next open catches up exactly."""
    bank_path = tmp_path / "bank.sqlite"
    with create_bank(bank_path) as bank:
        bank.store_documents([(seed(SEED_000), 0, 0.0)])
        refresh(bank)
    crashed = subprocess.run([sys.executable, "-c", CRASHING_UPDATE, str(bank_path), str(SEED_002), str(die_at)],
                             capture_output=True, text=True)
    assert crashed.returncode == 9, crashed.stderr
    with open_bank(bank_path) as bank:  # opening brings groups and index up to date
        assert len(bank.documents()) == 2
        assert any(hit.kind == "paragraph" for hit in SearchIndex(refresh(bank)).search("民有所呼"))
        assert_same_as_rebuild(bank)
    index_files_are_tidy(bank_path)


def test_tigang_mine_killed_at_any_moment_leaves_bank_and_index_consistent(tmp_path: Path) -> None:
    from bench.archive_text import ArchiveWriter

    folder = tmp_path / "archive"
    ArchiveWriter(seed=11).write(folder, 24)
    bank_path = tmp_path / "bank.sqlite"
    command = [sys.executable, "-m", "phrasebank", "mine", str(folder), "--bank", str(bank_path)]
    with create_bank(bank_path) as bank:
        bank.store_documents([(seed(SEED_000), 0, 0.0)])
        refresh(bank)
    for delay in (0.6, 1.2):  # early: while mining; later: often while storing, grouping or indexing
        mining = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        mining.send_signal(signal.SIGKILL)
        mining.wait()
        with open_bank(bank_path) as bank:
            assert_same_as_rebuild(bank)
    finished = subprocess.run(command, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    with open_bank(bank_path) as bank:
        assert len(bank.documents()) == 25
        assert_same_as_rebuild(bank)
    index_files_are_tidy(bank_path)


def test_a_document_stored_while_a_first_index_is_built_is_caught_up_with_next(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A first build reads sentences while it regroups and phrases after: another writer storing a
    document in between leaves the index caught up only with the regrouping, so the next catch-up
    builds that document's sentences and phrases — nothing is missing, nothing is doubled."""
    import json
    from contextlib import contextmanager

    import phrasebank.bank.indexing as indexing
    from phrasebank.bank.changes import change_seq

    bank_path = tmp_path / "bank.sqlite"
    real_snapshot = indexing.read_snapshot
    others: list[int] = []

    @contextmanager
    def snapshot_after_another_writer(db):  # type: ignore[no-untyped-def]
        if not others:  # the first snapshot the update takes: just after the regrouping committed
            with open_bank(bank_path) as other:
                other.store_document(seed(SEED_002))
                others.append(change_seq(other.db))
        with real_snapshot(db):
            yield

    real_rebuild = indexing._rebuild_while_regrouping
    built_at: list[int] = []

    def rebuild_and_look(bank: Bank) -> None:
        real_rebuild(bank)
        manifest = json.loads((bank_path.with_name("bank.sqlite.index") / "manifest.json").read_text())
        built_at.append(manifest["seq"])

    with create_bank(bank_path) as bank:
        bank.store_documents([(seed(SEED_000), 0, 0.0)])
        monkeypatch.setattr(indexing, "read_snapshot", snapshot_after_another_writer)
        monkeypatch.setattr(indexing, "_rebuild_while_regrouping", rebuild_and_look)
        indexing.update(bank)
        monkeypatch.setattr(indexing, "read_snapshot", real_snapshot)
        assert others and built_at, "the first build took no snapshot after regrouping"
        assert built_at[0] < others[0]  # said caught up only with the regrouping, not with the other's document
        assert any(hit.kind == "paragraph" for hit in SearchIndex(refresh(bank)).search("民有所呼"))
        assert_same_as_rebuild(bank)
    index_files_are_tidy(bank_path)


def test_a_first_build_never_holds_the_index_while_it_waits_for_the_bank(tmp_path: Path) -> None:
    """Another writer holding the bank's write lock may want the index folder's lock next (a regrouping
    that reads the index does): the first build must wait for the bank without holding the folder, or
    the two wait for each other for ever."""
    import fcntl
    import threading

    import phrasebank.bank.indexing as indexing
    from phrasebank.bank.schema import connect, use_pragmas, write_transaction

    bank_path = tmp_path / "bank.sqlite"
    holding, outcome = threading.Event(), []

    def other_writer() -> None:
        other = connect(bank_path)  # not open_bank: opening would bring the index up to date itself
        use_pragmas(other)
        with write_transaction(other):
            holding.set()
            time.sleep(0.3)  # the first build has started waiting by now
            folder = indexing.index_path(bank_path)
            folder.mkdir(exist_ok=True)
            with (folder / "lock").open("a+b") as handle:
                for _ in range(100):  # as a regrouping would take it, but giving up after 5 s
                    try:
                        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                        outcome.append("got the folder")
                        break
                    except BlockingIOError:
                        time.sleep(0.05)
                else:
                    outcome.append("the folder was held by a process waiting for the bank")
        other.close()

    with create_bank(bank_path) as bank:
        bank.store_documents([(seed(SEED_000), 0, 0.0)])
        thread = threading.Thread(target=other_writer)
        thread.start()
        holding.wait()
        indexing.update(bank)
        thread.join()
        assert outcome == ["got the folder"]
        assert_same_as_rebuild(bank)
