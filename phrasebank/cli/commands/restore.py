"""`tigang restore`: put the last good save (FILE.bak) back when an outline file is damaged."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from phrasebank.cli.options import Subparsers

ORDER = 55


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "restore",
        help="用备份（FILE.bak）恢复损坏的提纲文件",
        description="提纲文件损坏（如保存时被中断）时，用上一次保存留下的备份 FILE.bak 恢复；"
        "损坏的文件改名为 FILE.damaged-时间 保留，不会删除。",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="提纲文件")
    parser.add_argument("--force", action="store_true", help="即使提纲文件可以正常读取，也用（较旧的）备份替换它")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from phrasebank.outline.file import backup_path, restore_backup
    from phrasebank.outline.sharing import outline_lock

    with outline_lock(args.file):
        outline, aside = restore_backup(args.file, force=args.force)
    parts = len(outline.parts)
    print(f"已用备份 {backup_path(args.file).name} 恢复 {args.file}（{parts} 个部分）。")
    if aside is not None:
        print(f"原来的文件已改名保留为 {aside}。")
    return 0
