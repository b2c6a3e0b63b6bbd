"""Outline files: readable JSON with a format version, saved atomically with the previous save as a backup.

User experience: `save_outline` writes `FILE` atomically and first copies the last good save to
`FILE.bak`. If `FILE` is later found damaged (truncated by a crash of another program or a sync tool,
or edited into invalid JSON), `load_outline` raises a `TigangError` that says so, names the backup and
how to use it (`tigang restore FILE`); `restore_backup` sets the damaged file aside as
`FILE.damaged-<time>` (never deleted) and puts the backup in its place. A damaged file, or one written by
a newer tigang, is never overwritten by a save.
"""
from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

from phrasebank import __version__
from phrasebank.errors import TigangError
from phrasebank.files.atomic import is_read_only, write_bytes_atomic, write_text_atomic
from phrasebank.files.regular import NotRegularFile, open_regular, read_at_most
from phrasebank.outline.items import MAX_LEVEL, SALUTATION_ID, TITLE_ID, Item, OutlineError, new_id
from phrasebank.outline.model import Outline
from phrasebank.vocab.organs import ORGANS

FORMAT_VERSION = 1
BACKUP_SUFFIX = ".bak"
MAX_OUTLINE_BYTES = 20 * 1_048_576
"""A long report's outline is tens of kilobytes; anything this big is not one."""


class OutlineFileError(TigangError):
    """An outline file that cannot be read: missing, damaged, or of an unknown format."""


class DamagedOutlineError(OutlineFileError):
    """The file is not valid outline JSON (truncated, hand-edited wrongly, not an outline)."""


class NewerFormatError(OutlineFileError):
    """The file was written by a newer tigang with a format this version does not know."""


def backup_path(path: Path) -> Path:
    """Where the previous save of `path` is kept: `FILE.bak` next to it."""
    path = Path(path)
    return path.with_name(path.name + BACKUP_SUFFIX)


def outline_to_data(outline: Outline) -> dict[str, object]:
    """The JSON-ready dict of an outline; fields at their default are left out to keep it readable."""
    return {
        "format": FORMAT_VERSION,
        "generator": f"tigang {__version__}",
        "structure": outline.structure_id,
        "title": _item_data(outline.title, with_id=False),
        "salutation": _item_data(outline.salutation, with_id=False),
        "opening": [_item_data(item) for item in outline.opening],
        "body": [_item_data(item) for item in outline.body],
        "closing": [_item_data(item) for item in outline.closing],
    }


def dumps_outline(outline: Outline) -> str:
    """The file text of an outline: indented, non-ASCII kept, ending in a newline."""
    return json.dumps(outline_to_data(outline), ensure_ascii=False, indent=2) + "\n"


def outline_from_data(data: object, source: str = "提纲") -> Outline:
    """Build an outline from parsed JSON; `DamagedOutlineError`/`NewerFormatError` say what is wrong."""
    if not isinstance(data, dict) or "format" not in data:
        raise DamagedOutlineError(f"{source} 不是 tigang 提纲文件（缺少 format 字段）。")
    version = data["format"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedOutlineError(f"{source} 的 format 字段无效（{version!r}）。")
    if version > FORMAT_VERSION:
        raise NewerFormatError(
            f"{source} 由更新版本的 tigang 保存（文件格式 {version}，本版本只支持到 {FORMAT_VERSION}）；"
            "请升级 tigang 后再打开。文件未被改动。"
        )
    structure = data.get("structure")
    if structure is not None and not isinstance(structure, str):
        raise DamagedOutlineError(f"{source} 的 structure 字段应为文字。")
    seen: set[str] = {TITLE_ID, SALUTATION_ID}
    title = _item_from(data.get("title", {}), f"{source} 的 title", 0, seen, fixed_id=TITLE_ID)
    salutation = _item_from(data.get("salutation", {}), f"{source} 的 salutation", 0, seen, fixed_id=SALUTATION_ID)
    regions: dict[str, list[Item]] = {}
    for region in ("opening", "body", "closing"):
        raw = data.get(region, [])
        if not isinstance(raw, list):
            raise DamagedOutlineError(f"{source} 的 {region} 字段应为列表。")
        regions[region] = [
            _item_from(entry, f"{source} 的 {region} 第 {index + 1} 项", None if region == "body" else 0, seen)
            for index, entry in enumerate(raw)
        ]
    try:
        return Outline(
            title=title,
            salutation=salutation,
            opening=regions["opening"],
            body=regions["body"],
            closing=regions["closing"],
            structure_id=structure,
        )
    except OutlineError as error:
        raise DamagedOutlineError(f"{source} 内容无效：{error}") from None


def read_outline(path: Path) -> Outline:
    """Read an outline file; errors say what is wrong but not how to recover (see `load_outline`)."""
    return outline_from_data(read_outline_data(path), f"提纲文件 {path}")


def read_outline_data(path: Path) -> object:
    """The JSON in an outline file (or a file in its format, such as a version), read with the same
    bounds and messages as an outline; `OutlineFileError` (or `DamagedOutlineError`) when it cannot be."""
    path = Path(path)
    try:
        raw = _read_limited(path)
    except FileNotFoundError:
        raise OutlineFileError(f"找不到提纲文件 {path}；可用 tigang new --structure ID {path} 新建。") from None
    except OSError as error:
        raise OutlineFileError(f"无法读取提纲文件 {path}（{error.strerror}）。") from None
    return _json_of(raw, str(path))


def load_outline(path: Path) -> Outline:
    """Read an outline file; when it is damaged the error says whether `FILE.bak` can restore it."""
    path = Path(path)
    try:
        return read_outline(path)
    except DamagedOutlineError as error:
        raise DamagedOutlineError(f"{error} {_backup_advice(path)}") from None


def save_outline(outline: Outline, path: Path) -> None:
    """Write `outline` to `path` atomically, keeping the previous good save as `FILE.bak`.

    Refuses (with `OutlineFileError`) to replace a file that is damaged or of a newer format, so that
    nothing the user could still recover is lost.
    """
    path = Path(path)
    text = dumps_outline(outline)
    if is_read_only(path):
        raise OutlineFileError(read_only_message(path))
    if path.exists():
        try:
            previous = _read_limited(path)
        except OSError as error:
            raise OutlineFileError(f"无法读取已有文件 {path}（{error.strerror}），未保存。") from None
        try:
            _parse(previous, str(path))
        except DamagedOutlineError as error:
            raise OutlineFileError(
                f"{error} 为免丢失内容，不会覆盖它；{_backup_advice(path)} 或另存为其他文件名。"
            ) from None
        except NewerFormatError as error:
            raise OutlineFileError(f"{error} 不会覆盖它，请另存为其他文件名。") from None
        if previous != text.encode("utf-8"):
            write_bytes_atomic(backup_path(path), previous)
    write_text_atomic(path, text)


def read_only_message(path: Path) -> str:
    """The one line for an outline that is marked read-only (it is never replaced)."""
    return f"提纲文件 {path} 是只读的，未保存任何修改；如需修改，请先去掉它的只读属性，或另存为其他文件名。"


def restore_backup(path: Path, *, force: bool = False) -> tuple[Outline, Path | None]:
    """Replace `path` by its backup; a damaged `path` is kept as `FILE.damaged-<time>`.

    Returns the restored outline and where the replaced file was set aside (None if there was none).
    Without `force`, refuses when `path` itself is still readable, since the backup is older.
    """
    path = Path(path)
    backup = backup_path(path)
    if not backup.exists():
        raise OutlineFileError(f"没有找到备份文件 {backup}，无法恢复。")
    backup_bytes = backup.read_bytes()
    try:
        restored = _parse(backup_bytes, str(backup))
    except OutlineFileError as error:
        raise OutlineFileError(f"备份也无法使用：{error}") from None
    aside: Path | None = None
    if path.exists():
        if not force:
            try:
                read_outline(path)
            except OutlineFileError:
                pass
            else:
                raise OutlineFileError(
                    f"提纲文件 {path} 可以正常读取，备份比它旧，所以没有恢复；确需用备份覆盖请加 --force。"
                )
        aside = path.with_name(f"{path.name}.damaged-{datetime.now():%Y%m%d-%H%M%S}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = aside.with_name(f"{aside.name.split('~')[0]}~{counter}")
        shutil.copy2(path, aside)  # a copy, not a rename: if writing the backup fails, the file stays
    try:
        write_bytes_atomic(path, backup_bytes)
    except BaseException:
        if aside is not None:
            aside.unlink(missing_ok=True)
        raise
    return restored, aside


# ---------------------------------------------------------------------- internals


def _parse(raw: bytes, source: str) -> Outline:
    return outline_from_data(_json_of(raw, source), f"提纲文件 {source}")


def _json_of(raw: bytes, source: str) -> object:
    """The JSON value in the bytes of an outline file, or `DamagedOutlineError` saying what is wrong."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DamagedOutlineError(f"提纲文件 {source} 已损坏（第 {error.start} 字节处不是 UTF-8 文字）。") from None
    if not text.strip():
        raise DamagedOutlineError(f"提纲文件 {source} 是空的，可能在保存时被中断。")
    try:
        data = json.loads(text)
    except RecursionError:
        raise DamagedOutlineError(f"提纲文件 {source} 嵌套层数过多，不是 tigang 保存的提纲。") from None
    except json.JSONDecodeError as error:
        if _unclosed(text):
            raise DamagedOutlineError(
                f"提纲文件 {source} 不完整（在第 {error.lineno} 行中断），可能在保存时被中断。"
            ) from None
        raise DamagedOutlineError(
            f"提纲文件 {source} 已损坏（第 {error.lineno} 行第 {error.colno} 列不是有效的 JSON）。"
        ) from None
    except ValueError:  # a number of thousands of digits: Python refuses to convert it
        raise DamagedOutlineError(f"提纲文件 {source} 含有过长的数字，不是 tigang 保存的提纲。") from None
    return data


def _read_limited(path: Path) -> bytes:
    """The bytes of an outline file; a folder, a FIFO, a device or a file far bigger than any outline
    is refused before reading (it would block, or never end)."""
    try:
        file = open_regular(path)
    except NotRegularFile as refused:
        raise OutlineFileError(f"{path} 是{refused.kind}，不是普通文件；请给出提纲文件（.json）。") from None
    with file:
        raw = read_at_most(file, MAX_OUTLINE_BYTES)
    if raw is None:
        limit = MAX_OUTLINE_BYTES // 1_048_576
        raise OutlineFileError(f"{path} 远大于任何提纲（上限 {limit} MB）；请确认文件是否选对。")
    return raw


def _unclosed(text: str) -> bool:
    """True when the JSON text ends inside a string or with brackets still open: it was cut short."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
    return in_string or depth > 0


def _backup_advice(path: Path) -> str:
    backup = backup_path(path)
    if not backup.exists():
        return "没有可用的备份；文件保持原样，未被改动。"
    try:
        _parse(backup.read_bytes(), str(backup))
    except OutlineFileError:
        return f"备份 {backup.name} 也无法使用；文件保持原样，未被改动。"
    saved = datetime.fromtimestamp(backup.stat().st_mtime)
    return (
        f"上一次保存的备份 {backup.name}（{saved:%Y-%m-%d %H:%M}）完好：运行 tigang restore {path} 可用它恢复，"
        "损坏的文件会改名保留。"
    )


def _item_data(item: Item, *, with_id: bool = True) -> dict[str, object]:
    data: dict[str, object] = {}
    if with_id:
        data["id"] = item.id
    if item.level:
        data["level"] = item.level
    data["text"] = item.text
    if item.body:
        data["body"] = item.body
    if item.organ is not None:
        data["organ"] = item.organ
    if item.phrase_id is not None:
        data["phrase_id"] = item.phrase_id
    return data


def _item_from(
    entry: object, where: str, level: int | None, seen: set[str], *, fixed_id: str | None = None
) -> Item:
    if not isinstance(entry, dict):
        raise DamagedOutlineError(f"{where} 应为对象（{{…}}）。")
    known = {"id", "level", "text", "body", "organ", "phrase_id"}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise DamagedOutlineError(f"{where} 有未知字段 {unknown[0]}。")
    text = entry.get("text", "")
    body = entry.get("body", "")
    if not isinstance(text, str) or not isinstance(body, str):
        raise DamagedOutlineError(f"{where} 的 text/body 应为文字。")
    phrase_id = entry.get("phrase_id")
    if phrase_id is not None and (not isinstance(phrase_id, int) or isinstance(phrase_id, bool)):
        raise DamagedOutlineError(f"{where} 的 phrase_id 应为整数。")
    organ = entry.get("organ")
    if organ is not None and organ not in ORGANS:
        raise DamagedOutlineError(f"{where} 的 organ “{organ}”不是“四个机关”之一。")
    if level is None:
        level = entry.get("level")
        if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= MAX_LEVEL:
            raise DamagedOutlineError(f"{where} 的 level 应为 1–{MAX_LEVEL} 的整数。")
    elif "level" in entry and entry["level"] not in (0, None):
        raise DamagedOutlineError(f"{where} 不能有层级（level）。")
    if fixed_id is not None:
        item_id = fixed_id
    else:
        given = entry.get("id")  # hand-copied or hand-written items get a fresh id
        item_id = given if isinstance(given, str) and given and given not in seen else new_id()
        seen.add(item_id)
    return Item(text=text, level=level, body=body, phrase_id=phrase_id, organ=organ, id=item_id)
