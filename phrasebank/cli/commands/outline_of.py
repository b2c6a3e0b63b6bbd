"""`tigang outline-of FILE`: print the parsed tree of a document, so a user sees what was understood."""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from phrasebank.cli.options import add_json_option
from phrasebank.text.width import cell_width, truncate_cells

if TYPE_CHECKING:
    from phrasebank.cli.options import Subparsers
    from phrasebank.documents.tree import Node

ORDER = 10

SECTION_NAMES = {"title": "标题", "salutation": "称谓", "opening": "开头", "closing": "结尾", "body": "正文"}
STYLE_NAMES = {"lead": "段首句", "run-in": "", "numbered": "", "bare": "要点"}


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "outline-of",
        help="显示文档的结构（标题、称谓、开头、各级标题、要点、结尾）",
        description="读取、清理并解析一个 .txt/.md/.docx 文档，显示程序理解到的结构树。",
    )
    parser.add_argument("file", type=Path, help="要解析的文档")
    parser.add_argument("--sentences", action="store_true", help="同时列出每一句正文")
    add_json_option(parser)
    parser.add_argument("--width", type=int, default=100, help="每行最多显示的终端列数（默认 100）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from phrasebank.documents.cleaning import CHANGE_NAMES
    from phrasebank.documents.parse import parse_file

    document = parse_file(args.file)
    if args.json:
        print(json.dumps(document.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"文件  {document.source}（{document.encoding}）")
    summary = document.clean.summary()
    if summary:
        print("清理  " + " · ".join(f"{CHANGE_NAMES.get(kind, kind)} {count}" for kind, count in summary.items()))
    for section in document.sections():
        for line in _render(section, 0, args.sentences, args.width):
            print(line)
    return 0


def _render(node: Node, depth: int, sentences: bool, width: int) -> list[str]:
    """Lines for one node and its subtree: numbering, text, style and source line."""
    if node.kind == "sentence":
        head = "  " * depth + "- "
    elif node.kind in SECTION_NAMES:
        head = SECTION_NAMES[node.kind] + "  "
    else:
        marker = node.label or "·"
        head = "  " * depth + marker + " "
    style = STYLE_NAMES.get(node.style, "")
    suffix = f"  〔{style}〕" if style else ""
    suffix += f"  第{node.pos.line}行"
    count = len(node.sentences())
    if node.kind != "sentence" and count:
        suffix += f"，{count}句"
    text = node.text
    room = max(10, width - cell_width(head) - cell_width(suffix))
    lines = [head + truncate_cells(text, room) + suffix]
    for child in node.children:
        if child.kind == "sentence" and not sentences:
            continue
        lines.extend(_render(child, depth + 1, sentences, width))
    return lines
