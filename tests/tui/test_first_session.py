"""The whole first session, as the README walks through it: new outline, search, assemble, fill, export."""
from __future__ import annotations

from pathlib import Path

from pilot_helpers import (
    AppOn,
    Recorder,
    body,
    editor,
    put_cursor,
    run_async,
    search,
    settle,
)
from textual.widgets import Input, OptionList

from phrasebank.outline.file import load_outline
from phrasebank.outline.recent import load_recent
from tui.messages import BankLoaded, ExportDone, OutlineSaved
from tui.screens.dialogs import ExportDialog, FillSlotDialog, PathDialog
from tui.screens.start import StartScreen
from tui.widgets.cjk_text import CjkStatic
from tui.widgets.search_pane import ResultList


@run_async
async def test_first_session_new_outline_search_assemble_fill_export(app_on: AppOn, tmp_path: Path) -> None:
    outline_path = tmp_path / "发言" / "四个机关汇报.json"
    export_path = tmp_path / "发言" / "四个机关汇报.txt"
    recorder = Recorder()
    async with app_on(message_hook=recorder) as (app, pilot):
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
