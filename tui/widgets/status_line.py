"""The status line under the editor: characters, speaking time, unfilled slots, saved or not, file."""
from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from phrasebank.outline.model import Outline
from phrasebank.review.timing import DEFAULT_RATE, format_duration, outline_chars, speaking_seconds
from tui.render import SLOT_STYLE, short_path


class StatusLine(Static):
    """One line of figures; `show` recomputes it from the outline (cheap: no checks are run)."""

    def show(self, outline: Outline, path: Path, *, saved: bool, error: str = "", bank: str = "",
             rate: int = DEFAULT_RATE) -> None:
        chars = outline_chars(outline)
        slots = len(outline.unfilled_slots())
        line = Text()
        line.append(f"字数 {chars}", style="bold")
        line.append(f" · 约 {format_duration(speaking_seconds(chars, rate))}（每分钟 {rate} 字）")
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
