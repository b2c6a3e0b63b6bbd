"""The outline being edited: the `Outline`, its file, its section structure — and the one owner of
its save state.

Plain Python (no Textual). The editor changes `outline` through the engine and then asks the session
for a save job (`next_save`); the job is written in a worker on a snapshot, so the UI thread never
waits for the disk, and the worker's outcome is reported back (`saved` / `save_failed`). At most one
save runs at a time; changes made meanwhile are saved right after.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from phrasebank.errors import TigangError
from phrasebank.outline.file import load_outline, outline_from_data, outline_to_data, save_outline
from phrasebank.outline.model import Outline
from phrasebank.outline.structures import Structure, StructurePart, load_structures, outline_from_structure

OUTLINE_SUFFIX = ".json"


def default_outline_dir() -> Path:
    """Where new outlines are proposed: `~/提纲/`."""
    return Path.home() / "提纲"


def short_name(structure: Structure) -> str:
    """A structure's name without its parenthesised detail: “四个机关（政治→…）” → “四个机关”."""
    name = re.split(r"[（(]", structure.name, maxsplit=1)[0].strip()
    return re.sub(r'[\\/:*?"<>|\s]+', "-", name) or structure.id


def default_outline_path(structure: Structure, *, directory: Path | None = None, today: date | None = None) -> Path:
    """`~/提纲/<structure name>-<date>.json`, with -2, -3 … added when that file exists."""
    directory = default_outline_dir() if directory is None else directory
    stem = f"{short_name(structure)}-{(today or date.today()):%Y%m%d}"
    candidate = directory / f"{stem}{OUTLINE_SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = directory / f"{stem}-{number}{OUTLINE_SUFFIX}"
        number += 1
    return candidate


def normalise_path(text: str) -> Path:
    """A path typed by the user: `~` expanded, `.json` added when there is no suffix."""
    text = text.strip().strip("\"'")
    if not text:
        raise TigangError("请输入文件路径。")
    path = Path(text).expanduser()
    if not path.suffix:
        path = path.with_name(path.name + OUTLINE_SUFFIX)
    return path


@dataclass(frozen=True)
class SaveJob:
    """One save to run: an independent copy of the outline, the revision it has, and where it goes."""

    snapshot: Outline
    revision: int
    path: Path


@dataclass
class OutlineSession:
    """An open outline: the model, the file it saves to, its structure (for guides) and save state."""

    outline: Outline
    path: Path
    structure: Structure | None = None
    saved_revision: int = 0
    save_error: str = ""
    saving: bool = False
    """A save job is out (being written by a worker)."""
    write_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    """Held while the file is written, so an autosave worker and a save on quit never overlap."""

    @classmethod
    def open(cls, path: Path) -> OutlineSession:
        """Load an outline file; `TigangError` (with recovery advice) when it cannot be read."""
        path = Path(path).expanduser()
        outline = load_outline(path)
        structure = load_structures().get(outline.structure_id) if outline.structure_id else None
        return cls(outline, path.resolve(), structure, outline.revision)

    @classmethod
    def create(cls, structure: Structure, path: Path) -> OutlineSession:
        """Start a new outline from `structure` and save it at once; refuses to replace a file."""
        path = Path(path).expanduser()
        if path.exists():
            raise TigangError(f"文件 {path} 已存在；请换一个文件名，或在开始页打开它。")
        outline = outline_from_structure(structure)
        try:
            save_outline(outline, path)
        except OSError as error:
            raise TigangError(f"无法在 {path} 创建提纲（{error.strerror}）；请换一个位置。") from None
        return cls(outline, path.resolve(), structure, outline.revision)

    @property
    def dirty(self) -> bool:
        """Changed since the last successful save."""
        return self.outline.revision != self.saved_revision

    def snapshot(self) -> Outline:
        """An independent copy of the outline, safe to save or check from another thread."""
        return outline_from_data(outline_to_data(self.outline))

    def next_save(self) -> SaveJob | None:
        """A save to run now, or None when nothing is unsaved or a save is already out (its
        `saved` will ask again)."""
        if self.saving or not (self.dirty or self.save_error):
            return None
        self.saving = True
        return SaveJob(self.snapshot(), self.outline.revision, self.path)

    def write(self, job: SaveJob) -> None:
        """Write a save job (in a worker); `TigangError` when it fails."""
        with self.write_lock:
            write_snapshot(job.snapshot, job.path)

    def saved(self, revision: int) -> None:
        """A save job finished: everything up to `revision` is on disk."""
        self.saving = False
        self.saved_revision = max(self.saved_revision, revision)
        self.save_error = ""

    def save_failed(self, error: str) -> None:
        """A save job failed; the outline stays unsaved and says why."""
        self.saving = False
        self.save_error = error

    def save_now(self) -> None:
        """Save synchronously (on quit or close), if anything is unsaved; `TigangError` when it fails."""
        if not self.dirty:
            return
        revision = self.outline.revision
        with self.write_lock:
            write_snapshot(self.snapshot(), self.path)
        self.saved(revision)

    def part_guide(self, part_number: int, organ: str | None = None) -> StructurePart | None:
        """The structure's guide for a part: the structure part of the same organ if it has one
        (parts keep their guide when moved or when another is deleted), else the `part_number`-th."""
        if self.structure is None:
            return None
        if organ is not None:
            same = [part for part in self.structure.parts if part.organ == organ]
            if len(same) == 1:
                return same[0]
        if not 1 <= part_number <= len(self.structure.parts):
            return None
        return self.structure.parts[part_number - 1]


def write_snapshot(outline: Outline, path: Path) -> None:
    """`save_outline`, with OS errors turned into a one-line `TigangError`."""
    try:
        save_outline(outline, path)
    except OSError as error:
        raise TigangError(f"无法保存到 {path}（{error.strerror}）；请检查磁盘或换一个位置（导出）。") from None
