"""`tigang docs` and `tigang forget DOC`: the documents in a bank."""
from __future__ import annotations

import argparse
import json

from phrasebank.commands._common import add_bank_option, thousands
from phrasebank.width import pad_cells, truncate_cells

ORDER = 22


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("docs", help="列出题库中的文档", description="列出题库中的文档：编号、文件名、字数、短语数、来源。")
    add_bank_option(parser)
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(func=run_docs)
    forget = subparsers.add_parser("forget", help="从题库中删除一个文档及其短语", description="从题库中删除一个文档（按编号、文件名或路径）及只来自它的短语。")
    forget.add_argument("doc", metavar="DOC", help="文档编号、文件名或路径（见 tigang docs）")
    add_bank_option(forget)
    forget.set_defaults(func=run_forget)


def run_docs(args: argparse.Namespace) -> int:
    from phrasebank.store import open_bank

    with open_bank(args.bank) as bank:
        documents = bank.documents()
    if args.json:
        print(json.dumps([doc.__dict__ for doc in documents], ensure_ascii=False, indent=2))
        return 0
    print(f"{pad_cells('编号', 6, 'right')}  {pad_cells('文件', 36)}  {pad_cells('字数', 8, 'right')}  {pad_cells('短语', 8, 'right')}  来源")
    for doc in documents:
        origin = "内置种子" if doc.builtin else doc.path
        print(f"{doc.id:>6}  {pad_cells(truncate_cells(doc.name, 36), 36)}  {thousands(doc.chars):>8}  {thousands(doc.phrases):>8}  {origin}")
    print(f"共 {len(documents)} 个文档")
    return 0


def run_forget(args: argparse.Namespace) -> int:
    from phrasebank.store import open_bank

    with open_bank(args.bank) as bank:
        document = bank.forget(args.doc)
    print(f"已删除文档 {document.id}「{document.name}」及只来自它的短语。")
    return 0
