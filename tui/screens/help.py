"""The `?` / F1 help screen: every key of the screen it was opened from, with what it does."""
from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


def key_names(app: App[object], binding: Binding) -> str:
    """All keys of a binding as the footer would show them, e.g. “^f / /”."""
    display = app.get_key_display
    return " / ".join(display(Binding(key.strip(), binding.action)) for key in binding.key.split(","))


class HelpScreen(ModalScreen[None]):
    """A table of keys; Esc, q or F1 closes it."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", "关闭", id="tigang.help.close")]

    def __init__(self, title: str, sections: Sequence[tuple[str, Sequence[Binding]]], intro: str = "") -> None:
        super().__init__()
        self.title_text, self.sections, self.intro = title, sections, intro

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Label(self.title_text, classes="dialog-title")
            if self.intro:
                yield Static(self.intro, classes="dialog-hint")
            for heading, bindings in self.sections:
                table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
                table.add_column("键", style="bold cyan", no_wrap=True)
                table.add_column("功能", style="bold", no_wrap=True)
                table.add_column("说明", ratio=1)
                for binding in bindings:
                    table.add_row(key_names(self.app, binding), binding.description, Text(binding.tooltip, "dim"))
                yield Label(heading, classes="help-heading")
                yield Static(table)
            yield Static("Esc 关闭。^p 打开命令面板，可按名称查找以上全部操作。", classes="dialog-hint")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
