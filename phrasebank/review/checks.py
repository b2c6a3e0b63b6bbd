"""`tigang check`: what is wrong with an outline before it goes out, and how long it takes to read.

Errors (the document is not ready): unfilled slots, skipped levels, empty parts and headings, and
wordings the list of canonical wordings (`wording`) marks 必错. Warnings (worth a look): wordings it
marks 疑似 or 提示, and level-1 headings, or the level-2 points of one part, that are not parallel in
pattern or length. Plus character counts and speaking time per part and in total.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal

from phrasebank.outline.items import Item
from phrasebank.outline.model import Outline
from phrasebank.outline.numbering import Entry
from phrasebank.review.headings import compare_headings
from phrasebank.review.timing import DEFAULT_RATE, speaking_seconds, spoken_chars
from phrasebank.review.wording import WordingChecker, WordingProblem, wording_checker
from phrasebank.vocab.formulas import FormulaSet

Severity = Literal["error", "warning"]
CODE_NAMES: dict[str, str] = {
    "slot": "未填空位",
    "skipped-level": "层级跳跃",
    "empty-part": "空的部分",
    "empty-heading": "标题为空",
    "formula-order": "提法顺序",
    "formula-count": "提法项数",
    "formula-collocation": "提法搭配",
    "wording-name": "规范名称",
    "wording-confusion": "易混词语",
    "wording-typo": "错别字",
    "not-parallel": "不对仗",
    "length": "长短不齐",
}
WORDING_CODES: dict[str, str] = {
    "order": "formula-order",
    "count": "formula-count",
    "collocation": "formula-collocation",
    "name": "wording-name",
    "confusion": "wording-confusion",
    "typo": "wording-typo",
}
"""The finding code of each family of the list of canonical wordings."""


@dataclass(frozen=True)
class Finding:
    """One problem: how bad, what kind (`code`), where (e.g. “二、（一）”), what, and the item's id;
    for a wording, the rule broken, the field (`text` heading or `body`) and the problem itself."""

    severity: Severity
    code: str
    where: str
    message: str
    item_id: str | None = None
    item_field: str | None = None
    wording: WordingProblem | None = None

    def to_dict(self) -> dict[str, object]:
        """The `--json` form: the five keys every finding has, then the rule's name, family, own
        severity (error / suspect / hint), source, suggestion and corrected text (null when not a wording)."""
        problem = self.wording
        return {
            "severity": self.severity,
            "code": self.code,
            "where": self.where,
            "message": self.message,
            "item_id": self.item_id,
            "rule": problem.rule if problem else None,
            "family": problem.family if problem else None,
            "rule_severity": problem.severity if problem else None,
            "rule_severity_name": problem.severity_name if problem else None,
            "source": problem.source if problem else None,
            "field": self.item_field,
            "wrong": problem.wrong if problem else None,
            "suggestion": problem.suggestion if problem else None,
            "corrected": problem.corrected if problem else None,
        }


@dataclass(frozen=True)
class CountRow:
    """Characters read aloud and speaking time of one stretch of the document."""

    label: str
    """“开头”, “结尾” or the part's number and heading."""
    chars: int
    seconds: float


@dataclass
class CheckReport:
    """Everything `check_outline` found, plus counts; `errors` decides the exit code."""

    findings: list[Finding] = field(default_factory=list)
    counts: list[CountRow] = field(default_factory=list)
    total_chars: int = 0
    total_seconds: float = 0
    rate: int = DEFAULT_RATE
    notes: list[str] = field(default_factory=list)
    """Problems with the checker's own configuration, e.g. a broken user formulas file."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form for `tigang check --json`."""
        return {
            "ok": not self.errors,
            "errors": [f.to_dict() for f in self.errors],
            "warnings": [f.to_dict() for f in self.warnings],
            "rate": self.rate,
            "counts": [asdict(row) for row in self.counts],
            "total_chars": self.total_chars,
            "total_seconds": round(self.total_seconds, 1),
            "notes": list(self.notes),
        }


def check_outline(outline: Outline, *, rate: int = DEFAULT_RATE, formulas: FormulaSet | None = None) -> CheckReport:
    """Run every check on `outline`; `rate` is the speaking rate in 字/分钟; `formulas` replaces the
    list of canonical wordings in force (the built-in one and the user's)."""
    if rate <= 0:
        raise ValueError("rate must be positive")
    rules = wording_checker() if formulas is None else WordingChecker(formulas)
    report = CheckReport(rate=rate, notes=[str(problem) for problem in rules.problems])
    entries = outline.numbered()
    _check_slots(outline, report)
    _check_levels(entries, report)
    _check_empty(outline, entries, report)
    _check_formulas(outline, rules, report)
    _check_parallel(outline, entries, report)
    _count(outline, entries, report)
    order = {item.id: index for index, item in enumerate(outline.items())}
    report.findings.sort(key=lambda f: (f.severity != "error", order.get(f.item_id or "", -1)))
    return report


def _where(outline: Outline, item: Item) -> str:
    return outline.path_label(item.id)


def _check_slots(outline: Outline, report: CheckReport) -> None:
    for item in outline.items():
        if item.slot_count:
            text = item.text if item.slots else item.body
            start = text.find("××")
            snippet = text[max(0, start - 10) : start + 12]
            report.findings.append(
                Finding("error", "slot", _where(outline, item),
                        f"有 {item.slot_count} 处未填空位（××）：…{snippet}…", item.id)
            )


def _check_levels(entries: Sequence[Entry], report: CheckReport) -> None:
    previous = 1
    for entry in entries:
        level = entry.item.level
        if level > previous + 1:
            report.findings.append(
                Finding("error", "skipped-level", entry.path,
                        f"{level} 级标题直接放在 {previous} 级标题下，缺少 {previous + 1} 级标题。", entry.item.id)
            )
        previous = level


def _check_empty(outline: Outline, entries: Sequence[Entry], report: CheckReport) -> None:
    for entry in entries:
        item = entry.item
        if not item.text.strip():
            report.findings.append(Finding("error", "empty-heading", entry.path, "标题为空。", item.id))
        if item.level == 1 and not item.body.strip() and len(outline.subtree(item.id)) == 1:
            report.findings.append(Finding("error", "empty-part", entry.path, "这一部分还没有任何内容。", item.id))
    if not entries:
        report.findings.append(Finding("error", "empty-part", "正文", "正文还没有任何部分。"))


def _check_formulas(outline: Outline, rules: WordingChecker, report: CheckReport) -> None:
    """Headings and bodies against the list of canonical wordings: 必错 is an error, the rest warnings."""
    for item in outline.items():
        for field_name, text in (("text", item.text), ("body", item.body)):
            for problem in rules.check(text):
                severity: Severity = "error" if problem.severity == "error" else "warning"
                source = problem.source or "用户规则"
                message = f"{problem.message}（{problem.severity_name}；规则“{problem.rule}”，依据：{source}）"
                report.findings.append(
                    Finding(severity, WORDING_CODES[problem.family], _where(outline, item), message, item.id,
                            field_name, problem)
                )


def _check_parallel(outline: Outline, entries: Sequence[Entry], report: CheckReport) -> None:
    groups: list[tuple[str, list[Entry]]] = [("一级标题", [e for e in entries if e.item.level == 1])]
    for part in (e for e in entries if e.item.level == 1):
        points = [e for e in entries if e.part_number == part.part_number and e.item.level == 2]
        if len(points) >= 3:
            groups.append((f"{part.label}下的二级标题", points))
    for name, group in groups:
        group = [e for e in group if e.item.text.strip()]
        if len(group) < 2:
            continue
        result = compare_headings([e.item.text for e in group])
        for index in result.outliers:
            entry = group[index]
            report.findings.append(
                Finding("warning", "not-parallel", entry.path,
                        f"与其他{name}不对仗：其他都是“{result.pattern}”，这一条是“{result.patterns[index]}”。",
                        entry.item.id)
            )
        for index in result.length_outliers:
            entry = group[index]
            report.findings.append(
                Finding("warning", "length", entry.path,
                        f"长度 {len(entry.item.text)} 字，其他{name}约 {round(result.typical_length)} 字，"
                        "长短相差较大。",
                        entry.item.id)
            )


def _count(outline: Outline, entries: Sequence[Entry], report: CheckReport) -> None:
    def row(label: str, texts: list[str]) -> None:
        chars = sum(spoken_chars(text) for text in texts)
        report.counts.append(CountRow(label, chars, speaking_seconds(chars, report.rate)))

    row("开头", [outline.salutation.text, *(p.text for p in outline.opening)])
    for part in (e for e in entries if e.item.level == 1):
        members = [e.item for e in entries if e.part_number == part.part_number]
        row(part.label + part.item.text, [t for item in members for t in (item.text, item.body)])
    row("结尾", [p.text for p in outline.closing])
    report.total_chars = sum(r.chars for r in report.counts)
    report.total_seconds = speaking_seconds(report.total_chars, report.rate)
