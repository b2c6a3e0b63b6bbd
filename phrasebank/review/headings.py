"""Are sibling headings parallel (对仗)? Which one breaks the pattern the others share, and how.

A few features a writer can check by eye, each said in words: the length band (“共 9 字，其余
12–13 字”), a shared opening (“其余都以“坚持”开头”), a shared ending (“其余都以“机关”结尾”) and the
number of clauses between ，/； (“其余都是两句”). A difference is reported only when at least
`MIN_AGREE` siblings, and a clear majority (`MAJORITY`) of them, agree on a feature and a heading
does not: four loose headings, or two against two, are a style, not a slip. Running text at a
heading level (`phrasebank.text.shape`) is left out: its length and clauses say nothing of 对仗.

An earlier version derived the common subsequence of all headings and printed it with X, Y, Z… for
what differed (“X常委会Y治Z教育W年V建设U理T。”); writers could not read it.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from phrasebank.text.cjk import chinese_numeral, is_han
from phrasebank.text.shape import char_count, is_running_text

Feature = Literal["length", "opening", "ending", "clauses"]
MIN_AGREE = 3
MAJORITY = 0.75
"""Share of the compared siblings that must agree before the one that does not is worth a hint."""
_TRAILING = "。！？；，、：…”’」』）》】 "
_SENTENCE_END = "。！？；，、：… "
_CLAUSE_MARKS = "，；"


@dataclass(frozen=True)
class Heading:
    """A sibling heading as the writer reads it: its number (“（三）”) and its text."""

    label: str
    text: str


@dataclass(frozen=True)
class Difference:
    """Heading `index` breaks the siblings' `feature`; `text` says how, e.g. “共 9 字，其余 12–13 字”
    (to follow the heading's number: “（三）共 9 字，其余 12–13 字”)."""

    index: int
    feature: Feature
    text: str


def quoted(text: str) -> str:
    """`text` in “”, its own double quotes turned into single ones, as Chinese nests quotation marks."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def compare_siblings(headings: Sequence[Heading]) -> list[Difference]:
    """The differences of each heading from what (most of) its siblings share, by heading then feature."""
    texts = {i: h.text.strip() for i, h in enumerate(headings) if h.text.strip() and not is_running_text(h.text)}
    found: list[Difference] = []
    for check in (_length, _opening, _ending, _clauses):
        found.extend(check(texts, headings))
    return sorted(found, key=lambda d: d.index)


def _agreement(keys: dict[int, object]) -> tuple[object, list[int]] | None:
    """The key most texts share, and who shares it, when that is a clear majority with exceptions."""
    if not keys:
        return None
    key, count = Counter(keys.values()).most_common(1)[0]
    if count < MIN_AGREE or count < MAJORITY * len(keys) or count == len(keys):
        return None
    return key, [i for i, k in keys.items() if k == key]


def _length(texts: dict[int, str], headings: Sequence[Heading]) -> list[Difference]:
    """Length band: most siblings within a few 字 of one another, one far longer or shorter."""
    counts = {i: char_count(t) for i, t in texts.items()}
    if len(counts) <= MIN_AGREE:
        return []
    best: list[int] = []
    for low in sorted(set(counts.values())):
        band = [i for i, n in counts.items() if low <= n <= low + max(2, low // 6)]
        if len(band) > len(best):
            best = band
    low, high = min(counts[i] for i in best), max(counts[i] for i in best)
    margin = max(3, round(low * 0.25))
    outliers = [i for i, n in counts.items() if n <= low - margin or n >= high + margin]
    if len(best) < MIN_AGREE or len(best) < MAJORITY * len(counts) or not outliers:
        return []
    band_text = f"其余都是 {low} 字" if low == high else f"其余 {low}–{high} 字"
    return [Difference(i, "length", f"共 {counts[i]} 字，{band_text}") for i in outliers]


def _opening(texts: dict[int, str], headings: Sequence[Heading]) -> list[Difference]:
    """A shared opening word of two or more characters (“坚持”, “聚焦”)."""
    return _shared_end(texts, headings, lambda text: text, "开头")


def _ending(texts: dict[int, str], headings: Sequence[Heading]) -> list[Difference]:
    """A shared closing word of two or more characters (“机关”, “建设”), punctuation and quotes aside."""
    return _shared_end(texts, headings, lambda text: text.rstrip(_TRAILING)[::-1], "结尾")


def _shared_end(texts: dict[int, str], headings: Sequence[Heading], oriented: Callable[[str], str],
                where: Literal["开头", "结尾"]) -> list[Difference]:
    """Opening or ending, by one rule: `oriented` turns the text so the end looked at comes first."""
    turned = {i: oriented(t) for i, t in texts.items()}
    keys: dict[int, object] = {i: t[:2] for i, t in turned.items() if len(t) >= 2 and all(map(is_han, t[:2]))}
    keys.update({i: None for i in turned if i not in keys})
    agreed = _agreement(keys)
    if agreed is None or agreed[0] is None:
        return []
    members = agreed[1]
    size = 2
    while all(len(turned[i]) > size and is_han(turned[i][size]) and turned[i][size] == turned[members[0]][size]
              for i in members):
        size += 1
    shared = turned[members[0]][:size]
    differences = []
    for i in texts:
        if i in members:
            continue
        own, common = turned[i][:size], shared
        if where == "结尾":
            own, common = own[::-1], common[::-1]
        differences.append(Difference(i, "opening" if where == "开头" else "ending",
                                      f"{where}是{quoted(own)}，其余都以{quoted(common)}{where}"))
    return differences


def clause_count(text: str) -> int:
    """Clauses of a heading: the pieces between ，and ；(“丰富学习强思想，让学习“高”起来。” has two)."""
    core = text.strip().rstrip(_TRAILING)
    pieces = [core]
    for mark in _CLAUSE_MARKS:
        pieces = [part for piece in pieces for part in piece.split(mark)]
    return sum(1 for piece in pieces if piece.strip())


def _clauses(texts: dict[int, str], headings: Sequence[Heading]) -> list[Difference]:
    """The number of clauses, when most siblings are two- or three-clause 对仗 and one is not."""
    counts = {i: clause_count(t) for i, t in texts.items()}
    agreed = _agreement(dict(counts))
    if agreed is None:
        return []
    usual = counts[agreed[1][0]]
    if usual < 2:
        return []  # one-clause points are the default, not a pattern somebody chose
    example = headings[agreed[1][0]]
    sample = f"如{example.label}{quoted(example.text.strip().rstrip(_SENTENCE_END))}"
    differences = []
    for i, count in counts.items():
        if count != usual:
            own = f"只有{_sentences(count)}" if count < usual else f"分成{_sentences(count)}"
            differences.append(Difference(i, "clauses",
                                          f"{own}，其余都是{_sentences(usual)}（{sample}）"))
    return differences


def _sentences(count: int) -> str:
    return ("两" if count == 2 else chinese_numeral(count)) + "句"
