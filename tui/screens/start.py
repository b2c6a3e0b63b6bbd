"""The start screen: recent outlines to reopen, and the section structures to start a new one from.

The structures have the focus when it opens, recent outlines or not: ↑↓ and Enter start a new outline
(as the README says), and Tab moves to the recent list, whose title says so.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from phrasebank.outline.recent import RecentOutline, forget, load_recent
from phrasebank.outline.structures import Structure, load_structures
from phrasebank.team.urls import is_team_url
from tui.keys import START_BINDINGS
from tui.render import short_path
from tui.running import tigang
from tui.widgets.cjk_text import CjkStatic


def start_title(*, team: bool = False, offline: str = "") -> Text:
    """The line over the start screen: what tigang is, and where the material comes from — a team bank
    is on the office's server (the outlines stay on this computer all the same), or away for now."""
    where = offline or "团队题库在单位服务器上，提纲只存本机" if team else "完全离线，文稿不离开本机"
    return Text.assemble(("提纲 tigang", "bold"), "  人大文稿写作助手 · ", (where, "bold yellow" if offline else ""))


class StartScreen(Screen[None]):
    """Choose a recent outline (left) or a structure for a new one (right, with its parts and guides)."""

    BINDINGS: ClassVar[list[BindingType]] = [*START_BINDINGS]
    AUTO_FOCUS = None

    def __init__(self, *, new_path: Path | None = None) -> None:
        super().__init__()
        self.new_path = new_path
        self.recent: list[RecentOutline] = []
        found = load_structures()
        self.structures: list[Structure] = found.structures
        self.problems = [str(problem) for problem in found.problems]

    def compose(self) -> ComposeResult:
        yield Static(start_title(), id="start-title")
        with Horizontal(id="start-body"):
            with Vertical(id="recent-box", classes="box"):
                yield Label("最近的提纲", id="recent-title", classes="box-title")
                yield OptionList(id="recent")
                yield Static("还没有提纲。\n在右边选结构，回车新建。", id="recent-empty")
            with Vertical(id="structures-box", classes="box"):
                yield Label("新建提纲：选择文稿结构（↑↓ 选择，回车新建）", classes="box-title")
                yield OptionList(*(Option(self._structure_row(s), id=s.id) for s in self.structures), id="structures")
                detail = VerticalScroll(id="structure-detail-box")
                detail.can_focus = False  # Tab goes between the two lists only (the mouse wheel still scrolls it)
                with detail:
                    yield CjkStatic("", id="structure-detail")
        yield Footer()

    def on_mount(self) -> None:
        for shown in ("bank_state", "bank_offline"):
            self.watch(self.app, shown, lambda _value: self._show_title(), init=shown == "bank_state")
        self.refresh_recent()
        structures = self.query_one("#structures", OptionList)
        if self.structures:
            structures.highlighted = 0
        structures.focus()  # never the recent list: ↑↓ and Enter must start a new outline
        for problem in self.problems:
            self.notify(problem, title="自定义结构有误", severity="warning", timeout=10)

    def _show_title(self) -> None:
        app = tigang(self)
        team = app.bank.team or is_team_url(app.bank.bank_path)  # the setting's is known once opening began
        self.query_one("#start-title", Static).update(start_title(team=team, offline=app.bank_offline))

    def on_screen_resume(self) -> None:
        self.refresh_recent()

    def refresh_recent(self) -> None:
        """Reload the recent list (it changes whenever an outline is opened)."""
        self.recent = load_recent()
        recent = self.query_one("#recent", OptionList)
        recent.clear_options()
        recent.add_options([Option(self._recent_row(entry), id=str(index)) for index, entry in enumerate(self.recent)])
        recent.display = bool(self.recent)
        self.query_one("#recent-empty").display = not self.recent
        hint = ("\n", ("Tab 换到这栏，回车打开", "not bold dim")) if self.recent else ()
        self.query_one("#recent-title", Label).update(Text.assemble("最近的提纲", *hint))
        if self.recent:
            recent.highlighted = 0

    # ------------------------------------------------------------------ rows

    @staticmethod
    def _recent_row(entry: RecentOutline) -> Text:
        row = Text(entry.path.stem, style="bold" if entry.exists else "dim strike")
        when = datetime.fromtimestamp(entry.opened_at).strftime("%m-%d %H:%M")
        row.append(f"  {when}\n", style="dim")
        row.append(short_path(entry.path.parent) + ("" if entry.exists else "（文件已不存在）"), style="dim")
        return row

    @staticmethod
    def _structure_row(structure: Structure) -> Text:
        row = Text(structure.name, style="bold")
        row.append(f"  {len(structure.parts)} 个部分", style="dim")
        if not structure.builtin:
            row.append("  自定义", style="cyan")
        return row

    @staticmethod
    def structure_detail(structure: Structure) -> Text:
        """Description, then opening, every part (organ, guide, example heading) and closing."""
        out = Text()
        out.append(structure.description + "\n", style="italic")
        out.append("\n开头\n", style="bold")
        out.append(f"   {structure.opening_guide}\n")
        for number, part in enumerate(structure.parts, start=1):
            out.append(f"{number}. {part.title}", style="bold")
            if part.organ:
                out.append(f" 〔{part.organ}〕", style="cyan")
            out.append(f"\n   {part.guide}\n")
            out.append(f"   例：{part.example}\n", style="dim")
        out.append("结尾\n", style="bold")
        out.append(f"   {structure.closing_guide}")
        return out

    # ------------------------------------------------------------------ events

    @on(OptionList.OptionHighlighted, "#structures")
    def show_structure(self, event: OptionList.OptionHighlighted) -> None:
        structure = self.structures[event.option_index]
        self.query_one("#structure-detail", CjkStatic).show(self.structure_detail(structure))

    @on(OptionList.OptionSelected, "#structures")
    def structure_chosen(self) -> None:
        self.action_new_outline()

    @on(OptionList.OptionSelected, "#recent")
    def recent_chosen(self, event: OptionList.OptionSelected) -> None:
        tigang(self).open_outline(self.recent[event.option_index].path)

    # ------------------------------------------------------------------ actions

    def action_choose(self) -> None:
        focused = self.focused
        if isinstance(focused, OptionList):
            focused.action_select()

    def selected_structure(self) -> Structure | None:
        index = self.query_one("#structures", OptionList).highlighted
        return self.structures[index] if index is not None else None

    def action_new_outline(self) -> None:
        from tui.screens.dialogs import PathDialog
        from tui.session import default_outline_path

        structure = self.selected_structure()
        if structure is None:
            return
        path = self.new_path or default_outline_path(structure)

        def create(chosen: Path | None) -> None:
            if chosen is not None:
                tigang(self).create_outline(structure, chosen)

        self.app.push_screen(
            PathDialog(
                f"新建提纲：{structure.name}",
                str(path),
                "可改成任意路径。每次修改都会自动保存，上一版留作 .bak 备份。",
                must_not_exist=True,
            ),
            create,
        )

    def action_open_file(self) -> None:
        from tui.screens.dialogs import PathDialog

        def open_path(chosen: Path | None) -> None:
            if chosen is not None:
                tigang(self).open_outline(chosen)

        self.app.push_screen(
            PathDialog("打开提纲文件", str(Path.cwd()) + "/", "输入提纲文件（.json）的路径。", must_exist=True),
            open_path,
        )

    def action_forget_recent(self) -> None:
        recent = self.query_one("#recent", OptionList)
        if self.focused is not recent or recent.highlighted is None:
            return
        entry = self.recent[recent.highlighted]
        forget(entry.path)
        self.refresh_recent()
        self.notify(f"已把 {entry.path.name} 移出列表（文件未删除）。")

    def action_help(self) -> None:
        from tui.keys import APP_BINDINGS
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen("按键：开始页", [("开始页", START_BINDINGS), ("全局", APP_BINDINGS)],
                                        "右边是文稿结构（开始时光标在这里，↑↓ 选择，回车新建），左边是最近的提纲。"
                                        "Tab 在两栏之间切换，鼠标点选也可以。"))
