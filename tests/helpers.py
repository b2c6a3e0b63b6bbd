"""What several tests share: the seed files, and the outline of seed 000 (four “机关” headings, three
lead sentences each) built with the model's own operations from the seed text."""
from __future__ import annotations

import re

from phrasebank.files.paths import seeds_dir
from phrasebank.outline.model import Outline
from phrasebank.vocab.organs import ORGANS

SEEDS = seeds_dir()
SEED_000 = SEEDS / "000_a1e8370de8451ecc.txt"
SEED_001 = SEEDS / "001_24652ae998bcd7a2.txt"
SEED_002 = SEEDS / "002_146644dc52dd1c41.txt"
SEED_003 = SEEDS / "003_b77b6096b01c653e.txt"
SEED_004 = SEEDS / "004_010e710b36393846.txt"
ALL_SEEDS = [SEED_000, SEED_001, SEED_002, SEED_003, SEED_004]

HEADING = re.compile(r"^([一二三四])、(.+)$")


def seed_000_sections() -> list[tuple[str, list[str]]]:
    """(heading, [lead sentence, …]) of seed 000: a lead sentence is a paragraph's text up to its first 。."""
    sections: list[tuple[str, list[str]]] = []
    for line in SEED_000.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        match = HEADING.match(line)
        if match:
            sections.append((match.group(2), []))
        elif sections and len(sections[-1][1]) < 3 and "。" in line:
            sections[-1][1].append(line[: line.index("。") + 1])
    return sections


def seed_000_closing() -> list[str]:
    """The seed's last two paragraphs: “下一步，……” and “汇报完毕，谢谢大家！”."""
    lines = [line.strip() for line in SEED_000.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[-2:]


def build_seed_000(*, with_extras: bool = True) -> Outline:
    """Seed 000 as an outline, assembled through add/insert/move operations (not by constructing lists)."""
    sections = seed_000_sections()
    outline = Outline(structure_id="si-ge-jiguan")
    if with_extras:
        outline.set_title("县人大常委会机关党支部建设模范机关情况汇报")
        outline.set_salutation("尊敬的××，同志们：")
        outline.fill_next_slot("王主任")
    # parts out of order, then put right with move operations
    last = outline.add_part(sections[3][0], organ=ORGANS[3])
    first = outline.insert_before(last.id, sections[0][0])
    outline.edit(first.id, organ=ORGANS[0])
    third = outline.add_part(sections[2][0], organ=ORGANS[2])
    outline.move_up(third.id)
    second = outline.add_part(sections[1][0], organ=ORGANS[1], index=1)
    for part, (_, leads) in zip(outline.parts, sections, strict=True):
        assert part.id in (first.id, second.id, third.id, last.id)
        previous = None
        for lead in leads:
            previous = (
                outline.add_child(part.id, lead) if previous is None else outline.insert_after(previous.id, lead)
            )
    if with_extras:
        for paragraph in seed_000_closing():
            outline.add_paragraph("closing", paragraph)
    return outline
