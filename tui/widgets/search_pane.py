"""The search pane: query, kind and organ filters, the results and the preview of the selection.

It owns its searches: every change of the query or a filter starts a search in a worker, whose
results come back as `SearchDone` (stale ones are dropped); highlighting a result loads its preview
the same way. Choosing a result posts `PhraseChosen` — where the phrase goes is the editor's
business. Enter pressed before the results of the query just typed are in waits for them.

The filters follow the outline cursor (`follow_part`): the organ of its part, and the kind of its
region — 开头 in the opening, 结尾 in the closing, 称谓 on the salutation, 全部 elsewhere. A kind the
writer picks by hand is kept wherever the cursor goes, until the writer sets 全部类型 again.
"""
from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Input, OptionList, Select
from textual.widgets.option_list import Option

from phrasebank.errors import TigangError
from phrasebank.search.query import Hit
from phrasebank.text.width import cell_width
from phrasebank.vocab.kinds import KIND_NAMES, KINDS
from phrasebank.vocab.organs import ORGANS
from tui.bank_service import Preview, SearchRequest
from tui.keys import SEARCH_BINDINGS
from tui.messages import PhraseChosen, PhraseMarked, PreviewLoaded, SearchDone
from tui.render import hit_row, preview_text
from tui.running import tigang
from tui.widgets.cjk_text import CjkStatic

ORGAN_AUTO = "auto"
ORGAN_ALL = "all"
REGION_KINDS = {"salutation": "salutation", "opening": "opening", "closing": "closing"}
"""The kind the filter takes in each region of the outline (the title and the body: every kind)."""
QUOTED_CELLS = 24
"""A query longer than this is quoted by its start and its length in the notes."""


def quoted(query: str) -> str:
    """The query as the notes quote it: whole when short, else its start and its length (a pasted
    paragraph would push the rest of the note out of the pane)."""
    query = query.strip()
    if cell_width(query) <= QUOTED_CELLS:
        return f"“{query}”"
    return f"“{query[:10]}…”（{len(query)} 字）"


def pasted_line(text: str) -> str:
    """Pasted text as one line: its lines joined by a space, indents and runs of blanks made one space.
    A space keeps a line break a boundary: a heading and the paragraph after it do not make one
    “clause” that occurs nowhere (a long query is searched by its clauses), and two pieces of one
    sentence broken across lines are still found together (a short query with a space is searched
    by its words)."""
    return " ".join(text.split())


class QueryInput(Input):
    """The search box: a pasted paragraph arrives whole (Textual's `Input` keeps only its first line,
    which for text copied from a document is often empty or a heading)."""

    def _on_paste(self, event: events.Paste) -> None:
        line = pasted_line(event.text)
        if line:
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(line)
            else:
                self.replace(line, *selection)
        event.stop()
        event.prevent_default()  # not Input's handler too (it would add the first line again)


class ResultList(OptionList):
    """Search hits, one per line, cut to the list's width; the option id is the phrase id."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name for it
        super().__init__(id=id)
        self.hits: list[Hit] = []
        self.sources: dict[int, str] = {}
        self.flagged: frozenset[str] = frozenset()

    def show_hits(self, hits: list[Hit], sources: dict[int, str] | None = None,
                  flagged: frozenset[str] = frozenset(), *, keep: str | None = None) -> None:
        """Replace the list with `hits` (`sources`: names of the documents of 原文 hits; `flagged`: keys
        of hits whose wording breaks a rule), the highlight on the hit whose key is `keep` when it is
        among them, else on the first one."""
        self.hits = list(hits)
        self.sources = dict(sources or {})
        self.flagged = flagged
        self._render_hits()
        kept = next((index for index, hit in enumerate(self.hits) if hit.key == keep), None)
        if kept:
            self.highlighted = kept

    def selected_hit(self) -> Hit | None:
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
        self.add_options([Option(hit_row(hit, width, self.sources.get(hit.doc_id, ""), flagged=hit.key in self.flagged),
                                 id=hit.key) for hit in self.hits])
        if self.hits:
            self.highlighted = 0


class SearchPane(Vertical):
    """Query input, filters, results and preview, and the searches behind them."""

    BINDINGS: ClassVar[list[BindingType]] = [*SEARCH_BINDINGS]

    part_organ: reactive[str | None] = reactive(None, init=False)
    """The organ of the part under the outline cursor: the default organ filter, and a ranking boost."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name for it
        super().__init__(id=id)
        self.serial = 0
        """Number of the latest search asked for; results of older ones are dropped."""
        self.results_serial = -1
        """Number of the search whose results are shown."""
        self.pending: bool | None = None
        """A choice made before the current query's results were in (True: as a heading)."""
        self.preview_key: str | None = None
        self.auto_kind: str | None = None
        """The kind the filter was last given by the cursor's region (None: every kind)."""
        self.keep_key: str | None = None
        """The hit to keep highlighted when the results of the latest search come in."""

    def compose(self) -> ComposeResult:
        yield QueryInput(placeholder="搜索素材：汉字、拼音或首字母，如 lgwh", id="query", compact=True)
        with Horizontal(id="filters"):
            yield Select([(KIND_NAMES[kind], kind) for kind in KINDS], prompt="全部类型", id="kind", compact=True)
            yield Select(
                [("机关：跟随当前部分", ORGAN_AUTO), ("机关：全部", ORGAN_ALL), *((f"机关：{o}", o) for o in ORGANS)],
                value=ORGAN_AUTO, allow_blank=False, id="organ", compact=True,
            )
        yield CjkStatic("正在载入题库…", id="search-note")
        yield ResultList(id="results")
        with VerticalScroll(id="preview-box"):
            yield CjkStatic("", id="preview")

    def on_mount(self) -> None:
        self.watch(self.app, "bank_state", self._bank_state_changed, init=True)
        self.watch(self.app, "bank_revision", self._bank_changed, init=False)

    @property
    def results(self) -> ResultList:
        return self.query_one("#results", ResultList)

    # -- searching ---------------------------------------------------------------------------

    def request(self) -> SearchRequest:
        """The search the pane asks for: query, kind filter, organ filter (default: the current part)."""
        kind_select = self.query_one("#kind", Select)
        organ_choice = self.query_one("#organ", Select).value
        if organ_choice == ORGAN_AUTO:
            organ, from_part = self.part_organ, True
        elif organ_choice == ORGAN_ALL:
            organ, from_part = None, False
        else:
            organ, from_part = str(organ_choice), False
        return SearchRequest(
            query=self.query_one("#query", Input).value,
            kind=None if kind_select.is_blank() else str(kind_select.value),
            organ=organ,
            boost_organ=self.part_organ,
            organ_from_part=from_part,
            kind_from_cursor=self.auto_kind is not None and kind_select.value == self.auto_kind,
        )

    def search(self, *, keep: str | None = None) -> None:
        """Start a search for the current query and filters (results arrive as `SearchDone`; `keep`:
        the key of a hit to keep highlighted if it is among them). A team bank whose last sync is a
        few seconds old is synced meanwhile, in the background: the search does not wait for it."""
        self.serial += 1
        self.keep_key = keep
        app = tigang(self)
        if app.bank_state == "ready":
            self._run_search(self.serial, self.request())
            app.sync_if_due()

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, serial: int, request: SearchRequest) -> None:
        try:
            outcome = tigang(self).bank.search(request)
        except Exception as error:  # noqa: BLE001 - a failed search must not take the editor down
            self.post_message(SearchDone(serial, request.query, [], f"搜索出错：{error}"))
        else:
            self.post_message(SearchDone(serial, request.query, outcome.hits, outcome.note, outcome.sources,
                                         outcome.flagged))

    @on(SearchDone)
    def _show_results(self, message: SearchDone) -> None:
        if message.serial != self.serial:
            return
        self.results.show_hits(message.hits, message.sources, message.flagged, keep=self.keep_key)
        self.show_note(message.note or self._describe(self.request(), len(message.hits)))
        if not message.hits:
            self.show_preview(None)
        self.results_serial = message.serial
        pending, self.pending = self.pending, None
        if pending is not None:
            self.choose(as_heading=pending)

    def _describe(self, request: SearchRequest, count: int) -> str:
        scope = f"{request.organ}" if request.organ else "全部机关"
        if request.organ and request.organ_from_part:
            scope += "（跟随当前部分）"
        if request.kind:
            scope += f" · {KIND_NAMES.get(request.kind, request.kind)}"
            scope += "（跟随光标）" if request.kind == self.auto_kind else ""
        if not count:
            long = cell_width(request.query) > QUOTED_CELLS
            hint = "试试其中的一个词或短语。" if long else "试试拼音首字母或更短的词。"
            return f"没有找到{quoted(request.query)}（{scope}）。{hint}"
        what = quoted(request.query) if request.query.strip() else "常用素材"
        return f"{what}：{count} 条 · {scope} · 回车加为要点，^t 加为标题"

    def watch_part_organ(self) -> None:
        self.search()  # the organ filter follows the part under the cursor

    def follow_part(self, organ: str | None, region: str) -> None:
        """Follow the outline cursor: `organ` of its part becomes the default organ filter and a ranking
        boost; `region` ("title", "salutation", "opening", "body", "closing") sets the kind filter,
        unless the writer picked a kind by hand (kept until 全部类型 is picked again). One search."""
        kind_select = self.query_one("#kind", Select)
        current = None if kind_select.is_blank() else str(kind_select.value)
        wanted = REGION_KINDS.get(region)
        changed = False
        if current in (None, self.auto_kind):  # no kind picked by hand: follow the region
            self.auto_kind = wanted
            if wanted != current:
                with self.prevent(Select.Changed):
                    if wanted is None:
                        kind_select.clear()
                    else:
                        kind_select.value = wanted
                changed = True
        if organ != self.part_organ:
            self.set_reactive(SearchPane.part_organ, organ)
            changed = True
        if changed:
            self.search()

    def _bank_state_changed(self, state: str) -> None:
        if state == "ready":
            self.search()
        elif state == "failed":
            self.show_note(f"题库不可用：{tigang(self).bank_error}")

    def _bank_changed(self) -> None:
        """A team bank's sync brought new material: the same search again, the same hit highlighted."""
        hit = self.results.selected_hit()
        self.preview_key = None  # its counts and sources may have changed too
        self.search(keep=hit.key if hit is not None else None)

    @on(Input.Changed, "#query")
    @on(Select.Changed, "#kind")
    @on(Select.Changed, "#organ")
    def _filters_changed(self) -> None:
        self.search()

    # -- preview -----------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#results")
    def _result_highlighted(self) -> None:
        hit = self.results.selected_hit()
        if hit is None or hit.key == self.preview_key:
            return
        self.preview_key = hit.key
        self._load_preview(hit)

    @work(thread=True, exclusive=True, group="preview")
    def _load_preview(self, hit: Hit) -> None:
        try:
            preview = tigang(self).bank.preview(hit)
        except Exception:  # noqa: BLE001 - no preview is better than a crash
            preview = None
        self.post_message(PreviewLoaded(hit.key, preview))

    @on(PreviewLoaded)
    def _preview_loaded(self, message: PreviewLoaded) -> None:
        if message.key == self.preview_key:
            self.show_preview(message.preview)

    # -- choosing ----------------------------------------------------------------------------

    @on(Input.Submitted, "#query")
    @on(OptionList.OptionSelected, "#results")
    def _result_chosen(self) -> None:
        self.choose(as_heading=False)

    def choose(self, *, as_heading: bool) -> None:
        """Post `PhraseChosen` for the highlighted result — once the results of the query typed are in."""
        if self.results_serial != self.serial:
            self.pending = as_heading
            return
        hit = self.results.selected_hit()
        if hit is None:
            self.notify("先在左边搜索并选中一条素材（↑↓ 选择）。", severity="warning")
            return
        self.post_message(PhraseChosen(hit, as_heading))

    def action_star(self) -> None:
        """Star the highlighted phrase (it comes first within its tier from now on), or unstar it."""
        hit = self.results.selected_hit()
        if hit is not None:
            self._mark(hit, starred=not hit.starred)

    def action_hide(self) -> None:
        """Hide the highlighted phrase from every search and list (`tigang unhide` brings it back)."""
        hit = self.results.selected_hit()
        if hit is not None:
            self._mark(hit, hidden=True)

    @work(thread=True, group="mark")
    def _mark(self, hit: Hit, *, starred: bool | None = None, hidden: bool | None = None) -> None:
        try:
            note = tigang(self).bank.mark(hit, starred=starred, hidden=hidden)
        except TigangError as error:
            self.post_message(PhraseMarked(str(error), failed=True))
        else:
            self.post_message(PhraseMarked(note))

    @on(PhraseMarked)
    def _marked(self, message: PhraseMarked) -> None:
        self.show_note(message.note)
        if message.failed:
            self.notify(message.note, severity="warning")
            tigang(self).sync_if_due(0)  # a server gone away shows in the status line at once
        else:
            self.preview_key = ""  # the preview shows the new mark
            self.search()

    def action_move(self, step: int) -> None:
        """Move the result highlight while typing in the query (fzf style)."""
        results = self.results
        if not results.option_count:
            return
        current = results.highlighted or 0
        results.highlighted = max(0, min(results.option_count - 1, current + step))

    # -- showing -----------------------------------------------------------------------------

    def show_note(self, note: str | Text) -> None:
        self.query_one("#search-note", CjkStatic).show(note)

    def show_preview(self, preview: Preview | None) -> None:
        self.query_one("#preview", CjkStatic).show(preview_text(preview) if preview is not None else "")
