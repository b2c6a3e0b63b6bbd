"""80×24 as a first-class size (and 100×30, 120×36, 200×50): the footer keeps export, check, help and
quit in view, the status line its file name, every dialog its buttons, notifications their text;
results can be compared; the export dialog asks before overwriting; the kind filter follows the
cursor; a pasted paragraph searches."""
from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import AppOn, Recorder, editor, long_outline, put_cursor, run_async, search, settle
from rich.text import Text
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, Select
from textual.widgets._toast import Toast

from phrasebank.search.query import Hit
from phrasebank.text.width import cell_width
from tui.app import TigangApp
from tui.bank_service import MAX_QUERY
from tui.messages import ExportDone
from tui.render import fit_text, hit_row
from tui.screens.dialogs import ChoiceDialog, ExportDialog, FillSlotDialog, PathDialog
from tui.widgets.cjk_text import CjkStatic, wrap_cjk
from tui.widgets.footer import FooterEntry, fit_entries
from tui.widgets.search_pane import ResultList, pasted_line
from tui.widgets.status_line import Figures, shorten_path, status_text

ESSENTIAL_KEYS = ("^o 导出", "^r 检查", "F1 帮助", "^q 退出")
SIZES = [(80, 24), (100, 30), (120, 36), (200, 50)]


def screen_lines(app: TigangApp) -> list[str]:
    """The screen as the terminal shows it, toasts and dialogs included."""
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]


def assert_on_screen(app: TigangApp, widget: Widget) -> None:
    width, height = app.size
    region = widget.region
    assert region.width and region.height and region.right <= width and region.bottom <= height, (widget, region)


def squeezed(text: str) -> str:
    return "".join(text.split())


# -- the footer, the status line and the panes -------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_footer_keeps_the_essential_keys_and_the_status_line_its_file(
        app_on: AppOn, tmp_path: Path, size: tuple[int, int]) -> None:
    path = long_outline(tmp_path / "提纲" / "四个机关汇报" / "在全市人大机关建设推进会上的发言.json")
    async with app_on(open_path=path, size=size) as (app, pilot):
        screen = editor(app)
        widths = {}
        for focus in ("search", "outline"):
            if focus == "outline":
                await pilot.press("escape")
                await settle(pilot)
            lines = screen_lines(app)
            footer, status = lines[-1], lines[-2]
            assert all(key in footer for key in ESSENTIAL_KEYS), (focus, footer)
            assert ("⏎ 编辑" if focus == "outline" else "⏎ 加要点") in footer, footer
            assert path.name in status and "字" in status, status
            assert cell_width(footer.rstrip()) <= size[0]
            widths[focus] = screen.pane.outer_size.width
        if size[0] < 110:  # the pane with the focus gets the larger share
            assert widths == {"search": 46, "outline": 32}
        else:
            assert widths["search"] == widths["outline"] >= 44


def test_footer_drops_the_least_important_keys_first() -> None:
    def entry(binding_id: str, description: str, display: str = "^x") -> FooterEntry:
        return FooterEntry("x", display, description, binding_id, True, "", binding_id)

    pane = [entry(f"pane.{i}", "四个字儿") for i in range(8)]
    essential = [entry("tigang.app.quit", "退出"), entry("tigang.editor.export", "导出"),
                 entry("tigang.editor.check", "检查"), entry("tigang.editor.help", "帮助", "F1")]
    shown, compact = fit_entries([*pane, *essential], 60)
    assert compact and [e.binding_id for e in shown[-4:]] == ["tigang.editor.export", "tigang.editor.check",
                                                              "tigang.editor.help", "tigang.app.quit"]
    assert shown[:-4] == pane[: len(shown) - 4] and sum(e.width(compact=True) for e in shown) <= 60
    assert fit_entries(essential, 200) == ([*essential[1:], essential[0]], False)


def test_status_line_shortens_the_path_in_the_middle_and_keeps_the_figures() -> None:
    path = "~/提纲/四个机关汇报/2025/发言.json"
    assert shorten_path(path, 80) == path
    assert shorten_path(path, 22) == "~/提纲/…/发言.json"
    assert shorten_path(path, 13) == "~/…/发言.json"
    assert shorten_path(path, 12) == "…/发言.json"
    figures = Figures(2345, "10分40秒", 220, 3, True, "", path, "题库 12,345 条短语 · 6 篇文档")
    wide, narrow = status_text(figures, 200).plain, status_text(figures, 56).plain
    assert "题库" in wide and "（每分钟 220 字）" in wide and path in wide
    assert cell_width(narrow) <= 56 and "发言.json" in narrow and "2345" in narrow and "10分40秒" in narrow
    assert "题库" not in narrow and "3" in narrow and "已保存" in narrow


# -- dialogs and notifications -----------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@run_async
async def test_every_dialog_shows_its_buttons(app_on: AppOn, path: Path, size: tuple[int, int]) -> None:
    async with app_on(open_path=path, size=size) as (app, pilot):
        long_context = "\n".join(f"第{i}条：坚持党的领导，建设对党忠诚的“政治机关”，这是一段很长的说明。" for i in range(30))
        dialogs = [
            lambda: pilot.press("ctrl+o"),
            lambda: pilot.press("ctrl+g"),
            lambda: app.push_screen(PathDialog("打开提纲文件", str(path), "输入提纲文件（.json）的路径。" * 3)),
            lambda: app.push_screen(ChoiceDialog("这条素材的提法可能有误", long_context,
                                                 [("fixed", "用改正后的文字加入", "c"), ("as_is", "按原文加入", "o")])),
        ]
        for kinds, open_dialog in zip((ExportDialog, FillSlotDialog, PathDialog, ChoiceDialog), dialogs, strict=True):
            await open_dialog()
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, kinds)
            buttons = list(dialog.query(Button))
            assert len(buttons) >= 2
            shown = squeezed("".join(screen_lines(app)))
            for button in buttons:
                assert_on_screen(app, button)
                assert squeezed(str(button.label)) in shown, button.label
            await pilot.press("escape")
            await settle(pilot)
            assert editor(app) is app.screen


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@run_async
async def test_notifications_keep_every_character(app_on: AppOn, path: Path, size: tuple[int, int]) -> None:
    async with app_on(open_path=path, size=size, notifications=True) as (app, pilot):
        await search(pilot, "政治机关")
        app.notify("已导出到 ~/提纲/四个机关汇报/在全市人大机关建设推进会上的发言.docx", title="导出完成")
        app.notify("这份提纲已在另一个窗口中打开；两边的修改都会保存，并自动合并。", title="注意")
        await pilot.pause(0.3)
        strips = app.screen._compositor.render_strips()
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 2
        shown = squeezed("".join(strips[y].crop(toast.region.x, toast.region.right).text.replace("▌", "")
                                 for toast in toasts for y in toast.region.line_range))
        assert shown == squeezed("导出完成 已导出到 ~/提纲/四个机关汇报/在全市人大机关建设推进会上的发言.docx"
                                 "注意 这份提纲已在另一个窗口中打开；两边的修改都会保存，并自动合并。")


# -- the export dialog -------------------------------------------------------------------------


@run_async
async def test_export_dialog_keeps_the_format_order_and_asks_before_overwriting(app_on: AppOn, path: Path) -> None:
    recorder = Recorder()
    async with app_on(open_path=path, size=(80, 24), message_hook=recorder) as (app, pilot):
        await pilot.press("ctrl+o")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog) and dialog.fmt == "text"
        await pilot.press("down", "down")  # ↓↓ is Word from any start
        await pilot.pause()
        assert dialog.fmt == "docx" and dialog.query_one("#path", Input).value.endswith("发言.docx")
        await pilot.press("down")
        assert dialog.fmt == "docx"  # the list stops at its end instead of wrapping round to .txt
        await pilot.press("up")
        await pilot.pause()
        assert dialog.fmt == "markdown" and dialog.query_one("#path", Input).value.endswith("发言.md")
        await pilot.press("enter")
        await settle(pilot)
        exported = recorder.of(ExportDone)[-1].path
        assert exported.name == "发言.md" and exported.exists()

        # the dialog starts on the format used last; the file exists now, so Enter asks first
        exported.write_text("别人的文件", encoding="utf-8")
        await pilot.press("ctrl+o")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog) and dialog.fmt == "markdown"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        assert all(button.region.bottom <= 24 for button in app.screen.query(Button))
        await pilot.press("escape")  # back to the export dialog, nothing written
        await settle(pilot)
        assert app.screen is dialog and exported.read_text(encoding="utf-8") == "别人的文件"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")  # “换个文件名”: back again
        await settle(pilot)
        assert app.screen is dialog
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert editor(app) is app.screen
        assert exported.read_text(encoding="utf-8").startswith("# ")


# -- the results -------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["zzjg", "政治机关"])
@run_async
async def test_results_show_enough_of_each_candidate_to_compare(app_on: AppOn, path: Path, query: str) -> None:
    async with app_on(open_path=path, size=(80, 24)) as (app, pilot):
        hits = await search(pilot, query)
        results = editor(app).query_one("#results", ResultList)
        width = results.scrollable_content_region.width
        headings = [(i, hit) for i, hit in enumerate(hits) if hit.kind == "heading"]
        assert len(headings) >= 2 and len({hit.text[-6:] for _, hit in headings}) < len(headings)
        for index, hit in headings:
            row = results.get_option_at_index(index).prompt
            assert isinstance(row, Text)
            lines = row.plain.split("\n")
            assert len(lines) <= 2 and all(cell_width(line) <= width for line in lines)
            assert row.plain.startswith(hit.text[:8])  # the start, where headings that end alike differ
            matched = "".join(row.plain[span.start:span.end] for span in row.spans if "underline" in str(span.style))
            assert matched  # the match is in view and highlighted
        # ↓ and PgDn still move through the results, the highlighted one stays in view
        await pilot.press("down")
        assert results.highlighted == 1
        await pilot.press("pagedown")
        assert results.highlighted == min(11, len(hits) - 1)
        await pilot.pause()
        top = results._index_to_line[results.highlighted]
        bottom = top + results._heights[results.highlighted]
        assert results.scroll_offset.y <= top and bottom <= results.scroll_offset.y + results.scrollable_content_region.height


def test_a_result_row_keeps_the_start_and_the_match() -> None:
    text = "坚持党的领导，建设对党忠诚的“政治机关”"
    start = text.index("政治机关")
    hit = Hit(1, text, "heading", ("政治机关",), 12, 3, "substring", 1.0, ((start, start + 4),))
    for width in (27, 41, 60, 100):
        row = hit_row(hit, width)
        lines = row.plain.split("\n")
        assert len(lines) <= 2 and all(cell_width(line) <= width for line in lines)
        assert row.plain.startswith("坚持党") and "标题" in lines[-1]
        assert "政治机关" in "".join(row.plain[s.start:s.end] for s in row.spans if "underline" in str(s.style))
    assert "\n" not in hit_row(hit, 27, lines=1).plain
    shown, origin = fit_text(text, ((start, start + 4),), 20)
    assert shown.startswith("坚持") and "“政治机关”" in shown and cell_width(shown) <= 20
    assert [text[i] if i is not None else "…" for i in origin] == list(shown)


# -- the kind filter follows the cursor --------------------------------------------------------


@run_async
async def test_kind_filter_follows_the_region_of_the_cursor(app_on: AppOn, tmp_path: Path) -> None:
    path = long_outline(tmp_path / "发言.json")
    async with app_on(open_path=path, size=(80, 24)) as (app, pilot):
        screen = editor(app)
        kind = screen.query_one("#kind", Select)
        closing = next(item.text for item in screen.outline.items() if item.id == "c1")
        await put_cursor(pilot, closing)
        assert kind.value == "closing" and screen.pane.request().kind == "closing"
        await put_cursor(pilot, "加强预算审查监督和国有资产管理情况监督")
        assert kind.is_blank() and screen.pane.request().kind is None
        # a kind picked by hand stays wherever the cursor goes, until 全部类型 is picked again
        kind.value = "formula"
        await settle(pilot)
        await put_cursor(pilot, closing)
        assert kind.value == "formula"
        kind.clear()
        await settle(pilot)
        await put_cursor(pilot, "坚持守正创新，建设务实高效的“工作机关”")
        await put_cursor(pilot, closing)
        assert kind.value == "closing"


# -- a pasted paragraph ------------------------------------------------------------------------


async def paste(pilot: Pilot[None], text: str) -> list[Hit]:
    box = pilot.app.screen.query_one("#query", Input)
    box.focus()
    box.value = ""
    box.post_message(events.Paste(text))
    await settle(pilot)
    return pilot.app.screen.query_one("#results", ResultList).hits


def note_lines(app: TigangApp) -> list[str]:
    note = app.screen.query_one("#search-note", CjkStatic)
    return wrap_cjk(note.source, note.scrollable_content_region.width).plain.split("\n")


@run_async
async def test_a_pasted_paragraph_searches_and_its_note_fits(app_on: AppOn, path: Path) -> None:
    async with app_on(open_path=path, size=(80, 24)) as (app, pilot):
        assert app.bank.bank is not None
        paragraphs = [text for text in app.bank.bank.paragraph_texts() if len(text) > 60]
        text = "\n\n　　".join(paragraphs)[:1000]  # as copied from a document: indented, several lines
        assert len(text) == 1000
        hits = await paste(pilot, text)
        box = app.screen.query_one("#query", Input)
        assert box.value == pasted_line(text) and "\n" not in box.value and len(box.value) > 900
        assert hits
        assert len(note_lines(app)) <= 3 and "题库中没有这段话" not in note_lines(app)[0]

        # a paragraph that is nowhere in the bank: its clauses are searched one by one
        foreign = ("我们要坚持以人民为中心的发展思想，扎实推进共同富裕。要坚持党的全面领导，坚决做到两个维护，"
                   "认真落实第一议题制度，加强代表履职能力建设，密切同人民群众的联系。") * 12
        hits = await paste(pilot, foreign)
        assert hits and len(note_lines(app)) <= 3 and "题库中没有这段话" in "".join(note_lines(app))
        # a chapter is searched by its start, and says so
        hits = await paste(pilot, foreign * 4)
        assert len(box.value) > MAX_QUERY and len(note_lines(app)) <= 3
        assert f"按前 {MAX_QUERY} 字查找" in app.screen.query_one("#search-note", CjkStatic).source.plain


def test_pasted_text_becomes_one_line() -> None:
    assert pasted_line("\n　　坚持党的领导，\n建设对党忠诚的“政治机关”。\r\n\n") == "坚持党的领导， 建设对党忠诚的“政治机关”。"
    assert pasted_line("lgwh\tzzjg\n") == "lgwh zzjg"
