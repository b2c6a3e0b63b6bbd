"""The start screen: recent outlines, new outlines that never replace a file, damaged files reported."""
from __future__ import annotations

from pathlib import Path

from pilot_helpers import (
    AppOn,
    editor,
    run_async,
    settle,
)
from textual.widgets import Input, OptionList

from phrasebank.outline.file import save_outline
from phrasebank.outline.items import Item
from phrasebank.outline.model import Outline
from phrasebank.outline.recent import remember
from tui.screens.dialogs import PathDialog
from tui.screens.start import StartScreen


@run_async
async def test_start_screen_lists_recent_outlines_and_opens_one(app_on: AppOn, tmp_path: Path) -> None:
    path = tmp_path / "旧提纲.json"
    save_outline(Outline(title="关于机关建设的汇报", body=[Item("坚持党的领导", 1, id="p1")]), path)
    remember(path)
    async with app_on() as (app, pilot):
        recent = app.screen.query_one("#recent", OptionList)
        assert recent.has_focus and recent.option_count == 1
        assert "旧提纲" in recent.get_option_at_index(0).prompt.plain
        await pilot.press("enter")
        await settle(pilot)
        assert editor(app).outline.title.text == "关于机关建设的汇报"
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)


@run_async
async def test_a_damaged_outline_is_reported_not_raised(app_on: AppOn, tmp_path: Path) -> None:
    path = tmp_path / "坏了.json"
    path.write_text('{"format": 1, "body": [', encoding="utf-8")
    async with app_on(open_path=path, notifications=True) as (app, _):
        assert isinstance(app.screen, StartScreen)
        messages = [n.message for n in app._notifications]
        assert any("不完整" in m for m in messages), messages


@run_async
async def test_a_new_outline_never_replaces_an_existing_file(app_on: AppOn, tmp_path: Path) -> None:
    existing = tmp_path / "已有.json"
    existing.write_text("不要覆盖", encoding="utf-8")
    async with app_on() as (app, pilot):
        await pilot.press("ctrl+n")
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        dialog.query_one("#path", Input).value = str(existing)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and "已存在" in str(dialog.query_one("#error").render())
        assert existing.read_text(encoding="utf-8") == "不要覆盖"
        await pilot.press("escape")
        assert isinstance(app.screen, StartScreen)
