"""`tigang export`: an outline as text, Markdown or Word (GB/T 9704 layout)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from phrasebank.cli.options import Subparsers

ORDER = 53


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "export",
        help="把提纲导出为文本、Markdown 或 Word 文档",
        description="导出提纲：编号自动生成，半角标点改为全角；Word 文档按 GB/T 9704 排版。"
        "有未填空位（××）时给出警告；加 --strict 则不导出并返回非零。",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="提纲文件")
    parser.add_argument("--format", "-f", choices=["text", "markdown", "docx"],
                        help="导出格式（默认按 -o 的扩展名判断，否则为 text）")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="输出文件（默认与提纲同名、换扩展名；text/markdown 可用 - 输出到终端）")
    parser.add_argument("--strict", action="store_true", help="有未填空位时拒绝导出（退出码 1，不写文件）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from phrasebank.cli.output import warn
    from phrasebank.errors import TigangError, os_error_message
    from phrasebank.export.blocks import slot_warnings
    from phrasebank.export.formats import default_output, format_for, render, write_export
    from phrasebank.outline.file import load_outline

    to_stdout = args.output == "-"
    output = None if args.output in (None, "-") else Path(args.output)
    fmt = format_for(output, args.format)
    if to_stdout and fmt == "docx":
        raise TigangError("Word 文档不能输出到终端；请用 -o 指定 .docx 文件。")
    outline = load_outline(args.file)
    warnings = slot_warnings(outline)
    if warnings and args.strict:
        raise TigangError(f"提纲{warnings.headline}，--strict 下不导出，请先填写；第一个：{warnings[0]}")
    if warnings:
        warn(f"{warnings.headline}：")
    for warning in warnings:
        warn(f"  {warning}")
    if to_stdout:
        content = render(outline, fmt)
        sys.stdout.write(content if isinstance(content, str) else content.decode("utf-8"))
        return 0
    target = output or default_output(args.file, fmt)
    if target.resolve() == args.file.resolve():
        raise TigangError(f"输出文件 {target} 就是提纲文件本身；请用 -o 指定其他文件名。")
    try:
        write_export(outline, fmt, target)
    except OSError as error:
        raise TigangError(os_error_message(error, "写入导出文件", target)) from None
    print(f"已导出 {target}")
    return 0
