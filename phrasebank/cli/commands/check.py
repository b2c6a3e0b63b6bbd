"""`tigang check`: unfilled slots, skipped levels, empty parts, the list of canonical wordings, parallel
headings, repeated wording, speaking time."""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from phrasebank.cli.options import add_json_option

if TYPE_CHECKING:
    from phrasebank.cli.options import Subparsers

ORDER = 54
EXIT_FOUND_ERRORS = 3
"""Exit code when the outline has errors (1 is for "could not check", 2 for wrong usage)."""


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "check",
        help="检查提纲：空位、层级、空部分、规范提法、对仗、重复、字数与时长",
        description="检查提纲：未填空位、层级跳跃、空的部分（错误）；对照规范提法清单检查提法顺序与项数、"
        "固定搭配、规范名称、易混词语和错别字，逐条注明规则和依据（必错为错误，疑似、提示为提示）；"
        "同级标题（同一上级下的同一级）是否对仗、同一段文字是否重复或几乎重复（提示）；"
        "并按语速估算每部分和全文的字数与时长。未填空位按 ×× 逐处计数，与编辑器状态栏一致。"
        "清单可在用户配置目录的 formulas.toml 中补充或按名称覆盖。",
        epilog=f"退出码：0 没有错误（可能有提示）；{EXIT_FOUND_ERRORS} 发现错误；"
        "1 无法检查（如文件损坏）；2 用法错误。",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="提纲文件")
    parser.add_argument("--rate", type=int, default=220, metavar="字/分钟", help="语速，默认 220 字/分钟")
    add_json_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from phrasebank.cli.output import check_report, console
    from phrasebank.errors import TigangError
    from phrasebank.outline.file import load_outline
    from phrasebank.review.checks import check_outline

    if not 60 <= args.rate <= 600:
        raise TigangError(f"语速 --rate {args.rate} 不合理；请给 60–600 之间的字/分钟数（朗读讲话一般 200–250）。")
    outline = load_outline(args.file)
    report = check_outline(outline, rate=args.rate)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        out = console()
        out.print(f"检查 {args.file}")
        if report.slot_summary:
            out.print(f"{report.slot_summary}。", style="bold red", highlight=False)
        out.print(check_report(report))
    return EXIT_FOUND_ERRORS if report.errors else 0
