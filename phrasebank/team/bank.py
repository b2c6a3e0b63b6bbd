"""A team bank as one writer's tigang sees it: every read from the local replica, every write to the
server and then straight back into the replica.

`TeamBank` is a `Bank` over the replica file, so listing, search, previews and the index work as on
a bank file, at the same speed. Writing — storing mined documents, forgetting one, hiding or
starring a phrase — goes to the server in one transaction, then the replica syncs. When the server
cannot be reached the bank goes on from the replica and says so (`offline_note`); writes are then
refused with one line, never queued.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from phrasebank.bank.indexing import update
from phrasebank.bank.models import DocumentInfo, DocumentState
from phrasebank.bank.opening import open_existing
from phrasebank.bank.store import Bank
from phrasebank.errors import TigangError
from phrasebank.team import sync as team_sync
from phrasebank.team import writing as team_writing
from phrasebank.team.server import (
    ServerState,
    Unreachable,
    connect,
    first_line,
    is_connection_lost,
    server_state,
    statement_error,
    write_refusal,
)
from phrasebank.team.urls import TeamUrl, driver

if TYPE_CHECKING:
    import sqlite3

    from phrasebank.mining.pipeline import MinedDocument
    from phrasebank.team.server import PgConnection

ROLE = "team_role"
"""The replica's meta key for the role it was synced as (documents are the writer's by role and path)."""
Result = TypeVar("Result")


class ServerAway(TigangError):
    """The server could not be reached for a write (the message says so, and what still works)."""


class TeamBank(Bank):
    """A team bank: `url` says which; `state` is what the server said at the last contact (None while
    it is away, with `away_reason` saying why)."""

    def __init__(self, path: Path, connection: sqlite3.Connection, url: TeamUrl) -> None:
        super().__init__(path, connection)
        self.url = url
        self.state: ServerState | None = None
        self.away_reason = ""
        self._server: PgConnection | None = None
        self._server_lock = threading.RLock()  # one transaction at a time on the one connection

    # -- the server ----------------------------------------------------------------------------

    @property
    def label(self) -> str:
        return f"团队题库 {self.url.shown}"

    @property
    def online(self) -> bool:
        return self.state is not None

    @property
    def role(self) -> str:
        return self.state.role if self.state else self.meta(ROLE)

    @property
    def synced_at(self) -> str:
        """When the replica last caught up with the server, in local time ("11-23 14:05"), or ""."""
        stamp = self.meta(team_sync.SYNCED_AT)
        if not stamp:
            return ""
        return datetime.fromisoformat(stamp).astimezone().strftime("%m-%d %H:%M")

    @property
    def offline_note(self) -> str:
        """One line for the status line while the server is away (empty while it is there)."""
        return "" if self.online else f"团队题库离线，数据截至 {self.synced_at or '—'}"

    def sync(self) -> team_sync.SyncResult | None:
        """Catch the replica (and its index) up with the server; None when the server is away (the bank
        then serves the replica as it is). Safe from any thread: the replica is written through a
        connection of its own."""
        def work(connection: PgConnection) -> team_sync.SyncResult:
            state = server_state(connection, self.url)
            with open_existing(self.path, write=True) as replica:
                result = team_sync.sync(replica, connection, state)
                if replica.meta(ROLE) != state.role:
                    with replica.db:
                        replica.set_meta(ROLE, state.role)
                update(replica)
            self.state = state
            return result

        try:
            return self._on_server(work)
        except ServerAway:
            return None

    def _on_server(self, work: Callable[[PgConnection], Result]) -> Result:
        """Run `work` on the server connection (made when needed); when the server turns out to be away,
        note it and say so in one line."""
        psycopg = driver()
        with self._server_lock:
            try:
                if self._server is None or self._server.closed:
                    self._server = connect(self.url)
                return work(self._server)
            except Unreachable as away:
                self._went_away(away.reason)
            except psycopg.Error as error:
                if is_connection_lost(error):
                    self._went_away(first_line(error))
                else:
                    explained = statement_error(error, self.url, self.state)
                    if explained is None:
                        raise TigangError(f"团队题库 {self.url.shown} 出错：{str(error).strip()}") from error
                    raise explained from error
        raise ServerAway(self._away_message())

    def _went_away(self, reason: str) -> None:
        self.state = None
        self.away_reason = reason
        if self._server is not None:
            with suppress(Exception):  # the connection is gone either way
                self._server.close()
            self._server = None

    def _away_message(self) -> str:
        return (f"团队题库 {self.url.shown} 现在连不上（{self.away_reason}），不能写入；"
                f"搜索和提纲照常可用（数据截至 {self.synced_at or '—'}），请等服务器恢复后再试。")

    def refuse_if_read_only(self) -> None:
        """A clear error before anything is done when this writer may not write now: the server away,
        a reader's role, an older tigang or another miner."""
        if self.state is None:
            raise ServerAway(self._away_message())
        refusal = write_refusal(self.state, self.url)
        if refusal:
            raise TigangError(refusal)

    def _write(self, work: Callable[[PgConnection], Result]) -> Result:
        """A write on the server, then the replica caught up with it (and with everyone else's)."""
        self.refuse_if_read_only()
        result = self._on_server(work)
        self.sync()
        return result

    def close(self) -> None:
        with self._server_lock:
            if self._server is not None:
                self._server.close()
                self._server = None
        super().close()

    # -- what a writer changes ------------------------------------------------------------------

    def _documents(self, where: str = "", params: tuple[str, ...] = ()) -> list[DocumentInfo]:
        """Documents with the paths their writers mined them from (the replica prefixes the role)."""
        return [replace(doc, path=doc.path.removeprefix(f"{doc.added_by}:"))
                for doc in super()._documents(where, params)]

    def document_state(self, path: str) -> DocumentState | None:
        """This writer's stored document at `path` (the replica names documents by role and path)."""
        return super().document_state(f"{self.role}:{path}")

    def store_documents(self, batch: Sequence[tuple[MinedDocument, int, float]]) -> list[str]:
        """Store a batch on the server; the replica catches up when the caller syncs (mining does after
        its last batch: syncing after each would cost as much as storing)."""
        self.refuse_if_read_only()
        return self._on_server(lambda connection: team_writing.store_documents(connection, batch))

    def forget(self, reference: str) -> DocumentInfo:
        self.refuse_if_read_only()
        document = self.find_document(reference)
        self._write(lambda connection: team_writing.forget_document(connection, document.id))
        return document

    def _mark(self, phrase_id: int, mark: str, value: bool) -> bool:
        self.refuse_if_read_only()
        phrase = self.get_phrases([phrase_id]).get(phrase_id)
        if phrase is None:
            raise TigangError(f"团队题库 {self.url.shown} 中没有编号为 {phrase_id} 的短语；"
                              "用 tigang phrases 或 tigang search 查找编号。")
        return self._write(lambda connection: team_writing.set_mark(connection, phrase.kind, phrase.text, mark, value))
