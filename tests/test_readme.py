"""The README's set-up commands stay true: CI runs exactly the README's test command."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)


@pytest.mark.skipif(not (ROOT / ".ci" / "run").exists(), reason="needs the source tree")
def test_ci_runs_the_readme_test_command() -> None:
    test_command = next(command for command in readme_commands() if "pytest" in command)
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


@pytest.mark.skipif(not (ROOT / "README.md").exists(), reason="needs the source tree")
def test_readme_launch_command_installs_the_package_and_runs_tigang() -> None:
    """The command's text: install this package, then run `tigang` (that the installed `tigang` really
    starts in a terminal is `tests/tui/test_launch.py`)."""
    launch = readme_commands()[0]
    assert "pip install ." in launch and launch.endswith("&& tigang")
