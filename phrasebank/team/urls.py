"""Telling a team bank's URL from a bank file's path, and a URL as tigang shows and keeps it: without
its password. Light to import: every command's `--bank` is parsed with it."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from phrasebank.errors import TigangError

URL_PREFIXES = ("postgresql://", "postgres://")
INSTALL = 'pip install "tigang[team]"'


def is_team_url(location: object) -> bool:
    """Whether a `--bank` value or setting names a team bank rather than a file."""
    return isinstance(location, str) and location.startswith(URL_PREFIXES)


def driver() -> ModuleType:
    """psycopg (imported only when a team bank is used), or one line saying how to install it."""
    try:
        import psycopg
    except ImportError:
        raise TigangError(f"使用团队题库（PostgreSQL）需要 psycopg 驱动；请先运行 {INSTALL}。") from None
    return psycopg


@dataclass(frozen=True)
class TeamUrl:
    """A team bank's libpq URL: `conninfo` as given (for connecting), `shown` without any password
    (for messages, the replica and the settings)."""

    conninfo: str
    shown: str

    @classmethod
    def parse(cls, url: str) -> TeamUrl:
        psycopg = driver()
        from psycopg.conninfo import conninfo_to_dict

        try:
            parts = conninfo_to_dict(url)
        except psycopg.Error as error:  # the URL does not parse; the driver's words quote it, password and all
            where, detail = url.split("@")[-1], str(error).strip()
            for secret in _passwords(url):
                where, detail = where.replace(secret, "…"), detail.replace(secret, "…")
            raise TigangError(f"团队题库地址 {where} 无法解析（{detail}）；"
                              "格式如 postgresql://用户名@服务器:5432/数据库名。") from None
        user = f"{parts['user']}@" if parts.get("user") else ""
        host = str(parts.get("host", ""))
        host_part = "" if host.startswith("/") else host
        port = f":{parts['port']}" if parts.get("port") else ""
        query = f"?host={host}" if host.startswith("/") else ""
        return cls(url, f"postgresql://{user}{host_part}{port}/{parts.get('dbname', '')}{query}")

    @property
    def replica_name(self) -> str:
        """The file name of this bank's replica on this computer (one per server, database and user)."""
        return "team-" + hashlib.sha256(self.shown.encode()).hexdigest()[:16] + ".sqlite"


def _passwords(url: str) -> list[str]:
    """The passwords written in a URL that may not parse (`user:password@`, `password=`), for a message
    about it to leave out."""
    credentials = url.partition("://")[2].rpartition("@")[0]
    found = [credentials.partition(":")[2], *re.findall(r"password=([^&#\s]*)", url)]
    return sorted({secret for secret in found if secret}, key=len, reverse=True)


def bank_argument(text: str) -> Path | str:
    """A `--bank` value or setting: a team bank's URL as it is, anything else a file path."""
    return text if is_team_url(text) else Path(text).expanduser()
