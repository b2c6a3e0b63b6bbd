"""Messages between widgets, screens and workers; the `@on` handlers that receive them own the state.

Workers compute and post one of these; nothing but a handler on the UI thread changes what is shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from phrasebank.export.blocks import SlotWarnings
    from phrasebank.outline.sharing import SharedSave
    from phrasebank.review.checks import CheckReport
    from phrasebank.search.query import Hit
    from tui.bank_service import Preview
    from tui.session import SaveJob


@dataclass
class BankLoaded(Message):
    """The phrase bank and its search index are open and searchable."""

    phrases: int
    seconds: float
    index: str
    offline: str = ""
    """A team bank's offline note when its server could not be reached at opening ("" otherwise)."""


@dataclass
class BankNote(Message):
    """Progress of loading the bank worth telling the user (e.g. the first run builds it)."""

    text: str


@dataclass
class BankFailed(Message):
    """The phrase bank could not be opened; `error` is a one-line message for the user."""

    error: str


@dataclass
class BankSynced(Message):
    """A team bank was brought up to date with its server (`changed`: new material, the index reloaded),
    or found it away (`offline`: the note to show); `error` when the server refused the sync."""

    changed: bool = False
    phrases: int = 0
    offline: str = ""
    error: str = ""


@dataclass
class SearchDone(Message):
    """Results of search number `serial` (older serials are stale and ignored)."""

    serial: int
    query: str
    hits: list[Hit]
    note: str = ""
    sources: dict[int, str] = field(default_factory=dict)
    """Names of the documents that sentence hits (原文) come from, by id."""
    flagged: frozenset[str] = frozenset()
    """Keys of the hits whose wording breaks a rule of the canonical list."""


@dataclass
class PreviewLoaded(Message):
    """Details of one hit for the preview panel (None when it is no longer in the bank)."""

    key: str
    preview: Preview | None


@dataclass
class PhraseChosen(Message):
    """The writer chose a search result: to add as a point, or as a part heading (`as_heading`)."""

    hit: Hit
    as_heading: bool


@dataclass
class PartChanged(Message):
    """The outline cursor moved into another part or region; `organ` is that part's, `region` where the
    cursor is: "title", "salutation", "opening", "body" or "closing"."""

    part_id: str | None
    organ: str | None
    region: str


@dataclass
class ItemEdited(Message):
    """The writer finished editing an item's text in place (Enter); `text` is the new text."""

    item_id: str
    text: str


@dataclass
class ItemActivated(Message):
    """The user asked to edit the outline item under the cursor (Enter, F2 or a double click)."""

    item_id: str


@dataclass
class OutlineSaved(Message):
    """A save job was written (merged with what others had saved meanwhile, if anything)."""

    job: SaveJob
    outcome: SharedSave

    @property
    def revision(self) -> int:
        return self.job.revision


@dataclass
class SaveFailed(Message):
    """An autosave or save failed; `error` says why and what to do."""

    revision: int
    error: str


@dataclass
class ExportDone(Message):
    """An export was written to `path`; `warnings` names the items whose unfilled slots went out with it
    (a line per item; `.slots` counts the slots themselves, as the status line does)."""

    path: Path
    fmt: str
    warnings: SlotWarnings


@dataclass
class ExportFailed(Message):
    """An export could not be written."""

    error: str


@dataclass
class CheckDone(Message):
    """The checks finished for the outline as it stood at `revision`."""

    revision: int
    report: CheckReport


@dataclass
class PhraseMarked(Message):
    """A phrase was starred, hidden or unmarked (`note` says which); the search runs again."""

    note: str
    failed: bool = False
