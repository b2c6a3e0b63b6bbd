"""Cleaning raw 素材 text: restore the masked 党, mark placeholders as slots, drop ads and paywall
markers, make half-width punctuation full-width between Chinese, normalise whitespace.

`clean` is a pure function: raw text in, clean text plus a record of every change out. It works line
by line so every clean line still knows its line number in the source file, and it is idempotent
(cleaning clean text changes nothing), which lets re-mining and tests rely on it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from phrasebank.text.cjk import CJK_CONTEXT_RANGES, HAN_RANGES, full_width_punctuation
from phrasebank.vocab.slots import SLOT_MARKER

# Lines that are advertising from 素材 sites; matched anywhere in a line, the whole line goes.
_AD_LINE = re.compile(
    r"哒哒|素材库|代笔客服|添加客服|谨防假冒|会员群|网盘群|一键精准搜索|有意加入请联系|持续接单中"
)
_PAYWALL_MARKER = re.compile(r"#{1,2}\s*paid(?:begin|end)\s*#{1,2}", re.IGNORECASE)

# 党 masked as D: a run of capital D (D, DD) standing alone among Chinese, or before a placeholder x.
# Letters on either side mean a real Latin word (PPP, SV, App, AAA, 3D); a few grade-like uses
# (“D级危房”, “D类”) are real letters too.
_D_MASK = re.compile(
    rf"(?<![A-Za-z0-9])D+(?=[{CJK_CONTEXT_RANGES}]|x+(?![A-Za-z])|$)|(?<=[{CJK_CONTEXT_RANGES}])D+(?![A-Za-z0-9])"
)
_D_NOT_MASK_AFTER = set("级类区座栋型档盘号楼栋款")

# Placeholders: runs of x/X alone (not inside a Latin word), runs of two or more *, the full-width ＊,
# and runs of × that are not a single multiplication sign.
_PLACEHOLDER = re.compile(r"(?<![A-Za-z])[xX]+(?![A-Za-z])|\*{2,}|＊+|×{2,}")
_LONE_STAR = re.compile(rf"(?<=[{CJK_CONTEXT_RANGES}])\*(?=[{CJK_CONTEXT_RANGES}])")

_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")
_SPACE_BETWEEN_HAN = re.compile(rf"(?<=[{HAN_RANGES}，。、；：！？“”）（])\s+(?=[，。、；：！？”）])|(?<=[（“])\s+")


CHANGE_NAMES = {
    "party-mask": "恢复“党”字",
    "placeholder": "占位符改为××",
    "ad-line": "删除广告行",
    "paywall-marker": "删除付费标记",
    "punctuation": "半角标点改全角",
    "whitespace": "整理空白",
}
"""What each kind of change is called when a writer is told about it."""


@dataclass(frozen=True)
class Change:
    """One kind of change made on one source line, with how many times it was made."""

    kind: str  # "party-mask" | "placeholder" | "ad-line" | "paywall-marker" | "punctuation" | "whitespace"
    line: int  # 1-based line in the source file
    count: int
    before: str = ""  # for removed lines, the text removed


@dataclass
class CleanText:
    """Clean text as lines, each with the source line it came from, and the changes made."""

    lines: list[str]
    line_numbers: list[int]
    changes: list[Change] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The clean text, one non-empty line per paragraph."""
        return "\n".join(self.lines)

    def summary(self) -> Counter[str]:
        """How many changes of each kind were made."""
        totals: Counter[str] = Counter()
        for change in self.changes:
            totals[change.kind] += change.count
        return totals


def clean(raw: str) -> CleanText:
    """Clean raw document text; blank and removed lines are dropped, line numbers kept."""
    lines: list[str] = []
    line_numbers: list[int] = []
    changes: list[Change] = []
    for number, raw_line in enumerate(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line, line_changes = clean_line(raw_line)
        changes.extend(Change(kind, number, count, before) for kind, count, before in line_changes)
        if line:
            lines.append(line)
            line_numbers.append(number)
    return CleanText(lines=lines, line_numbers=line_numbers, changes=changes)


def clean_line(raw_line: str) -> tuple[str, list[tuple[str, int, str]]]:
    """Clean one line; returns the clean line ("" if dropped) and (kind, count, removed text) changes.

    The steps are applied until nothing changes (at most a few rounds), so that a change made by one
    step (e.g. a removed marker joining two halves) is seen by the others; that is what makes
    cleaning idempotent.
    """
    changes: Counter[str] = Counter()
    removed = ""
    line = raw_line
    for _ in range(4):
        before = line
        line, count = _PAYWALL_MARKER.subn("", line)
        changes["paywall-marker"] += count
        if _AD_LINE.search(line):
            removed, line = line.strip(), ""
            changes["ad-line"] += 1
            break
        line, count = _restore_party(line)
        changes["party-mask"] += count
        line, count = _mark_placeholders(line)
        changes["placeholder"] += count
        line, count = _full_width_punctuation(line)
        changes["punctuation"] += count
        line, count = _normalise_whitespace(line)
        changes["whitespace"] += count
        if line == before:
            break
    return line, [(kind, count, removed if kind == "ad-line" else "") for kind, count in changes.items() if count]


def _restore_party(line: str) -> tuple[str, int]:
    """Replace D masks with 党 (DD → 党党, as in 中国共产DD员 → 中国共产党党员)."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        following = line[match.end() : match.end() + 1]
        if following in _D_NOT_MASK_AFTER and len(match.group()) == 1:
            return match.group()
        count += len(match.group())
        return "党" * len(match.group())

    return _D_MASK.sub(replace, line), count


def _mark_placeholders(line: str) -> tuple[str, int]:
    """Turn every placeholder into the canonical slot marker."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        if match.group() != SLOT_MARKER:
            count += 1
        return SLOT_MARKER

    line = _PLACEHOLDER.sub(replace, line)
    line, lone = _LONE_STAR.subn(SLOT_MARKER, line)
    return line, count + lone


def _full_width_punctuation(line: str) -> tuple[str, int]:
    """Half-width `, : ; ( ) ? !` in Chinese made full-width (not in 1,000 or 12:30); see
    `phrasebank.text.cjk.full_width_punctuation`, the one rule export uses too."""
    converted = full_width_punctuation(line)
    if converted == line:
        return line, 0
    marks = "，：；（）？！"
    return converted, sum(char in marks for char in converted) - sum(char in marks for char in line)


def _normalise_whitespace(line: str) -> tuple[str, int]:
    """Strip the line, drop zero-width characters and spaces next to full-width punctuation, collapse runs."""
    original = line
    line = _ZERO_WIDTH.sub("", line)
    line = _SPACES.sub(" ", line).strip()
    line = _SPACE_BETWEEN_HAN.sub("", line)
    return line, int(line != original)
