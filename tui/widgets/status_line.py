"""The status line under the editor: characters, speaking time, unfilled slots, saved or not, file.

It is one line at any width: when everything does not fit, the least useful parts go first — the
bank's summary, the reading rate, the folders in the middle of the path (`~/提纲/…/发言.json`), then
the longer wordings — so the file name and the figures stay in view at 80 columns. A team bank's
server away ("团队题库离线，数据截至 …") is said in place of the summary and kept at any width: the
writer must know the results are the copy's.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from phrasebank.outline.model import Outline
from phrasebank.review.timing import DEFAULT_RATE, format_duration, outline_chars, speaking_seconds
from phrasebank.text.width import cell_width, truncate_cells
from tui.render import SLOT_STYLE, short_path


def shorten_path(path: str, width: int, *, cut_name: bool = True) -> str:
    """`path` in at most `width` cells: whole if it fits, else folders out of the middle replaced by
    “…” (`~/提纲/…/发言.json`, then `…/发言.json`), else (`cut_name`) the file name cut at its end."""
    if cell_width(path) <= width:
        return path
    parts = path.split("/")
    name = parts[-1]
    for keep_head in range(len(parts) - 2, 0, -1):
        for keep_tail in range(len(parts) - 1 - keep_head, -1, -1):
            if keep_head + keep_tail >= len(parts) - 1:
                continue
            tail = parts[len(parts) - 1 - keep_tail : -1] if keep_tail else []
            candidate = "/".join([*parts[:keep_head], "…", *tail, name])
            if cell_width(candidate) <= width:
                return candidate
    if cell_width("…/" + name) <= width or not cut_name:
        return "…/" + name if len(parts) > 1 else name
    return truncate_cells(name, width)


@dataclass(frozen=True)
class Figures:
    """What the line says, computed once per `show`."""

    chars: int
    duration: str
    rate: int
    slots: int
    saved: bool
    error: str
    path: str
    bank: str
    offline: str = ""
    """The team bank's offline note (empty while its server answers, or for a bank file)."""


class StatusLine(Static):
    """One line of figures; `show` recomputes it from the outline (cheap: no checks are run)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name for it
        super().__init__("", id=id)
        self.figures: Figures | None = None

    def show(self, outline: Outline, path: Path, *, saved: bool, error: str = "", bank: str = "",
             offline: str = "", rate: int = DEFAULT_RATE) -> None:
        chars = outline_chars(outline)
        self.figures = Figures(chars, format_duration(speaking_seconds(chars, rate)), rate,
                               len(outline.unfilled_slots()), saved, error, short_path(path), bank, offline)
        self._render_line()

    def on_resize(self) -> None:
        self._render_line()

    def _render_line(self) -> None:
        if self.figures is not None:
            self.update(status_text(self.figures, self.content_region.width or self.app.size.width - 2))


def status_text(figures: Figures, width: int) -> Text:
    """The line for `figures` in `width` cells, shortened step by step until it fits."""
    line = Text()
    for step in range(7):
        if step == 5 and not figures.offline:
            continue  # tight separators make room for the offline note only
        line = _line(figures, step, width)
        if line.cell_len <= width:
            return line
    return line


def _line(figures: Figures, step: int, width: int) -> Text:
    """Step 0: everything; 1: no bank summary; 2: no reading rate; 3: the path's middle left out to fit;
    4: short wordings too; 5 (with the offline note only): tight separators; 6: the file name cut as well.
    The offline note stays at every step."""
    short, tight = step >= 4, step >= 5 and bool(figures.offline)
    sep = "·" if tight else " · "
    line = Text()
    line.append(f"{'' if short else '字数 '}{figures.chars}{'字' if tight else ' 字' if short else ''}",
                style="bold")
    line.append(f"{sep}约{'' if tight else ' '}{figures.duration}")
    if step < 2:
        line.append(f"（每分钟 {figures.rate} 字）")
    line.append(sep)
    if figures.slots:
        line.append(f"{'空位' if short else '未填空位'} {figures.slots}", style=SLOT_STYLE)
    else:
        line.append("已填完" if short else "空位已填完", style="green")
    line.append(sep)
    if figures.error:
        line.append("保存失败", style="bold white on red")
    elif figures.saved:
        line.append("✓已保存" if short else "✓ 已保存", style="green")
    else:
        line.append("●未保存" if short else "● 未保存", style="bold yellow")
    if figures.offline:  # in place of the bank's summary, and kept at any width
        line.append(sep)
        line.append(figures.offline, style="bold yellow")
    path = figures.path
    if step >= 3:
        path = shorten_path(path, max(8, width - line.cell_len - len(sep)), cut_name=step >= 6)
    line.append(f"{sep}{path}", style="dim")
    if step < 1 and figures.bank and not figures.offline:
        line.append(f" · {figures.bank}", style="dim")
    return line
