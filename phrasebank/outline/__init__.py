"""The outline a writer assembles: its items (`items`), numbering (`numbering`), undo (`history`),
what can be asked of it (`queries`) and the operations that change it (`model`), where a chosen
phrase goes (`placement`), its file (`file`), section structures to start from (`structures`) and
the recent list (`recent`).

May import `vocab`, `text`, `files` and `errors`; independent of the bank and search.
"""
