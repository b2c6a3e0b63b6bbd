"""The search pane: query, kind and organ filters, the result list and the preview of the selection.

It only displays: the editor screen handles its Input/Select/OptionList messages, runs the search in
a worker and hands the hits back with `show_hits`.
"""
from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, OptionList, Select
from textual.widgets.option_list import Option

from phrasebank.vocab.kinds import KIND_NAMES, KINDS
from phrasebank.vocab.organs import ORGANS
from tui.keys import SEARCH_BINDINGS
from tui.widgets.cjk_text import CjkStatic
from tui.render import hit_row, preview_text

ORGAN_AUTO = "auto"
ORGAN_ALL = "all"


def kind_options() -> list[tuple[str, str]]:
    return [(KIND_NAMES[kind], kind) for kind in KINDS]


class ResultList(OptionList):
    """Search hits, one per line, cut to the list's width; the option id is the phrase id."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hits: list[Any] = []

    def show_hits(self, hits: list[Any]) -> None:
        """Replace the list with `hits`, keeping the highlight on the first one."""
        self.hits = list(hits)
        self._render_hits()

    def selected_hit(self) -> Any | None:
        """The highlighted hit, if any."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.hits):
            return None
        return self.hits[index]

    async def _on_click(self, event: events.Click) -> None:
        """A click chooses a result (its preview shows); a double click adds it, like Enter."""
        event.prevent_default()
        clicked = event.style.meta.get("option")
        if clicked is None:
            return
        self.highlighted = clicked
        if event.chain >= 2:
            self.action_select()

    def on_resize(self) -> None:
        if self.hits:
            highlighted = self.highlighted
            self._render_hits()
            if highlighted is not None and highlighted < len(self.hits):
                self.highlighted = highlighted

    def _render_hits(self) -> None:
        width = max(20, self.scrollable_content_region.width - 1)
        self.clear_options()
        self.add_options([Option(hit_row(hit, width), id=str(hit.phrase_id)) for hit in self.hits])
        if self.hits:
            self.highlighted = 0


class SearchPane(Vertical):
    """Query input, filters, results and preview."""

    BINDINGS = SEARCH_BINDINGS

    def compose(self) -> ComposeResult:
        yield Input(placeholder="搜索素材：汉字、拼音或首字母，如 lgwh", id="query", compact=True)
        with Horizontal(id="filters"):
            yield Select(kind_options(), prompt="全部类型", id="kind", compact=True)
            yield Select(
                [("机关：跟随当前部分", ORGAN_AUTO), ("机关：全部", ORGAN_ALL), *((f"机关：{o}", o) for o in ORGANS)],
                value=ORGAN_AUTO, allow_blank=False, id="organ", compact=True,
            )
        yield CjkStatic("正在载入题库…", id="search-note")
        yield ResultList(id="results")
        with VerticalScroll(id="preview-box"):
            yield CjkStatic("", id="preview")

    @property
    def results(self) -> ResultList:
        return self.query_one("#results", ResultList)

    def show_hits(self, hits: list[Any], note: str) -> None:
        self.results.show_hits(hits)
        self.query_one("#search-note", CjkStatic).show(note)
        if not hits:
            self.show_preview(None)

    def show_note(self, note: str | Text) -> None:
        self.query_one("#search-note", CjkStatic).show(note)

    def show_preview(self, preview: Any | None) -> None:
        self.query_one("#preview", CjkStatic).show(preview_text(preview) if preview is not None else "")

    def action_move(self, step: int) -> None:
        """Move the result highlight while typing in the query (fzf style)."""
        results = self.results
        if not results.option_count:
            return
        current = results.highlighted or 0
        results.highlighted = max(0, min(results.option_count - 1, current + step))
