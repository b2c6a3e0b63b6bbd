"""The bank file: built-in bank lifecycle, incremental re-mining, forgetting, variants, interruption."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import SEED_000, SEED_004

from phrasebank import mining
from phrasebank.bank.ingest import mine_paths
from phrasebank.bank.lifecycle import open_bank
from phrasebank.errors import TigangError


def copy_seed(seed: Path, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or seed.name)
    target.write_bytes(seed.read_bytes())
    return target


def totals(bank) -> tuple[int, int]:
    """(sum of phrase counts, number of source rows): equal in a consistent bank."""
    return (
        bank.db.execute("SELECT COALESCE(SUM(count), 0) FROM phrases").fetchone()[0],
        bank.db.execute("SELECT COUNT(*) FROM sources").fetchone()[0],
    )


def test_builtin_bank_is_built_once_into_the_user_data_dir(isolated_home: Path) -> None:
    with open_bank(None) as bank:
        assert bank.path == isolated_home / "data" / "bank.sqlite"
        documents = bank.documents()
        assert [doc.name[:3] for doc in documents] == ["000", "001", "002", "003", "004"]
        assert all(doc.builtin for doc in documents)
        first_mined = [doc.mined_at for doc in documents]
    with open_bank(None) as bank:
        assert [doc.mined_at for doc in bank.documents()] == first_mined


def test_new_mining_version_rebuilds_and_keeps_user_documents(isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = copy_seed(SEED_004, tmp_path / "mine", "我的发言.txt")
    with open_bank(None) as bank:
        mine_paths(bank, [own])
        before = {doc.name for doc in bank.documents()}
        formula_count = {p.text: p.count for p in bank.phrases(kind="formula")}["三联三助"]
    monkeypatch.setattr(mining, "MINING_VERSION", mining.MINING_VERSION + 1)
    own.unlink()  # the rebuild must not need the original file
    with open_bank(None) as bank:
        assert bank.meta("mining_version") == str(mining.MINING_VERSION)
        assert {doc.name for doc in bank.documents()} == before
        assert {p.text: p.count for p in bank.phrases(kind="formula")}["三联三助"] == formula_count


def test_remining_unchanged_adds_nothing_and_a_changed_file_replaces_its_phrases(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    path = copy_seed(SEED_000, folder, "发言.txt")
    with open_bank(tmp_path / "bank.sqlite", create=True) as bank:
        first = mine_paths(bank, [folder])
        assert (first.added, first.unchanged) == (1, 0)
        snapshot = totals(bank)
        again = mine_paths(bank, [folder])
        assert (again.added, again.replaced, again.unchanged) == (0, 0, 1)
        assert totals(bank) == snapshot
        path.write_text(path.read_text(encoding="utf-8").replace("动员部署勇争先", "动员部署勇当先"), encoding="utf-8")
        changed = mine_paths(bank, [folder])
        assert changed.replaced == 1
        points = {p.text for p in bank.phrases(kind="point")}
        assert "动员部署勇当先" in points and "动员部署勇争先" not in points
        assert len(bank.documents()) == 1
        assert totals(bank)[0] == totals(bank)[1]


def test_forget_removes_a_document_and_only_its_phrases(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    copy_seed(SEED_000, folder)
    copy_seed(SEED_004, folder)
    with open_bank(tmp_path / "bank.sqlite", create=True) as bank:
        mine_paths(bank, [folder])
        shared_before = {p.text: p.count for p in bank.phrases(kind="formula")}["四个机关"]
        forgotten = bank.forget(SEED_004.name)
        assert forgotten.name == SEED_004.name
        formulas = {p.text: p.count for p in bank.phrases(kind="formula")}
        assert "三联三助" not in formulas
        assert formulas["四个机关"] == shared_before - SEED_004.read_text(encoding="utf-8").count("四个机关")
        assert totals(bank)[0] == totals(bank)[1]
        with pytest.raises(TigangError):
            bank.forget("no-such.txt")


def test_near_duplicates_are_grouped_as_variants(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("一、加强政治建设\n要始终坚持把学习贯彻新时代中国特色社会主义思想作为首要政治任务。认真落实。\n", encoding="utf-8")
    (folder / "b.txt").write_text("一、加强政治建设\n要始终坚持把学习贯彻新时代中国特色社会主义思想作为重大政治任务。认真落实。\n", encoding="utf-8")
    (folder / "c.txt").write_text("一、加强政治建设\n要始终坚持把学习贯彻新时代中国特色社会主义思想作为首要政治任务。狠抓落实。\n", encoding="utf-8")
    with open_bank(tmp_path / "bank.sqlite", create=True) as bank:
        mine_paths(bank, [folder])
        listed = [p for p in bank.phrases(kind="sentence") if "政治任务" in p.text]
        assert len(listed) == 1
        entry = listed[0]
        assert entry.text == "要始终坚持把学习贯彻新时代中国特色社会主义思想作为首要政治任务。" and entry.count == 2
        assert [v.text for v in entry.variants] == ["要始终坚持把学习贯彻新时代中国特色社会主义思想作为重大政治任务。"]


def test_interrupted_mining_leaves_a_consistent_bank(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    for index, seed in enumerate([SEED_000, SEED_004, SEED_000, SEED_004]):
        copy_seed(seed, folder, f"{index}.txt")
    calls = []

    def interrupt_after_two(done: int, total: int, current: str) -> None:
        calls.append(done)
        if done == 2:
            raise KeyboardInterrupt

    with open_bank(tmp_path / "bank.sqlite", create=True) as bank:
        report = mine_paths(bank, [folder], progress=interrupt_after_two, workers=1)
        assert report.interrupted and report.added == 2
        assert len(bank.documents()) == 2
        assert totals(bank)[0] == totals(bank)[1]
        resumed = mine_paths(bank, [folder], workers=1)
        assert (resumed.added, resumed.unchanged) == (2, 2)


def interrupt_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every document write is interrupted half-way: its phrases stored, before its change log."""
    import phrasebank.bank.writing

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(phrasebank.bank.writing, "log_phrases", interrupted)


def test_a_failure_inside_a_document_write_rolls_it_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "docs"
    copy_seed(SEED_000, folder)
    with open_bank(tmp_path / "bank.sqlite", create=True) as bank:
        interrupt_writes(monkeypatch)
        with pytest.raises(KeyboardInterrupt):  # the batch fails, and so does storing it after the Ctrl-C
            mine_paths(bank, [folder])
        assert bank.documents() == [] and totals(bank) == (0, 0)
        assert bank.db.execute("SELECT COUNT(*) FROM changes").fetchone()[0] == 0


def test_opening_something_that_is_not_a_bank_is_a_clear_error(tmp_path: Path) -> None:
    not_a_bank = tmp_path / "notes.sqlite"
    not_a_bank.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(TigangError, match="不是 tigang 题库"):
        open_bank(not_a_bank)
    other_db = tmp_path / "other.sqlite"
    sqlite3.connect(other_db).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(TigangError, match="不是 tigang 题库"):
        open_bank(other_db)
    with pytest.raises(TigangError, match="找不到题库"):
        open_bank(tmp_path / "missing.sqlite")


def test_after_a_rolled_back_write_the_same_bank_object_keeps_working(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "docs"
    copy_seed(SEED_000, folder)
    with open_bank(tmp_path / "bank.sqlite", create=True) as bank:
        with monkeypatch.context() as patch:
            interrupt_writes(patch)
            with pytest.raises(KeyboardInterrupt):
                mine_paths(bank, [folder])
        again = mine_paths(bank, [folder])
        assert again.added == 1 and not again.interrupted
        assert totals(bank)[0] == totals(bank)[1] > 0
