"""The team bank's tables on the server, made or upgraded by `tigang team init`, and the roles that may
use them (`tigang team grant`).

Everything lives in the PostgreSQL schema `tigang`, so the bank shares a database with nothing by
accident. The server holds what a bank file holds — documents (with who added them and when),
paragraphs, phrases with their organ tags and variant keys, one source row per occurrence — and the
writers' curation: hidden phrases for the whole team (with who and when), stars per writer. Variant
groups and the search index are derived, so each client computes them in its replica. `changes` is
the log replicas catch up from.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from phrasebank import mining
from phrasebank.errors import TigangError
from phrasebank.team.server import TEAM_SCHEMA_VERSION, connect, statement_error
from phrasebank.team.urls import TeamUrl

if TYPE_CHECKING:
    from phrasebank.team.server import PgConnection

DDL = """
CREATE SCHEMA tigang;
CREATE TABLE tigang.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE tigang.documents (
    id bigserial PRIMARY KEY,
    path text NOT NULL,
    name text NOT NULL,
    builtin boolean NOT NULL DEFAULT false,
    sha256 text NOT NULL UNIQUE,
    size bigint NOT NULL DEFAULT 0,
    mtime double precision NOT NULL DEFAULT 0,
    encoding text NOT NULL,
    title text NOT NULL,
    chars integer NOT NULL,
    noise text NOT NULL,
    raw bytea NOT NULL,
    added_by text NOT NULL DEFAULT current_user,
    added_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (added_by, path)
);
CREATE TABLE tigang.paragraphs (
    doc_id bigint NOT NULL REFERENCES tigang.documents (id) ON DELETE CASCADE,
    line integer NOT NULL,
    text text NOT NULL,
    PRIMARY KEY (doc_id, line)
);
CREATE SEQUENCE tigang.phrase_ids;
CREATE TABLE tigang.phrases (
    id bigint PRIMARY KEY DEFAULT nextval('tigang.phrase_ids'),
    key bigint NOT NULL,
    kind text NOT NULL,
    text text NOT NULL,
    count integer NOT NULL,
    docs integer NOT NULL,
    organ_mask integer NOT NULL,
    organs text NOT NULL,
    tokens text NOT NULL,
    variant_keys bytea NOT NULL
);
CREATE INDEX phrases_by_key ON tigang.phrases (key);
CREATE TABLE tigang.sources (
    phrase_id bigint NOT NULL REFERENCES tigang.phrases (id) ON DELETE CASCADE,
    doc_id bigint NOT NULL REFERENCES tigang.documents (id) ON DELETE CASCADE,
    line integer NOT NULL,
    col integer NOT NULL,
    section text NOT NULL,
    organs text NOT NULL
);
CREATE INDEX sources_by_phrase ON tigang.sources (phrase_id);
CREATE INDEX sources_by_doc ON tigang.sources (doc_id);
CREATE TABLE tigang.hides (
    kind text NOT NULL,
    text text NOT NULL,
    key bigint NOT NULL,
    hidden_by text NOT NULL DEFAULT current_user,
    hidden_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, text)
);
CREATE TABLE tigang.stars (
    writer text NOT NULL DEFAULT current_user,
    kind text NOT NULL,
    text text NOT NULL,
    key bigint NOT NULL,
    starred_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (writer, kind, text)
);
CREATE TABLE tigang.changes (
    seq bigserial PRIMARY KEY,
    phrase_id bigint,
    doc_id bigint,
    marks boolean NOT NULL DEFAULT false,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE tigang.members (
    role text PRIMARY KEY,
    access text NOT NULL CHECK (access IN ('writer', 'reader')),
    granted_by text NOT NULL DEFAULT current_user,
    granted_at timestamptz NOT NULL DEFAULT now()
);
"""
"""`changes` rows name a phrase or a document that changed, or say that marks changed (`marks`):
hides and stars are few, so a replica then reads them all again."""

WRITER_TABLES = ("documents", "paragraphs", "phrases", "sources", "hides", "stars", "changes")
"""The tables a writer changes (`meta` and `members` are the owner's)."""
ACCESS = ("writer", "reader")
LOG_DAYS = 30
"""How long the change log keeps a change: a replica is expected to sync at least this often."""

Progress = Callable[[str], None]


def init_bank(url: TeamUrl, *, seeds: bool = True, progress: Progress | None = None) -> list[str]:
    """Create the team bank's tables (with the seed documents), or upgrade them; what was done, in lines."""
    with connect(url) as connection:
        exists = connection.execute("SELECT to_regclass('tigang.meta') IS NOT NULL").fetchone()
        try:
            if exists and exists[0]:
                return _upgrade(connection, url, progress)
            with connection.transaction():
                connection.execute(DDL)
                connection.cursor().executemany("INSERT INTO tigang.meta (key, value) VALUES (%s, %s)", [
                    ("schema_version", str(TEAM_SCHEMA_VERSION)), ("mining_version", str(mining.MINING_VERSION)),
                    ("bank_id", uuid.uuid4().hex), ("pruned_upto", "0")])
        except Exception as error:
            explained = statement_error(error, url, None)
            if explained is None and type(error).__name__ == "InsufficientPrivilege":
                explained = TigangError(f"无法在 {url.shown} 中建立团队题库：当前角色没有建表权限；"
                                        "请用数据库所有者的账号运行 tigang team init。")
            if explained is None:
                raise
            raise explained from error
        done = [f"已在 {url.shown} 建立团队题库（格式第 {TEAM_SCHEMA_VERSION} 版）。"]
        if seeds:
            from phrasebank.team.writing import store_seeds

            added = store_seeds(connection)
            done.append(f"已加入 {added} 篇内置种子材料（不需要时可用 tigang forget 删除）。")
    return done


def _upgrade(connection: PgConnection, url: TeamUrl, progress: Progress | None) -> list[str]:
    """Bring an existing bank to this version: refuse a newer one; re-mine one mined by an older miner."""
    meta: dict[str, str] = dict(connection.execute("SELECT key, value FROM tigang.meta").fetchall())
    connection.rollback()
    schema = int(str(meta.get("schema_version", 0)))
    mined = int(str(meta.get("mining_version", 0)))
    if schema > TEAM_SCHEMA_VERSION or mined > mining.MINING_VERSION:
        raise TigangError(f"团队题库 {url.shown} 由更新版本的 tigang 建立（格式第 {schema} 版、挖掘第 {mined} 版）；"
                          "请升级 tigang，题库未作改动。")
    done = []
    if mined < mining.MINING_VERSION:
        from phrasebank.team.writing import remine_all

        count = remine_all(connection, progress)
        done.append(f"团队题库 {url.shown} 由挖掘第 {mined} 版建立，"
                    f"已用第 {mining.MINING_VERSION} 版重新挖掘 {count} 个文档。")
    pruned = prune_log(connection)
    if pruned:
        done.append(f"已清理 {pruned} 条 {LOG_DAYS} 天前的变更记录（更久未同步的副本会整体重新复制）。")
    return done or [f"团队题库 {url.shown} 已是最新格式（第 {TEAM_SCHEMA_VERSION} 版），未作改动。"]


def prune_log(connection: PgConnection) -> int:
    """Forget changes older than `LOG_DAYS` (run by the owner with `team init`); how many. A replica that
    has not synced since then copies the whole bank instead of catching up."""
    from phrasebank.team.writing import lock_for_writing

    with connection.transaction():
        lock_for_writing(connection)
        row = connection.execute(
            "WITH gone AS (DELETE FROM tigang.changes WHERE at < now() - make_interval(days => %s) RETURNING seq)"
            " SELECT count(*), max(seq) FROM gone", (LOG_DAYS,)).fetchone()
        if row and row[0]:
            connection.execute("UPDATE tigang.meta SET value = %s WHERE key = 'pruned_upto'", (str(row[1]),))
    return int(row[0]) if row else 0


def grant(url: TeamUrl, role: str, access: str) -> str:
    """Let `role` read (`reader`) or read and write (`writer`) the bank, run as its owner; the role is
    made (able to log in, without a password) when it does not exist yet. What was done, in one line."""
    assert access in ACCESS
    from psycopg import errors, sql

    name = sql.Identifier(role)
    with connect(url) as connection:
        try:
            with connection.transaction():
                made = ""
                if connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
                    if not _may_create_roles(connection):
                        raise TigangError(f"角色 {role} 不存在，当前角色也无权建立角色；请 IT 先运行 "
                                          f"CREATE ROLE {role} LOGIN PASSWORD '…';（见 README“团队题库”）。")
                    connection.execute(sql.SQL("CREATE ROLE {} LOGIN").format(name))
                    made = f"已建立可登录的角色 {role}（没有密码：请 IT 设定，ALTER ROLE {role} PASSWORD '…'）；"
                for statement in grant_statements(role, access):
                    connection.execute(sql.SQL(statement).format(role=name))
                connection.execute(
                    "INSERT INTO tigang.members (role, access) VALUES (%s, %s) ON CONFLICT (role) DO UPDATE"
                    " SET access = excluded.access, granted_by = current_user, granted_at = now()", (role, access))
        except (errors.InsufficientPrivilege, errors.UndefinedTable) as error:
            what = "还没有团队题库，请先运行 tigang team init" if isinstance(error, errors.UndefinedTable) else \
                "当前角色不是题库所有者，不能授权；请用建立题库的账号运行"
            raise TigangError(f"无法给 {role} 授权：{url.shown} {what}。") from None
    rights = "可以检索和写入（挖掘、删除、隐藏、收藏）" if access == "writer" else "只能检索，不能写入"
    return f"{made}角色 {role} 在团队题库 {url.shown} 中{rights}。"


def _may_create_roles(connection: PgConnection) -> bool:
    row = connection.execute("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    return bool(row and row[0])


def grant_statements(role: str, access: str) -> list[str]:
    """The SQL (with `{role}` for the quoted role name) that gives `access`, as the README shows it for
    IT who prefer psql: everything revoked first, so a writer made a reader loses its writes."""
    tables = ", ".join(f"tigang.{table}" for table in (*WRITER_TABLES, "meta", "members"))
    statements = [f"REVOKE ALL ON {tables} FROM {{role}}",
                  "REVOKE ALL ON ALL SEQUENCES IN SCHEMA tigang FROM {role}",
                  "GRANT USAGE ON SCHEMA tigang TO {role}",
                  "GRANT SELECT ON ALL TABLES IN SCHEMA tigang TO {role}"]
    if access == "writer":
        written = ", ".join(f"tigang.{table}" for table in WRITER_TABLES)
        statements += [f"GRANT INSERT, UPDATE, DELETE ON {written} TO {{role}}",
                       "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA tigang TO {role}"]
    return statements
