"""The `tigang` console entry: help, and `outline-of` as a user runs it."""
from __future__ import annotations

import json
import subprocess
import sys

from helpers import SEED_001, SEED_004


def test_help_lists_the_subcommands() -> None:
    completed = subprocess.run([sys.executable, "-m", "phrasebank", "--help"], capture_output=True, text=True)
    assert completed.returncode == 0
    assert "outline-of" in completed.stdout


def test_outline_of_prints_the_tree(run_cli) -> None:
    result = run_cli("outline-of", SEED_004)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert any(line.startswith("称谓  尊敬的××主任，各位领导，同志们：") for line in lines)
    assert any(line.startswith("一、 高位推动、精心部署，推进“三联三助”活动落细落地") for line in lines)
    assert sum(1 for line in lines if line.lstrip().startswith("一是 ")) == 3
    assert any(line.startswith("结尾") for line in lines)


def test_outline_of_reports_what_cleaning_changed(run_cli) -> None:
    result = run_cli("outline-of", SEED_001)
    summary = next(line for line in result.out.splitlines() if line.startswith("清理"))
    assert "恢复“党”字" in summary and "删除广告行 4" in summary and "删除付费标记 2" in summary


def test_outline_of_json(run_cli) -> None:
    result = run_cli("outline-of", SEED_004, "--json")
    data = json.loads(result.out)
    parts = [section for section in data["sections"] if section["kind"] == "part"]
    assert [part["label"] for part in parts] == ["一、", "二、", "三、"]
    assert parts[0]["children"][0]["label"] == "一是"
