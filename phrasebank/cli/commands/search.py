"""`tigang search QUERY`: find phrases by Chinese, pinyin or initials, with filters and highlights."""
from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from phrasebank.cli.options import add_bank_option, add_filter_options, add_hidden_option, opened_bank
from phrasebank.vocab.kinds import PARAGRAPH

if TYPE_CHECKING:
    from phrasebank.bank.models import Phrase
    from phrasebank.cli.options import Subparsers
    from phrasebank.search.query import Hit

ORDER = 21


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "search",
        help="搜索题库：汉字、全拼、首字母（如 lgwh → 两个维护）、混合（zz机关）",
        description="搜索题库。精确 > 开头 > 包含 > 分词 > 模糊（错一字、漏一字、多一字，或按顺序隔字）；"
        "同级中收藏的短语在前，其余按使用次数；隐藏的短语不显示。短语之后是原文：已入库文档中含有这些字的句子（标明文档和行）。",
    )
    parser.add_argument("query", metavar="QUERY", help="要找的文字、拼音或拼音首字母；空字符串配合筛选条件按次数列出")
    add_filter_options(parser)
    parser.add_argument("--doc", help="只在某文档（编号或文件名）的短语和原文中找")
    parser.add_argument("--boost", metavar="ORGAN", help="正在写的部分所属机关：同级结果中该机关的短语排前")
    add_hidden_option(parser)
    add_bank_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from phrasebank.bank.indexing import search_index
    from phrasebank.cli.output import console, hit_table
    from phrasebank.cli.wording import with_warnings

    with opened_bank(args) as bank:
        doc_ids = phrase_ids = None
        if args.doc:
            document = bank.find_document(args.doc)
            doc_ids, phrase_ids = {document.id}, bank.phrase_ids_of_document(document.id)
        hits = search_index(bank).search(args.query, kind=args.kind, organ=args.organ, phrase_ids=phrase_ids,
                                         doc_ids=doc_ids, boost_organ=args.boost, limit=args.limit or 20,
                                         hidden=args.hidden)
        phrases = bank.get_phrases([hit.phrase_id for hit in hits if hit.kind != PARAGRAPH])
        places = bank.paragraphs_at((hit.doc_id, hit.line) for hit in hits if hit.kind == PARAGRAPH)
        if args.json:
            bank.attach_sources(list(phrases.values()))
    if args.json:
        rows = [with_warnings(_hit_json(hit, phrases, places)) for hit in hits]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not hits:
        print("没有找到。可以换个说法、少打几个字，或用拼音首字母（如 lgwh）。")
        return 0
    console().print(hit_table(hits, phrases, places))
    return 0


Places = dict[tuple[int, int], tuple[str, str]]
"""(document id, line) → (document name, paragraph), for the sentence hits."""


def _hit_json(hit: Hit, phrases: dict[int, Phrase], places: Places) -> dict[str, object]:
    """A hit as `--json` gives it: the phrase as `tigang show` has it, or the sentence with its source."""
    if hit.kind == PARAGRAPH:
        item = hit.to_dict()
        item["id"] = None
        name, paragraph = places.get((hit.doc_id, hit.line), ("", ""))
        item.update(doc=name, paragraph=paragraph)
        return item
    item = phrases[hit.phrase_id].to_dict()
    item.update(score=round(hit.score, 4), tier=hit.tier, spans=[list(span) for span in hit.spans])
    return item
