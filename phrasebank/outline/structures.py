"""Section structures (文稿结构): the parts a speech or report is built from, as editable TOML files.

Built-in structures live in `phrasebank/data/structures/*.toml`; users add their own in
`<user config dir>/structures/*.toml`. A broken user file is reported (file, line, key) and skipped;
it never hides the built-ins. Not to be confused with `phrasebank.documents.parse`, which parses documents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from phrasebank.errors import TigangError
from phrasebank.files.config import ConfigError, ConfigProblem, TomlFile, load_layered, read_toml
from phrasebank.files.paths import DATA_DIR, user_config_dir
from phrasebank.outline.items import Item
from phrasebank.outline.model import Outline
from phrasebank.vocab.organs import ORGANS

BUILTIN_DIR = DATA_DIR / "structures"
_ID_PATTERN = re.compile(r"^[\w-]+$")

_TOP_KEYS = ("id", "name", "description", "order", "title", "salutation", "opening", "parts", "closing")
_PART_KEYS = ("title", "organ", "guide", "example")
_END_KEYS = ("guide", "example")

MAX_PARTS = 30
"""Parts of one structure; a speech has three to six, and headings are numbered up to 九十九."""
MAX_ORDER = 10_000
_MAX_CHARS = {"id": 64, "name": 60, "title": 100, "salutation": 100, "description": 300, "guide": 300,
              "example": 500}
"""The longest each text may be (built-ins use at most a fifth of it); part titles count as names."""


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

    def to_dict(self) -> dict[str, object]:
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


@dataclass
class StructureSet:
    """All usable structures (built-ins first) and the problems of the files that were skipped."""

    structures: list[Structure] = field(default_factory=list)
    problems: list[ConfigProblem] = field(default_factory=list)

    def get(self, structure_id: str) -> Structure | None:
        """The structure with this id, or None."""
        return next((s for s in self.structures if s.id == structure_id), None)


def user_structures_dir() -> Path:
    """Where users put their own structure files."""
    return user_config_dir() / "structures"


def parse_structure(document: TomlFile) -> Structure:
    """Validate one structure file; `ConfigError` names the line and key of the first problem."""
    document.table((), _TOP_KEYS)
    structure_id = document.text_value(("id",), required=True, max_chars=_MAX_CHARS["id"])
    if not _ID_PATTERN.match(structure_id):
        raise document.error("id 只能由字母、数字、汉字和连字符组成", ("id",))
    name = document.text_value(("name",), required=True, max_chars=_MAX_CHARS["name"])
    description = document.text_value(("description",), required=True, max_chars=_MAX_CHARS["description"])
    title = document.text_value(("title",), max_chars=_MAX_CHARS["title"])
    salutation = document.text_value(("salutation",), max_chars=_MAX_CHARS["salutation"])
    order = document.integer(("order",), 100, low=-MAX_ORDER, high=MAX_ORDER)
    ends = {}
    for end in ("opening", "closing"):
        if document.value((end,)) is None:
            raise document.error(f"缺少 [{end}] 表", (end,))
        document.table((end,), _END_KEYS)
        guide = document.text_value((end, "guide"), required=True, max_chars=_MAX_CHARS["guide"])
        ends[end] = (guide, document.text_value((end, "example"), required=True, max_chars=_MAX_CHARS["example"]))
    raw_parts = document.tables(("parts",))
    if not raw_parts:
        raise document.error("至少需要一个 [[parts]]", ("parts",))
    if len(raw_parts) > MAX_PARTS:
        raise document.error(f"部分过多（最多 {MAX_PARTS} 个，现有 {len(raw_parts)} 个）", ("parts", MAX_PARTS))
    parts = [_parse_part(document, ("parts", index)) for index in range(len(raw_parts))]
    return Structure(
        id=structure_id,
        name=name,
        description=description,
        opening_guide=ends["opening"][0],
        opening_example=ends["opening"][1],
        parts=tuple(parts),
        closing_guide=ends["closing"][0],
        closing_example=ends["closing"][1],
        title=title,
        salutation=salutation,
        order=order,
        source=document.path,
        builtin=document.builtin,
    )


def _parse_part(document: TomlFile, where: tuple[str, int]) -> StructurePart:
    """One [[parts]] table, validated."""
    document.table(where, _PART_KEYS)
    organ = document.text_value((*where, "organ")) or None
    if organ is not None and organ not in ORGANS:
        raise document.error(f"“{organ}”不是{'、'.join(ORGANS)}之一", (*where, "organ"))
    return StructurePart(
        title=document.text_value((*where, "title"), required=True, max_chars=_MAX_CHARS["name"]),
        guide=document.text_value((*where, "guide"), required=True, max_chars=_MAX_CHARS["guide"]),
        example=document.text_value((*where, "example"), required=True, max_chars=_MAX_CHARS["example"]),
        organ=organ,
    )


def builtin_structures() -> list[Structure]:
    """The structures shipped with tigang; a broken one is a bug, so it raises."""
    found, _ = load_layered(sorted(BUILTIN_DIR.glob("*.toml")), [], parse_structure)
    return sorted(found, key=lambda s: (s.order, s.id))


def load_structures(user_dir: Path | None = None) -> StructureSet:
    """Built-in structures followed by the user's, with a problem for each user file that was skipped."""
    directory = user_structures_dir() if user_dir is None else Path(user_dir)
    user_files = sorted(directory.glob("*.toml")) if directory.is_dir() else []
    found, problems = load_layered(sorted(BUILTIN_DIR.glob("*.toml")), user_files, parse_structure)
    result = StructureSet(sorted((s for s in found if s.builtin), key=lambda s: (s.order, s.id)), problems)
    user: list[Structure] = []
    for structure in (s for s in found if not s.builtin):
        clash = result.get(structure.id) or next((s for s in user if s.id == structure.id), None)
        if clash is not None:
            where = "内置结构" if clash.builtin else f"{clash.source}"
            path = structure.source or directory
            line = _line_of_id(path)
            result.problems.append(ConfigProblem(path, line, "id", f"id “{structure.id}”与{where}重复，请改用其他 id"))
            continue
        user.append(structure)
    result.problems.sort(key=lambda problem: str(problem.path))
    result.structures.extend(sorted(user, key=lambda s: (s.order, s.id)))
    return result


def _line_of_id(path: Path) -> int | None:
    """The line of `id` in a structure file just read (None if it changed on disk meanwhile)."""
    try:
        return read_toml(path).line_of(("id",))
    except ConfigError:
        return None


def get_structure(structure_id: str, user_dir: Path | None = None) -> Structure:
    """The structure with this id; a `TigangError` listing the available ids when there is none."""
    found = load_structures(user_dir)
    structure = found.get(structure_id)
    if structure is None:
        ids = "、".join(s.id for s in found.structures)
        skipped = f"另有 {len(found.problems)} 个自定义结构文件有错误未载入，" if found.problems else ""
        raise TigangError(
            f"没有 id 为 “{structure_id}” 的结构；可用的有：{ids}（{skipped}tigang structures 查看详情）。"
        )
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
