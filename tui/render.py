"""How outline items, search hits and previews look: Rich `Text` built from engine data, no widgets.

Widths are terminal cells (a Han character takes two), measured with `phrasebank.text.width`.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from phrasebank.text.width import cell_width, pad_cells, truncate_cells
from phrasebank.vocab.kinds import KIND_NAMES, PARAGRAPH
from phrasebank.vocab.organs import ORGAN_SHORT
from phrasebank.vocab.slots import slot_spans

if TYPE_CHECKING:
    from phrasebank.search.query import Hit
    from tui.bank_service import Preview

SLOT_STYLE = "bold black on yellow"
MATCH_STYLE = "bold underline"
DIM = "dim"


def with_slots(text: str, style: str = "") -> Text:
    """`text` with every unfilled slot (××) highlighted."""
    result = Text(text, style=style)
    for start, end in slot_spans(text):
        result.stylize(SLOT_STYLE, start, end)
    return result


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def organs_short(organs: Sequence[str]) -> str:
    """The organs in at most 6 cells: “政治”, “政·工”, “政工代”, or “全部” for all four."""
    names = [ORGAN_SHORT.get(organ, organ) for organ in organs]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return "·".join(name[:1] for name in names)
    if len(names) == 3:
        return "".join(name[:1] for name in names)
    return "全部" if names else ""


def hit_row(hit: Hit, width: int, source: str = "", *, flagged: bool = False, lines: int = 2) -> Text:
    """One result: the phrase with its matched characters highlighted, then kind, organs and count —
    or, for a sentence of the stored paragraphs (原文), the document it is in (`source`). A starred
    phrase starts with ★, a wording that breaks a rule of the canonical list (`flagged`) with ⚠.

    `width` is the cells available. A phrase too long for one line goes on to a second (up to
    `lines`), the figures at the end of it, so that candidates can be compared whole in a narrow pane;
    one longer still loses its middle (“…”), never its start, and keeps the first match in view —
    headings that end alike (“……的“政治机关””) differ at their start.
    """
    if hit.kind == PARAGRAPH:
        meta = f" {pad_cells(kind_name(hit.kind), 4)} {pad_cells(truncate_cells(source, 12), 12)}"
    else:
        meta = f" {pad_cells(kind_name(hit.kind), 4)} {pad_cells(organs_short(hit.organs), 6)}{hit.count:>4}次"
    marks = ("★" if hit.starred else "") + ("⚠" if flagged else "")
    indent = cell_width(marks)
    one_line = max(8, width - cell_width(meta) - indent)
    first_room = max(8, width - indent)
    last_room = max(8, width - cell_width(meta) - indent)
    wraps = lines >= 2 and cell_width(hit.text) > one_line
    room = first_room + last_room - 1 if wraps else one_line  # -1: a wide character may not split evenly
    shown, origin = fit_text(hit.text, hit.spans, room)
    row = Text(shown)
    for index, at in enumerate(origin):
        if at is not None and any(start <= at < end for start, end in hit.spans):
            row.stylize(MATCH_STYLE + " yellow", index, index + 1)
    for start, end in slot_spans(shown):
        row.stylize(SLOT_STYLE, start, end)
    last = row
    if wraps:
        cut = _cut_at(shown, first_room)
        first, last = row.divide([cut]) if cut < len(shown) else (row, Text())
        last = Text(" " * indent) + last
    last.append(" " * max(0, last_room + indent - cell_width(last.plain)))
    last.append(meta, style=DIM)
    if wraps:
        last = Text("\n").join([first, last])
    if marks:
        last = Text.assemble((marks, "bold red" if flagged else "bold yellow"), last)
    return last


def _cut_at(text: str, cells: int) -> int:
    """How many characters of `text` fit in `cells`."""
    used = 0
    for index, char in enumerate(text):
        used += cell_width(char)
        if used > cells:
            return index
    return len(text)


def fit_text(text: str, spans: Sequence[tuple[int, int]], room: int) -> tuple[str, list[int | None]]:
    """`text` in at most `room` cells, and where each shown character comes from (None for “…”): whole
    when it fits; cut at the end when the first match still shows; else its start, “…”, and the text
    from just before the first match on (cut at the end too if need be)."""
    if cell_width(text) <= room:
        return text, list(range(len(text)))
    if not spans or cell_width(text[: spans[0][1]]) <= room - 1:
        kept = _cut_at(text, room - 1)
        return text[:kept] + "…", [*range(kept), None]
    tail_start = max(0, spans[0][0] - 2)
    rest = room - 1  # the cells left for the start and the tail after the “…” between them
    tail_cells = cell_width(text[tail_start:])
    least = min(8, rest // 3)
    if tail_cells <= rest - least:
        head_cells = rest - tail_cells
    else:
        head_cells = max(least, min(rest // 2, rest - 1 - cell_width(text[tail_start : spans[0][1]])))
    head = _cut_at(text, head_cells)
    rest -= cell_width(text[:head])
    kept = _cut_at(text[tail_start:], rest if tail_cells <= rest else rest - 1)
    cut = tail_start + kept < len(text)
    shown = text[:head] + "…" + text[tail_start : tail_start + kept] + ("…" if cut else "")
    return shown, [*range(head), None, *range(tail_start, tail_start + kept), *([None] if cut else [])]


def preview_text(preview: Preview) -> Text:
    """The preview panel: the phrase, its kind, organs (and why), counts, then where it came from."""
    out = Text()
    out.append_text(with_slots(preview.text, "bold"))
    out.append("\n")
    if preview.kind == PARAGRAPH:
        out.append(f"原文 · 第 {preview.line} 行（不是题库短语：加入的是这一句）", style=DIM)
    else:
        out.append(f"{kind_name(preview.kind)} · 出现 {preview.count} 次 · {preview.docs} 篇文档", style=DIM)
        if preview.starred:
            out.append(" · ★ 已收藏（F3 取消）", style="yellow")
    for warning in preview.warnings:
        out.append(f"\n⚠ {warning}", style="bold red")
    for tag in preview.organ_tags:
        how = "明确" if tag["how"] == "explicit" else "推断"
        out.append(f"\n{tag['organ']}（{how}）", style="cyan")
        why = tag["why"]
        if why:
            out.append(f" {truncate_cells(why, 40)}", style=DIM)
    if preview.variants:
        out.append(f"\n近似说法 {len(preview.variants)} 条：", style=DIM)
        out.append("；".join(truncate_cells(v, 30) for v in preview.variants[:3]), style=DIM)
    if preview.paragraph:
        where = preview.document_title or preview.document
        out.append(f"\n\n出处：{where}", style="bold")
        if preview.more_sources:
            out.append(f"（另有 {preview.more_sources} 处）", style=DIM)
        if preview.section:
            out.append(f"\n{preview.section}", style=DIM)
        out.append("\n")
        paragraph = Text(preview.paragraph)
        start = preview.paragraph.find(preview.text)
        if start >= 0:
            paragraph.stylize("bold yellow", start, start + len(preview.text))
        out.append_text(paragraph)
    return out


def short_path(path: Path) -> str:
    """`~/提纲/x.json` rather than the full home path."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)
