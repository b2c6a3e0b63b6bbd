"""Putting a chosen search result into the outline: where the placement rules say, asking first when
the wording is on the canonical list as wrong, or when a written heading would be replaced."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from phrasebank.outline import placement
from phrasebank.outline.placement import Placement
from phrasebank.review.wording import corrected, wording_problems
from tui.screens.dialogs import ChoiceDialog

if TYPE_CHECKING:
    from phrasebank.search.query import Hit
    from tui.screens.editor import EditorScreen


def place_chosen(editor: EditorScreen, hit: Hit, *, as_heading: bool) -> None:
    """Place `hit` relative to the outline cursor — after offering the corrected wording when the
    canonical list says it is wrong."""
    problems = wording_problems(hit.text)
    if not problems:
        _place_text(editor, hit, hit.text, as_heading=as_heading)
        return
    fixed = corrected(hit.text)
    said = "\n".join(f"{problem.severity_name}：{problem.message}（依据：{problem.source}）" for problem in problems)

    def answered(choice: str | None) -> None:
        if choice is not None:
            _place_text(editor, hit, fixed if choice == "fixed" else hit.text, as_heading=as_heading)

    editor.app.push_screen(ChoiceDialog(
        "这条素材的提法可能有误", f"{said}\n原文：{hit.text}\n改为：{fixed}",
        [("fixed", "用改正后的文字加入", "c"), ("as_is", "按原文加入", "o")],
    ), answered)


def _place_text(editor: EditorScreen, hit: Hit, text: str, *, as_heading: bool) -> None:
    """Place `text` (the hit's, or its corrected wording): a point under the cursor's item, or a
    heading — asking before a written heading would be replaced."""
    outline, at = editor.outline, editor.cursor_id
    organ = hit.organs[0] if len(hit.organs) == 1 else None
    phrase_id = hit.phrase_id or None  # a sentence of the stored paragraphs (原文) is no phrase
    part = placement.part_for_heading(outline, at) if as_heading else None

    def place(how: str) -> Placement:
        if how == "replace" and part is not None:
            return placement.replace_text(outline, part.id, text, phrase_id=phrase_id)
        if how == "heading":
            return placement.add_heading(outline, at, text, phrase_id=phrase_id, organ=organ)
        return placement.add_point(outline, at, text, phrase_id=phrase_id)

    def answered(how: str | None) -> None:
        placed = editor.apply(lambda: place(how)) if how is not None else None
        if placed is not None:
            verb = {"filled": "已填入 ", "added": "已加入 ", "replaced": "已替换 "}[placed.how]
            where = editor.outline.path_label(placed.item_id)
            editor.pane.show_note(Text.assemble((verb, "green"), (where, "bold green"), f"：{text}"))

    if part is None or not part.text:
        answered("heading" if as_heading else "point")
        return
    editor.app.push_screen(ChoiceDialog(
        f"{outline.path_label(part.id)}已有标题",
        f"现有：{part.text}\n新的：{text}",
        [("heading", "作为新的部分加在其后", "n"), ("replace", "替换现有标题", "r")],
    ), answered)
