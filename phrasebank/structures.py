"""Section structures (文稿结构): the parts a speech or report is built from, as editable TOML files.

Built-in structures live in `phrasebank/data/structures/*.toml`; users add their own in
`<user config dir>/structures/*.toml`. A broken user file is reported (file, line, key) and skipped;
it never hides the built-ins. Not to be confused with `phrasebank.structure`, which parses documents.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phrasebank.errors import TigangError
from phrasebank.outline import ORGANS, Item, Outline
from phrasebank.paths import DATA_DIR, user_config_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

BUILTIN_DIR = DATA_DIR / "structures"
_ID_PATTERN = re.compile(r"^[\w-]+$")

_TOP_KEYS = {"id": True, "name": True, "description": True, "order": False, "title": False, "salutation": False,
             "opening": True, "parts": True, "closing": True}
_PART_KEYS = {"title": True, "organ": False, "guide": True, "example": True}
_END_KEYS = {"guide": True, "example": True}


@dataclass(frozen=True)
class StructurePart:
    """One part of a structure: a short title, its organ if any, a one-line guide and an example heading."""

    title: str
    guide: str
    example: str
    organ: str | None = None


@dataclass(frozen=True)
class Structure:
    """A section structure: opening, parts and closing, each with a guide and an example."""

    id: str
    name: str
    description: str
    opening_guide: str
    opening_example: str
    parts: tuple[StructurePart, ...]
    closing_guide: str
    closing_example: str
    title: str = ""
    """A title template for new outlines (may hold ×× slots); "" for none."""
    salutation: str = ""
    order: int = 100
    source: Path | None = None
    builtin: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description (for `tigang structures --json` and the TUI)."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "title": self.title,
            "salutation": self.salutation,
            "opening": {"guide": self.opening_guide, "example": self.opening_example},
            "parts": [
                {"title": part.title, "organ": part.organ, "guide": part.guide, "example": part.example}
                for part in self.parts
            ],
            "closing": {"guide": self.closing_guide, "example": self.closing_example},
            "builtin": self.builtin,
            "source": str(self.source) if self.source else None,
        }


@dataclass(frozen=True)
class StructureProblem:
    """Why a structure file was skipped: the file, the line (if known), the key (if any) and what."""

    path: Path
    line: int | None
    key: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}" + (f" 第 {self.line} 行" if self.line else "")
        key = f"键 {self.key}：" if self.key else ""
        return f"{where}：{key}{self.message}；已跳过该文件。"


class StructureError(TigangError):
    """A structure file that cannot be used; carries the line and key for the report."""

    def __init__(self, message: str, *, line: int | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.key = key


@dataclass
class StructureSet:
    """All usable structures (built-ins first) and the problems of the files that were skipped."""

    structures: list[Structure] = field(default_factory=list)
    problems: list[StructureProblem] = field(default_factory=list)

    def get(self, structure_id: str) -> Structure | None:
        """The structure with this id, or None."""
        return next((s for s in self.structures if s.id == structure_id), None)


def user_structures_dir() -> Path:
    """Where users put their own structure files."""
    return user_config_dir() / "structures"


def parse_structure(text: str, source: Path, *, builtin: bool = False) -> Structure:
    """Parse and validate one structure file's text; `StructureError` names line and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        if line is None:
            match = re.search(r"line (\d+)", str(error))
            line = int(match.group(1)) if match else None
        raise StructureError("TOML 语法错误", line=line) from None
    locate = _Locator(text)

    def text_value(table: dict[str, Any], key: str, path: tuple[Any, ...], required: bool) -> str:
        value = table.get(key)
        if value is None:
            if required:
                raise StructureError("缺少此键", line=locate.table(path), key=_key_name(path, key))
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise StructureError("应为非空文字", line=locate.key(path, key), key=_key_name(path, key))
        return value.strip()

    def sub_table(key: str) -> dict[str, Any]:
        value = data.get(key)
        if value is None:
            raise StructureError(f"缺少 [{key}] 表", line=None, key=key)
        if not isinstance(value, dict):
            raise StructureError(f"{key} 应为表（[{key}]）", line=locate.key((), key), key=key)
        _reject_unknown(value, _END_KEYS, (key,), locate)
        return value

    _reject_unknown(data, _TOP_KEYS, (), locate)
    structure_id = text_value(data, "id", (), True)
    if not _ID_PATTERN.match(structure_id):
        raise StructureError("id 只能由字母、数字、汉字和连字符组成", line=locate.key((), "id"), key="id")
    name = text_value(data, "name", (), True)
    description = text_value(data, "description", (), True)
    title = text_value(data, "title", (), False)
    salutation = text_value(data, "salutation", (), False)
    order = data.get("order", 100)
    if not isinstance(order, int) or isinstance(order, bool):
        raise StructureError("order 应为整数", line=locate.key((), "order"), key="order")
    opening = sub_table("opening")
    closing = sub_table("closing")
    raw_parts = data.get("parts")
    if not isinstance(raw_parts, list) or not raw_parts:
        raise StructureError("至少需要一个 [[parts]]", line=locate.key((), "parts"), key="parts")
    parts: list[StructurePart] = []
    for index, raw in enumerate(raw_parts):
        path = ("parts", index)
        if not isinstance(raw, dict):
            raise StructureError("parts 的每一项应为表（[[parts]]）", line=locate.key((), "parts"), key="parts")
        _reject_unknown(raw, _PART_KEYS, path, locate)
        organ = text_value(raw, "organ", path, False) or None
        if organ is not None and organ not in ORGANS:
            raise StructureError(
                f"“{organ}”不是{'、'.join(ORGANS)}之一", line=locate.key(path, "organ"),
                key=_key_name(path, "organ"),
            )
        parts.append(
            StructurePart(
                title=text_value(raw, "title", path, True),
                guide=text_value(raw, "guide", path, True),
                example=text_value(raw, "example", path, True),
                organ=organ,
            )
        )
    return Structure(
        id=structure_id,
        name=name,
        description=description,
        opening_guide=text_value(opening, "guide", ("opening",), True),
        opening_example=text_value(opening, "example", ("opening",), True),
        parts=tuple(parts),
        closing_guide=text_value(closing, "guide", ("closing",), True),
        closing_example=text_value(closing, "example", ("closing",), True),
        title=title,
        salutation=salutation,
        order=order,
        source=source,
        builtin=builtin,
    )


def builtin_structures() -> list[Structure]:
    """The structures shipped with tigang; a broken one is a bug, so it raises."""
    found = [
        parse_structure(path.read_text(encoding="utf-8"), path, builtin=True)
        for path in sorted(BUILTIN_DIR.glob("*.toml"))
    ]
    return sorted(found, key=lambda s: (s.order, s.id))


def load_structures(user_dir: Path | None = None) -> StructureSet:
    """Built-in structures followed by the user's, with a problem for each user file that was skipped."""
    result = StructureSet(structures=builtin_structures())
    directory = user_structures_dir() if user_dir is None else Path(user_dir)
    if not directory.is_dir():
        return result
    user: list[Structure] = []
    for path in sorted(directory.glob("*.toml")):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            reason = "不是 UTF-8 编码" if isinstance(error, UnicodeDecodeError) else f"无法读取（{error.strerror}）"
            result.problems.append(StructureProblem(path, None, None, reason))
            continue
        try:
            structure = parse_structure(text, path)
        except StructureError as error:
            result.problems.append(StructureProblem(path, error.line, error.key, str(error)))
            continue
        clash = result.get(structure.id) or next((s for s in user if s.id == structure.id), None)
        if clash is not None:
            where = "内置结构" if clash.builtin else f"{clash.source}"
            result.problems.append(
                StructureProblem(path, _Locator(text).key((), "id"), "id",
                                 f"id “{structure.id}”与{where}重复，请改用其他 id")
            )
            continue
        user.append(structure)
    result.structures.extend(sorted(user, key=lambda s: (s.order, s.id)))
    return result


def get_structure(structure_id: str, user_dir: Path | None = None) -> Structure:
    """The structure with this id; a `TigangError` listing the available ids when there is none."""
    found = load_structures(user_dir)
    structure = found.get(structure_id)
    if structure is None:
        ids = "、".join(s.id for s in found.structures)
        raise TigangError(f"没有 id 为 “{structure_id}” 的结构；可用的有：{ids}（tigang structures 查看详情）。")
    return structure


def outline_from_structure(structure: Structure, *, title: str | None = None) -> Outline:
    """A new outline with the structure's parts as empty headings carrying their organ.

    Headings start empty on purpose: the writer writes their own parallel headings; the structure's
    guide and example are shown alongside (the TUI looks them up by `structure_id` and part number).
    """
    body = [Item(text="", level=1, organ=part.organ) for part in structure.parts]
    return Outline(
        title=structure.title if title is None else title,
        salutation=structure.salutation,
        body=body,
        structure_id=structure.id,
    )


# ---------------------------------------------------------------------- internals


def _key_name(path: Sequence[Any], key: str) -> str:
    if not path:
        return key
    if len(path) == 2:
        return f"{path[0]}[{path[1] + 1}].{key}"
    return f"{path[0]}.{key}"


def _reject_unknown(table: dict[str, Any], allowed: dict[str, bool], path: tuple[Any, ...], locate: _Locator) -> None:
    for key in table:
        if key not in allowed:
            known = "、".join(allowed)
            raise StructureError(f"未知的键（可用的键：{known}）", line=locate.key(path, key),
                                 key=_key_name(path, key))


class _Locator:
    """Finds the line of a table header or a key in TOML text, for error reports (1-based)."""

    _HEADER = re.compile(r"^\s*\[(\[)?\s*([^\]]+?)\s*\]")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def _sections(self) -> list[tuple[tuple[Any, ...], int, int]]:
        """(path, header line, end line) of every table; the top level is ((), 0, …)."""
        sections: list[tuple[tuple[Any, ...], int, int]] = []
        counts: dict[str, int] = {}
        current: tuple[Any, ...] = ()
        start = 0
        for number, line in enumerate(self.lines, start=1):
            match = self._HEADER.match(line)
            if not match:
                continue
            sections.append((current, start, number - 1))
            name = match.group(2).strip().strip('"')
            if match.group(1):
                counts[name] = counts.get(name, -1) + 1
                current = (name, counts[name])
            else:
                current = (name,)
            start = number
        sections.append((current, start, len(self.lines)))
        return sections

    def table(self, path: tuple[Any, ...]) -> int | None:
        for section, start, _end in self._sections():
            if section == path:
                return start or 1
        return None

    def key(self, path: tuple[Any, ...], key: str) -> int | None:
        pattern = re.compile(rf"^\s*(\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")
        for section, start, end in self._sections():
            if section != path:
                continue
            for number in range(max(start, 1), end + 1):
                if pattern.match(self.lines[number - 1]):
                    return number
            return start or 1
        dotted = re.compile(rf"\b{re.escape(key)}\s*=")
        for number, line in enumerate(self.lines, start=1):
            if dotted.search(line):
                return number
        return None
