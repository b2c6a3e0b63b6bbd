"""Editing in the editor: in place, refusals, delete and undo, closing, the organ filter, check, export, mouse."""
from __future__ import annotations

import time
from pathlib import Path

from pilot_helpers import (
    AppOn,
    Recorder,
    editor,
    put_cursor,
    run_async,
    search,
    settle,
)
from textual.widgets import Input, OptionList, RadioButton, RadioSet, Select

from phrasebank.outline.file import load_outline
from tui.messages import ExportDone, SearchDone
from tui.screens.check import CheckScreen
from tui.screens.dialogs import ExportDialog
from tui.screens.start import StartScreen
from tui.widgets.cjk_text import CjkStatic
from tui.widgets.inline_editor import InlineEditor
from tui.widgets.outline_tree import OutlineTree
from tui.widgets.search_pane import ResultList


@run_async
async def test_edit_in_place_keeps_enter_and_drops_escape(app_on: AppOn, path: Path) -> None:
    async with app_on(open_path=path) as (app, pilot):
        await put_cursor(pilot, "落实“第一议题”制度")
        await pilot.press("enter")
        box = app.screen.query_one("#inline-editor", InlineEditor)
        assert box.display and box.has_focus and box.value == "落实“第一议题”制度"
        tree = app.screen.query_one(OutlineTree)
        assert box.region.y == tree.region.y + tree.cursor_row()
        await pilot.press("end", *"学深悟透", "enter")
        await settle(pilot)
        assert not box.display and tree.has_focus
        assert editor(app).outline.find("p11").text == "落实“第一议题”制度学深悟透"
        assert load_outline(path).find("p11").text == "落实“第一议题”制度学深悟透"
        await pilot.press("f2", "ctrl+u", *"不要这个", "escape")
        await settle(pilot)
        assert editor(app).outline.find("p11").text == "落实“第一议题”制度学深悟透"


@run_async
async def test_enter_right_after_typing_waits_for_that_querys_results(app_on: AppOn, path: Path) -> None:
    async with app_on(open_path=path) as (app, pilot):
        quick = app.bank.search

        def slow(request: object) -> object:
            time.sleep(0.2)
            return quick(request)

        app.bank.search = slow  # type: ignore[method-assign]
        await put_cursor(pilot, "坚持服务发展，建设依法履职的“权力机关”")
        await pilot.press("ctrl+f", *"lgwh", "enter")
        await settle(pilot)
        assert [(i.level, i.text) for i in editor(app).outline.subtree("part2")][1:] == [(2, "两个维护")]


@run_async
async def test_engine_refusals_are_notifications(app_on: AppOn, path: Path) -> None:
    async with app_on(open_path=path, notifications=True) as (app, pilot):
        await put_cursor(pilot, "坚持党的领导，建设对党忠诚的“政治机关”")
        revision = editor(app).outline.revision
        await pilot.press("ctrl+up", "ctrl+left")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "已经是同级第一项，不能再上移。" in messages
        assert "一级标题不能再升级。" in messages
        assert editor(app).outline.revision == revision


@run_async
async def test_delete_undo_and_cursor_follow(app_on: AppOn, path: Path) -> None:
    async with app_on(open_path=path) as (app, pilot):
        await put_cursor(pilot, "落实“第一议题”制度")
        await pilot.press("delete")
        await settle(pilot)
        screen = editor(app)
        assert [i.id for i in screen.outline.body] == ["part1", "p12", "part2"]
        assert screen.cursor_id == "p12"
        assert [i.id for i in load_outline(path).body] == ["part1", "p12", "part2"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert [i.id for i in screen.outline.body] == ["part1", "p11", "p12", "part2"]


@run_async
async def test_closing_and_quitting_keep_every_change(app_on: AppOn, path: Path) -> None:
    async with app_on(open_path=path) as (app, pilot):
        await put_cursor(pilot, "一年来共组织集中学习××次")
        await pilot.press("ctrl+up", "ctrl+b")  # close right after a change: back to the start screen
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        assert [i.id for i in load_outline(path).body] == ["part1", "p12", "p11", "part2"]
        await pilot.press("tab", "enter")  # reopen it from the recent list (the structures have the focus)
        await settle(pilot)
        await put_cursor(pilot, "一年来共组织集中学习××次")
        await pilot.press("ctrl+down", "ctrl+q")
    assert [i.id for i in load_outline(path).body] == ["part1", "p11", "p12", "part2"]


@run_async
async def test_organ_filter_follows_the_part_under_the_cursor(app_on: AppOn, path: Path) -> None:
    recorder = Recorder()
    async with app_on(open_path=path, message_hook=recorder) as (app, pilot):
        screen = editor(app)
        await put_cursor(pilot, "坚持服务发展，建设依法履职的“权力机关”")
        hits = await search(pilot, "")
        assert hits and all("权力机关" in hit.organs for hit in hits)
        assert "权力机关（跟随当前部分）" in screen.query_one("#search-note", CjkStatic).source.plain
        await put_cursor(pilot, "落实“第一议题”制度")
        hits = screen.query_one("#results", ResultList).hits
        assert hits and all("政治机关" in hit.organs for hit in hits)
        # choosing “全部” in the organ filter lifts it
        screen.query_one("#organ", Select).value = "all"
        await settle(pilot)
        organs = {organ for hit in screen.query_one("#results", ResultList).hits for organ in hit.organs}
        assert len(organs) > 1
        # moving the item into another part (demote 二、 under 一、) switches the filter too
        screen.query_one("#organ", Select).value = "auto"
        await put_cursor(pilot, "坚持服务发展，建设依法履职的“权力机关”")
        assert all("权力机关" in hit.organs for hit in screen.query_one("#results", ResultList).hits)
        await pilot.press("ctrl+right")
        await settle(pilot)
        assert screen.part_id == "part1"
        assert all("政治机关" in hit.organs for hit in screen.query_one("#results", ResultList).hits)
        await pilot.press("ctrl+z")
        await settle(pilot)
        # a query with no match in the part's organ falls back to all organs and says so
        screen.query_one("#organ", Select).value = "auto"
        hits = await search(pilot, "代表联络站")
        assert hits and "没有匹配" in recorder.of(SearchDone)[-1].note
        # stale results never overwrite newer ones
        assert recorder.of(SearchDone)[-1].serial == screen.pane.serial


@run_async
async def test_check_lists_findings_and_jumps_to_one(app_on: AppOn, path: Path) -> None:
    async with app_on(open_path=path) as (app, pilot):
        await pilot.press("ctrl+r")  # the checks run in a worker; the report opens when they are done
        await settle(pilot)
        check = app.screen
        assert isinstance(check, CheckScreen)
        codes = [f.code for f in check.report.findings]
        assert codes.count("slot") == 2 and "empty-part" in codes
        findings = check.query_one("#findings", OptionList)
        index = next(i for i, f in enumerate(check.report.findings) if f.item_id == "p12")
        findings.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert editor(app).cursor_id == "p12"


@run_async
async def test_export_dialog_switches_format_and_suffix(app_on: AppOn, path: Path) -> None:
    recorder = Recorder()
    async with app_on(open_path=path, message_hook=recorder) as (app, pilot):
        await pilot.press("ctrl+o")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one(RadioSet).query(RadioButton)[1].value = True
        await pilot.pause()
        assert dialog.query_one("#path", Input).value.endswith("发言.md")
        dialog.query_one("#path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        done = recorder.of(ExportDone)[-1]
        assert done.fmt == "markdown" and done.path.name == "发言.md"
        assert "## 一、坚持党的领导" in done.path.read_text(encoding="utf-8")
        assert len(done.warnings) == 2  # two items still hold ××


@run_async
async def test_the_mouse_chooses_adds_and_edits(app_on: AppOn, path: Path) -> None:
    async with app_on(open_path=path) as (app, pilot):
        screen = editor(app)
        hits = await search(pilot, "第一议题")
        results = screen.query_one("#results", ResultList)
        # a click only chooses (and previews) a result
        await pilot.click(results, offset=(2, 1))
        await settle(pilot)
        assert results.highlighted == 1 and len(screen.outline.body) == 4
        assert hits[1].text[:6] in screen.query_one("#preview", CjkStatic).source.plain
        # a click on an outline line moves the cursor there; the next result goes under it
        tree = screen.query_one(OutlineTree)
        await pilot.click(tree, offset=(4, tree.row_of("p12")))  # 标题, 称谓, 开头, 一、 (two lines), （一）, （二）
        await settle(pilot)
        assert screen.cursor_id == "p12"
        await pilot.click(results, offset=(2, 0), times=2)
        await settle(pilot)
        assert [(i.level, i.text) for i in screen.outline.subtree("p12")] == [(2, "一年来共组织集中学习××次"),
                                                                           (3, hits[0].text)]
        # a double click on a line edits it in place
        await pilot.click(tree, offset=(4, tree.row_of("p11")), times=2)
        await settle(pilot)
        box = screen.query_one("#inline-editor", InlineEditor)
        assert box.display and box.value == "落实“第一议题”制度"
