"""Static text wrapped the way Chinese is typeset: no line starts with “，。、” and the like.

Textual wraps a run of Han characters as one long word and folds it anywhere, so a line can start
with a comma. `wrap_cjk` breaks lines itself, by terminal cells, moving a character down with the
punctuation that must not open a line (and keeping opening brackets with what follows); Latin words
are not split when they fit on a line; a paragraph that starts with spaces keeps that indent on
its following lines. `CjkStatic` re-wraps at its current width.
"""
from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from phrasebank.text.width import char_width

NO_LINE_START = set("，。、；：！？）】》」』〕〉”’…—％,.;:!?)]}>·～")
"""Punctuation that must not begin a line."""
NO_LINE_END = set("（【《「『〔〈“‘([{<")
"""Opening marks that must not end a line."""


def _is_word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "_-./")


def break_points(line: str, width: int, rest_width: int | None = None) -> list[int]:
    """Where to break one paragraph so that every piece fits: the first line `width` cells, the
    following ones `rest_width` (default the same; less when they will be indented)."""
    breaks: list[int] = []
    start, used = 0, 0
    index = 0
    while index < len(line):
        cells = char_width(line[index])
        room = width if not breaks else (rest_width or width)
        if used + cells <= room or index == start:
            used += cells
            index += 1
            continue
        cut = index
        moved = True
        while moved:  # each rule may undo the other, so apply both until neither moves the cut
            moved = False
            # keep closing punctuation off the start, opening marks off the end of a line
            while cut > start + 1 and (line[cut] in NO_LINE_START or line[cut - 1] in NO_LINE_END):
                cut -= 1
            # do not split a Latin word or number that could move down whole
            if _is_word(line[cut]) and _is_word(line[cut - 1]):
                word = cut
                while word > start and _is_word(line[word - 1]):
                    word -= 1
                if start < word < cut:
                    cut, moved = word, True
        breaks.append(cut)
        start, index, used = cut, cut, 0
    return breaks


def wrap_cjk(text: Text, width: int) -> Text:
    """`text` with line breaks inserted so no line is wider than `width` cells (styles kept)."""
    if width <= 2:
        return text
    pieces: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        plain = paragraph.plain
        indent = len(plain) - len(plain.lstrip(" "))
        indent = indent if indent < width // 2 else 0
        offsets = break_points(plain, width, width - indent)
        if not offsets:
            pieces.append(paragraph)
            continue
        lines = list(paragraph.divide(offsets))
        pieces.append(lines[0])
        pieces.extend(Text(" " * indent) + line for line in lines[1:])
    return Text("\n").join(pieces)


class CjkStatic(Static):
    """A Static whose content (str or Text) is wrapped with `wrap_cjk` at the widget's width."""

    def __init__(self, content: str | Text = "", *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__("", id=id)
        self._source = Text(content) if isinstance(content, str) else content

    def on_mount(self) -> None:
        self.show(self._source)

    def show(self, content: str | Text) -> None:
        """Replace the content."""
        self._source = Text(content) if isinstance(content, str) else content
        self._rewrap()

    def on_resize(self) -> None:
        self._rewrap()

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        self.update(wrap_cjk(self._source, width) if width else self._source)

    @property
    def source(self) -> Text:
        """The content before wrapping."""
        return self._source
