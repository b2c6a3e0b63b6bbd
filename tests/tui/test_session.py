"""The outline session, without the UI: opening and creating files, and the one owner of save state."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pilot_helpers import sample_outline

from phrasebank.errors import TigangError
from phrasebank.outline.file import load_outline
from phrasebank.outline.structures import get_structure
from tui.session import OutlineSession, default_outline_path, normalise_path


def test_a_save_job_at_a_time_and_changes_meanwhile_are_saved_after(tmp_path: Path) -> None:
    session = OutlineSession.open(sample_outline(tmp_path / "发言.json"))
    assert not session.dirty and session.next_save() is None  # nothing to save
    session.outline.add_child("part2", "第一条")
    job = session.next_save()
    assert job is not None and job.revision == session.outline.revision and session.saving
    session.outline.add_child("part2", "第二条")  # changed while the first save is written
    assert session.next_save() is None  # one save at a time
    session.saved(job, session.write(job))
    assert session.dirty and not session.saving
    assert [item.text for item in load_outline(session.path).subtree("part2")][1:] == ["第一条"]
    second = session.next_save()
    assert second is not None
    session.saved(second, session.write(second))
    assert not session.dirty
    assert [item.text for item in load_outline(session.path).subtree("part2")][1:] == ["第一条", "第二条"]


def test_a_failed_save_is_remembered_and_retried(tmp_path: Path) -> None:
    session = OutlineSession.open(sample_outline(tmp_path / "发言.json"))
    session.outline.set_title("新的标题")
    job = session.next_save()
    assert job is not None
    session.save_failed("磁盘已满")
    assert session.save_error == "磁盘已满" and session.dirty and not session.saving
    retry = session.next_save()
    assert retry is not None and retry.revision == job.revision
    session.saved(retry, session.write(retry))
    assert session.save_error == "" and load_outline(session.path).title.text == "新的标题"


def test_snapshots_are_independent_of_the_live_outline(tmp_path: Path) -> None:
    session = OutlineSession.open(sample_outline(tmp_path / "发言.json"))
    snapshot = session.snapshot()
    session.outline.edit("p11", "改过")
    assert snapshot.find("p11").text == "落实“第一议题”制度"


def test_save_now_writes_only_what_is_unsaved(tmp_path: Path) -> None:
    session = OutlineSession.open(sample_outline(tmp_path / "发言.json"))
    stamp = session.path.stat().st_mtime_ns
    session.save_now()
    assert session.path.stat().st_mtime_ns == stamp  # nothing unsaved: the file is not touched
    session.outline.delete("p12")
    session.save_now()
    assert not session.dirty and [item.id for item in load_outline(session.path).body] == ["part1", "p11", "part2"]


def test_creating_never_replaces_a_file_and_guides_follow_the_organ(tmp_path: Path) -> None:
    structure = get_structure("si-ge-jiguan")
    existing = sample_outline(tmp_path / "已有.json")
    with pytest.raises(TigangError, match="已存在"):
        OutlineSession.create(structure, existing)
    session = OutlineSession.create(structure, tmp_path / "新" / "提纲.json")
    assert session.path.exists() and not session.dirty
    assert session.part_guide(1, "政治机关") == structure.parts[0]
    assert session.part_guide(9, "代表机关") == structure.parts[3]  # moved parts keep their organ's guide
    assert session.part_guide(9) is None


def test_proposed_and_typed_paths(tmp_path: Path) -> None:
    structure = get_structure("si-ge-jiguan")
    first = default_outline_path(structure, directory=tmp_path, today=date(2026, 11, 23))
    assert first.name == "四个机关-20261123.json"
    first.write_text("{}", encoding="utf-8")
    assert default_outline_path(structure, directory=tmp_path, today=date(2026, 11, 23)).name == "四个机关-20261123-2.json"
    assert normalise_path(' "~/提纲/讲话" ') == Path.home() / "提纲" / "讲话.json"
    with pytest.raises(TigangError):
        normalise_path("  ")
