"""The editor: search the bank on the left, assemble the outline on the right, figures at the bottom.

The screen composes the search pane and the outline pane and wires them: a `PhraseChosen` from the
search goes into the outline where `phrasebank.outline.placement` says; a `PartChanged` from the
outline sets the search's organ filter; an `ItemEdited` becomes an edit. Every change goes through
the engine, then the session saves it in a worker. Export and check run in workers too.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input

from phrasebank.errors import TigangError
from phrasebank.files.atomic import is_read_only
from phrasebank.files.settings import load_settings
from phrasebank.outline.file import read_only_message
from phrasebank.outline.items import SALUTATION_ID, TITLE_ID, Item
from phrasebank.outline.model import Outline
from phrasebank.outline.placement import Placement
from tui.keys import APP_BINDINGS, EDITOR_BINDINGS, OUTLINE_BINDINGS, SEARCH_BINDINGS
from tui.messages import (
    CheckDone,
    ExportDone,
    ExportFailed,
    ItemEdited,
    OutlineSaved,
    PartChanged,
    PhraseChosen,
    SaveFailed,
)
from tui.running import tigang
from tui.session import OutlineSession, SaveJob
from tui.widgets.footer import TigangFooter
from tui.widgets.outline_pane import OutlinePane
from tui.widgets.outline_tree import OutlineTree
from tui.widgets.search_pane import SearchPane
from tui.widgets.status_line import StatusLine

Result = TypeVar("Result")

WATCH_SECONDS = 2.0
"""How often the editor looks whether someone else saved its file."""
KEEP_WHILE_EDITING = ("focus_outline", "help", "save")
"""The only actions that work while the in-place editor is open (Enter and Esc finish it first)."""


class EditorScreen(Screen[None]):
    """Search pane, outline pane, status line, footer."""

    BINDINGS: ClassVar[list[BindingType]] = [*EDITOR_BINDINGS]
    PALETTE = [*EDITOR_BINDINGS, *OUTLINE_BINDINGS, *SEARCH_BINDINGS[:2]]
    """What the command palette offers (`tui.commands`): every action of the screen, once."""
    AUTO_FOCUS = "#query"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    """Below 110 columns the focused pane gets the larger share (`tigang.tcss`)."""

    def __init__(self, session: OutlineSession) -> None:
        super().__init__()
        self.session = session
        self._export_fmt = "text"
        self.settings = load_settings()
        self.clipboard: list[Item] = []
        """What ^x cut last (copies; ^v pastes fresh copies of it)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="editor-body"):
            yield SearchPane(id="search-pane")
            yield OutlinePane(self.session, rate=self.settings.rate, id="outline-pane")
        yield StatusLine(id="status")
        yield TigangFooter()

    def on_mount(self) -> None:
        self.sheet.show(self.sheet.first_item())
        for shown in ("bank_state", "bank_summary", "bank_offline"):
            self.watch(self.app, shown, lambda _value: self.show_status(), init=shown == "bank_state")
        self.set_interval(WATCH_SECONDS, self._watch_file)
        if self.session.shared:
            self.notify("这份提纲已在另一个窗口中打开；两边的修改都会保存，并自动合并。", title="注意", timeout=15)
        for problem in self.settings.problems:
            self.notify(str(problem), title="设置文件有误", severity="warning", timeout=15)
        if is_read_only(self.session.path):
            self.notify(read_only_message(self.session.path), title="只读文件", severity="warning", timeout=20)

    @property
    def outline(self) -> Outline:
        """The live outline (undo replaces its items: hold ids, never `Item` objects)."""
        return self.session.outline

    @property
    def pane(self) -> SearchPane:
        return self.query_one("#search-pane", SearchPane)

    @property
    def sheet(self) -> OutlinePane:
        """The outline pane."""
        return self.query_one("#outline-pane", OutlinePane)

    @property
    def outline_tree(self) -> OutlineTree:
        return self.sheet.outline_tree

    @property
    def cursor_id(self) -> str | None:
        return self.sheet.cursor_id

    @property
    def part_id(self) -> str | None:
        return self.sheet.part_id

    def refresh_outline(self, cursor_id: str | None = None) -> None:
        """Show the outline again (cursor on `cursor_id`, default where it is) and the figures."""
        self.sheet.show(cursor_id)
        self.show_status()

    def show_status(self) -> None:
        app = tigang(self)
        bank = {"loading": "正在载入题库…", "failed": "题库不可用"}.get(app.bank_state, app.bank_summary)
        self.query_one("#status", StatusLine).show(
            self.outline, self.session.path, saved=not self.session.dirty, error=self.session.save_error, bank=bank,
            offline=app.bank_offline, rate=self.settings.rate)

    @on(PartChanged)
    def _part_changed(self, message: PartChanged) -> None:
        self.pane.follow_part(message.organ, message.region)

    # -- changing the outline ----------------------------------------------------------------

    def apply(self, change: Callable[[], Result], *, cursor: str | None = None) -> Result | None:
        """Run one outline operation and show the outcome; an engine refusal becomes a notification
        (and None). The cursor goes to `cursor`, or where a placement says, else stays. Saves."""
        before = self.outline.revision
        try:
            result = change()
        except TigangError as error:
            self.notify(str(error), severity="warning")
            return None
        if cursor is None and isinstance(result, Placement):
            cursor = result.cursor
        self.refresh_outline(cursor)
        if self.outline.revision != before:
            self.autosave()
        return result

    @on(PhraseChosen)
    def _phrase_chosen(self, message: PhraseChosen) -> None:
        """Put the chosen phrase where the placement rules say (asking first when that is not plain)."""
        from tui.screens.placing import place_chosen

        place_chosen(self, message.hit, as_heading=message.as_heading)

    def action_add_point(self) -> None:
        """Add the selected result under the item at the cursor (waits for the query just typed)."""
        self.pane.choose(as_heading=False)

    def action_add_part(self) -> None:
        """Use the selected result as a part heading (fills the current part's empty heading)."""
        self.pane.choose(as_heading=True)

    def _item_at_cursor(self) -> str | None:
        item_id = self.sheet.item_at_cursor()
        if item_id is None:
            self.notify("请先在提纲中选中一个条目。", severity="warning")
        return item_id

    def action_delete(self) -> None:
        item_id = self._item_at_cursor()
        if item_id is None:
            return
        follow = self._neighbour_after_delete(item_id)
        where = self.outline.path_label(item_id)
        removed = self.apply(lambda: self.outline.delete(item_id), cursor=follow)
        if removed:
            under = f"及其下 {len(removed) - 1} 条" if len(removed) > 1 else ""
            self.notify(f"已删除{where}“{removed[0].text[:16]}”{under}；^z 可恢复。", title="已删除")

    def _neighbour_after_delete(self, item_id: str) -> str | None:
        """Where the cursor goes after deleting: the next item after the subtree, else the previous one."""
        outline = self.outline
        if outline.region_of(item_id) != "body":
            return item_id if item_id in (TITLE_ID, SALUTATION_ID) else None
        removed = {item.id for item in outline.subtree(item_id)}
        order = [item.id for item in outline.body]
        index = order.index(item_id)
        after = [i for i in order[index:] if i not in removed]
        return after[0] if after else (order[index - 1] if index else None)

    def action_cut(self) -> None:
        """Cut the item at the cursor with everything under it (one undo step); ^v puts it back elsewhere."""
        item_id = self._item_at_cursor()
        if item_id is None:
            return
        follow = self._neighbour_after_delete(item_id)
        where = self.outline.path_label(item_id)
        cut = self.apply(lambda: self.outline.cut(item_id), cursor=follow)
        if cut:
            self.clipboard = cut
            under = f"及其下 {len(cut) - 1} 条" if len(cut) > 1 else ""
            self.notify(f"已剪下{where}“{cut[0].text[:16]}”{under}；移到目标条目上按 ^v 粘贴在其后。", title="已剪切")

    def action_paste(self) -> None:
        """Paste what was cut after the item at the cursor, at its level (fresh copies: paste again for more)."""
        if not self.clipboard:
            self.notify("还没有剪下的条目：先在要移动的条目上按 ^x。", severity="warning")
            return
        clipboard, at = self.clipboard, self.cursor_id  # on the 结尾 line: the end of the body
        pasted = self.apply(lambda: self.outline.paste(clipboard, at))
        if pasted is not None:
            self.refresh_outline(pasted)
            self.notify(f"已粘贴到{self.outline.path_label(pasted)}。", title="已粘贴")

    def action_fold(self) -> None:
        """Fold or unfold the part under the cursor."""
        self.sheet.toggle_fold()

    def action_fold_all(self) -> None:
        """Fold every part, or unfold them all when all are folded."""
        self.sheet.toggle_fold_all()

    def _structural(self, operation: Callable[[str], object]) -> None:
        item_id = self._item_at_cursor()
        if item_id is not None:
            self.apply(lambda: operation(item_id), cursor=item_id)

    def action_move_up(self) -> None:
        self._structural(self.outline.move_up)

    def action_move_down(self) -> None:
        self._structural(self.outline.move_down)

    def action_promote(self) -> None:
        self._structural(self.outline.promote)

    def action_demote(self) -> None:
        self._structural(self.outline.demote)

    def action_undo(self) -> None:
        self.apply(self._undo)

    def _undo(self) -> None:
        if not self.outline.undo():
            self.notify("没有可以撤销的修改。")

    def action_redo(self) -> None:
        self.apply(self._redo)

    def _redo(self) -> None:
        if not self.outline.redo():
            self.notify("没有可以重做的修改。")

    # -- editing in place, slots -------------------------------------------------------------

    def action_edit(self) -> None:
        """Edit the line under the cursor in place (Enter keeps, Esc cancels)."""
        if not self.sheet.start_edit():
            self.notify("请先在提纲中选中一个条目。", severity="warning")

    @on(ItemEdited)
    def _item_edited(self, message: ItemEdited) -> None:
        self.apply(lambda: self.outline.edit(message.item_id, message.text), cursor=message.item_id)

    def action_focus_outline(self) -> None:
        if self.sheet.editing is not None:
            self.sheet.finish_edit(keep=False)
        else:
            self.outline_tree.focus()

    def action_focus_search(self) -> None:
        query = self.query_one("#query", Input)
        query.focus()
        query.select_all()

    def action_fill_slot(self) -> None:
        """Find the next ×× from the cursor and ask for its value."""
        from tui.screens.dialogs import FillSlotDialog

        outline = self.outline
        ref = outline.next_slot(self.sheet.item_at_cursor())
        if ref is None:
            self.notify("没有未填的空位（××）。")
            return
        self.refresh_outline(ref.item_id)
        item = outline.find(ref.item_id)
        text = item.text if ref.field == "text" else item.body

        def fill(value: str | None) -> None:
            if value is not None:
                self.apply(lambda: outline.fill_next_slot(value, start_id=ref.item_id), cursor=ref.item_id)

        self.app.push_screen(FillSlotDialog(outline.path_label(ref.item_id), text, ref.start, ref.end), fill)

    # -- saving ------------------------------------------------------------------------------

    def autosave(self) -> None:
        """Save the outline as it is now, in a worker (the session says whether one is due)."""
        self.show_status()
        job = self.session.next_save()
        if job is not None:
            self._write(job)

    @work(thread=True, group="save")
    def _write(self, job: SaveJob) -> None:
        try:
            outcome = self.session.write(job)
        except TigangError as error:
            self.post_message(SaveFailed(job.revision, str(error)))
        else:
            self.post_message(OutlineSaved(job, outcome))

    @on(OutlineSaved)
    def _saved(self, message: OutlineSaved) -> None:
        before = self.outline.revision
        self.session.saved(message.job, message.outcome)
        if message.outcome.merged:
            if self.outline.revision != before:
                self.refresh_outline()
                self.notify("已合并另一个窗口或命令保存的修改（^z 可撤销合并）。", title="提纲已更新")
            for conflict in message.outcome.conflicts:
                self.notify(conflict, title="两边都改了同一处", severity="warning", timeout=20)
        self.autosave()  # changes made while it was written

    def _watch_file(self) -> None:
        """Take in what others saved to the file (another editor, `tigang add`, a sync tool)."""
        job = self.session.next_save(sync=True)
        if job is not None:
            self._write(job)

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        self.session.save_failed(message.error)
        self.notify(message.error, title="保存失败", severity="error", timeout=15)
        self.show_status()

    def action_save(self) -> None:
        self.autosave()
        self.notify(f"已保存到 {self.session.path}（自动保存已开启，上一版在 .bak）。")

    def save_before_leaving(self) -> None:
        """Write any unsaved change synchronously (quit or close)."""
        try:
            self.session.save_now()
        except TigangError as error:
            self.notify(str(error), title="保存失败", severity="error", timeout=15)

    def action_close(self) -> None:
        self.save_before_leaving()
        self.session.close()
        tigang(self).close_outline()

    # -- versions ----------------------------------------------------------------------------

    def action_snapshot(self) -> None:
        """Keep the outline as it is now as a named version (“送审前”)."""
        from tui.screens.versions import ask_snapshot

        ask_snapshot(self)

    def action_versions(self) -> None:
        """Browse the kept versions: compare one with now, or restore it."""
        from tui.screens.versions import browse_versions

        browse_versions(self)

    # -- export, check, help -----------------------------------------------------------------

    def action_export(self) -> None:
        from tui.screens.dialogs import ExportDialog

        def export(choice: tuple[str, Path] | None) -> None:
            if choice is not None:
                self._export_fmt = choice[0]
                self._run_export(self.session.snapshot(), choice[0], choice[1])

        self.app.push_screen(ExportDialog(self.session.path, self._export_fmt), export)

    @work(thread=True, group="export")
    def _run_export(self, snapshot: Outline, fmt: str, path: Path) -> None:
        from phrasebank.export.blocks import slot_warnings
        from phrasebank.export.formats import format_for, write_export

        try:
            write_export(snapshot, format_for(None, fmt), path)
        except TigangError as error:
            self.post_message(ExportFailed(str(error)))
        except OSError as error:
            self.post_message(ExportFailed(f"无法写入 {path}（{error.strerror}）；请换一个位置。"))
        else:
            self.post_message(ExportDone(path, fmt, slot_warnings(snapshot)))

    @on(ExportDone)
    def _exported(self, message: ExportDone) -> None:
        """Say where it went and, counted as the status line counts them, the slots still unfilled."""
        from phrasebank.export.blocks import SlotWarnings

        self.notify(f"已导出到 {message.path}", title="导出完成")
        warnings = message.warnings
        if warnings:
            title = warnings.headline if isinstance(warnings, SlotWarnings) else f"{len(warnings)} 个条目有未填空位"
            self.notify("\n".join(warnings[:3]) + ("\n……" if len(warnings) > 3 else ""),
                        title=title, severity="warning", timeout=10)

    @on(ExportFailed)
    def _export_failed(self, message: ExportFailed) -> None:
        self.notify(message.error, title="导出失败", severity="error", timeout=15)

    def action_check(self) -> None:
        """Run the checks in a worker (parallel-heading comparison grows fast with many points)."""
        self.notify("正在检查…", timeout=2)
        self._run_check(self.session.snapshot(), self.outline.revision)

    @work(thread=True, exclusive=True, group="check")
    def _run_check(self, snapshot: Outline, revision: int) -> None:
        from phrasebank.review.checks import check_outline

        self.post_message(CheckDone(revision, check_outline(snapshot, rate=self.settings.rate)))

    @on(CheckDone)
    def _show_check(self, message: CheckDone) -> None:
        from tui.screens.check import CheckScreen

        if message.revision != self.outline.revision:
            return  # the outline changed meanwhile; ^r again checks the new one

        def jump(item_id: str | None) -> None:
            if item_id:
                self.refresh_outline(item_id)
                self.outline_tree.focus()

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
        """Outline keys are inactive while the in-place editor is open (Enter/Esc finish it first)."""
        return self.sheet.editing is None or action in KEEP_WHILE_EDITING
