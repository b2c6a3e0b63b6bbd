"""Options several subcommands share, declared once: `--bank` (and the bank it opens), `--json`, the
phrase filters."""
from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from phrasebank.team.urls import bank_argument
from phrasebank.vocab.kinds import KINDS
from phrasebank.vocab.organs import ORGANS

if TYPE_CHECKING:
    from phrasebank.bank.store import Bank

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
    """What each command module's `register` receives."""


def add_bank_option(parser: argparse.ArgumentParser, help_text: str | None = None) -> None:
    """`--bank PATH|URL`: use another bank file, or a team bank, instead of the default one."""
    parser.add_argument("--bank", type=bank_argument, metavar="PATH|URL",
                        help=help_text or "使用指定的题库文件或团队题库（postgresql://…）；默认：settings.toml 中的"
                                          " bank，未设时用内置题库（含种子材料和您挖掘的材料）")


@contextmanager
def opened_bank(args: argparse.Namespace, *, create: bool = False, write: bool = False) -> Iterator[Bank]:
    """The bank `--bank` names (else the `bank` setting, else the built-in one) for one command: what
    opening it did (an upgrade and its backup, a damaged bank set aside, a team bank's server away) is
    shown first, and a failure of its file or disk is said in one line
    (`phrasebank.bank.lifecycle.bank_faults`)."""
    from phrasebank.cli.output import warn
    from phrasebank.team.opening import bank_location, located_faults, open_located

    location = bank_location(args.bank)
    with located_faults(location), open_located(location, create=create, write=write) as bank:
        for notice in bank.notices:
            warn(notice)
        yield bank


def add_json_option(parser: argparse.ArgumentParser, help_text: str = "以 JSON 输出（供脚本使用）") -> None:
    """`--json`: machine-readable output."""
    parser.add_argument("--json", action="store_true", help=help_text)


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """--kind, --organ, --limit and --json: shared by `phrases` and `search`."""
    parser.add_argument("--kind", choices=KINDS, help="只看某一类型")
    parser.add_argument("--organ", choices=ORGANS, help="只看某一机关")
    parser.add_argument("--limit", type=int, default=None, help="最多显示条数")
    add_json_option(parser, "以 JSON 数组输出")


def add_hidden_option(parser: argparse.ArgumentParser) -> None:
    """`--hidden`: show the phrases hidden with `tigang hide` too (marked): shared by `phrases` and `search`."""
    parser.add_argument("--hidden", action="store_true", help="也显示用 tigang hide 隐藏的短语（标明“已隐藏”）")


def allow_text_after_options(parser: argparse.ArgumentParser) -> None:
    """Let an optional positional come after the options (`add FILE --part 1 TEXT`).

    Plain argparse fills an optional positional from the first run of positionals, so TEXT after
    `--part 1` would be "unrecognized"; intermixed parsing collects positionals from anywhere.
    """
    plain = parser.parse_known_args

    def parse_known_args(
        args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parser.parse_known_args = plain  # type: ignore[method-assign]
        try:
            return parser.parse_known_intermixed_args(args, namespace)
        finally:
            parser.parse_known_args = parse_known_args  # type: ignore[method-assign, assignment]

    parser.parse_known_args = parse_known_args  # type: ignore[method-assign, assignment]
