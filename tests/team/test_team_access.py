"""Who may write, and what is never written: a reader (or a writer made a reader) is refused in one
line that names the role and the grant; a bank from a newer tigang or another miner takes no writes
but still answers searches; without the driver every team command says what to install; and no
password given to tigang ever lands in a file it writes."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from postgres import Cluster
from team_helpers import grant, home, pg_rows, unique, write_settings, write_texts

from phrasebank import mining
from phrasebank.bank.opening import create_bank
from phrasebank.errors import TigangError
from phrasebank.team.opening import open_team_bank
from phrasebank.team.urls import TeamUrl

SERIES = "民有所呼、我有所应"


def one_line(result: Any) -> str:
    """The one line a refused command writes (and nothing on stdout, exit 1)."""
    assert result.code == 1 and not result.out, (result.code, result.out, result.err)
    (line,) = result.err.strip().splitlines()
    assert line.startswith("tigang: 错误：")
    return str(line)


class Stocked(NamedTuple):
    """A bank in which a writer has mined two texts: the writer's role and URL, and the id of the
    phrase “民有所呼、我有所应”."""

    role: str
    url: str
    series: int


@pytest.fixture
def stocked(pg_cluster: Cluster, team_db: str, owner_url: str, run_cli: Callable[..., Any],
            tmp_path: Path) -> Stocked:
    """See `Stocked` (the writer's computer is `tmp_path / "alice"`)."""
    role = unique("alice")
    url = grant(pg_cluster, team_db, role)
    with home(tmp_path / "alice"):
        assert run_cli("mine", *write_texts(tmp_path / "材料", ["代表工作.txt", "监督工作.txt"]), "--bank", url).code == 0
    (series_id,) = pg_rows(pg_cluster, team_db, f"SELECT id FROM tigang.phrases WHERE text = '{SERIES}'")[0]
    return Stocked(role, url, int(series_id))


def test_a_reader_searches_but_every_write_is_refused_naming_the_role_and_the_grant(
        pg_cluster: Cluster, team_db: str, stocked: Stocked, run_cli: Callable[..., Any],
        tmp_path: Path) -> None:
    """mine, forget, hide and star as a `--reader` role: one line naming the role and the grant to ask
    for, exit 1, the server untouched; search, phrases, docs and status work."""
    series_id = stocked.series
    bob = unique("bob")
    url = grant(pg_cluster, team_db, bob, "reader")
    before = pg_rows(pg_cluster, team_db, "SELECT max(seq) FROM tigang.changes")
    (text,) = write_texts(tmp_path / "新", ["三联三助.txt"])
    for command in (["mine", text], ["forget", "代表工作.txt"], ["hide", str(series_id)], ["star", str(series_id)]):
        line = one_line(run_cli(*command, "--bank", url))
        assert f"您的角色 {bob} 在团队题库" in line and "只有检索权限，不能写入" in line, command
        assert f"tigang team grant 题库地址 {bob} --writer" in line, command
    assert pg_rows(pg_cluster, team_db, "SELECT max(seq) FROM tigang.changes") == before
    hits = json.loads(run_cli("search", "民有所呼", "--bank", url, "--json").out)
    assert hits[0]["text"] == SERIES and hits[0]["count"] == 1
    assert len(json.loads(run_cli("docs", "--bank", url, "--json").out)) == 2
    assert f"角色：{bob}；权限：只能检索" in run_cli("team", "status", url).out


def test_a_writer_made_a_reader_loses_its_writes_even_in_an_open_session(
        pg_cluster: Cluster, team_db: str, stocked: Stocked, run_cli: Callable[..., Any],
        tmp_path: Path) -> None:
    """`team grant … --reader` on a writer: its open bank, still believing it may write, is refused by
    the server in one line; its next command is refused before it starts."""
    role, url, series_id = stocked
    with home(tmp_path / "alice"), open_team_bank(TeamUrl.parse(url)) as bank:
        assert bank.state is not None and bank.state.can_write
        grant(pg_cluster, team_db, role, "reader")
        with pytest.raises(TigangError) as refused:
            bank.set_hidden(series_id)
        assert f"拒绝了写入：角色 {role} 没有写权限" in str(refused.value) and "\n" not in str(refused.value)
        assert not bank.get_phrases([series_id])[series_id].hidden
        line = one_line(run_cli("hide", str(series_id), "--bank", url))
        assert f"您的角色 {role} 在团队题库" in line
    assert pg_rows(pg_cluster, team_db, "SELECT count(*) FROM tigang.hides") == [(0,)]


@pytest.mark.parametrize(("key", "value", "says"), [
    ("schema_version", "99", "已由更新版本的 tigang 升级（格式第 99 版，本版只认到第 1 版）；本版只能检索，不能写入，请升级 tigang。"),
    ("mining_version", str(mining.MINING_VERSION + 1),
     f"由挖掘第 {mining.MINING_VERSION + 1} 版建立，本版 tigang 是第 {mining.MINING_VERSION} 版"),
])
def test_a_bank_from_a_newer_tigang_takes_no_writes_but_answers_searches(
        pg_cluster: Cluster, team_db: str, stocked: Stocked, run_cli: Callable[..., Any],
        tmp_path: Path, key: str, value: str, says: str) -> None:
    """A newer table layout or another miner on the server: writes refused in one line, reads work, and
    `team init` leaves the bank alone."""
    _, url, series_id = stocked
    pg_cluster.sql(f"UPDATE tigang.meta SET value = '{value}' WHERE key = '{key}'", team_db)
    with home(tmp_path / "alice"):
        (text,) = write_texts(tmp_path / "新", ["三联三助.txt"])
        for command in (["mine", text], ["forget", "代表工作.txt"], ["hide", str(series_id)]):
            assert says in one_line(run_cli(*command, "--bank", url)), command
        hits = json.loads(run_cli("search", "民有所呼", "--bank", url, "--json").out)
        assert hits[0]["text"] == SERIES
        status = run_cli("team", "status", url)
        assert status.code == 0 and "权限：只能检索" in status.out and says in status.out
    owner = pg_cluster.url(database=team_db)
    assert "请升级 tigang，题库未作改动" in one_line(run_cli("team", "init", owner))
    assert pg_rows(pg_cluster, team_db, "SELECT count(*) FROM tigang.documents") == [(2,)]


def test_a_bank_mined_by_an_older_miner_takes_writes_again_once_its_owner_remines_it(
        pg_cluster: Cluster, team_db: str, stocked: Stocked, run_cli: Callable[..., Any],
        tmp_path: Path) -> None:
    """An older mining version: writers are told to ask the owner; `team init` re-mines every document
    (who added it and when kept), and the writers' replicas follow."""
    url = stocked.url
    pg_cluster.sql(f"UPDATE tigang.meta SET value = '{mining.MINING_VERSION - 1}' WHERE key = 'mining_version'",
                   team_db)
    added = pg_rows(pg_cluster, team_db, "SELECT name, added_by, added_at FROM tigang.documents ORDER BY name")
    counts = pg_rows(pg_cluster, team_db, "SELECT kind, text, count, docs FROM tigang.phrases ORDER BY kind, text")
    with home(tmp_path / "alice"):
        (text,) = write_texts(tmp_path / "新", ["三联三助.txt"])
        assert "请题库所有者运行 tigang team init" in one_line(run_cli("mine", text, "--bank", url))
        remined = run_cli("team", "init", pg_cluster.url(database=team_db))
        assert remined.code == 0 and f"已用第 {mining.MINING_VERSION} 版重新挖掘 2 个文档" in remined.out
        assert pg_rows(pg_cluster, team_db, "SELECT name, added_by, added_at FROM tigang.documents ORDER BY name") == added
        assert pg_rows(pg_cluster, team_db,
                       "SELECT kind, text, count, docs FROM tigang.phrases ORDER BY kind, text") == counts
        mined = run_cli("mine", text, "--bank", url)
        assert mined.code == 0 and "新增 1" in mined.out
        listed = json.loads(run_cli("phrases", "--bank", url, "--json", "--limit", "1000").out)
    server = pg_rows(pg_cluster, team_db, "SELECT id, text, count FROM tigang.phrases")
    assert sorted((p["id"], p["text"], p["count"]) for p in listed) == sorted(server)


DRIVERLESS = """
import json, os, sys
sys.modules["psycopg"] = None  # as on a computer where tigang was installed without the team extra
from tui.launch import main
for home, args in json.loads(sys.argv[1]):
    os.environ["TIGANG_HOME"] = home
    code = main(args)
    print(f"=== {code}", flush=True)
    print("===", file=sys.stderr, flush=True)
"""
INSTALL = 'tigang: 错误：使用团队题库（PostgreSQL）需要 psycopg 驱动；请先运行 pip install "tigang[team]"。'


def test_without_the_driver_every_team_command_says_what_to_install(tmp_path: Path) -> None:
    """No psycopg: `--bank postgresql://…`, the bank setting and `team …` each say in one line to
    `pip install "tigang[team]"`, exit 1, no traceback; a bank file still works."""
    url = "postgresql://alice@办公室服务器:5432/tigang"
    plain, configured = tmp_path / "home", tmp_path / "设置了团队题库"
    (configured / "config").mkdir(parents=True)
    (configured / "config" / "settings.toml").write_text(f'bank = "{url}"\n', encoding="utf-8")
    (text,) = write_texts(tmp_path / "材料", ["代表工作.txt"])
    create_bank(tmp_path / "本机.sqlite").close()
    runs = [(plain, ["search", "民有所呼", "--bank", url]), (plain, ["mine", str(text), "--bank", url]),
            (plain, ["team", "status", url]), (plain, ["team", "init", url]), (configured, ["docs"]),
            (configured, ["hide", "1"]), (plain, ["docs", "--bank", str(tmp_path / "本机.sqlite")])]
    result = subprocess.run([sys.executable, "-c", DRIVERLESS, json.dumps([(str(h), a) for h, a in runs])],
                            capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    outs = re.findall(r"(.*?)=== (\d+)\n", result.stdout, re.DOTALL)  # (what it printed, its exit code)
    errs = result.stderr.split("===\n")[:-1]
    assert len(outs) == len(errs) == len(runs), (result.stdout, result.stderr)
    for (_, args), (out, code), err in list(zip(runs, outs, errs, strict=True))[:-1]:
        assert (out, code, err.strip()) == ("", "1", INSTALL), args
    (local_out, local_code), local_err = outs[-1], errs[-1]
    assert local_code == "0" and "共 0 个文档" in local_out and not local_err.strip()


def test_no_password_given_to_tigang_is_ever_written(
        pg_cluster: Cluster, team_db: str, owner_url: str, run_cli: Callable[..., Any], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, isolated_home: Path) -> None:
    """A password in the URL, then in PGPASSWORD (with the URL in the bank setting): after mining,
    searching, listing, hiding and syncing, no file under TIGANG_HOME (replica, index, settings)
    holds either, nor does anything tigang prints."""
    role = unique("qian")
    grant(pg_cluster, team_db, role)
    in_url, in_env = "Url-S3cret-4f9a", "Env-S3cret-7c1d"
    pg_cluster.sql(f"ALTER ROLE {role} PASSWORD '{in_url}'")  # trusted locally all the same: storage is the point
    files = write_texts(tmp_path / "材料", ["代表工作.txt", "模范机关.txt"])
    printed = []

    def run(*args: str | Path) -> Any:
        result = run_cli(*args)
        assert result.code == 0, (args, result.err)
        printed.append(result.out + result.err)
        return result

    url = pg_cluster.url(f"{role}:{in_url}", team_db)
    run("mine", *files, "--bank", url)
    run("search", "民有所呼", "--bank", url)
    run("docs", "--json", "--bank", url)
    run("team", "status", url)
    series = next(p for p in json.loads(run("phrases", "--json", "--bank", url).out) if p["text"] == SERIES)
    run("hide", str(series["id"]), "--bank", url)

    monkeypatch.setenv("PGPASSWORD", in_env)
    write_settings(f'bank = "{pg_cluster.url(role, team_db)}"\n')
    run("unhide", str(series["id"]))
    run("mine", files[0])
    run("search", "代表机关")
    run("docs", "--json")
    run("team", "status")

    written = [path for path in isolated_home.rglob("*") if path.is_file()]
    assert {path.suffix for path in written} >= {".sqlite", ".toml"}
    assert any(".index" in path.parent.name for path in written)  # the search index is looked at too
    for secret in (in_url, in_env):
        for path in written:
            assert secret.encode() not in path.read_bytes(), (secret, path)
        assert all(secret not in text for text in printed), secret
    assert all(role in text for text in printed if "团队题库" in text)  # the role is shown, never the password
