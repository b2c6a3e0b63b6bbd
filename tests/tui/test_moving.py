"""Moving points across parts (^↑ from a part's first point goes to the end of the previous part, as in
org-mode) and cut and paste of an item with everything under it — from the keyboard, at 80×24 and
120×36, saved and undoable."""
from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import AppOn, editor, long_outline, put_cursor, run_async, settle

from phrasebank.outline.file import load_outline

SIZES = [(80, 24), (120, 36)]
BUDGET = "加强预算审查监督和国有资产管理情况监督"
LINKS = "深化“两个联系”，密切同人大代表和人民群众的联系，健全代表联络站常态化运行机制。"


def layout(path: Path) -> list[tuple[str, int]]:
    """The saved body as (id, level)."""
    return [(item.id, item.level) for item in load_outline(path).body]


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_points_move_across_parts_and_back(app_on: AppOn, tmp_path: Path, size: tuple[int, int]) -> None:
    path = long_outline(tmp_path / "发言.json")
    async with app_on(open_path=path, size=size) as (app, pilot):
        screen = editor(app)
        await put_cursor(pilot, LINKS)  # 三、（一）, the only point of its part
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert screen.outline.part_of("p31").id == "part2"  # the end of 二、
        assert [i.id for i in screen.outline.body][3:7] == ["part2", "p21", "p22", "p31"]
        assert screen.cursor_id == "p31"
        assert screen.outline.path_label("p31") == "二、（三）"
        await pilot.press("ctrl+down")
        await settle(pilot)
        assert screen.outline.part_of("p31").id == "part3"  # back as the first point of 三、
        await pilot.press("ctrl+down")
        await settle(pilot)
        assert screen.outline.part_of("p31").id == "part4"
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")
        await settle(pilot)
        assert layout(path) == [(i.id, i.level) for i in load_outline(long_outline(tmp_path / "原样.json")).body]


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_cut_and_paste_move_a_point_with_what_is_under_it(app_on: AppOn, tmp_path: Path,
                                                                size: tuple[int, int]) -> None:
    path = long_outline(tmp_path / "发言.json")
    async with app_on(open_path=path, size=size, notifications=True) as (app, pilot):
        screen = editor(app)
        screen.outline.add_child("p22", "国有资产管理情况报告制度")  # a point under the one to move
        screen.refresh_outline()
        await put_cursor(pilot, BUDGET)
        await pilot.press("ctrl+x")
        await settle(pilot)
        assert not any(item.text == BUDGET for item in screen.outline.body)
        assert "及其下 1 条" in " ".join(n.message for n in app._notifications)
        assert [i.text for i in load_outline(path).body if i.text == BUDGET] == []  # the cut is saved
        await put_cursor(pilot, LINKS)
        await pilot.press("ctrl+v")
        await settle(pilot)
        body = screen.outline.body
        moved = next(index for index, item in enumerate(body) if item.text == BUDGET)
        assert body[moved - 1].text == LINKS and body[moved].level == 2
        assert body[moved + 1].text == "国有资产管理情况报告制度" and body[moved + 1].level == 3
        assert screen.cursor_id == body[moved].id
        assert screen.outline.path_label(body[moved].id) == "三、（二）"
        saved = load_outline(path)
        assert [i.text for i in saved.part_items("part3")][1:] == [LINKS, BUDGET, "国有资产管理情况报告制度"]
        # pasting again gives a second copy with its own ids; ^z takes it back
        await pilot.press("ctrl+v")
        await settle(pilot)
        assert sum(item.text == BUDGET for item in screen.outline.body) == 2
        assert len({item.id for item in screen.outline.body}) == len(screen.outline.body)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert sum(item.text == BUDGET for item in screen.outline.body) == 1


@run_async
async def test_paste_with_nothing_cut_says_what_to_do(app_on: AppOn, tmp_path: Path) -> None:
    path = long_outline(tmp_path / "发言.json")
    async with app_on(open_path=path, size=(80, 24), notifications=True) as (app, pilot):
        await put_cursor(pilot, LINKS)
        await pilot.press("ctrl+v")
        await settle(pilot)
        assert any("先在要移动的条目上按 ^x" in n.message for n in app._notifications)
