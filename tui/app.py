"""The `tigang` application: which screen to show, the bank loaded in a worker, opening and creating outlines.

Kept thin: screens live in `tui.screens`, widgets in `tui.widgets`, all logic in `phrasebank`.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.reactive import reactive
from textual.screen import Screen

from phrasebank.errors import TigangError
from tui import overlay
from tui.bank_service import BankService
from tui.keys import APP_BINDINGS
from tui.messages import BankFailed, BankLoaded, BankNote
from tui.screens.start import StartScreen

if TYPE_CHECKING:
    from textual.command import Provider  # the palette is imported when it first opens, not at start-up

    from phrasebank.outline.structures import Structure
    from tui.session import OutlineSession

overlay.apply()  # Han characters of a notification over a widget's edge are not blanked (Textual #6357)


def _commands() -> type[Provider]:
    """The command palette provider, imported when the palette first opens (not at start-up)."""
    from tui.commands import TigangCommands

    return TigangCommands


class TigangApp(App[None]):
    """Start screen first; an outline opens in the editor on top of it."""

    TITLE = "提纲"
    CSS_PATH = Path(__file__).with_name("tigang.tcss")
    BINDINGS: ClassVar[list[BindingType]] = list(APP_BINDINGS)
    COMMANDS = {_commands}
    """Only tigang's commands: Textual's English system commands are left out (see `get_system_commands`)."""
    COMMAND_PALETTE_DISPLAY = "^p"

    bank_state: reactive[str] = reactive("loading")
    """"loading", "ready" or "failed"; the editor watches it."""

    def __init__(self, *, open_path: Path | None = None, new_path: Path | None = None,
                 bank_path: Path | None = None) -> None:
        super().__init__()
        self.open_path, self.new_path = open_path, new_path
        self.bank = BankService(bank_path)
        self.bank_summary = ""
        self.bank_error = ""
        self.started = time.perf_counter()
        self.sessions: list[OutlineSession] = []
        """Every outline opened in this run (saved once more after the app ends, however it ends)."""

    def get_default_screen(self) -> Screen[None]:
        """The editor when an outline file was given (and opens), else the start screen."""
        if self.open_path is not None:
            session = self._open_session(self.open_path)
            if session is not None:
                return self._editor(session)
        return StartScreen(new_path=self.new_path)

    def on_ready(self) -> None:
        """The first frame is on screen: now open the bank (imports and all) in a worker."""
        self.load_bank()

    # ------------------------------------------------------------------ the command palette

    def action_command_palette(self) -> None:
        """Open the command palette (^p), in Chinese and with pinyin matching (`tui.commands`)."""
        from textual.command import CommandPalette

        from tui.commands import TigangPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(TigangPalette())

    def get_system_commands(self, screen: Screen[object]) -> Iterator[SystemCommand]:
        """The palette's commands beyond the keys, in Chinese: only 主题 (Textual's Quit, Keys, Maximize
        and Screenshot are either tigang keys already — 退出, 帮助 — or of no use to a writer)."""
        yield SystemCommand("主题", "换一套界面配色（深色、浅色等）；只在本次运行中有效", self._choose_theme)

    def _choose_theme(self) -> None:
        from textual.theme import ThemeProvider

        from tui.commands import TigangPalette

        self.push_screen(TigangPalette([ThemeProvider], placeholder="查找配色…", id=None))

    # ------------------------------------------------------------------ the bank

    @work(thread=True, exclusive=True, group="bank")
    def load_bank(self) -> None:
        """Open (the first time: build from the seeds) the bank and its search index, off the UI thread."""
        try:
            if self.bank.will_build():
                self.post_message(BankNote("首次使用：正在用内置材料建立题库，需要几秒钟…"))
            phrases, seconds = self.bank.open()
        except TigangError as error:
            self.post_message(BankFailed(str(error)))
        except Exception as error:  # noqa: BLE001 - any failure must reach the user as a message
            self.post_message(BankFailed(f"{type(error).__name__}: {error}"))
        else:
            for notice in self.bank.notices:
                self.post_message(BankNote(notice))
            self.post_message(BankLoaded(phrases, seconds, self.bank.index_name))

    @on(BankNote)
    def bank_note(self, message: BankNote) -> None:
        self.bank_summary = message.text
        self.notify(message.text, title="题库")

    @on(BankLoaded)
    def bank_loaded(self, message: BankLoaded) -> None:
        self.bank_summary = f"题库 {message.phrases} 条"
        self.bank_state = "ready"
        self.log.info(f"bank ready {message.seconds * 1000:.0f} ms after load start, "
                      f"{(time.perf_counter() - self.started) * 1000:.0f} ms after app start ({message.index})")

    @on(BankFailed)
    def bank_failed(self, message: BankFailed) -> None:
        self.bank_error = message.error
        self.bank_state = "failed"
        self.notify(message.error, title="题库无法打开", severity="error", timeout=20)

    # ------------------------------------------------------------------ outlines

    def open_outline(self, path: Path) -> None:
        """Open an outline file in the editor; problems (damaged file…) are shown, never raised."""
        session = self._open_session(path)
        if session is not None:
            self._edit(session)

    def _open_session(self, path: Path) -> OutlineSession | None:
        from tui.session import OutlineSession

        try:
            return OutlineSession.open(path)
        except TigangError as error:
            self.notify(str(error), title="无法打开提纲", severity="error", timeout=20)
            return None

    def create_outline(self, structure: Structure, path: Path) -> None:
        """Start a new outline file from a structure and open it."""
        from tui.session import OutlineSession

        try:
            session = OutlineSession.create(structure, path)
        except TigangError as error:
            self.notify(str(error), title="无法新建提纲", severity="error", timeout=20)
            return
        self.notify(f"已新建 {session.path}，之后每次修改都会自动保存。", title="新建提纲")
        self._edit(session)

    def _editor(self, session: OutlineSession) -> Screen[None]:
        """An editor screen for `session`, remembered in the recent list."""
        from phrasebank.outline.recent import remember
        from tui.screens.editor import EditorScreen

        with suppress(OSError):  # the recent list is a convenience; never block opening over it
            remember(session.path)
        self.sessions.append(session)
        return EditorScreen(session)

    def _edit(self, session: OutlineSession) -> None:
        editor = self._editor(session)
        while len(self.screen_stack) > 1 and not isinstance(self.screen, StartScreen):
            self._save_screen(self.screen)
            self.pop_screen()
        self.push_screen(editor)

    @staticmethod
    def _save_screen(screen: Screen[object]) -> None:
        """Write what an editor screen has unsaved (any other screen has nothing to save)."""
        from tui.screens.editor import EditorScreen

        if isinstance(screen, EditorScreen):
            screen.save_before_leaving()

    def close_outline(self) -> None:
        """Leave the editor for the start screen (built only now if tigang started in the editor).

        A first-screen editor stays, closed and saved, under the start screen: Textual cannot
        replace the first screen of the stack.
        """
        if len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            self.push_screen(StartScreen())

    async def action_quit(self) -> None:
        """Save the open outline (if anything is unsaved) and leave."""
        for screen in self.screen_stack:
            self._save_screen(screen)
        self.exit()

    def on_unmount(self) -> None:
        self.bank.close()
        for session in self.sessions:  # saved by `run` once the app is gone; the claims go now
            session.close()


def run(open_path: Path | None = None, new_path: Path | None = None) -> int:
    """Run the UI (the console script calls this); returns the exit code: non-zero when the UI
    crashed — and then, too, every open outline is saved first."""
    import sys

    app = TigangApp(open_path=open_path, new_path=new_path)
    app.run()
    unsaved = save_all(app.sessions)
    if app.return_code:
        saved = "、".join(str(session.path) for session in app.sessions) or "没有打开的提纲"
        print(f"tigang: 界面意外退出（见上方的错误信息）；提纲已保存：{saved}。", file=sys.stderr)
    for problem in unsaved:
        print(f"tigang: 错误：{problem}", file=sys.stderr)
    return app.return_code or (1 if unsaved else 0)


def save_all(sessions: list[OutlineSession]) -> list[str]:
    """Save what any of `sessions` has unsaved, and give up their claims; the errors, one line each."""
    problems = []
    for session in sessions:
        try:
            session.save_now()
        except TigangError as error:
            problems.append(str(error))
        session.close()
    return problems
