"""Command palette (^p): every action of the current screen, in Chinese, found by name or by pinyin.

A query matches a command when it is part of the Chinese label, the help text or the binding id
(“撤销”, “undo”), or when it spells a run of the label in pinyin — in full (`daochu`), by initials
(`dc`) or mixed (`daoc`), with any reading of a polyphone (重做 is `chongzuo`). The readings come from
the engine's table (`phrasebank.search.pinyin.readings_table`), looked up once per label and cached;
the first palette of a run loads that table in a thread, so the app's start-up never does. Textual's
fuzzy matcher is not used: it cannot read pinyin and is slow on Chinese text. Textual's own English
commands are replaced too (`TigangApp.get_system_commands`), and so are the palette's English words.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets.option_list import Option

from phrasebank.text.cjk import is_han
from tui.keys import APP_BINDINGS

PLACEHOLDER = "输入命令名称、拼音或首字母（如 导出、daochu、dc）…"
NO_MATCHES = "没有这样的命令"

Readings = tuple[tuple[str, ...], ...]
"""Per character of a label: the character itself, then its toneless pinyin readings."""

_READINGS: dict[str, Readings] = {}
"""Readings of every label seen so far (labels never change while tigang runs)."""


@dataclass(frozen=True)
class Command:
    """One line of the palette: what it is called, what it does, its key, and how to run it."""

    label: str
    help: str
    key: str
    ident: str
    run: Callable[[], object]

    def display(self, span: tuple[int, int] | None = None) -> Text:
        """The label in bold (the matched part underlined), then the key, dim."""
        shown = Text.assemble((self.label, "bold"), (f"  {self.key}" if self.key else "", "dim"))
        if span is not None:
            shown.stylize("underline", *span)
        return shown


def label_readings(labels: Sequence[str]) -> list[Readings]:
    """The readings of each label, from the cache; the missing ones are looked up in one go."""
    missing = [label for label in labels if label not in _READINGS]
    if missing:
        from phrasebank.search.pinyin import readings_table  # loads pypinyin's table: not at start-up

        table = readings_table({char for label in missing for char in label if is_han(char)})
        for label in missing:
            _READINGS[label] = tuple((char.lower(), *table.get(char, ())) for char in label)
    return [_READINGS[label] for label in labels]


def pinyin_span(query: str, readings: Readings) -> tuple[int, int] | None:
    """The first run of characters (start, end) that `query` spells: every character by one of its
    readings, whole or a prefix of it (so initials, full pinyin and the characters themselves all work)."""
    letters = "".join(query.lower().split())
    if not letters:
        return None
    for start in range(len(readings)):
        end = _spell(readings, start, letters, 0)
        if end is not None:
            return start, end
    return None


def _spell(readings: Readings, char: int, letters: str, used: int) -> int | None:
    """Where the spelling of `letters[used:]` from character `char` on ends, or None (whole syllables first)."""
    if used == len(letters):
        return char
    if char == len(readings):
        return None
    for reading in readings[char]:
        for size in range(min(len(reading), len(letters) - used), 0, -1):
            if letters[used:used + size] == reading[:size]:
                end = _spell(readings, char + 1, letters, used + size)
                if end is not None:
                    return end
    return None


def match(query: str, command: Command, readings: Readings) -> tuple[float, tuple[int, int] | None]:
    """A score (0: no match; higher for label matches, earlier ones, whole labels) and the label's
    matched span."""
    query = query.strip().lower()
    if not query:
        return 0.0, None
    position = command.label.lower().find(query)
    if position >= 0:
        return 1.0 / (1 + position / 10), (position, position + len(query))
    span = pinyin_span(query, readings)
    if span is not None:
        whole = 0.05 if span == (0, len(command.label)) else 0.0
        return 0.9 / (1 + span[0] / 10) + whole, span
    for weight, field in ((0.6, command.help.lower()), (0.4, command.ident.lower())):
        position = field.find(query)
        if position >= 0:
            return weight / (1 + position / 10), None
    return 0.0, None


def screen_bindings(screen: Screen[object]) -> list[tuple[Binding, DOMNode]]:
    """A screen's actions, once each, with where they run: its `PALETTE` list (or its BINDINGS), the
    actions its widgets add (收藏, 隐藏 in the results), then the app-wide ones.

    Widget bindings that forward to the screen (`screen.delete`) count as the screen's action `delete`;
    moving keys with an argument (`move(1)`) are left to the keys themselves.
    """
    offered: list[tuple[Binding, DOMNode]] = [
        (binding, screen) for binding in getattr(screen, "PALETTE", None) or screen.BINDINGS
        if isinstance(binding, Binding)
    ]
    for widget in screen.walk_children(with_self=False):
        for binding in type(widget).BINDINGS:
            if isinstance(binding, Binding) and (binding.id or "").startswith("tigang.") and "(" not in binding.action:
                offered.append((binding, screen if binding.action.startswith("screen.") else widget))
    offered += [(binding, screen.app) for binding in APP_BINDINGS]
    seen: set[str] = set()
    found: list[tuple[Binding, DOMNode]] = []
    for binding, target in offered:
        action = binding.action.removeprefix("screen.")
        if binding.id and binding.description and action not in seen:
            seen.add(action)
            found.append((binding, target))
    return found


class TigangCommands(Provider):
    """Every action of the current screen with its key, and the app's few system commands (主题)."""

    def commands(self) -> list[Command]:
        """What the palette offers on this screen, in the order of the keys' lists."""
        found = [
            Command(binding.description, binding.tooltip, binding.key_display or self.app.get_key_display(binding),
                    binding.id or "", partial(self.app.run_action, binding.action.removeprefix("screen."), target))
            for binding, target in screen_bindings(self.screen)
        ]
        found += [Command(system.title, system.help, "", "", system.callback)
                  for system in self.app.get_system_commands(self.screen)]
        return found

    def _with_readings(self) -> Iterator[tuple[Command, Readings]]:
        commands = self.commands()
        yield from zip(commands, label_readings([command.label for command in commands]), strict=True)

    async def startup(self) -> None:
        """Look the labels' readings up in a thread (the first time it loads pypinyin's table)."""
        await asyncio.to_thread(label_readings, [command.label for command in self.commands()])

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.display(), command.run, text=command.label, help=command.help)

    async def search(self, query: str) -> Hits:
        for command, readings in self._with_readings():
            score, span = match(query, command, readings)
            if score > 0:
                yield Hit(score, command.display(span), command.run, text=command.label, help=command.help)


class TigangPalette(CommandPalette):
    """Textual's command palette with Chinese words: the prompt, and what it says when nothing matches."""

    def __init__(self, providers: list[type[Provider]] | None = None, *, placeholder: str = PLACEHOLDER,
                 id: str | None = "--command-palette") -> None:  # noqa: A002 - Textual's own argument name
        super().__init__(providers, placeholder=placeholder, id=id)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's countdown to “No matches found”, saying it in Chinese (Textual 8 has no setting for it)."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
            self._list_visible = bool(search_value)

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
