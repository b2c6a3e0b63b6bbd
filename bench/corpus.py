"""Synthetic corpora recombined from seed paragraphs, for the mining test and benchmarks.

Each generated document keeps the seeds' real shape and noise (D masks, placeholders, ads, half-width
punctuation): a salutation, an opening, three to five numbered parts taken whole from the seeds and
renumbered, and a closing. Deterministic for a given seed number.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from phrasebank.files.paths import seeds_dir

NUMERALS = "一二三四五六七八九十"
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass
class SeedPieces:
    """Raw lines of the seeds, sorted into the parts a document is made of."""

    salutations: list[str]
    openings: list[list[str]]
    parts: list[list[str]]
    closings: list[list[str]]


def seed_pieces() -> SeedPieces:
    pieces = SeedPieces([], [], [], [])
    for path in sorted(seeds_dir().glob("*.txt")):
        lines = [line.rstrip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        first_part = next(i for i, line in enumerate(lines) if _HEADING.match(line))
        head = lines[:first_part]
        if head and head[0].endswith(("：", ":")) and len(head[0]) < 40:
            pieces.salutations.append(head[0])
            head = head[1:]
        pieces.openings.append(head)
        current: list[str] = []
        tail_start = len(lines)
        for index in range(first_part, len(lines)):
            line = lines[index]
            if _HEADING.match(line):
                if current:
                    pieces.parts.append(current)
                current = [line]
            elif re.match(r"^(下一步|过去的一年|在总结成绩|同志们，我坚信|发言完毕|汇报完毕)", line):
                tail_start = index
                break
            else:
                current.append(line)
        pieces.parts.append(current)
        pieces.closings.append(lines[tail_start:])
    return pieces


def make_document(rng: random.Random, pieces: SeedPieces, parts: tuple[int, int] = (3, 5)) -> str:
    """One recombined document's text, with between `parts[0]` and `parts[1]` numbered parts."""
    lines = [rng.choice(pieces.salutations)] if rng.random() < 0.8 else []
    lines += rng.choice(pieces.openings)
    for number, part in enumerate(rng.sample(pieces.parts, rng.randint(*parts))):
        lines.append(_HEADING.sub(NUMERALS[number] + "、", part[0]))
        lines += part[1:]
    lines += rng.choice(pieces.closings)
    return "\n".join(lines) + "\n"


def write_corpus(
    folder: Path,
    documents: int,
    seed: int = 7,
    docx_every: int = 50,
    gb_every: int = 7,
    broken: bool = True,
    parts: tuple[int, int] = (3, 5),
) -> list[Path]:
    """Write `documents` recombined files (some GB18030, some .md, some .docx) plus a few broken ones."""
    rng = random.Random(seed)
    pieces = seed_pieces()
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for index in range(documents):
        text = make_document(rng, pieces, parts)
        sub = folder / f"{index % 10:02d}"
        sub.mkdir(exist_ok=True)
        if docx_every and index % docx_every == docx_every - 1:
            import docx

            document = docx.Document()
            for line in text.splitlines():
                document.add_paragraph(line)
            path = sub / f"材料{index:05d}.docx"
            document.save(path)
        elif gb_every and index % gb_every == 3:
            path = sub / f"材料{index:05d}.txt"
            path.write_bytes(text.encode("gb18030"))
        else:
            path = sub / f"材料{index:05d}{'.md' if index % 11 == 5 else '.txt'}"
            path.write_text(text, encoding="utf-8")
        written.append(path)
    if broken:
        (folder / "空文件.txt").write_bytes(b"")
        (folder / "图片.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
        (folder / "损坏.docx").write_bytes(b"PK\x03\x04" + b"\x00broken" * 40)
        (folder / "旧版.doc").write_bytes(b"\xd0\xcf\x11\xe0")  # not a mined suffix: ignored, not an error
    return written


def corpus_text(characters: int, seed: int = 11) -> list[str]:
    """Recombined documents adding up to at least `characters` characters."""
    rng = random.Random(seed)
    pieces = seed_pieces()
    texts: list[str] = []
    total = 0
    while total < characters:
        text = make_document(rng, pieces)
        texts.append(text)
        total += len(text)
    return texts
