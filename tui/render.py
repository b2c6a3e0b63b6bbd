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


def item_label(number: str, text: str, *, placeholder: str = "", organ: str | None = None,
               current: bool = False, body: str = "") -> Text:
    """One outline line: its number, its text (slots highlighted) or a dim placeholder, its organ tag.

    The part under the cursor (`current`) is marked with ▸ and shown in bold.
    """
    label = Text()
    if current:
        label.append("▸", style="bold magenta")
    label.append(number, style="bold")
    if text:
        label.append_text(with_slots(text, "bold" if current else ""))
    else:
        label.append(placeholder or "（待写）", style="dim italic")
    if body:
        label.append(" ¶", style=DIM)
        if slot_spans(body):
            label.append("××", style=SLOT_STYLE)
    if organ:
        label.append(f" 〔{organ}〕", style="dim cyan")
    return label


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


def hit_row(hit: Hit, width: int, source: str = "", *, flagged: bool = False) -> Text:
    """One result line: the phrase with its matched characters highlighted, then kind, organs and count
    — or, for a sentence of the stored paragraphs (原文), the document it is in (`source`). A starred
    phrase starts with ★, a wording that breaks a rule of the canonical list (`flagged`) with ⚠.

    `width` is the cells available; the phrase is cut with “…” so the columns stay aligned, and when
    the match lies beyond the cut, the line starts shortly before it (“…”) so the match stays visible.
    """
    if hit.kind == PARAGRAPH:
        meta = f" {pad_cells(kind_name(hit.kind), 4)} {pad_cells(truncate_cells(source, 12), 12)}"
    else:
        meta = f" {pad_cells(kind_name(hit.kind), 4)} {pad_cells(organs_short(hit.organs), 6)}{hit.count:>4}次"
    marks = ("★" if hit.starred else "") + ("⚠" if flagged else "")
    room = max(8, width - cell_width(meta) - cell_width(marks))
    text, offset, prefix = hit.text, 0, ""
    if hit.spans and cell_width(text[: hit.spans[0][1]]) > room - 1:
        offset, prefix = max(0, hit.spans[0][0] - 3), "…"
    shown = prefix + truncate_cells(text[offset:], room - len(prefix))
    visible = len(shown) - (1 if shown.endswith("…") and not text.endswith("…") else 0)
    row = Text(shown)
    shift = len(prefix) - offset
    for start, end in hit.spans:
        start, end = start + shift, min(end + shift, visible)
        if start >= len(prefix) and start < end:
            row.stylize(MATCH_STYLE + " yellow", start, end)
    for start, end in slot_spans(shown):
        row.stylize(SLOT_STYLE, start, end)
    if marks:
        row = Text.assemble((marks, "bold red" if flagged else "bold yellow"), row)
    row.append(" " * max(0, room - cell_width(shown)))
    row.append(meta, style=DIM)
    return row


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
