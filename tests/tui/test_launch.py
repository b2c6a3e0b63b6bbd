"""`tigang` as installed: it starts in a real terminal and quits; without a terminal it explains itself;
subcommands still work beside the UI."""
from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]")


def test_tigang_without_a_terminal_explains_itself(run_cli: Callable, tmp_path: Path) -> None:
    result = run_cli()
    assert result.code == 1 and "终端" in result.err
    result = run_cli(tmp_path / "没有这个文件.txt")
    assert result.code == 1 and "找不到提纲文件" in result.err


def test_subcommands_still_work_next_to_the_ui(run_cli: Callable) -> None:
    result = run_cli("structures", "--json")
    assert result.code == 0
    assert any(s["id"] == "si-ge-jiguan" for s in json.loads(result.out)["structures"])


def read_screen(master: int, until: str, timeout: float) -> str:
    """What the program wrote to the terminal, escape sequences removed, once `until` shows (or the time is up)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
            text = ESCAPES.sub("", seen.decode("utf-8", "replace"))
            if until in text:
                return text
    return ESCAPES.sub("", seen.decode("utf-8", "replace"))


@pytest.mark.skipif(shutil.which("tigang") is None, reason="needs the installed console script")
def test_the_installed_tigang_starts_in_an_80x24_terminal_and_quits(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TIGANG_HOME": str(tmp_path / "home"), "HOME": str(tmp_path), "TERM": "xterm-256color"}
    process = subprocess.Popen([str(shutil.which("tigang"))], stdin=slave, stdout=slave, stderr=slave, env=env,
                               close_fds=True, start_new_session=True)
    os.close(slave)
    try:
        screen = read_screen(master, "选择文稿结构", timeout=30)
        assert "选择文稿结构" in screen and "四个机关" in screen  # the start screen, drawn
        os.write(master, b"\x11")  # ^q
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)


def test_a_crash_of_the_ui_exits_non_zero_and_leaves_the_outline_saved(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pilot_helpers import sample_outline
    from textual.app import App

    from phrasebank.outline.file import load_outline
    from tui import app as tui_app

    path = sample_outline(tmp_path / "发言.json")

    def crash_after_a_change(self: tui_app.TigangApp) -> None:
        self.sessions[0].outline.add_child("part2", "崩溃前刚写的要点")  # not yet autosaved
        raise RuntimeError("测试用的崩溃")

    ready = tui_app.TigangApp.on_ready

    def ready_then_crash(self: tui_app.TigangApp) -> None:
        ready(self)
        self.set_timer(0.3, lambda: crash_after_a_change(self))

    def run_headless(self: tui_app.TigangApp, **options: object) -> None:
        App.run(self, headless=True, size=(80, 24))

    monkeypatch.setattr(tui_app.TigangApp, "on_ready", ready_then_crash)
    monkeypatch.setattr(tui_app.TigangApp, "run", run_headless)
    assert tui_app.run(open_path=path) == 1
    assert "崩溃前刚写的要点" in [item.text for item in load_outline(path).items()]
    assert "提纲已保存" in capsys.readouterr().err
