"""`tigang add`: add a heading, point or paragraph to an outline file, from text or from the phrase bank."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ORDER = 52


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "add",
        help="向提纲添加标题、要点或段落",
        description="向提纲文件添加内容。--part N --level 1 填写（或新增）第 N 部分的一级标题；"
        "--level 2（默认）在第 N 部分末尾加二级标题；--level 3/4 加在该部分最后一个上一级标题之下。"
        "--opening/--closing 追加开头/结尾段落，--title/--salutation 设置标题/称谓。",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="提纲文件")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--part", type=int, metavar="N", help="第 N 部分（从 1 起）")
    where.add_argument("--opening", action="store_true", help="追加一个开头段落")
    where.add_argument("--closing", action="store_true", help="追加一个结尾段落")
    where.add_argument("--title", action="store_true", help="设置文稿标题")
    where.add_argument("--salutation", action="store_true", help="设置称谓，如“同志们：”")
    parser.add_argument("--level", type=int, choices=[1, 2, 3, 4], help="层级 1–4（配合 --part，默认 2）")
    parser.add_argument("--body", default="", help="标题后面的正文（可选）")
    parser.add_argument("--phrase", type=int, metavar="ID", help="使用短语库中编号为 ID 的短语作为文字")
    parser.add_argument("--bank", type=Path, metavar="PATH", help="短语库文件（默认为内置短语库）")
    parser.add_argument("text", nargs="?", metavar="TEXT", help="要添加的文字（或用 --phrase）")
    parser.set_defaults(func=run)
    _allow_text_after_options(parser)


def _allow_text_after_options(parser: argparse.ArgumentParser) -> None:
    """Let TEXT come after the options (`add FILE --part 1 TEXT`).

    Plain argparse fills an optional positional from the first run of positionals, so TEXT after
    `--part 1` would be "unrecognized"; intermixed parsing collects positionals from anywhere.
    """
    plain = parser.parse_known_args

    def parse_known_args(args: Any = None, namespace: Any = None) -> Any:
        parser.parse_known_args = plain  # type: ignore[method-assign]
        try:
            return parser.parse_known_intermixed_args(args, namespace)
        finally:
            parser.parse_known_args = parse_known_args  # type: ignore[method-assign]

    parser.parse_known_args = parse_known_args  # type: ignore[method-assign]


def run(args: argparse.Namespace) -> int:
    from phrasebank.errors import TigangError
    from phrasebank.outline_file import load_outline, save_outline

    if (args.text is None) == (args.phrase is None):
        raise TigangError("请给出要添加的文字 TEXT，或用 --phrase ID 指定短语（二者选一）。")
    if args.level is not None and args.part is None:
        raise TigangError("--level 只能和 --part 一起用。")
    outline = load_outline(args.file)
    phrase = _phrase(args) if args.phrase is not None else None
    text = phrase.text if phrase is not None else args.text
    phrase_id = phrase.id if phrase is not None else None
    if not text.strip():
        raise TigangError("要添加的文字是空的。")
    if args.title or args.salutation:
        item = outline.edit("title" if args.title else "salutation", text, phrase_id=phrase_id)
        done = f"{'标题' if args.title else '称谓'}：{item.text}"
    elif args.opening or args.closing:
        region = "opening" if args.opening else "closing"
        outline.add_paragraph(region, text, phrase_id=phrase_id)
        done = f"{'开头' if args.opening else '结尾'}段落：{text}"
    else:
        item = _add_to_part(outline, args.part, args.level or 2, text, args.body, phrase_id)
        done = f"{outline.path_label(item.id)}{item.text}"
        if phrase is not None:
            _organ_hint(outline, item.id, phrase)
    save_outline(outline, args.file)
    print(f"已添加 {done}")
    return 0


def _add_to_part(outline: Any, number: int, level: int, text: str, body: str, phrase_id: int | None) -> Any:
    from phrasebank.errors import TigangError

    parts = outline.parts
    if number < 1 or number > len(parts) + (1 if level == 1 else 0):
        extra = f"；新增部分请用 --part {len(parts) + 1} --level 1" if level != 1 or number > len(parts) + 1 else ""
        raise TigangError(f"第 {number} 部分不存在（提纲共有 {len(parts)} 个部分）{extra}。")
    if level == 1:
        if number == len(parts) + 1:
            return outline.add_part(text, body=body, phrase_id=phrase_id)
        part = parts[number - 1]
        return outline.edit(part.id, text, body=body or None, phrase_id=phrase_id)
    part = parts[number - 1]
    parent = part
    if level > 2:
        candidates = [item for item in outline.subtree(part.id) if item.level == level - 1]
        if not candidates:
            raise TigangError(
                f"第 {number} 部分还没有 {level - 1} 级标题，不能直接加 {level} 级；请先用 --level {level - 1} 添加。"
            )
        parent = candidates[-1]
    return outline.add_child(parent.id, text, level=level, body=body, phrase_id=phrase_id)


def _phrase(args: argparse.Namespace) -> Any:
    from phrasebank.errors import TigangError

    try:
        from phrasebank.store import open_bank
    except ImportError:
        raise TigangError("短语库尚不可用（缺少 phrasebank.store），暂时不能用 --phrase；请直接写出文字。") from None
    bank = open_bank(args.bank)
    try:
        phrase = bank.get_phrase(args.phrase)
    finally:
        bank.close()
    if phrase is None:
        where = f"短语库 {args.bank}" if args.bank else "内置短语库"
        raise TigangError(f"{where}中没有编号为 {args.phrase} 的短语；请先查到正确的编号。")
    return phrase


def _organ_hint(outline: Any, item_id: str, phrase: Any) -> None:
    part = outline.part_of(item_id)
    organs = list(getattr(phrase, "organs", None) or [])
    if part is not None and part.organ and organs and part.organ not in organs:
        print(
            f"tigang: 提示：短语 {phrase.id} 属于{'、'.join(organs)}，而这一部分是{part.organ}。",
            file=sys.stderr,
        )
