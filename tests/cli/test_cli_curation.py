"""`tigang star / unstar / hide / unhide` as a writer runs them, and what `phrases` and `search` then show."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import SEED_001, SEED_003

STARRED_TEXT = "要持续开展人事监督"
HIDDEN_TEXT = "两个维护"


@pytest.fixture
def bank(run_cli, tmp_path: Path) -> Path:
    """A bank of two seeds, mined with `tigang mine`."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for seed in (SEED_001, SEED_003):
        (folder / seed.name).write_bytes(seed.read_bytes())
    path = tmp_path / "bank.sqlite"
    result = run_cli("mine", folder, "--bank", path)
    assert result.code == 0, result.err
    return path


def listed(run_cli, bank: Path, *args: str) -> list[dict[str, object]]:
    result = run_cli("phrases", "--json", "--bank", bank, *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def found(run_cli, bank: Path, query: str, *args: str) -> list[dict[str, object]]:
    result = run_cli("search", query, "--json", "--limit", "200", "--bank", bank, *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def id_of(run_cli, bank: Path, text: str) -> int:
    return next(int(item["id"]) for item in listed(run_cli, bank) if item["text"] == text)


def test_star_puts_a_phrase_first_within_its_tier_and_marks_it_in_json(run_cli, bank: Path) -> None:
    rows = listed(run_cli, bank)
    assert all(row["starred"] is False and row["hidden"] is False for row in rows)
    phrase = id_of(run_cli, bank, STARRED_TEXT)
    substring = [hit for hit in found(run_cli, bank, "监督") if hit["tier"] == "substring"]
    assert substring[0]["text"] != STARRED_TEXT
    result = run_cli("star", phrase, "--bank", bank)
    assert result.code == 0 and result.out == (
        f"已收藏短语 {phrase}“{STARRED_TEXT}”：搜索和列表中排在同级结果前面；用 tigang unstar {phrase} 取消。\n")
    assert "已经收藏过了" in run_cli("star", phrase, "--bank", bank).out
    substring = [hit for hit in found(run_cli, bank, "监督") if hit["tier"] == "substring"]
    assert substring[0]["text"] == STARRED_TEXT and substring[0]["starred"] is True
    assert all(hit["starred"] is False for hit in substring[1:])
    first = listed(run_cli, bank)[0]
    assert first["text"] == STARRED_TEXT and first["starred"] is True
    table = run_cli("phrases", "--limit", "3", "--bank", bank).out
    assert f"★ {STARRED_TEXT}" in table.splitlines()[1]
    assert "已收藏" in run_cli("show", phrase, "--bank", bank).out
    unstarred = run_cli("unstar", phrase, "--bank", bank)
    assert unstarred.code == 0 and unstarred.out.startswith(f"已取消收藏短语 {phrase}")
    assert listed(run_cli, bank)[0]["text"] != STARRED_TEXT


def test_hide_removes_a_phrase_from_phrases_and_search_until_asked_for(run_cli, bank: Path) -> None:
    phrase = id_of(run_cli, bank, HIDDEN_TEXT)
    assert found(run_cli, bank, HIDDEN_TEXT)[0]["text"] == HIDDEN_TEXT
    result = run_cli("hide", phrase, "--bank", bank)
    assert result.code == 0 and result.out == (
        f"已隐藏短语 {phrase}“{HIDDEN_TEXT}”：搜索和列表不再显示它（加 --hidden 可见）；用 tigang unhide {phrase} 恢复。\n")
    assert HIDDEN_TEXT not in [item["text"] for item in listed(run_cli, bank)]
    assert phrase not in [item["id"] for item in found(run_cli, bank, HIDDEN_TEXT)]
    assert phrase not in [item["id"] for item in found(run_cli, bank, "lgwh")]
    shown = [item for item in listed(run_cli, bank, "--hidden") if item["id"] == phrase]
    assert len(shown) == 1 and shown[0]["hidden"] is True
    hits = [item for item in found(run_cli, bank, HIDDEN_TEXT, "--hidden") if item["id"] == phrase]
    assert len(hits) == 1 and hits[0]["hidden"] is True
    table = run_cli("search", HIDDEN_TEXT, "--hidden", "--limit", "3", "--bank", bank).out
    assert f"{HIDDEN_TEXT}  (已隐藏)" in table
    assert run_cli("unhide", phrase, "--bank", bank).out == f"已恢复显示短语 {phrase}“{HIDDEN_TEXT}”。\n"
    assert "没有隐藏" in run_cli("unhide", phrase, "--bank", bank).out
    assert found(run_cli, bank, HIDDEN_TEXT)[0]["id"] == phrase


def test_marks_survive_forget_and_mine_of_the_same_document(run_cli, bank: Path, tmp_path: Path) -> None:
    run_cli("star", id_of(run_cli, bank, STARRED_TEXT), "--bank", bank)
    run_cli("hide", id_of(run_cli, bank, HIDDEN_TEXT), "--bank", bank)
    for seed in (SEED_001, SEED_003):
        assert run_cli("forget", seed.name, "--bank", bank).code == 0
    assert listed(run_cli, bank) == []
    assert run_cli("mine", tmp_path / "docs", "--bank", bank).code == 0
    rows = listed(run_cli, bank)
    assert rows[0]["text"] == STARRED_TEXT and rows[0]["starred"] is True
    assert HIDDEN_TEXT not in [row["text"] for row in rows]
    assert HIDDEN_TEXT not in [hit["text"] for hit in found(run_cli, bank, HIDDEN_TEXT)]


@pytest.mark.parametrize("command", ["star", "unstar", "hide", "unhide"])
def test_an_unknown_id_is_one_line_and_exit_1(run_cli, bank: Path, command: str) -> None:
    result = run_cli(command, "999999", "--bank", bank)
    assert result.code == 1 and result.out == ""
    assert result.err.count("\n") == 1 and "没有编号为 999999 的短语" in result.err and str(bank) in result.err
