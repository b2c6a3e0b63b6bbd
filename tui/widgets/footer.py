"""The editor's footer: the focused pane's keys, then the screen's, and always export, check, help and
quit — as many as the width holds.

Textual's `Footer` shows every shown binding and lets the line run off the right edge: at 80 columns
with the outline focused it stopped after the undo keys, so ^o, ^r, F1 and ^q were never seen. This
footer measures every key in terminal cells and leaves out the least important ones instead (what is
left out is in F1 help and the ^p palette); it switches to the compact style before leaving anything
out, and lays itself out again when the width changes.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from phrasebank.text.width import cell_width

ESSENTIAL = ("tigang.editor.export", "tigang.editor.check", "tigang.editor.help", "tigang.app.quit")
"""Shown whatever the width, in this order, at the end of the line."""
PALETTE = "tigang.app.palette"
"""The command palette's key: shown (last) when there is room."""


@dataclass(frozen=True)
class FooterEntry:
    """One key in the footer: a binding, or a group of bindings shown as one (`^↑^↓ 移动`)."""

    key: str
    """The key a click presses."""
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    binding_id: str

    def width(self, *, compact: bool) -> int:
        """Cells it takes in the footer: Textual pads the key and the label by one cell (compact: one
        space between them and a margin of one after)."""
        return cell_width(self.display) + cell_width(self.description) + (2 if compact else 3)


def footer_entries(bindings: Iterable[ActiveBinding], key_display: Callable[[Binding], str]) -> list[FooterEntry]:
    """The shown bindings in the order they are active (the focused widget's first), one entry per
    action; neighbours of one group become one entry. `key_display` writes a key (the app's
    `get_key_display`)."""
    seen: set[str] = set()
    entries: list[FooterEntry] = []
    last_group = None
    for active in bindings:
        binding = active.binding
        if not (binding.show or binding.id == PALETTE) or binding.action in seen:
            continue
        seen.add(binding.action)
        shown = key_display(binding)
        entry = FooterEntry(binding.key.split(",")[0], shown, binding.description, binding.action, active.enabled,
                            active.tooltip or binding.tooltip or binding.description, binding.id or "")
        group = binding.group
        if group is not None and group is last_group and entries:
            first = entries[-1]
            entry = FooterEntry(first.key, first.display + shown, group.description, first.action,
                                first.enabled or entry.enabled, f"{first.tooltip}；{entry.tooltip}", first.binding_id)
            entries[-1] = entry
        else:
            entries.append(entry)
        last_group = group
    return entries


def fit_entries(entries: list[FooterEntry], width: int) -> tuple[list[FooterEntry], bool]:
    """The entries to show in `width` cells and whether in the compact style: the essential ones
    always (at the end), the others in order of importance — the order given — while they fit, the
    palette key last."""
    essential = sorted((e for e in entries if e.binding_id in ESSENTIAL), key=lambda e: ESSENTIAL.index(e.binding_id))
    palette = [e for e in entries if e.binding_id == PALETTE]
    others = [e for e in entries if e.binding_id not in ESSENTIAL and e.binding_id != PALETTE]
    for compact in (False, True):
        if sum(e.width(compact=compact) for e in entries) <= width:
            return [*others, *essential, *palette], compact
    room = width - sum(e.width(compact=True) for e in essential)
    kept: list[FooterEntry] = []
    for entry in [*others, *palette]:
        cells = entry.width(compact=True)
        if cells <= room:
            kept.append(entry)
            room -= cells
    return [e for e in others if e in kept] + essential + [e for e in palette if e in kept], True


class TigangFooter(Footer):
    """A one-line footer that always shows the essential keys and never runs off the edge."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name for it
        super().__init__(id=id, show_command_palette=False)
        self._laid_out_for = 0

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        app = self.app
        active = list(self.screen.active_bindings.values())
        width = self.size.width or self.screen.size.width or app.size.width
        self._laid_out_for = width
        entries, compact = fit_entries(footer_entries(active, app.get_key_display), width - 1)
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact")
        for entry in entries:
            yield FooterKey(entry.key, entry.display, entry.description, entry.action, disabled=not entry.enabled,
                            tooltip=entry.tooltip).data_bind(compact=Footer.compact)

    def on_resize(self) -> None:
        if self._bindings_ready and self.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)
