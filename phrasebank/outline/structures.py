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
from phrasebank.files.config import ConfigProblem, TomlFile, load_layered, read_toml
from phrasebank.files.paths import DATA_DIR, user_config_dir
from phrasebank.outline.items import Item
from phrasebank.outline.model import Outline
from phrasebank.vocab.organs import ORGANS

BUILTIN_DIR = DATA_DIR / "structures"
_ID_PATTERN = re.compile(r"^[\w-]+$")

_TOP_KEYS = ("id", "name", "description", "order", "title", "salutation", "opening", "parts", "closing")
_PART_KEYS = ("title", "organ", "guide", "example")
_END_KEYS = ("guide", "example")


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
    structure_id = document.text_value(("id",), required=True)
    if not _ID_PATTERN.match(structure_id):
        raise document.error("id 只能由字母、数字、汉字和连字符组成", ("id",))
    name = document.text_value(("name",), required=True)
    description = document.text_value(("description",), required=True)
    title = document.text_value(("title",))
    salutation = document.text_value(("salutation",))
    order = document.value(("order",))
    if order is None:
        order = 100
    if not isinstance(order, int) or isinstance(order, bool):
        raise document.error("order 应为整数", ("order",))
    ends = {}
    for end in ("opening", "closing"):
        if document.value((end,)) is None:
            raise document.error(f"缺少 [{end}] 表", (end,))
        document.table((end,), _END_KEYS)
        guide = document.text_value((end, "guide"), required=True)
        ends[end] = (guide, document.text_value((end, "example"), required=True))
    raw_parts = document.tables(("parts",))
    if not raw_parts:
        raise document.error("至少需要一个 [[parts]]", ("parts",))
    parts: list[StructurePart] = []
    for index in range(len(raw_parts)):
        where = ("parts", index)
        document.table(where, _PART_KEYS)
        organ = document.text_value((*where, "organ")) or None
        if organ is not None and organ not in ORGANS:
            raise document.error(f"“{organ}”不是{'、'.join(ORGANS)}之一", (*where, "organ"))
        parts.append(StructurePart(
            title=document.text_value((*where, "title"), required=True),
            guide=document.text_value((*where, "guide"), required=True),
            example=document.text_value((*where, "example"), required=True),
            organ=organ,
        ))
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
            line = read_toml(path).line_of(("id",))
            result.problems.append(ConfigProblem(path, line, "id", f"id “{structure.id}”与{where}重复，请改用其他 id"))
            continue
        user.append(structure)
    result.problems.sort(key=lambda problem: str(problem.path))
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
