"""Start-up of the terminal UI, measured the way a user feels it: from launching the process to the
first frame on screen, against a bare Textual app made of the same widget types, and until the
seed bank answers a search.

    python bench/startup.py [--runs 7]

Every run is a fresh process (bytecode cached, as after `pip install`) on a pseudo-terminal of 120×36
(so Textual really draws), timed from just before the process is spawned to the moment the app
reports its `Ready` event (Textual sends it once the first frame is displayed). The bank is warm:
it is built once from the seeds before the runs (that first build, about a second, is reported
separately; in the UI it runs in a worker while the start screen is already usable). Medians are
printed with the ratios to the bare apps.

Goals: tigang ≤ 1.5× the bare app to its first frame; the bank answers a search ≤ 0.5 s after start.
"""
from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERY = "lgwh"
SIZE = (120, 36)


# ---------------------------------------------------------------------- children (one per process)


def _report(result_file: str, **figures: float) -> None:
    with open(result_file, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(figures) + "\n")


def child_bare(result_file: str, kind: str) -> None:
    """A bare Textual app with the widget types of tigang's start screen or editor, nothing else."""
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.widgets import Footer, Label, OptionList, Static

    if kind == "editor":
        from textual.widgets import Input, Select, Tree

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            if kind == "start":
                yield Static("标题")
                with Horizontal():
                    with Vertical():
                        yield Label("最近")
                        yield OptionList(*[f"提纲 {n}" for n in range(5)])
                    with Vertical():
                        yield Label("结构")
                        yield OptionList(*[f"结构 {n}" for n in range(5)])
                        with VerticalScroll():
                            yield Static("说明\n" * 20)
            else:
                with Horizontal():
                    with Vertical():
                        yield Input(placeholder="搜索")
                        with Horizontal():
                            yield Select([("全部", "all")], compact=True)
                            yield Select([("全部", "all")], compact=True)
                        yield Static("说明")
                        yield OptionList(*[f"素材 {n}" for n in range(30)])
                        with VerticalScroll():
                            yield Static("预览")
                    with Vertical():
                        yield Static("提纲")
                        tree: Tree[str] = Tree("提纲")
                        for n in range(6):
                            tree.root.add_leaf(f"第{n}部分")
                        yield tree
                        yield Static("详情")
                        yield Input()
                yield Static("状态")
            yield Footer()

        def on_ready(self) -> None:
            _report(result_file, ready=time.time())
            self.exit()

    Bare().run()


def child_tigang(result_file: str, outline: str | None) -> None:
    """tigang itself; with an outline it also waits until the bank has answered QUERY."""
    from tui.app import TigangApp

    class Timed(TigangApp):
        def on_ready(self) -> None:
            _report(result_file, ready=time.time())
            super().on_ready()
            if outline is None:
                self.exit()
                return
            from textual.widgets import Input

            self.screen.query_one("#query", Input).value = QUERY

    if outline is not None:
        from textual import on

        import tui.screens.editor as editor_module
        from tui.messages import SearchDone

        class TimedEditor(editor_module.EditorScreen):
            @on(SearchDone)
            def timed(self, message: SearchDone) -> None:
                if message.query == QUERY and message.hits:
                    _report(result_file, searched=time.time())
                    self.app.exit()

        editor_module.EditorScreen = TimedEditor  # type: ignore[misc]  # the app looks it up when opening
    Timed(open_path=Path(outline) if outline else None).run()


# ---------------------------------------------------------------------- the parent


def run_in_pty(args: list[str], env: dict[str, str], result_file: Path, timeout: float = 30) -> tuple[float, dict]:
    """Spawn `args` on a 120×36 pseudo-terminal; returns (spawn time, the child's figures)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    result_file.write_text("", encoding="utf-8")

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    started = time.time()
    process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                               start_new_session=True)
    os.close(slave)
    try:
        process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    figures: dict = {}
    for line in result_file.read_text(encoding="utf-8").splitlines():
        figures.update(json.loads(line))
    if "ready" not in figures:
        raise RuntimeError(f"{' '.join(args)} did not report a first frame (exit code {process.returncode})")
    return started, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", choices=["bare-start", "bare-editor", "tigang", "tigang-file"])
    parser.add_argument("--result")
    parser.add_argument("--outline")
    args = parser.parse_args()
    if args.child:
        if args.child.startswith("bare"):
            child_bare(args.result, args.child.removeprefix("bare-"))
        else:
            child_tigang(args.result, args.outline if args.child == "tigang-file" else None)
        return

    work = Path(tempfile.mkdtemp(prefix="tigang-startup-"))
    env = {**os.environ, "TIGANG_HOME": str(work / "home"), "HOME": str(work), "TERM": "xterm-256color",
           "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1]), "PYTHONPATH": str(ROOT)}
    env.pop("TEXTUAL", None)
    # as after `pip install`: modules load from bytecode (kept out of the source tree); the warm-up
    # runs below write it
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")

    # the first run of tigang builds the built-in bank and its index from the seeds
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from phrasebank.bank.indexing import search_index\n"
                    "from phrasebank.bank.lifecycle import open_bank\nsearch_index(open_bank(None))"],
                   env=env, check=True)
    first_build = time.perf_counter() - started
    outline = work / "提纲" / "bench.json"
    subprocess.run([sys.executable, "-m", "phrasebank", "new", "--structure", "si-ge-jiguan", str(outline)],
                   env=env, check=True, capture_output=True)

    result_file = work / "result.jsonl"
    me = [sys.executable, str(Path(__file__).resolve())]
    modes = {
        "bare-start": [*me, "--child", "bare-start"],
        "tigang": [*me, "--child", "tigang"],
        "bare-editor": [*me, "--child", "bare-editor"],
        "tigang-file": [*me, "--child", "tigang-file", "--outline", str(outline)],
    }
    ready: dict[str, list[float]] = {mode: [] for mode in modes}
    searched: list[float] = []
    after_frame: list[float] = []
    for command in modes.values():  # one warm-up run each (disk cache, .pyc)
        run_in_pty([*command, "--result", str(result_file)], env, result_file)
    for _ in range(args.runs):
        for mode, command in modes.items():
            spawned, figures = run_in_pty([*command, "--result", str(result_file)], env, result_file)
            ready[mode].append((figures["ready"] - spawned) * 1000)
            if "searched" in figures:
                searched.append((figures["searched"] - spawned) * 1000)
                after_frame.append((figures["searched"] - figures["ready"]) * 1000)

    median = {mode: statistics.median(times) for mode, times in ready.items()}
    print(f"tigang start-up, {args.runs} runs each, median (min–max), {SIZE[0]}×{SIZE[1]} pty, warm bank")
    print(f"  first run only: building the bank and index from the seeds took {first_build * 1000:.0f} ms "
          "(in a worker; the UI is usable meanwhile)")

    def line(label: str, mode: str, against: str | None = None) -> None:
        times = ready[mode]
        text = f"  {label:<40} {median[mode]:6.0f} ms  ({min(times):.0f}–{max(times):.0f})"
        if against:
            text += f"   ratio {median[mode] / median[against]:.2f}× (goal ≤ 1.5×)"
        print(text)

    line("bare Textual app, start-screen widgets", "bare-start")
    line("tigang (start screen) first frame", "tigang", "bare-start")
    line("bare Textual app, editor widgets", "bare-editor")
    line("tigang FILE (editor) first frame", "tigang-file", "bare-editor")
    if searched:
        print(f"  {'tigang FILE: bank answers “' + QUERY + '”':<40} {statistics.median(searched):6.0f} ms  "
              f"({min(searched):.0f}–{max(searched):.0f}) after start")
        print(f"  {'  of which after the first frame':<40} {statistics.median(after_frame):6.0f} ms  "
              f"({min(after_frame):.0f}–{max(after_frame):.0f})   (goal: searchable ≤ 500 ms after start)")


if __name__ == "__main__":
    main()
