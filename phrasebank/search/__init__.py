"""Search over the bank's phrases by Chinese, pinyin and initials, from an index built once.

Holds pinyin tables and query parsing (`pinyin`), posting lists (`postings`), building, saving and
loading the index (`index`), what it knows of each phrase besides its text (`flags`: head, hidden,
starred), the Chinese and pinyin matchers (`han`, `letters`) and the ranked search itself
(`query`). Reads index data only — it never opens SQLite. May import `vocab`, `text`, `files` and
`errors`.
"""
