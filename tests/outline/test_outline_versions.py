"""Named versions of an outline: taken, listed, read, compared and restored; numbers never reused, even
by two processes at once; a damaged version file is named in one line and the others still work."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import build_seed_000

from phrasebank.outline.diffing import DiffLine, around_changes, diff_lines, outline_lines
from phrasebank.outline.file import backup_path, load_outline, outline_to_data, save_outline
from phrasebank.outline.versions import (
    VersionError,
    list_versions,
    read_version,
    restore_version,
    take_snapshot,
    versions_dir,
)

LEAD = "丰富学习强思想，让学习“高”起来。"
CHANGED = "丰富学习强思想，让理论学习“深”下去。"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Seed 000's outline saved as 汇报.json."""
    path = tmp_path / "汇报.json"
    save_outline(build_seed_000(), path)
    return path


def _edit_first_lead(path: Path, text: str) -> None:
    outline = load_outline(path)
    lead = next(item for item in outline.body if item.text == LEAD)
    outline.edit(lead.id, text)
    save_outline(outline, path)


def test_snapshots_are_numbered_listed_and_read_back(path: Path) -> None:
    original = outline_to_data(load_outline(path))
    first = take_snapshot(path, "送审前")
    _edit_first_lead(path, CHANGED)
    second = take_snapshot(path, "  主任\n改后 ")
    assert (first.number, first.name, second.number, second.name) == (1, "送审前", 2, "主任 改后")
    assert first.parts == 4 and first.chars > 250
    assert first.file.parent == versions_dir(path) == path.parent / ".汇报.json.versions"
    assert [(v.number, v.name, v.chars) for v in list_versions(path)] == [
        (1, "送审前", first.chars), (2, "主任 改后", second.chars)]
    assert outline_to_data(read_version(path, 1)) == original
    assert any(item.text == CHANGED for item in read_version(path, 2).body)
    assert outline_to_data(load_outline(first.file)) == original  # a version file opens as an outline


def test_an_unsaved_outline_and_an_empty_name(path: Path) -> None:
    outline = build_seed_000()
    outline.set_title("在全县人大工作会议上的讲话")
    version = take_snapshot(path, "", outline)
    assert version.name == f"{version.taken:%Y-%m-%d %H:%M}"
    assert read_version(path, 1).title.text == "在全县人大工作会议上的讲话"
    assert load_outline(path).title.text != "在全县人大工作会议上的讲话"  # the file is not touched
    with pytest.raises(VersionError, match="版本名太长"):
        take_snapshot(path, "送" * 61)
    assert len(list_versions(path)) == 1


def test_numbers_are_never_reused(path: Path) -> None:
    for name in ("初稿", "送审前", "主任改后"):
        take_snapshot(path, name)
    list_versions(path)[-1].file.unlink()
    assert take_snapshot(path, "再改").number == 4
    (versions_dir(path) / "last.json").write_text("{", encoding="utf-8")  # a damaged counter: files still count
    assert take_snapshot(path, "定稿").number == 5


SNAPSHOT_LOOP = """
import sys
from phrasebank.outline.versions import take_snapshot
for n in range(8):
    take_snapshot(sys.argv[1], f"进程{sys.argv[2]}第{n}次")
"""


def test_two_processes_taking_snapshots_at_once_get_distinct_numbers(path: Path) -> None:
    loops = [subprocess.Popen([sys.executable, "-c", SNAPSHOT_LOOP, str(path), str(n)]) for n in (1, 2)]
    assert [loop.wait(60) for loop in loops] == [0, 0]
    versions = list_versions(path)
    assert [v.number for v in versions] == list(range(1, 17))
    assert sorted(v.name for v in versions) == sorted(f"进程{p}第{n}次" for p in (1, 2) for n in range(8))


def test_restore_keeps_the_current_outline_as_a_version_first(path: Path) -> None:
    original = outline_to_data(load_outline(path))
    take_snapshot(path, "送审前")
    _edit_first_lead(path, CHANGED)
    changed = outline_to_data(load_outline(path))
    before = restore_version(path, 1)
    assert (before.number, before.name) == (2, "恢复第1版前自动保存")
    assert outline_to_data(load_outline(path)) == original
    assert outline_to_data(read_version(path, 2)) == changed
    assert outline_to_data(load_outline(backup_path(path))) == changed  # the usual .bak as well
    with pytest.raises(VersionError, match="没有第 7 版；已有的版本：1、2"):
        restore_version(path, 7)


@pytest.mark.parametrize("content", [b"{\"format\": 1, \"body\": [", b"\xff\xfe\x00", b"[1, 2]",
                                     b"{\"format\": 1, \"version\": {\"name\": 3}}",
                                     b"{\"format\": 1, \"version\": {\"name\": \"x\", \"taken\": \"yesterday\"}}"])
def test_a_damaged_version_is_named_in_one_line_and_the_others_work(path: Path, content: bytes) -> None:
    take_snapshot(path, "送审前")
    damaged = take_snapshot(path, "主任改后").file
    damaged.write_bytes(content)
    take_snapshot(path, "定稿")
    listed = list_versions(path)
    assert [v.number for v in listed] == [1, 2, 3]
    assert listed[1].problem and str(damaged) in listed[1].problem and "\n" not in listed[1].problem
    with pytest.raises(VersionError) as caught:
        read_version(path, 2)
    assert str(damaged) in str(caught.value) and "\n" not in str(caught.value)
    assert read_version(path, 3).parts and read_version(path, 1).parts
    before = path.read_bytes()
    with pytest.raises(VersionError):
        restore_version(path, 2)
    assert path.read_bytes() == before and len(list_versions(path)) == 3  # nothing written


def test_a_folder_of_foreign_files_is_left_alone(path: Path) -> None:
    folder = versions_dir(path)
    folder.mkdir()
    (folder / "说明.txt").write_text("别人的文件", encoding="utf-8")
    assert list_versions(path) == []
    assert take_snapshot(path, "送审前").number == 1
    assert (folder / "说明.txt").exists()


def test_diff_lines_show_what_changed_in_reading_order() -> None:
    old = build_seed_000()
    new = build_seed_000()
    lead = next(item for item in new.body if item.text == LEAD)
    new.edit(lead.id, CHANGED, body="坚持“第一议题”学习制度。")
    lines = diff_lines(old, new)
    changed = [line for line in lines if line.kind != "same"]
    assert changed == [
        DiffLine("removed", "  （一）丰富学习强思想，让学习“高”起来。"),
        DiffLine("added", "  （一）丰富学习强思想，让理论学习“深”下去。"),
        DiffLine("added", "    坚持“第一议题”学习制度。"),
    ]
    assert [line.text for line in lines if line.kind != "added"] == outline_lines(old)
    assert [line.text for line in lines if line.kind != "removed"] == outline_lines(new)
    assert outline_lines(old)[:2] == ["县人大常委会机关党支部建设模范机关情况汇报", "尊敬的王主任，同志们："]
    shown = around_changes(lines, context=1)
    assert shown[0] == 2 and isinstance(shown[-1], int)
    assert diff_lines(old, old) == [DiffLine("same", line) for line in outline_lines(old)]
