"""Review of an outline before it goes out: the checks (`checks`), parallel sibling headings said in
words (`headings`), the same wording twice (`duplicates`), length and speaking time (`timing`), and
the list of canonical wordings checked on any text (`wording`: outline lines at check time, mined
phrases when they are shown).

May import `outline`, `vocab`, `text`, `files` and `errors`.
"""
