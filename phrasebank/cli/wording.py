"""Warnings of the list of canonical wordings on what the CLI shows: the `warnings` of a `--json` row
and the lines of `tigang show` (the ⚠ of a table row is drawn by `output`).

Computed when shown, from the list in force (`phrasebank.review.wording`), never stored in the bank:
the writer's own formulas file can change between two runs. A problem with that file is said once
per run, on stderr, so the JSON on stdout stays clean.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from phrasebank.cli.output import WARNING_MARK, warn
from phrasebank.review.wording import WordingChecker, WordingProblem, wording_checker

if TYPE_CHECKING:
    from rich.console import Console

_reported: set[str] = set()


def checker() -> WordingChecker:
    """The checker in force; the problems of the user's formulas file are reported on first use."""
    current = wording_checker()
    for problem in current.problems:
        if str(problem) not in _reported:
            _reported.add(str(problem))
            warn(str(problem))
    return current


def with_warnings(row: dict[str, object]) -> dict[str, object]:
    """`row` (a phrase or hit as `--json` gives it) with `warnings`: what its text breaks, each with
    rule, family, severity, source, message, span, suggestion and the corrected text ([] when nothing)."""
    text = row.get("text")
    row["warnings"] = [problem.to_dict() for problem in checker().check(text)] if isinstance(text, str) else []
    return row


def problems_of(text: str) -> list[WordingProblem]:
    """What `text` breaks."""
    return checker().check(text)


def print_problems(out: Console, text: str) -> None:
    """The warnings of one phrase as `tigang show` prints them: what, how sure, which rule and its
    source, and the phrase put right."""
    for problem in problems_of(text):
        why = f"（规则“{problem.rule}”，依据：{problem.source or '用户规则'}）"
        out.print(Text(f"{WARNING_MARK}{problem.severity_name}·{problem.family_name}：{problem.message}{why}",
                       style="yellow"))
        if problem.suggestion is not None:
            out.print(f"  建议改为：{problem.corrected}")
