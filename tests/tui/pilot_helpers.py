"""Driving the terminal UI through Textual's pilot as a writer would: start the app and wait for it to
settle, type a search, put the outline cursor on a line, read the outline back."""
from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input

from phrasebank.outline.file import save_outline
from phrasebank.outline.items import Item
from phrasebank.outline.model import Outline
from phrasebank.search.query import Hit
from tui.app import TigangApp
from tui.screens.editor import EditorScreen
from tui.widgets.outline_tree import OutlineTree
from tui.widgets.search_pane import ResultList

SIZE = (120, 36)
AppOn = Callable[..., AbstractAsyncContextManager[tuple[TigangApp, Pilot[None]]]]
"""The `app_on` fixture: starts the app and waits until it has settled."""


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with asyncio (no async plugin needed); fixtures pass through unchanged."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


class Recorder:
    """Collects the app's messages (a `run_test` message hook)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    def __call__(self, message: Message) -> None:
        self.messages.append(message)

    def of(self, kind: type[Message]) -> list[Any]:
        return [m for m in self.messages if isinstance(m, kind)]


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the bank is loaded and every worker (search, preview, save, export) has finished."""
    app = pilot.app
    assert isinstance(app, TigangApp)
    for _ in range(400):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.bank_state != "loading" and not any(worker.is_running for worker in app.workers):
            return
    raise AssertionError("the UI did not settle")


@asynccontextmanager
async def started(
    bank_path: Path, *, open_path: Path | None = None, size: tuple[int, int] = SIZE, **run_options: Any
) -> AsyncIterator[tuple[TigangApp, Pilot[None]]]:
    """The app on the session's seed bank, started (with `open_path` in the editor) and settled."""
    app = TigangApp(bank_path=bank_path, open_path=open_path)
    async with app.run_test(size=size, **run_options) as pilot:
        await settle(pilot)
        yield app, pilot


async def search(pilot: Pilot[None], query: str) -> list[Hit]:
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


async def put_cursor(pilot: Pilot[None], text: str) -> None:
    """Move the outline cursor to the line showing `text`."""
    app = pilot.app
    assert isinstance(app, TigangApp)
    screen = editor(app)
    item = next(i for i in screen.outline.items() if i.text == text)
    tree = screen.query_one(OutlineTree)
    tree.focus()
    assert tree.move_to(item.id)
    await settle(pilot)
    assert screen.cursor_id == item.id


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


LONG_POINT = ("始终把坚持党的全面领导作为人大工作的最高政治原则，严格落实重大事项请示报告制度，"
              "确保党中央决策部署和省委、市委工作要求在人大工作中得到不折不扣的贯彻落实。")


def long_outline(path: Path) -> Path:
    """The 四个机关 with sentence-length points, as a real outline reads after a few rounds."""
    body = [
        Item("坚持党的领导，建设对党忠诚的“政治机关”", 1, organ="政治机关", id="part1"),
        Item(LONG_POINT, 2, id="p11"),
        Item("落实“第一议题”制度，一年来共组织集中学习××次，专题研讨××次。", 2, id="p12"),
        Item("坚持服务发展，建设依法履职的“权力机关”", 1, organ="权力机关", id="part2"),
        Item("围绕全市中心工作，听取审议专项工作报告××项，开展执法检查××次，推动解决了一批群众急难愁盼问题。",
             2, id="p21"),
        Item("加强预算审查监督和国有资产管理情况监督", 2, id="p22"),
        Item("坚持守正创新，建设务实高效的“工作机关”", 1, organ="工作机关", id="part3"),
        Item("深化“两个联系”，密切同人大代表和人民群众的联系，健全代表联络站常态化运行机制。", 2, id="p31"),
        Item("坚持人民至上，建设密切联系群众的“代表机关”", 1, organ="代表机关", id="part4"),
    ]
    outline = Outline(title="在全市人大机关建设推进会上的发言", salutation="尊敬的××主任，各位领导，同志们：",
                      body=body, structure_id="si-ge-jiguan",
                      closing=[Item("同志们，新时代新征程，人大工作大有可为、大有作为。", 0, id="c1")])
    save_outline(outline, path)
    return path
