"""Review of an outline before it goes out: the checks (`checks`), parallel headings (`headings`),
and length and speaking time (`timing`).

May import `outline`, `vocab`, `text`, `files` and `errors`.
"""
