"""Export of an outline: the paragraphs in reading order (`blocks`), plain text and Markdown
(`text`), Word in GB/T 9704 layout (`word`), and choosing and writing a format (`formats`).

May import `outline`, `vocab`, `text`, `files` and `errors`.
"""
