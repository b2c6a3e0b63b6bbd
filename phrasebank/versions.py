"""Version numbers stored in every bank, in a module of their own so opening a bank imports nothing heavy."""
from __future__ import annotations

SCHEMA_VERSION = 1
"""The bank's table layout; a bank of another version is re-mined from its stored documents."""

MINING_VERSION = 1
"""Bump when mining output changes: banks re-mine their stored documents automatically."""
