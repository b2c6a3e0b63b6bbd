"""Several writers on one team bank, each on a computer of their own (a TIGANG_HOME of their own):
mining at the same moment from two processes loses nothing and counts as mining one after the other
does; a file both mine is one document; what one forgets or hides is gone or hidden for the other
at their next command; a star is the starring writer's alone; a writer whose turn does not come gives
up in one line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from postgres import Cluster
from team_helpers import (
    SHARED,
    briefing,
    grant,
    home,
    pg_rows,
    phrase_counts,
    replica_file,
    sqlite_rows,
    unique,
    write_texts,
)

from phrasebank.errors import TigangError
from phrasebank.mining.pipeline import mine_text
from phrasebank.team.opening import open_team_bank
from phrasebank.team.server import WRITE_LOCK
from phrasebank.team.urls import TeamUrl

BRIEFINGS = 30
"""Briefings each writer mines (with the shared file), in batches of `BATCH` documents: a transaction each."""
BATCH = 1
WRITER = """
import sys, time
from pathlib import Path

import psycopg  # noqa: F401 - loaded before the start line, so that both writers start together
import phrasebank.bank.ingest as ingest
import phrasebank.team.opening  # noqa: F401
from phrasebank.cli.main import main
from phrasebank.mining.pipeline import mine_text

mine_text("一、坚持党的领导\\n民有所呼、我有所应。", "预热", "预热")  # the dictionaries, loaded before the start too

ingest.BATCH_DOCS = int(sys.argv[3])  # a transaction per document, so that the two writers' interleave
Path(sys.argv[2]).touch()  # ready
while not Path(sys.argv[1]).exists():
    time.sleep(0.005)
sys.exit(main(sys.argv[4:]))
"""


def writer_files(folder: Path, writer: str, shared: Path) -> list[Path]:
    """A writer's briefings, and the file on the shared drive."""
    folder.mkdir(parents=True)
    paths = []
    for number in range(1, BRIEFINGS + 1):
        path = folder / f"简报{number:02d}.txt"
        path.write_text(briefing(writer, number), encoding="utf-8")
        paths.append(path)
    return [*paths, shared]


def test_two_writers_mining_at_once_lose_nothing_and_count_as_mining_in_turn(
        pg_cluster: Cluster, team_db: str, owner_url: str, run_cli: Callable[..., Any], tmp_path: Path) -> None:
    """Two processes mine into the bank at the same moment: both succeed, every document is there once
    (the shared file too), and every phrase's count equals mining both sets into a bank file in turn."""
    writers = [unique("zhang"), unique("li")]
    urls = [grant(pg_cluster, team_db, writer) for writer in writers]
    (shared,) = write_texts(tmp_path / "共享盘", [SHARED])
    files = [writer_files(tmp_path / f"材料{i}", name, shared) for i, name in enumerate(["张", "李"])]
    go = tmp_path / "go"
    processes = []
    for index, (url, paths) in enumerate(zip(urls, files, strict=True)):
        env = {**os.environ, "TIGANG_HOME": str(tmp_path / f"home{index}"), "COLUMNS": "200"}
        processes.append(subprocess.Popen(
            [sys.executable, "-c", WRITER, str(go), str(tmp_path / f"ready{index}"), str(BATCH), "mine", *map(str, paths), "--bank", url,
             "--workers", "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready{index}").exists() for index in range(2)) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()  # both have loaded what they need: they start together
    outputs = [process.communicate(timeout=120) for process in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert "跳过 0" in out and "Traceback" not in err
    reports = [out.splitlines()[0] for out, _ in outputs]  # which one stored the shared file is up to timing
    added = [int(line.split("新增 ")[1].split("，")[0]) for line in reports]
    unchanged = [int(line.split("未变 ")[1].split("，")[0]) for line in reports]
    assert sorted(added) == [BRIEFINGS, BRIEFINGS + 1] and sorted(unchanged) == [0, 1]

    documents = pg_rows(pg_cluster, team_db, "SELECT added_by, name FROM tigang.documents ORDER BY id")
    assert len(documents) == 2 * BRIEFINGS + 1
    assert [who for who, name in documents if name == SHARED] in ([writers[0]], [writers[1]])
    assert sorted(who for who, name in documents if name != SHARED) == sorted(writers * BRIEFINGS)

    local = tmp_path / "本机.sqlite"
    for paths in files:  # the same files mined one set after the other into a bank file
        assert run_cli("mine", *paths, "--bank", local, "--workers", "1").code == 0
    expected = phrase_counts(sqlite_rows(local, "SELECT kind, text, count, docs FROM phrases"))
    server = phrase_counts(pg_rows(pg_cluster, team_db, "SELECT kind, text, count, docs FROM tigang.phrases"))
    assert server == expected
    assert sum(count for count, _ in server.values()) == int(pg_rows(
        pg_cluster, team_db, "SELECT count(*) FROM tigang.sources")[0][0])
    for index, url in enumerate(urls):  # each replica, after its writer's next command, holds it all
        with home(tmp_path / f"home{index}"):
            listed = run_cli("docs", "--bank", url, "--json")
        assert len(json.loads(listed.out)) == 2 * BRIEFINGS + 1
        replica = replica_file(tmp_path / f"home{index}")
        assert phrase_counts(sqlite_rows(replica, "SELECT kind, text, count, docs FROM phrases")) == expected


def test_what_one_writer_forgets_or_hides_the_other_sees_at_the_next_command_and_stars_stay_their_own(
        pg_cluster: Cluster, team_db: str, owner_url: str, run_cli: Callable[..., Any], tmp_path: Path) -> None:
    """A forget and a hide by one writer reach the other's replica at their next command; a star does not."""
    zhang, li = unique("zhang"), unique("li")
    urls = {zhang: grant(pg_cluster, team_db, zhang), li: grant(pg_cluster, team_db, li)}
    homes = {zhang: tmp_path / "张的电脑", li: tmp_path / "李的电脑"}

    def as_writer(writer: str, *args: str | Path) -> Any:
        with home(homes[writer]):
            return run_cli(*args, "--bank", urls[writer])

    (shared,) = write_texts(tmp_path / "共享盘", [SHARED])
    assert as_writer(zhang, "mine", *write_texts(tmp_path / "张", ["代表工作.txt", "监督工作.txt"]), shared).code == 0
    mined = as_writer(li, "mine", *write_texts(tmp_path / "李", ["模范机关.txt"]), shared)
    assert mined.code == 0 and "新增 1，更新 0，未变 1" in mined.out  # the shared file is already there
    documents = json.loads(as_writer(li, "docs", "--json").out)
    assert [(doc["name"], doc["added_by"]) for doc in documents] == [
        ("代表工作.txt", zhang), ("监督工作.txt", zhang), (SHARED, zhang), ("模范机关.txt", li)]

    def phrases(writer: str, *options: str) -> dict[str, dict[str, object]]:
        return {p["text"]: p for p in json.loads(as_writer(writer, "phrases", "--json", *options).out)}

    heading = "依法履职，增强监督实效"
    assert heading in phrases(li)
    forgotten = as_writer(zhang, "forget", "监督工作.txt")
    assert forgotten.code == 0 and "「监督工作.txt」" in forgotten.out
    assert [doc["name"] for doc in json.loads(as_writer(li, "docs", "--json").out)] == [
        "代表工作.txt", SHARED, "模范机关.txt"]
    assert heading not in phrases(li)
    assert all(hit["text"] != heading for hit in json.loads(as_writer(li, "search", "增强监督实效", "--json").out))

    series = phrases(zhang)["民有所呼、我有所应"]
    assert series["count"] == 3 and phrases(li)["民有所呼、我有所应"]["id"] == series["id"]
    assert as_writer(li, "hide", str(series["id"])).code == 0
    assert "民有所呼、我有所应" not in phrases(zhang)  # hidden for the whole team
    assert all(hit["id"] != series["id"] for hit in json.loads(as_writer(zhang, "search", "民有所呼", "--json").out))
    assert phrases(zhang, "--hidden")["民有所呼、我有所应"]["hidden"]
    assert as_writer(zhang, "unhide", str(series["id"])).code == 0  # anyone may show it again
    assert not phrases(li)["民有所呼、我有所应"]["hidden"]

    term = phrases(li)["代表机关"]
    assert as_writer(li, "star", str(term["id"])).code == 0
    assert phrases(li)["代表机关"]["starred"] and json.loads(as_writer(li, "phrases", "--json").out)[0]["text"] == "代表机关"
    assert not phrases(zhang)["代表机关"]["starred"]  # zhang's replica, synced: li's star is li's
    assert json.loads(as_writer(zhang, "phrases", "--json").out)[0]["text"] != "代表机关"
    assert as_writer(zhang, "star", str(term["id"])).code == 0
    assert as_writer(li, "unstar", str(term["id"])).code == 0
    assert phrases(zhang)["代表机关"]["starred"] and not phrases(li)["代表机关"]["starred"]
    assert sorted(pg_rows(pg_cluster, team_db, "SELECT writer, text FROM tigang.stars")) == [(zhang, "代表机关")]


def test_a_writer_whose_turn_does_not_come_gives_up_in_one_line_and_writes_nothing(
        pg_cluster: Cluster, team_db: str, owner_url: str, tmp_path: Path) -> None:
    """Another writer holds the writers' turn (the advisory lock) longer than a writer waits: the write
    is given up with one line saying the bank is busy, nothing is written, and the next try succeeds."""
    url = TeamUrl.parse(grant(pg_cluster, team_db, unique("zhou")))
    (text,) = write_texts(tmp_path, ["三联三助.txt"])
    mined = mine_text(text.read_text(encoding="utf-8"), str(text), text.name)
    with open_team_bank(url) as bank, psycopg.connect(owner_url) as other:
        assert bank._server is not None
        bank._server.execute("SET lock_timeout = '300ms'")  # instead of waiting the full 30 s
        bank._server.commit()
        other.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))  # held until `other` commits
        with pytest.raises(TigangError) as busy:
            bank.store_documents([(mined, 0, 0.0)])
        assert "正忙（另一位写作者正在写入或升级题库），这次没有写入；请稍后重试。" in str(busy.value)
        assert "\n" not in str(busy.value) and bank.online
        assert pg_rows(pg_cluster, team_db, "SELECT count(*) FROM tigang.documents") == [(0,)]
        other.commit()
        assert bank.store_documents([(mined, 0, 0.0)]) == ["added"]
        bank.sync()
        assert [doc.name for doc in bank.documents()] == ["三联三助.txt"]
