"""Fixtures of the UI tests: the seed bank file, a private HOME, and the sample outline opened."""
from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import AppOn, sample_outline, started
from textual.pilot import Pilot

from phrasebank.bank.store import Bank
from phrasebank.search.query import SearchIndex
from tui.app import TigangApp


@pytest.fixture(scope="session")
def seed_bank_path(seed_bank: Bank, seed_index: SearchIndex) -> Path:
    """The built-in bank of the session (see the top conftest), with its search index saved next to it,
    so tests do not each spend a second mining the seeds."""
    return seed_bank.path


@pytest.fixture(autouse=True)
def fake_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME points into the test's directory, so ~/提纲 is never the real one."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def app_on(seed_bank_path: Path) -> AppOn:
    """`async with app_on(open_path=…, notifications=True) as (app, pilot)`: the app started on the seed
    bank and settled (the prologue every UI test shares)."""

    def start(**options: Any) -> AbstractAsyncContextManager[tuple[TigangApp, Pilot[None]]]:
        return started(seed_bank_path, **options)

    return start


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """The sample outline (two parts, a slot, fixed ids) saved as `发言.json` in the test's folder."""
    return sample_outline(tmp_path / "发言.json")
