"""Command palette (^p): the same actions as the keys of the current screen, found by name.

Matching is a plain substring test over the Chinese label, the help text and the binding id (so
“撤销”, “undo” and “保存” all work). Textual's fuzzy matcher is deliberately not used: it is slow on
Chinese text, and the palette never searches the phrase bank.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from functools import partial

from rich.text import Text
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

from tui.keys import APP_BINDINGS
from tui.screens.editor import EditorScreen


def screen_bindings(screen: Screen[object]) -> list[Binding]:
    """A screen's actions, once each: its `PALETTE` list (or its BINDINGS), then the app-wide ones.

    Actions are run on the screen, so widget bindings that forward to it (`screen.delete`) count as
    the screen's action `delete`.
    """
    seen: set[str] = set()
    found: list[Binding] = []
    offered = screen.PALETTE if isinstance(screen, EditorScreen) else screen.BINDINGS
    for binding in [*offered, *APP_BINDINGS]:
        if not isinstance(binding, Binding):
            continue
        action = binding.action.removeprefix("screen.")
        if binding.id and action not in seen:
            seen.add(action)
            found.append(binding)
    return found


def match(query: str, binding: Binding) -> float:
    """0 when `query` is not in the label, help or id; else higher for earlier, label matches."""
    query = query.strip().lower()
    fields = (binding.description.lower(), binding.tooltip.lower(), (binding.id or "").lower())
    for weight, field in zip((1.0, 0.6, 0.4), fields, strict=True):
        position = field.find(query)
        if position >= 0:
            return weight / (1 + position / 10)
    return 0.0


class TigangCommands(Provider):
    """Every action of the current screen, with its key."""

    def _entries(self) -> Iterator[tuple[Binding, Text]]:
        for binding in screen_bindings(self.screen):
            key = self.app.get_key_display(binding)
            yield binding, Text.assemble((binding.description, "bold"), (f"  {key}", "dim"))

    def _runner(self, binding: Binding) -> Callable[[], Awaitable[bool]]:
        target: DOMNode = self.app if binding in APP_BINDINGS else self.screen
        return partial(self.app.run_action, binding.action.removeprefix("screen."), target)

    async def discover(self) -> Hits:
        for binding, display in self._entries():
            yield DiscoveryHit(display, self._runner(binding), text=binding.description, help=binding.tooltip)

    async def search(self, query: str) -> Hits:
        for binding, display in self._entries():
            score = match(query, binding)
            if score > 0:
                shown = display.copy()
                start = binding.description.lower().find(query.strip().lower())
                if start >= 0:
                    shown.stylize("underline", start, start + len(query.strip()))
                yield Hit(score, shown, self._runner(binding), text=binding.description, help=binding.tooltip)
