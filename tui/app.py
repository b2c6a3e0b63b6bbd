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
from tui.messages import BankFailed, BankLoaded, BankNote, BankSynced
from tui.screens.start import StartScreen

if TYPE_CHECKING:
    from textual.command import Provider  # the palette is imported when it first opens, not at start-up

    from phrasebank.outline.structures import Structure
    from phrasebank.team.opening import BankLocation
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

    SYNC_SECONDS = 5.0
    """How often a team bank is brought up to date from its server, and how old its last sync may be
    when a search is asked for before another is started (in the background: a search never waits)."""

    bank_state: reactive[str] = reactive("loading")
    """"loading", "ready" or "failed"; the editor watches it."""
    bank_summary: reactive[str] = reactive("")
    """The bank in a few words for the status line ("题库 1234 条", "团队题库 1234 条")."""
    bank_offline: reactive[str] = reactive("")
    """A team bank's "团队题库离线，数据截至 …" while its server is away; the status line shows it."""
    bank_revision: reactive[int] = reactive(0)
    """Counts the syncs that brought a team bank new material; the search pane runs its search again."""

    def __init__(self, *, open_path: Path | None = None, new_path: Path | None = None,
                 bank_path: BankLocation = None) -> None:
        super().__init__()
        self.open_path, self.new_path = open_path, new_path
        self.bank = BankService(bank_path)
        self.bank_error = ""
        self.sync_error = ""
        """The last sync's refusal, shown once (the timer would repeat it every few seconds)."""
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
            self.post_message(BankLoaded(phrases, seconds, self.bank.index_name, self.bank.offline_note))

    @on(BankNote)
    def bank_note(self, message: BankNote) -> None:
        self.bank_summary = message.text
        self.notify(message.text, title="题库")

    @on(BankLoaded)
    def bank_loaded(self, message: BankLoaded) -> None:
        self.bank_summary = self._summary(message.phrases)
        self.bank_offline = message.offline
        self.bank_state = "ready"
        if self.bank.team:
            self.set_interval(self.SYNC_SECONDS, lambda: self.sync_if_due(self.SYNC_SECONDS / 2))
        self.log.info(f"bank ready {message.seconds * 1000:.0f} ms after load start, "
                      f"{(time.perf_counter() - self.started) * 1000:.0f} ms after app start ({message.index})")

    def _summary(self, phrases: int) -> str:
        return f"{'团队题库' if self.bank.team else '题库'} {phrases} 条"

    @on(BankFailed)
    def bank_failed(self, message: BankFailed) -> None:
        self.bank_error = message.error
        self.bank_state = "failed"
        self.notify(message.error, title="题库无法打开", severity="error", timeout=20)

    # ------------------------------------------------------------------ a team bank kept current

    def sync_if_due(self, older_than: float | None = None) -> None:
        """Start a sync of a team bank in the background when its last one ended `older_than` seconds
        ago or more (default `SYNC_SECONDS`; the timer asks with half of it, so a sync that ended just
        after the last tick does not skip the next) and none is under way; never waits for it."""
        age = self.SYNC_SECONDS if older_than is None else older_than
        if self.bank_state != "ready" or not self.bank.sync_due(age):
            return
        if not any(worker.group == "sync" and not worker.is_finished for worker in self.workers):
            self.sync_bank()

    @work(thread=True, group="sync")
    def sync_bank(self) -> None:
        """Bring a team bank up to date with its server (the network part holds no lock a search needs)."""
        try:
            report = self.bank.sync()
        except TigangError as error:
            self.post_message(BankSynced(error=str(error)))
        except Exception as error:  # noqa: BLE001 - a failed sync must not take the editor down
            self.post_message(BankSynced(error=f"{type(error).__name__}: {error}"))
        else:
            if report is not None:
                self.post_message(BankSynced(report.changed, report.phrases, report.offline))

    @on(BankSynced)
    def bank_synced(self, message: BankSynced) -> None:
        """Show where the sync left the bank: new material searched again, the offline note on or off."""
        if message.error:
            if message.error != self.sync_error:
                self.notify(message.error, title="团队题库同步失败", severity="error", timeout=20)
            self.sync_error = message.error
            return
        self.sync_error = ""
        was_offline, self.bank_offline = self.bank_offline, message.offline
        self.bank_summary = self._summary(message.phrases)
        if message.offline and not was_offline:
            self.notify("搜索和提纲照常可用（用本机副本）；收藏、隐藏要等服务器恢复。", title=message.offline,
                        severity="warning", timeout=10)
        elif was_offline and not message.offline:
            self.notify("已重新连上团队题库，数据已更新。", title="团队题库")
        if message.changed:
            self.bank_revision += 1

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


def run(open_path: Path | None = None, new_path: Path | None = None, bank: BankLocation = None) -> int:
    """Run the UI (the console script calls this) on `bank` (None: the `bank` setting, else the
    built-in bank); returns the exit code: non-zero when the UI crashed — and then, too, every open
    outline is saved first."""
    import sys

    app = TigangApp(open_path=open_path, new_path=new_path, bank_path=bank)
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
