"""四个机关 tagging: which organ a phrase belongs to, and why (explicit name or inferred vocabulary)."""
from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from phrasebank.errors import TigangError
from phrasebank.paths import DATA_DIR, user_config_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ORGANS = ("政治机关", "权力机关", "工作机关", "代表机关")
"""The four organs, in the canonical order of the 四个机关 structure."""

SECTION_WEIGHT = 1.0
"""Score a phrase gets for sitting in a section whose vocabulary points clearly at one organ."""


@dataclass(frozen=True)
class OrganTag:
    """One organ assigned to a text: how (explicit / inferred), the score, and the evidence."""

    organ: str
    how: str  # "explicit" | "inferred"
    score: float
    why: str

    def to_dict(self) -> dict[str, object]:
        return {"organ": self.organ, "how": self.how, "score": round(self.score, 2), "why": self.why}


def merge_organ_tags(tag_lists: Iterable[list[dict[str, object]]]) -> list[dict[str, object]]:
    """Union of organ tags over occurrences: explicit wins over inferred, then the higher score."""
    best: dict[str, dict[str, object]] = {}
    for tags in tag_lists:
        for tag in tags:
            organ = str(tag["organ"])
            current = best.get(organ)
            if current is None or (tag["how"] == "explicit", float(tag["score"])) > (current["how"] == "explicit", float(current["score"])):  # type: ignore[arg-type]
                best[organ] = tag
    return [best[organ] for organ in ORGANS if organ in best]


@dataclass
class Vocabulary:
    """Organ names and weighted terms, from the shipped TOML plus the user's own file."""

    names: dict[str, list[str]]
    terms: dict[str, dict[str, float]]
    threshold: float
    sources: list[Path] = field(default_factory=list)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """One alternation of every term, longest first, so a scan finds each term once."""
        terms = sorted({term for organ_terms in self.terms.values() for term in organ_terms}, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, terms))) if terms else re.compile(r"(?!)")

    def scores(self, text: str) -> dict[str, tuple[float, list[str]]]:
        """Per organ: the summed weight of its terms found in `text`, and which terms they were."""
        found: dict[str, tuple[float, list[str]]] = {}
        matched = [match.group() for match in self.pattern.finditer(text)] if text else []
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
        pattern, owner = self._name_pattern
        found = {owner[match.group()] for match in pattern.finditer(text)}
        return [organ for organ in ORGANS if organ in found]

    def section_organ(self, heading: str, body: str) -> tuple[str, float] | None:
        """The organ a section is clearly about, judged by its heading and body vocabulary, if any."""
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
        """Organs for `text`: explicit when it or its section heading names one, else inferred by score."""
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
            tags[section_organ] = OrganTag(section_organ, "inferred", SECTION_WEIGHT, f"所在部分“{section_heading[:20]}”的词语偏向{section_organ}")
        return [tags[organ] for organ in ORGANS if organ in tags]


def load_vocabulary(extra: Path | None = None) -> Vocabulary:
    """The shipped vocabulary merged with the user's `organs.toml` (or `extra`), if present."""
    paths = [DATA_DIR / "organs.toml"]
    user_file = extra or (user_config_dir() / "organs.toml")
    if user_file.is_file():
        paths.append(user_file)
    names: dict[str, list[str]] = {organ: [] for organ in ORGANS}
    terms: dict[str, dict[str, float]] = {organ: {} for organ in ORGANS}
    threshold = 2.0
    for path in paths:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise TigangError(f"机关词表 {path} 格式有误（{error}）；请修正后再试。") from None
        threshold = float(data.get("threshold", threshold))
        for organ, entry in data.get("organ", {}).items():
            if organ not in ORGANS:
                raise TigangError(f"机关词表 {path} 中的“{organ}”不是四个机关之一；请使用：{'、'.join(ORGANS)}。")
            names[organ].extend(name for name in entry.get("names", []) if name not in names[organ])
            for term, weight in entry.get("terms", {}).items():
                terms[organ][term] = float(weight)
    return Vocabulary(names=names, terms=terms, threshold=threshold, sources=paths)
