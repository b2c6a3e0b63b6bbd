"""`tigang restore`: put the last good save (FILE.bak) back when an outline file is damaged, or put a
named version back (`--version N`, after keeping the current file as a version too)."""
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
        help="用备份（FILE.bak）恢复损坏的提纲文件，或恢复某一版（--version N）",
        description="提纲文件损坏（如保存时被中断）时，用上一次保存留下的备份 FILE.bak 恢复；"
        "损坏的文件改名为 FILE.damaged-时间 保留，不会删除。"
        "加 --version N 则恢复 tigang snapshot 存的第 N 版：恢复前先把现在的提纲自动存为一版，不会丢失。",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="提纲文件")
    parser.add_argument("--force", action="store_true", help="即使提纲文件可以正常读取，也用（较旧的）备份替换它")
    parser.add_argument("--version", "-v", type=int, metavar="N",
                        help="恢复第 N 版（见 tigang versions FILE），而不是 .bak 备份")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.version is not None:
        return run_version(args)
    from phrasebank.outline.file import backup_path, restore_backup
    from phrasebank.outline.sharing import outline_lock

    with outline_lock(args.file):
        outline, aside = restore_backup(args.file, force=args.force)
    parts = len(outline.parts)
    print(f"已用备份 {backup_path(args.file).name} 恢复 {args.file}（{parts} 个部分）。")
    if aside is not None:
        print(f"原来的文件已改名保留为 {aside}。")
    return 0


def run_version(args: argparse.Namespace) -> int:
    from phrasebank.errors import TigangError
    from phrasebank.outline.versions import find_version, restore_version

    if args.force:
        raise TigangError("--force 只用于从 .bak 备份恢复；恢复某一版时不需要它（现在的提纲会先自动存为一版）。")
    version = find_version(args.file, args.version)
    before = restore_version(args.file, args.version)
    print(f"已把 {args.file} 恢复为第 {version.number} 版“{version.name}”。")
    print(f"恢复前的内容已存为第 {before.number} 版“{before.name}”；"
          f"改回去：tigang restore {args.file} --version {before.number}")
    return 0
