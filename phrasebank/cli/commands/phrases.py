"""`tigang phrases` and `tigang show ID`: list the bank, and one phrase with where it came from."""
from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from phrasebank.cli.options import (
    add_bank_option,
    add_filter_options,
    add_hidden_option,
    add_json_option,
    opened_bank,
)

if TYPE_CHECKING:
    from phrasebank.cli.options import Subparsers

ORDER = 24


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "phrases",
        help="按使用次数列出题库中的短语",
        description="列出题库中的短语，使用最多的在前；近似的变体合并在同一条下。",
    )
    add_filter_options(parser)
    parser.add_argument("--doc", help="只看来自某文档（编号或文件名）的短语")
    add_hidden_option(parser)
    add_bank_option(parser)
    parser.set_defaults(func=run_phrases)
    show = subparsers.add_parser(
        "show",
        help="显示一条短语及其出处段落",
        description="显示一条短语：类型、机关及理由、变体，以及每处出处的原段落。",
    )
    show.add_argument("id", type=int, metavar="ID", help="短语编号（见 tigang phrases / search）")
    add_json_option(show)
    add_bank_option(show)
    show.set_defaults(func=run_show)


def run_phrases(args: argparse.Namespace) -> int:
    from phrasebank.cli.output import console, phrase_table
    from phrasebank.cli.wording import with_warnings

    limit = args.limit if args.limit else (None if args.json else 50)
    with opened_bank(args) as bank:
        phrases = bank.phrases(kind=args.kind, organ=args.organ, doc=args.doc, limit=limit, with_sources=args.json,
                               hidden=args.hidden)
    if args.json:
        print(json.dumps([with_warnings(phrase.to_dict()) for phrase in phrases], ensure_ascii=False, indent=1))
        return 0
    console().print(phrase_table(phrases))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from rich.text import Text

    from phrasebank.cli.output import console, highlighted
    from phrasebank.cli.wording import print_problems, with_warnings
    from phrasebank.errors import TigangError
    from phrasebank.vocab.kinds import KIND_NAMES

    with opened_bank(args) as bank:
        phrase = bank.get_phrase(args.id)
        if phrase is None:
            raise TigangError(f"题库中没有编号为 {args.id} 的短语；用 tigang phrases 或 tigang search 查找编号。")
        paragraphs = [(source, bank.paragraph(source.doc_id, source.line)) for source in phrase.sources]
    if args.json:
        data = with_warnings(phrase.to_dict())
        data["paragraphs"] = [
            {"doc": source.doc, "line": source.line, "section": source.section, "text": text}
            for source, text in paragraphs
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    out = console()
    out.print(Text(f"【{KIND_NAMES[phrase.kind]}】{phrase.text}", style="bold"))
    marks = (" · 已收藏" if phrase.starred else "") + (" · 已隐藏" if phrase.hidden else "")
    out.print(f"编号 {phrase.id} · 出现 {phrase.count} 次 · 来自 {phrase.docs} 篇{marks}")
    for tag in phrase.organ_tags:
        how = "明确" if tag["how"] == "explicit" else f"推断（得分 {tag['score']}）"
        out.print(f"机关：{tag['organ']} — {how}：{tag['why']}")
    if not phrase.organ_tags:
        out.print("机关：未归入四个机关")
    print_problems(out, phrase.text)
    for variant in phrase.variants:
        out.print(f"变体 {variant.id}：{variant.text}（{variant.count} 次）")
    shown: set[tuple[int, int]] = set()
    for source, text in paragraphs:
        out.print(f"\n— {source.doc} 第{source.line}行 · {source.section}")
        if (source.doc_id, source.line) in shown:
            out.print("  （同上段）")
            continue
        shown.add((source.doc_id, source.line))
        at_column = text[source.column : source.column + len(phrase.text)] == phrase.text
        start = source.column if at_column else text.find(phrase.text)
        spans = [(start, start + len(phrase.text))] if start >= 0 else []
        out.print(Text("  ") + highlighted(text, spans))
    return 0
