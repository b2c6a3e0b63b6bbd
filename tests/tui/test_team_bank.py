"""A team bank in the editor, against a real PostgreSQL (pgserver, no mocks): another writer's material
appears by the periodic sync without a restart; with the server stopped the status line says
团队题库离线，数据截至 …, search goes on from the replica and a hide is refused in one line; when the
server is back the note goes. Under it, `BankService`: a search never waits for a sync held up by the
server, and a sync loads the new index only when it brought something."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import run_async, search, settle, started
from postgres import Cluster, new_database, own_cluster, pg_cluster, team_db  # noqa: F401
from textual.pilot import Pilot

from phrasebank.search.query import Hit
from phrasebank.team.schema import grant, init_bank
from phrasebank.team.urls import TeamUrl
from phrasebank.text.width import cell_width
from tui.app import TigangApp
from tui.bank_service import BankService, SearchRequest
from tui.widgets.search_pane import ResultList

OWN_TEXT = ("关于加强代表工作的汇报\n"
            "一、坚持党的领导，把牢人大工作政治方向\n"
            "县人大常委会党组牢记政治机关的功能定位，坚持党的全面领导这一最高政治原则，做到“两个维护”。\n"
            "二、密切联系群众，着力打造人民满意的“代表机关”\n"
            "完善落实委员联系代表、代表联系选民的“双联系”制度，收集选民意见，真正做到民有所呼、我有所应。\n")
"""What the writer at this computer mined into the team bank before opening the editor."""
OTHER_TEXT = ("深化“三联三助”活动的情况汇报\n"
              "一、高位推动、精心部署，推进“三联三助”活动落细落地\n"
              "采取“项目化”方式推动“三联三助”活动，建立“月调度、季分析、年总结”工作机制，逐项细化任务、明确分工，责任到人。\n")
"""What a colleague mines on another computer while the editor is open."""
NEW_PHRASE = "月调度、季分析、年总结"
OFFLINE = "团队题库离线，数据截至"


def team_bank(cluster: Cluster, database: str, folder: Path, run_cli: Callable[..., object]) -> tuple[str, str]:
    """A team bank in `database` with this writer's text mined into it and a colleague, `ben`, allowed
    to write; (this writer's URL, ben's URL)."""
    url = cluster.url(database=database)
    init_bank(TeamUrl.parse(url), seeds=False)
    grant(TeamUrl.parse(url), "ben", "writer")
    own = folder / "代表工作.txt"
    own.write_text(OWN_TEXT, encoding="utf-8")
    run_cli("mine", own, "--bank", url)
    return url, cluster.url("ben", database)


def colleague_mines(folder: Path, url: str) -> None:
    """The colleague mines `OTHER_TEXT` with `tigang mine` on their own computer (another process, another
    TIGANG_HOME, another replica)."""
    text = folder / "三联三助.txt"
    text.write_text(OTHER_TEXT, encoding="utf-8")
    env = {**os.environ, "TIGANG_HOME": str(folder / "ben-home")}
    done = subprocess.run([sys.executable, "-m", "tui.launch", "mine", str(text), "--bank", url], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def restart(cluster: Cluster) -> None:
    """Start the stopped server again. `Cluster.start` alone does not, in the process that stopped it:
    pgserver keeps one handle per data folder and process, and hands back the old one as running."""
    import pgserver

    pgserver.PostgresServer._instances.pop(cluster.folder.resolve(), None)
    cluster.start()


def screen_lines(app: TigangApp) -> list[str]:
    """The screen as the terminal shows it, toasts included."""
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]


def status_line(app: TigangApp) -> str:
    return screen_lines(app)[-2]


def shown_hits(app: TigangApp) -> list[Hit]:
    return app.screen.query_one("#results", ResultList).hits


async def until(pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 20) -> None:
    """Let the app run (timers, workers) until `condition` holds."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the UI never got there"
        await pilot.pause(0.1)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@run_async
async def test_the_editor_keeps_a_team_bank_current_and_goes_on_while_the_server_is_away(
        own_cluster: Cluster, run_cli: Callable[..., object], tmp_path: Path, path: Path,  # noqa: F811 - the fixture imported above
        monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]) -> None:
    url, ben = team_bank(own_cluster, new_database(own_cluster), tmp_path, run_cli)
    monkeypatch.setattr(TigangApp, "SYNC_SECONDS", 0.3)
    async with started(url, open_path=path, size=size) as (app, pilot):  # type: ignore[arg-type]
        assert app.bank.team and app.bank_summary.startswith("团队题库 ") and app.bank_offline == ""
        assert OFFLINE not in status_line(app)
        assert not any(NEW_PHRASE in hit.text for hit in await search(pilot, "ydd"))

        await asyncio.to_thread(colleague_mines, tmp_path, ben)  # the editor runs on meanwhile
        await until(pilot, lambda: any(NEW_PHRASE in hit.text for hit in shown_hits(app)))  # nothing typed
        assert app.screen.query_one("#query").value == "ydd"  # type: ignore[attr-defined]

        await asyncio.to_thread(own_cluster.stop)
        await until(pilot, lambda: OFFLINE in status_line(app))
        line = status_line(app).strip()
        assert cell_width(line) <= size[0] - 2 and "字" in line and "保存" in line, line
        hits = await search(pilot, "mysh")  # 民有所呼 from the replica
        assert any("民有所呼" in hit.text for hit in hits)
        assert any(NEW_PHRASE in hit.text for hit in await search(pilot, "ydd"))
        before = len(shown_hits(app))
        await pilot.press("f4")
        await until(pilot, lambda: any("不能写入" in n.message for n in app._notifications))
        refusal = next(n.message for n in app._notifications if "不能写入" in n.message)
        assert "连不上" in refusal and "\n" not in refusal and len(shown_hits(app)) == before  # nothing hidden

        await asyncio.to_thread(restart, own_cluster)
        await until(pilot, lambda: OFFLINE not in status_line(app))
        assert app.bank_offline == "" and any("已重新连上" in n.message for n in app._notifications)
        await settle(pilot)


def test_a_search_never_waits_for_a_sync_the_server_holds_up(
        pg_cluster: Cluster, team_db: str, run_cli: Callable[..., object], tmp_path: Path) -> None:  # noqa: F811 - the fixtures imported above
    import psycopg

    url, _ = team_bank(pg_cluster, team_db, tmp_path, run_cli)
    service = BankService(url)
    service.open()
    assert service.team and service.offline_note == ""
    blocker = psycopg.connect(url)  # another session holds the change log: a sync has to wait for it
    blocker.execute("LOCK TABLE tigang.changes IN ACCESS EXCLUSIVE MODE")
    reports: list[object] = []
    syncing = threading.Thread(target=lambda: reports.append(service.sync()))
    pool = ThreadPoolExecutor(1)
    try:
        syncing.start()
        with psycopg.connect(pg_cluster.url(database=team_db), autocommit=True) as watcher:
            for _ in range(200):  # the server says the sync is waiting for the lock
                waiting = watcher.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'tigang'"
                                          " AND wait_event_type = 'Lock'").fetchone()
                if waiting and waiting[0]:
                    break
                time.sleep(0.05)
            else:
                raise AssertionError("the sync never reached the server")
        # in a thread, as the editor's search worker: a search that waits fails rather than hangs the test
        started_at = time.perf_counter()
        hits = pool.submit(lambda: service.search(SearchRequest("mysh")).hits).result(timeout=5)
        preview = pool.submit(service.preview, hits[0]).result(timeout=5)
        assert time.perf_counter() - started_at < 1.0 and syncing.is_alive()
        assert any("民有所呼" in hit.text for hit in hits) and preview is not None
        assert not service.sync_due(0) and service.sync() is None  # a second sync is skipped, not queued
    finally:
        blocker.commit()
        blocker.close()
        syncing.join(30)
        pool.shutdown()
    assert reports and getattr(reports[0], "changed", None) is False
    service.close()


def test_a_sync_loads_new_material_says_when_the_server_is_away_and_refuses_writes(
        own_cluster: Cluster, run_cli: Callable[..., object], tmp_path: Path) -> None:  # noqa: F811 - the fixture imported above
    from phrasebank.errors import TigangError

    url, ben = team_bank(own_cluster, new_database(own_cluster), tmp_path, run_cli)
    service = BankService(url)
    phrases, _ = service.open()
    index = service.index
    unchanged = service.sync()
    assert unchanged is not None and not unchanged.changed and service.index is index  # nothing to reload
    colleague_mines(tmp_path, ben)
    report = service.sync()
    assert report is not None and report.changed and report.phrases > phrases and service.index is not index
    assert any(NEW_PHRASE in hit.text for hit in service.search(SearchRequest("ydd")).hits)

    own_cluster.stop()
    away = service.sync()
    assert away is not None and not away.changed and away.offline.startswith(OFFLINE)
    assert service.offline_note == away.offline
    hit = service.search(SearchRequest("ydd")).hits[0]
    with pytest.raises(TigangError, match="不能写入"):
        service.mark(hit, hidden=True)
    assert service.search(SearchRequest("ydd")).hits[0].key == hit.key  # nothing hidden

    restart(own_cluster)
    back = service.sync()
    assert back is not None and back.offline == "" and service.offline_note == ""
    assert service.mark(hit, hidden=True).startswith("已隐藏")
    assert hit.key not in {h.key for h in service.search(SearchRequest("ydd")).hits}
    service.close()


def test_the_bank_setting_makes_a_team_bank_the_editors_bank(
        pg_cluster: Cluster, team_db: str, run_cli: Callable[..., object], tmp_path: Path,  # noqa: F811 - the fixtures imported above
        isolated_home: Path) -> None:
    url, _ = team_bank(pg_cluster, team_db, tmp_path, run_cli)
    settings = isolated_home / "config" / "settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(f'bank = "{url}"\n', encoding="utf-8")
    service = BankService()  # no --bank
    assert not service.will_build()
    service.open()
    assert service.team and service.location == url
    assert any("民有所呼" in hit.text for hit in service.search(SearchRequest("mysh")).hits)
    service.close()


def test_bank_before_a_subcommand_goes_to_it_and_is_refused_where_it_means_nothing(
        pg_cluster: Cluster, team_db: str, run_cli: Callable[..., Any], tmp_path: Path) -> None:  # noqa: F811 - the fixtures imported above
    url, _ = team_bank(pg_cluster, team_db, tmp_path, run_cli)
    found = run_cli("--bank", url, "search", "民有所呼")
    assert found.code == 0 and "民有所呼、我有所应" in found.out
    refused = run_cli("--bank", url, "structures")
    assert refused.code == 1 and "structures 不使用题库" in refused.err and "\n" not in refused.err.strip()
    assert "--bank 后面要给出" in run_cli("--bank").err
    no_terminal = run_cli(tmp_path / "发言.json", "--bank", url)  # the UI's arguments, in either order
    assert no_terminal.code == 1 and "终端" in no_terminal.err


@pytest.mark.parametrize("width", [78, 90, 118])
def test_the_offline_note_replaces_the_bank_summary_and_fits_at_80_columns(width: int) -> None:
    from tui.widgets.status_line import Figures, status_text

    for chars, slots, name in ((6, 0, "发言.json"), (12345, 12, "人大机关建设推进会发言（送审稿）.json")):
        offline = Figures(chars, "61分40秒", 220, slots, False, "", f"~/提纲/{name}", "团队题库 12,345 条",
                          f"{OFFLINE} 11-23 14:05")
        line = status_text(offline, width).plain
        assert cell_width(line) <= width and f"{OFFLINE} 11-23 14:05" in line and "团队题库 12" not in line
        assert str(chars) in line and "61分40秒" in line and "未保存" in line and name[:2] in line


def test_a_readers_star_is_refused_in_one_line(
        pg_cluster: Cluster, team_db: str, run_cli: Callable[..., object], tmp_path: Path) -> None:  # noqa: F811 - the fixtures imported above
    from phrasebank.errors import TigangError

    url, _ = team_bank(pg_cluster, team_db, tmp_path, run_cli)
    grant(TeamUrl.parse(url), "cat", "reader")
    service = BankService(pg_cluster.url("cat", team_db))
    service.open()
    hit = service.search(SearchRequest("mysh")).hits[0]
    with pytest.raises(TigangError, match="只有检索权限") as refused:
        service.mark(hit, starred=True)
    assert "\n" not in str(refused.value) and service.offline_note == ""
    service.close()
