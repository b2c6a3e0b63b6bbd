"""`tigang star ID` / `unstar ID` and `tigang hide ID` / `unhide ID`: the writer's own say over the bank.

A starred phrase comes first within its tier in search and lists; a hidden one is left out of both
unless `--hidden` asks for it. Both are kept by what the phrase is, so they survive re-mining,
forgetting and mining a document again, and upgrades (`phrasebank.bank.curation`).
"""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from phrasebank.cli.options import add_bank_option, opened_bank

if TYPE_CHECKING:
    from phrasebank.cli.options import Subparsers

ORDER = 25

COMMANDS = {
    # name: (mark, value, help, done, already)
    "star": ("starred", True, "收藏一条短语：搜索和列表中排在同级结果的前面",
             "已收藏短语 {id}“{text}”：搜索和列表中排在同级结果前面；用 tigang unstar {id} 取消。",
             "短语 {id}“{text}”已经收藏过了，未作改动。"),
    "unstar": ("starred", False, "取消收藏一条短语",
               "已取消收藏短语 {id}“{text}”；用 tigang star {id} 可再收藏。",
               "短语 {id}“{text}”没有收藏，未作改动。"),
    "hide": ("hidden", True, "隐藏一条短语：搜索和列表不再显示它（加 --hidden 可见）",
             "已隐藏短语 {id}“{text}”：搜索和列表不再显示它（加 --hidden 可见）；用 tigang unhide {id} 恢复。",
             "短语 {id}“{text}”已经隐藏了，未作改动。"),
    "unhide": ("hidden", False, "恢复显示一条隐藏的短语",
               "已恢复显示短语 {id}“{text}”。",
               "短语 {id}“{text}”没有隐藏，未作改动。"),
}


def register(subparsers: Subparsers) -> None:
    for name, (_, _, help_text, _, _) in COMMANDS.items():
        parser = subparsers.add_parser(
            name,
            help=help_text,
            description=f"{help_text}。按短语的类型和文字记住，重新挖掘、删除后再挖掘、升级题库后依然有效。",
        )
        parser.add_argument("id", type=int, metavar="ID", help="短语编号（见 tigang phrases / search）")
        add_bank_option(parser)
        parser.set_defaults(func=run, curate=name)


def run(args: argparse.Namespace) -> int:
    from phrasebank.bank.indexing import update

    mark, value, _, done, already = COMMANDS[args.curate]
    with opened_bank(args, write=True) as bank:
        changed = bank.set_starred(args.id, value) if mark == "starred" else bank.set_hidden(args.id, value)
        if changed:
            update(bank)  # groups and index now, so the next search only has to load the index
        phrase = bank.get_phrases([args.id])[args.id]
    print((done if changed else already).format(id=phrase.id, text=phrase.text))
    return 0
