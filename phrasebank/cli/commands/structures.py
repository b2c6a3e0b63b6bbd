"""`tigang structures`: list the section structures, built-in and the user's own."""
from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from phrasebank.cli.options import add_json_option

if TYPE_CHECKING:
    from phrasebank.cli.options import Subparsers

ORDER = 50


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "structures",
        help="列出可用的文稿结构（内置的和自定义的）",
        description="列出可用的文稿结构。自定义结构放在用户配置目录的 structures/*.toml 中；"
        "有错误的自定义文件会被指出（文件、行号、键）并跳过，不影响内置结构。",
    )
    add_json_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from phrasebank.cli.output import warn
    from phrasebank.outline.structures import load_structures, user_structures_dir
    from phrasebank.text.cjk import chinese_numeral
    from phrasebank.text.width import cell_width, pad_cells

    found = load_structures()
    for problem in found.problems:
        warn(str(problem))
    if args.json:
        data = {
            "structures": [structure.to_dict() for structure in found.structures],
            "problems": [
                {"file": str(p.path), "line": p.line, "key": p.key, "message": p.message} for p in found.problems
            ],
            "user_dir": str(user_structures_dir()),
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    width = max(cell_width(structure.id) for structure in found.structures)
    for structure in found.structures:
        mark = "" if structure.builtin else "（自定义）"
        print(f"{pad_cells(structure.id, width)}  {structure.name}{mark}")
        indent = " " * (width + 2)
        print(f"{indent}{structure.description}")
        for number, part in enumerate(structure.parts, start=1):
            organ = f"［{part.organ}］" if part.organ else ""
            print(f"{indent}{chinese_numeral(number)}、{part.title}{organ}  例：{part.example}")
        print()
    print(f"自定义结构：{user_structures_dir()}/*.toml（格式同内置结构，见 tigang structures --json）")
    return 0
