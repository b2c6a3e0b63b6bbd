"""Chinese text under overlays: Textual's compositor cuts every screen line at every widget edge, and a
Han character of a toast (or a tooltip, a dropdown) that straddles an edge of a widget *underneath* is
split in two and shown as two blanks (Textual issue #6357): “导出完成” came out as “成”, a path in an
export notice lost “四个机”. `apply()` makes the compositor cut a widget's line only where another
widget takes over, and gives partial updates the real end of such a merged piece. Written against
Textual 8.2 (`Compositor._render_chops`, `render_partial_update`); drop it once Textual fixes #6357.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import cast

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

EMPTY = Strip([], 0)
"""What a bucket holds when the piece before it runs on over it."""
_partial_update = Compositor.render_partial_update


def _render_chops(self: Compositor, crop: Region,
                  is_rendered_line: Callable[[int], bool]) -> Sequence[Mapping[int, Strip]]:
    """Textual's `_render_chops`, cutting a widget's line only where it starts or stops being shown."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    for region, clip, strips in self._get_renders(crop):
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            buckets = final_cuts[:-1]
            if not buckets:
                continue
            wins = [line[cut] is None for cut in buckets]  # painted front to back: the first one wins
            ends = [buckets[i] for i in range(1, len(buckets)) if wins[i] != wins[i - 1]] + [final_cuts[-1]]
            start = 0
            for end, piece in zip(ends, strip.divide([end - render_x for end in ends]), strict=False):
                stop = buckets.index(end) if end in buckets else len(buckets)
                if wins[start]:
                    line[buckets[start]] = piece
                    for cut in buckets[start + 1 : stop]:
                        line[cut] = EMPTY
                start = stop
    return cast("Sequence[Mapping[int, Strip]]", chops)  # as Textual's: a None is never read


def _render_partial_update(self: Compositor) -> ChopsUpdate | None:
    """Textual's partial update, with each piece ending where it really ends (it may span buckets)."""
    update = _partial_update(self)
    if update is not None:
        update.chop_ends = [
            [max(natural, x + strip.cell_length) if strip is not None else natural
             for (x, strip), natural in zip(line.items(), cut_set[1:], strict=False)]
            for line, cut_set in zip(update.chops, self.cuts, strict=False)
        ]
    return update


def apply() -> None:
    """Patch Textual's compositor (idempotent); pyproject.toml pins the Textual minor version it was
    written against, and a Textual without these methods is left as it is."""
    if not (hasattr(Compositor, "_render_chops") and hasattr(Compositor, "render_partial_update")):
        return
    Compositor._render_chops = _render_chops  # type: ignore[method-assign]
    Compositor.render_partial_update = _render_partial_update  # type: ignore[method-assign]
