"""The bank file when things go wrong: two writers at once, a newer tigang's bank, upgrades with a
backup, read-only places, permission and disk errors, a failed create, a damaged bank, a full disk.

Real SQLite files throughout; real processes where the fault is between processes (two `tigang
mine` at once) or in the kernel (a file size limit standing in for a full disk; as root, a process
without the capabilities that let root ignore permissions)."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from helpers import SEED_000, SEED_004

from phrasebank import mining
from phrasebank.bank import schema
from phrasebank.bank.backups import KEPT, backups_of, make_backup
from phrasebank.bank.changes import change_seq
from phrasebank.bank.indexing import current_view, index_path, update
from phrasebank.bank.lifecycle import builtin_bank_path, open_bank
from phrasebank.bank.schema import SCHEMA_VERSION
from phrasebank.mining.pipeline import MinedDocument, mine_text
from phrasebank.mining.variants import group_variants
from phrasebank.search.index import IndexFolder
from phrasebank.search.pinyin import syllable_prefixes
from phrasebank.search.query import SearchIndex
from phrasebank.search.view import IndexView

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOT_A_BANK = "不是 tigang 题库"
QUERIES = ["", "人大", "代表", "监督", "人大代表", "依法履职", "jiandu", "rddb", "代表 工作", "高质量发展"]


@cache
def mined(seed: Path, name: str | None = None) -> MinedDocument:
    text = seed.read_text(encoding="utf-8")
    return mine_text(text, f"/材料/{name or seed.name}", name or seed.name)


def make_bank(path: Path, *seeds: Path) -> Path:
    """A bank at `path` holding the given seed documents (SEED_004 when none are given), its groups and
    index up to date."""
    with open_bank(path, create=True) as bank:
        bank.store_documents([(mined(seed), 0, 0.0) for seed in seeds or (SEED_004,)])
        update(bank)
    return path


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def set_meta(path: Path, **values: int) -> None:
    with sqlite3.connect(path) as connection:
        for key, value in values.items():
            connection.execute("UPDATE meta SET value = ? WHERE key = ?", (str(value), key))
    connection.close()


def one_line_error(result: Any, *words: str) -> str:
    """The error of a failed run (in this process or another): exit code 1, one line on stderr, no
    traceback, containing `words`."""
    if isinstance(result, subprocess.CompletedProcess):
        code, err = result.returncode, result.stderr
    else:
        code, err = result.code, result.err
    assert code == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    for word in words:
        assert word in lines[0], lines[0]
    return str(lines[0])


@pytest.fixture
def restore_modes() -> Iterator[Callable[[Path, int], None]]:
    """chmod that is undone after the test (so the temporary folder can be cleaned up)."""
    changed: list[tuple[Path, int]] = []

    def chmod(path: Path, mode: int) -> None:
        changed.append((path, path.stat().st_mode & 0o777))
        path.chmod(mode)

    yield chmod
    for path, mode in reversed(changed):
        path.chmod(mode)


def tigang(*args: str | Path, home: Path, file_limit: int | None = None,
           unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    """`tigang ARGS` in a process of its own: with `file_limit`, no file may grow past that many bytes
    (writes fail as on a full disk); with `unprivileged`, root runs without the capabilities that let
    it ignore file permissions."""
    code = "import sys\nfrom phrasebank.cli.main import main\n"
    if file_limit is not None:
        code += ("import resource, signal\nsignal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
                 f"resource.setrlimit(resource.RLIMIT_FSIZE, ({file_limit}, {file_limit}))\n")
    code += "sys.exit(main(sys.argv[1:]))\n"
    command = [sys.executable, "-c", code, *map(str, args)]
    if unprivileged and AS_ROOT:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be made to bind")
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--", *command]
    env = {**os.environ, "TIGANG_HOME": str(home)}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def assert_consistent(bank_path: Path) -> None:
    """Counts agree with sources; groups and the index on disk have caught up and answer as a rebuild."""
    with open_bank(bank_path) as bank:
        db = bank.db
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT SUM(count) FROM phrases").fetchone()[0] == \
            db.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
        manifest = IndexFolder(index_path(bank_path), bank.bank_id).manifest()
        assert manifest is not None and manifest.seq == change_seq(db) == int(bank.meta("grouped_seq"))
        kept = SearchIndex(current_view(bank))
        fresh = SearchIndex(IndexView.of_rows(bank.phrase_rows(), bank.paragraph_rows(), syllable_prefixes()))
        for query in QUERIES:
            assert kept.search(query, limit=30) == fresh.search(query, limit=30), query
        rows = db.execute("SELECT id, kind, text, tokens, count, group_id FROM phrases").fetchall()
        assert {row[0]: row[5] for row in rows if row[5] is not None} == group_variants([row[:5] for row in rows])


# -- 1. two writers at once -----------------------------------------------------------------------

@pytest.mark.parametrize("which", ["--bank", "built-in"])
def test_two_mines_into_one_new_bank_at_once_both_complete(tmp_path: Path, which: str) -> None:
    """Neither bank exists yet: both processes create it (the built-in one from the seeds), write into it,
    bring its groups and index up to date, and (the built-in one) back it up, at the same time."""
    from bench.archive_text import ArchiveWriter

    writer = ArchiveWriter(seed=31)
    first, second = writer.write(tmp_path / "甲", 20), writer.write(tmp_path / "乙", 20, start=20)
    home = tmp_path / "home"
    bank_path = tmp_path / "共用.sqlite" if which == "--bank" else home / "data" / "bank.sqlite"
    choice = ["--bank", str(bank_path)] if which == "--bank" else []
    env = {**os.environ, "TIGANG_HOME": str(home)}
    runs = [subprocess.Popen([sys.executable, "-m", "phrasebank", "mine", str(folder), *choice, "--workers", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for folder in (tmp_path / "甲", tmp_path / "乙")]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        assert "新增 20" in out and err == ""
    with open_bank(bank_path) as bank:
        paths = {doc.path for doc in bank.documents() if not doc.builtin}
        assert len(bank.documents()) == 40 + 5 * (which == "built-in")
    assert paths == {str(path.resolve()) for path in [*first, *second]}
    assert_consistent(bank_path)
    assert len(backups_of(bank_path)) == (which == "built-in")


def test_a_write_waits_for_another_writer_beyond_the_busy_timeout(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "BUSY_SECONDS", 0.2)
    bank_path = make_bank(tmp_path / "bank.sqlite")
    other = sqlite3.connect(bank_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock for a while
    threading.Timer(0.9, other.rollback).start()
    with open_bank(bank_path) as bank:
        started = time.monotonic()
        assert bank.store_documents([(mined(SEED_000), 0, 0.0)]) == ["added"]
        assert time.monotonic() - started >= 0.6
        assert len(bank.documents()) == 2
    other.close()


def test_a_bank_held_too_long_by_another_writer_is_one_line(tmp_path: Path, run_cli: Callable[..., Any],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "BUSY_SECONDS", 0.1)
    monkeypatch.setattr(schema, "BUSY_ATTEMPTS", 2)
    bank_path = make_bank(tmp_path / "bank.sqlite")
    other = sqlite3.connect(bank_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        one_line_error(run_cli("forget", "1", "--bank", bank_path), str(bank_path), "另一个 tigang 进程", "重试")
    finally:
        other.rollback()
        other.close()
    with open_bank(bank_path) as bank:
        assert len(bank.documents()) == 1


# -- 2. a bank from a newer tigang ----------------------------------------------------------------

@pytest.mark.parametrize(("key", "command"), [("schema_version", "docs"), ("schema_version", "mine"),
                                             ("mining_version", "search")])
def test_a_newer_tigangs_bank_is_refused_untouched(tmp_path: Path, run_cli: Callable[..., Any], key: str,
                                                   command: str) -> None:
    bank_path = make_bank(tmp_path / "bank.sqlite")
    newer = (SCHEMA_VERSION if key == "schema_version" else mining.MINING_VERSION) + 1
    set_meta(bank_path, **{key: newer})
    with sqlite3.connect(bank_path) as connection:
        connection.execute("CREATE TABLE stars (phrase_id INTEGER)")  # what the newer tigang added
    connection.close()
    before, listing = snapshot(bank_path), sorted(tmp_path.iterdir())
    args = {"docs": ["docs"], "mine": ["mine", SEED_000], "search": ["search", "代表"]}[command]
    line = one_line_error(run_cli(*args, "--bank", bank_path), str(bank_path), "更新版本", f"第 {newer} 版",
                          "升级 tigang")
    assert NOT_A_BANK not in line
    assert snapshot(bank_path) == before and sorted(tmp_path.iterdir()) == listing


def test_a_newer_built_in_bank_is_refused_untouched(isolated_home: Path, run_cli: Callable[..., Any]) -> None:
    builtin = builtin_bank_path()
    make_bank(builtin)
    set_meta(builtin, schema_version=SCHEMA_VERSION + 1)
    before = snapshot(builtin)
    one_line_error(run_cli("phrases"), str(builtin), "更新版本")
    assert snapshot(builtin) == before


# -- 3. a backup before every upgrade -------------------------------------------------------------

def test_an_upgrade_backs_the_bank_up_first_and_says_where(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    bank_path = make_bank(tmp_path / "bank.sqlite", SEED_004, SEED_000)
    set_meta(bank_path, mining_version=mining.MINING_VERSION - 1)
    result = run_cli("docs", "--bank", bank_path)
    assert result.code == 0
    backups = backups_of(bank_path)
    assert len(backups) == 1 and str(backups[0]) in result.err and "旧版" in result.err
    with sqlite3.connect(backups[0]) as copy:  # the bank as it was before the upgrade
        assert copy.execute("SELECT value FROM meta WHERE key = 'mining_version'").fetchone()[0] == \
            str(mining.MINING_VERSION - 1)
        assert copy.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2
    copy.close()
    with open_bank(bank_path) as bank:
        assert bank.meta("mining_version") == str(mining.MINING_VERSION) and len(bank.documents()) == 2
    for _ in range(KEPT + 2):  # only the newest few are kept
        set_meta(bank_path, mining_version=mining.MINING_VERSION - 1)
        open_bank(bank_path).close()
    assert len(backups_of(bank_path)) == KEPT


def test_no_upgrade_without_its_backup(tmp_path: Path, run_cli: Callable[..., Any],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import phrasebank.bank.lifecycle

    bank_path = make_bank(tmp_path / "bank.sqlite")
    set_meta(bank_path, mining_version=mining.MINING_VERSION - 1)
    before = snapshot(bank_path)

    def full_disk(*_: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(phrasebank.bank.lifecycle, "make_backup", full_disk)
    one_line_error(run_cli("docs", "--bank", bank_path), str(bank_path), "备份", "磁盘已满", "未作改动")
    assert snapshot(bank_path)[0] == before[0]


# -- 4. a bank that cannot be written is read, and refuses writes ---------------------------------

@pytest.mark.parametrize("where", ["folder", "file"])
def test_a_read_only_bank_serves_reading_and_refuses_writing(tmp_path: Path, run_cli: Callable[..., Any],
                                                            restore_modes: Callable[[Path, int], None],
                                                            where: str) -> None:
    folder = tmp_path / "共享"
    folder.mkdir()
    bank_path = make_bank(folder / "bank.sqlite")
    shutil.rmtree(index_path(bank_path))
    restore_modes(bank_path, 0o444)
    if where == "folder":
        restore_modes(folder, 0o555)
    before = snapshot(bank_path)
    docs = run_cli("docs", "--bank", bank_path)
    assert docs.code == 0 and SEED_004.name in docs.out, docs.err
    found = run_cli("search", "三联三助", "--bank", bank_path, "--json")
    assert found.code == 0 and "三联三助" in found.out, found.err
    listed = run_cli("phrases", "--kind", "formula", "--bank", bank_path)
    assert listed.code == 0 and "三联三助" in listed.out
    assert run_cli("show", "1", "--bank", bank_path).code == 0
    assert run_cli("explain", "依法开展执法检查").code == 0
    for args in (["mine", SEED_000], ["forget", "1"]):
        line = one_line_error(run_cli(*args, "--bank", bank_path), str(bank_path), "只读")
        assert NOT_A_BANK not in line
    assert snapshot(bank_path) == before
    if where == "folder":  # nothing was made in a folder that cannot be written: the index was in memory
        assert sorted(path.name for path in folder.iterdir()) == ["bank.sqlite"]


def test_a_bank_the_system_will_not_let_this_user_write(tmp_path: Path,
                                                        restore_modes: Callable[[Path, int], None]) -> None:
    """Permissions the system enforces, not only the marks tigang honours: as root, the bank and its
    folder belong to another user and root runs without the capabilities that override permissions."""
    folder = tmp_path / "共享"
    folder.mkdir()
    bank_path = make_bank(folder / "bank.sqlite")
    if AS_ROOT:
        for path in (bank_path, folder):
            os.chown(path, 12345, 12345)
    else:
        restore_modes(folder, 0o555)
        restore_modes(bank_path, 0o444)
    home = tmp_path / "home"
    docs = tigang("docs", "--bank", bank_path, home=home, unprivileged=True)
    assert docs.returncode == 0 and SEED_004.name in docs.stdout, docs.stderr
    one_line_error(tigang("mine", SEED_000, "--bank", bank_path, home=home, unprivileged=True), "只读")


# -- 5. not a bank, or a permission or disk error --------------------------------------------------

def test_a_file_it_may_not_read_is_a_permission_error_not_a_foreign_file(tmp_path: Path,
                                                                         restore_modes: Callable[[Path, int], None]
                                                                         ) -> None:
    bank_path = make_bank(tmp_path / "bank.sqlite")
    restore_modes(bank_path, 0o000)  # nobody may read it (root included, without its override)
    line = one_line_error(tigang("docs", "--bank", bank_path, home=tmp_path / "home", unprivileged=True),
                          str(bank_path), "权限")
    assert NOT_A_BANK not in line


@pytest.mark.parametrize(("message", "words"), [
    ("disk I/O error", ["磁盘读写出错", "检查磁盘"]),
    ("database or disk is full", ["磁盘已满", "腾出磁盘空间"]),
    ("unable to open database file", ["无法打开", "权限"]),
])
def test_disk_and_open_errors_say_what_they_are(tmp_path: Path, run_cli: Callable[..., Any],
                                                monkeypatch: pytest.MonkeyPatch, message: str,
                                                words: list[str]) -> None:
    bank_path = make_bank(tmp_path / "bank.sqlite")
    real_connect = sqlite3.connect

    class Failing(sqlite3.Connection):
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
            if "FROM meta" in sql:
                raise sqlite3.OperationalError(message)
            return super().execute(sql, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", lambda *args, **kwargs: real_connect(*args, factory=Failing, **kwargs))
    line = one_line_error(run_cli("docs", "--bank", bank_path), str(bank_path), *words)
    assert NOT_A_BANK not in line


def test_only_files_that_are_not_banks_are_called_foreign(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_text("这不是数据库" * 200, encoding="utf-8")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    for path in (text, other):
        one_line_error(run_cli("docs", "--bank", path), str(path), NOT_A_BANK)
        one_line_error(run_cli("mine", SEED_004, "--bank", path), NOT_A_BANK)


# -- 6. a failed create leaves nothing ------------------------------------------------------------

def test_a_create_on_a_full_disk_leaves_nothing_and_the_next_one_works(tmp_path: Path) -> None:
    folder = tmp_path / "新"
    folder.mkdir()
    bank_path = folder / "bank.sqlite"
    failed = tigang("mine", SEED_004, "--bank", bank_path, home=tmp_path / "home", file_limit=16_384)
    one_line_error(failed, f"无法建立题库 {bank_path}", "没有留下")
    assert list(folder.iterdir()) == []
    done = tigang("mine", SEED_004, "--bank", bank_path, home=tmp_path / "home")
    assert done.returncode == 0, done.stderr


def test_a_create_in_a_folder_that_cannot_be_written_leaves_nothing(tmp_path: Path, run_cli: Callable[..., Any],
                                                                   restore_modes: Callable[[Path, int], None]
                                                                   ) -> None:
    folder = tmp_path / "只读"
    folder.mkdir()
    restore_modes(folder, 0o555)
    one_line_error(run_cli("mine", SEED_004, "--bank", folder / "bank.sqlite"), "无法建立题库", "不可写")
    assert list(folder.iterdir()) == []


def test_an_empty_file_left_by_an_unfinished_create_is_not_called_foreign(tmp_path: Path,
                                                                          run_cli: Callable[..., Any]) -> None:
    bank_path = tmp_path / "bank.sqlite"
    bank_path.touch()
    line = one_line_error(run_cli("docs", "--bank", bank_path), "空文件", "tigang mine")
    assert NOT_A_BANK not in line
    assert run_cli("mine", SEED_004, "--bank", bank_path).code == 0
    assert SEED_004.name in run_cli("docs", "--bank", bank_path).out


# -- 7. a damaged bank ----------------------------------------------------------------------------

def damage(path: Path, how: str) -> None:
    if how == "truncated":
        os.truncate(path, path.stat().st_size // 2)
    else:
        path.write_bytes(b"\x00junk" * 4096)


@pytest.mark.parametrize("how", ["truncated", "junk"])
def test_a_damaged_built_in_bank_is_set_aside_and_restored_from_its_backup(
        isolated_home: Path, tmp_path: Path, run_cli: Callable[..., Any], how: str) -> None:
    own = tmp_path / "我的发言.txt"
    own.write_bytes(SEED_004.read_bytes())
    assert run_cli("mine", own).code == 0  # the first mine of the day makes a backup
    builtin = builtin_bank_path()
    (backup,) = backups_of(builtin)
    damage(builtin, how)
    damaged_bytes = builtin.read_bytes()
    result = run_cli("docs")
    assert result.code == 0, result.err
    assert "我的发言.txt" in result.out and "000_" in result.out
    (aside,) = builtin.parent.glob("bank.sqlite.damaged-*")
    assert aside.read_bytes() == damaged_bytes  # set aside, never deleted
    err = " ".join(result.err.split())
    assert "已损坏" in err and str(aside) in err and str(backup) in err


def test_a_damaged_built_in_bank_without_backup_is_rebuilt_from_the_seeds(isolated_home: Path,
                                                                          run_cli: Callable[..., Any]) -> None:
    assert run_cli("docs").code == 0  # built from the seeds: nothing of the writer's yet
    builtin = builtin_bank_path()
    damage(builtin, "junk")
    result = run_cli("search", "三联三助")
    assert result.code == 0 and "三联三助" in result.out
    err = " ".join(result.err.split())
    assert "已损坏" in err and "种子" in err and "没有备份" in err
    assert len(list(builtin.parent.glob("bank.sqlite.damaged-*"))) == 1


def test_a_built_in_bank_found_damaged_midway_is_put_right(isolated_home: Path,
                                                           run_cli: Callable[..., Any]) -> None:
    assert run_cli("docs").code == 0
    builtin = builtin_bank_path()
    with open_bank(None) as bank:
        root = bank.db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'paragraphs'").fetchone()[0]
        page = bank.db.execute("PRAGMA page_size").fetchone()[0]
    with builtin.open("r+b") as handle:  # the paragraphs' root page overwritten: opening still works
        handle.seek((root - 1) * page)
        handle.write(b"\xff" * page)
    line = one_line_error(run_cli("show", "1"), "已损坏", "移到", "重新运行")
    assert "种子" in line
    assert run_cli("show", "1").code == 0


@pytest.mark.parametrize(("with_backup", "how"), [(True, "junk"), (False, "truncated")])
def test_a_damaged_bank_of_the_writers_own_is_reported_never_rebuilt(tmp_path: Path, run_cli: Callable[..., Any],
                                                                    with_backup: bool, how: str) -> None:
    bank_path = make_bank(tmp_path / "bank.sqlite", SEED_004, SEED_000)
    if with_backup:
        with open_bank(bank_path) as bank:
            backup = make_backup(bank)
    damage(bank_path, how)
    before = snapshot(bank_path)
    line = one_line_error(run_cli("docs", "--bank", bank_path), str(bank_path), "已损坏")
    if with_backup:
        assert str(backup) in line and "复制为 bank.sqlite" in line
    else:
        assert "没有备份" in line
    assert snapshot(bank_path) == before
    assert not list(tmp_path.glob("*.damaged-*"))


# -- 8. writing where it cannot be done -----------------------------------------------------------

def test_mining_on_a_full_disk_is_one_line_and_keeps_the_bank_whole(tmp_path: Path) -> None:
    from bench.archive_text import ArchiveWriter

    bank_path = make_bank(tmp_path / "bank.sqlite")
    ArchiveWriter(seed=5).write(tmp_path / "材料", 12)
    failed = tigang("mine", tmp_path / "材料", "--bank", bank_path, "--workers", "1", home=tmp_path / "home",
                    file_limit=bank_path.stat().st_size + 65_536)
    one_line_error(failed, str(bank_path), "磁盘", "题库保持上次完整写入时的内容")
    with open_bank(bank_path) as bank:
        assert bank.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = [doc.name for doc in bank.documents()]
        assert names[0] == SEED_004.name and len(names) < 13
        assert bank.db.execute("SELECT SUM(count) FROM phrases").fetchone()[0] == \
            bank.db.execute("SELECT COUNT(*) FROM sources").fetchone()[0]


def test_forgetting_on_a_full_disk_is_one_line_and_forgets_nothing(tmp_path: Path) -> None:
    bank_path = make_bank(tmp_path / "bank.sqlite", SEED_004, SEED_000)
    failed = tigang("forget", "1", "--bank", bank_path, home=tmp_path / "home", file_limit=40_000)  # room for the shared-memory file only
    one_line_error(failed, str(bank_path), "磁盘")
    with open_bank(bank_path) as bank:
        assert len(bank.documents()) == 2
