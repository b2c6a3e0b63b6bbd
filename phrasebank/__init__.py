"""The tigang engine, a one-way pipeline: documents (read, clean, parse) → mining → bank → search;
outline → review → export; the CLI on top.

Subpackages, lowest first: `text` and `files`; `vocab`; `documents`; `mining`, `search` and
`outline`; `bank`, `review` and `export`; `cli`. Each may import only those below it (import-linter
contracts in pyproject.toml enforce it). Pure Python: nothing here imports Textual or `tui`, and only
`cli` imports Rich, so scripts and tests use the engine without a terminal UI.
"""
from __future__ import annotations

__version__ = "0.1.0"
