"""Are headings parallel (对仗)? Derive their shared pattern and find the ones that break it.

The pattern is the characters and punctuation all headings share in the same order (their longest
common subsequence); what differs becomes X, Y, Z…, so seed 003's level-1 headings give
“坚持X，建设Y的“Z机关””. A heading is an outlier when leaving it out makes the others share clearly
more: it is the one keeping the pattern from showing.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median

PLACEHOLDERS = "XYZWVUTSRQ"
MIN_PATTERN = 4
"""A shared skeleton shorter than this (e.g. just “，”) is no pattern to enforce."""


def lcs_pairs(a: str, b: str) -> list[tuple[int, int]]:
    """Index pairs (i in a, j in b) of one longest common subsequence of `a` and `b`.

    rapidfuzz computes the alignment in C: checking a part with dozens of points compares every
    heading with the others, which took most of a second in pure Python.
    """
    from rapidfuzz.distance import LCSseq

    pairs: list[tuple[int, int]] = []
    for opcode in LCSseq.opcodes(a, b):
        if opcode.tag == "equal":
            pairs.extend((opcode.src_start + offset, opcode.dest_start + offset)
                         for offset in range(opcode.src_end - opcode.src_start))
    return pairs


def lcs(a: str, b: str) -> str:
    """One longest common subsequence of `a` and `b`."""
    return "".join(a[i] for i, _ in lcs_pairs(a, b))


def common_skeleton(texts: Sequence[str]) -> str:
    """What all texts share in order (progressive LCS); "" for no texts."""
    if not texts:
        return ""
    skeleton = texts[0]
    for text in texts[1:]:
        skeleton = lcs(skeleton, text)
    return skeleton


def pattern_of(text: str, skeleton: str) -> str:
    """`text` with the parts not in `skeleton` replaced by X, Y, Z…: “X，做Y的表率”."""
    kept = {i for i, _ in lcs_pairs(text, skeleton)}
    out: list[str] = []
    gaps = 0
    in_gap = False
    for index, char in enumerate(text):
        if index in kept:
            out.append(char)
            in_gap = False
        elif not in_gap:
            out.append(PLACEHOLDERS[gaps] if gaps < len(PLACEHOLDERS) else "…")
            gaps += 1
            in_gap = True
    return "".join(out)


@dataclass
class ParallelReport:
    """The shared pattern, each heading's own pattern, and which headings break pattern or length."""

    pattern: str
    """The pattern the (majority of the) headings follow; "" when they share too little to tell."""
    patterns: list[str] = field(default_factory=list)
    outliers: list[int] = field(default_factory=list)
    """Indexes of headings not following `pattern`."""
    length_outliers: list[int] = field(default_factory=list)
    """Indexes of headings much longer or shorter than the others."""
    typical_length: float = 0

    @property
    def parallel(self) -> bool:
        return not self.outliers and not self.length_outliers


def compare_headings(headings: Sequence[str]) -> ParallelReport:
    """Compare headings that should be parallel; needs three to tell an outlier from the rest."""
    texts = list(headings)
    if len(texts) < 2:
        return ParallelReport(pattern="", patterns=list(texts))
    outliers: list[int] = []
    members = list(range(len(texts)))
    while len(members) >= 3 and len(outliers) + 1 < len(texts) / 2:
        shared = common_skeleton([texts[i] for i in members])
        best: tuple[int, int, str] | None = None
        for index in members:
            rest = common_skeleton([texts[i] for i in members if i != index])
            gain = len(rest) - len(shared)
            if len(rest) >= MIN_PATTERN and gain >= max(3, len(rest) // 4) and (best is None or gain > best[0]):
                best = (gain, index, rest)
        if best is None:
            break
        outliers.append(best[1])
        members.remove(best[1])
    skeleton = common_skeleton([texts[i] for i in members])
    meaningful = len(skeleton) >= MIN_PATTERN
    pattern = pattern_of(texts[members[0]], skeleton) if meaningful else ""
    patterns = [pattern_of(text, skeleton) for text in texts]
    typical = median(len(text) for text in texts)
    limit = max(5, round(typical * 0.3))
    length_outliers = [i for i, text in enumerate(texts) if abs(len(text) - typical) > limit]
    return ParallelReport(pattern, patterns, sorted(outliers) if meaningful else [], length_outliers, typical)
