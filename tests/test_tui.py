"""The terminal UI, driven through Textual's pilot as a writer would use it.

Every test gets its own TIGANG_HOME (conftest) and HOME; the seed bank is built once per session
and handed to the app as a bank file, so tests do not each spend a second mining the seeds.
"""
from __future__ import annotations

import asyncio
import functools
import json
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, RadioButton, RadioSet, Select

from phrasebank.outline.file import load_outline, save_outline
from phrasebank.outline.model import Item, Outline
from phrasebank.outline.recent import load_recent, remember
from tui.app import TigangApp
from tui.messages import BankLoaded, ExportDone, OutlineSaved, SearchDone
from tui.screens.check import CheckScreen
from tui.screens.dialogs import ExportDialog, FillSlotDialog, PathDialog
from tui.screens.editor import EditorScreen
from tui.screens.help import HelpScreen
from tui.screens.start import StartScreen
from tui.widgets.cjk_text import CjkStatic, break_points, wrap_cjk
from tui.widgets.outline_tree import OutlineTree
from tui.widgets.search_pane import ResultList

SIZE = (120, 36)


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with asyncio (no async plugin needed); fixtures pass through unchanged."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


@pytest.fixture(scope="session")
def seed_bank_path(seed_bank: Any, seed_index: Any) -> Path:
    """The built-in bank of the session (see conftest), with its search index saved next to it."""
    return seed_bank.path


@pytest.fixture(autouse=True)
def fake_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME points into the test's directory, so ~/提纲 is never the real one."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


class Recorder:
    """Collects the app's messages (a `run_test` message hook)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    def __call__(self, message: Message) -> None:
        self.messages.append(message)

    def of(self, kind: type[Message]) -> list:
        return [m for m in self.messages if isinstance(m, kind)]


async def settle(pilot: Pilot) -> None:
    """Wait until the bank is loaded and every worker (search, preview, save, export) has finished."""
    app = pilot.app
    for _ in range(400):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.bank_state != "loading" and not any(worker.is_running for worker in app.workers):  # type: ignore[attr-defined]
            return
    raise AssertionError("the UI did not settle")


async def search(pilot: Pilot, query: str) -> list:
    """Type `query` into the search box (replacing what was there); returns the hits shown."""
    screen = pilot.app.screen
    await pilot.press("ctrl+f")
    box = screen.query_one("#query", Input)
    assert box.has_focus
    await pilot.press("ctrl+u", *query)
    await settle(pilot)
    assert box.value == query
    return screen.query_one("#results", ResultList).hits


def editor(app: TigangApp) -> EditorScreen:
    screen = app.screen
    assert isinstance(screen, EditorScreen), screen
    return screen


def body(app: TigangApp) -> list[tuple[str, int, str]]:
    """The outline body as (number, level, text)."""
    return [(e.label, e.item.level, e.item.text) for e in editor(app).outline.numbered()]


async def put_cursor(pilot: Pilot, text: str) -> None:
    """Click the outline line showing `text` (the mouse works too), falling back to the keyboard."""
    screen = editor(pilot.app)
    item = next(i for i in screen.outline.items() if i.text == text)
    tree = screen.query_one(OutlineTree)
    tree.focus()
    tree.move_cursor(tree.node_for(item.id))
    await settle(pilot)
    assert screen.cursor_id == item.id


def make_app(seed_bank_path: Path, **kwargs: object) -> TigangApp:
    return TigangApp(bank_path=seed_bank_path, **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- the whole first session


@run_async
async def test_first_session_new_outline_search_assemble_fill_export(seed_bank_path: Path, tmp_path: Path) -> None:
    outline_path = tmp_path / "发言" / "四个机关汇报.json"
    export_path = tmp_path / "发言" / "四个机关汇报.txt"
    recorder = Recorder()
    app = make_app(seed_bank_path)
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
        start = app.screen
        assert isinstance(start, StartScreen)
        assert recorder.of(BankLoaded) and app.bank_state == "ready"
        structures = start.query_one("#structures", OptionList)
        assert start.structures[structures.highlighted].id == "si-ge-jiguan"
        detail = start.query_one("#structure-detail", CjkStatic).source.plain
        assert "政治机关" in detail and "例：维护核心" in detail

        # new outline from 四个机关: the dialog proposes ~/提纲/四个机关-<date>.json; we type our own path
        await pilot.press("enter")
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        proposed = dialog.query_one("#path", Input).value
        assert proposed.startswith(str(Path.home() / "提纲" / "四个机关-")) and proposed.endswith(".json")
        dialog.query_one("#path", Input).value = str(outline_path)
        await pilot.press("enter")
        await settle(pilot)
        screen = editor(app)
        assert outline_path.exists()
        assert [level for _, level, _ in body(app)] == [1, 1, 1, 1]
        assert load_recent()[0].path == outline_path.resolve()

        # Chinese search: matched characters are highlighted, kind/organ/count shown
        hits = await search(pilot, "对党忠诚")
        assert "对党忠诚" in hits[0].text and all(hit.spans for hit in hits)
        heading = next(hit for hit in hits if hit.kind == "heading")
        row = screen.query_one("#results", ResultList).get_option_at_index(hits.index(heading)).prompt
        assert any("underline" in str(span.style) for span in row.spans)
        assert "标题" in row.plain and "政治" in row.plain
        screen.query_one("#results", ResultList).highlighted = hits.index(heading)
        await settle(pilot)
        preview = screen.query_one("#preview", CjkStatic).source.plain
        assert "出处" in preview

        # ^t: the phrase fills the empty heading of the part under the cursor (一、)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert body(app)[0] == ("一、", 1, heading.text)

        # initials: lgwh → 两个维护; Enter adds it under the current item, twice makes siblings
        hits = await search(pilot, "lgwh")
        assert hits[0].text == "两个维护" and hits[0].spans == ((0, 4),)
        await pilot.press("enter")
        hits = await search(pilot, "dyyt")
        assert hits[0].text == "第一议题"
        await pilot.press("enter")
        await settle(pilot)
        assert body(app)[:3] == [("一、", 1, heading.text), ("（一）", 2, "两个维护"), ("（二）", 2, "第一议题")]

        # move up, demote, undo, redo — from the outline, with the keys in the footer
        await put_cursor(pilot, "第一议题")
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert body(app)[1:3] == [("（一）", 2, "第一议题"), ("（二）", 2, "两个维护")]
        await put_cursor(pilot, "两个维护")
        await pilot.press("ctrl+right")
        await settle(pilot)
        assert body(app)[1:3] == [("（一）", 2, "第一议题"), ("1.", 3, "两个维护")]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert body(app)[2] == ("（二）", 2, "两个维护")
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert body(app)[2] == ("1.", 3, "两个维护")
        assert screen.cursor_id == next(i.id for i in screen.outline.body if i.text == "两个维护")

        # fill the next slot: it wraps round to the salutation “尊敬的××，同志们：”
        await pilot.press("ctrl+g")
        fill = app.screen
        assert isinstance(fill, FillSlotDialog) and "××" in fill.text
        await pilot.press(*"张主任", "enter")
        await settle(pilot)
        assert screen.outline.salutation.text == "尊敬的张主任，同志们："
        assert not screen.outline.unfilled_slots()

        # every change was autosaved (atomically, with a backup of the previous save)
        assert recorder.of(OutlineSaved)[-1].revision == screen.outline.revision
        saved = load_outline(outline_path)
        assert [(i.level, i.text) for i in saved.body] == [(i.level, i.text) for i in screen.outline.body]
        assert saved.salutation.text == "尊敬的张主任，同志们："
        assert outline_path.with_name(outline_path.name + ".bak").exists()
        assert "已保存" in str(screen.query_one("#status").render())

        # export as text through the dialog, then check the file
        await pilot.press("ctrl+o")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#path", Input).value == str(outline_path.resolve().with_suffix(".txt"))
        dialog.query_one("#path", Input).value = str(export_path)
        await pilot.press("enter")
        await settle(pilot)
        assert recorder.of(ExportDone)[-1].path == export_path
        assert export_path.read_text(encoding="utf-8") == (
            "尊敬的张主任，同志们：\n"
            f"一、{heading.text}\n"
            "（一）第一议题\n"
            "1.两个维护\n"
            "二、\n"
            "三、\n"
            "四、\n"
        )


# ---------------------------------------------------------------------- start screen


@run_async
async def test_start_screen_lists_recent_outlines_and_opens_one(seed_bank_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "旧提纲.json"
    save_outline(Outline(title="关于机关建设的汇报", body=[Item("坚持党的领导", 1, id="p1")]), path)
    remember(path)
    app = make_app(seed_bank_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
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
async def test_a_damaged_outline_is_reported_not_raised(seed_bank_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "坏了.json"
    path.write_text('{"format": 1, "body": [', encoding="utf-8")
    app = make_app(seed_bank_path, open_path=path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        messages = [n.message for n in app._notifications]
        assert any("不完整" in m for m in messages), messages


@run_async
async def test_a_new_outline_never_replaces_an_existing_file(seed_bank_path: Path, tmp_path: Path) -> None:
    existing = tmp_path / "已有.json"
    existing.write_text("不要覆盖", encoding="utf-8")
    app = make_app(seed_bank_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
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


# ---------------------------------------------------------------------- editing


def sample_outline(path: Path) -> Path:
    """A small outline with fixed ids: two parts of the 四个机关 structure, a point with a slot."""
    outline = Outline(
        title="在全市人大机关建设推进会上的发言",
        salutation="尊敬的××主任，各位领导，同志们：",
        body=[
            Item("坚持党的领导，建设对党忠诚的“政治机关”", 1, organ="政治机关", id="part1"),
            Item("落实“第一议题”制度", 2, id="p11"),
            Item("一年来共组织集中学习××次", 2, id="p12"),
            Item("坚持服务发展，建设依法履职的“权力机关”", 1, organ="权力机关", id="part2"),
        ],
        structure_id="si-ge-jiguan",
    )
    save_outline(outline, path)
    return path


@run_async
async def test_edit_in_place_keeps_enter_and_drops_escape(seed_bank_path: Path, tmp_path: Path) -> None:
    path = sample_outline(tmp_path / "发言.json")
    app = make_app(seed_bank_path, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await put_cursor(pilot, "落实“第一议题”制度")
        await pilot.press("enter")
        box = app.screen.query_one("#inline-editor", Input)
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
async def test_enter_right_after_typing_waits_for_that_querys_results(seed_bank_path: Path, tmp_path: Path) -> None:
    path = sample_outline(tmp_path / "发言.json")
    app = make_app(seed_bank_path, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
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
async def test_engine_refusals_are_notifications(seed_bank_path: Path, tmp_path: Path) -> None:
    path = sample_outline(tmp_path / "发言.json")
    app = make_app(seed_bank_path, open_path=path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await put_cursor(pilot, "坚持党的领导，建设对党忠诚的“政治机关”")
        revision = editor(app).outline.revision
        await pilot.press("ctrl+up", "ctrl+left")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "已经是同级第一项，不能再上移。" in messages
        assert "一级标题不能再升级。" in messages
        assert editor(app).outline.revision == revision


@run_async
async def test_delete_undo_and_cursor_follow(seed_bank_path: Path, tmp_path: Path) -> None:
    path = sample_outline(tmp_path / "发言.json")
    app = make_app(seed_bank_path, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
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
async def test_closing_and_quitting_keep_every_change(seed_bank_path: Path, tmp_path: Path) -> None:
    path = sample_outline(tmp_path / "发言.json")
    app = make_app(seed_bank_path, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await put_cursor(pilot, "一年来共组织集中学习××次")
        await pilot.press("ctrl+up", "ctrl+b")  # close right after a change: back to the start screen
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        assert [i.id for i in load_outline(path).body] == ["part1", "p12", "p11", "part2"]
        await pilot.press("enter")  # reopen it from the recent list
        await settle(pilot)
        await put_cursor(pilot, "一年来共组织集中学习××次")
        await pilot.press("ctrl+down", "ctrl+q")
    assert [i.id for i in load_outline(path).body] == ["part1", "p11", "p12", "part2"]


@run_async
async def test_organ_filter_follows_the_part_under_the_cursor(seed_bank_path: Path, tmp_path: Path) -> None:
    path = sample_outline(tmp_path / "发言.json")
    recorder = Recorder()
    app = make_app(seed_bank_path, open_path=path)
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
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
async def test_check_lists_findings_and_jumps_to_one(seed_bank_path: Path, tmp_path: Path) -> None:
    path = sample_outline(tmp_path / "发言.json")
    app = make_app(seed_bank_path, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
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
async def test_export_dialog_switches_format_and_suffix(seed_bank_path: Path, tmp_path: Path) -> None:
    path = sample_outline(tmp_path / "发言.json")
    recorder = Recorder()
    app = make_app(seed_bank_path, open_path=path)
    async with app.run_test(size=SIZE, message_hook=recorder) as pilot:
        await settle(pilot)
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
async def test_the_mouse_chooses_adds_and_edits(seed_bank_path: Path, tmp_path: Path) -> None:
    path = sample_outline(tmp_path / "发言.json")
    app = make_app(seed_bank_path, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
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
        await pilot.click(tree, offset=(4, 5))  # 标题, 称谓, 开头, 一、, （一）, （二）
        await settle(pilot)
        assert screen.cursor_id == "p12"
        await pilot.click(results, offset=(2, 0), times=2)
        await settle(pilot)
        assert [(i.level, i.text) for i in screen.outline.subtree("p12")] == [(2, "一年来共组织集中学习××次"),
                                                                           (3, hits[0].text)]
        # a double click on a line edits it in place
        await pilot.click(tree, offset=(4, 4), times=2)
        await settle(pilot)
        box = screen.query_one("#inline-editor", Input)
        assert box.display and box.value == "落实“第一议题”制度"


# ---------------------------------------------------------------------- keys, help, palette


@run_async
async def test_every_binding_has_an_id_and_is_in_the_help(seed_bank_path: Path, tmp_path: Path) -> None:
    from tui.keys import APP_BINDINGS, EDITOR_BINDINGS, OUTLINE_BINDINGS, SEARCH_BINDINGS, START_BINDINGS

    everything = APP_BINDINGS + EDITOR_BINDINGS + OUTLINE_BINDINGS + SEARCH_BINDINGS + START_BINDINGS
    ids = [b.id for b in everything]
    assert all(ids) and len(ids) == len(set(ids))
    path = sample_outline(tmp_path / "发言.json")
    app = make_app(seed_bank_path, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        shown = {b.id for _, section in help_screen.sections for b in section}
        assert {b.id for b in APP_BINDINGS + EDITOR_BINDINGS + OUTLINE_BINDINGS + SEARCH_BINDINGS} <= shown
        await pilot.press("escape")
        assert isinstance(app.screen, EditorScreen)


@run_async
async def test_footer_shows_the_outline_keys_when_the_outline_has_focus(seed_bank_path: Path, tmp_path: Path) -> None:
    path = sample_outline(tmp_path / "发言.json")
    app = make_app(seed_bank_path, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = {b.description for _, b, _, _ in app.screen.active_bindings.values() if b.show}
        assert {"加要点", "加标题", "搜索", "撤销", "重做", "保存", "导出", "检查", "帮助"} <= shown
        await pilot.press("escape")
        shown = {b.description for _, b, _, _ in app.screen.active_bindings.values() if b.show}
        assert {"编辑", "填空", "删除", "上移", "下移", "升级", "降级", "撤销", "重做", "保存", "导出", "检查"} <= shown


@run_async
async def test_command_palette_runs_the_same_actions(seed_bank_path: Path, tmp_path: Path) -> None:
    from tui.commands import TigangCommands

    path = sample_outline(tmp_path / "发言.json")
    app = make_app(seed_bank_path, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
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


# ---------------------------------------------------------------------- the command line


def test_tigang_without_a_terminal_explains_itself(run_cli: Callable, tmp_path: Path) -> None:
    result = run_cli()
    assert result.code == 1 and "终端" in result.err
    result = run_cli(tmp_path / "没有这个文件.txt")
    assert result.code == 1 and "找不到提纲文件" in result.err


def test_subcommands_still_work_next_to_the_ui(run_cli: Callable) -> None:
    result = run_cli("structures", "--json")
    assert result.code == 0
    assert any(s["id"] == "si-ge-jiguan" for s in json.loads(result.out)["structures"])


# ---------------------------------------------------------------------- the main screen, as a picture


def test_main_screen_snapshot(snap_compare: Callable, seed_bank_path: Path, fake_home: Path) -> None:
    """120×36 with Chinese content: outline with a slot, current part marked, results for “第一议题”."""
    folder = fake_home / "提纲"
    folder.mkdir()
    path = sample_outline(folder / "推进会发言.json")
    app = make_app(seed_bank_path, open_path=path)

    async def prepare(pilot: Pilot) -> None:
        await settle(pilot)
        await search(pilot, "第一议题")
        await put_cursor(pilot, "一年来共组织集中学习××次")
        editor(pilot.app).query_one("#search-pane").query_one("#results", ResultList).highlighted = 1
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=prepare)


# ---------------------------------------------------------------------- Chinese line breaking


from hypothesis import given, settings
from hypothesis import strategies as st

from phrasebank.text.width import cell_width
from tui.widgets.cjk_text import NO_LINE_END, NO_LINE_START

CJK_TEXT = st.text(alphabet=st.sampled_from(list("人大代表机关监督，。、；：“”（）《》ab1 ")), max_size=80)


@settings(max_examples=300, deadline=None)
@given(text=CJK_TEXT, width=st.integers(min_value=4, max_value=30))
def test_wrapping_keeps_the_text_fits_the_width_and_respects_punctuation(text: str, width: int) -> None:
    lines = wrap_cjk(Text(text), width).plain.split("\n")
    indent = len(text) - len(text.lstrip(" "))
    if indent < width // 2:
        lines = lines[:1] + [line[indent:] for line in lines[1:]]
    assert "".join(lines) == text
    for index, line in enumerate(lines):
        assert cell_width(line) <= width
        if index and line and line[0] in NO_LINE_START:
            # only when the previous line could not give anything up
            assert all(ch in NO_LINE_START or ch in NO_LINE_END for ch in lines[index - 1][1:])
        if index < len(lines) - 1 and line and line[-1] in NO_LINE_END:
            assert all(ch in NO_LINE_END or ch in NO_LINE_START for ch in line)


def test_wrapping_a_guide_line() -> None:
    guide = "本部分写法：讲党的领导、理论学习、“第一议题”、队伍培训和管理。"
    lines = wrap_cjk(Text(guide), 32).plain.split("\n")
    assert lines == ["本部分写法：讲党的领导、理论学", "习、“第一议题”、队伍培训和管理。"]
    assert break_points("a lgwh b", 5) == [2, 7]  # “lgwh” moves down whole
    indented = wrap_cjk(Text("   讲党的领导、理论学习、“第一议题”、队伍培训和管理。"), 20).plain.split("\n")
    assert indented == ["   讲党的领导、理论", "   学习、“第一议", "   题”、队伍培训和管", "   理。"]
