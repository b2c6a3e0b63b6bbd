"""The command palette (^p): Chinese commands only, the right keys, found by characters or pinyin."""
from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import AppOn, editor, put_cursor, run_async, settle
from textual.command import CommandInput, CommandList
from textual.pilot import Pilot

from tui.commands import NO_MATCHES, TigangCommands, TigangPalette, label_readings, pinyin_span
from tui.screens.dialogs import ExportDialog
from tui.screens.editor import EditorScreen

SIZES = [(80, 24), (120, 36)]
ENGLISH = {"Keys", "Maximize", "Minimize", "Quit", "Screenshot", "Theme"}


async def palette_rows(pilot: Pilot[None], query: str) -> list[str]:
    """Open the palette (if it is not open) and type `query`; the first line of each row shown (label
    and key), best first."""
    app = pilot.app
    if not isinstance(app.screen, TigangPalette):
        await pilot.press("ctrl+p")
    palette = app.screen
    assert isinstance(palette, TigangPalette)
    palette.query_one(CommandInput).value = query
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    commands = palette.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt).split("\n")[0] for i in range(commands.option_count)]


def label_of(row: str) -> str:
    return row.split()[0]


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_pinyin_and_initials_find_the_command(app_on: AppOn, path: Path, size: tuple[int, int]) -> None:
    async with app_on(open_path=path, size=size) as (app, pilot):
        for query, label in (("daochu", "导出"), ("dc", "导出"), ("chexiao", "撤销"), ("cx", "撤销"),
                             ("导出", "导出"), ("daoc", "导出"), ("chongzuo", "重做"), ("undo", "撤销")):
            rows = await palette_rows(pilot, query)
            assert label_of(rows[0]) == label, (query, rows[:3])
        assert isinstance(app.screen, TigangPalette)
        assert "拼音" in str(app.screen.query_one(CommandInput).placeholder)


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_the_list_is_chinese_with_every_action_and_its_key(app_on: AppOn, path: Path,
                                                                 size: tuple[int, int]) -> None:
    async with app_on(open_path=path, size=size) as (_, pilot):
        rows = await palette_rows(pilot, "")
        labels = {row.split()[0]: row.split()[1] if len(row.split()) > 1 else "" for row in rows}
        assert not ENGLISH & set(labels), labels
        assert all(any("\u4e00" <= char <= "\u9fff" for char in label) for label in labels), labels
        for label in ("搜索", "加要点", "加标题", "编辑", "填空", "删除", "上移", "下移", "升级", "降级", "撤销", "重做",
                      "保存", "存版本", "版本", "导出", "检查", "剪切", "粘贴", "折叠", "全部折叠", "收藏", "隐藏",
                      "帮助", "关闭", "退出"):
            assert label in labels, label
        assert labels["上移"] == "^↑" and labels["升级"] == "^←" and labels["存版本"] == "F5"
        assert labels["剪切"] == "^x" and labels["折叠"] == "空格" and labels["全部折叠"] == "f"


@run_async
async def test_nothing_found_is_said_in_chinese(app_on: AppOn, path: Path) -> None:
    async with app_on(open_path=path, size=(80, 24)) as (_, pilot):
        assert await palette_rows(pilot, "qqqq") == []
        await pilot.pause(0.8)  # Textual says so after half a second
        commands = pilot.app.screen.query_one(CommandList)
        assert commands.option_count == 1
        assert NO_MATCHES in str(commands.get_option_at_index(0).prompt)


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_choosing_a_command_runs_it(app_on: AppOn, path: Path, size: tuple[int, int]) -> None:
    async with app_on(open_path=path, size=size) as (app, pilot):
        await put_cursor(pilot, "一年来共组织集中学习××次")
        rows = await palette_rows(pilot, "shangyi")
        assert label_of(rows[0]) == "上移"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert [i.id for i in editor(app).outline.body] == ["part1", "p12", "p11", "part2"]
        await palette_rows(pilot, "dc")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)


@run_async
async def test_the_start_screen_palette_has_its_own_commands(app_on: AppOn) -> None:
    async with app_on(size=(80, 24)) as (_, pilot):
        labels = [label_of(row) for row in await palette_rows(pilot, "")]
        assert labels[:3] == ["打开/新建", "新建", "打开文件"] and "主题" in labels
        assert not ENGLISH & set(labels)


@run_async
async def test_the_provider_alone_matches_labels_help_and_ids(app_on: AppOn, path: Path) -> None:
    async with app_on(open_path=path) as (app, _):
        provider = TigangCommands(app.screen)
        assert [hit.text async for hit in provider.search("上移")] == ["上移"]
        assert [hit.text async for hit in provider.search("tigang.editor.export")] == ["导出"]
        assert "导出" in [hit.text async for hit in provider.search("Markdown")]


def test_pinyin_spans_use_every_reading() -> None:
    (readings,) = label_readings(["全部折叠"])
    assert pinyin_span("qbzd", readings) == (0, 4)
    assert pinyin_span("zhedie", readings) == (2, 4)
    assert pinyin_span("折die", readings) == (2, 4)
    (chong,) = label_readings(["重做"])
    assert pinyin_span("chongzuo", chong) == pinyin_span("zhongzuo", chong) == (0, 2)
    assert pinyin_span("xyz", chong) is None
