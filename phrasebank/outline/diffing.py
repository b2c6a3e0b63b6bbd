"""Two outlines compared line by line, as a writer reads them: what a version had that now is gone.

The outline is rendered as text lines — title, salutation, opening, the numbered headings indented by
level (a heading's paragraph on its own line under it), closing — and compared with `difflib`, so a
changed sentence shows as the old line removed and the new one added, as in any diff tool.
"""
from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from phrasebank.outline.model import Outline

INDENT = "  "
DiffKind = Literal["same", "added", "removed"]


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff: in both outlines (`same`), only in the new one (`added`) or only in the old."""

    kind: DiffKind
    text: str

    @property
    def marked(self) -> str:
        """The line with its mark, as diff tools print it: "+ ", "- " or two spaces."""
        return {"same": "  ", "added": "+ ", "removed": "- "}[self.kind] + self.text


def outline_lines(outline: Outline) -> list[str]:
    """The outline as lines of text, one paragraph each, numbers derived as the export shows them."""
    lines = [item.text for item in (outline.title, outline.salutation) if item.text]
    lines += [item.text for item in outline.opening]
    for entry in outline.numbered():
        indent = INDENT * (entry.item.level - 1)
        lines.append(f"{indent}{entry.label}{entry.item.text}")
        if entry.item.body:
            lines.append(f"{indent}{INDENT}{entry.item.body}")
    lines += [item.text for item in outline.closing]
    return lines


def diff_lines(old: Outline, new: Outline) -> list[DiffLine]:
    """Every line of both outlines in reading order, marked same, added (in `new` only) or removed."""
    return diff_texts(outline_lines(old), outline_lines(new))


def diff_texts(old: Sequence[str], new: Sequence[str]) -> list[DiffLine]:
    """`diff_lines` for lines already rendered; a replaced run lists its removed lines first."""
    result: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            result += [DiffLine("same", line) for line in old[old_start:old_end]]
            continue
        result += [DiffLine("removed", line) for line in old[old_start:old_end]]
        result += [DiffLine("added", line) for line in new[new_start:new_end]]
    return result


def changed_count(lines: Sequence[DiffLine]) -> tuple[int, int]:
    """(lines added, lines removed)."""
    return sum(line.kind == "added" for line in lines), sum(line.kind == "removed" for line in lines)


def around_changes(lines: Sequence[DiffLine], context: int = 2) -> list[DiffLine | int]:
    """The changed lines with `context` unchanged lines either side; a run left out becomes its length
    (an int), so a long outline with one change reads as that change and where it is."""
    keep = [False] * len(lines)
    for index, line in enumerate(lines):
        if line.kind != "same":
            for near in range(max(0, index - context), min(len(lines), index + context + 1)):
                keep[near] = True
    shown: list[DiffLine | int] = []
    skipped = 0
    for line, kept in zip(lines, keep, strict=True):
        if kept:
            if skipped:
                shown.append(skipped)
                skipped = 0
            shown.append(line)
        else:
            skipped += 1
    if skipped:
        shown.append(skipped)
    return shown
