"""`tigang add`: add a heading, point or paragraph to an outline file, from text or from the phrase bank.

Where the text goes is decided by `phrasebank.outline.placement`, the same rules the editor uses:
adding never replaces written text; `--replace` is the explicit way to overwrite a title,
salutation or part heading.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from phrasebank.cli.options import add_bank_option, allow_text_after_options

if TYPE_CHECKING:
    from phrasebank.bank.models import Phrase
    from phrasebank.cli.options import Subparsers
    from phrasebank.outline.model import Outline
    from phrasebank.outline.placement import Placement

ORDER = 52


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "add",
        help="向提纲添加标题、要点或段落",
        description="向提纲文件添加内容。--part N --level 1 填写第 N 部分的空标题（已有标题时在其后新增一个部分，"
        "加 --replace 才替换）；--level 2（默认）在第 N 部分末尾加二级标题；--level 3/4 加在该部分最后一个"
        "上一级标题之下。--opening/--closing 追加开头/结尾段落，--title/--salutation 填写标题/称谓。",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="提纲文件")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--part", type=int, metavar="N", help="第 N 部分（从 1 起）")
    where.add_argument("--opening", action="store_true", help="追加一个开头段落")
    where.add_argument("--closing", action="store_true", help="追加一个结尾段落")
    where.add_argument("--title", action="store_true", help="填写文稿标题")
    where.add_argument("--salutation", action="store_true", help="填写称谓，如“同志们：”")
    parser.add_argument("--level", type=int, choices=[1, 2, 3, 4], help="层级 1–4（配合 --part，默认 2）")
    parser.add_argument("--body", default="", help="标题后面的正文（可选）")
    parser.add_argument("--replace", action="store_true", help="替换已有的标题、称谓或部分标题（默认不覆盖已写的文字）")
    parser.add_argument("--phrase", type=int, metavar="ID", help="使用题库中编号为 ID 的短语作为文字")
    add_bank_option(parser, "--phrase 所用的题库文件或团队题库（默认：settings.toml 中的 bank，未设时用内置题库）")
    parser.add_argument("text", nargs="?", metavar="TEXT", help="要添加的文字（或用 --phrase）")
    parser.set_defaults(func=run)
    allow_text_after_options(parser)


def run(args: argparse.Namespace) -> int:
    from phrasebank.cli.output import warn
    from phrasebank.errors import TigangError
    from phrasebank.outline.items import REGION_NAMES
    from phrasebank.outline.sharing import change_outline

    if (args.text is None) == (args.phrase is None):
        raise TigangError("请给出要添加的文字 TEXT，或用 --phrase ID 指定短语（二者选一）。")
    if args.level is not None and args.part is None:
        raise TigangError("--level 只能和 --part 一起用。")
    if args.replace and not (args.title or args.salutation or (args.part and args.level == 1)):
        raise TigangError("--replace 只用于 --title、--salutation 或 --part N --level 1。")
    phrase = _phrase(args.phrase, args) if args.phrase is not None else None
    text = phrase.text if phrase is not None else str(args.text)
    if not text.strip():
        raise TigangError("要添加的文字是空的。")
    # Read, place and save under the outline's lock: another `add` or an editor saving at the same
    # moment is waited for, and its work is in the copy this one changes.
    outline, placement = change_outline(
        args.file, lambda outline: _place(outline, args, text, phrase.id if phrase is not None else None))
    item = outline.find(placement.item_id)
    region = outline.region_of(item.id)
    if region == "body":
        where = outline.path_label(item.id)
    else:
        where = REGION_NAMES[region] + ("段落：" if region in ("opening", "closing") else "：")
    verb = {"filled": "已填写", "added": "已添加", "replaced": "已替换"}[placement.how]
    print(f"{verb} {where}{item.text}")
    if phrase is not None:
        part = outline.part_of(item.id)
        if part is not None and part.organ and phrase.organs and part.organ not in phrase.organs:
            warn(f"短语 {phrase.id} 属于{'、'.join(phrase.organs)}，而这一部分是{part.organ}。")
    return 0


def _place(outline: Outline, args: argparse.Namespace, text: str, phrase_id: int | None) -> Placement:
    """Put the text where the options say, by the placement rules."""
    from phrasebank.errors import TigangError
    from phrasebank.outline import placement
    from phrasebank.outline.items import CLOSING, OPENING, SALUTATION_ID, TITLE_ID, OutlineError

    if args.title or args.salutation:
        target = TITLE_ID if args.title else SALUTATION_ID
        try:
            return placement.fill(outline, target, text, phrase_id=phrase_id, replace=args.replace)
        except OutlineError as error:
            raise TigangError(f"{error}；要替换请加 --replace。") from None
    if args.opening or args.closing:
        return placement.add_point(outline, OPENING if args.opening else CLOSING, text, phrase_id=phrase_id)
    level = args.level or 2
    parts = outline.parts
    if level == 1:
        if args.part == len(parts) + 1:
            return placement.add_heading(outline, parts[-1].id if parts else None, text, phrase_id=phrase_id)
        if not 1 <= args.part <= len(parts):
            raise TigangError(
                f"第 {args.part} 部分不存在（提纲共有 {len(parts)} 个部分；新增部分请用 --part {len(parts) + 1}）。"
            )
        part = parts[args.part - 1]
        if args.replace:
            return placement.replace_text(outline, part.id, text, phrase_id=phrase_id)
        result = placement.add_heading(outline, part.id, text, phrase_id=phrase_id)
        if result.how == "added":
            print(f"第 {args.part} 部分已有标题，新内容作为其后的新部分加入（要替换原标题请加 --replace）。")
        return result
    try:
        parent = placement.point_parent(outline, args.part, level)
    except OutlineError as error:
        if args.part > len(parts):
            hint = f"；新增部分请用 --part {len(parts) + 1} --level 1"
        else:
            hint = f"（先用 --level {level - 1}）"
        raise TigangError(f"{error}{hint}") from None
    return placement.add_point(outline, parent, text, phrase_id=phrase_id, body=args.body)


def _phrase(phrase_id: int, args: argparse.Namespace) -> Phrase:
    from phrasebank.cli.options import opened_bank
    from phrasebank.errors import TigangError

    with opened_bank(args) as bank:
        phrase = bank.get_phrase(phrase_id)
    if phrase is None:
        where = f"题库 {args.bank}" if args.bank else "内置题库"
        raise TigangError(f"{where}中没有编号为 {phrase_id} 的短语；请先查到正确的编号。")
    return phrase
