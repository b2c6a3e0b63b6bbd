"""Keys: every binding has an id and help, the footer follows the focus, the palette runs the same actions."""
from __future__ import annotations

from pathlib import Path

from pilot_helpers import (
    AppOn,
    editor,
    put_cursor,
    run_async,
    settle,
)

from tui.screens.editor import EditorScreen
from tui.screens.help import HelpScreen


@run_async
async def test_every_binding_has_an_id_and_is_in_the_help(app_on: AppOn, path: Path) -> None:
    from tui.keys import APP_BINDINGS, EDITOR_BINDINGS, OUTLINE_BINDINGS, SEARCH_BINDINGS, START_BINDINGS

    everything = APP_BINDINGS + EDITOR_BINDINGS + OUTLINE_BINDINGS + SEARCH_BINDINGS + START_BINDINGS
    ids = [b.id for b in everything]
    assert all(ids) and len(ids) == len(set(ids))
    async with app_on(open_path=path) as (app, pilot):
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        shown = {b.id for _, section in help_screen.sections for b in section}
        assert {b.id for b in APP_BINDINGS + EDITOR_BINDINGS + OUTLINE_BINDINGS + SEARCH_BINDINGS} <= shown
        await pilot.press("escape")
        assert isinstance(app.screen, EditorScreen)


@run_async
async def test_footer_shows_the_outline_keys_when_the_outline_has_focus(app_on: AppOn, path: Path) -> None:
    async with app_on(open_path=path) as (app, pilot):
        shown = {b.description for _, b, _, _ in app.screen.active_bindings.values() if b.show}
        assert {"加要点", "加标题", "搜索", "撤销", "重做", "保存", "导出", "检查", "帮助"} <= shown
        await pilot.press("escape")
        shown = {b.description for _, b, _, _ in app.screen.active_bindings.values() if b.show}
        assert {"编辑", "填空", "删除", "上移", "下移", "升级", "降级", "撤销", "重做", "保存", "导出", "检查"} <= shown


@run_async
async def test_command_palette_runs_the_same_actions(app_on: AppOn, path: Path) -> None:
    from tui.commands import TigangCommands

    async with app_on(open_path=path) as (app, pilot):
        await put_cursor(pilot, "一年来共组织集中学习××次")
        provider = TigangCommands(app.screen)
        discovered = [hit.text async for hit in provider.discover()]
        for label in ("搜索", "加要点", "加标题", "编辑", "填空", "删除", "上移", "下移", "升级", "降级", "撤销",
                      "重做", "保存", "导出", "检查", "帮助", "退出"):
            assert label in discovered
        hits = [hit async for hit in provider.search("上移")]
        assert [hit.text for hit in hits] == ["上移"]
        # the real palette: ^p, type the action's name, Enter
        await pilot.press("ctrl+p", *"上移")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert [i.id for i in editor(app).outline.body] == ["part1", "p12", "p11", "part2"]
        assert [hit.text async for hit in provider.search("undo")] == ["撤销"]


def test_the_help_writes_keys_as_the_footer_does() -> None:
    from tui.keys import EDITOR_BINDINGS, OUTLINE_BINDINGS, START_BINDINGS
    from tui.screens.help import key_names

    names = {b.id: key_names(b) for b in EDITOR_BINDINGS + OUTLINE_BINDINGS + START_BINDINGS}
    assert names["tigang.editor.move-up"] == "^↑ / alt+↑"
    assert names["tigang.editor.promote"] == "^← / alt+←"
    assert names["tigang.outline.promote"] == "^← / alt+← / <"
    assert names["tigang.editor.help"] == "F1 / ?"
    assert names["tigang.outline.edit"] == "⏎ / e"
    assert names["tigang.start.forget"] == "Del"
    assert names["tigang.editor.snapshot"] == "F5"
