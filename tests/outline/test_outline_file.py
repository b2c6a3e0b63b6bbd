"""Outline files: readable JSON, atomic saves with a backup, damaged and newer files never overwritten."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import build_seed_000

from phrasebank.outline.file import (
    FORMAT_VERSION,
    DamagedOutlineError,
    NewerFormatError,
    OutlineFileError,
    backup_path,
    load_outline,
    outline_to_data,
    restore_backup,
    save_outline,
)


def test_round_trip_is_exact_and_readable(tmp_path: Path) -> None:
    outline = build_seed_000()
    outline.edit(outline.parts[0].id, body="正文", phrase_id=7)
    path = tmp_path / "提纲.json"
    save_outline(outline, path)
    text = path.read_text(encoding="utf-8")
    assert "维护核心，做政治坚定的表率" in text  # not \\u-escaped
    assert text.startswith('{\n  "format": 1,')
    assert json.loads(text)["format"] == FORMAT_VERSION
    loaded = load_outline(path)
    assert outline_to_data(loaded) == outline_to_data(outline)
    assert not loaded.can_undo


def test_each_save_keeps_the_previous_one_as_backup(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    outline = build_seed_000()
    save_outline(outline, path)
    assert not backup_path(path).exists()
    first = path.read_bytes()
    outline.set_title("第二版")
    save_outline(outline, path)
    assert backup_path(path).read_bytes() == first
    save_outline(outline, path)  # unchanged: the backup still holds the last different version
    assert backup_path(path).read_bytes() == first
    assert not list(tmp_path.glob(".*.tmp"))


def test_truncated_file_is_detected_and_restored_from_backup(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    outline = build_seed_000()
    save_outline(outline, path)
    good = outline_to_data(outline)
    outline.set_title("第二版")
    save_outline(outline, path)
    data = path.read_bytes()
    cut = data[: len(data) // 2]
    path.write_bytes(cut)  # a save interrupted half-way (e.g. by a non-atomic copy or sync tool)
    with pytest.raises(DamagedOutlineError) as caught:
        load_outline(path)
    message = str(caught.value)
    assert "不完整" in message and "a.json.bak" in message and "tigang restore" in message
    assert "\n" not in message
    with pytest.raises(OutlineFileError):
        save_outline(outline, path)  # never overwrites what could still be recovered
    assert path.read_bytes() == cut
    restored, aside = restore_backup(path)
    assert outline_to_data(restored) == good
    assert aside is not None and aside.read_bytes() == cut
    assert outline_to_data(load_outline(path)) == good


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text.replace('"level": 1,', '"level": 1', 1),  # broken JSON in the middle
        lambda text: text.replace('"level": 1,', '"level": 7,', 1),  # valid JSON, impossible content
        lambda text: "[1, 2, 3]\n",  # not an outline at all
        lambda text: "",  # empty
    ],
)
def test_damaged_file_errors_and_is_never_overwritten(tmp_path: Path, damage) -> None:
    path = tmp_path / "a.json"
    outline = build_seed_000()
    save_outline(outline, path)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(DamagedOutlineError) as caught:
        load_outline(path)
    assert "没有可用的备份" in str(caught.value)
    with pytest.raises(OutlineFileError):
        save_outline(outline, path)
    assert path.read_bytes() == before
    assert not backup_path(path).exists()


def test_newer_format_errors_and_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    save_outline(build_seed_000(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["format"] = FORMAT_VERSION + 1
    data["something_new"] = True
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(NewerFormatError) as caught:
        load_outline(path)
    assert "升级" in str(caught.value)
    with pytest.raises(OutlineFileError):
        save_outline(build_seed_000(), path)
    assert path.read_bytes() == before


def test_restore_refuses_a_readable_file_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    outline = build_seed_000()
    save_outline(outline, path)
    outline.set_title("第二版")
    save_outline(outline, path)
    with pytest.raises(OutlineFileError, match="--force"):
        restore_backup(path)
    restored, aside = restore_backup(path, force=True)
    assert restored.title.text != "第二版" and aside is not None
    with pytest.raises(OutlineFileError, match="备份"):
        restore_backup(tmp_path / "none.json")


def test_hand_edited_duplicate_ids_get_fresh_ones(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    save_outline(build_seed_000(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["body"].append(dict(data["body"][-1]))  # copy-pasted item, same id
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    outline = load_outline(path)
    ids = [item.id for item in outline.items()]
    assert len(ids) == len(set(ids))


def test_cli_reports_damage_in_one_line_and_restore_fixes_it(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "a.json"
    outline = build_seed_000()
    save_outline(outline, path)
    outline.set_title("第二版")
    save_outline(outline, path)
    path.write_bytes(path.read_bytes()[:300])
    result = run_cli("check", path)
    assert result.code == 1
    assert result.err.count("\n") == 1 and "tigang restore" in result.err
    result = run_cli("add", path, "--part", "1", "新的要点")
    assert result.code == 1 and path.stat().st_size == 300
    result = run_cli("restore", path)
    assert result.code == 0, result.err
    assert "damaged" in result.out
    assert run_cli("check", path).code == 0
    assert run_cli("restore", path).code == 1  # nothing to restore now
