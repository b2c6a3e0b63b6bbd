"""Shared fixtures: the seed bank and its index (built once per session), an isolated TIGANG_HOME, a
CLI runner capturing output. Shared constants and builders are in `helpers`."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.launch import main

ROOT = Path(__file__).resolve().parent.parent
if (ROOT / "bench").is_dir() and str(ROOT) not in sys.path:
    # The corpus generators of bench/ (not installed with the package). Appended, not prepended, so
    # the installed package stays what the tests import.
    sys.path.append(str(ROOT))


@pytest.fixture(scope="session")
def seed_bank(tmp_path_factory: pytest.TempPathFactory):
    """The built-in bank, built once per test session in its own home (tests must not change it)."""
    import os

    from phrasebank.bank.lifecycle import open_bank

    home = tmp_path_factory.mktemp("seed-bank-home")
    previous = os.environ.get("TIGANG_HOME")
    os.environ["TIGANG_HOME"] = str(home)
    try:
        bank = open_bank(None)
    finally:
        if previous is None:
            os.environ.pop("TIGANG_HOME", None)
        else:
            os.environ["TIGANG_HOME"] = previous
    yield bank
    bank.close()


@pytest.fixture(scope="session")
def seed_index(seed_bank):
    """The search index of the seed bank."""
    from phrasebank.bank.indexing import search_index

    return search_index(seed_bank)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data/config directory, so nothing touches the real one."""
    home = tmp_path_factory.mktemp("tigang-home")
    monkeypatch.setenv("TIGANG_HOME", str(home))
    return home


class CliResult:
    """Exit code and captured output of one `tigang` invocation."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run the real CLI entry point in-process and capture what it prints."""

    def run(*args: str | Path) -> CliResult:
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
