"""One check of a text against the list of canonical wordings, used for outline lines (`tigang check`)
and for mined phrases (`phrases`, `search`, `show`, the editor) alike.

The list (`phrasebank.vocab.formulas`) holds a few hundred rules and the check runs on every hit of a
search, so a text is not matched against every rule: each rule names the words it needs (a formula's
name or shared ending, a collocation's term, a wrong wording), one scan by first character finds
which of those words the text holds, and only their rules run. The rules are compiled once per
version of the user's file (`wording_checker` caches by its time and size), and nothing is stored in
the bank: the list can change, so warnings are computed when shown.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from phrasebank.files.config import ConfigProblem
from phrasebank.files.paths import user_config_dir
from phrasebank.vocab.formula_rules import FAMILIES, SEVERITIES, FormulaError
from phrasebank.vocab.formulas import FormulaSet, load_formulas

_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}
_FAMILY_RANK = {family: rank for rank, family in enumerate(FAMILIES)}


@dataclass(frozen=True)
class WordingProblem:
    """A place in a text that breaks a rule of the list: which rule, how sure, its source, the span,
    what to put there instead (None when it cannot be said) and the whole text with that done."""

    rule: str
    family: str
    severity: str
    source: str
    start: int
    end: int
    wrong: str
    suggestion: str | None
    message: str
    corrected: str

    @property
    def severity_name(self) -> str:
        """必错, 疑似 or 提示."""
        return SEVERITIES[self.severity]

    @property
    def family_name(self) -> str:
        """提法顺序, 提法搭配, 规范名称, …."""
        return FAMILIES[self.family]

    def to_dict(self) -> dict[str, object]:
        """The `--json` form: one item of a phrase's `warnings`."""
        return {
            "rule": self.rule,
            "family": self.family,
            "family_name": self.family_name,
            "severity": self.severity,
            "severity_name": self.severity_name,
            "source": self.source,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "wrong": self.wrong,
            "suggestion": self.suggestion,
            "corrected": self.corrected,
        }


Check = Callable[[str], list[FormulaError]]


class WordingChecker:
    """The rules of a `FormulaSet`, indexed by the words that make each worth trying."""

    def __init__(self, rules: FormulaSet) -> None:
        self.problems: list[ConfigProblem] = list(rules.problems)
        """Problems with the user's formulas file, to be shown once by whoever shows the results."""
        self.rule_count = len(rules)
        checks: list[Check] = []
        triggers: dict[str, set[int]] = {}

        def add(check: Check, words: tuple[str, ...]) -> None:
            for word in words:
                triggers.setdefault(word, set()).add(len(checks))
            checks.append(check)

        for sequence in rules.sequences:
            sequence.prepare()
            add(sequence.find_order, sequence.triggers)
            if sequence.countable:
                add(sequence.find_count, (sequence.name,))
        for collocation in rules.collocations:
            add(collocation.find, (collocation.term,))
        for replacement in rules.replacements:
            replacement.prepare()
            add(replacement.find, (replacement.wrong,))
        self._checks = checks
        self._by_first: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
        for word in sorted(triggers, key=len, reverse=True):
            self._by_first.setdefault(word[0], []).append((word, tuple(sorted(triggers[word]))))
        chars = "".join(re.escape(char) for char in sorted(self._by_first))
        self._first = re.compile(f"[{chars}]") if chars else re.compile(r"(?!)")

    def check(self, text: str) -> list[WordingProblem]:
        """Every problem of `text`, in text order; of two that overlap, only the surer (then the one of
        the earlier family) is kept, so each place gets one correction."""
        wanted: set[int] = set()
        for match in self._first.finditer(text):
            at = match.start()
            for word, checks in self._by_first[match.group()]:
                if text.startswith(word, at):
                    wanted.update(checks)
        if not wanted:
            return []
        errors = [error for index in sorted(wanted) for error in self._checks[index](text)]
        return [_problem(text, error) for error in _without_overlaps(errors)]

    def corrected(self, text: str) -> str:
        """`text` with every correction that can be said applied."""
        for problem in reversed(self.check(text)):
            if problem.suggestion is not None:
                text = text[: problem.start] + problem.suggestion + text[problem.end :]
        return text


def _without_overlaps(errors: list[FormulaError]) -> list[FormulaError]:
    """The errors sorted by place, dropping any that overlaps a surer one."""
    kept: list[FormulaError] = []
    ranked = sorted(errors, key=lambda e: (_SEVERITY_RANK[e.severity], _FAMILY_RANK[e.kind], e.start, e.end))
    for error in ranked:
        if all(error.end <= other.start or other.end <= error.start for other in kept):
            kept.append(error)
    return sorted(kept, key=lambda e: (e.start, e.end))


def _problem(text: str, error: FormulaError) -> WordingProblem:
    fixed = text if error.suggestion is None else text[: error.start] + error.suggestion + text[error.end :]
    return WordingProblem(
        error.rule, error.kind, error.severity, error.source, error.start, error.end,
        text[error.start : error.end], error.suggestion, error.message, fixed,
    )


def wording_checker(user_file: Path | None = None) -> WordingChecker:
    """The checker for the built-in list and the user's file as it is now (compiled once per version
    of that file)."""
    path = user_config_dir() / "formulas.toml" if user_file is None else Path(user_file)
    try:
        status = os.stat(path)
        stamp: tuple[int, int, int] | None = (status.st_mtime_ns, status.st_size, status.st_ino)
    except OSError:
        stamp = None
    return _compiled(str(path), stamp)


@lru_cache(maxsize=8)
def _compiled(path: str, stamp: tuple[int, int, int] | None) -> WordingChecker:
    """`stamp` (time, size, inode of the user's file) is part of the key: an edited file is read again."""
    del stamp
    return WordingChecker(load_formulas(Path(path)))


def wording_problems(text: str, checker: WordingChecker | None = None) -> list[WordingProblem]:
    """What in `text` breaks the list of canonical wordings (the current one unless `checker` is given)."""
    return (checker or wording_checker()).check(text)


def corrected(text: str, checker: WordingChecker | None = None) -> str:
    """`text` put right by the list of canonical wordings, as far as it can be."""
    return (checker or wording_checker()).corrected(text)
