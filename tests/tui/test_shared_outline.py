"""One outline, several hands: two editors and a `tigang add` loop at once end with every addition in the
file and on both screens; a second editor is told the file is open elsewhere; a read-only file says so."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pilot_helpers import AppOn, editor, put_cursor, run_async, search, settle
from textual.pilot import Pilot

from phrasebank.outline.file import load_outline
from tui.app import TigangApp

CLI_ADDS = 15
CLI_LOOP = """
import contextlib, io, sys
from phrasebank.cli.main import main
for number in range({count}):
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["add", sys.argv[1], "--part", "2", f"命令行加入的第{{number}}项监督任务"]) == 0
"""


async def add_from_search(pilot: Pilot[None], at: str, query: str) -> str:
    """Put the cursor on `at`, search `query` and add the first hit with Enter; the text added."""
    await put_cursor(pilot, at)
    hits = await search(pilot, query)
    assert hits, query
    await pilot.press("enter")
    await settle(pilot)
    return hits[0].text


async def take_in_others(pilot: Pilot[None]) -> None:
    """What the editor does every two seconds: notice the file moved and merge it in."""
    app = pilot.app
    assert isinstance(app, TigangApp)
    editor(app)._watch_file()
    await settle(pilot)


@run_async
async def test_two_editors_and_a_command_loop_keep_every_addition(app_on: AppOn, path: Path) -> None:
    loop = subprocess.Popen([sys.executable, "-c", CLI_LOOP.format(count=CLI_ADDS), str(path)])
    try:
        async with app_on(open_path=path, notifications=True) as (first, one), \
                app_on(open_path=path, notifications=True) as (second, two):
            assert any("另一个窗口" in note.message for note in second._notifications)
            added = [
                await add_from_search(one, "落实“第一议题”制度", "两个维护"),
                await add_from_search(two, "坚持党的领导，建设对党忠诚的“政治机关”", "政治机关"),
                await add_from_search(one, "坚持服务发展，建设依法履职的“权力机关”", "监督"),
                await add_from_search(two, "坚持服务发展，建设依法履职的“权力机关”", "代表"),
            ]
            assert loop.wait(60) == 0
            for pilot in (one, two, one):
                await take_in_others(pilot)
            on_disk = [item.text for item in load_outline(path).items()]
            for app in (first, second):
                shown = [item.text for item in editor(app).outline.items()]
                assert shown == on_disk
    finally:
        loop.kill()
    for text in added:
        assert text in on_disk
    assert sum("命令行加入的" in text for text in on_disk) == CLI_ADDS


@run_async
async def test_a_change_made_elsewhere_shows_up_without_touching_the_editor(app_on: AppOn, path: Path) -> None:
    async with app_on(open_path=path, notifications=True) as (app, pilot):
        outline = load_outline(path)
        outline.edit("p12", "一年来共组织集中学习12次")
        from phrasebank.outline.file import save_outline

        save_outline(outline, path)
        await take_in_others(pilot)
        assert editor(app).outline.find("p12").text == "一年来共组织集中学习12次"
        assert any("已合并" in note.message for note in app._notifications)
        await pilot.press("ctrl+z")  # the merge is one undo step
        await settle(pilot)
        assert editor(app).outline.find("p12").text == "一年来共组织集中学习××次"


@run_async
async def test_a_read_only_outline_says_so_when_opened_and_keeps_its_text(app_on: AppOn, path: Path) -> None:
    path.chmod(0o444)
    before = path.read_bytes()
    async with app_on(open_path=path, notifications=True) as (app, pilot):
        assert any("只读" in note.message for note in app._notifications)
        await add_from_search(pilot, "落实“第一议题”制度", "两个维护")
        assert "只读" in editor(app).session.save_error
    assert path.read_bytes() == before


@run_async
async def test_ctrl_t_on_a_written_heading_asks_replace_or_new_part(app_on: AppOn, path: Path) -> None:
    from tui.screens.dialogs import ChoiceDialog

    async with app_on(open_path=path) as (app, pilot):
        written = "坚持服务发展，建设依法履职的“权力机关”"
        await put_cursor(pilot, written)
        hits = await search(pilot, "权力机关")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")  # nothing changes
        await settle(pilot)
        assert [part.text for part in editor(app).outline.parts][1] == written
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("n")  # a new part after it
        await settle(pilot)
        assert [part.text for part in editor(app).outline.parts][1:] == [written, hits[0].text]
        await put_cursor(pilot, written)
        await pilot.press("ctrl+f", "ctrl+t")
        await settle(pilot)
        await pilot.press("r")  # replace, as asked
        await settle(pilot)
        assert [part.text for part in load_outline(path).parts][1:] == [hits[0].text, hits[0].text]


@run_async
async def test_enter_on_a_filled_salutation_adds_and_deleting_a_part_says_what_went(app_on: AppOn,
                                                                                   path: Path) -> None:
    async with app_on(open_path=path, notifications=True) as (app, pilot):
        salutation = "尊敬的××主任，各位领导，同志们："
        for query in ("两个维护", "第一议题"):
            await add_from_search(pilot, salutation, query)
        outline = editor(app).outline
        assert outline.salutation.text == salutation
        assert [item.text for item in outline.opening] == ["两个维护", "第一议题"]
        await put_cursor(pilot, "坚持党的领导，建设对党忠诚的“政治机关”")
        await pilot.press("delete")
        await settle(pilot)
        notes = [note.message for note in app._notifications if note.title == "已删除"]
        assert notes and "及其下 2 条" in notes[-1] and "^z" in notes[-1]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert [item.id for item in editor(app).outline.body][:3] == ["part1", "p11", "p12"]
