"""The tigang engine: reading, cleaning, structure, mining, storage, search, outlines and export.

Pure Python; never imports Textual, so scripts and tests can use it without a terminal UI.
"""
from __future__ import annotations

__version__ = "0.1.0"
