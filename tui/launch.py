"""The `tigang` console script: no argument (or an outline file) starts the UI, anything else is a
subcommand of `phrasebank.cli.main`. Textual is imported only when the UI really starts, so subcommands
and `--help` stay fast — and the engine never imports the UI.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from phrasebank.cli.main import build_parser, command_names, guarded
from phrasebank.cli.main import main as run_subcommand
from phrasebank.errors import TigangError


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        return guarded(launch_ui)
    if len(args) == 1 and not args[0].startswith("-") and args[0] not in command_names(build_parser()):
        return guarded(lambda: launch_ui(args[0]))
    return run_subcommand(args)


def launch_ui(path: str | None = None) -> int:
    """Start the terminal UI: the start screen, or an outline file when `path` is given.

    A path that does not exist yet but ends in .json opens the start screen with it as the place
    for the new outline.
    """
    open_path = new_path = None
    if path is not None:
        target = Path(path).expanduser()
        if target.is_dir():
            raise TigangError(f"{target} 是文件夹；请给出提纲文件（.json），或不带参数运行 tigang。")
        if target.exists():
            open_path = target
        elif target.suffix.lower() == ".json":
            new_path = target
        else:
            raise TigangError(f"找不到提纲文件 {target}；不带参数运行 tigang 可从开始页新建或打开提纲。")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise TigangError("终端界面需要在终端中运行（输入或输出被重定向了）；子命令见 tigang --help。")
    from tui.app import run

    return run(open_path=open_path, new_path=new_path)


if __name__ == "__main__":
    sys.exit(main())
