"""The status line under the editor: characters, speaking time, unfilled slots, saved or not, file."""
from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from phrasebank.review.checks import DEFAULT_RATE, format_duration, spoken_chars
from phrasebank.outline.model import Outline
from tui.render import SLOT_STYLE, short_path


def outline_chars(outline: Outline) -> int:
    """Characters read aloud in the whole outline (title excluded, as in `tigang check`)."""
    return sum(spoken_chars(item.text) + spoken_chars(item.body) for item in outline.items() if item.id != "title")


class StatusLine(Static):
    """One line of figures; `show` recomputes it from the outline (cheap: no checks are run)."""

    def show(self, outline: Outline, path: Path, *, saved: bool, error: str = "", bank: str = "",
             rate: int = DEFAULT_RATE) -> None:
        chars = outline_chars(outline)
        slots = len(outline.unfilled_slots())
        line = Text()
        line.append(f"字数 {chars}", style="bold")
        line.append(f" · 约 {format_duration(chars * 60 / rate)}（每分钟 {rate} 字）")
        line.append(" · ")
        if slots:
            line.append(f"未填空位 {slots}", style=SLOT_STYLE)
        else:
            line.append("空位已填完", style="green")
        line.append(" · ")
        if error:
            line.append("保存失败", style="bold white on red")
        elif saved:
            line.append("✓ 已保存", style="green")
        else:
            line.append("● 未保存", style="bold yellow")
        line.append(f" · {short_path(path)}", style="dim")
        if bank:
            line.append(f" · {bank}", style="dim")
        self.update(line)
