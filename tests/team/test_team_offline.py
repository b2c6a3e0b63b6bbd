"""The server going away mid-session: reads go on from the replica with a note saying since when,
writes are refused in one line with nothing half-written anywhere, and once the server is back the
next sync and writes work again; on a computer with no replica yet, the first use says in one line
that it cannot start."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from postgres import Cluster, new_database
from team_helpers import grant, home, init_team, pg_rows, unique, write_texts

from phrasebank.bank.indexing import search_index
from phrasebank.mining.pipeline import mine_text
from phrasebank.team.bank import ServerAway
from phrasebank.team.opening import open_team_bank
from phrasebank.team.urls import TeamUrl

SERIES = "民有所呼、我有所应"
OFFLINE = "团队题库离线，数据截至 "


def server_state(cluster: Cluster, database: str) -> dict[str, list[str]]:
    """Everything on the server a write could change (each row as its repr, to sort mixed types)."""
    return {table: sorted(map(repr, pg_rows(cluster, database, f"SELECT * FROM tigang.{table}")))
            for table in ("documents", "paragraphs", "phrases", "sources", "hides", "stars", "changes")}


def test_reads_go_on_from_the_replica_and_writes_wait_for_the_server(
        own_cluster: Cluster, run_cli: Callable[..., Any], tmp_path: Path) -> None:
    """A bank open and synced; the server stops: search, phrases and docs answer from the replica with
    the offline note; mine, forget, hide and star are refused in one line (exit 1) and change nothing;
    a computer without a replica cannot start (one line, exit 1); the server back, the next sync
    brings the replica along and writes succeed again."""
    database = new_database(own_cluster)
    init_team(own_cluster, database)
    url = grant(own_cluster, database, unique("wang"))
    files = write_texts(tmp_path / "材料", ["代表工作.txt", "模范机关.txt"])
    assert run_cli("mine", *files, "--bank", url).code == 0
    (later,) = write_texts(tmp_path / "新材料", ["监督工作.txt"])
    with open_team_bank(TeamUrl.parse(url)) as bank:
        assert bank.online and not bank.offline_note
        series = next(phrase for phrase in bank.phrases() if phrase.text == SERIES)
        before = server_state(own_cluster, database)
        own_cluster.stop()

        assert bank.sync() is None and not bank.online  # the server is away: the replica serves
        assert bank.offline_note.startswith(OFFLINE) and bank.offline_note[len(OFFLINE):] == bank.synced_at
        assert [hit.text for hit in search_index(bank).search("民有所呼", limit=1)] == [SERIES]
        assert series.id in [phrase.id for phrase in bank.phrases(kind="series")]
        assert [doc.name for doc in bank.documents()] == ["代表工作.txt", "模范机关.txt"]
        with pytest.raises(ServerAway) as away:
            bank.store_documents([(mine_text(later.read_text(encoding="utf-8"), str(later), later.name), 0, 0.0)])
        assert "现在连不上" in str(away.value) and "不能写入" in str(away.value) and "\n" not in str(away.value)

        searched = run_cli("search", "民有所呼", "--bank", url, "--json")  # a command of its own, meanwhile
        assert searched.code == 0 and json.loads(searched.out)[0]["text"] == SERIES
        (note,) = searched.err.strip().splitlines()
        assert OFFLINE in note and "搜索用本机副本" in note
        listed = run_cli("phrases", "--bank", url, "--kind", "series", "--json")
        assert listed.code == 0 and SERIES in [phrase["text"] for phrase in json.loads(listed.out)]
        documents = run_cli("docs", "--bank", url, "--json")
        assert documents.code == 0 and len(json.loads(documents.out)) == 2
        status = run_cli("team", "status", url)
        assert status.code == 0 and f"状态：{OFFLINE}" in status.out
        for command in (["mine", later], ["forget", "代表工作.txt"], ["hide", str(series.id)],
                        ["star", str(series.id)]):
            refused = run_cli(*command, "--bank", url)
            assert refused.code == 1 and not refused.out, command
            (line,) = refused.err.strip().splitlines()
            assert "现在连不上" in line and "不能写入" in line and "搜索和提纲照常可用" in line, command
        assert bank.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert [doc.name for doc in bank.documents()] == ["代表工作.txt", "模范机关.txt"]
        with home(tmp_path / "新电脑"):  # first use on a computer with no replica yet: nothing to fall back on
            for command in (["search", "民有所呼", "--bank", url], ["docs", "--bank", url], ["team", "status", url]):
                first = run_cli(*command)
                assert first.code == 1 and not first.out and "Traceback" not in first.err, command
                (line,) = first.err.strip().splitlines()
                assert "连不上团队题库" in line and "本机也还没有它的副本" in line, command

        own_cluster.start()
        assert server_state(own_cluster, database) == before  # nothing reached the server
        assert bank.sync() is not None and bank.online and not bank.offline_note
        assert bank.set_hidden(series.id)
        assert series.id not in [phrase.id for phrase in bank.phrases()]
    mined = run_cli("mine", later, "--bank", url)
    assert mined.code == 0 and "新增 1" in mined.out and not mined.err
    assert sorted(pg_rows(own_cluster, database, "SELECT name FROM tigang.documents")) == [
        ("代表工作.txt",), ("模范机关.txt",), ("监督工作.txt",)]
    assert pg_rows(own_cluster, database, "SELECT text FROM tigang.hides") == [(SERIES,)]


def test_a_server_gone_during_a_session_is_noticed_at_the_first_write(
        own_cluster: Cluster, tmp_path: Path) -> None:
    """The open bank's connection dies with the server: the next write says so in one line and the
    replica stays whole; with the server back, the same bank object's next sync reconnects and its
    writes go through again."""
    database = new_database(own_cluster)
    init_team(own_cluster, database)
    url = grant(own_cluster, database, unique("zhao"))
    (text,) = write_texts(tmp_path, ["三联三助.txt"])
    with open_team_bank(TeamUrl.parse(url)) as bank:
        bank.store_documents([(mine_text(text.read_text(encoding="utf-8"), str(text), text.name), 0, 0.0)])
        bank.sync()
        formula = next(phrase for phrase in bank.phrases(kind="formula") if phrase.text == "三联三助")
        own_cluster.stop()
        assert bank.online  # nothing has asked the server yet
        with pytest.raises(ServerAway) as away:
            bank.set_starred(formula.id)
        assert "现在连不上" in str(away.value) and "\n" not in str(away.value)
        assert not bank.online and bank.offline_note.startswith(OFFLINE)
        assert bank.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert not bank.get_phrases([formula.id])[formula.id].starred
        own_cluster.start()
        assert bank.sync() is not None and bank.online and not bank.offline_note  # the next sync finds it back
        assert bank.set_starred(formula.id) and bank.get_phrases([formula.id])[formula.id].starred
    assert pg_rows(own_cluster, database, "SELECT text FROM tigang.stars") == [("三联三助",)]

