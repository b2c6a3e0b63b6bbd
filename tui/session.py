"""The outline being edited: the `Outline`, its file, its section structure — and the one owner of
its save state.

Plain Python (no Textual). The editor changes `outline` through the engine and then asks the session
for a save job (`next_save`); the job is written in a worker on a snapshot, so the UI thread never
waits for the disk, and the worker's outcome is reported back (`saved` / `save_failed`). At most one
save runs at a time; changes made meanwhile are saved right after.

The file may be changed by other hands while it is open (another editor, `tigang add`, a sync tool):
every save merges with what is on disk (`phrasebank.outline.sharing`), and the editor asks for a
save whenever `changed_on_disk` says the file moved, so the writer sees the others' work too.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from phrasebank.errors import TigangError, os_error_message
from phrasebank.files.locking import Claim
from phrasebank.outline.file import load_outline, outline_from_data, outline_to_data, save_outline
from phrasebank.outline.history import State
from phrasebank.outline.merging import merge_states
from phrasebank.outline.model import Outline
from phrasebank.outline.sharing import SharedSave, claim_for_editing, file_stamp, outline_lock, save_merged
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
    """One save to run: an independent copy of the outline, the revision it has, where it goes, and
    what the file held when this editor last read or wrote it (the base of a merge)."""

    snapshot: Outline
    revision: int
    path: Path
    base: State


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
    base: State | None = None
    """The content of the file as this editor last read or wrote it."""
    disk_stamp: tuple[int, int, int] | None = None
    """The file's (inode, size, modification time) then: when it moves, someone else saved."""
    claim: Claim | None = field(default=None, repr=False)
    """This editor's claim on the file (None when another editor had it first)."""

    def __post_init__(self) -> None:
        if self.base is None:
            self.base = self.outline.snapshot()
        self.disk_stamp = file_stamp(self.path)

    @classmethod
    def open(cls, path: Path) -> OutlineSession:
        """Load an outline file; `TigangError` (with recovery advice) when it cannot be read."""
        path = Path(path).expanduser()
        outline = load_outline(path)
        structure = load_structures().get(outline.structure_id) if outline.structure_id else None
        session = cls(outline, path.resolve(), structure, outline.revision)
        session.claim = claim_for_editing(session.path)
        return session

    @classmethod
    def create(cls, structure: Structure, path: Path) -> OutlineSession:
        """Start a new outline from `structure` and save it at once; refuses to replace a file."""
        path = Path(path).expanduser()
        outline = outline_from_structure(structure)
        try:
            with outline_lock(path):
                if path.exists():
                    raise TigangError(f"文件 {path} 已存在；请换一个文件名，或在开始页打开它。")
                save_outline(outline, path)
        except OSError as error:
            raise TigangError(os_error_message(error, "创建提纲")) from None
        session = cls(outline, path.resolve(), structure, outline.revision)
        session.claim = claim_for_editing(session.path)
        return session

    @property
    def shared(self) -> bool:
        """Another editor had this file open first (both save, and each merges the other's changes)."""
        return self.claim is None

    def close(self) -> None:
        """Give up this editor's claim on the file."""
        if self.claim is not None:
            self.claim.release()
            self.claim = None

    def changed_on_disk(self) -> bool:
        """Whether the file changed since this editor last read or wrote it."""
        return file_stamp(self.path) != self.disk_stamp

    @property
    def dirty(self) -> bool:
        """Changed since the last successful save."""
        return self.outline.revision != self.saved_revision

    def snapshot(self) -> Outline:
        """An independent copy of the outline, safe to save or check from another thread."""
        return outline_from_data(outline_to_data(self.outline))

    def next_save(self, *, sync: bool = False) -> SaveJob | None:
        """A save to run now, or None when nothing is unsaved or a save is already out (its
        `saved` will ask again). With `sync`, also when the file changed on disk (to take that in)."""
        if self.saving or not (self.dirty or self.save_error or (sync and self.changed_on_disk())):
            return None
        self.saving = True
        assert self.base is not None
        return SaveJob(self.snapshot(), self.outline.revision, self.path, self.base)

    def write(self, job: SaveJob) -> SharedSave:
        """Write a save job (in a worker), merged with what others saved meanwhile; `TigangError`
        when it fails."""
        with self.write_lock:
            return write_snapshot(job.snapshot, job.path, job.base)

    def saved(self, job: SaveJob, outcome: SharedSave) -> None:
        """A save job finished. When others had saved meanwhile, what the file now holds is taken
        into the outline (one undo step), keeping the edits made while the job was written."""
        self.saving = False
        self.save_error = ""
        self.base, self.disk_stamp = outcome.on_disk, outcome.stamp
        if not outcome.merged:
            self.saved_revision = max(self.saved_revision, job.revision)
            return
        live = self.outline.snapshot()
        self.outline.adopt(merge_states(job.snapshot.snapshot(), live, outcome.on_disk).state)
        if self.outline.snapshot() == outcome.on_disk:
            self.saved_revision = self.outline.revision

    def save_failed(self, error: str) -> None:
        """A save job failed; the outline stays unsaved and says why."""
        self.saving = False
        self.save_error = error

    def save_now(self) -> None:
        """Save synchronously (on quit or close), if anything is unsaved; `TigangError` when it fails."""
        if not self.dirty:
            return
        assert self.base is not None
        job = SaveJob(self.snapshot(), self.outline.revision, self.path, self.base)
        self.saving = True
        try:
            outcome = self.write(job)
        except TigangError:
            self.saving = False
            raise
        self.saved(job, outcome)

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


def write_snapshot(outline: Outline, path: Path, base: State) -> SharedSave:
    """`save_merged`, with OS errors turned into a one-line `TigangError`."""
    try:
        return save_merged(path, outline, base)
    except OSError as error:
        raise TigangError(os_error_message(error, "保存提纲")) from None
