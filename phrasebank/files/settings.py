"""The writer's settings file, `settings.toml` in the config folder: the speaking rate and the bank.

A read speech runs at 200–250 字/分钟 and a writer knows their leader's pace, so the rate the editor
shows on every part and in the status line comes from here (`rate = 230`). `bank` names the bank
every command and the editor use when no `--bank` is given: a bank file, or an office's team bank
(`bank = "postgresql://writer1@server/tigang"`; its password belongs in `~/.pgpass`). A file that cannot be used
is reported with its line and key, and the defaults apply — the editor still opens.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from phrasebank.files.config import ConfigError, ConfigProblem, read_toml
from phrasebank.files.paths import user_config_dir

SETTINGS_FILE = "settings.toml"
DEFAULT_RATE = 220
"""字/分钟 of a read speech (DOMAIN.md: 200–250)."""
RATE_RANGE = (60, 600)
"""Rates outside this are typing mistakes, not speakers."""


@dataclass(frozen=True)
class Settings:
    """What the writer set, with the defaults for what they did not."""

    rate: int = DEFAULT_RATE
    """Speaking rate in 字/分钟."""
    bank: str = ""
    """The default bank: a file path or a team bank's URL (empty: the built-in bank)."""
    problems: tuple[ConfigProblem, ...] = field(default=(), compare=False)
    """Why the file (or part of it) was not used."""


def settings_path() -> Path:
    return user_config_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default: the writer's settings file); defaults when there is none."""
    path = path or settings_path()
    if not path.is_file():
        return Settings()
    try:
        document = read_toml(path)
        document.table((), ["rate", "bank"])
        rate = document.integer(("rate",), DEFAULT_RATE, low=RATE_RANGE[0], high=RATE_RANGE[1])
        bank = document.text_value(("bank",))
        if _has_password(bank):
            raise document.error("团队题库地址中不要写密码，请把密码放在 ~/.pgpass 或 PGPASSWORD 中", ("bank",))
    except ConfigError as error:
        return Settings(problems=(ConfigProblem(path, error.line, error.key, str(error)),))
    return Settings(rate=rate, bank=bank)


def _has_password(location: str) -> bool:
    """Whether a team bank URL carries a password (postgresql://user:secret@host/…)."""
    if not location.startswith(("postgresql://", "postgres://")):
        return False
    credentials = location.split("://", 1)[1].split("/", 1)[0].rpartition("@")[0]
    return ":" in credentials or "password=" in location
