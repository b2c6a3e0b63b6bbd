"""The `tigang` subcommands, for scripts and writers at a prompt (the UI is started by `tui.launch`)."""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable, Sequence

from phrasebank.cli import commands
from phrasebank.errors import TigangError, os_error_message


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with every subcommand module found in `phrasebank.cli.commands`."""
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


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    """Every subcommand name the parser knows."""
    return {
        name for action in parser._actions if isinstance(action, argparse._SubParsersAction) for name in action.choices
    }


def guarded(call: Callable[[], int]) -> int:
    """Run `call`, turning a user-fixable error into one line on stderr and an exit code — never a traceback."""
    try:
        return int(call() or 0)
    except TigangError as error:
        print(f"tigang: 错误：{error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tigang: 已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:  # a full disk, a read-only folder… wherever a command did not word it itself
        print(f"tigang: 错误：{os_error_message(error)}", file=sys.stderr)
        return 1
    except (RecursionError, MemoryError) as error:  # input too deep or too big for any check to have caught
        reason = type(error).__name__
        print(f"tigang: 错误：输入过大或嵌套过深，无法处理（{reason}）；请检查所给的文件。", file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand (the `tigang` console script sends everything but the UI here)."""
    args_list = list(sys.argv[1:] if argv is None else argv)

    def run() -> int:
        parser = build_parser()
        args = parser.parse_args(args_list)
        if not getattr(args, "func", None):
            parser.print_help()
            return 0 if not args_list else 2
        return int(args.func(args) or 0)

    return guarded(run)


if __name__ == "__main__":
    sys.exit(main())
