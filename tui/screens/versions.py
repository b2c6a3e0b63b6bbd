"""Versions in the editor: F5 keeps the outline as a named version (“送审前”), F6 lists the versions,
shows what changed since the highlighted one, and restores it.

The engine keeps the versions (`phrasebank.outline.versions`); this module only asks and shows.
Restoring puts the version into the live outline as one undo step (^z takes it back) after keeping
what is there now as a version of its own, so nothing is lost either way; the autosave writes it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from phrasebank.errors import TigangError
from phrasebank.outline.diffing import around_changes, changed_count, diff_lines
from phrasebank.outline.versions import Version, list_versions, read_version, take_snapshot, version_name
from phrasebank.text.width import pad_cells, truncate_cells
from tui.screens.dialogs import ChoiceDialog, Dialog
from tui.widgets.cjk_text import CjkStatic

if TYPE_CHECKING:
    from tui.screens.editor import EditorScreen

NAME_CELLS = 24
"""Cells of a version's name in the list (longer names are cut with …)."""
DIFF_CONTEXT = 2
"""Unchanged lines shown around each change; longer unchanged runs fold into one line."""


def ask_snapshot(editor: EditorScreen) -> None:
    """Ask for a name and keep the outline as it is now as the next version of its file."""

    def answered(name: str | None) -> None:
        if name is None:
            return
        editor.save_before_leaving()  # the file and the version agree, others' saved work merged in
        try:
            version = take_snapshot(editor.session.path, name, editor.outline)
        except TigangError as error:
            editor.notify(str(error), title="未能保存版本", severity="error", timeout=15)
            return
        editor.notify(f"已存为第 {version.number} 版“{version.name}”（{version.chars} 字）。F6 可查看和恢复。",
                      title="已存版本")

    editor.app.push_screen(SnapshotDialog(), answered)


def browse_versions(editor: EditorScreen) -> None:
    """The list of versions with the changes since the highlighted one; Enter or r restores it."""
    try:
        versions = list_versions(editor.session.path)
    except TigangError as error:
        editor.notify(str(error), title="无法读取版本", severity="error", timeout=15)
        return
    editor.app.push_screen(VersionsScreen(editor, versions))


def restore_into(editor: EditorScreen, version: Version) -> bool:
    """Keep the live outline as a version, then put `version` into it as one undo step (autosaved);
    False (and a notification) when either step fails, the outline then unchanged."""
    path = editor.session.path
    try:
        state = read_version(path, version.number).snapshot()
        before = take_snapshot(path, f"恢复第{version.number}版前自动保存", editor.outline)
    except TigangError as error:
        editor.notify(str(error), title="未恢复", severity="error", timeout=15)
        return False
    editor.apply(lambda: editor.outline.adopt(state))
    editor.notify(f"已恢复第 {version.number} 版“{version.name}”；恢复前的样子已存为第 {before.number} 版。"
                  "^z 可撤销恢复。", title="已恢复版本", timeout=10)
    return True


class SnapshotDialog(Dialog[str | None]):
    """Ask for a version's name; returns it ("" for the time), or None when cancelled."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("存为一个版本", classes="dialog-title")
            yield Static("把提纲现在的样子存下来，以后可以比较或恢复（F6）。版本放在提纲旁边，不会自动删除。",
                         classes="dialog-context")
            yield Input(placeholder="版本名，如：送审前、主任改后", id="version-name")
            yield Static("回车保存，Esc 取消。不填名字则以当前时间命名。", classes="dialog-hint")
            yield Static("", id="error", classes="dialog-error")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#version-name", Input).focus()

    @on(Input.Submitted, "#version-name")
    def confirm(self) -> None:
        try:
            self.dismiss(version_name(self.query_one("#version-name", Input).value))
        except TigangError as error:
            self.query_one("#error", Static).update(str(error))


class VersionsScreen(ModalScreen[None]):
    """The versions of the open outline, newest first, and the changes since the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "关闭", id="tigang.versions.close"),
        Binding("r", "restore", "恢复这一版", id="tigang.versions.restore"),
        Binding("pagedown", "scroll_diff(1)", "改动下翻", show=False, id="tigang.versions.diff-down"),
        Binding("pageup", "scroll_diff(-1)", "改动上翻", show=False, id="tigang.versions.diff-up"),
    ]
    DEFAULT_CSS = """
    VersionsScreen #versions-dialog {
        width: 100%;
        max-width: 120;
        height: 100%;
        max-height: 40;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    VersionsScreen #versions-title {
        text-style: bold;
        color: $text-accent;
    }
    VersionsScreen #versions-list {
        height: auto;
        max-height: 30%;
        border: none;
        padding: 0;
    }
    VersionsScreen #versions-diff-title {
        margin-top: 1;
        text-style: bold;
    }
    VersionsScreen #versions-diff-box {
        height: 1fr;
        border-top: solid $panel-lighten-2;
    }
    VersionsScreen #versions-empty {
        height: 1fr;
        color: $text-muted;
    }
    VersionsScreen #versions-keys {
        height: 1;
        align-horizontal: right;
    }
    VersionsScreen #versions-keys Button {
        margin-left: 2;
    }
    VersionsScreen #versions-hint {
        width: 1fr;
        color: $text-muted;
    }
    """

    def __init__(self, editor: EditorScreen, versions: list[Version]) -> None:
        super().__init__()
        self.editor = editor
        self.versions = list(reversed(versions))
        """Newest first, as the list shows them."""

    def compose(self) -> ComposeResult:
        with Vertical(id="versions-dialog"):
            yield Label(self._title(), id="versions-title")
            if self.versions:
                yield OptionList(*[Option(self._row(version)) for version in self.versions], id="versions-list")
                yield Label("", id="versions-diff-title")
                with VerticalScroll(id="versions-diff-box"):
                    yield CjkStatic(id="versions-diff")
            else:
                yield Static("还没有保存过版本。在编辑器中按 F5，可把提纲现在的样子存为一个版本（如“送审前”）。",
                             id="versions-empty")
            with Horizontal(id="versions-keys"):
                hint = "↑↓ 选择 · PgUp/PgDn 翻看改动" if self.versions else ""
                yield Static(hint, id="versions-hint")
                if self.versions:
                    yield Button("恢复这一版 r", id="restore", variant="primary", compact=True)
                yield Button("关闭 Esc", id="close", compact=True)

    def on_mount(self) -> None:
        if self.versions:
            options = self.query_one("#versions-list", OptionList)
            options.highlighted = 0
            options.focus()
            self.show_diff(0)

    def _title(self) -> str:
        name = self.editor.session.path.name
        if not self.versions:
            return f"{name} 的版本"
        return f"{name} 的版本（{len(self.versions)} 个，新的在上）"

    @staticmethod
    def _row(version: Version) -> Text:
        row = Text(f"{version.number:>3}  ", style="bold")
        row.append(pad_cells(truncate_cells(version.name, NAME_CELLS), NAME_CELLS))
        row.append(f"  {version.taken.astimezone():%Y-%m-%d %H:%M}", style="cyan")
        if version.problem:
            row.append("  无法读取", style="bold red")
        else:
            row.append(f"  {version.chars:>6} 字", style="dim")
        return row

    @property
    def chosen(self) -> Version | None:
        """The highlighted version."""
        if not self.versions:
            return None
        index = self.query_one("#versions-list", OptionList).highlighted
        return None if index is None else self.versions[index]

    @on(OptionList.OptionHighlighted, "#versions-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_diff(event.option_index)

    def show_diff(self, index: int) -> None:
        """Show the changes from version `index` (of the list) to the outline as it is now."""
        version = self.versions[index]
        title = self.query_one("#versions-diff-title", Label)
        pane = self.query_one("#versions-diff", CjkStatic)
        try:
            old = read_version(self.editor.session.path, version.number)
        except TigangError as error:
            title.update(f"第 {version.number} 版无法读取")
            pane.show(Text(str(error), style="red"))
            return
        lines = diff_lines(old, self.editor.outline)
        added, removed = changed_count(lines)
        if not added and not removed:
            title.update(f"第 {version.number} 版“{version.name}”与现在的提纲相同")
            pane.show(Text("没有改动。", style="dim"))
            return
        title.update(f"第 {version.number} 版 → 现在：增加 {added} 行，删去 {removed} 行（+ 现在才有，- 那一版才有）")
        shown = Text()
        for line in around_changes(lines, DIFF_CONTEXT):
            if isinstance(line, int):
                shown.append(f"  ⋯（{line} 行未改动）\n", style="dim")
            else:
                style = {"same": "", "added": "green", "removed": "red"}[line.kind]
                shown.append(line.marked + "\n", style=style)
        shown.rstrip()
        pane.show(shown)
        self.query_one("#versions-diff-box", VerticalScroll).scroll_home(animate=False)

    def action_scroll_diff(self, pages: int) -> None:
        box = self.query_one("#versions-diff-box", VerticalScroll) if self.versions else None
        if box is not None:
            box.scroll_to(y=box.scroll_y + pages * max(1, box.size.height - 1), animate=False)

    @on(OptionList.OptionSelected, "#versions-list")
    @on(Button.Pressed, "#restore")
    def action_restore(self) -> None:
        """Ask, then restore the highlighted version (the current outline is kept as a version first)."""
        version = self.chosen
        if version is None:
            return
        if version.problem:
            self.notify(version.problem, severity="warning", timeout=10)
            return

        def answered(answer: str | None) -> None:
            if answer == "restore" and restore_into(self.editor, version):
                self.dismiss(None)

        self.app.push_screen(ChoiceDialog(
            f"恢复第 {version.number} 版“{version.name}”？",
            "提纲会变回那一版的样子。恢复前，现在的样子会先自动存为一个新版本；恢复后也可按 ^z 撤销。",
            [("restore", "恢复", "y"), ("cancel", "不恢复", "n")],
        ), answered)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
