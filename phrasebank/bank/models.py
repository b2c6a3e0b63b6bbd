"""What the bank hands out: phrases with their sources and variants, documents, and rows for the index."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from phrasebank.vocab.organs import TagDict


@dataclass(frozen=True)
class SourceRef:
    """Where one occurrence of a phrase stands."""

    doc_id: int
    doc: str
    line: int
    column: int
    section: str


@dataclass
class Phrase:
    """One bank entry: text, kind, counts, organ tags, the writer's marks (starred, hidden) and (when
    asked for) its sources and variants."""

    id: int
    kind: str
    text: str
    count: int
    docs: int
    organ_tags: list[TagDict]
    group_id: int | None = None
    starred: bool = False
    hidden: bool = False
    sources: list[SourceRef] = field(default_factory=list)
    variants: list[Phrase] = field(default_factory=list)

    @property
    def organs(self) -> list[str]:
        """Organ names, in the canonical order."""
        return [tag["organ"] for tag in self.organ_tags]

    def to_dict(self) -> dict[str, object]:
        """The `--json` form shared by `tigang phrases`, `show` and `search`."""
        data: dict[str, object] = {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "organs": self.organs,
            "organ_tags": self.organ_tags,
            "count": self.count,
            "docs": self.docs,
            "starred": self.starred,
            "hidden": self.hidden,
            "sources": [
                {"doc": source.doc, "line": source.line, "column": source.column, "section": source.section}
                for source in self.sources
            ],
        }
        if self.variants:
            data["variants"] = [{"id": v.id, "text": v.text, "count": v.count} for v in self.variants]
        return data


@dataclass(frozen=True)
class DocumentInfo:
    """A document in the bank, as `tigang docs` lists it."""

    id: int
    name: str
    path: str
    builtin: bool
    title: str
    chars: int
    phrases: int
    mined_at: str
    added_by: str = ""
    """Who added it: a team bank's PostgreSQL role, a local bank's login name (empty for a seed)."""


class StoredDocument(NamedTuple):
    """A document's source as the bank keeps it, enough to mine it again."""

    path: str
    name: str
    builtin: bool
    raw: str
    encoding: str
    size: int
    mtime: float


class DocumentState(NamedTuple):
    """What tells whether a file changed since it was mined."""

    id: int
    sha256: str
    size: int
    mtime: float
