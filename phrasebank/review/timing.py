"""How long a text takes to read aloud: characters spoken and time at a speaking rate.

A read speech runs at about 200–250 字/分钟 (DOMAIN.md); the rate is a parameter everywhere, with
`DEFAULT_RATE` as the default.
"""
from __future__ import annotations

from phrasebank.files.settings import DEFAULT_RATE as DEFAULT_RATE  # re-exported: the rate when none is set
from phrasebank.outline.model import Outline
from phrasebank.text.shape import char_count


def spoken_chars(text: str) -> int:
    """Characters read aloud: Han characters, letters and digits; punctuation and ×× are silent.

    The same count as the 字 of a heading's length (`phrasebank.text.shape.char_count`)."""
    return char_count(text)


def outline_chars(outline: Outline) -> int:
    """Characters read aloud in the whole outline (the title is not read out)."""
    return outline.spoken_chars()


def speaking_seconds(chars: int, rate: int = DEFAULT_RATE) -> float:
    """Seconds `chars` characters take at `rate` 字/分钟."""
    return chars * 60 / rate


def format_duration(seconds: float) -> str:
    """“2分05秒”."""
    whole = round(seconds)
    return f"{whole // 60}分{whole % 60:02d}秒"
