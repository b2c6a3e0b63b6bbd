"""How long a text takes to read aloud: characters spoken and time at a speaking rate.

A read speech runs at about 200–250 字/分钟 (DOMAIN.md); the rate is a parameter everywhere, with
`DEFAULT_RATE` as the default.
"""
from __future__ import annotations

import unicodedata

from phrasebank.outline.items import TITLE_ID
from phrasebank.outline.model import Outline

DEFAULT_RATE = 220
"""字/分钟 of a read speech."""


def spoken_chars(text: str) -> int:
    """Characters read aloud: Han characters, letters and digits; punctuation and ×× are silent."""
    return sum(1 for char in text if unicodedata.category(char)[0] in "LN")


def outline_chars(outline: Outline) -> int:
    """Characters read aloud in the whole outline (the title is not read out)."""
    return sum(spoken_chars(item.text) + spoken_chars(item.body) for item in outline.items() if item.id != TITLE_ID)


def speaking_seconds(chars: int, rate: int = DEFAULT_RATE) -> float:
    """Seconds `chars` characters take at `rate` 字/分钟."""
    return chars * 60 / rate


def format_duration(seconds: float) -> str:
    """“2分05秒”."""
    whole = round(seconds)
    return f"{whole // 60}分{whole % 60:02d}秒"
