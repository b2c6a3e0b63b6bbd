"""`check` results: errors and warnings (choose one to jump to its item), then length and speaking time."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from phrasebank.review.checks import CODE_NAMES, CheckReport
from phrasebank.review.timing import format_duration
from phrasebank.text.width import truncate_cells


class CheckScreen(ModalScreen[str | None]):
    """The report of `check_outline`; returns the item id of the chosen finding, or None."""

    BINDINGS = [Binding("escape,q", "close", "关闭", id="tigang.check.close")]

    def __init__(self, report: CheckReport) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        report = self.report
        with Vertical(classes="dialog check"):
            yield Label(self._summary(), classes="dialog-title")
            options = []
            for finding in report.findings:
                row = Text()
                if finding.severity == "error":
                    row.append("错误 ", style="bold red")
                else:
                    row.append("提示 ", style="bold yellow")
                row.append(f"{truncate_cells(finding.where, 14)} ", style="bold")
                row.append(f"{CODE_NAMES.get(finding.code, finding.code)}：", style="cyan")
                row.append(finding.message)
                options.append(Option(row, disabled=finding.item_id is None))
            if options:
                yield OptionList(*options, id="findings")
            else:
                yield Static("没有发现问题。", id="findings-empty")
            yield Static(self._counts(), id="counts")
            yield Static("回车跳到该条目 · Esc 关闭", classes="dialog-hint")

    def on_mount(self) -> None:
        if self.query("#findings"):
            self.query_one("#findings", OptionList).focus()

    def _summary(self) -> str:
        errors, warnings = len(self.report.errors), len(self.report.warnings)
        if errors:
            return f"检查结果：{errors} 处错误，{warnings} 处提示"
        if warnings:
            return f"检查结果：没有错误，{warnings} 处提示"
        return "检查结果：没有发现问题"

    def _counts(self) -> Table:
        report = self.report
        table = Table(box=None, padding=(0, 2, 0, 0), title=f"字数与时长（每分钟 {report.rate} 字）",
                      title_justify="left", title_style="bold")
        table.add_column("部分")
        table.add_column("字数", justify="right")
        table.add_column("时长", justify="right")
        for row in report.counts:
            table.add_row(truncate_cells(row.label, 40), str(row.chars), format_duration(row.seconds))
        table.add_row(Text("合计", "bold"), Text(str(report.total_chars), "bold"),
                      Text(format_duration(report.total_seconds), "bold"))
        return table

    @on(OptionList.OptionSelected)
    def jump(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.report.findings[event.option_index].item_id)

    def action_close(self) -> None:
        self.dismiss(None)
