"""Outline files under fault: several writers at once, links, read-only files, a full disk, hostile JSON,
things that are not files. Each ends in the work kept and, for bad input, one line and a non-zero exit."""
from __future__ import annotations

import json
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from phrasebank.cli.main import main
from phrasebank.outline.file import load_outline

ADDS_PER_WRITER = 60
RunCli = Callable[..., Any]
"""The `run_cli` fixture (tests/conftest.py): runs `tigang` in-process, returns code, out and err."""


def new_outline(run_cli: RunCli, path: Path) -> Path:
    assert run_cli("new", "--structure", "si-ge-jiguan", path).code == 0
    return path


def add_many(path: str, writer: str) -> None:
    """One writer's loop of `tigang add` (in its own process)."""
    import contextlib
    import io

    for number in range(ADDS_PER_WRITER):
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["add", path, "--part", "2", f"{writer}落实第{number}项监督任务"]) == 0


def test_two_add_loops_on_one_outline_keep_every_addition(run_cli: RunCli, tmp_path: Path) -> None:
    path = new_outline(run_cli, tmp_path / "发言.json")
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=add_many, args=(str(path), name)) for name in ("甲", "乙")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0
    added = [item.text for item in load_outline(path).items() if "项监督任务" in item.text]
    assert len(added) == 2 * ADDS_PER_WRITER
    assert {text[0] for text in added} == {"甲", "乙"}


def test_a_symlinked_outline_updates_its_target_and_stays_a_link(run_cli: RunCli,
                                                                  tmp_path: Path) -> None:
    target = new_outline(run_cli, tmp_path / "共享" / "发言.json")
    link = tmp_path / "发言-链接.json"
    link.symlink_to(target)
    assert run_cli("add", link, "--part", "1", "严格落实“第一议题”制度").code == 0
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert "严格落实“第一议题”制度" in [item.text for item in load_outline(target).items()]


def test_a_read_only_outline_is_refused_and_left_alone(run_cli: RunCli, tmp_path: Path) -> None:
    path = new_outline(run_cli, tmp_path / "定稿.json")
    path.chmod(0o444)
    before = path.read_bytes()
    result = run_cli("add", path, "--part", "1", "严格落实“第一议题”制度")
    assert result.code == 1 and "只读" in result.err and len(result.err.strip().splitlines()) == 1
    assert path.read_bytes() == before and not path.stat().st_mode & 0o222


def _disk_full(limit: int) -> Callable[[], None]:
    def limit_writes() -> None:  # writes past `limit` bytes fail with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_writes


def tigang_on_full_disk(*args: str | Path, limit: int = 512) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "phrasebank", *map(str, args)], capture_output=True, text=True,
                          timeout=60, preexec_fn=_disk_full(limit), env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


@pytest.mark.parametrize("command", ["new", "add", "export", "restore"])
def test_a_full_disk_gives_one_line_and_leaves_no_half_written_file(
        command: str, run_cli: RunCli, tmp_path: Path) -> None:
    path = new_outline(run_cli, tmp_path / "发言.json")
    assert run_cli("add", path, "--part", "1", "严格落实“第一议题”制度").code == 0  # so that a .bak exists
    before = path.read_bytes()
    arguments: dict[str, list[str | Path]] = {
        "new": ["new", "--structure", "si-ge-jiguan", tmp_path / "新提纲.json"],
        "add": ["add", path, "--part", "1", "健全党组理论学习中心组学习制度"],
        "export": ["export", path, "-o", tmp_path / "发言.docx"],
        "restore": ["restore", path, "--force"],
    }
    result = tigang_on_full_disk(*arguments[command])
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if not line.startswith("tigang: 警告")]
    assert "Traceback" not in result.stderr and len(errors) == 1 and errors[0].startswith("tigang: 错误：")
    assert "文件超过了允许的大小" in errors[0]
    assert path.read_bytes() == before
    assert not (tmp_path / "新提纲.json").exists() and not (tmp_path / "发言.docx").exists()
    assert not list(tmp_path.glob(".*.tmp"))  # no temp file left behind


def test_an_unwritable_place_for_a_new_outline_is_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("这是一个普通文件", encoding="utf-8")
    result = run_cli("new", "--structure", "si-ge-jiguan", blocker / "发言.json")
    assert result.code == 1 and result.err.startswith("tigang: 错误：") and len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize(("name", "content", "says"), [
    ("长数字.json", '{"format": ' + "9" * 5000 + "}", "过长的数字"),
    ("深嵌套.json", '{"format": 1, "body": ' + "[" * 100_000 + "]" * 100_000 + "}", "嵌套层数过多"),
    ("类型错.json", json.dumps({"format": 1, "body": [{"text": 5, "level": 1}]}), "应为文字"),
])
def test_hostile_outline_json_is_one_line(name: str, content: str, says: str, run_cli: RunCli,
                                          tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    for command in (["check", path], ["export", path, "-o", "-"], ["add", path, "--part", "1", "要点"]):
        result = run_cli(*command)
        assert result.code == 1 and says in result.err and len(result.err.strip().splitlines()) == 1
    assert path.read_text(encoding="utf-8") == content


def test_a_fifo_or_a_device_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "管道.json"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        result = subprocess.run([sys.executable, "-m", "phrasebank", "check", str(path)], capture_output=True,
                                text=True, timeout=30)
        assert result.returncode == 1 and "不是普通文件" in result.stderr
