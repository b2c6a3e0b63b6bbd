"""`tigang mine PATH...`: add files and folders to a phrase bank."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from phrasebank.cli.options import add_bank_option, opened_bank

if TYPE_CHECKING:
    from phrasebank.cli.options import Subparsers

ORDER = 20

def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "mine",
        help="从文件或文件夹（.txt .md .docx）挖掘短语，加入题库",
        description="挖掘文档中的标题、要点、句子、提法、排比、词语、术语等，加入题库。文件夹会递归处理；"
        "未改动的文件自动跳过；改动过的文件会替换旧短语。",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="文件或文件夹")
    add_bank_option(parser)
    parser.add_argument("--workers", type=int, default=None, help="并行进程数（默认：CPU 核数）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from phrasebank.bank.backups import daily_backup
    from phrasebank.bank.ingest import mine_paths
    from phrasebank.bank.lifecycle import builtin_bank_path
    from phrasebank.cli.output import console, progress_bar, thousands, warn
    from phrasebank.documents.cleaning import CHANGE_NAMES
    from phrasebank.mining.pipeline import worker_vocabulary
    from phrasebank.vocab.kinds import KIND_NAMES

    for problem in worker_vocabulary().problems:
        warn(str(problem))
    with opened_bank(args, create=True) as bank:
        with progress_bar("挖掘") as progress:
            report = mine_paths(bank, args.paths, progress=progress, workers=args.workers)
        stats = bank.stats()
        label = bank.label
        if bank.path == builtin_bank_path() and report.mined and not report.interrupted:
            failed = daily_backup(bank)  # what a damaged built-in bank is restored from
            if failed:
                warn(failed)
    speed = report.chars / report.seconds if report.seconds else 0
    out = console()
    out.print(
        f"文档：新增 {report.added}，更新 {report.replaced}，未变 {report.unchanged}，跳过 {len(report.skipped)}；"
        f"共 {thousands(report.chars)} 字，{report.seconds:.1f} 秒（每秒 {thousands(int(speed))} 字）"
    )
    out.print(f"本次挖出 {thousands(report.occurrences)} 处短语；{label} 现有：")
    kinds = " · ".join(f"{KIND_NAMES[kind]} {thousands(count)}" for kind, count in stats["kind"].items())
    out.print(f"  按类型：{kinds}")
    out.print("  按机关：" + " · ".join(f"{organ} {thousands(count)}" for organ, count in stats["organ"].items()))
    if report.noise:
        noise = " · ".join(f"{CHANGE_NAMES.get(kind, kind)} {thousands(count)}" for kind, count in report.noise.items())
        out.print(f"  清理噪声：{noise}")
    if report.skipped:
        out.print(f"跳过的文件（{len(report.skipped)}）：")
        for _, reason in report.skipped:
            out.print(f"  {reason}")
    if report.interrupted:
        out.print("已中断：已写入的文档完整保存，其余未处理；再次运行同一命令即可继续。")
        return 130
    return 0
