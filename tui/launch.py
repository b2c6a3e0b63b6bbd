"""The `tigang` console script: no argument (or an outline file) starts the UI, anything else is a
subcommand of `phrasebank.cli.main`. Textual is imported only when the UI really starts, so subcommands
and `--help` stay fast — and the engine never imports the UI.

`--bank PATH|URL` before or after the outline file opens the UI on that bank (a bank file, or a team
bank's postgresql:// URL) instead of the `bank` setting's; given before a subcommand it goes to the
subcommand (`tigang --bank URL search 两个维护` is `tigang search 两个维护 --bank URL`).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from phrasebank.cli.main import build_parser, command_names, guarded
from phrasebank.cli.main import main as run_subcommand
from phrasebank.errors import TigangError

BANK = "--bank"
USAGE = "tigang [--bank 题库文件或 postgresql://…] [提纲文件]"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        return guarded(launch_ui)  # the quickest start: no parser built
    parser = build_parser()
    if args and args[0] in command_names(parser):
        return run_subcommand(args)  # a subcommand reads its own --bank
    return guarded(lambda: _ui_or_subcommand(args, parser))


def _ui_or_subcommand(args: list[str], parser: argparse.ArgumentParser) -> int:
    """The UI (on the bank `--bank` names) when what is left is at most an outline file; else the
    subcommand, `--bank` handed to it when it takes one (else one line saying it does not)."""
    commands = command_names(parser)
    bank, rest = split_bank(args)
    if not rest or (len(rest) == 1 and not rest[0].startswith("-") and rest[0] not in commands):
        return launch_ui(rest[0] if rest else None, bank)
    if bank is None or rest[0] in ("-h", "--help"):
        return run_subcommand(rest)
    command = rest[0]
    if command not in commands:
        raise TigangError(f"无法理解的参数：{' '.join(rest)}；打开界面用 {USAGE}，子命令见 tigang --help。")
    if BANK not in _options_of(parser, command):
        raise TigangError(f"子命令 {command} 不使用题库，--bank 对它无效；去掉 --bank 再运行。")
    cut = rest.index("--") if "--" in rest else len(rest)
    return run_subcommand([*rest[:cut], BANK, bank, *rest[cut:]])


def split_bank(args: list[str]) -> tuple[str | None, list[str]]:
    """`--bank X` (or `--bank=X`) taken out of the UI's arguments, and what is left."""
    bank, rest = None, []
    words = iter(args)
    for word in words:
        if word == BANK or word.startswith(BANK + "="):
            value = word.partition("=")[2] if "=" in word else next(words, "")
            if not value or value.startswith("-"):
                raise TigangError(f"--bank 后面要给出题库文件或团队题库地址（postgresql://…）；用法：{USAGE}。")
            if bank is not None and value != bank:
                raise TigangError(f"--bank 只能给一次（给了 {bank} 和 {value}）。")
            bank = value
        else:
            rest.append(word)
    return bank, rest


def _options_of(parser: argparse.ArgumentParser, command: str) -> set[str]:
    """The option strings the subcommand `command` accepts."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return set(action.choices[command]._option_string_actions)
    return set()


def launch_ui(path: str | None = None, bank: str | None = None) -> int:
    """Start the terminal UI: the start screen, or an outline file when `path` is given; on `bank` (a
    bank file or a team bank's URL) when given, else on the `bank` setting's, else the built-in bank.

    A path that does not exist yet but ends in .json opens the start screen with it as the place
    for the new outline.
    """
    from phrasebank.team.urls import bank_argument, is_team_url

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
    location = bank_argument(bank) if bank is not None else None
    if is_team_url(location):
        from phrasebank.team.urls import TeamUrl

        TeamUrl.parse(str(location))  # a URL that cannot be used is said before the screen is taken
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise TigangError("终端界面需要在终端中运行（输入或输出被重定向了）；子命令见 tigang --help。")
    from tui.app import run

    return run(open_path=open_path, new_path=new_path, bank=location)


if __name__ == "__main__":
    sys.exit(main())
