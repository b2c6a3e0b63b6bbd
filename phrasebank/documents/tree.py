"""The parsed shape of a document: a tree of nodes, each with its source position."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from phrasebank.documents.cleaning import CleanText


@dataclass(frozen=True)
class Position:
    """Where a node starts: the file, its 1-based line there, and the 0-based column in the clean line."""

    file: str
    line: int
    column: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class Node:
    """One unit of a document: title, salutation, opening, part, point, sentence or closing."""

    kind: str
    text: str
    pos: Position
    level: int = 0
    label: str = ""  # numbering as written: "一、", "（一）", "一是", "第一，", "" for lead sentences
    style: str = ""  # points: "numbered" | "run-in" | "lead" | "bare" (an unnumbered 要… point)
    children: list[Node] = field(default_factory=list)
    cut: str = ""
    """Where a web copy cut this text off: "start", "end" or "both" ("" for whole text). Its words up to
    the first clause mark (or from the last) are a fragment: stored, never mined."""

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, depth first, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def points(self) -> list[Node]:
        """The direct children that are points."""
        return [child for child in self.children if child.kind == "point"]

    def sentences(self) -> list[Node]:
        """Every sentence below this node, in document order."""
        return [node for node in self.walk() if node.kind == "sentence"]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form of the subtree."""
        data: dict[str, object] = {
            "kind": self.kind, "text": self.text, "line": self.pos.line, "column": self.pos.column
        }
        if self.level:
            data["level"] = self.level
        if self.label:
            data["label"] = self.label
        if self.style:
            data["style"] = self.style
        if self.cut:
            data["cut"] = self.cut
        if self.children:
            data["children"] = [child.to_dict() for child in self.children]
        return data


@dataclass
class Document:
    """A parsed document: title, salutation, opening, level-1 parts and closing, plus its clean text.

    An opening is what precedes the first part of a real document. A document without numbered parts,
    or a web copy that lacks its beginning (`headless`: it starts mid-sentence, or at part 三 or at a
    （二）), has none: what stands before its first part is `body` instead, text that is neither opening
    nor part.
    """

    source: str
    clean: CleanText
    encoding: str = "utf-8"
    title: Node | None = None
    salutation: Node | None = None
    opening: Node | None = None
    body: Node | None = None
    parts: list[Node] = field(default_factory=list)
    closing: Node | None = None
    headless: bool = False
    """The document lacks its beginning (a web copy starting mid-sentence or mid-part)."""
    cut_at_start: bool = False
    """Its first sentence is cut: the copy starts inside a sentence."""
    cut_at_end: bool = False
    """Its last sentence is cut: the copy ends inside a sentence."""

    def sections(self) -> list[Node]:
        """Top-level nodes in document order (absent ones left out)."""
        ordered = [self.title, self.salutation, self.opening, self.body, *self.parts, self.closing]
        return [node for node in ordered if node is not None]

    def walk(self) -> Iterator[Node]:
        """Every node of the document in order."""
        for section in self.sections():
            yield from section.walk()

    def paragraph(self, line: int) -> str:
        """The clean paragraph that came from source line `line` ("" if none)."""
        for number, text in zip(self.clean.line_numbers, self.clean.lines, strict=True):
            if number == line:
                return text
        return ""

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form of the whole tree, with the cleaning summary."""
        data: dict[str, object] = {
            "source": self.source,
            "encoding": self.encoding,
            "cleaning": dict(self.clean.summary()),
            "sections": [node.to_dict() for node in self.sections()],
        }
        for flag in ("headless", "cut_at_start", "cut_at_end"):
            if getattr(self, flag):
                data[flag] = True
        return data
