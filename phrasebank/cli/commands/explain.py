"""`tigang explain TEXT`: which of the 四个机关 a text gets, and why."""
from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from phrasebank.cli.options import add_json_option

if TYPE_CHECKING:
    from phrasebank.cli.options import Subparsers

ORDER = 26


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="说明一段文字归入哪个机关及理由",
        description="说明一段文字归入四个机关中的哪一个：明确（文字或所在部分标题点名）或推断（按词表得分）。"
        "词表可在配置目录的 organs.toml 中扩充。",
    )
    parser.add_argument("text", metavar="TEXT", help="要判断的文字")
    parser.add_argument("--heading", default="", help="这段文字所在部分的一级标题（可选）")
    add_json_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from phrasebank.cli.output import warn
    from phrasebank.vocab.organs import load_vocabulary

    vocabulary = load_vocabulary()
    for problem in vocabulary.problems:
        warn(str(problem))
    section = vocabulary.section_organ(args.heading, "") if args.heading else None
    tags = vocabulary.tag(args.text, args.heading, section[0] if section else None)
    scores = vocabulary.scores(args.text)
    if args.json:
        data = {"text": args.text, "organs": [tag.to_dict() for tag in tags], "threshold": vocabulary.threshold}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"文字：{args.text}")
    if not tags:
        print(f"结果：未归入四个机关（推断门槛 {vocabulary.threshold:g} 分）")
    for tag in tags:
        how = "明确" if tag.how == "explicit" else f"推断，{tag.score:g} 分（门槛 {vocabulary.threshold:g}）"
        print(f"结果：{tag.organ} — {how}；{tag.why}")
    for organ, (score, hits) in scores.items():
        if organ not in {tag.organ for tag in tags}:
            print(f"  另有 {organ} 词语 {score:g} 分（不足门槛）：{'、'.join(hits)}")
    print("词表：" + "；".join(str(path) for path in vocabulary.sources))
    return 0
