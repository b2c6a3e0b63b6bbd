"""`tigang` next to the UI: without a terminal it explains itself; subcommands still work."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path


def test_tigang_without_a_terminal_explains_itself(run_cli: Callable, tmp_path: Path) -> None:
    result = run_cli()
    assert result.code == 1 and "终端" in result.err
    result = run_cli(tmp_path / "没有这个文件.txt")
    assert result.code == 1 and "找不到提纲文件" in result.err


def test_subcommands_still_work_next_to_the_ui(run_cli: Callable) -> None:
    result = run_cli("structures", "--json")
    assert result.code == 0
    assert any(s["id"] == "si-ge-jiguan" for s in json.loads(result.out)["structures"])
