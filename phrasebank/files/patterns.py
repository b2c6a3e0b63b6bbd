"""Regular expressions a writer may put in a configuration file: only a safe kind, checked before use.

A context rule of `formulas.toml` (“截止 followed by a date”) is a regular expression run on every
outline line and every search hit. Python's engine backtracks, so a pattern such as `(a+)+` can take
longer than the universe on a short text; the subset allowed here cannot: no repeated group, no
back-reference or look-around, few repetitions, and the text it is matched against is short.
"""
from __future__ import annotations

import re

MAX_PATTERN_CHARS = 120
"""The longest regular expression a file may hold (a context rule is a few alternatives, not a program)."""
MAX_PATTERN_REPEATS = 4
"""Repetitions (* + ? {m,n}) one regular expression may hold: with no repeated group and the short text
a context is matched against, the work of one match stays bounded (no catastrophic backtracking)."""

_REPEAT_BOUNDS = re.compile(r"\{(\d{0,3})(,(\d{0,3}))?\}")


def pattern_problem(text: str) -> str | None:
    """Why `text` is not a usable regular expression, or None.

    Allowed: literals, classes, `.`, `^ $ \b`, alternation, `(…)` and `(?:…)` groups, and at most
    `MAX_PATTERN_REPEATS` repetitions, each of one character or class (bounds of at most 20) or an
    optional group `(…)?`. Refused: a repeated group (the root of catastrophic backtracking),
    back-references, look-arounds and inline flags. Python's own parser has the last word on syntax.
    """
    repeats, index, after_group, after_repeat = 0, 0, False, False
    while index < len(text):
        char = text[index]
        bounds = _REPEAT_BOUNDS.match(text, index) if char == "{" else None
        if char in "*+?" or bounds:
            if after_repeat and char == "?":  # lazy (*?, +?, {m,n}?): still one repetition
                index, after_repeat = index + 1, False
                continue
            if after_repeat:
                return "不能连续使用重复符号"
            if after_group and char != "?":  # an optional group only doubles the ways to match
                return "不能对括号整体使用重复（* + {m,n}），请改为逐项列出"
            if bounds and any(int(b or 0) > 20 for b in (bounds.group(1), bounds.group(3))):
                return "重复次数最多 20"
            repeats += 1
            if repeats > MAX_PATTERN_REPEATS:
                return f"重复符号过多（最多 {MAX_PATTERN_REPEATS} 个）"
            index, after_repeat = (bounds.end() if bounds else index + 1), True
            continue
        after_group = after_repeat = False
        if char == "\\":
            if text[index + 1 : index + 2].isdigit() and text[index + 1] != "0":
                return "不支持反向引用（\\1 等）"
            index += 2
        elif char == "[":
            index = _class_end(text, index + 1)
            if index < 0:
                return "方括号没有闭合"
        elif char == "(":
            if text.startswith("(?", index) and not text.startswith("(?:", index):
                return "只支持 (…) 和 (?:…) 两种括号，不支持前后查找、命名组和内联标志"
            index += 3 if text.startswith("(?:", index) else 1
        else:
            after_group = char == ")"
            index += 1
    try:
        re.compile(text)
    except re.error as error:
        return f"语法错误（第 {(error.pos or 0) + 1} 个字符附近）"
    except (RecursionError, OverflowError, MemoryError):
        return "过于复杂"
    return None


def _class_end(text: str, index: int) -> int:
    """The index after the `]` closing a character class whose body starts at `index`, or -1."""
    if text.startswith("^", index):
        index += 1
    if text.startswith("]", index):  # a leading ] is a literal
        index += 1
    while index < len(text):
        if text[index] == "\\":
            index += 2
        elif text[index] == "]":
            return index + 1
        else:
            index += 1
    return -1
