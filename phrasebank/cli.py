"""The `tigang` command line: subcommands for scripts, no argument for the terminal UI."""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from phrasebank import commands
from phrasebank.errors import TigangError


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with every subcommand module found in `phrasebank.commands`."""
    parser = argparse.ArgumentParser(
        prog="tigang",
        description="提纲：人大文稿写作助手（离线）。不带参数运行打开终端界面；带提纲文件路径则打开该提纲。",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="子命令")
    modules = [
        importlib.import_module(f"{commands.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    for module in sorted(modules, key=lambda m: getattr(m, "ORDER", 100)):
        module.register(subparsers)
    return parser


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    """Every subcommand name the parser knows."""
    return {name for action in parser._actions if isinstance(action, argparse._SubParsersAction)
            for name in action.choices}


def launch_ui(path: str | None = None) -> int:
    """Start the terminal UI: the start screen, or an outline file when `path` is given.

    A path that does not exist yet but ends in .json opens the start screen with it as the place
    for the new outline. Textual is imported here, never for a subcommand or `--help`.
    """
    from pathlib import Path

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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if not args_list:
            return launch_ui()
        parser = build_parser()
        if len(args_list) == 1 and not args_list[0].startswith("-") and args_list[0] not in _command_names(parser):
            return launch_ui(args_list[0])
        args = parser.parse_args(args_list)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        return int(args.func(args) or 0)
    except TigangError as error:
        print(f"tigang: 错误：{error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tigang: 已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
