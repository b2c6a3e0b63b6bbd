"""The kinds of wording rule and how each finds its own misuse in a text.

Three kinds, read from `formulas.toml` by `phrasebank.vocab.formulas`: a numbered formula with its
items in order (`SequenceRule`: wrong order, and a count after “四个自信：” that does not match), the
verbs a formula goes with (`CollocationRule`), and a wrong wording with the right one, optionally only
in a context given by short regular expressions (`ReplaceRule`: changed names, confusions, wrong
characters). Each rule finds only itself; `phrasebank.review.wording` decides which rules to try on a
text and turns what they find into problems with a corrected text.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from phrasebank.text.cjk import HAN

SEVERITIES: dict[str, str] = {"error": "必错", "suspect": "疑似", "hint": "提示"}
"""How sure a rule is, most sure first, with the word writers use for it."""
FAMILIES: dict[str, str] = {
    "order": "提法顺序",
    "count": "提法项数",
    "collocation": "提法搭配",
    "name": "规范名称",
    "confusion": "易混词语",
    "typo": "错别字",
}
"""What kind of misuse a problem is; the order is the order of precedence when two overlap."""
REPLACE_FAMILIES = ("name", "confusion", "typo")
CONTEXT_CHARS = 12
"""Characters a context expression sees on its side of the wording: enough for “2024年”, “党的”, and
short enough that no expression can take long."""

_SEPARATOR = "(?:[、，,]|以及|和|与|及)"
_OPENING_QUOTES = "“\"「『‘"
_CLOSING_QUOTES = "”\"」』’"
_LIST_INTRO = r"[”\"」』’]?(?:[：:（(]|，?(?:即|就是|是指|指的是|包括))"
"""What makes the words after a formula's name its listing: “四个自信：…”, “四个意识”（…）, “…”即…."""
_LIST_END = re.compile(r"[。；;！？!?\n）)]")
_LIST_PIECE = re.compile(r"[、，,]")
_LIST_JOINT = re.compile(r"(?<=.)(?:以及|和|与|及)(?=.)")
_SENTINEL = "\x00"
"""Put where a context window was cut, so that `^` and `$` match only at the real start and end."""


@dataclass(frozen=True)
class FormulaError:
    """One misuse found in a text: its span, what kind, what is right, and the rule that says so."""

    start: int
    end: int
    kind: str
    """The family: "order", "count", "collocation", "name", "confusion" or "typo"."""
    message: str
    rule: str = ""
    severity: str = "error"
    source: str = ""
    suggestion: str | None = None
    """What replaces text[start:end] to put it right, when that can be said."""


def _common_prefix(texts: Sequence[str]) -> str:
    """The longest text all of `texts` start with."""
    first, last = min(texts), max(texts)
    length = 0
    while length < len(first) and first[length] == last[length]:
        length += 1
    return first[:length]


@dataclass(frozen=True)
class SequenceRule:
    """Items that must appear in this order when listed together, e.g. 四个意识; a listing after the
    name (“四个意识：…”) must give them all."""

    name: str
    items: tuple[str, ...]
    source: str = ""
    severity: str = "error"
    min_run: int = 2
    """Listed items it takes to judge the order (3 for items that are common words, e.g. 创新、协调)."""

    @cached_property
    def prefix(self) -> str:
        """What all items start with (“政治” in 政治判断力、政治领悟力…)."""
        return _common_prefix(self.items)

    @cached_property
    def suffix(self) -> str:
        """What all items end with (“意识” in 政治意识、大局意识…)."""
        return _common_prefix([item[::-1] for item in self.items])[::-1]

    @cached_property
    def cores(self) -> tuple[str, ...]:
        """The items without their shared prefix and suffix (政治、大局、核心、看齐)."""
        return tuple(item[len(self.prefix) : len(item) - len(self.suffix)] for item in self.items)

    @cached_property
    def shortened(self) -> bool:
        """Whether a shared prefix/suffix may be written once (“道路、理论、制度、文化自信”); not when a
        core is one character, which would match anywhere."""
        return bool(self.prefix or self.suffix) and min(len(core) for core in self.cores) >= 2

    @cached_property
    def forms(self) -> dict[str, int]:
        """Every way an item may be written in a list → its index."""
        forms: dict[str, int] = {}
        for index, (item, core) in enumerate(zip(self.items, self.cores, strict=True)):
            written = [item]
            if self.shortened:
                written += [core, self.prefix + core, core + self.suffix]
            for form in written:
                forms.setdefault(form, index)
        return forms

    @cached_property
    def token(self) -> re.Pattern[str]:
        """One listed item, longest form first."""
        return re.compile("|".join(re.escape(form) for form in sorted(self.forms, key=len, reverse=True)))

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Runs of two or more items joined by 、，和 …."""
        token = self.token.pattern
        return re.compile(f"(?:{token})(?:{_SEPARATOR}(?:{token}))+")

    @cached_property
    def triggers(self) -> tuple[str, ...]:
        """Words one of which a text must hold for the order to be worth checking."""
        if self.shortened:
            return tuple(part for part in (self.prefix, self.suffix) if part)
        return self.items

    @cached_property
    def countable(self) -> bool:
        """Whether a listing can be counted: no item holds a separator of its own."""
        return not any(_LIST_PIECE.search(item) for item in self.items)

    @cached_property
    def listing(self) -> re.Pattern[str]:
        """The name introducing a listing of the items."""
        return re.compile(re.escape(self.name) + _LIST_INTRO)

    def prepare(self) -> None:
        """Compile now what the checks need, so that no search pays for it (or compiles it twice)."""
        _ = self.pattern, self.token, self.triggers, self.countable, self.listing

    def find_order(self, text: str) -> list[FormulaError]:
        """Runs of this formula's items listed out of order, with the run put right."""
        found: list[FormulaError] = []
        for match in self.pattern.finditer(text):
            tokens = list(self.token.finditer(match.group()))
            if len(tokens) < self.min_run:
                continue
            words = [token.group() for token in tokens]
            if self.shortened and not (
                (self.suffix and words[-1].endswith(self.suffix)) or (self.prefix and words[0].startswith(self.prefix))
            ):
                continue  # “理论、制度” alone is not “四个自信”: the shared ending must be written
            order = [self.forms[word] for word in words]
            if len(set(order)) < len(order) or order == sorted(order):
                continue
            fixed = self._reordered(match.group(), tokens, sorted(order))
            found.append(
                FormulaError(
                    match.start(), match.end(), "order",
                    f"“{self.name}”顺序有误：“{match.group()}”应按 {'、'.join(self.items)} 的顺序。",
                    self.name, self.severity, self.source, fixed,
                )
            )
        return found

    def _reordered(self, run: str, tokens: list[re.Match[str]], order: list[int]) -> str:
        """`run` with its items in `order`, each place keeping how it was written (prefix, suffix)."""
        parts: list[str] = []
        last = 0
        for token, index in zip(tokens, order, strict=True):
            parts.append(run[last : token.start()])
            word = token.group()
            if word in self.items:
                parts.append(self.items[index])
            else:
                head = self.prefix if self.prefix and word.startswith(self.prefix) else ""
                tail = self.suffix if self.suffix and word.endswith(self.suffix) else ""
                parts.append(head + self.cores[index] + tail)
            last = token.end()
        return "".join(parts) + run[last:]

    def find_count(self, text: str) -> list[FormulaError]:
        """Listings after the name (“四个自信：道路自信、理论自信、制度自信”) with too few or too many
        items, or an item that is not one of this formula's."""
        if not self.countable:
            return []
        found: list[FormulaError] = []
        for match in self.listing.finditer(text):
            listed = self._listed(text, match.end())
            if len(listed) < 2:
                continue
            indexes = [self._index_of(word) for _, _, word in listed]
            known = [index for index in indexes if index is not None]
            start, end = listed[0][0], listed[-1][1]
            shown = text[start:end]
            if len(listed) != len(self.items) and len(known) >= 2:
                complete = len(known) == len(listed) == len(set(known)) and len(listed) < len(self.items)
                found.append(
                    FormulaError(
                        start, end, "count",
                        f"“{self.name}”共 {len(self.items)} 项（{'、'.join(self.items)}），这里列了 {len(listed)} 项："
                        f"“{shown}”。",
                        self.name, self.severity, self.source, "、".join(self.items) if complete else None,
                    )
                )
            elif len(listed) == len(self.items) and len(known) * 2 >= len(listed) and len(known) < len(listed):
                stray = next(word for (_, _, word), index in zip(listed, indexes, strict=True) if index is None)
                found.append(
                    FormulaError(
                        start, end, "count",
                        f"“{stray}”不是“{self.name}”中的一项（{'、'.join(self.items)}）。",
                        self.name, "suspect" if self.severity == "error" else self.severity, self.source,
                    )
                )
        return found

    def _listed(self, text: str, start: int) -> list[tuple[int, int, str]]:
        """(start, end, text) of the items listed from `start`: pieces joined by 、 (and 和/及 when both
        sides are items), and further pieces after a comma only while they are items."""
        stop = _LIST_END.search(text, start)
        region_end = stop.start() if stop else len(text)
        listed: list[tuple[int, int, str]] = []
        position, separator = start, ""
        for piece_match in [*_LIST_PIECE.finditer(text, start, region_end), None]:
            end = piece_match.start() if piece_match else region_end
            piece = text[position:end]
            parts = self._joined(piece, position)
            after_comma = separator in ("，", ",")
            if after_comma and listed and any(self._index_of(word) is None for _, _, word in parts):
                break
            if piece.strip():
                listed.extend(parts)
            if piece_match is None:
                break
            position, separator = piece_match.end(), piece_match.group()
        return listed

    def _joined(self, piece: str, offset: int) -> list[tuple[int, int, str]]:
        """`piece` split at 和/及/与/以及 when every part is an item, else whole."""
        bounds = [0, *(point for m in _LIST_JOINT.finditer(piece) for point in (m.start(), m.end())), len(piece)]
        parts = [(offset + bounds[i], offset + bounds[i + 1], piece[bounds[i] : bounds[i + 1]])
                 for i in range(0, len(bounds), 2)]
        if len(parts) > 1 and all(self._index_of(word) is not None for _, _, word in parts):
            return parts
        return [(offset, offset + len(piece), piece)]

    def _index_of(self, word: str) -> int | None:
        """The item a listed piece stands for: written in full or shortened, or contained in it."""
        if word in self.forms:
            return self.forms[word]
        for index, item in enumerate(self.items):
            if item in word:
                return index
        if self.shortened:
            for index, core in sorted(enumerate(self.cores), key=lambda pair: -len(pair[1])):
                if core in word:
                    return index
        return None


@dataclass(frozen=True)
class CollocationRule:
    """The verbs a formula may follow: `right` ones, known `wrong` ones, and what to suggest."""

    term: str
    right: tuple[str, ...]
    wrong: tuple[str, ...]
    suggestion: str
    source: str = ""
    severity: str = "error"

    def find(self, text: str) -> list[FormulaError]:
        """The formula after a wrong verb, or after a verb one character away from a right one (a typo,
        less sure: “suspect” at most)."""
        found: list[FormulaError] = []
        for match in re.finditer(re.escape(self.term), text):
            start = match.start()
            if start and text[start - 1] in _OPENING_QUOTES:
                start -= 1
            verb = self._wrong_verb(text[:start])
            if verb is None:
                continue
            written, fix, known = verb
            opened = start < match.start()
            end = match.end() + (1 if opened and text[match.end() : match.end() + 1] in _CLOSING_QUOTES else 0)
            quoted = text[start:end]
            severity = self.severity if known or self.severity != "error" else "suspect"
            found.append(
                FormulaError(
                    start - len(written), end, "collocation", f"搭配不当：{written}{quoted} 应为 {fix}{quoted}。",
                    self.term, severity, self.source, fix + quoted,
                )
            )
        return found

    def _wrong_verb(self, before: str) -> tuple[str, str, bool] | None:
        """(verb as written, suggestion, whether it is a listed wrong verb) when `before` ends in a
        wrong or mistyped verb."""
        if any(before.endswith(verb) for verb in self.right):
            return None
        for verb in sorted(self.wrong, key=len, reverse=True):
            if before.endswith(verb):
                return verb, self.suggestion, True
        for verb in sorted(self.right, key=len, reverse=True):
            tail = before[-len(verb) :]
            if len(tail) != len(verb) or not all(HAN.match(char) for char in tail):
                continue
            if sum(a != b for a, b in zip(tail, verb, strict=True)) == 1:
                return tail, verb, False
        return None


@dataclass(frozen=True)
class ReplaceRule:
    """A wording that should read otherwise (`wrong` → `right`), in any context or only where the
    context expressions say: `followed_by` / `not_followed_by` are matched right after the wording,
    `preceded_by` / `not_preceded_by` must end right before it (each sees `CONTEXT_CHARS` characters)."""

    family: str
    name: str
    wrong: str
    right: str
    source: str = ""
    severity: str = "error"
    note: str = ""
    followed_by: re.Pattern[str] | None = None
    not_followed_by: re.Pattern[str] | None = None
    preceded_by: re.Pattern[str] | None = None
    not_preceded_by: re.Pattern[str] | None = None

    @cached_property
    def _before(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        """The two “preceded” expressions anchored at the end of what they see."""
        return tuple(  # type: ignore[return-value]
            re.compile(f"(?:{pattern.pattern})\\Z") if pattern else None
            for pattern in (self.preceded_by, self.not_preceded_by)
        )

    @cached_property
    def _inside_right(self) -> tuple[int, ...]:
        """Where `wrong` stands inside `right` (“三个代表” in “三个代表”重要思想): there the right wording
        may already be written."""
        return tuple(index for index in range(len(self.right)) if self.right.startswith(self.wrong, index))

    def prepare(self) -> None:
        """Compile now what `find` needs."""
        _ = self._before, self._inside_right

    def find(self, text: str) -> list[FormulaError]:
        """Every place `wrong` is written where the contexts hold and the right wording is not."""
        found: list[FormulaError] = []
        start = text.find(self.wrong)
        while start >= 0:
            end = start + len(self.wrong)
            if self._applies(text, start, end):
                found.append(
                    FormulaError(
                        start, end, self.family, f"“{self.wrong}”应为“{self.right}”。{self.note}",
                        self.name, self.severity, self.source, self.right,
                    )
                )
            start = text.find(self.wrong, start + 1)
        return found

    def _applies(self, text: str, start: int, end: int) -> bool:
        if any(text.startswith(self.right, start - index) for index in self._inside_right if start >= index):
            return False
        after = text[end : end + CONTEXT_CHARS] + (_SENTINEL if end + CONTEXT_CHARS < len(text) else "")
        before = (_SENTINEL if start > CONTEXT_CHARS else "") + text[max(0, start - CONTEXT_CHARS) : start]
        preceded, not_preceded = self._before
        return (
            (self.followed_by is None or self.followed_by.match(after) is not None)
            and (self.not_followed_by is None or self.not_followed_by.match(after) is None)
            and (preceded is None or preceded.search(before) is not None)
            and (not_preceded is None or not_preceded.search(before) is None)
        )
