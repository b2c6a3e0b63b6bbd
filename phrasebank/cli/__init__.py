"""The `tigang` subcommands: the parser and error guard (`main`), shared options (`options`), how
output looks — Rich tables, colour, the progress bar (`output`) — and one module per command
(`commands`). Commands only call the engine.

The top of the engine: may import every other part of `phrasebank`, and Rich; nothing in the engine
imports it. Never imports Textual or `tui`.
"""
