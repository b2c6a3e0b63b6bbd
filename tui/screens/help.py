"""The `?` / F1 help screen: every key of the screen it was opened from, with what it does."""
from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.keys import key_label
from tui.widgets.cjk_text import CjkStatic


def key_name(key: str) -> str:
    """One key the way the footer writes keys: `ctrl+up` → `^↑`, `alt+left` → `alt+←`, `f1` → `F1`."""
    modifiers, _, name = key.strip().rpartition("+")
    shown = key_label(name)
    shown = format_key(name) if shown == name else shown
    return f"^{shown}" if modifiers == "ctrl" else f"{modifiers}+{shown}" if modifiers else shown


def key_names(binding: Binding) -> str:
    """All keys of a binding, its footer label first, e.g. “^f / /”, “^← / alt+←”."""
    names = [binding.key_display or key_name(binding.key.split(",")[0])]
    names += [key_name(key) for key in binding.key.split(",")]
    return " / ".join(dict.fromkeys(names))


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
                intro = CjkStatic(self.intro)  # wrapped the Chinese way, not at the spaces
                intro.add_class("dialog-hint")
                yield intro
            for heading, bindings in self.sections:
                table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
                table.add_column("键", style="bold cyan", no_wrap=True)
                table.add_column("功能", style="bold", no_wrap=True)
                table.add_column("说明", ratio=1)
                for binding in bindings:
                    table.add_row(key_names(binding), binding.description, Text(binding.tooltip, "dim"))
                yield Label(heading, classes="help-heading")
                yield Static(table)
            yield Static("Esc 关闭。^p 打开命令面板，可按名称查找以上全部操作。", classes="dialog-hint")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
