"""The start screen: recent outlines, new outlines that never replace a file, damaged files reported."""
from __future__ import annotations

from pathlib import Path

from pilot_helpers import (
    AppOn,
    editor,
    run_async,
    settle,
)
from textual.widgets import Input, Label, OptionList

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
        assert recent.option_count == 1 and not recent.has_focus
        assert "旧提纲" in recent.get_option_at_index(0).prompt.plain
        await pilot.press("tab")
        assert recent.has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert editor(app).outline.title.text == "关于机关建设的汇报"
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)


@run_async
async def test_down_and_enter_start_a_new_outline_even_with_recent_ones(app_on: AppOn, tmp_path: Path) -> None:
    old = tmp_path / "旧提纲.json"
    save_outline(Outline(title="旧的", body=[Item("坚持党的领导", 1, id="p1")]), old)
    remember(old)
    async with app_on(size=(80, 24)) as (app, pilot):
        start = app.screen
        assert isinstance(start, StartScreen)
        assert start.query_one("#structures", OptionList).has_focus
        assert "Tab" in str(start.query_one("#recent-title", Label).render())
        footer = "\n".join(strip.text for strip in start._compositor.render_strips())
        for words in ("新建提纲：选择文稿结构（↑↓ 选择，回车新建）", "Tab 换到这栏，回车打开", "^n 新建", "^q 退出"):
            assert words in footer, words
        await pilot.press("down", "enter")
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        assert dialog.query_one("#path", Input).value != str(old)
        await pilot.press("enter")
        await settle(pilot)
        created = editor(app).session
        assert created.path != old and created.outline.structure_id == start.structures[1].id
        assert old.read_text(encoding="utf-8") and "旧的" in old.read_text(encoding="utf-8")


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
