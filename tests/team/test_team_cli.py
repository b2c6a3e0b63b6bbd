"""`tigang team init|grant|status` and every bank command with `--bank postgresql://…` or the `bank`
setting, as a writer runs them: the same answers as on a bank file, each document saying which
PostgreSQL role added it and when."""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from postgres import Cluster
from team_helpers import SHARED, grant, pg_rows, unique, write_settings, write_texts

SERIES = "民有所呼、我有所应"


def test_init_makes_the_bank_with_its_seeds_once_and_a_second_run_has_nothing_to_do(
        pg_cluster: Cluster, team_db: str, run_cli: Callable[..., Any]) -> None:
    """`team init` makes the tables and puts in the five seeds; run again it changes nothing."""
    url = pg_cluster.url(database=team_db)
    first = run_cli("team", "init", url)
    assert first.code == 0, first.err
    assert first.out.splitlines() == [f"已在 {url} 建立团队题库（格式第 1 版）。",
                                      "已加入 5 篇内置种子材料（不需要时可用 tigang forget 删除）。"]
    again = run_cli("team", "init", url)
    assert again.code == 0 and again.out.strip() == f"团队题库 {url} 已是最新格式（第 1 版），未作改动。"
    assert pg_rows(pg_cluster, team_db, "SELECT count(*), bool_and(builtin) FROM tigang.documents") == [(5, True)]
    found = run_cli("search", "民有所呼", "--bank", url, "--json")
    assert found.code == 0, found.err
    assert json.loads(found.out)[0]["text"] == SERIES
    refused = run_cli("team", "init", "/tmp/题库.sqlite")
    assert refused.code == 1 and "不是团队题库地址" in refused.err and not refused.out


def test_grant_makes_writers_and_readers_and_status_says_who_may_do_what(
        pg_cluster: Cluster, team_db: str, owner_url: str, run_cli: Callable[..., Any]) -> None:
    """`team grant` makes a login role once and gives it writing or reading; `team status` shows it."""
    alice, bob = unique("alice"), unique("bob")
    made = run_cli("team", "grant", owner_url, alice, "--writer")
    assert made.code == 0, made.err
    assert made.out.startswith(f"已建立可登录的角色 {alice}（没有密码")
    assert f"角色 {alice} 在团队题库 {owner_url} 中可以检索和写入" in made.out
    again = run_cli("team", "grant", owner_url, alice, "--writer")
    assert again.code == 0 and "已建立" not in again.out and f"角色 {alice} 在团队题库" in again.out
    reader = run_cli("team", "grant", owner_url, bob, "--reader")
    assert reader.code == 0 and "只能检索，不能写入" in reader.out
    assert sorted(pg_rows(pg_cluster, team_db, "SELECT role, access FROM tigang.members")) == [
        (alice, "writer"), (bob, "reader")]

    status = run_cli("team", "status", pg_cluster.url(alice, team_db))
    assert status.code == 0, status.err
    lines = status.out.splitlines()
    assert lines[0] == f"团队题库：{pg_cluster.url(alice, team_db)}"
    assert lines[1] == f"角色：{alice}；权限：检索和写入"
    assert lines[2].startswith("本机副本：") and "（0 个文档，0 条短语，数据截至" in lines[2]
    status = run_cli("team", "status", pg_cluster.url(bob, team_db))
    assert status.code == 0 and f"角色：{bob}；权限：只能检索" in status.out
    neither = run_cli("team", "status")
    assert neither.code == 1 and "没有指定团队题库" in neither.err


def test_every_bank_command_works_on_a_team_bank(
        pg_cluster: Cluster, team_db: str, owner_url: str, run_cli: Callable[..., Any], tmp_path: Path) -> None:
    """mine (again: nothing; edited: replaced), docs (--json), phrases, search, show, explain,
    star/unstar, hide/unhide and forget on a team bank, as the writer alice."""
    alice = unique("alice")
    url = grant(pg_cluster, team_db, alice)
    files = write_texts(tmp_path / "材料", ["代表工作.txt", "模范机关.txt"])
    mined = run_cli("mine", tmp_path / "材料", "--bank", url)
    assert mined.code == 0, mined.err
    assert "文档：新增 2，更新 0，未变 0" in mined.out and f"团队题库 {url} 现有" in mined.out
    assert "未变 2" in run_cli("mine", tmp_path / "材料", "--bank", url).out  # nothing mined twice

    table = run_cli("docs", "--bank", url)
    assert table.code == 0 and "添加者" in table.out and "共 2 个文档" in table.out
    assert table.out.count(alice) == 2 and str(files[0]) in table.out and f"{alice}:" not in table.out
    documents = json.loads(run_cli("docs", "--bank", url, "--json").out)
    assert sorted(doc["name"] for doc in documents) == ["代表工作.txt", "模范机关.txt"]
    for doc in documents:
        assert doc["added_by"] == alice and not doc["builtin"]
        assert datetime.fromisoformat(doc["mined_at"]).tzinfo is not None  # when, in UTC
        assert abs((datetime.now().astimezone() - datetime.fromisoformat(doc["mined_at"])).total_seconds()) < 300
    assert {doc["title"] for doc in documents} == {"关于加强代表工作的汇报", "县人大常委会机关党支部建设模范机关情况汇报"}

    phrases = json.loads(run_cli("phrases", "--bank", url, "--json").out)
    series = next(phrase for phrase in phrases if phrase["text"] == SERIES)
    assert (series["kind"], series["count"], series["docs"]) == ("series", 2, 2)
    assert series["organs"] == ["代表机关"] and {source["doc"] for source in series["sources"]} == {
        "代表工作.txt", "模范机关.txt"}
    headings = json.loads(run_cli("phrases", "--bank", url, "--kind", "heading", "--json").out)
    assert "密切联系群众，着力打造人民满意的“代表机关”" in [phrase["text"] for phrase in headings]

    hits = json.loads(run_cli("search", "民有所呼", "--bank", url, "--json").out)
    assert hits[0]["id"] == series["id"] and hits[0]["tier"] == "prefix"
    assert [hit["kind"] for hit in hits[1:]] == ["sentence", "sentence"]  # one in each document
    assert all(hit["text"].endswith("真正做到民有所呼、我有所应。") for hit in hits[1:])
    lines = [hit for hit in json.loads(run_cli("search", "人民满意", "--bank", url, "--json").out) if hit["id"] is None]
    assert {hit["doc"] for hit in lines} == {"代表工作.txt", "模范机关.txt"}  # the paragraphs themselves
    assert all("着力打造人民满意的“代表机关”" in hit["paragraph"] for hit in lines)
    pinyin = json.loads(run_cli("search", "mysh", "--bank", url, "--json").out)
    assert SERIES in [hit["text"] for hit in pinyin]

    shown = run_cli("show", series["id"], "--bank", url)
    assert shown.code == 0, shown.err
    assert f"【排比】{SERIES}" in shown.out and f"编号 {series['id']} · 出现 2 次 · 来自 2 篇" in shown.out
    assert "真正做到民有所呼、我有所应。" in shown.out and "代表工作.txt" in shown.out
    sentence = "完善落实委员联系代表、代表联系选民的“双联系”制度，收集选民意见，全力推动问题解决，真正做到民有所呼、我有所应。"
    heading = "密切联系群众，着力打造人民满意的“代表机关”"
    stored = next(phrase for phrase in phrases if phrase["text"] == sentence)
    explained = json.loads(run_cli("explain", sentence, "--heading", heading, "--json").out)
    assert [tag["organ"] for tag in explained["organs"]] == stored["organs"] == ["代表机关"]

    starred = run_cli("star", series["id"], "--bank", url)
    assert starred.code == 0 and starred.out.startswith(f"已收藏短语 {series['id']}“{SERIES}”")
    assert run_cli("star", series["id"], "--bank", url).out.strip().endswith("已经收藏过了，未作改动。")
    first = json.loads(run_cli("phrases", "--bank", url, "--json").out)[0]
    assert first["text"] == SERIES and first["starred"]
    assert run_cli("unstar", series["id"], "--bank", url).out.startswith(f"已取消收藏短语 {series['id']}")
    assert "没有收藏，未作改动" in run_cli("unstar", series["id"], "--bank", url).out

    hidden = run_cli("hide", series["id"], "--bank", url)
    assert hidden.code == 0 and hidden.out.startswith(f"已隐藏短语 {series['id']}“{SERIES}”")
    assert series["id"] not in [hit["id"] for hit in json.loads(run_cli("search", "民有所呼", "--bank", url, "--json").out)]
    with_hidden = json.loads(run_cli("search", "民有所呼", "--bank", url, "--hidden", "--json").out)
    assert with_hidden[0]["id"] == series["id"] and with_hidden[0]["hidden"]
    assert "已隐藏" in run_cli("show", series["id"], "--bank", url).out
    assert run_cli("unhide", series["id"], "--bank", url).out.startswith(f"已恢复显示短语 {series['id']}")
    assert json.loads(run_cli("search", "民有所呼", "--bank", url, "--json").out)[0]["id"] == series["id"]

    forgotten = run_cli("forget", "代表工作.txt", "--bank", url)
    assert forgotten.code == 0 and forgotten.out.startswith("已删除文档") and "「代表工作.txt」" in forgotten.out
    assert [doc["name"] for doc in json.loads(run_cli("docs", "--bank", url, "--json").out)] == ["模范机关.txt"]
    again = {phrase["text"]: phrase for phrase in json.loads(run_cli("phrases", "--bank", url, "--json").out)}
    assert (again[SERIES]["count"], again[SERIES]["docs"]) == (1, 1) and sentence not in again
    assert pg_rows(pg_cluster, team_db, "SELECT name FROM tigang.documents") == [("模范机关.txt",)]
    missing = run_cli("forget", "代表工作.txt", "--bank", url)
    assert missing.code == 1 and "没有文档“代表工作.txt”" in missing.err

    write_texts(tmp_path / "材料", ["模范机关.txt"], version=1)  # the writer edits the file and mines it again
    edited = run_cli("mine", files[1], "--bank", url)
    assert edited.code == 0 and "文档：新增 0，更新 1，未变 0" in edited.out
    assert SERIES not in [phrase["text"] for phrase in json.loads(run_cli("phrases", "--bank", url, "--json").out)]
    assert pg_rows(pg_cluster, team_db, "SELECT name, added_by FROM tigang.documents") == [("模范机关.txt", alice)]


def test_the_bank_setting_makes_the_team_bank_the_default(
        pg_cluster: Cluster, team_db: str, owner_url: str, run_cli: Callable[..., Any], tmp_path: Path) -> None:
    """`bank = "postgresql://…"` in settings.toml: every command uses the team bank without `--bank`."""
    alice = unique("alice")
    url = grant(pg_cluster, team_db, alice)
    write_settings(f'rate = 230\nbank = "{url}"\n')
    (shared,) = write_texts(tmp_path, [SHARED])
    mined = run_cli("mine", shared)
    assert mined.code == 0 and f"团队题库 {url} 现有" in mined.out
    assert pg_rows(pg_cluster, team_db, "SELECT added_by, name FROM tigang.documents") == [(alice, SHARED)]
    hits = json.loads(run_cli("search", "民有所呼", "--json").out)
    assert hits[0]["text"] == SERIES and hits[0]["count"] == 1  # not the built-in bank's (seeds: 2)
    status = run_cli("team", "status")
    assert status.code == 0 and f"角色：{alice}；权限：检索和写入" in status.out and "（1 个文档" in status.out
    local = run_cli("mine", shared, "--bank", tmp_path / "本机.sqlite")  # --bank still wins
    assert local.code == 0 and f"题库 {tmp_path / '本机.sqlite'} 现有" in local.out
    assert pg_rows(pg_cluster, team_db, "SELECT count(*) FROM tigang.documents") == [(1,)]


def test_a_password_in_the_bank_setting_is_refused_with_its_line(
        pg_cluster: Cluster, team_db: str, owner_url: str, run_cli: Callable[..., Any]) -> None:
    """A password written into settings.toml is refused (with the file and line), never used or shown."""
    alice = unique("alice")
    grant(pg_cluster, team_db, alice)
    url = pg_cluster.url(f"{alice}:s3cret-口令", team_db)
    settings = write_settings(f'rate = 230\nbank = "{url}"\n')
    for command in (["search", "民有所呼"], ["docs"], ["team", "status"]):
        refused = run_cli(*command)
        assert refused.code == 1 and not refused.out, command
        (line,) = refused.err.strip().splitlines()
        assert f"{settings} 第 2 行" in line and "不要写密码" in line and "s3cret" not in line
