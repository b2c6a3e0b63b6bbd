"""Fixed formulas (数字概括语, 提法): their canonical order and collocations, and finding misuse in text.

The rules are data (`phrasebank/data/formulas.toml`), extended or overridden by
`<user config dir>/formulas.toml`, because new formulas appear with every plenary session.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from phrasebank.paths import DATA_DIR, user_config_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

BUILTIN_FILE = DATA_DIR / "formulas.toml"
_SEPARATORS = "、，,和与及"
_QUOTES = "“\"「『‘"
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class SequenceRule:
    """Items that must appear in this order when listed together, e.g. 四个意识."""

    name: str
    items: tuple[str, ...]

    @cached_property
    def prefix(self) -> str:
        """What all items start with (“政治” in 政治判断力、政治领悟力…)."""
        return os.path.commonprefix(list(self.items))

    @cached_property
    def suffix(self) -> str:
        """What all items end with (“意识” in 政治意识、大局意识…)."""
        return os.path.commonprefix([item[::-1] for item in self.items])[::-1]

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
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FormulaError:
    """One misuse found in a text: its span and a message saying what is right."""

    start: int
    end: int
    kind: str
    """"order" or "collocation"."""
    message: str


def load_formulas(user_file: Path | None = None) -> FormulaSet:
    """Built-in rules, extended/overridden by the user's file; a broken user file is reported, not fatal."""
    rules = FormulaSet()
    _merge(rules, _read(BUILTIN_FILE), BUILTIN_FILE)
    path = user_config_dir() / "formulas.toml" if user_file is None else Path(user_file)
    if path.is_file():
        try:
            data = _read(path)
            candidate = FormulaSet(list(rules.sequences), list(rules.collocations))
            _merge(candidate, data, path)
        except (ValueError, OSError) as error:
            rules.problems.append(f"{path}：{error}；已忽略该文件，只用内置规则。")
        else:
            rules.sequences, rules.collocations = candidate.sequences, candidate.collocations
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
    for rule in rules.collocations:
        for match in re.finditer(re.escape(rule.term), text):
            start = match.start()
            if start and text[start - 1] in _QUOTES:
                start -= 1
            before = text[:start]
            verb = _wrong_verb(before, rule)
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
        if len(tail) != len(verb) or not all(_HAN.match(char) for char in tail):
            continue
        if sum(a != b for a, b in zip(tail, verb)) == 1:
            return tail, verb
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"TOML 语法错误（{error}）") from None
    except UnicodeDecodeError:
        raise ValueError("不是 UTF-8 编码") from None


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where} 应为非空文字的列表")
    return tuple(v.strip() for v in value)


def _merge(rules: FormulaSet, data: dict[str, Any], path: Path) -> None:
    unknown = set(data) - {"sequence", "collocation"}
    if unknown:
        raise ValueError(f"未知的键 {sorted(unknown)[0]}（可用：sequence、collocation）")
    for index, entry in enumerate(data.get("sequence", [])):
        where = f"第 {index + 1} 个 [[sequence]]"
        if not isinstance(entry, dict) or set(entry) - {"name", "items"} or not isinstance(entry.get("name"), str):
            raise ValueError(f"{where} 需要且只能有 name 和 items")
        items = _strings(entry.get("items"), f"{where} 的 items")
        if len(items) < 2:
            raise ValueError(f"{where} 的 items 至少要有两项")
        rules.sequences = [r for r in rules.sequences if r.name != entry["name"]]
        rules.sequences.append(SequenceRule(entry["name"], items))
    for index, entry in enumerate(data.get("collocation", [])):
        where = f"第 {index + 1} 个 [[collocation]]"
        if not isinstance(entry, dict) or set(entry) - {"term", "right", "wrong", "suggestion"}:
            raise ValueError(f"{where} 只能有 term、right、wrong、suggestion")
        term = entry.get("term")
        if not isinstance(term, str) or not term.strip():
            raise ValueError(f"{where} 缺少 term")
        right = _strings(entry.get("right"), f"{where} 的 right")
        wrong = _strings(entry.get("wrong", []), f"{where} 的 wrong") if entry.get("wrong") else ()
        suggestion = entry.get("suggestion", right[0])
        if not isinstance(suggestion, str):
            raise ValueError(f"{where} 的 suggestion 应为文字")
        rules.collocations = [r for r in rules.collocations if r.term != term]
        rules.collocations.append(CollocationRule(term.strip(), right, wrong, suggestion))
