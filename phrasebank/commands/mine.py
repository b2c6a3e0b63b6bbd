"""`tigang mine PATH...`: add files and folders to a phrase bank."""
from __future__ import annotations

import argparse
from pathlib import Path

from phrasebank.commands._common import ProgressBar, add_bank_option, thousands

ORDER = 20

NOISE_NAMES = {
    "party-mask": "恢复“党”字",
    "placeholder": "占位符改为××",
    "ad-line": "广告行",
    "paywall-marker": "付费标记",
    "punctuation": "半角标点",
    "whitespace": "空白整理",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "mine",
        help="从文件或文件夹（.txt .md .docx）挖掘短语，加入题库",
        description="挖掘文档中的标题、要点、句子、提法、排比、词语、术语等，加入题库。文件夹会递归处理；未改动的文件自动跳过；改动过的文件会替换旧短语。",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="文件或文件夹")
    add_bank_option(parser)
    parser.add_argument("--workers", type=int, default=None, help="并行进程数（默认：CPU 核数）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from phrasebank.batch import mine_paths
    from phrasebank.kinds import KIND_NAMES
    from phrasebank.store import open_bank

    with open_bank(args.bank, create=True) as bank:
        report = mine_paths(bank, args.paths, progress=ProgressBar("挖掘"), workers=args.workers)
        stats = bank.stats()
        path = bank.path
    speed = report.chars / report.seconds if report.seconds else 0
    print(
        f"文档：新增 {report.added}，更新 {report.replaced}，未变 {report.unchanged}，跳过 {len(report.skipped)}；"
        f"共 {thousands(report.chars)} 字，{report.seconds:.1f} 秒（每秒 {thousands(int(speed))} 字）"
    )
    print(f"本次挖出 {thousands(report.occurrences)} 处短语；题库 {path} 现有：")
    print("  按类型：" + " · ".join(f"{KIND_NAMES[kind]} {thousands(count)}" for kind, count in stats["kind"].items()))
    print("  按机关：" + " · ".join(f"{organ} {thousands(count)}" for organ, count in stats["organ"].items()))
    if report.noise:
        print("  清理噪声：" + " · ".join(f"{NOISE_NAMES.get(kind, kind)} {thousands(count)}" for kind, count in report.noise.items()))
    if report.skipped:
        print(f"跳过的文件（{len(report.skipped)}）：")
        for _, reason in report.skipped:
            print(f"  {reason}")
    if report.interrupted:
        print("已中断：已写入的文档完整保存，其余未处理；再次运行同一命令即可继续。")
        return 130
    return 0
