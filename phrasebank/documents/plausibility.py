"""How much a decoding reads like Chinese: the judge between GB18030, Big5 and UTF-16 decodings.

GB18030 decodes almost any byte string (Big5, Latin-1 and EUC-KR among them), so that bytes decode
proves nothing; what the decoding reads like does. A character counts for Chinese when it is a common
Han character — GB2312's 6,763 (everyday simplified Chinese, levels 1 and 2) or Big5's 5,401 常用字
(common traditional), both taken from Python's own codecs, so no data file is needed — or
punctuation and symbols Chinese text uses. Rare Han characters, private-use characters and other
scripts count against it, and so does a common character wedged between two Latin letters
(“Gr芯e” is Latin-1 “Größe” read as GB18030; a placeholder x, X or the D masking 党 does not count
as a letter here, so “XX县XX镇” is fine). Big5 read as GB18030 scores about 0.3, GB18030 read as Big5
fails or scores far below the right reading, and real text scores 0.99 or more.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from phrasebank.text.cjk import HAN_RANGES

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

_HAN = re.compile(f"[{HAN_RANGES}]")
_LETTERS = "ABCEFGHIJKLMNOPQRSTUVWYZabcdefghijklmnopqrstuvwyz"
"""ASCII letters that make a Latin word around a Han character: all but the placeholders x, X and D."""
_SYMBOL_RANGES = (
    (0x00A0, 0x024F),  # Latin-1 and Latin Extended: ×, ·, °, and pinyin with tone marks (GB2312 has them)
    (0x2000, 0x22FF),  # general punctuation (“” ‘’ — …), letterlike (℃ №), number forms (Ⅰ Ⅱ), arrows, maths
    (0x2460, 0x27BF),  # ① ⑴ ⒈, box drawing, shapes (■ ● ◆), misc. symbols (★ ☆), dingbats
    (0x3000, 0x303F),  # CJK punctuation: 、。〈〉《》「」【】〔〕
    (0xFF00, 0xFFEF),  # full-width forms: ，：；！？（）％
)
_ASCII, _LETTER, _SYMBOL, _OTHER, _COMMON_HAN = range(5)
"""What a code point is to the judge (the values of `_kinds_table`); from _SYMBOL on, non-ASCII."""


@dataclass(frozen=True, slots=True)
class Plausibility:
    """The non-ASCII characters of a decoding that Chinese text has (good) and has not (bad), and how
    many of the bad are common Han characters wedged between Latin letters."""

    good: int
    bad: int
    letter_sandwiches: int

    @property
    def share(self) -> float:
        """The share of non-ASCII characters that are good (1.0 when there are none)."""
        total = self.good + self.bad
        return self.good / total if total else 1.0

    @property
    def plausible(self) -> bool:
        """At most 5 % bad characters — or a single rare one (a person's name) among ten or more
        characters, as long as it is not wedged between Latin letters."""
        total = self.good + self.bad
        return self.bad * 20 <= total or (self.bad == 1 and self.letter_sandwiches == 0 and total >= 10)


def chinese_plausibility(text: str) -> Plausibility:
    """Judge a decoded text by its characters (see the module docstring); vectorised, since a
    character-by-character loop took over a millisecond per 10,000 characters."""
    import numpy as np  # the mining workers have it loaded already; only non-UTF-8 files come here

    kinds = _kinds_table()[np.frombuffer(text.encode("utf-32-le"), dtype="<u4")]
    non_ascii = int(np.count_nonzero(kinds >= _SYMBOL))
    bad = int(np.count_nonzero(kinds == _OTHER))
    wedged = (kinds[1:-1] == _COMMON_HAN) & (kinds[:-2] == _LETTER) & (kinds[2:] == _LETTER)
    sandwiches = int(np.count_nonzero(wedged))
    return Plausibility(non_ascii - bad - sandwiches, bad + sandwiches, sandwiches)


@cache
def _kinds_table() -> npt.NDArray[np.uint8]:
    """For every code point, its kind (`_ASCII` … `_COMMON_HAN`): 1.1 MB, built once per process."""
    import numpy as np

    table = np.full(0x110000, _OTHER, dtype=np.uint8)
    table[:0x80] = _ASCII
    table[[ord(letter) for letter in _LETTERS]] = _LETTER
    for low, high in _SYMBOL_RANGES:
        table[low : high + 1] = _SYMBOL
    table[sorted(ord(char) for char in common_han_characters())] = _COMMON_HAN
    return table


@cache
def common_han_characters() -> frozenset[str]:
    """GB2312's Han characters (levels 1 and 2) and Big5's first level, read from Python's codecs:
    about 8,800 characters that are together a list of the common ones in both scripts."""
    characters: list[str] = []
    for lead in range(0xB0, 0xF8):  # GB2312 B0A1–F7FE
        characters += _defined_characters("gb2312", lead, range(0xA1, 0xFF))
    for lead in range(0xA4, 0xC7):  # Big5 常用字 A440–C67E
        characters += _defined_characters("big5", lead, [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    return frozenset(char for char in characters if _HAN.match(char))


def _defined_characters(encoding: str, lead: int, trails: range | list[int]) -> list[str]:
    """The characters `encoding` defines for the two-byte codes `lead` + trail."""
    characters: list[str] = []
    for trail in trails:
        try:
            characters.append(bytes((lead, trail)).decode(encoding))
        except UnicodeDecodeError:
            continue
    return characters
