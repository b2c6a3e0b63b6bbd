"""Messages that workers post back to the UI thread; the `@on` handlers that receive them own the state."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message


@dataclass
class BankLoaded(Message):
    """The phrase bank and its search index are open and searchable."""

    phrases: int
    seconds: float
    index: str


@dataclass
class BankNote(Message):
    """Progress of loading the bank worth telling the user (e.g. the first run builds it)."""

    text: str


@dataclass
class BankFailed(Message):
    """The phrase bank could not be opened; `error` is a one-line message for the user."""

    error: str


@dataclass
class SearchDone(Message):
    """Results of search number `serial` (older serials are stale and ignored)."""

    serial: int
    query: str
    hits: list[Any]
    note: str = ""


@dataclass
class PreviewLoaded(Message):
    """Details of one phrase for the preview panel (None when it is no longer in the bank)."""

    phrase_id: int
    preview: Any


@dataclass
class OutlineSaved(Message):
    """The outline was written to disk as it stood at `revision`."""

    revision: int
    path: Path


@dataclass
class SaveFailed(Message):
    """An autosave or save failed; `error` says why and what to do."""

    revision: int
    error: str


@dataclass
class ExportDone(Message):
    """An export was written to `path`; `warnings` lists unfilled slots that went out with it."""

    path: Path
    fmt: str
    warnings: list[str]


@dataclass
class ExportFailed(Message):
    """An export could not be written."""

    error: str


@dataclass
class CheckDone(Message):
    """`check_outline` finished for the outline at `revision`; `report` is its `CheckReport`."""

    revision: int
    report: Any


@dataclass
class ItemActivated(Message):
    """The user asked to edit the outline item under the cursor (Enter, F2 or a double click)."""

    item_id: str
