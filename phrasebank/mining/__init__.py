"""Mining: a parsed document becomes phrases with their sources and organ tags.

Holds `extract` (a document tree → phrase occurrences), `series` (series and couplets),
`filters` (what is not a phrase), `pipeline` (one file or text → the rows of one document, ready to
store), `batch` (many files through a process pool), `tokens` (word segmentation) and `variants`
(near-duplicate grouping). May import `documents`, `vocab`, `text`,
`files` and `errors`; never the bank, search, outlines or the CLI. This file stays light: opening a
bank reads `MINING_VERSION` without loading the miner.
"""
from __future__ import annotations

MINING_VERSION = 2
"""Bump when mining output changes: banks re-mine their stored documents automatically.

2: web copies cut at either end, news language, captions, figures and names kept out; couplets mined
as series; series end on whole words; organ tags for all four organs or none by rule (issue 12)."""
