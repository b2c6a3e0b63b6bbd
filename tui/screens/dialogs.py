"""Small modal dialogs: where to save a new outline, which file to open, how to export, a slot's value,
and a question with a few answers."""
from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from phrasebank.errors import TigangError
from tui.render import SLOT_STYLE
from tui.session import normalise_path

CANCEL = Binding("escape", "cancel", "取消", id="tigang.dialog.cancel")
Choice = TypeVar("Choice")


class PathFrame(ModalScreen[Choice | None]):
    """The frame of a dialog that asks for a file path: title, any choices above the path, the path,
    a hint, an error line and OK / Cancel. A subclass says what a valid answer is (`accept`)."""

    BINDINGS = [CANCEL]
    OK_LABEL = "确定"

    def __init__(self, title: str, path: str, hint: str) -> None:
        super().__init__()
        self.title_text, self.initial, self.hint = title, path, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield from self.compose_choices()
            yield Input(self.initial, id="path")
            yield Static(self.hint, classes="dialog-hint")
            yield Static("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.OK_LABEL, variant="primary", id="ok")
                yield Button("取消", id="cancel")

    def compose_choices(self) -> ComposeResult:
        """Widgets between the title and the path (none by default)."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def accept(self, text: str) -> Choice:
        """The dialog's answer for the path typed; `TigangError` says what is wrong with it."""
        raise NotImplementedError

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#ok")
    def confirm(self) -> None:
        try:
            choice = self.accept(self.query_one("#path", Input).value)
        except TigangError as error:
            self.query_one("#error", Static).update(str(error))
            return
        self.dismiss(choice)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class PathDialog(PathFrame[Path]):
    """Ask for a file path (new outline or open); returns the path, or None when cancelled."""

    def __init__(self, title: str, path: str, hint: str, *, must_exist: bool = False,
                 must_not_exist: bool = False) -> None:
        super().__init__(title, path, hint)
        self.must_exist, self.must_not_exist = must_exist, must_not_exist

    def accept(self, text: str) -> Path:
        path = normalise_path(text)
        if self.must_exist and not path.is_file():
            raise TigangError(f"找不到文件 {path}。")
        if self.must_not_exist and path.exists():
            raise TigangError(f"{path} 已存在；请换一个文件名。")
        return path


EXPORT_FORMATS = (("text", "纯文本 .txt（粘贴到 Word）", ".txt"), ("markdown", "Markdown .md", ".md"),
                  ("docx", "Word .docx（公文格式）", ".docx"))


class ExportDialog(PathFrame[tuple[str, Path]]):
    """Ask for the export format and path; returns (format, path) or None."""

    BINDINGS = [
        CANCEL,
        Binding("up", "format(-1)", "上一种格式", id="tigang.export.format-up"),
        Binding("down", "format(1)", "下一种格式", id="tigang.export.format-down"),
    ]
    OK_LABEL = "导出"

    def __init__(self, outline_path: Path, fmt: str = "text") -> None:
        self.outline_path, self.fmt = outline_path, fmt
        super().__init__("导出提纲", str(self._default(fmt)),
                         "↑↓ 选择格式，回车导出，Esc 取消。编号按层级自动生成，半角标点改为全角；"
                         "未填的 ×× 会原样导出并提示。")

    def compose_choices(self) -> ComposeResult:
        with RadioSet(id="format"):
            for fmt, name, _suffix in EXPORT_FORMATS:
                yield RadioButton(name, value=fmt == self.fmt, name=fmt)

    def _default(self, fmt: str) -> Path:
        from phrasebank.export.formats import default_output, format_for

        return default_output(self.outline_path, format_for(None, fmt))

    def action_format(self, step: int) -> None:
        """Pick the previous or next format (the path's suffix follows)."""
        buttons = list(self.query(RadioButton))
        index = next((i for i, button in enumerate(buttons) if button.value), 0)
        buttons[(index + step) % len(buttons)].value = True

    @on(RadioSet.Changed)
    def format_changed(self, event: RadioSet.Changed) -> None:
        self.fmt = str(event.pressed.name)
        path_input = self.query_one("#path", Input)
        current = Path(path_input.value.strip() or str(self._default(self.fmt)))
        suffix = next(s for f, _n, s in EXPORT_FORMATS if f == self.fmt)
        path_input.value = str(current.with_suffix(suffix))

    def accept(self, text: str) -> tuple[str, Path]:
        if not text.strip():
            raise TigangError("请输入导出文件的路径。")
        path = Path(text.strip()).expanduser()
        if path.is_dir():
            raise TigangError(f"{path} 是文件夹；请给出文件名。")
        return self.fmt, path


class FillSlotDialog(ModalScreen[str | None]):
    """Show where the next ×× is and ask what goes there; returns the value or None."""

    BINDINGS = [CANCEL]

    def __init__(self, where: str, text: str, start: int, end: int) -> None:
        super().__init__()
        self.where, self.text, self.start, self.end = where, text, start, end

    def compose(self) -> ComposeResult:
        context = Text(self.text)
        context.stylize(SLOT_STYLE, self.start, self.end)
        with Vertical(classes="dialog"):
            yield Label(f"填写空位：{self.where}", classes="dialog-title")
            yield Static(context, classes="dialog-context")
            yield Input(placeholder="填入的内容，如 县人大常委会", id="value")
            yield Static("回车填入并自动保存；Esc 取消。", classes="dialog-hint")
            yield Static("", id="error", classes="dialog-error")

    def on_mount(self) -> None:
        self.query_one("#value", Input).focus()

    @on(Input.Submitted, "#value")
    def confirm(self) -> None:
        value = self.query_one("#value", Input).value.strip()
        if not value:
            self.query_one("#error", Static).update("填写内容不能为空。")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """A question with a few answers, each a button with its own key; returns the answer's id (None
    for Esc)."""

    BINDINGS = [CANCEL]

    def __init__(self, title: str, context: str, answers: list[tuple[str, str, str]]) -> None:
        """`answers`: (id, label, key) for each button, the first one focused."""
        super().__init__()
        self.title_text, self.context, self.answers = title, context, answers

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.context, classes="dialog-context")
            with Horizontal(classes="dialog-buttons"):
                first = self.answers[0][0]
                for answer, label, key in self.answers:
                    yield Button(f"{label}（{key}）", id=answer, variant="primary" if answer == first else "default")
            yield Static("Esc 取消。", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_key(self, event: events.Key) -> None:
        for answer, _, key in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(answer)

    @on(Button.Pressed)
    def answered(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
