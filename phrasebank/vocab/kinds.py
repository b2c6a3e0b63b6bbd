"""Phrase kinds: stable identifiers (an interface of `--kind`, JSON output and the bank) and their names.

Kept apart from `mining` so the CLI and the UI can show them without importing the miner.
"""
from __future__ import annotations

KINDS = ("salutation", "opening", "heading", "point", "sentence", "formula", "series", "phrase", "term", "closing")
KIND_NAMES = {
    "salutation": "称谓", "opening": "开头", "heading": "标题", "point": "要点", "sentence": "句子",
    "formula": "提法", "series": "排比", "phrase": "词语", "term": "术语", "closing": "结尾",
}

PARAGRAPH = "paragraph"
"""The kind of a search hit that is a sentence of a stored paragraph, not a phrase of the bank."""
KIND_NAMES[PARAGRAPH] = "原文"
