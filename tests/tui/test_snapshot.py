"""The main screen as a picture (SVG snapshot): the seed outline at 120×36, and a long outline at
80×24 and 120×36 (wrapped points, part figures, a folded part)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_helpers import (
    LONG_POINT,
    SIZE,
    editor,
    long_outline,
    put_cursor,
    sample_outline,
    search,
    settle,
)
from textual.pilot import Pilot

from tui.app import TigangApp
from tui.widgets.search_pane import ResultList


def app_on(bank: Path, home: Path, make: Callable[[Path], Path], name: str) -> TigangApp:
    """The app on the seed bank, opening an outline `make` writes as ~/提纲/`name`."""
    folder = home / "提纲"
    folder.mkdir()
    return TigangApp(bank_path=bank, open_path=make(folder / name))


def test_main_screen_snapshot(snap_compare: Callable, seed_bank_path: Path, fake_home: Path) -> None:
    """120×36 with Chinese content: outline with a slot, current part marked, results for “第一议题”."""
    app = app_on(seed_bank_path, fake_home, sample_outline, "推进会发言.json")

    async def prepare(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await search(pilot, "第一议题")
        await put_cursor(pilot, "一年来共组织集中学习××次")
        editor(pilot.app).query_one("#search-pane").query_one("#results", ResultList).highlighted = 1
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=prepare)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_long_outline_snapshot(snap_compare: Callable, seed_bank_path: Path, fake_home: Path,
                               size: tuple[int, int]) -> None:
    """A long outline with the outline focused: points wrapped, figures on each heading, 三、 folded."""
    app = app_on(seed_bank_path, fake_home, long_outline, "人大机关建设推进会发言（送审稿）.json")

    async def prepare(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await put_cursor(pilot, "深化“两个联系”，密切同人大代表和人民群众的联系，健全代表联络站常态化运行机制。")
        await pilot.press("space")
        await put_cursor(pilot, LONG_POINT)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=prepare)
