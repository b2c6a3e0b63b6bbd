"""`tigang docs` and `tigang forget DOC`: the documents in a bank."""
from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from phrasebank.cli.options import add_bank_option, add_json_option, opened_bank

if TYPE_CHECKING:
    from phrasebank.cli.options import Subparsers

ORDER = 22


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "docs", help="列出题库中的文档",
        description="列出题库中的文档：编号、文件名、字数、短语数、来源（团队题库还有添加者和时间）。"
    )
    add_bank_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run_docs)
    forget = subparsers.add_parser(
        "forget",
        help="从题库中删除一个文档及其短语",
        description="从题库中删除一个文档（按编号、文件名或路径）及只来自它的短语。",
    )
    forget.add_argument("doc", metavar="DOC", help="文档编号、文件名或路径（见 tigang docs）")
    add_bank_option(forget)
    forget.set_defaults(func=run_forget)


def run_docs(args: argparse.Namespace) -> int:
    from rich.table import Table

    from phrasebank.cli.output import console, thousands
    from phrasebank.team.bank import TeamBank

    with opened_bank(args) as bank:
        documents = bank.documents()
        team = isinstance(bank, TeamBank)
    if args.json:
        print(json.dumps([asdict(doc) for doc in documents], ensure_ascii=False, indent=2))
        return 0
    table = Table(box=None, padding=(0, 2, 0, 0), pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("编号", justify="right", no_wrap=True)
    table.add_column("文件", no_wrap=True, max_width=36, overflow="ellipsis")
    table.add_column("字数", justify="right", no_wrap=True)
    table.add_column("短语", justify="right", no_wrap=True)
    if team:  # several writers: who added each document, and when
        table.add_column("添加者", no_wrap=True)
        table.add_column("时间", no_wrap=True)
    table.add_column("来源", overflow="fold")
    for doc in documents:
        origin = "内置种子" if doc.builtin else doc.path
        who = [doc.added_by, _local_time(doc.mined_at)] if team else []
        table.add_row(str(doc.id), doc.name, thousands(doc.chars), thousands(doc.phrases), *who, origin)
    out = console()
    out.print(table)
    out.print(f"共 {len(documents)} 个文档")
    return 0


def _local_time(stamp: str) -> str:
    """A stored UTC time as the writer's clock shows it, to the minute."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def run_forget(args: argparse.Namespace) -> int:
    with opened_bank(args, write=True) as bank:
        document = bank.forget(args.doc)
    print(f"已删除文档 {document.id}「{document.name}」及只来自它的短语。")
    return 0
