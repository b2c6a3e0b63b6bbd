"""`tigang search QUERY`: find phrases by Chinese, pinyin or initials, with filters and highlights."""
from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from phrasebank.cli.options import add_bank_option, add_filter_options

if TYPE_CHECKING:
    from phrasebank.cli.options import Subparsers

ORDER = 21


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "search",
        help="搜索题库：汉字、全拼、首字母（如 lgwh → 两个维护）、混合（zz机关）",
        description="搜索题库。精确 > 开头 > 包含 > 分词 > 模糊（错一字、漏一字、多一字，或按顺序隔字）；"
        "同级按使用次数。",
    )
    parser.add_argument("query", metavar="QUERY", help="要找的文字、拼音或拼音首字母；空字符串配合筛选条件按次数列出")
    add_filter_options(parser)
    parser.add_argument("--doc", help="只在某文档（编号或文件名）的短语中找")
    parser.add_argument("--boost", metavar="ORGAN", help="正在写的部分所属机关：同级结果中该机关的短语排前")
    add_bank_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from phrasebank.bank.lifecycle import open_bank, search_index
    from phrasebank.cli.output import console, phrase_table

    with open_bank(args.bank) as bank:
        phrase_ids = bank.phrase_ids_of_document(bank.find_document(args.doc).id) if args.doc else None
        index = search_index(bank)
        hits = index.search(args.query, kind=args.kind, organ=args.organ, phrase_ids=phrase_ids,
                            boost_organ=args.boost, limit=args.limit or 20)
        phrases = bank.get_phrases([hit.phrase_id for hit in hits])
        if args.json:
            bank.attach_sources(list(phrases.values()))
    if args.json:
        items = []
        for hit in hits:
            item = phrases[hit.phrase_id].to_dict()
            item.update(score=round(hit.score, 4), tier=hit.tier, spans=[list(span) for span in hit.spans])
            items.append(item)
        print(json.dumps(items, ensure_ascii=False, indent=1))
        return 0
    if not hits:
        print("没有找到。可以换个说法、少打几个字，或用拼音首字母（如 lgwh）。")
        return 0
    console().print(phrase_table([phrases[hit.phrase_id] for hit in hits], [hit.spans for hit in hits]))
    return 0
