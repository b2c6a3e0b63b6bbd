"""Named versions of an outline (“送审前”, “主任改后”): snapshots kept beside the file, never pruned.

A writer's outline goes through rounds — drafted, sent up, marked up by the director, redone — and
must be able to go back to any of them. Each version is a file in a hidden folder next to the outline,
`.讲话.json.versions/0003-20240501-143000.json`: the outline file's own JSON (so a version can be
copied out and opened as an outline) plus a `version` object with its number, name and time.
Numbers count up and are never reused, even when version files are deleted: the last number given is
kept in `last.json` as well. Taking and restoring a version hold the outline's lock
(`phrasebank.outline.sharing.outline_lock`), so two processes taking a snapshot at once get two
numbers, and every file is written atomically. Nothing is ever pruned.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from phrasebank.errors import TigangError, os_error_message
from phrasebank.files.atomic import write_text_atomic
from phrasebank.outline.file import (
    OutlineFileError,
    load_outline,
    outline_from_data,
    outline_to_data,
    read_outline_data,
    save_outline,
)
from phrasebank.outline.model import Outline
from phrasebank.outline.sharing import outline_lock

MAX_NAME = 60
"""Characters of a version's name: a label, not a note."""
COUNTER = "last.json"
VERSION_FILE = re.compile(r"^(\d{4,})-(\d{8}-\d{6})\.json$")


class VersionError(TigangError):
    """A version that cannot be taken, found or read (a damaged file, an unknown number, a bad name)."""


@dataclass(frozen=True)
class Version:
    """One saved version: its number, name, when it was taken, its file and a summary of its content.

    `problem` is set (and the summary zero) when the file cannot be read; the others still list.
    """

    number: int
    name: str
    taken: datetime
    file: Path
    chars: int = 0
    parts: int = 0
    problem: str = ""


def versions_dir(path: Path) -> Path:
    """The hidden folder beside `path` that holds its versions: `.NAME.versions`."""
    path = Path(path)
    return path.with_name(f".{path.name}.versions")


def take_snapshot(path: Path, name: str, outline: Outline | None = None) -> Version:
    """Keep `outline` (None: the file as saved) as the next version of `path`, named `name` (empty: the
    time). Under the outline's lock, so concurrent snapshots get distinct numbers."""
    with outline_lock(path):
        return _take(Path(path), name, load_outline(path) if outline is None else outline)


def list_versions(path: Path) -> list[Version]:
    """The versions of `path`, oldest first; an unreadable one is listed with its `problem`."""
    return [_listed(file) for file in _files(versions_dir(path)).values()]


def find_version(path: Path, number: int) -> Version:
    """The version numbered `number` (only its file is read); `VersionError` naming the numbers there
    are when it is not."""
    return _read(_file_of(Path(path), number))[0]


def read_version(path: Path, number: int) -> Outline:
    """The outline as it was in version `number` of `path`."""
    return _read(_file_of(Path(path), number))[1]


def restore_version(path: Path, number: int) -> Version:
    """Make version `number` the outline at `path` again; returns the automatic version of what the
    file held just before (“恢复第N版前自动保存”), so restoring never loses anything. Under the lock."""
    path = Path(path)
    with outline_lock(path):
        chosen = read_version(path, number)
        before = _take(path, f"恢复第{number}版前自动保存", load_outline(path))
        save_outline(chosen, path)
    return before


# ---------------------------------------------------------------------- internals


def _take(path: Path, name: str, outline: Outline) -> Version:
    """Write the next version (the caller holds the outline's lock)."""
    taken = datetime.now().astimezone().replace(microsecond=0)
    name = version_name(name) or f"{taken:%Y-%m-%d %H:%M}"
    folder = versions_dir(path)
    number = max([_last_number(folder), *_files(folder)]) + 1
    file = folder / f"{number:04d}-{taken:%Y%m%d-%H%M%S}.json"
    data = outline_to_data(outline)
    data["version"] = {"number": number, "name": name, "taken": taken.isoformat()}
    try:
        folder.mkdir(exist_ok=True)
        write_text_atomic(file, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        write_text_atomic(folder / COUNTER, json.dumps({"last": number}) + "\n")
    except OSError as error:
        raise VersionError(os_error_message(error, "保存版本", folder)) from None
    return Version(number, name, taken, file, outline.spoken_chars(), len(outline.parts))


def version_name(name: str) -> str:
    """`name` with its spaces tidied; `VersionError` when it is too long for a label."""
    name = " ".join(name.split())
    if len(name) > MAX_NAME:
        raise VersionError(f"版本名太长（{len(name)} 字）；请控制在 {MAX_NAME} 字以内，如“送审前”“主任改后”。")
    return name


def _file_of(path: Path, number: int) -> Path:
    """The file of version `number`, found by its name."""
    folder = versions_dir(path)
    files = _files(folder)
    if number in files:
        return files[number]
    if not files:
        raise VersionError(f"{path} 还没有保存过版本；可用 tigang snapshot {path} 名称 保存一版。")
    known = "、".join(str(known) for known in sorted(files)[-10:])
    raise VersionError(f"{path} 没有第 {number} 版；已有的版本：{known}（tigang versions {path} 可查看）。")


def _files(folder: Path) -> dict[int, Path]:
    """The version files there are, by number, in order (other files in the folder are left alone)."""
    try:
        names = [entry.name for entry in folder.iterdir()]
    except FileNotFoundError:
        return {}
    except NotADirectoryError:
        raise VersionError(f"{folder} 不是文件夹，无法保存或读取版本；请把它改名后再试。") from None
    except OSError as error:
        raise VersionError(os_error_message(error, "读取版本文件夹", folder)) from None
    found = {int(match.group(1)): folder / name for name in names if (match := VERSION_FILE.match(name))}
    return dict(sorted(found.items()))


def _last_number(folder: Path) -> int:
    """The last number given, as `last.json` remembers it (0 when it is missing or unreadable: the
    version files themselves are the other half of the count)."""
    try:
        data = json.loads((folder / COUNTER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    last = data.get("last") if isinstance(data, dict) else None
    return last if isinstance(last, int) and not isinstance(last, bool) and last >= 0 else 0


def _listed(file: Path) -> Version:
    try:
        return _read(file)[0]
    except VersionError as error:
        match = VERSION_FILE.match(file.name)
        assert match is not None
        taken = datetime.strptime(match.group(2), "%Y%m%d-%H%M%S")
        return Version(int(match.group(1)), "（无法读取）", taken, file, problem=str(error))


def _read(file: Path) -> tuple[Version, Outline]:
    """A version file's version and outline (its number is in its name); `VersionError` naming the file
    when it is not one."""
    damaged = f"版本文件 {file} 已损坏或不是 tigang 的版本，无法读取；其他版本不受影响。"
    try:
        data = read_outline_data(file)
    except OutlineFileError as error:
        raise VersionError(f"{error} 其他版本不受影响。") from None
    meta = data.get("version") if isinstance(data, dict) else None
    if not isinstance(meta, dict):
        raise VersionError(damaged)
    name, taken = meta.get("name"), meta.get("taken")
    if not isinstance(name, str) or not isinstance(taken, str):
        raise VersionError(damaged)
    match = VERSION_FILE.match(file.name)
    assert match is not None
    number = int(match.group(1))  # the file's name, not its content: a copied file cannot take another's number
    try:
        when = datetime.fromisoformat(taken)
        outline = outline_from_data(data, f"版本文件 {file}")
    except ValueError:
        raise VersionError(damaged) from None
    except OutlineFileError as error:
        raise VersionError(f"{error} 其他版本不受影响。") from None
    return Version(number, name, when, file, outline.spoken_chars(), len(outline.parts)), outline
