"""`tigang phrases` and `tigang show ID`: list the bank, and one phrase with where it came from."""
from __future__ import annotations

import argparse
import json
import sys

from phrasebank.commands._common import add_bank_option
from phrasebank.errors import TigangError
from phrasebank.width import cell_width, pad_cells, truncate_cells

ORDER = 24


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """--kind, --organ, --limit, --json: shared by `phrases` and `search`."""
    from phrasebank.kinds import KINDS
    from phrasebank.organs import ORGANS

    parser.add_argument("--kind", choices=KINDS, help="只看某一类型")
    parser.add_argument("--organ", choices=ORGANS, help="只看某一机关")
    parser.add_argument("--limit", type=int, default=None, help="最多显示条数")
    parser.add_argument("--json", action="store_true", help="以 JSON 数组输出")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("phrases", help="按使用次数列出题库中的短语", description="列出题库中的短语，使用最多的在前；近似的变体合并在同一条下。")
    add_filter_options(parser)
    parser.add_argument("--doc", help="只看来自某文档（编号或文件名）的短语")
    add_bank_option(parser)
    parser.set_defaults(func=run_phrases, limit=None)
    show = subparsers.add_parser("show", help="显示一条短语及其出处段落", description="显示一条短语：类型、机关及理由、变体，以及每处出处的原段落。")
    show.add_argument("id", type=int, metavar="ID", help="短语编号（见 tigang phrases / search）")
    show.add_argument("--json", action="store_true", help="以 JSON 输出")
    add_bank_option(show)
    show.set_defaults(func=run_show)


def run_phrases(args: argparse.Namespace) -> int:
    from phrasebank.store import open_bank

    with open_bank(args.bank) as bank:
        phrases = bank.phrases(kind=args.kind, organ=args.organ, doc=args.doc, limit=args.limit if args.limit else (None if args.json else 50), with_sources=args.json)
    if args.json:
        print(json.dumps([phrase.to_dict() for phrase in phrases], ensure_ascii=False, indent=1))
        return 0
    print_table(phrases)
    return 0


def print_table(phrases: list, marks: list[list[tuple[int, int]]] | None = None, text_width: int = 56) -> None:
    """Aligned rows (terminal cells, not characters): id, kind, count/docs, organs, text."""
    from phrasebank.kinds import KIND_NAMES

    highlight = sys.stdout.isatty()
    print(f"{pad_cells('编号', 6, 'right')}  {pad_cells('类型', 6)}  {pad_cells('次数', 4, 'right')}/{pad_cells('篇', 3)}  {pad_cells('机关', 8)}  短语")
    for index, phrase in enumerate(phrases):
        organs = "·".join(organ[0] for organ in phrase.organs) or "—"
        spans = marks[index] if marks else []
        text, spans = _window(phrase.text, spans, text_width)
        if spans and highlight:
            text = _highlight(text, spans)
        variants = f"  (+{len(phrase.variants)} 变体)" if phrase.variants else ""
        print(f"{phrase.id:>6}  {pad_cells(KIND_NAMES[phrase.kind], 6)}  {phrase.count:>4}/{phrase.docs:<3}  {pad_cells(organs, 8)}  {text}{variants}")


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[str, list[tuple[int, int]]]:
    """`text` cut to `width` cells so that the first matched span stays in view (…before and after)."""
    if cell_width(text) <= width or not spans or cell_width(text[: spans[0][1]]) <= width - 2:
        return truncate_cells(text, width), spans
    start = max(0, spans[0][0] - 6)
    shown = truncate_cells("…" + text[start:], width)
    return shown, [(begin - start + 1, end - start + 1) for begin, end in spans if begin >= start]


def _highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """Bold-yellow the matched characters (terminal output only)."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start >= len(text):
            break
        out.append(text[last:start])
        out.append(f"\x1b[1;33m{text[start:end]}\x1b[0m")
        last = end
    out.append(text[last:])
    return "".join(out)


def run_show(args: argparse.Namespace) -> int:
    from phrasebank.kinds import KIND_NAMES
    from phrasebank.store import open_bank

    with open_bank(args.bank) as bank:
        phrase = bank.get_phrase(args.id)
        if phrase is None:
            raise TigangError(f"题库中没有编号为 {args.id} 的短语；用 tigang phrases 或 tigang search 查找编号。")
        paragraphs = [(source, bank.paragraph(source.doc_id, source.line)) for source in phrase.sources]
    if args.json:
        data = phrase.to_dict()
        data["paragraphs"] = [{"doc": s.doc, "line": s.line, "section": s.section, "text": text} for s, text in paragraphs]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"【{KIND_NAMES[phrase.kind]}】{phrase.text}")
    print(f"编号 {phrase.id} · 出现 {phrase.count} 次 · 来自 {phrase.docs} 篇")
    for tag in phrase.organ_tags:
        how = "明确" if tag["how"] == "explicit" else f"推断（得分 {tag['score']}）"
        print(f"机关：{tag['organ']} — {how}：{tag['why']}")
    if not phrase.organ_tags:
        print("机关：未归入四个机关")
    for variant in phrase.variants:
        print(f"变体 {variant.id}：{variant.text}（{variant.count} 次）")
    shown: set[tuple[int, int]] = set()
    for source, text in paragraphs:
        print(f"\n— {source.doc} 第{source.line}行 · {source.section}")
        if (source.doc_id, source.line) in shown:
            print("  （同上段）")
            continue
        shown.add((source.doc_id, source.line))
        start = source.column if text[source.column : source.column + len(phrase.text)] == phrase.text else text.find(phrase.text)
        if start >= 0 and sys.stdout.isatty():
            text = _highlight(text, [(start, start + len(phrase.text))])
        print(f"  {text}")
    return 0
