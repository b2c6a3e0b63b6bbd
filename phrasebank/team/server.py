"""The office's PostgreSQL server as tigang talks to it: the URL (shown and stored without its
password), a connection with a short timeout, what the server says about its bank, and its errors
in the writer's words.

The driver, psycopg 3, is an optional extra: it is imported only here, only when a team bank is
used, and its absence is one line saying what to install. Passwords are libpq's business (the URL,
`~/.pgpass`, `PGPASSWORD`); tigang never writes one anywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from phrasebank import mining
from phrasebank.errors import TigangError
from phrasebank.team.urls import TeamUrl, driver

if TYPE_CHECKING:
    from psycopg import Connection
    from psycopg.rows import TupleRow

    PgConnection = Connection[TupleRow]
    """A connection to the team bank's server."""

TEAM_SCHEMA_VERSION = 1
"""The layout of the tables on the server; a client that knows an older one refuses to write."""
CONNECT_SECONDS = 3
"""How long connecting may take before the server counts as away (the replica then serves)."""
TIMEOUTS = "-c lock_timeout=30s -c statement_timeout=300s"
"""A writer waits at most 30 s for another's turn, and no statement runs for ever: a stuck server never
holds up quitting the editor."""
WRITE_LOCK = 0x7469_6761_6E67
"""The advisory lock every writing transaction takes first ("tigang"): writes reach the change log in
the order of their sequence numbers, so a replica that has read up to a number never misses one
committed later with a smaller number."""


class Unreachable(Exception):
    """The server could not be reached (down, network away, timed out); `reason` is its own word."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def connect(url: TeamUrl) -> PgConnection:
    """A connection to the server; `Unreachable` when it is away, a `TigangError` when it refuses
    (wrong password, no such role or database)."""
    psycopg = driver()
    try:
        connection: PgConnection = psycopg.connect(
            url.conninfo, connect_timeout=CONNECT_SECONDS, application_name="tigang", options=TIMEOUTS,
            keepalives=1, keepalives_idle=10, keepalives_interval=3, keepalives_count=3)
    except psycopg.OperationalError as error:
        raise refused_or_away(error, url) from None
    return connection


def refused_or_away(error: Exception, url: TeamUrl) -> Exception:
    """What a failed connection means: the server refused us (a `TigangError` to show), or it is away."""
    text = first_line(error)
    sqlstate = getattr(error, "sqlstate", None)
    if sqlstate in ("28P01", "28000") or "password" in text or "authentication" in text:
        return TigangError(f"团队题库 {url.shown} 拒绝登录（{text}）；"
                           "请检查用户名，密码放在 ~/.pgpass 或 PGPASSWORD 中。")
    if sqlstate == "3D000" or "does not exist" in text:
        return TigangError(f"团队题库 {url.shown} 不可用（{text}）；请核对地址，或请 IT 建立数据库和角色。")
    return Unreachable(text)


def first_line(error: BaseException) -> str:
    """The driver's own words for a failure, one line ("connection failed: …" shortened)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[0] if lines else type(error).__name__
    return text.rsplit("failed: ", 1)[-1]  # "connection to server at … failed: Connection refused" → the reason


def is_connection_lost(error: BaseException) -> bool:
    """Whether a failed statement means the server went away (rather than refused the statement)."""
    psycopg = driver()
    return isinstance(error, psycopg.OperationalError) and getattr(error, "sqlstate", None) in (None, "57P01",
                                                                                                 "57P02", "57P03")


@dataclass(frozen=True)
class ServerState:
    """What the server says about its bank and about us."""

    schema_version: int
    mining_version: int
    bank_id: str
    role: str
    can_write: bool
    pruned_upto: int
    """Changes up to this number are no longer in the log: a replica further behind copies everything."""


def server_state(connection: PgConnection, url: TeamUrl) -> ServerState:
    """Read the bank's versions and our access; a `TigangError` when the database holds no team bank."""
    row = connection.execute("SELECT to_regclass('tigang.meta') IS NOT NULL, current_user").fetchone()
    assert row is not None
    if not row[0]:
        connection.rollback()
        raise TigangError(f"{url.shown} 中还没有团队题库；请由题库所有者先运行 tigang team init {url.shown}。")
    role = str(row[1])
    meta: dict[str, str] = dict(connection.execute("SELECT key, value FROM tigang.meta").fetchall())
    writable = connection.execute("SELECT has_table_privilege('tigang.documents', 'INSERT')").fetchone()
    connection.rollback()
    return ServerState(int(str(meta.get("schema_version", 0))), int(str(meta.get("mining_version", 0))),
                       str(meta.get("bank_id", "")), role, bool(writable and writable[0]),
                       int(str(meta.get("pruned_upto", 0))))


def write_refusal(state: ServerState, url: TeamUrl) -> str | None:
    """Why this client may not write to the bank (None when it may): a reader, an older tigang, a miner
    of another version (its phrases would not match the bank's)."""
    if not state.can_write:
        return (f"您的角色 {state.role} 在团队题库 {url.shown} 中只有检索权限，不能写入；"
                f"如需添加材料，请题库所有者运行 tigang team grant 题库地址 {state.role} --writer。")
    if state.schema_version > TEAM_SCHEMA_VERSION:
        return (f"团队题库 {url.shown} 已由更新版本的 tigang 升级（格式第 {state.schema_version} 版，本版只认到第 "
                f"{TEAM_SCHEMA_VERSION} 版）；本版只能检索，不能写入，请升级 tigang。")
    if state.schema_version < TEAM_SCHEMA_VERSION:
        return (f"团队题库 {url.shown} 的格式较旧（第 {state.schema_version} 版）；"
                f"请题库所有者运行 tigang team init {url.shown} 升级后再写入。")
    if state.mining_version != mining.MINING_VERSION:
        newer = state.mining_version > mining.MINING_VERSION
        todo = "请升级 tigang" if newer else f"请题库所有者运行 tigang team init {url.shown} 重新挖掘"
        return (f"团队题库 {url.shown} 由挖掘第 {state.mining_version} 版建立，本版 tigang 是第 "
                f"{mining.MINING_VERSION} 版，两者挖出的短语不一致，不能写入；{todo}。")
    return None


def statement_error(error: Exception, url: TeamUrl, state: ServerState | None) -> TigangError | None:
    """A refused statement in one line (a reader writing after all: privileges changed), or None."""
    psycopg = driver()
    if isinstance(error, (psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled)):
        return TigangError(f"团队题库 {url.shown} 正忙（另一位写作者正在写入或升级题库），这次没有写入；请稍后重试。")
    if isinstance(error, psycopg.errors.InsufficientPrivilege):
        role = state.role if state else "当前角色"
        return TigangError(f"团队题库 {url.shown} 拒绝了写入：角色 {role} 没有写权限；"
                           f"请题库所有者运行 tigang team grant 题库地址 {role} --writer。")
    return None
