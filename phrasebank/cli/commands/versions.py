"""`tigang snapshot`, `versions` and `diff`: named versions of an outline, kept beside it, and what
changed since one of them (`tigang restore FILE --version N` puts one back)."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from phrasebank.cli.options import Subparsers
    from phrasebank.outline.versions import Version

ORDER = 56


def register(subparsers: Subparsers) -> None:
    snapshot = subparsers.add_parser(
        "snapshot",
        help="给提纲存一个有名字的版本（如“送审前”）",
        description="把提纲文件现在的样子存为一个版本，放在它旁边的隐藏文件夹 .FILE.versions/ 中；"
        "版本按顺序编号，从不自动删除。用 tigang versions FILE 查看，tigang restore FILE --version N 恢复。",
    )
    snapshot.add_argument("file", type=Path, metavar="FILE", help="提纲文件")
    snapshot.add_argument("name", nargs="?", default="", metavar="NAME", help="版本名，如 送审前（默认：当前时间）")
    snapshot.set_defaults(func=run_snapshot)
    versions = subparsers.add_parser(
        "versions",
        help="列出提纲已存的版本",
        description="列出提纲已存的版本：编号、名称、时间、字数。比较某一版与现在：tigang diff FILE --version N。",
    )
    versions.add_argument("file", type=Path, metavar="FILE", help="提纲文件")
    versions.set_defaults(func=run_versions)
    diff = subparsers.add_parser(
        "diff",
        help="比较提纲的某一版与现在",
        description="逐行比较提纲的某一版与现在的提纲：+ 是现在才有的行，- 是那一版有、现在没有的行。"
        "默认只显示改动及其前后两行。",
    )
    diff.add_argument("file", type=Path, metavar="FILE", help="提纲文件")
    diff.add_argument("--version", "-v", type=int, metavar="N", help="版本编号（见 tigang versions；默认：最近一版）")
    diff.add_argument("--all", action="store_true", help="显示全部行，而不只是改动前后")
    diff.set_defaults(func=run_diff)


def run_snapshot(args: argparse.Namespace) -> int:
    from phrasebank.outline.versions import take_snapshot, versions_dir

    version = take_snapshot(args.file, args.name)
    print(f"已存为第 {version.number} 版“{version.name}”（{version.chars} 字，{version.parts} 个部分），"
          f"在 {versions_dir(args.file)}。")
    return 0


def run_versions(args: argparse.Namespace) -> int:
    from rich.table import Table

    from phrasebank.cli.output import console, thousands, warn
    from phrasebank.outline.versions import list_versions

    versions = list_versions(args.file)
    if not versions:
        print(f"{args.file} 还没有保存过版本；可用 tigang snapshot {args.file} 送审前 保存一版。")
        return 0
    table = Table(box=None, padding=(0, 2, 0, 0), pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("版本", justify="right", no_wrap=True)
    table.add_column("名称", overflow="fold")
    table.add_column("时间", no_wrap=True)
    table.add_column("字数", justify="right", no_wrap=True)
    for version in versions:
        table.add_row(str(version.number), version.name, taken_text(version),
                      "—" if version.problem else thousands(version.chars))
    out = console()
    out.print(table)
    out.print(f"共 {len(versions)} 个版本。比较：tigang diff {args.file} --version N；"
              f"恢复：tigang restore {args.file} --version N")
    for version in versions:
        if version.problem:
            warn(version.problem)
    return 0


def run_diff(args: argparse.Namespace) -> int:
    from rich.text import Text

    from phrasebank.cli.output import console
    from phrasebank.errors import TigangError
    from phrasebank.outline.diffing import around_changes, changed_count, diff_lines
    from phrasebank.outline.file import load_outline
    from phrasebank.outline.versions import find_version, list_versions, read_version

    number = args.version
    if number is None:
        readable = [version for version in list_versions(args.file) if not version.problem]
        if not readable:
            raise TigangError(f"{args.file} 还没有可比较的版本；可用 tigang snapshot {args.file} 名称 保存一版。")
        number = readable[-1].number
    version = find_version(args.file, number)
    lines = diff_lines(read_version(args.file, number), load_outline(args.file))
    added, removed = changed_count(lines)
    out = console()
    out.print(f"第 {version.number} 版“{version.name}”（{taken_text(version)}）→ 现在："
              f"增加 {added} 行，删去 {removed} 行。", highlight=False)
    if not added and not removed:
        out.print("没有改动。")
        return 0
    style = {"same": "", "added": "green", "removed": "red"}
    for line in lines if args.all else around_changes(lines):
        if isinstance(line, int):
            out.print(Text(f"  ⋯（{line} 行未改动）", style="dim"))
        else:
            out.print(Text(line.marked, style=style[line.kind]), soft_wrap=True)
    return 0


def taken_text(version: Version) -> str:
    """When a version was taken, in local time to the minute."""
    return f"{version.taken.astimezone():%Y-%m-%d %H:%M}"
