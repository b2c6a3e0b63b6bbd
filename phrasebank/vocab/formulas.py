"""Fixed formulas (数字概括语, 提法): their canonical order and collocations, and finding misuse in text.

The rules are data (`phrasebank/data/formulas.toml`, read by `phrasebank.files.config`), extended or overridden by
`<user config dir>/formulas.toml`, because new formulas appear with every plenary session.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from phrasebank.files.config import ConfigProblem, KeyPath, TomlFile, load_layered
from phrasebank.files.paths import DATA_DIR, user_config_dir
from phrasebank.text.cjk import HAN

BUILTIN_FILE = DATA_DIR / "formulas.toml"
_SEPARATORS = "、，,和与及"
_QUOTES = "“\"「『‘"

MAX_RULES = 500
"""Sequences or collocations one file may hold: `tigang check` runs every rule over every item."""
MAX_ITEMS = 20
"""Items of one sequence, verbs of one collocation list (the longest real formula, 六个表率, has six)."""
MAX_FORMULA_CHARS = 40


@dataclass(frozen=True)
class SequenceRule:
    """Items that must appear in this order when listed together, e.g. 四个意识."""

    name: str
    items: tuple[str, ...]

    @cached_property
    def prefix(self) -> str:
        """What all items start with (“政治” in 政治判断力、政治领悟力…)."""
        return _common_prefix(self.items)

    @cached_property
    def suffix(self) -> str:
        """What all items end with (“意识” in 政治意识、大局意识…)."""
        return _common_prefix([item[::-1] for item in self.items])[::-1]

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Runs of two or more items joined by 、，和 …; a shared prefix/suffix may be written once."""
        prefix, suffix = self.prefix, self.suffix
        cores = [item[len(prefix) : len(item) - len(suffix)] for item in self.items]
        if min(len(core) for core in cores) < 2:  # one-character cores would match anywhere: full forms only
            token = "(?:" + "|".join(re.escape(item) for item in self.items) + ")"
        else:
            core = "|".join(re.escape(c) for c in sorted(cores, key=len, reverse=True))
            token = f"(?:{re.escape(prefix)})?(?:{core})(?:{re.escape(suffix)})?"
        return re.compile(f"{token}(?:[{_SEPARATORS}]{token})+")

    def core_of(self, token: str) -> int | None:
        """Index of the item a listed token stands for (full or shortened form)."""
        for index, item in enumerate(self.items):
            if item in token or token in item:
                return index
        for index, item in enumerate(self.items):
            core = item[len(self.prefix) : len(item) - len(self.suffix)]
            if core and core in token:
                return index
        return None


@dataclass(frozen=True)
class CollocationRule:
    """The verbs a formula may follow: `right` ones, known `wrong` ones, and what to suggest."""

    term: str
    right: tuple[str, ...]
    wrong: tuple[str, ...]
    suggestion: str


@dataclass
class FormulaSet:
    """The rules in force, and problems met while reading a user's formulas file."""

    sequences: list[SequenceRule] = field(default_factory=list)
    collocations: list[CollocationRule] = field(default_factory=list)
    problems: list[ConfigProblem] = field(default_factory=list)


@dataclass(frozen=True)
class FormulaError:
    """One misuse found in a text: its span and a message saying what is right."""

    start: int
    end: int
    kind: str
    """"order" or "collocation"."""
    message: str


def _common_prefix(texts: Sequence[str]) -> str:
    """The longest text all of `texts` start with."""
    first, last = min(texts), max(texts)
    length = 0
    while length < len(first) and first[length] == last[length]:
        length += 1
    return first[:length]


def load_formulas(user_file: Path | None = None) -> FormulaSet:
    """Built-in rules, extended or overridden (by name / term) by the user's file; a user file that
    cannot be used is skipped and listed in `problems`."""
    path = user_config_dir() / "formulas.toml" if user_file is None else Path(user_file)
    files, problems = load_layered([BUILTIN_FILE], [path] if path.is_file() else [], _parse_rules)
    rules = FormulaSet(problems=problems)
    for sequences, collocations in files:
        names = {rule.name for rule in sequences}
        terms = {rule.term for rule in collocations}
        rules.sequences = [rule for rule in rules.sequences if rule.name not in names] + sequences
        rules.collocations = [rule for rule in rules.collocations if rule.term not in terms] + collocations
    return rules


def find_formula_errors(text: str, rules: FormulaSet) -> list[FormulaError]:
    """Misordered formula lists and wrong collocations in `text`, in text order."""
    found: list[FormulaError] = []
    for rule in rules.sequences:
        for match in rule.pattern.finditer(text):
            tokens = [t for t in re.split(f"[{_SEPARATORS}]", match.group()) if t]
            if (rule.prefix or rule.suffix) and not (
                (rule.suffix and tokens[-1].endswith(rule.suffix))
                or (rule.prefix and tokens[0].startswith(rule.prefix))
            ):
                continue  # “理论、制度” alone is not “四个自信”: the shared ending must be written
            order = [rule.core_of(token) for token in tokens]
            if None in order or order == sorted(set(order)):  # type: ignore[type-var]
                continue
            found.append(
                FormulaError(
                    match.start(),
                    match.end(),
                    "order",
                    f"“{rule.name}”顺序有误：“{match.group()}”应按 {'、'.join(rule.items)} 的顺序。",
                )
            )
    for collocation in rules.collocations:
        for match in re.finditer(re.escape(collocation.term), text):
            start = match.start()
            if start and text[start - 1] in _QUOTES:
                start -= 1
            before = text[:start]
            verb = _wrong_verb(before, collocation)
            if verb is None:
                continue
            quoted = text[start : match.end() + (1 if text[match.end() : match.end() + 1] in "”\"」』’" else 0)]
            fix = verb[1]
            found.append(
                FormulaError(
                    start - len(verb[0]),
                    match.end(),
                    "collocation",
                    f"搭配不当：{verb[0]}{quoted} 应为 {fix}{quoted}。",
                )
            )
    return sorted(found, key=lambda error: error.start)


def _wrong_verb(before: str, rule: CollocationRule) -> tuple[str, str] | None:
    """(wrong verb, suggestion) when the text before a formula ends in a wrong or mistyped verb."""
    if any(before.endswith(verb) for verb in rule.right):
        return None
    for verb in sorted(rule.wrong, key=len, reverse=True):
        if before.endswith(verb):
            return verb, rule.suggestion
    for verb in sorted(rule.right, key=len, reverse=True):
        tail = before[-len(verb) :]
        if len(tail) != len(verb) or not all(HAN.match(char) for char in tail):
            continue
        if sum(a != b for a, b in zip(tail, verb, strict=True)) == 1:
            return tail, verb
    return None


def _parse_rules(document: TomlFile) -> tuple[list[SequenceRule], list[CollocationRule]]:
    """The rules of one formulas file, validated: every entry whole, no empty or repeated item."""
    document.table((), ("sequence", "collocation"))
    sequences: list[SequenceRule] = []
    for index, _entry in enumerate(_rule_tables(document, "sequence")):
        where = ("sequence", index)
        document.table(where, ("name", "items"))
        items = _words(document, (*where, "items"), required=True)
        if len(items) < 2:
            raise document.error("至少要有两项", (*where, "items"))
        _refuse_repeats(document, items, (*where, "items"))
        name = document.text_value((*where, "name"), required=True, max_chars=MAX_FORMULA_CHARS)
        sequences.append(SequenceRule(name, items))
    collocations: list[CollocationRule] = []
    for index, _entry in enumerate(_rule_tables(document, "collocation")):
        where = ("collocation", index)
        document.table(where, ("term", "right", "wrong", "suggestion"))
        right = _words(document, (*where, "right"), required=True)
        wrong = _words(document, (*where, "wrong"))
        _refuse_repeats(document, right, (*where, "right"))
        _refuse_repeats(document, right + wrong, (*where, "wrong"))
        suggestion = document.text_value((*where, "suggestion"), max_chars=MAX_FORMULA_CHARS) or right[0]
        term = document.text_value((*where, "term"), required=True, max_chars=MAX_FORMULA_CHARS)
        collocations.append(CollocationRule(term, right, wrong, suggestion))
    return sequences, collocations


def _words(document: TomlFile, keys: KeyPath, *, required: bool = False) -> tuple[str, ...]:
    """A list of formula words: non-empty, one line, short, at most `MAX_ITEMS`."""
    return document.strings(keys, required=required, max_items=MAX_ITEMS, max_chars=MAX_FORMULA_CHARS)


def _rule_tables(document: TomlFile, name: str) -> list[dict[str, object]]:
    """The [[sequence]] or [[collocation]] tables of a file, at most `MAX_RULES` of them."""
    tables = document.tables((name,))
    if len(tables) > MAX_RULES:
        raise document.error(f"条目过多（最多 {MAX_RULES} 条，现有 {len(tables)} 条）", (name, MAX_RULES))
    return tables


def _refuse_repeats(document: TomlFile, words: tuple[str, ...], keys: KeyPath) -> None:
    """A word listed twice (or both right and wrong) makes the rule contradict itself."""
    seen: set[str] = set()
    for word in words:
        if word in seen:
            raise document.error(f"“{word}”重复出现，请只写一次", keys)
        seen.add(word)
