"""Versions in the editor at 80×24 and 120×36: F5 keeps a named version, F6 lists them with what changed,
restoring brings the text back as one undo step after keeping the current outline as a version."""
from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import AppOn, editor, put_cursor, run_async, settle
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList

from phrasebank.outline.file import load_outline
from phrasebank.outline.versions import list_versions, take_snapshot
from tui.app import TigangApp
from tui.screens.dialogs import ChoiceDialog
from tui.screens.versions import SnapshotDialog, VersionsScreen
from tui.widgets.cjk_text import CjkStatic

SIZES = [(80, 24), (120, 36)]
LEAD = "落实“第一议题”制度"
CHANGED = "落实“第一议题”制度学深悟透"


def assert_shown(app: TigangApp, widget: Widget) -> None:
    """The widget is on the screen, whole (not cut off by the terminal's edge)."""
    screen = Region(0, 0, *app.size)
    assert widget.region.area > 0, widget
    assert screen.contains_region(widget.region), (widget, widget.region, app.size)


def diff_text(app: TigangApp) -> str:
    return app.screen.query_one("#versions-diff", CjkStatic).source.plain


async def take_named(pilot: Pilot[None], name: str) -> None:
    app = pilot.app
    assert isinstance(app, TigangApp)
    await pilot.press("f5")
    await settle(pilot)
    assert isinstance(app.screen, SnapshotDialog)
    box = app.screen.query_one("#version-name", Input)
    assert box.has_focus
    assert_shown(app, box)
    await pilot.press(*name, "enter")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_snapshot_compare_restore_and_undo(app_on: AppOn, path: Path, size: tuple[int, int]) -> None:
    async with app_on(open_path=path, size=size, notifications=True) as (app, pilot):
        await take_named(pilot, "送审前")
        assert [(v.number, v.name) for v in list_versions(path)] == [(1, "送审前")]
        assert list_versions(path)[0].file.is_file()
        assert any("已存为第 1 版“送审前”" in note.message for note in app._notifications)

        await put_cursor(pilot, LEAD)
        await pilot.press("enter", "end", *"学深悟透", "enter")
        await settle(pilot)
        assert editor(app).outline.find("p11").text == CHANGED

        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, VersionsScreen)
        options = screen.query_one("#versions-list", OptionList)
        assert options.option_count == 1 and "送审前" in str(options.get_option_at_index(0).prompt)
        for widget in (options, screen.query_one("#versions-diff-box"), screen.query_one("#restore", Button),
                       screen.query_one("#close", Button)):
            assert_shown(app, widget)
        shown = diff_text(app).splitlines()
        assert f"-   （一）{LEAD}" in shown and f"+   （一）{CHANGED}" in shown

        await pilot.press("enter")  # restore: asks first
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        for button in app.screen.query(Button):
            assert_shown(app, button)
        await pilot.press("y")
        await settle(pilot)
        assert editor(app).outline.find("p11").text == LEAD
        assert load_outline(path).find("p11").text == LEAD  # autosaved
        versions = list_versions(path)
        assert [(v.number, v.name) for v in versions] == [(1, "送审前"), (2, "恢复第1版前自动保存")]
        assert any(item.text == CHANGED for item in load_outline(versions[1].file).body)
        assert any("已恢复第 1 版“送审前”" in note.message for note in app._notifications)

        await pilot.press("ctrl+z")  # one step undoes the whole restore
        await settle(pilot)
        assert editor(app).outline.find("p11").text == CHANGED
        assert load_outline(path).find("p11").text == CHANGED


@run_async
async def test_versions_list_newest_first_and_each_shows_its_changes(app_on: AppOn, path: Path) -> None:
    take_snapshot(path, "初稿")
    outline = load_outline(path)
    outline.edit("p12", "一年来共组织集中学习12次")
    take_snapshot(path, "主任改后", outline)
    async with app_on(open_path=path, size=(80, 24)) as (app, pilot):
        await pilot.press("f6")
        await settle(pilot)
        options = app.screen.query_one("#versions-list", OptionList)
        assert "主任改后" in str(options.get_option_at_index(0).prompt)
        assert "一年来共组织集中学习12次" in diff_text(app)  # only in that version: removed since
        await pilot.press("down")
        await settle(pilot)
        assert "没有改动" in diff_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert editor(app).outline.find("p12").text == "一年来共组织集中学习××次"


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_no_versions_yet_says_how_to_take_one(app_on: AppOn, path: Path, size: tuple[int, int]) -> None:
    async with app_on(open_path=path, size=size) as (app, pilot):
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, VersionsScreen)
        message = app.screen.query_one("#versions-empty")
        assert "F5" in str(message.render())
        assert_shown(app, app.screen.query_one("#close", Button))
        await pilot.press("escape", "f5")
        await settle(pilot)
        await pilot.press("escape")  # a cancelled name keeps nothing
        await settle(pilot)
        assert list_versions(path) == []
