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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        if not args_list:
            parser.print_help()
            return 0
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
