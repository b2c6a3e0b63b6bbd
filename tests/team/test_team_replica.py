"""Replicas are exact copies: after any sequence of mining, editing, forgetting, hiding and starring by
several writers (each with a stale replica of their own), every replica synced again holds exactly
what the server holds, equals a bank file made by mining the surviving documents afresh, and
searches exactly as that bank file does."""
from __future__ import annotations

import hashlib
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from postgres import Cluster
from team_helpers import NAMES, TEXTS, grant, home, init_team, pg_rows

from phrasebank.bank.indexing import search_index
from phrasebank.bank.opening import create_bank
from phrasebank.bank.store import Bank
from phrasebank.mining.pipeline import MinedDocument, mine_text
from phrasebank.search.query import Hit
from phrasebank.team.bank import TeamBank
from phrasebank.team.opening import open_team_bank
from phrasebank.team.schema import init_bank
from phrasebank.team.server import connect
from phrasebank.team.urls import TeamUrl
from phrasebank.vocab.kinds import PARAGRAPH

ROLES = ("ann", "ben", "cat")
QUERIES = ["", "人大", "代表", "民有所呼", "坚持党的领导", "三联三助", "履职", "rddb", "jiandu", "监督工作就跟进",
           "人民群众关切"]
OPERATIONS = ["mine", "mine", "edit", "edit", "forget", "sync", "hide", "hide", "unhide", "star", "star", "unstar",
              "prune"]
"""Mining and marking more often than the rest, so that most examples end with a bank worth comparing;
"prune" is the owner's `team init` after the older changes have aged past 30 days (replicas behind
them then copy everything)."""
STEPS = st.lists(
    st.tuples(st.integers(0, len(ROLES) - 1), st.sampled_from(OPERATIONS), st.integers(0, len(NAMES) - 1),
              st.integers(0, 1000)),
    min_size=3, max_size=12)
"""(writer, operation, which text, a choice: which document, phrase, batch size or file time)."""


@pytest.fixture(scope="module")
def template(pg_cluster: Cluster) -> Iterator[str]:
    """An empty team bank with the three writers granted, copied for each example (CREATE DATABASE …
    TEMPLATE is a file copy: much faster than making the tables and roles again)."""
    name = f"tpl_{uuid.uuid4().hex[:10]}"
    pg_cluster.sql(f"CREATE DATABASE {name}")
    init_team(pg_cluster, name)
    for role in ROLES:
        grant(pg_cluster, name, role)
    yield name
    pg_cluster.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@cache
def mined(name: str, version: int) -> MinedDocument:
    """One version of a text, mined once for the session (as each writer's computer would)."""
    return mine_text(TEXTS[name][version], f"/公文/{name}", name)


class Model:
    """What the bank must hold, worked out without the server: documents by (writer, path), the same
    text stored once, the team's hidden phrases and each writer's stars, by kind and text."""

    def __init__(self) -> None:
        self.documents: dict[tuple[str, str], tuple[str, int]] = {}
        """(writer, path) → (text, the server's id, learnt from the writer's replica after the sync)."""
        self.hidden: set[tuple[str, str]] = set()
        self.stars: dict[str, set[tuple[str, str]]] = {role: set() for role in ROLES}

    def store(self, role: str, path: str, text: str) -> None:
        """As the server stores one document of a batch (its id is learnt after the sync: `learn_ids`)."""
        own = self.documents.get((role, path))
        if own is not None and own[0] == text:
            return
        self.documents.pop((role, path), None)
        if text not in [held for held, _ in self.documents.values()]:
            self.documents[(role, path)] = (text, 0)

    def learn_ids(self, replica: Bank) -> None:
        """The ids of the documents just stored, from the storing writer's replica."""
        for (role, path), (text, doc_id) in self.documents.items():
            if not doc_id:
                row = replica.db.execute("SELECT id FROM documents WHERE path = ?", (f"{role}:{path}",)).fetchone()
                assert row is not None, (role, path)
                self.documents[(role, path)] = (text, int(row[0]))

    def forget(self, doc_id: int) -> None:
        """A document forgotten by id (nothing when it was already gone: the writer's replica was behind)."""
        for key, (_, held_id) in list(self.documents.items()):
            if held_id == doc_id:
                del self.documents[key]


def apply(step: tuple[int, str, int, int], clients: list[TeamBank], model: Model, owner: TeamUrl) -> None:
    """One writer's action, chosen from what that writer's replica shows (it may be behind); or the
    owner pruning the change log."""
    index, operation, slot, choice = step
    bank, role = clients[index], ROLES[index]
    if operation == "prune":
        with connect(owner) as connection:
            connection.execute("UPDATE tigang.changes SET at = now() - interval '40 days'"
                               " WHERE seq <= (SELECT max(seq) FROM tigang.changes) - %s", (choice % 4,))
        init_bank(owner)
    elif operation in ("mine", "edit"):  # one document, or two in one batch; the file saved again or not
        batch = []
        for name in NAMES[slot : slot + 1 + choice % 2]:
            path = f"/公文/{name}"
            held = model.documents.get((role, path))
            version = 0 if held is None else TEXTS[name].index(held[0])
            version = 1 - version if operation == "edit" and held is not None else version
            document = mined(name, version)
            batch.append((document, len(document.raw), float(choice % 3)))
            model.store(role, path, document.raw)
        bank.store_documents(batch)
        bank.sync()  # as mining does after its last batch
        model.learn_ids(bank)
    elif operation == "forget":
        documents = bank.documents()
        if documents:
            document = bank.forget(str(documents[choice % len(documents)].id))
            model.forget(document.id)
    elif operation == "sync":
        bank.sync()
    else:
        phrases = bank.db.execute("SELECT id, kind, text FROM phrases ORDER BY kind, text").fetchall()
        if phrases:
            phrase_id, kind, text = phrases[choice % len(phrases)]
            value = not operation.startswith("un")
            if "hide" in operation:
                bank.set_hidden(phrase_id, value)
                (model.hidden.add if value else model.hidden.discard)((kind, text))
            else:
                bank.set_starred(phrase_id, value)
                (model.stars[role].add if value else model.stars[role].discard)((kind, text))


def server_view(cluster: Cluster, database: str, role: str) -> dict[str, Any]:
    """The server's bank as one writer's replica must hold it (its own stars only)."""
    return {
        "documents": sorted(pg_rows(cluster, database, (
            "SELECT id, added_by || ':' || path, name, builtin, sha256, size, mtime, encoding, title, chars, noise,"
            " added_by FROM tigang.documents"))),
        "paragraphs": sorted(pg_rows(cluster, database, "SELECT doc_id, line, text FROM tigang.paragraphs")),
        "phrases": sorted((*row[:9], bytes(row[9])) for row in pg_rows(cluster, database, (
            "SELECT id, key, kind, text, count, docs, organ_mask, organs, tokens, variant_keys FROM tigang.phrases"))),
        "sources": sorted(pg_rows(cluster, database,
                                  "SELECT phrase_id, doc_id, line, col, section, organs FROM tigang.sources")),
        "hidden": sorted(pg_rows(cluster, database, "SELECT kind, text FROM tigang.hides")),
        "starred": sorted(pg_rows(cluster, database, f"SELECT kind, text FROM tigang.stars WHERE writer = '{role}'")),
    }


def replica_view(bank: Bank) -> dict[str, Any]:
    """A replica read as `server_view` reads the server."""
    rows = bank.db.execute
    return {
        "documents": sorted(tuple(row) for row in rows(
            "SELECT id, path, name, builtin, sha256, size, mtime, encoding, title, chars, noise, added_by"
            " FROM documents")),
        "paragraphs": sorted(rows("SELECT doc_id, line, text FROM paragraphs").fetchall()),
        "phrases": sorted(rows("SELECT id, key, kind, text, count, docs, organ_mask, organs, tokens, variant_keys"
                               " FROM phrases").fetchall()),
        "sources": sorted(rows("SELECT phrase_id, doc_id, line, col, section, organs FROM sources").fetchall()),
        "hidden": sorted(rows("SELECT kind, text FROM curation WHERE hidden").fetchall()),
        "starred": sorted(rows("SELECT kind, text FROM curation WHERE starred").fetchall()),
    }


def content(bank: Bank) -> dict[str, Any]:
    """What a bank holds, without its ids: documents by path, phrases by kind and text (with counts,
    organ tags and marks), every occurrence and paragraph by document path."""
    rows = bank.db.execute
    return {
        "documents": sorted(rows("SELECT path, name, sha256, title, chars FROM documents").fetchall()),
        "phrases": sorted(rows("SELECT kind, text, count, docs, organs, organ_mask, tokens, variant_keys, starred,"
                               " hidden FROM phrases").fetchall()),
        "sources": Counter(rows("SELECT p.kind, p.text, d.path, s.line, s.col, s.section, s.organs FROM sources s"
                                " JOIN phrases p ON p.id = s.phrase_id JOIN documents d ON d.id = s.doc_id").fetchall()),
        "paragraphs": sorted(rows("SELECT d.path, p.line, p.text FROM paragraphs p"
                                  " JOIN documents d ON d.id = p.doc_id").fetchall()),
        "groups": rows("SELECT COUNT(*) FROM phrases WHERE group_id IS NOT NULL").fetchone()[0],
    }


def fresh_bank(folder: Path, model: Model, role: str) -> Bank:
    """A bank file made by mining the surviving documents afresh (named as the replica names them),
    with the team's hidden phrases and this writer's stars."""
    bank = create_bank(folder / f"fresh-{role}.sqlite")
    marks = {(kind, text): [0, 1] for kind, text in model.hidden}
    for kind, text in model.stars[role]:
        marks.setdefault((kind, text), [0, 0])[0] = 1
    bank.restore_marks([(0, kind, text, starred, hidden, "") for (kind, text), (starred, hidden) in marks.items()])
    batch = []
    for (writer, path), (text, _) in sorted(model.documents.items(), key=lambda item: item[1][1]):
        document = mine_text(text, f"{writer}:{path}", Path(path).name)
        batch.append((document, 0, 0.0))
    if batch:
        bank.store_documents(batch)
    return bank


def hits(bank: Bank, query: str, *, hidden: bool = False) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every hit of `query` without ids (a sentence by its document's path): as a sorted list, and the
    ranking as (tier, score, starred) in order (hits that tie may come in either id order)."""
    paths = dict(bank.db.execute("SELECT id, path FROM documents").fetchall())
    found: list[Hit] = search_index(bank).search(query, limit=None, hidden=hidden)
    plain = []
    for hit in found:
        data = asdict(hit)
        data.pop("phrase_id")
        doc_id = data.pop("doc_id")
        data["doc"] = paths[doc_id] if hit.kind == PARAGRAPH else ""
        plain.append(tuple(sorted((key, repr(value)) for key, value in data.items())))
    return sorted(plain), [(hit.tier, round(hit.score, 6), hit.starred) for hit in found]


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(STEPS)
def test_every_replica_equals_the_server_and_a_bank_mined_afresh(
        pg_cluster: Cluster, template: str, steps: list[tuple[int, str, int, int]]) -> None:
    """Three writers act in turn, each from its own replica (behind the others' changes until it syncs);
    then the server holds what the model says, and each replica, synced, equals the server row for
    row (ids included), a bank file mined afresh from the surviving documents (without ids), and
    searches as that bank file does."""
    database = f"t_{uuid.uuid4().hex[:12]}"
    pg_cluster.sql(f"CREATE DATABASE {database} TEMPLATE {template}")
    try:
        with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
            clients = []
            for role in ROLES:
                with home(Path(folder) / role):
                    clients.append(stack.enter_context(open_team_bank(TeamUrl.parse(pg_cluster.url(role, database)))))
            model = Model()
            owner = TeamUrl.parse(pg_cluster.url(database=database))
            for step in steps:
                apply(step, clients, model, owner)
            server_documents = pg_rows(pg_cluster, database, "SELECT added_by, path, sha256 FROM tigang.documents")
            assert sorted(server_documents) == sorted(
                (writer, path, sha256(text)) for (writer, path), (text, _) in model.documents.items())
            assert sorted(pg_rows(pg_cluster, database, "SELECT kind, text FROM tigang.hides")) == sorted(model.hidden)
            assert sorted(pg_rows(pg_cluster, database, "SELECT writer, kind, text FROM tigang.stars")) == sorted(
                (role, kind, text) for role, stars in model.stars.items() for kind, text in stars)
            for client, role in zip(clients, ROLES, strict=True):
                assert client.sync() is not None
                assert replica_view(client) == server_view(pg_cluster, database, role), role
                fresh = stack.enter_context(fresh_bank(Path(folder), model, role))
                assert content(client) == content(fresh), role
                for query in QUERIES:
                    for hidden in (False, True):
                        assert hits(client, query, hidden=hidden) == hits(fresh, query, hidden=hidden), (role, query)
                assert client.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        pg_cluster.sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def sha256(text: str) -> str:
    """A text's SHA-256, as a mined document records it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_replica_of_another_bank_at_the_same_address_is_copied_afresh(
        pg_cluster: Cluster, team_db: str, tmp_path: Path) -> None:
    """The database made again at the same address (another bank): the replica starts over from it
    and holds nothing of the old one, marks included."""
    init_team(pg_cluster, team_db)
    url = TeamUrl.parse(grant(pg_cluster, team_db, "ann"))
    with open_team_bank(url) as bank:
        bank.store_documents([(mined("代表工作.txt", 0), 0, 0.0)])
        bank.sync()
        heading = next(p for p in bank.phrases(kind="heading") if p.text == "坚持党的领导，把牢人大工作政治方向")
        assert bank.set_hidden(heading.id)
    pg_cluster.sql(f"DROP DATABASE {team_db} WITH (FORCE)")
    pg_cluster.sql(f"CREATE DATABASE {team_db}")
    init_team(pg_cluster, team_db)
    grant(pg_cluster, team_db, "ann")
    with open_team_bank(url) as bank:
        assert bank.documents() == []
        bank.store_documents([(mined("三联三助.txt", 0), 0, 0.0)])
        result = bank.sync()
        assert result is not None and not result.full  # started over at the open; now catching up
        assert replica_view(bank) == server_view(pg_cluster, team_db, "ann")
        assert [hit.text for hit in search_index(bank).search("坚持党的领导", limit=None)] == []
        assert "三联三助" in [hit.text for hit in search_index(bank).search("三联三助", limit=3)]


def test_a_replica_behind_a_pruned_change_log_copies_everything(
        pg_cluster: Cluster, team_db: str, tmp_path: Path, run_cli: Any) -> None:
    """`team init` prunes changes older than 30 days; a replica that has not synced since copies the
    whole bank, and then equals the server."""
    owner = init_team(pg_cluster, team_db)
    urls = [TeamUrl.parse(grant(pg_cluster, team_db, role)) for role in ("ann", "ben")]
    with home(tmp_path / "ann"), open_team_bank(urls[0]) as behind:
        behind.store_documents([(mined("代表工作.txt", 0), 0, 0.0), (mined("监督工作.txt", 0), 0, 0.0)])
        behind.sync()
        series = next(p for p in behind.phrases(kind="series") if p.text == "民有所呼、我有所应")
        assert behind.set_starred(series.id)
        with home(tmp_path / "ben"), open_team_bank(urls[1]) as other:
            other.forget("监督工作.txt")
            other.store_documents([(mined("代表工作.txt", 1), 0, 0.0), (mined("模范机关.txt", 0), 0, 0.0)])
            other.sync()
            assert other.set_hidden(series.id)
        pg_cluster.sql("UPDATE tigang.changes SET at = now() - interval '40 days'", team_db)
        pruned = run_cli("team", "init", owner)
        assert pruned.code == 0 and "条 30 天前的变更记录" in pruned.out
        assert pg_rows(pg_cluster, team_db, "SELECT count(*) FROM tigang.changes") == [(0,)]
        result = behind.sync()
        assert result is not None and result.full
        assert replica_view(behind) == server_view(pg_cluster, team_db, "ann")
        assert [(p.text, p.starred, p.hidden) for p in behind.phrases(kind="series", hidden=True)
                if p.text == series.text] == [(series.text, True, True)]


def test_a_prune_between_reading_the_server_state_and_syncing_still_copies_everything(
        pg_cluster: Cluster, team_db: str, tmp_path: Path, run_cli: Any) -> None:
    """The owner prunes the log just after a replica's sync has read the server's state (its two steps,
    run here one after the other as `TeamBank.sync` runs them): the sync still sees that it is behind
    the pruned log and copies everything, rather than catching up past a forget it can no longer read."""
    from phrasebank.bank.opening import open_existing
    from phrasebank.team import sync as team_sync
    from phrasebank.team.server import connect
    from phrasebank.team.server import server_state as read_state

    owner = init_team(pg_cluster, team_db)
    urls = [TeamUrl.parse(grant(pg_cluster, team_db, role)) for role in ("ann", "ben")]
    with home(tmp_path / "ann"), open_team_bank(urls[0]) as behind:
        behind.store_documents([(mined("代表工作.txt", 0), 0, 0.0), (mined("监督工作.txt", 0), 0, 0.0)])
        behind.sync()
        with home(tmp_path / "ben"), open_team_bank(urls[1]) as other:
            other.forget("监督工作.txt")
            pg_cluster.sql("UPDATE tigang.changes SET at = now() - interval '40 days'", team_db)  # the forget is old
            heading = next(p for p in other.phrases(kind="heading") if p.text.startswith("坚持党的领导"))
            assert other.set_hidden(heading.id)  # and a change of today
        with connect(urls[0]) as connection:
            state = read_state(connection, urls[0])
            assert run_cli("team", "init", owner).code == 0  # prunes the forget, keeps the hide
            assert pg_rows(pg_cluster, team_db, "SELECT count(*) FROM tigang.changes WHERE marks") == [(1,)]
            with open_existing(behind.path, write=True) as replica:
                result = team_sync.sync(replica, connection, state)
        assert result.full
        assert replica_view(behind) == server_view(pg_cluster, team_db, "ann")
        assert [doc.name for doc in behind.documents()] == ["代表工作.txt"]
