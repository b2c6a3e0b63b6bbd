"""A bank's life in one place: open, create, upgrade (re-mine), the built-in bank and its seeds.

The built-in bank is mined from the shipped seeds into the user's data directory on first use, and
re-mined when the seeds, the miner or the schema change — without losing the documents a writer
added with `tigang mine`, because the bank stores their text, nor what the writer starred or hid
(kept by kind and text, carried into the new file first); a backup is made before every upgrade.
A bank a newer tigang made is refused untouched; one that cannot be written is served read-only; a
damaged one is `phrasebank.bank.recovery`'s. What is derived from a bank (its search index and
variant groups) is kept current by `phrasebank.bank.indexing`.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from phrasebank import mining
from phrasebank.bank.backups import make_backup
from phrasebank.bank.changes import change_seq
from phrasebank.bank.faults import cause, explain, is_damage
from phrasebank.bank.indexing import update
from phrasebank.bank.opening import (
    DAMAGED,
    Unusable,
    bank_lock,
    create_bank,
    finish,
    new_bank_file,
    open_existing,
    sidecars,
)
from phrasebank.bank.recovery import DAMAGED_MIDWAY, damaged_error, recover_builtin, unusable_error
from phrasebank.bank.schema import SCHEMA_VERSION, migrate_in_place
from phrasebank.bank.seeds import refresh_seeds, seed_titles, seeds_fingerprint
from phrasebank.bank.store import Bank
from phrasebank.errors import TigangError
from phrasebank.files.paths import user_data_dir

__all__ = ["bank_faults", "builtin_bank_path", "create_bank", "ensure_builtin", "ensure_current", "open_bank",
           "open_existing", "rebuild"]


def builtin_bank_path() -> Path:
    """Where the built-in bank lives."""
    return user_data_dir() / "bank.sqlite"


def open_bank(path: Path | str | None = None, *, create: bool = False, write: bool = False) -> Bank:
    """Open a bank: the built-in one (built from the seeds on first use) when `path` is None.

    With `write` (implied by `create`) a bank that cannot be written is refused; without, it is opened
    read-only. A bank mined by an older miner or schema is re-mined from its stored documents first
    (after a backup), so an upgrade never loses a writer's material.
    """
    write = write or create
    if path is None:
        return ensure_builtin(builtin_bank_path(), write=write)
    path = Path(path)
    if path.is_dir():
        raise TigangError(f"题库路径 {path} 是文件夹；请给出题库文件名，例如 {path / 'bank.sqlite'}。")
    if not path.exists() or _empty(path):
        if create:
            return create_bank(path)
        if path.exists():
            raise TigangError(f"题库 {path} 是空文件（多半是上次建立时中断留下的）；"
                              f"用 tigang mine 文件… --bank {path} 重新建立它。")
        raise TigangError(f"找不到题库 {path}；先用 tigang mine 文件… --bank {path} 建立它。")
    try:
        return ensure_current(path, write=write)
    except Unusable as problem:
        raise unusable_error(path, problem) from None


def ensure_current(path: Path, *, write: bool = False) -> Bank:
    """Open a bank; if an older schema or miner made it, re-mine its stored documents into a new file
    (a bank that cannot be written is served as it is when only its miner is older). `Unusable` when
    it is not a bank or found damaged on the way."""
    bank = open_existing(path, write=write)
    try:
        if not bank.read_only:
            migrate_in_place(bank.db)
        if _outdated(bank):
            if not bank.read_only:
                bank = upgrade(bank)
            elif bank.meta("schema_version") != str(SCHEMA_VERSION):
                raise TigangError(f"题库 {path} 由旧版 tigang 建立，要升级后才能使用，但它是只读的；"
                                  "请修改权限，或把它复制到可写的位置后用 --bank 指定。")
        if not bank.read_only and int(bank.meta("grouped_seq", "0")) < change_seq(bank.db):
            update(bank)  # a write was interrupted before its groups were brought up to date
    except BaseException as error:
        bank.close()
        if is_damage(error):
            raise Unusable(DAMAGED, damaged=True) from None
        raise
    return bank


def ensure_builtin(path: Path, *, write: bool = False) -> Bank:
    """Open the built-in bank, building it, refreshing its seeds or putting a damaged one right when
    needed (and then its index, so that the first search only has to load it)."""
    notice = None
    if not path.exists() or _empty(path):
        bank = create_bank(path, fill=refresh_seeds)
        update(bank)
    else:
        try:
            bank = ensure_current(path, write=write)
        except Unusable as problem:
            notice = recover_builtin(path, problem.detail)
            try:
                bank = ensure_current(path, write=write)
            except Unusable as again:
                raise damaged_error(path, again.detail) from None
    if not bank.read_only and bank.meta("seeds_fingerprint") != seeds_fingerprint():
        refresh_seeds(bank)
        update(bank)
    elif notice:
        update(bank)
    if notice:
        bank.notices.insert(0, notice)
    return bank


def _outdated(bank: Bank) -> bool:
    return (bank.meta("schema_version") != str(SCHEMA_VERSION)
            or bank.meta("mining_version") != str(mining.MINING_VERSION))


def _empty(path: Path) -> bool:
    """An empty file: what a create an older tigang did not finish left (SQLite reads it as a bank
    without tables)."""
    try:
        return path.stat().st_size == 0
    except OSError:
        return False


def upgrade(bank: Bank) -> Bank:
    """Back the bank up, then re-mine it (one process at a time; another may have done it already)."""
    path = bank.path
    bank.close()
    with bank_lock(path):
        bank = open_existing(path, write=True)
        if not _outdated(bank):
            return bank
        made = f"题库格式第 {bank.meta('schema_version')} 版、挖掘第 {bank.meta('mining_version')} 版"
        try:
            backup = make_backup(bank)
        except (sqlite3.Error, OSError) as error:
            bank.close()
            what, todo = cause(error) or (str(error), "检查磁盘和权限后重试")
            raise TigangError(f"题库 {path} 需要升级，但升级前的备份没能做成：{what}；请{todo}（题库未作改动）。"
                              ) from error
        bank = rebuild(bank)
    documents = len(bank.documents())
    bank.notices.append(f"题库 {path} 由旧版 tigang 建立（{made}），已重新挖掘其中 {documents} 个文档升级到本版；"
                        f"升级前的备份在 {backup}。")
    return bank


def rebuild(bank: Bank) -> Bank:
    """Re-mine every stored document of `bank` into a fresh file that then replaces it atomically (a
    failure leaves the bank as it was and no fresh file behind); the writer's stars and hidden phrases
    are carried over before the documents, so the phrases take them back as they are mined."""
    from phrasebank.mining.pipeline import mine_text  # the miner is imported only when there is mining to do

    path = bank.path
    documents = bank.stored_documents()
    marks = bank.marks()
    fingerprint = bank.meta("seeds_fingerprint")
    titles = seed_titles()
    bank.close()
    temp_path = path.with_name(f".{path.name}.rebuild")
    try:
        for leftover in [temp_path, *sidecars(temp_path)]:
            leftover.unlink(missing_ok=True)
        with new_bank_file(temp_path) as fresh:
            fresh.restore_marks(marks)
            for document in documents:
                mined = mine_text(document.raw, document.path, document.name, document.encoding,
                                  builtin=document.builtin)
                if document.builtin:  # a seed keeps its manifest title (see `refresh_seeds`)
                    mined.title = titles.get(document.name, mined.title)
                fresh.store_document(mined, document.size, document.mtime)
            with fresh.db:
                fresh.set_meta("seeds_fingerprint", fingerprint)
            finish(fresh)
        for sidecar in sidecars(path):
            sidecar.unlink(missing_ok=True)
        os.replace(temp_path, path)
    finally:
        for leftover in [temp_path, *sidecars(temp_path)]:
            with suppress(OSError):
                leftover.unlink(missing_ok=True)
    return open_existing(path, write=True)


@contextmanager
def bank_faults(path: Path | str | None) -> Iterator[None]:
    """Run a command's work on the bank at `path` (None: the built-in one), saying a failure of its
    file or disk in one line; a built-in bank found damaged midway is put right at once, and the
    writer asked to run the command again."""
    target = builtin_bank_path() if path is None else Path(path)
    try:
        yield
    except (sqlite3.Error, OSError) as error:
        if is_damage(error):
            if path is None:
                notice = recover_builtin(target, DAMAGED_MIDWAY)
                done = notice or f"读取内置题库 {target} 时出错（{DAMAGED_MIDWAY}），它已由另一个 tigang 进程修复。"
                raise TigangError(f"{done}请重新运行刚才的命令。") from error
            raise damaged_error(target, DAMAGED_MIDWAY) from error
        explained = explain(error, target)
        if explained is None:
            raise
        raise explained from error
