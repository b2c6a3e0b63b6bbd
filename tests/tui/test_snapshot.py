"""The main screen as a picture (SVG snapshot)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pilot_helpers import (
    SIZE,
    editor,
    put_cursor,
    sample_outline,
    search,
    settle,
)
from textual.pilot import Pilot

from tui.app import TigangApp
from tui.widgets.search_pane import ResultList


def test_main_screen_snapshot(snap_compare: Callable, seed_bank_path: Path, fake_home: Path) -> None:
    """120×36 with Chinese content: outline with a slot, current part marked, results for “第一议题”."""
    folder = fake_home / "提纲"
    folder.mkdir()
    path = sample_outline(folder / "推进会发言.json")
    app = TigangApp(bank_path=seed_bank_path, open_path=path)

    async def prepare(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await search(pilot, "第一议题")
        await put_cursor(pilot, "一年来共组织集中学习××次")
        editor(pilot.app).query_one("#search-pane").query_one("#results", ResultList).highlighted = 1
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=prepare)
