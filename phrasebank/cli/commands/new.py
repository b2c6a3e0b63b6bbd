"""`tigang new`: start an outline file from a section structure."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from phrasebank.cli.options import Subparsers

ORDER = 51


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "new",
        help="按文稿结构新建提纲文件",
        description="按文稿结构新建提纲文件（JSON）。各部分的一级标题先留空，"
        "用 tigang add FILE --part N --level 1 填写。",
    )
    parser.add_argument("--structure", "-s", required=True, metavar="ID", help="结构 id（见 tigang structures）")
    parser.add_argument("--title", help="文稿标题（默认用结构自带的标题模板，可能为空）")
    parser.add_argument("--force", action="store_true", help="文件已存在时覆盖（原文件留作 FILE.bak）")
    parser.add_argument("file", type=Path, metavar="FILE", help="要创建的提纲文件，如 讲话提纲.json")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from phrasebank.cli.output import warn
    from phrasebank.errors import TigangError
    from phrasebank.outline.file import save_outline
    from phrasebank.outline.sharing import outline_lock
    from phrasebank.outline.structures import get_structure, load_structures, outline_from_structure

    for problem in load_structures().problems:  # a broken user file is skipped; say so
        warn(str(problem))
    structure = get_structure(args.structure)
    outline = outline_from_structure(structure, title=args.title)
    with outline_lock(args.file):  # nothing else creates or saves it between the check and the save
        if args.file.exists() and not args.force:
            raise TigangError(f"文件 {args.file} 已存在；要覆盖请加 --force（原文件会留作备份 {args.file.name}.bak）。")
        save_outline(outline, args.file)
    print(f"已创建提纲 {args.file}：{structure.name}，{len(structure.parts)} 个部分。")
    print(f"下一步：tigang add {args.file} --part 1 --level 1 \"第一部分的标题\"")
    return 0
