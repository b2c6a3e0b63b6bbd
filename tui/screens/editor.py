"""The editor: search the bank on the left, assemble the outline on the right, figures at the bottom.

State lives here and only changes in `@on` handlers and actions on the UI thread: the session (the
outline and its file), the item under the cursor, and the serial of the latest search. Searches,
previews, saves and exports run in thread workers that post messages back; every change is saved
at once by such a worker.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Select, Static, Tree

from phrasebank.errors import TigangError
from phrasebank.outline.model import Outline, OutlineError
from tui.bank_service import SearchRequest
from tui.keys import APP_BINDINGS, EDITOR_BINDINGS, OUTLINE_BINDINGS, SEARCH_BINDINGS
from tui.messages import (
    CheckDone,
    ExportDone,
    ExportFailed,
    ItemActivated,
    OutlineSaved,
    PreviewLoaded,
    SaveFailed,
    SearchDone,
)
from tui.render import with_slots
from tui.session import OutlineSession, write_snapshot
from tui.widgets.cjk_text import CjkStatic
from tui.widgets.outline_tree import CLOSING, OPENING, OutlineTree
from tui.widgets.search_pane import ORGAN_ALL, ORGAN_AUTO, ResultList, SearchPane
from tui.widgets.status_line import StatusLine

REGIONS = {OPENING: "opening", CLOSING: "closing"}


class EditorScreen(Screen[None]):
    """Search pane, outline tree, detail and status lines, footer."""

    BINDINGS = EDITOR_BINDINGS
    PALETTE = [*EDITOR_BINDINGS, *OUTLINE_BINDINGS, *SEARCH_BINDINGS[:2]]
    """What the command palette offers (`tui.commands`): every action of the screen, once."""
    AUTO_FOCUS = "#query"

    def __init__(self, session: OutlineSession) -> None:
        super().__init__()
        self.session = session
        self.cursor_id: str | None = None
        self.part_id: str | None = None
        self.search_serial = 0
        self.results_serial = -1
        self.pending_add: str | None = None
        self.preview_id: int | None = None
        self.editing: str | None = None
        self._saving = False
        self._export_fmt = "text"

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="editor-body"):
            yield SearchPane(id="search-pane")
            with Vertical(id="outline-pane"):
                yield Static(self._title_line(), id="outline-title")
                yield OutlineTree(id="outline")
                yield CjkStatic("", id="detail")
                yield Input(id="inline-editor", compact=True, select_on_focus=False)
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#inline-editor").display = False
        self.refresh_outline(self.session.outline.body[0].id if self.session.outline.body else "title")
        self.watch(self.app, "bank_state", self._bank_state_changed, init=True)

    @property
    def outline(self) -> Outline:
        """The live outline (undo replaces its items: hold ids, never `Item` objects)."""
        return self.session.outline

    @property
    def tree(self) -> OutlineTree:
        return self.query_one("#outline", OutlineTree)

    @property
    def pane(self) -> SearchPane:
        return self.query_one("#search-pane", SearchPane)

    def _title_line(self) -> Text:
        structure = self.session.structure
        line = Text("提纲", style="bold")
        line.append(f"  {self.session.path.name}", style="bold cyan")
        if structure is not None:
            line.append(f"  {structure.name}", style="dim")
        return line

    # ------------------------------------------------------------------ outline view

    def refresh_outline(self, cursor_id: str | None = None) -> None:
        """Rebuild the tree (cursor on `cursor_id`), the detail and the status line."""
        outline = self.outline
        cursor_id = cursor_id if cursor_id is not None else self.cursor_id
        if cursor_id and not cursor_id.startswith("region:") and not self._exists(cursor_id):
            cursor_id = None
        organ = self.current_organ() if self.part_id is not None and self._exists(self.part_id) else None
        self.part_id = self._part_of(cursor_id)
        self.tree.rebuild(outline, cursor_id, self.part_id, self._placeholders())
        self.cursor_id = self.tree.cursor_id
        self.show_detail()
        self.show_status()
        if self.current_organ() != organ and self.is_mounted:
            self.search()  # the organ filter follows the part under the cursor

    def _exists(self, item_id: str) -> bool:
        try:
            self.outline.find(item_id)
        except OutlineError:
            return False
        return True

    def _placeholders(self) -> dict[str, str]:
        """For each empty part heading: the structure's example, as a hint of what to write."""
        hints: dict[str, str] = {}
        for entry in self.outline.numbered():
            if entry.item.level == 1 and not entry.item.text:
                guide = self.session.part_guide(entry.part_number, entry.item.organ)
                hints[entry.item.id] = f"（待写，例：{guide.example}）" if guide else "（待写）"
        return hints

    def _part_of(self, item_id: str | None) -> str | None:
        if not item_id or item_id.startswith("region:"):
            return None
        try:
            part = self.outline.part_of(item_id)
        except OutlineError:
            return None
        return part.id if part is not None else None

    def current_organ(self) -> str | None:
        """The organ of the part under the cursor (what the organ filter follows by default)."""
        if self.part_id is None:
            return None
        try:
            return self.outline.find(self.part_id).organ
        except OutlineError:
            return None

    def show_detail(self) -> None:
        """The full text of the item under the cursor, and the structure's guide for its part."""
        detail = Text()
        outline = self.outline
        item_id = self.cursor_id
        if item_id and not item_id.startswith("region:"):
            try:
                item = outline.find(item_id)
            except OutlineError:
                item = None
            if item is not None:
                detail.append(outline.path_label(item_id) + " ", style="bold")
                detail.append_text(with_slots(item.text) if item.text else Text("（空）", "dim"))
                if item.body:
                    detail.append("\n")
                    detail.append_text(with_slots(item.body, "dim"))
        if self.part_id is not None:
            number = next((e.part_number for e in outline.numbered() if e.item.id == self.part_id), 0)
            guide = self.session.part_guide(number, outline.find(self.part_id).organ)
            if guide is not None:
                detail.append(f"\n本部分写法：{guide.guide}", style="dim italic")
        self.query_one("#detail", CjkStatic).show(detail)

    def show_status(self) -> None:
        app: Any = self.app
        bank = {"loading": "正在载入题库…", "failed": "题库不可用"}.get(app.bank_state, app.bank_summary)
        self.query_one("#status", StatusLine).show(
            self.outline, self.session.path, saved=not self.session.dirty, error=self.session.save_error, bank=bank)

    @on(Tree.NodeHighlighted, "#outline")
    def cursor_moved(self, event: Tree.NodeHighlighted) -> None:
        self.cursor_id = event.node.data
        part_id = self._part_of(self.cursor_id)
        if part_id != self.part_id:
            previous_organ = self.current_organ()
            self.part_id = part_id
            self.tree.rebuild(self.outline, self.cursor_id, self.part_id, self._placeholders())
            if self.current_organ() != previous_organ:
                self.search()
        self.show_detail()

    # ------------------------------------------------------------------ bank and search

    def _bank_state_changed(self, state: str) -> None:
        if state == "ready":
            self.search()
        elif state == "failed":
            self.pane.show_note(f"题库不可用：{getattr(self.app, 'bank_error', '')}")
        self.show_status()

    def search_request(self) -> SearchRequest:
        """The search the pane asks for: query, kind filter, organ filter (default: the current part)."""
        query = self.query_one("#query", Input).value
        kind_select = self.query_one("#kind", Select)
        organ_choice = self.query_one("#organ", Select).value
        part_organ = self.current_organ()
        if organ_choice == ORGAN_AUTO:
            organ, from_part = part_organ, True
        elif organ_choice == ORGAN_ALL:
            organ, from_part = None, False
        else:
            organ, from_part = str(organ_choice), False
        return SearchRequest(
            query=query,
            kind=None if kind_select.is_blank() else str(kind_select.value),
            organ=organ,
            boost_organ=part_organ,
            organ_from_part=from_part,
        )

    def search(self) -> None:
        """Start a search for the pane's current query and filters (results arrive as `SearchDone`)."""
        app: Any = self.app
        self.search_serial += 1
        if app.bank_state != "ready":
            return
        self._run_search(self.search_serial, self.search_request())

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, serial: int, request: SearchRequest) -> None:
        app: Any = self.app
        try:
            outcome = app.bank.search(request)
        except Exception as error:  # noqa: BLE001 - a failed search must not take the editor down
            self.post_message(SearchDone(serial, request.query, [], f"搜索出错：{error}"))
        else:
            self.post_message(SearchDone(serial, request.query, outcome.hits, outcome.note))

    @on(SearchDone)
    def show_results(self, message: SearchDone) -> None:
        if message.serial != self.search_serial:
            return
        request = self.search_request()
        note = message.note or self._describe(request, len(message.hits))
        self.pane.show_hits(message.hits, note)
        self.results_serial = message.serial
        pending, self.pending_add = self.pending_add, None
        if pending == "point":
            self.action_add_point()
        elif pending == "part":
            self.action_add_part()

    @staticmethod
    def _describe(request: SearchRequest, count: int) -> str:
        scope = f"{request.organ}" if request.organ else "全部机关"
        if request.organ and request.organ_from_part:
            scope += "（跟随当前部分）"
        if not count:
            return f"没有找到“{request.query}”（{scope}）。试试拼音首字母或更短的词。"
        what = f"“{request.query}”" if request.query.strip() else "常用素材"
        return f"{what}：{count} 条 · {scope} · 回车加为要点，^t 加为标题"

    @on(Input.Changed, "#query")
    @on(Select.Changed, "#kind")
    @on(Select.Changed, "#organ")
    def filters_changed(self) -> None:
        self.search()

    @on(OptionList.OptionHighlighted, "#results")
    def result_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        hit = self.query_one("#results", ResultList).selected_hit()
        if hit is None or hit.phrase_id == self.preview_id:
            return
        self.preview_id = hit.phrase_id
        self._load_preview(hit.phrase_id)

    @work(thread=True, exclusive=True, group="preview")
    def _load_preview(self, phrase_id: int) -> None:
        app: Any = self.app
        try:
            preview = app.bank.preview(phrase_id)
        except Exception:  # noqa: BLE001 - no preview is better than a crash
            preview = None
        self.post_message(PreviewLoaded(phrase_id, preview))

    @on(PreviewLoaded)
    def show_preview(self, message: PreviewLoaded) -> None:
        if message.phrase_id == self.preview_id:
            self.pane.show_preview(message.preview)

    @on(Input.Submitted, "#query")
    @on(OptionList.OptionSelected, "#results")
    def result_chosen(self) -> None:
        self.action_add_point()

    # ------------------------------------------------------------------ changing the outline

    def _results_current(self, kind: str) -> bool:
        """False (and the add is remembered) while the results are older than the query typed."""
        if self.results_serial == self.search_serial:
            return True
        self.pending_add = kind
        return False

    def _selected_hit(self) -> Any | None:
        hit = self.query_one("#results", ResultList).selected_hit()
        if hit is None:
            self.notify("先在左边搜索并选中一条素材（↑↓ 选择）。", severity="warning")
        return hit

    def _apply(self, change: Any, *, cursor: str | None = None, added: bool = False) -> bool:
        """Run one outline operation; engine refusals become a notification. Saves on success.

        The cursor goes to `cursor`, else to the item the operation returned — except for `added`
        points, where it stays put so that adding again makes a sibling, and the search pane says
        where the new item went.
        """
        before = self.outline.revision
        try:
            result = change()
        except TigangError as error:
            self.notify(str(error), severity="warning")
            return False
        if added and hasattr(result, "id"):
            self.pane.show_note(Text.assemble(("已加入 ", "green"), (self.outline.path_label(result.id), "bold green"),
                                              f"：{result.text}"))
        elif cursor is None and hasattr(result, "id"):
            cursor = result.id
        self.refresh_outline(cursor)
        if self.outline.revision != before:
            self.autosave()
        return True

    def action_add_point(self) -> None:
        """Add the selected phrase under the item at the cursor (or where it belongs there).

        Pressed right after typing, before that query's results are in, it waits for them.
        """
        if not self._results_current("point"):
            return
        hit = self._selected_hit()
        if hit is None:
            return
        outline, target = self.outline, self.cursor_id or "title"
        text, phrase_id = hit.text, hit.phrase_id
        if target == "title":
            self._apply(lambda: outline.set_title(text), cursor="title")
        elif target == "salutation":
            self._apply(lambda: outline.set_salutation(text), cursor="salutation")
        elif target in REGIONS:
            self._apply(lambda: outline.add_paragraph(REGIONS[target], text, phrase_id=phrase_id),  # type: ignore[arg-type]
                        added=True)
        elif outline.region_of(target) != "body":
            self._apply(lambda: outline.insert_after(target, text, phrase_id=phrase_id), added=True)
        else:
            item = outline.find(target)
            if item.level < 4:
                self._apply(lambda: outline.add_child(target, text, phrase_id=phrase_id), added=True)
            else:
                self._apply(lambda: outline.insert_after(target, text, phrase_id=phrase_id), added=True)

    def action_add_part(self) -> None:
        """Use the selected phrase as a part heading: fills the current part if its heading is empty."""
        if not self._results_current("part"):
            return
        hit = self._selected_hit()
        if hit is None:
            return
        outline = self.outline
        part = outline.find(self.part_id) if self.part_id else next((p for p in outline.parts if not p.text), None)
        if part is not None and not part.text:
            self._apply(lambda: outline.edit(part.id, hit.text, phrase_id=hit.phrase_id), cursor=part.id)
            return
        index = outline.parts.index(part) + 1 if part is not None else None
        organ = hit.organs[0] if len(hit.organs) == 1 else None
        self._apply(lambda: outline.add_part(hit.text, organ=organ, phrase_id=hit.phrase_id, index=index))

    def _require_item(self) -> str | None:
        item_id = self.cursor_id
        if item_id is None or item_id.startswith("region:"):
            self.notify("请先在提纲中选中一个条目。", severity="warning")
            return None
        return item_id

    def action_delete(self) -> None:
        item_id = self._require_item()
        if item_id is None:
            return
        outline = self.outline
        follow = self._neighbour_after_delete(item_id)
        self._apply(lambda: outline.delete(item_id), cursor=follow)

    def _neighbour_after_delete(self, item_id: str) -> str | None:
        """Where the cursor goes after deleting: the next item after the subtree, else the previous one."""
        outline = self.outline
        if outline.region_of(item_id) != "body":
            return item_id if item_id in ("title", "salutation") else None
        removed = {item.id for item in outline.subtree(item_id)}
        order = [item.id for item in outline.body]
        index = order.index(item_id)
        after = [i for i in order[index:] if i not in removed]
        before = order[:index]
        return after[0] if after else (before[-1] if before else None)

    def _structural(self, name: str) -> None:
        item_id = self._require_item()
        if item_id is not None:
            self._apply(lambda: getattr(self.outline, name)(item_id), cursor=item_id)

    def action_move_up(self) -> None:
        self._structural("move_up")

    def action_move_down(self) -> None:
        self._structural("move_down")

    def action_promote(self) -> None:
        self._structural("promote")

    def action_demote(self) -> None:
        self._structural("demote")

    def action_undo(self) -> None:
        if self.outline.undo():
            self.refresh_outline()
            self.autosave()
        else:
            self.notify("没有可以撤销的修改。")

    def action_redo(self) -> None:
        if self.outline.redo():
            self.refresh_outline()
            self.autosave()
        else:
            self.notify("没有可以重做的修改。")

    # ------------------------------------------------------------------ in-place editing

    @on(ItemActivated)
    def item_activated(self, message: ItemActivated) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        """Open an input on the cursor's line, holding the item's text (Enter keeps, Esc cancels)."""
        item_id = self._require_item()
        if item_id is None:
            return
        tree, editor = self.tree, self.query_one("#inline-editor", Input)
        self.editing = item_id
        editor.value = self.outline.find(item_id).text
        pane = self.query_one("#outline-pane")
        indent = tree.cursor_indent()
        editor.styles.offset = (tree.region.x - pane.content_region.x + indent,
                                tree.region.y - pane.content_region.y + tree.cursor_row())
        editor.styles.width = max(10, tree.scrollable_content_region.width - indent)
        editor.display = True
        editor.focus()
        editor.cursor_position = len(editor.value)

    @on(Input.Submitted, "#inline-editor")
    def edit_submitted(self) -> None:
        self._finish_edit(keep=True)

    def _finish_edit(self, *, keep: bool) -> None:
        item_id, self.editing = self.editing, None
        editor = self.query_one("#inline-editor", Input)
        editor.display = False
        self.tree.focus()
        if item_id is None or not keep:
            return
        try:
            current = self.outline.find(item_id).text
        except OutlineError:
            return
        if editor.value.strip() != current:
            self._apply(lambda: self.outline.edit(item_id, editor.value), cursor=item_id)

    def on_descendant_blur(self, event: Any) -> None:
        if self.editing is not None and event.widget is self.query_one("#inline-editor"):
            self._finish_edit(keep=True)

    def action_focus_outline(self) -> None:
        if self.editing is not None:
            self._finish_edit(keep=False)
            return
        self.tree.focus()

    def action_focus_search(self) -> None:
        query = self.query_one("#query", Input)
        query.focus()
        query.select_all()

    # ------------------------------------------------------------------ slots

    def action_fill_slot(self) -> None:
        """Find the next ×× from the cursor and ask for its value."""
        from tui.screens.dialogs import FillSlotDialog

        outline = self.outline
        start = self.cursor_id if self.cursor_id and not self.cursor_id.startswith("region:") else None
        ref = outline.next_slot(start)
        if ref is None:
            self.notify("没有未填的空位（××）。")
            return
        self.refresh_outline(ref.item_id)
        text = getattr(outline.find(ref.item_id), ref.field)

        def fill(value: str | None) -> None:
            if value is not None:
                self._apply(lambda: outline.fill_next_slot(value, start_id=ref.item_id), cursor=ref.item_id)

        self.app.push_screen(FillSlotDialog(outline.path_label(ref.item_id), text, ref.start, ref.end), fill)

    # ------------------------------------------------------------------ saving

    def autosave(self) -> None:
        """Save the outline as it is now, in a worker; changes made meanwhile are saved right after."""
        self.show_status()
        if self._saving:
            return
        self._saving = True
        self._write(self.session.snapshot(), self.outline.revision, self.session.path)

    @work(thread=True, group="save")
    def _write(self, snapshot: Any, revision: int, path: Path) -> None:
        try:
            with self.session.write_lock:
                write_snapshot(snapshot, path)
        except TigangError as error:
            self.post_message(SaveFailed(revision, str(error)))
        else:
            self.post_message(OutlineSaved(revision, path))

    @on(OutlineSaved)
    def saved(self, message: OutlineSaved) -> None:
        self._saving = False
        self.session.saved_revision = max(self.session.saved_revision, message.revision)
        self.session.save_error = ""
        if self.session.dirty:
            self.autosave()
        self.show_status()

    @on(SaveFailed)
    def save_failed(self, message: SaveFailed) -> None:
        self._saving = False
        self.session.save_error = message.error
        self.notify(message.error, title="保存失败", severity="error", timeout=15)
        self.show_status()

    def action_save(self) -> None:
        if self.session.dirty or self.session.save_error:
            self.autosave()
        self.notify(f"已保存到 {self.session.path}（自动保存已开启，上一版在 .bak）。")

    def save_before_leaving(self) -> None:
        """Write any unsaved change synchronously (quit or close)."""
        if self.session.dirty:
            try:
                with self.session.write_lock:
                    self.session.save_now()
            except TigangError as error:
                self.notify(str(error), title="保存失败", severity="error", timeout=15)

    def action_close(self) -> None:
        self.save_before_leaving()
        app: Any = self.app
        app.close_outline()

    # ------------------------------------------------------------------ export, check, help

    def action_export(self) -> None:
        from tui.screens.dialogs import ExportDialog

        def export(choice: tuple[str, Path] | None) -> None:
            if choice is not None:
                self._export_fmt = choice[0]
                self._run_export(self.session.snapshot(), choice[0], choice[1])

        self.app.push_screen(ExportDialog(self.session.path, self._export_fmt), export)

    @work(thread=True, group="export")
    def _run_export(self, snapshot: Any, fmt: str, path: Path) -> None:
        from phrasebank.export.formats import slot_warnings, write_export

        try:
            write_export(snapshot, fmt, path)  # type: ignore[arg-type]
        except TigangError as error:
            self.post_message(ExportFailed(str(error)))
        except OSError as error:
            self.post_message(ExportFailed(f"无法写入 {path}（{error.strerror}）；请换一个位置。"))
        else:
            self.post_message(ExportDone(path, fmt, slot_warnings(snapshot)))

    @on(ExportDone)
    def exported(self, message: ExportDone) -> None:
        self.notify(f"已导出到 {message.path}", title="导出完成")
        if message.warnings:
            self.notify("；".join(message.warnings[:3]) + ("……" if len(message.warnings) > 3 else ""),
                        title=f"还有 {len(message.warnings)} 处未填空位", severity="warning", timeout=10)

    @on(ExportFailed)
    def export_failed(self, message: ExportFailed) -> None:
        self.notify(message.error, title="导出失败", severity="error", timeout=15)

    def action_check(self) -> None:
        """Run the checks in a worker (parallel-heading comparison grows fast with many points)."""
        self.notify("正在检查…", timeout=2)
        self._run_check(self.session.snapshot(), self.outline.revision)

    @work(thread=True, exclusive=True, group="check")
    def _run_check(self, snapshot: Any, revision: int) -> None:
        from phrasebank.review.checks import check_outline

        self.post_message(CheckDone(revision, check_outline(snapshot)))

    @on(CheckDone)
    def show_check(self, message: CheckDone) -> None:
        from tui.screens.check import CheckScreen

        if message.revision != self.outline.revision:
            return  # the outline changed meanwhile; ^r again checks the new one

        def jump(item_id: str | None) -> None:
            if item_id:
                self.refresh_outline(item_id)
                self.tree.focus()

        self.app.push_screen(CheckScreen(message.report), jump)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(
            "按键：编辑提纲",
            [("编辑（任何位置都可用）", EDITOR_BINDINGS), ("焦点在搜索栏时", SEARCH_BINDINGS),
             ("焦点在提纲中时", OUTLINE_BINDINGS), ("全局", APP_BINDINGS)],
            "左边搜索素材（↑↓ 选择，回车加为要点），右边是提纲。每次修改都自动保存。",
        ))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Outline keys are inactive while the inline editor is open (Enter/Esc finish it first)."""
        if self.editing is not None and action not in ("focus_outline", "help", "save"):
            return False
        return True
