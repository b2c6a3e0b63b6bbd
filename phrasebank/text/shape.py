"""What a line of an outline is: a heading, a lead sentence or running text; and how many 字 it has.

One definition for two uses that must agree: the parallel-heading check compares headings and lead
sentences but not running text (comparing two 60-字 sentences finds nothing a writer can act on), and
the Markdown export makes headings only of headings (a 100-字 sentence as `###` reads badly). It
lives at the bottom of the engine because `review` and `export` may not import each other.
"""
from __future__ import annotations

import unicodedata
from typing import Literal

Shape = Literal["heading", "lead", "sentence"]

HEADING_MAX_CHARS = 28
"""A heading fits on one printed line: GB/T 9704 sets 28 字 a line. Counted by `char_count`, so the
quotes around “政治机关” do not push seed 000's 25-字 level-1 headings over."""
SENTENCE_ENDS = "。！？"
_CLOSERS = "”’」』）》】"
"""Closing marks that may follow a sentence end (“……。”)."""


def char_count(text: str) -> int:
    """字 as writers count them and as they are read aloud: Han characters, letters and digits;
    punctuation, spaces and the slot marker ×× are not counted."""
    return sum(1 for char in text if unicodedata.category(char)[0] in "LN")


def line_shape(text: str) -> Shape:
    """“heading”, “lead” or “sentence”.

    - sentence: longer than `HEADING_MAX_CHARS`, or more than one sentence (a 。！？ before the end):
      running text that happens to sit at a heading level;
    - lead: short and one sentence ending in 。！？ — the bold lead sentence of seed 000
      (“丰富学习强思想，让学习“高”起来。”), parallel with its siblings, but a sentence, not a title;
    - heading: short, no sentence end — a title such as “坚持党的领导，建设对党忠诚的“政治机关””.
    """
    core = text.strip().rstrip(_CLOSERS)
    if char_count(core) > HEADING_MAX_CHARS or any(mark in core[:-1] for mark in SENTENCE_ENDS):
        return "sentence"
    if core.endswith(tuple(SENTENCE_ENDS)):
        return "lead"
    return "heading"


def is_heading_like(text: str) -> bool:
    """True for a heading proper (short, no sentence end): what Markdown makes a `#` heading."""
    return line_shape(text) == "heading"


def is_running_text(text: str) -> bool:
    """True for a sentence-length line: what the parallel check leaves out."""
    return line_shape(text) == "sentence"
