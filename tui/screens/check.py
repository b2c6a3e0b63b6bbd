"""`check` results: errors and warnings (choose one to jump to its item), then length and speaking time.

Findings are sentences, often longer than the dialog is wide (“一、下的二级标题中，（三）共 9 字，其余
12–13 字”); they are wrapped, never cut, by the Chinese line-breaking rules of `wrap_cjk`, with the
lines after the first indented under the text, so a list of findings still reads as a list at 80×24.
"""
from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from phrasebank.review.checks import CODE_NAMES, CheckReport, Finding
from phrasebank.review.timing import format_duration
from phrasebank.text.width import cell_width, truncate_cells
from tui.widgets.cjk_text import CjkStatic, break_points

SEVERITY_WORDS = {"error": ("错误 ", "bold red"), "warning": ("提示 ", "bold yellow")}


def finding_text(finding: Finding) -> Text:
    """One finding on one (long) line: severity, where, what kind, the message."""
    word, style = SEVERITY_WORDS[finding.severity]
    row = Text()
    row.append(word, style=style)
    row.append(f"{finding.where} ", style="bold")
    row.append(f"{CODE_NAMES.get(finding.code, finding.code)}：", style="cyan")
    row.append(finding.message)
    return row


def hanging(text: Text, width: int, indent: int) -> Text:
    """`text` wrapped at `width` cells by the Chinese rules, later lines indented by `indent` cells."""
    if width <= indent + 4:
        return text
    offsets = break_points(text.plain, width, width - indent)
    if not offsets:
        return text
    lines = list(text.divide(offsets))
    return Text("\n").join([lines[0], *(Text(" " * indent) + line for line in lines[1:])])


class FindingList(OptionList):
    """The findings, each wrapped to the list's width and re-wrapped when it changes."""

    def __init__(self, findings: list[Finding]) -> None:
        self.rows = [finding_text(finding) for finding in findings]
        rows = zip(self.rows, findings, strict=True)
        super().__init__(*(Option(row, disabled=finding.item_id is None) for row, finding in rows), id="findings")
        self._wrapped_at = 0

    def on_resize(self, event: Resize) -> None:
        self.rewrap()

    def rewrap(self) -> None:
        """Wrap every row at the width there is, room for a scrollbar kept (rows must not reflow under it)."""
        width = self.content_region.width - self.styles.scrollbar_size_vertical
        if width <= 0 or width == self._wrapped_at:
            return
        self._wrapped_at = width
        indent = cell_width(SEVERITY_WORDS["error"][0])
        for index, row in enumerate(self.rows):
            self.replace_option_prompt_at_index(index, hanging(row, width, indent))


class CheckScreen(ModalScreen[str | None]):
    """The report of `check_outline`; returns the item id of the chosen finding, or None."""

    BINDINGS = [Binding("escape,q", "close", "关闭", id="tigang.check.close")]
    DEFAULT_CSS = """
    CheckScreen #findings { min-height: 4; }
    CheckScreen #counts-title { height: auto; margin-top: 1; }
    CheckScreen #counts-box { height: auto; max-height: 35%; min-height: 3; }
    """
    """The counts scroll in their own box under a line with the total, so the findings keep the room."""

    def __init__(self, report: CheckReport) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog check"):
            summary = CjkStatic(self._summary(), id="check-summary")
            summary.add_class("dialog-title")
            yield summary
            if self.report.findings:
                yield FindingList(self.report.findings)
            else:
                yield Static("没有发现问题。", id="findings-empty")
            report = self.report
            yield CjkStatic(Text(f"字数与时长（每分钟 {report.rate} 字）：共 {report.total_chars} 字，"
                                 f"约 {format_duration(report.total_seconds)}", style="bold"), id="counts-title")
            with VerticalScroll(id="counts-box"):
                yield Static(self._counts(), id="counts")
            yield Static("回车跳到该条目 · Esc 关闭", classes="dialog-hint")

    def on_mount(self) -> None:
        if self.query("#findings"):
            self.query_one("#findings", OptionList).focus()

    def _summary(self) -> str:
        errors, warnings = len(self.report.errors), len(self.report.warnings)
        if errors:
            summary = f"检查结果：{errors} 处错误，{warnings} 处提示"
        elif warnings:
            summary = f"检查结果：没有错误，{warnings} 处提示"
        else:
            return "检查结果：没有发现问题"
        return f"{summary}；{self.report.slot_summary}" if self.report.slot_summary else summary

    def _counts(self) -> Table:
        report = self.report
        table = Table(box=None, padding=(0, 2, 0, 0))
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
