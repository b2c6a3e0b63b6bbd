"""The list of canonical wordings (`formulas.toml`): numbered formulas, collocations, changed names,
confusions and wrong characters, each with its source and how sure it is.

The rules are data (`phrasebank/data/formulas.toml`, read by `phrasebank.files.config`), extended or
overridden by name by `<user config dir>/formulas.toml` — never replaced wholesale — because new
formulas appear with every plenary session and an office has its own. A user entry with
`disabled = true` switches a built-in rule off. The rules themselves are in `formula_rules`; the
fast check of a text against all of them is `phrasebank.review.wording`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from phrasebank.files.config import ConfigError, ConfigProblem, KeyPath, TomlFile, load_layered
from phrasebank.files.paths import DATA_DIR, user_config_dir
from phrasebank.vocab.formula_rules import (
    REPLACE_FAMILIES,
    SEVERITIES,
    CollocationRule,
    FormulaError,
    ReplaceRule,
    SequenceRule,
)

__all__ = [
    "BUILTIN_FILE", "CollocationRule", "FormulaError", "FormulaSet", "ReplaceRule", "SequenceRule",
    "find_formula_errors", "load_formulas",
]

BUILTIN_FILE = DATA_DIR / "formulas.toml"

MAX_RULES = 500
"""Entries of one kind one file may hold: every rule may be tried on every item and every phrase."""
MAX_ITEMS = 20
"""Items of one sequence, verbs of one collocation list (the longest real formula, 六个表率, has six)."""
MAX_FORMULA_CHARS = 40
MAX_NOTE_CHARS = 120
_CONTEXTS = ("followed_by", "not_followed_by", "preceded_by", "not_preceded_by")


@dataclass
class FormulaSet:
    """The rules in force, and problems met while reading a user's formulas file."""

    sequences: list[SequenceRule] = field(default_factory=list)
    collocations: list[CollocationRule] = field(default_factory=list)
    replacements: list[ReplaceRule] = field(default_factory=list)
    problems: list[ConfigProblem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.sequences) + len(self.collocations) + len(self.replacements)


@dataclass
class _FileRules:
    """What one file says: its rules, the names it switches off, and entries it had to skip."""

    sequences: list[SequenceRule] = field(default_factory=list)
    collocations: list[CollocationRule] = field(default_factory=list)
    replacements: list[ReplaceRule] = field(default_factory=list)
    disabled: set[tuple[str, str]] = field(default_factory=set)
    """(kind, name): kind is "sequence", "collocation" or "replace"."""
    problems: list[ConfigProblem] = field(default_factory=list)


def load_formulas(user_file: Path | None = None) -> FormulaSet:
    """Built-in rules, extended or overridden (by name / term) by the user's file; a user file that
    cannot be used is skipped and listed in `problems`, an entry with an unusable context expression
    is skipped alone."""
    path = user_config_dir() / "formulas.toml" if user_file is None else Path(user_file)
    files, problems = load_layered([BUILTIN_FILE], [path] if path.is_file() else [], _parse_rules)
    rules = FormulaSet(problems=problems)
    for layer in files:
        rules.problems.extend(layer.problems)
        gone = {name for kind, name in layer.disabled if kind == "sequence"} | {r.name for r in layer.sequences}
        rules.sequences = [rule for rule in rules.sequences if rule.name not in gone] + layer.sequences
        gone = {name for kind, name in layer.disabled if kind == "collocation"} | {r.term for r in layer.collocations}
        rules.collocations = [rule for rule in rules.collocations if rule.term not in gone] + layer.collocations
        gone = {name for kind, name in layer.disabled if kind == "replace"} | {r.name for r in layer.replacements}
        rules.replacements = [rule for rule in rules.replacements if rule.name not in gone] + layer.replacements
    return rules


def find_formula_errors(text: str, rules: FormulaSet) -> list[FormulaError]:
    """Misordered formula lists and wrong collocations in `text`, in text order (every rule tried in
    turn: `phrasebank.review.wording` checks all families, fast)."""
    found: list[FormulaError] = []
    for sequence in rules.sequences:
        found.extend(sequence.find_order(text))
    for collocation in rules.collocations:
        found.extend(collocation.find(text))
    return sorted(found, key=lambda error: error.start)


def _parse_rules(document: TomlFile) -> _FileRules:
    """The rules of one formulas file, validated: every entry whole, no empty or repeated item."""
    document.table((), ("sequence", "collocation", *REPLACE_FAMILIES))
    rules = _FileRules()
    for index, _entry in enumerate(_rule_tables(document, "sequence")):
        where: KeyPath = ("sequence", index)
        document.table(where, ("name", "items", "source", "severity", "min_run", "disabled"))
        name = document.text_value((*where, "name"), required=True, max_chars=MAX_FORMULA_CHARS)
        _refuse_repeated_name(document, [r.name for r in rules.sequences], name, (*where, "name"))
        if document.flag((*where, "disabled")):
            rules.disabled.add(("sequence", name))
            continue
        items = _words(document, (*where, "items"), required=True)
        if len(items) < 2:
            raise document.error("至少要有两项", (*where, "items"))
        _refuse_repeats(document, items, (*where, "items"))
        min_run = document.integer((*where, "min_run"), 2, low=2, high=MAX_ITEMS)
        source, severity = _source_and_severity(document, where)
        rules.sequences.append(SequenceRule(name, items, source, severity, min_run))
    for index, _entry in enumerate(_rule_tables(document, "collocation")):
        where = ("collocation", index)
        document.table(where, ("term", "right", "wrong", "suggestion", "source", "severity", "disabled"))
        term = document.text_value((*where, "term"), required=True, max_chars=MAX_FORMULA_CHARS)
        _refuse_repeated_name(document, [r.term for r in rules.collocations], term, (*where, "term"))
        if document.flag((*where, "disabled")):
            rules.disabled.add(("collocation", term))
            continue
        right = _words(document, (*where, "right"), required=True)
        wrong = _words(document, (*where, "wrong"))
        _refuse_repeats(document, right, (*where, "right"))
        _refuse_repeats(document, right + wrong, (*where, "wrong"))
        suggestion = document.text_value((*where, "suggestion"), max_chars=MAX_FORMULA_CHARS) or right[0]
        source, severity = _source_and_severity(document, where)
        rules.collocations.append(CollocationRule(term, right, wrong, suggestion, source, severity))
    for family in REPLACE_FAMILIES:
        for index, _entry in enumerate(_rule_tables(document, family)):
            rule = _replacement(document, family, index, rules)
            if rule is not None:
                rules.replacements.append(rule)
    return rules


def _replacement(document: TomlFile, family: str, index: int, rules: _FileRules) -> ReplaceRule | None:
    """One [[name]], [[confusion]] or [[typo]] entry; None when it switches a rule off or its context
    expression cannot be used (then a problem naming the entry is noted, and the rest of the file stands)."""
    where: KeyPath = (family, index)
    document.table(where, ("name", "wrong", "right", "note", "source", "severity", "disabled", *_CONTEXTS))
    wrong = document.text_value((*where, "wrong"), max_chars=MAX_FORMULA_CHARS)
    right = document.text_value((*where, "right"), max_chars=MAX_FORMULA_CHARS)
    name = document.text_value((*where, "name"), max_chars=MAX_FORMULA_CHARS) or (f"{wrong}→{right}" if wrong else "")
    if not name:
        raise document.error("缺少此键（或写 name，或写 wrong 和 right）", (*where, "wrong"))
    taken = [rule.name for rule in rules.replacements] + [n for kind, n in rules.disabled if kind == "replace"]
    _refuse_repeated_name(document, taken, name, (*where, "name" if document.value((*where, "name")) else "wrong"))
    if document.flag((*where, "disabled")):
        rules.disabled.add(("replace", name))
        return None
    for key, value in (("wrong", wrong), ("right", right)):
        if not value:
            raise document.error("缺少此键", (*where, key))
    if wrong == right:
        raise document.error("与 wrong 相同，规则不会起作用", (*where, "right"))
    note = document.text_value((*where, "note"), max_chars=MAX_NOTE_CHARS)
    source, severity = _source_and_severity(document, where)
    try:
        contexts = {key: document.pattern((*where, key)) for key in _CONTEXTS}
    except ConfigError as error:
        if document.builtin:
            raise
        rules.problems.append(ConfigProblem(document.path, error.line, error.key, str(error), skipped="该条目"))
        return None
    return ReplaceRule(family, name, wrong, right, source, severity, note, **contexts)


def _source_and_severity(document: TomlFile, where: KeyPath) -> tuple[str, str]:
    """The entry's source note (required in the built-in file: every rule says where it comes from)
    and its severity, “error” unless said otherwise."""
    source = document.text_value((*where, "source"), required=document.builtin, max_chars=MAX_NOTE_CHARS)
    severity = document.choice((*where, "severity"), SEVERITIES, "error")
    return source, severity


def _words(document: TomlFile, keys: KeyPath, *, required: bool = False) -> tuple[str, ...]:
    """A list of formula words: non-empty, one line, short, at most `MAX_ITEMS`."""
    return document.strings(keys, required=required, max_items=MAX_ITEMS, max_chars=MAX_FORMULA_CHARS)


def _rule_tables(document: TomlFile, name: str) -> list[dict[str, object]]:
    """The [[sequence]], [[collocation]], … tables of a file, at most `MAX_RULES` of them."""
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


def _refuse_repeated_name(document: TomlFile, taken: list[str], name: str, keys: KeyPath) -> None:
    """Two entries of one file with one name: which one holds would depend on the order."""
    if name in taken:
        raise document.error(f"名称“{name}”在本文件中重复，请改名或合并", keys)
