"""tigang's files on disk: where they live (`paths`), writing them atomically (`atomic`), and reading
TOML configuration — the built-in files and the writer's own — with one policy (`config`), including
the safe regular expressions a writer may put there (`patterns`).

The bottom of the engine, beside `text`: imports nothing from tigang but `phrasebank.errors`.
"""
