"""Small modal dialogs: where to save a new outline, which file to open, how to export, a slot's value,
and a question with a few answers.

Every dialog fits an 80×24 terminal with its buttons in view: below `SHORT` rows its inputs, buttons
and format list take one line each (Textual's compact style) and the frame loses its padding.
"""
from __future__ import annotations

from pathlib import Path
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from phrasebank.errors import TigangError
from tui.render import SLOT_STYLE
from tui.session import normalise_path
from tui.widgets.cjk_text import CjkStatic

CANCEL = Binding("escape", "cancel", "取消", id="tigang.dialog.cancel")
Choice = TypeVar("Choice")
Answer = TypeVar("Answer")
SHORT = 30
"""Rows below which dialogs use the compact style."""


W = TypeVar("W", bound=Widget)


def classed(widget: W, classes: str) -> W:
    """`widget` with CSS `classes` added (`CjkStatic` takes no classes argument)."""
    widget.add_class(*classes.split())
    return widget


class Dialog(ModalScreen[Answer]):
    """A modal dialog that fits the terminal: compact (class `-short`) when it has fewer than `SHORT`
    rows, so the buttons stay on screen at 80×24."""

    BINDINGS: ClassVar[list[BindingType]] = [CANCEL]

    def on_mount(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        short = (self.size.height or self.app.size.height) < SHORT
        self.set_class(short, "-short")
        for widget in self.query("Button, Input, RadioSet"):
            if isinstance(widget, (Button, Input, RadioSet)):
                widget.compact = short

    def action_cancel(self) -> None:
        self.dismiss(None)


class PathFrame(Dialog[Choice | None]):
    """The frame of a dialog that asks for a file path: title, any choices above the path, the path,
    a hint, an error line and OK / Cancel. A subclass says what a valid answer is (`accept`)."""

    OK_LABEL = "确定"

    def __init__(self, title: str, path: str, hint: str) -> None:
        super().__init__()
        self.title_text, self.initial, self.hint = title, path, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield from self.compose_choices()
            yield Input(self.initial, id="path")
            yield classed(CjkStatic(self.hint), "dialog-hint")
            yield Static("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.OK_LABEL, variant="primary", id="ok")
                yield Button("取消", id="cancel")

    def compose_choices(self) -> ComposeResult:
        """Widgets between the title and the path (none by default)."""
        yield from ()

    def on_mount(self) -> None:
        super().on_mount()
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
        self.confirmed(choice)

    def confirmed(self, choice: Choice) -> None:
        """Close with a valid answer (a subclass may ask something first)."""
        self.dismiss(choice)

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
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
    """Ask for the export format and path; returns (format, path) or None.

    It opens on the format used last (the editor passes it). ↑↓ move through the formats and stop at
    the first and the last, so ↓↓ always reaches Word; the path's suffix follows the format. A file
    that exists is overwritten only after a yes (Esc on that question comes back here)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        CANCEL,
        Binding("up", "format(-1)", "上一种格式", id="tigang.export.format-up"),
        Binding("down", "format(1)", "下一种格式", id="tigang.export.format-down"),
    ]
    OK_LABEL = "导出"

    def __init__(self, outline_path: Path, fmt: str = "text") -> None:
        self.outline_path = outline_path
        self.fmt = fmt if fmt in (f for f, _n, _s in EXPORT_FORMATS) else "text"
        super().__init__("导出提纲", str(self._default(self.fmt)),
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
        """Pick the previous or next format, stopping at either end (the path's suffix follows).

        The position is this dialog's own `fmt`, changed at once: the radio set un-presses the other
        buttons only when its message arrives, so a quick ↓↓ read from the buttons moved one step."""
        formats = [fmt for fmt, _name, _suffix in EXPORT_FORMATS]
        self.fmt = formats[max(0, min(len(formats) - 1, formats.index(self.fmt) + step))]
        button = next(b for b in self.query(RadioButton) if b.name == self.fmt)
        button.value = True

    @on(RadioSet.Changed)
    def format_changed(self, event: RadioSet.Changed) -> None:
        self.fmt = str(event.pressed.name)
        path_input = self.query_one("#path", Input)
        current = Path(path_input.value.strip() or str(self._default(self.fmt)))
        suffix = next(s for f, _n, s in EXPORT_FORMATS if f == self.fmt)
        path_input.value = str(current.with_suffix(suffix))
        self.query_one("#error", Static).update("")

    def accept(self, text: str) -> tuple[str, Path]:
        if not text.strip():
            raise TigangError("请输入导出文件的路径。")
        path = Path(text.strip()).expanduser()
        if path.is_dir():
            raise TigangError(f"{path} 是文件夹；请给出文件名。")
        return self.fmt, path

    def confirmed(self, choice: tuple[str, Path]) -> None:
        """Export at once to a new file; ask before overwriting one that exists."""
        path = choice[1]
        if not path.exists():
            self.dismiss(choice)
            return

        def answered(answer: str | None) -> None:
            if answer == "overwrite":
                self.dismiss(choice)
            else:
                self.query_one("#path", Input).focus()

        self.app.push_screen(ChoiceDialog("文件已存在", f"{path}\n已经存在。覆盖它吗？（覆盖后无法恢复原文件）",
                                          [("overwrite", "覆盖", "y"), ("back", "换个文件名", "n")]), answered)


class FillSlotDialog(Dialog[str | None]):
    """Show where the next ×× is and ask what goes there; returns the value or None."""

    def __init__(self, where: str, text: str, start: int, end: int) -> None:
        super().__init__()
        self.where, self.text, self.start, self.end = where, text, start, end

    def compose(self) -> ComposeResult:
        context = Text(self.text)
        context.stylize(SLOT_STYLE, self.start, self.end)
        with Vertical(classes="dialog"):
            yield Label(f"填写空位：{self.where}", classes="dialog-title")
            yield classed(CjkStatic(context), "dialog-context")
            yield Input(placeholder="填入的内容，如 县人大常委会", id="value")
            yield classed(CjkStatic("回车填入并自动保存；Esc 取消。"), "dialog-hint")
            yield Static("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("填入", variant="primary", id="ok")
                yield Button("取消", id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#value", Input).focus()

    @on(Input.Submitted, "#value")
    @on(Button.Pressed, "#ok")
    def confirm(self) -> None:
        value = self.query_one("#value", Input).value.strip()
        if not value:
            self.query_one("#error", Static).update("填写内容不能为空。")
            return
        self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.dismiss(None)


class ChoiceDialog(Dialog[str | None]):
    """A question with a few answers, each a button with its own key; returns the answer's id (None
    for Esc). A long context scrolls; the buttons stay in view."""

    def __init__(self, title: str, context: str, answers: list[tuple[str, str, str]]) -> None:
        """`answers`: (id, label, key) for each button, the first one focused."""
        super().__init__()
        self.title_text, self.context, self.answers = title, context, answers

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            with VerticalScroll(classes="dialog-context"):
                yield CjkStatic(self.context)
            with Horizontal(classes="dialog-buttons"):
                first = self.answers[0][0]
                for answer, label, key in self.answers:
                    yield Button(f"{label}（{key}）", id=answer, variant="primary" if answer == first else "default")
            yield Static("Esc 取消。", classes="dialog-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(Button).focus()

    def on_key(self, event: events.Key) -> None:
        for answer, _, key in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(answer)

    @on(Button.Pressed)
    def answered(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)
