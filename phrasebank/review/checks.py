"""`tigang check`: what is wrong with an outline before it goes out, and how long it takes to read.

Errors (the document is not ready): unfilled slots, skipped levels, empty parts and headings, and
wordings the list of canonical wordings (`wording`) marks 必错. Warnings (worth a look): wordings it
marks 疑似 or 提示; sibling headings (same level, same parent) that are not parallel, said in words
(`headings`); the same wording twice, or nearly (`duplicates`). Plus character counts and speaking
time per part and in total. Every finding about an item carries its id, so the editor can jump there.

Unfilled slots are counted as everywhere else (`Outline.unfilled_slots`: each ×× once), with one
finding per item that holds any: `CheckReport.slots` is the figure the status line shows.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal

from phrasebank.outline.items import REGION_NAMES
from phrasebank.outline.model import Outline
from phrasebank.outline.numbering import Entry
from phrasebank.review.duplicates import Repeat, find_repeats
from phrasebank.review.headings import MIN_AGREE, Difference, Heading, compare_siblings, quoted
from phrasebank.review.timing import DEFAULT_RATE, speaking_seconds, spoken_chars
from phrasebank.review.wording import WordingChecker, WordingProblem, wording_checker
from phrasebank.text.cjk import chinese_numeral
from phrasebank.text.width import truncate_cells
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
    "duplicate": "重复",
    "near-duplicate": "近似重复",
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
    slots: int = 0
    """Unfilled slots, each ×× once (`Outline.unfilled_slots`, as the status line counts them)."""

    @property
    def slot_items(self) -> int:
        """Items holding unfilled slots: one `slot` finding each."""
        return sum(1 for f in self.findings if f.code == "slot")

    @property
    def slot_summary(self) -> str:
        """“还有 8 处未填空位（5 个条目）”, or "" when every slot is filled (the export says the same)."""
        return f"还有 {self.slots} 处未填空位（{self.slot_items} 个条目）" if self.slots else ""

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
            "unfilled_slots": self.slots,
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
    places = _places(outline, entries)
    _check_slots(outline, places, report)
    _check_levels(entries, report)
    _check_empty(outline, entries, report)
    _check_formulas(outline, places, rules, report)
    _check_parallel(entries, report)
    _check_repeats(outline, places, report)
    _count(outline, entries, report)
    order = {item.id: index for index, item in enumerate(outline.items())}
    report.findings.sort(key=lambda f: (f.severity != "error", order.get(f.item_id or "", -1)))
    return report


def _places(outline: Outline, entries: Sequence[Entry]) -> dict[str, str]:
    """Every item's `Outline.path_label`, worked out once (asking per item numbers the body each time)."""
    places = {entry.item.id: entry.path for entry in entries}
    for region, items in (("opening", outline.opening), ("closing", outline.closing)):
        places.update((item.id, f"{REGION_NAMES[region]}第{index + 1}段") for index, item in enumerate(items))
    places[outline.title.id] = REGION_NAMES["title"]
    places[outline.salutation.id] = REGION_NAMES["salutation"]
    return places


def _check_slots(outline: Outline, places: dict[str, str], report: CheckReport) -> None:
    report.slots = len(outline.unfilled_slots())
    for item in outline.items():
        if item.slot_count:
            text = item.text if item.slots else item.body
            start = text.find("××")
            snippet = text[max(0, start - 10) : start + 12]
            report.findings.append(
                Finding("error", "slot", places[item.id],
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
    for index, entry in enumerate(entries):
        item = entry.item
        if not item.text.strip():
            report.findings.append(Finding("error", "empty-heading", entry.path, "标题为空。", item.id))
        alone = index + 1 == len(entries) or entries[index + 1].item.level == 1
        if item.level == 1 and not item.body.strip() and alone:
            report.findings.append(Finding("error", "empty-part", entry.path, "这一部分还没有任何内容。", item.id))
    if not entries:
        report.findings.append(Finding("error", "empty-part", "正文", "正文还没有任何部分。"))


def _check_formulas(outline: Outline, places: dict[str, str], rules: WordingChecker, report: CheckReport) -> None:
    """Headings and bodies against the list of canonical wordings: 必错 is an error, the rest warnings."""
    for item in outline.items():
        for field_name, text in (("text", item.text), ("body", item.body)):
            for problem in rules.check(text):
                severity: Severity = "error" if problem.severity == "error" else "warning"
                source = problem.source or "用户规则"
                message = f"{problem.message}（{problem.severity_name}；规则“{problem.rule}”，依据：{source}）"
                report.findings.append(
                    Finding(severity, WORDING_CODES[problem.family], places[item.id], message, item.id,
                            field_name, problem)
                )


def sibling_groups(entries: Sequence[Entry]) -> list[list[Entry]]:
    """Body items grouped as siblings: same level under the same parent (the parts form one group)."""
    groups: dict[tuple[str | None, int], list[Entry]] = {}
    stack: list[Entry] = []
    for entry in entries:
        while stack and stack[-1].item.level >= entry.item.level:
            stack.pop()
        parent = stack[-1].item.id if stack else None
        groups.setdefault((parent, entry.item.level), []).append(entry)
        stack.append(entry)
    return list(groups.values())


def _check_parallel(entries: Sequence[Entry], report: CheckReport) -> None:
    """Sibling headings against what most of them share; one finding per heading, all its differences."""
    for group in sibling_groups(entries):
        if len(group) <= MIN_AGREE:
            continue
        first = group[0]
        level = first.item.level
        name = f"{chinese_numeral(level)}级标题"
        scope = name if level == 1 else f"{first.path.removesuffix(first.label)}下的{name}"
        differences: dict[int, list[Difference]] = {}
        for difference in compare_siblings([Heading(e.label, e.item.text) for e in group]):
            differences.setdefault(difference.index, []).append(difference)
        for index, found in differences.items():
            entry = group[index]
            code = "length" if all(d.feature == "length" for d in found) else "not-parallel"
            message = f"{scope}中，{entry.label}" + "；".join(d.text for d in found) + "。"
            report.findings.append(Finding("warning", code, entry.path, message, entry.item.id))


def _check_repeats(outline: Outline, places: dict[str, str], report: CheckReport) -> None:
    """The same wording twice anywhere (headings, bodies, opening, closing), or nearly the same."""
    spots = [(item, field_name, text) for item in outline.items()
             for field_name, text in (("text", item.text), ("body", item.body)) if text.strip()]
    for repeat in find_repeats([text for _, _, text in spots]):
        item, field_name, text = spots[repeat.later]
        other, other_field, _ = spots[repeat.earlier]
        here = places[item.id] + ("的正文" if field_name == "body" else "")
        there = places[other.id] + ("的正文" if other_field == "body" else "")
        shown = quoted(truncate_cells(text.strip(), 40))
        if repeat.score >= 100:
            message = f"{there}和{here}文字相同：{shown}。"
            code = "duplicate"
        else:
            message = f"{there}和{here}几乎相同（相似度 {repeat.score:.0f}%{_change_text(repeat)}）：{shown}。"
            code = "near-duplicate"
        report.findings.append(Finding("warning", code, places[item.id], message, item.id, field_name))


def _change_text(repeat: Repeat) -> str:
    if repeat.change is None:
        return ""
    before, after = repeat.change
    if not before:
        return f"，后一处多了{quoted(after)}"
    if not after:
        return f"，后一处少了{quoted(before)}"
    return f"，前一处是{quoted(before)}，后一处是{quoted(after)}"


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
