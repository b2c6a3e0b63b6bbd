"""How the commands look in a terminal: Rich consoles, tables, highlights, the progress bar and the
check report. Only the CLI imports Rich; the engine below hands it plain data.

Rich measures every column in terminal cells, so Chinese text lines up; output to a pipe or file has
no colour and a fixed width, so scripts see the same lines whatever the terminal.
"""
from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from phrasebank.bank.models import Phrase
from phrasebank.review.checks import CODE_NAMES, CheckReport
from phrasebank.review.timing import format_duration
from phrasebank.review.wording import wording_checker
from phrasebank.text.width import truncate_cells
from phrasebank.vocab.kinds import KIND_NAMES, PARAGRAPH
from phrasebank.vocab.organs import ORGAN_SHORT

if TYPE_CHECKING:  # the search engine (numpy) is loaded only by the commands that search
    from phrasebank.search.query import Hit

PIPE_WIDTH = 160
"""Columns assumed when the output is not a terminal (a pipe, a file, a test)."""
MATCH_STYLE = "bold yellow"
TEXT_WIDTH = 56
"""Cells of phrase text shown per row of a phrase table."""
WARNING_MARK = "⚠ "
"""Before a phrase that breaks a rule of the list of canonical wordings (`tigang show` says which)."""

Spans = Sequence[tuple[int, int]]


def console(*, stderr: bool = False) -> Console:
    """A console on stdout (or stderr) that follows the stream tests and pipes swap in."""
    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    return Console(file=stream, highlight=False, markup=False, emoji=False, width=None if terminal else PIPE_WIDTH,
                   force_terminal=terminal, no_color=not terminal, soft_wrap=not terminal)


def warn(message: str) -> None:
    """One warning line on stderr."""
    console(stderr=True).print(Text(f"tigang: 警告：{message}", style="yellow"))


def render_text(*renderables: RenderableType, width: int = PIPE_WIDTH) -> str:
    """Renderables as plain text lines (no colour, no trailing spaces), e.g. for tests or files."""
    buffer = io.StringIO()
    plain = Console(file=buffer, width=width, highlight=False, markup=False, no_color=True, color_system=None)
    plain.print(Group(*renderables))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def thousands(number: int) -> str:
    """12345 → "12,345"."""
    return f"{number:,}"


def highlighted(text: str, spans: Spans, style: str = MATCH_STYLE) -> Text:
    """`text` with the matched characters styled."""
    result = Text(text)
    for start, end in spans:
        result.stylize(style, start, end)
    return result


def window(text: str, spans: Spans, width: int = TEXT_WIDTH) -> tuple[str, list[tuple[int, int]]]:
    """`text` cut to `width` cells so that the first matched span stays in view (…before and after)."""
    if not spans or Text(text[: spans[0][1]]).cell_len <= width - 2:
        return truncate_cells(text, width), list(spans)
    start = max(0, spans[0][0] - 6)
    shown = truncate_cells("…" + text[start:], width)
    return shown, [(begin - start + 1, end - start + 1) for begin, end in spans if begin >= start]


def phrase_table(phrases: Sequence[Phrase], marks: Sequence[Spans] | None = None) -> Table:
    """Rows of id, kind, count/documents, organs and text (matched characters highlighted)."""
    table = _phrase_columns()
    for index, phrase in enumerate(phrases):
        _add_phrase(table, phrase, marks[index] if marks else [])
    return table


def hit_table(hits: Sequence[Hit], phrases: dict[int, Phrase], places: dict[tuple[int, int], tuple[str, str]]) -> Table:
    """Search hits as `phrase_table` rows; a sentence of the stored paragraphs shows as 原文 with its
    document and line."""
    table = _phrase_columns()
    for hit in hits:
        if hit.kind != PARAGRAPH:
            _add_phrase(table, phrases[hit.phrase_id], hit.spans)
            continue
        text, spans = window(hit.text, hit.spans)
        shown = highlighted(text, spans)
        name = places.get((hit.doc_id, hit.line), ("", ""))[0]
        shown.append(f"  ({name} 第{hit.line}行)", style="dim")
        table.add_row("—", KIND_NAMES[PARAGRAPH], "", "", shown)
    return table


def _phrase_columns() -> Table:
    table = Table(box=None, padding=(0, 2, 0, 0), pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("编号", justify="right", no_wrap=True)
    table.add_column("类型", no_wrap=True)
    table.add_column("次数/篇", justify="right", no_wrap=True)
    table.add_column("机关", no_wrap=True)
    table.add_column("短语", no_wrap=True, overflow="ellipsis")
    return table


def _add_phrase(table: Table, phrase: Phrase, marks: Spans) -> None:
    text, spans = window(phrase.text, marks)
    shown = highlighted(text, spans)
    if phrase.variants:
        shown.append(f"  (+{len(phrase.variants)} 变体)", style="dim")
    if phrase.starred or phrase.hidden:  # the writer's marks (tigang star / hide)
        shown = Text("★ " if phrase.starred else "") + shown + Text("  (已隐藏)" if phrase.hidden else "", style="dim")
    if wording_checker().check(phrase.text):  # computed now: the writer's list can change
        shown = Text(WARNING_MARK, style="bold yellow") + shown
    organs = "·".join(ORGAN_SHORT.get(organ, organ)[:1] for organ in phrase.organs) or "—"
    table.add_row(str(phrase.id), KIND_NAMES[phrase.kind], f"{phrase.count}/{phrase.docs}", organs, shown)


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int, str], None]]:
    """A progress callback (done, total, current name) drawing a bar on stderr — only when stderr is
    a terminal; elsewhere it does nothing, so logs stay clean."""
    err = console(stderr=True)
    if not err.is_terminal:
        yield lambda done, total, current: None
        return
    columns = (
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}")
    )
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task("", total=None)

        def update(done: int, total: int, current: str) -> None:
            progress.update(task, completed=done, total=total, description=truncate_cells(current, 30))

        yield update


def check_report(report: CheckReport, *, label_width: int = 30) -> Group:
    """The check report: notes, errors and warnings (place, kind, what), counts and time, verdict."""
    parts: list[RenderableType] = [Text(f"注意：{note}", style="yellow") for note in report.notes]
    for title, findings, style in (("错误", report.errors, "bold red"), ("提示", report.warnings, "bold yellow")):
        if not findings:
            continue
        parts.append(Text(f"{title} {len(findings)} 处：", style=style))
        table = Table(box=None, show_header=False, padding=(0, 0, 0, 2), show_edge=False)
        table.add_column("where", no_wrap=True, max_width=20, overflow="ellipsis")
        table.add_column("kind", no_wrap=True, style="cyan")
        table.add_column("message")
        for finding in findings:
            table.add_row(finding.where, CODE_NAMES.get(finding.code, finding.code), finding.message)
        parts.extend([table, Text("")])
    parts.append(Text(f"字数与时长（按每分钟 {report.rate} 字）：", style="bold"))
    counts = Table(box=None, padding=(0, 0, 0, 2), show_edge=False, header_style="bold")
    counts.add_column("部分", no_wrap=True)
    counts.add_column("字数", justify="right")
    counts.add_column("时长")
    for row in report.counts:
        counts.add_row(truncate_cells(row.label, label_width), str(row.chars), format_duration(row.seconds))
    counts.add_row("合计", str(report.total_chars), format_duration(report.total_seconds), style="bold")
    parts.extend([counts, Text("")])
    if report.errors:
        parts.append(Text(f"结论：有 {len(report.errors)} 处错误需要修改。", style="bold red"))
    elif report.warnings:
        parts.append(Text(f"结论：没有错误，{len(report.warnings)} 处提示可酌情处理。", style="bold yellow"))
    else:
        parts.append(Text("结论：没有发现问题。", style="bold green"))
    return Group(*parts)
