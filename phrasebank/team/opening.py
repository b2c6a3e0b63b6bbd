"""Which bank a command or the editor uses, and opening it: a bank file, the built-in bank, or a team
bank on the office's PostgreSQL server (through its local replica).

`--bank` wins; without it the `bank` setting of `settings.toml`; without that the built-in bank.
A team bank's replica lives in the data folder, one per server, database and role; it is only a
copy, so one made by another version of tigang is simply made again from the server.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from phrasebank.bank.indexing import index_path, update
from phrasebank.bank.lifecycle import bank_faults, builtin_bank_path, open_bank
from phrasebank.bank.opening import Unusable, create_bank, open_existing, sidecars
from phrasebank.bank.schema import SCHEMA_VERSION
from phrasebank.bank.store import Bank
from phrasebank.errors import TigangError
from phrasebank.files.paths import user_data_dir
from phrasebank.files.settings import load_settings
from phrasebank.mining import MINING_VERSION
from phrasebank.team.bank import TeamBank
from phrasebank.team.sync import SERVER_BANK
from phrasebank.team.urls import TeamUrl, bank_argument, is_team_url

BankLocation = Path | str | None
"""A bank file, a team bank's URL, or None for the built-in bank."""


def bank_location(given: BankLocation = None) -> BankLocation:
    """The bank to use: `given` (from `--bank`), else the `bank` setting, else None (the built-in bank)."""
    if given is not None:
        return given
    settings = load_settings()
    for problem in settings.problems:  # a bank setting that cannot be used (a password in it): never another bank
        if problem.key == "bank":
            where = f"{problem.path}" + (f" 第 {problem.line} 行" if problem.line else "")
            raise TigangError(f"{where}：键 bank：{problem.message}；请改正后再试。")
    return bank_argument(settings.bank) if settings.bank else None


def replica_path(url: TeamUrl) -> Path:
    """Where this computer keeps its copy of the team bank at `url`."""
    return user_data_dir() / "team" / url.replica_name


def open_located(location: BankLocation, *, create: bool = False, write: bool = False) -> Bank:
    """Open the bank at `location` (see `bank_location`): a team bank is synced first where the server
    can be reached; `write` refuses at once what may not be written (the server away, a reader)."""
    if not is_team_url(location):
        assert not isinstance(location, str)
        return open_bank(location, create=create, write=write)
    assert isinstance(location, str)
    return open_team_bank(TeamUrl.parse(location), write=write or create)


def open_team_bank(url: TeamUrl, *, write: bool = False) -> TeamBank:
    """The team bank at `url` over its replica, caught up with the server when it can be reached."""
    path = replica_path(url)
    replica = _replica(path)
    bank = TeamBank(path, replica.db, url)
    try:
        bank.sync()
        if not bank.online:
            if not bank.meta(SERVER_BANK):
                raise TigangError(f"连不上团队题库 {url.shown}（{bank.away_reason}），本机也还没有它的副本；"
                                  "请检查网络和地址，或请 IT 确认服务器在运行。")
            bank.notices.append(f"{bank.offline_note}：连不上 {url.shown}（{bank.away_reason}），"
                                "搜索用本机副本，写入要等服务器恢复。")
            update(bank)  # groups and index, where a sync was interrupted before it brought them along
        if write:
            bank.refuse_if_read_only()
    except BaseException:
        bank.close()
        raise
    return bank


def _replica(path: Path) -> Bank:
    """The replica file at `path`, made (empty) when there is none or it was made by another version."""
    if path.exists():
        with suppress(Unusable, TigangError):
            bank = open_existing(path, write=True)
            if (bank.meta("schema_version"), bank.meta("mining_version")) == (str(SCHEMA_VERSION), str(MINING_VERSION)):
                return bank
            bank.close()
        for leftover in [path, *sidecars(path)]:
            leftover.unlink(missing_ok=True)
        shutil.rmtree(index_path(path), ignore_errors=True)
    return create_bank(path)


@contextmanager
def located_faults(location: BankLocation) -> Iterator[None]:
    """Say a failure of the bank's file or disk in one line (a team bank's: of its replica)."""
    if is_team_url(location):
        assert isinstance(location, str)
        target: Path | None = replica_path(TeamUrl.parse(location))
    else:
        assert not isinstance(location, str)
        target = location
    with bank_faults(target):
        yield


__all__ = ["BankLocation", "bank_argument", "bank_location", "builtin_bank_path", "located_faults", "open_located"]
