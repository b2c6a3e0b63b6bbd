"""The “四个机关”: their names, and tagging a text with the organ it belongs to, and why.

`ORGANS` is defined here and nowhere else. The vocabulary (names and weighted terms per organ) comes
from the shipped `organs.toml` plus the writer's own file, read by `phrasebank.files.config`.

Two cases are decided by rule, never one organ at random:
- a text that names all four organs — by their collective name (“四个机关”, `collective` in the
  TOML) or each by its own — concerns all four, and is tagged with all four, the reason in `why`
  (“四个机关” used to take the organ of whichever part it stood in); and a part whose heading names
  them all (“努力建设“四个机关””) leans to no one organ, so nothing under it inherits one;
- a text that names no organ gets one only on evidence: its own vocabulary, or a part whose heading
  and vocabulary clearly point at one organ (the reason names the part). Without either it gets none.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypedDict

from phrasebank.files.config import ConfigProblem, TomlFile, load_layered
from phrasebank.files.paths import DATA_DIR, user_config_dir

ORGANS = ("政治机关", "权力机关", "工作机关", "代表机关")
"""The four organs, in the canonical order of the 四个机关 structure."""

ORGAN_SHORT = {"政治机关": "政治", "权力机关": "权力", "工作机关": "工作", "代表机关": "代表"}
"""Two-character names, where a column is narrow."""

SECTION_WEIGHT = 1.0
"""Score a phrase gets for sitting in a section whose vocabulary points clearly at one organ."""

DEFAULT_THRESHOLD = 2.0
THRESHOLD_RANGE = (0.1, 100.0)
"""What a vocabulary file may set `threshold` to."""
MAX_WEIGHT = 100.0
MAX_NAMES = 20
"""Ways of writing one organ's name a file may list."""
MAX_NAME_CHARS = 20
MAX_TERMS = 2000
"""Weighted terms per organ in one file: all of them go into one regex that every mined phrase passes."""
MAX_TERM_CHARS = 30


class TagDict(TypedDict):
    """An organ tag as stored in the bank and shown in `--json`."""

    organ: str
    how: str
    score: float
    why: str


COLLECTIVE_NAMES = ("四个机关",)
"""The name of the four organs together, when no vocabulary file says otherwise."""

NAMED_CACHE = 4096
"""Texts whose named organs a vocabulary remembers at most (headings recur; phrases mostly do not)."""

@dataclass(frozen=True)
class OrganTag:
    """One organ assigned to a text: how (explicit / inferred), the score, and the evidence."""

    organ: str
    how: str  # "explicit" | "inferred"
    score: float
    why: str

    def to_dict(self) -> TagDict:
        return {"organ": self.organ, "how": self.how, "score": round(self.score, 2), "why": self.why}


def organ_mask(organs: Iterable[str]) -> int:
    """Bit mask of organ names (bit i = ORGANS[i]), for fast filtering."""
    return sum(1 << ORGANS.index(organ) for organ in set(organs) if organ in ORGANS)


def organs_of_mask(mask: int) -> tuple[str, ...]:
    """The organ names of a bit mask, in the canonical order."""
    return tuple(organ for index, organ in enumerate(ORGANS) if mask & (1 << index))


def merge_organ_tags(tag_lists: Iterable[Sequence[TagDict]]) -> list[TagDict]:
    """Union of organ tags over occurrences: explicit wins over inferred, then the higher score."""
    best: dict[str, TagDict] = {}
    for tags in tag_lists:
        for tag in tags:
            current = best.get(tag["organ"])
            if current is None or _strength(tag) > _strength(current):
                best[tag["organ"]] = tag
    return [best[organ] for organ in ORGANS if organ in best]


def _strength(tag: TagDict) -> tuple[bool, float]:
    """How strongly a tag holds: explicit before inferred, then by score."""
    return tag["how"] == "explicit", tag["score"]


def merged_tags_json(tag_lists: Iterable[Sequence[TagDict]]) -> tuple[str, int]:
    """The merged tags as stored (JSON text) and their organ mask: one phrase over all its occurrences."""
    merged = merge_organ_tags(tag_lists)
    return json.dumps(merged, ensure_ascii=False), organ_mask(tag["organ"] for tag in merged)


@dataclass
class Vocabulary:
    """Organ names and weighted terms, from the shipped TOML plus the user's own file."""

    names: dict[str, list[str]]
    terms: dict[str, dict[str, float]]
    threshold: float
    sources: list[Path] = field(default_factory=list)
    problems: list[ConfigProblem] = field(default_factory=list)
    collective: list[str] = field(default_factory=lambda: list(COLLECTIVE_NAMES))
    """Names of all four organs together (“四个机关”)."""
    _named: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """One alternation of every term, longest first, so a scan finds each term once."""
        terms = sorted({term for organ_terms in self.terms.values() for term in organ_terms}, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, terms))) if terms else re.compile(r"(?!)")

    def scores(self, text: str) -> dict[str, tuple[float, list[str]]]:
        """Per organ: the summed weight of its terms found in `text`, and which terms they were."""
        found: dict[str, tuple[float, list[str]]] = {}
        matched = self.pattern.findall(text) if text else []  # the pattern has no groups: whole matches
        if not matched:  # most phrases: nothing to weigh
            return found
        for organ, terms in self.terms.items():
            hits = [term for term in matched if term in terms]
            if hits:
                found[organ] = (sum(terms[term] for term in hits), hits)
        return found

    @cached_property
    def _name_pattern(self) -> tuple[re.Pattern[str], dict[str, str]]:
        """One alternation of every organ name (longest first), and which organ each name is."""
        owner = {name: organ for organ in ORGANS for name in self.names.get(organ, ())}
        names = sorted(owner, key=len, reverse=True)
        return (re.compile("|".join(map(re.escape, names))) if names else re.compile(r"(?!)")), owner

    def named(self, text: str) -> list[str]:
        """Organs whose name appears in `text` (mining asks this of every phrase, so one regex scan)."""
        if not text:
            return []
        if text in self._named:  # a section heading is asked about for every phrase under it
            return self._named[text]
        pattern, owner = self._name_pattern
        found = {owner[name] for name in pattern.findall(text)}
        named = [organ for organ in ORGANS if organ in found]
        if len(self._named) >= NAMED_CACHE:
            self._named.clear()
        self._named[text] = named
        return named

    def names_all(self, text: str) -> str:
        """How `text` names all four organs: the collective name it uses, "全部四个机关" when it names each,
        or "" when it does not."""
        for name in self.collective:
            if name in text:
                return name
        return "全部四个机关" if len(self.named(text)) == len(ORGANS) else ""

    def section_organ(self, heading: str, body: str) -> tuple[str, float] | None:
        """The organ a section is clearly about, judged by its heading and body vocabulary, if any (none
        for a part whose heading names all four organs: it concerns them all)."""
        if self.names_all(heading):
            return None
        named = self.named(heading)
        if len(named) == 1:
            return named[0], float("inf")
        totals = {organ: 2 * score for organ, (score, _) in self.scores(heading).items()}
        for organ, (score, _) in self.scores(body).items():
            totals[organ] = totals.get(organ, 0.0) + score / max(1.0, len(body) / 300)
        ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)
        if not ranked or ranked[0][1] < self.threshold:
            return None
        if len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]:
            return None
        return ranked[0]

    def tag(self, text: str, section_heading: str = "", section_organ: str | None = None) -> list[OrganTag]:
        """Organs for `text`: all four when it names all four; else explicit when it or its section
        heading names one, else inferred by score (see the module's docstring)."""
        collective = self.names_all(text)
        if collective:
            why = f"文中点名“{collective}”，四个机关都涉及" if collective in self.collective else "文中点名全部四个机关"
            return [OrganTag(organ, "explicit", self.threshold * 2, why) for organ in ORGANS]
        tags: dict[str, OrganTag] = {}
        for organ in self.named(text):
            tags[organ] = OrganTag(organ, "explicit", self.threshold * 2, f"文中点名“{organ}”")
        for organ in self.named(section_heading):
            tags.setdefault(organ, OrganTag(organ, "explicit", self.threshold * 2, f"所在部分标题点名“{organ}”"))
        own = self.scores(text)
        for organ, (score, hits) in own.items():
            bonus = SECTION_WEIGHT if organ == section_organ else 0.0
            if organ not in tags and score + bonus >= self.threshold:
                why = "词语：" + "、".join(f"{term}({self.terms[organ][term]:g})" for term in dict.fromkeys(hits))
                if bonus:
                    why += f"；所在部分偏向{organ}(+{bonus:g})"
                tags[organ] = OrganTag(organ, "inferred", score + bonus, why)
        if section_organ and section_organ not in tags and not tags:
            why = f"所在部分“{section_heading[:20]}”的词语偏向{section_organ}"
            tags[section_organ] = OrganTag(section_organ, "inferred", SECTION_WEIGHT, why)
        return [tags[organ] for organ in ORGANS if organ in tags]


@dataclass(frozen=True)
class _VocabularyFile:
    """What one organs.toml holds, validated."""

    path: Path
    threshold: float | None
    names: dict[str, tuple[str, ...]]
    terms: dict[str, dict[str, float]]
    collective: tuple[str, ...] = ()


def _parse_vocabulary(document: TomlFile) -> _VocabularyFile:
    """What one organs.toml holds, every value checked: a name or term that would match too much is refused.

    An empty name is a substring of every text and a one-character name of most, so either would tag
    texts with an organ at random; names must have at least two characters.
    """
    top = document.table((), ("threshold", "collective", "organ"))
    low, high = THRESHOLD_RANGE
    threshold = document.number(("threshold",), DEFAULT_THRESHOLD, low=low, high=high) if "threshold" in top else None
    collective = document.strings(("collective",), max_items=MAX_NAMES, max_chars=MAX_NAME_CHARS)
    for number, name in enumerate(collective, start=1):
        if len(name) < 2:
            raise document.error(f"第 {number} 项“{name}”太短：名称至少两个字", ("collective",))
    organs = document.table(("organ",), ORGANS)
    names: dict[str, tuple[str, ...]] = {}
    terms: dict[str, dict[str, float]] = {}
    for organ in organs:
        document.table(("organ", organ), ("names", "terms"))
        names_at = ("organ", organ, "names")
        names[organ] = document.strings(names_at, max_items=MAX_NAMES, max_chars=MAX_NAME_CHARS)
        for number, name in enumerate(names[organ], start=1):
            if len(name) < 2:
                reason = "机关名称至少两个字，否则几乎每段文字都会被归入该机关"
                raise document.error(f"第 {number} 项“{name}”太短：{reason}", names_at)
        terms_at = ("organ", organ, "terms")
        weights = document.table(terms_at, None)
        if len(weights) > MAX_TERMS:
            raise document.error(f"词语过多（最多 {MAX_TERMS} 个，现有 {len(weights)} 个）", terms_at)
        terms[organ] = {}
        for term in weights:
            text = document.checked_key(term, terms_at, what="词语", max_chars=MAX_TERM_CHARS)
            terms[organ][text] = document.number((*terms_at, term), 1.0, low=0.0, high=MAX_WEIGHT)
    return _VocabularyFile(document.path, threshold, names, terms, collective)


def load_vocabulary(extra: Path | None = None) -> Vocabulary:
    """The shipped vocabulary merged with the user's `organs.toml` (or `extra`); a user file that
    cannot be used is skipped and listed in `problems`."""
    user_file = extra or (user_config_dir() / "organs.toml")
    files, problems = load_layered([DATA_DIR / "organs.toml"], [user_file] if user_file.is_file() else [],
                                   _parse_vocabulary)
    names: dict[str, list[str]] = {organ: [] for organ in ORGANS}
    terms: dict[str, dict[str, float]] = {organ: {} for organ in ORGANS}
    threshold = DEFAULT_THRESHOLD
    collective: list[str] = []
    for found in files:
        threshold = found.threshold if found.threshold is not None else threshold
        collective.extend(name for name in found.collective if name not in collective)
        for organ, organ_names in found.names.items():
            names[organ].extend(name for name in organ_names if name not in names[organ])
        for organ, weights in found.terms.items():
            terms[organ].update(weights)
    return Vocabulary(names, terms, threshold, [found.path for found in files], problems=problems,
                      collective=collective or list(COLLECTIVE_NAMES))
