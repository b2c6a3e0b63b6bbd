"""Chinese text conventions in one place: what counts as a Han character or Chinese context,
half-width ↔ full-width punctuation, control characters and line breaks, and Chinese numerals in both
directions.

Every stage used to carry its own copy (five Han ranges, two punctuation converters with different
rules); they now all import these, so a character is Chinese for cleaning exactly when it is
Chinese for search and export.
"""
from __future__ import annotations

import re

HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""Han ideographs as the body of a regex character class: the basic block, extension A, the
compatibility ideographs and extensions B–G (rare characters do occur in names of people and places)."""

HAN = re.compile(f"[{HAN_RANGES}]")

CJK_CONTEXT_RANGES = (
    HAN_RANGES + "\u3000-\u303f\uff01-\uff60\uffe0-\uffee\u2018-\u201f\u2014\u2026\u00b7\u00d7\u2460-\u24ff"
)
"""Characters that make their neighbourhood Chinese: Han, CJK and full-width punctuation, curly
quotes, dashes and ellipses, the middle dot (“七·一”), the slot marker × and circled numbers."""

CJK_CONTEXT = re.compile(f"[{CJK_CONTEXT_RANGES}]")

NUMERALS = "一二三四五六七八九十"
"""The digits of heading numbers (一、 （二） 第三，), in order."""

_DIGITS = "零一二三四五六七八九"
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_MARKS = ",:;?!"
_SEE_THROUGH = " \t,:;?!()，：；？！（）"
"""What a mark looks past to find its neighbours: spaces and the marks themselves, half-width or
full-width. So a run such as `？!` or `, (` is decided as a whole, and converting one mark never
changes the verdict on another (which is what makes the conversion idempotent)."""


def is_han(char: str) -> bool:
    """True for a Han ideograph."""
    return bool(HAN.match(char))


def is_cjk(char: str) -> bool:
    """True for a character that makes its neighbourhood Chinese (see `CJK_CONTEXT_RANGES`)."""
    return bool(CJK_CONTEXT.match(char))


def full_width_punctuation(text: str) -> str:
    """Half-width `, : ; ? ! ( )` in Chinese text made full-width, by one rule everywhere.

    A mark is Chinese punctuation when the first character before or after it — looking past
    spaces and other half-width marks — is Chinese; parentheses go in pairs, and a pair is Chinese
    when Chinese stands inside it, before it or after it. Spaces next to a converted mark go.
    `12:30`, `1,000`, `f(a, b)` and English stay as they are. Applying it twice changes nothing.
    """
    if not any(mark in text for mark in _HALF_TO_FULL):
        return text
    chars = list(text)
    converted: set[int] = set()
    for start, end in _paren_pairs(chars):
        inside = end >= 0 and any(is_cjk(char) for char in chars[start + 1 : end] if char not in _SEE_THROUGH)
        if inside or _cjk_around(chars, start, -1) or _cjk_around(chars, max(start, end), 1):
            for index in (start, end):
                if index >= 0:
                    chars[index] = _HALF_TO_FULL[chars[index]]
                    converted.add(index)
    for index, char in enumerate(chars):
        if char in _MARKS and (_cjk_around(chars, index, -1) or _cjk_around(chars, index, 1)):
            chars[index] = _HALF_TO_FULL[char]
            converted.add(index)
    return "".join(char for index, char in enumerate(chars) if not (char == " " and _next_to(converted, index, chars)))


def _paren_pairs(chars: list[str]) -> list[tuple[int, int]]:
    """(open, close) index pairs of half-width parentheses; an unpaired one comes as (i, -1)."""
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    for index, char in enumerate(chars):
        if char == "(":
            stack.append(index)
        elif char == ")":
            pairs.append((stack.pop(), index) if stack else (index, -1))
    pairs.extend((index, -1) for index in stack)
    return pairs


def _cjk_around(chars: list[str], index: int, step: int) -> bool:
    """Whether the first character from `index` in direction `step`, past spaces and marks, is Chinese."""
    position = index + step
    while 0 <= position < len(chars) and chars[position] in _SEE_THROUGH:
        position += step
    return 0 <= position < len(chars) and is_cjk(chars[position])


def _next_to(converted: set[int], index: int, chars: list[str]) -> bool:
    """Whether the space at `index` belongs to the run of spaces touching a converted mark."""
    for step in (-1, 1):
        position = index
        while 0 <= position < len(chars) and chars[position] == " ":
            position += step
        if position in converted:
            return True
    return False


def half_width_letters(text: str) -> str:
    """Full-width letters, digits and signs (ａｂｃ１２３) and the ideographic space made half-width,
    as an input method in full-width mode types them."""
    return text.translate(_FULL_TO_HALF)


_FULL_TO_HALF = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: " "}


_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\u2028\u2029]")
"""Line breaks other than \\n: Windows and old Mac ends of line, Word's manual line break (\\v, as
copied out of Word), form feed and the Unicode line and paragraph separators. NEL (U+0085) is not
one here: in Chinese material it is debris of a wrong conversion, removed with the C1 controls."""
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Control characters (C0 but tab and line breaks, DEL, C1), lone surrogates and the non-characters
U+FFFE/U+FFFF: nothing a writer means to type, and XML — so a .docx — cannot hold them."""
_BREAK_RUN = re.compile(r"[ \t]*[\t\n][ \t\n]*")


def strip_control_chars(text: str) -> str:
    """`text` with every line break made \\n and every other control character removed (tabs stay)."""
    return _CONTROL_CHARS.sub("", _LINE_BREAKS.sub("\n", text))


def join_lines(text: str) -> str:
    """Line breaks and tabs (with the spaces around them) joined into one line: dropped when Chinese
    stands on either side, one space between other text, nothing at the ends."""
    if "\n" not in text and "\t" not in text:
        return text

    def joint(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        if start == 0 or end == len(text) or is_cjk(text[start - 1]) or is_cjk(text[end]):
            return ""
        return " "

    return _BREAK_RUN.sub(joint, text)


def chinese_numeral(number: int) -> str:
    """`number` in Chinese numerals as used in headings: 一 … 十, 十一, 二十一, 一百零一."""
    if number <= 0:
        raise ValueError(f"heading numbers start at 1, got {number}")
    if number < 10:
        return _DIGITS[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        head = _DIGITS[hundreds] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + _DIGITS[rest]
        return head + ("一" if rest < 20 else "") + chinese_numeral(rest)
    return str(number)


def chinese_number(text: str) -> int:
    """The value of a heading numeral up to 九十九 (一 → 1, 十二 → 12, 二十 → 20; digits as digits);
    0 for anything else."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return NUMERALS.index(text) + 1 if len(text) == 1 and text in NUMERALS else 0
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or (tens and tens not in NUMERALS) or (units and units not in NUMERALS):
        return 0
    return (NUMERALS.index(tens) + 1 if tens else 1) * 10 + (NUMERALS.index(units) + 1 if units else 0)
