"""The phrase bank: a SQLite file of documents, paragraphs, phrases and their sources.

Holds the table layout (`schema`), what the bank hands out (`models`), every query (`store`), the
seed corpus (`seeds`), files coming in (`ingest`), the writer's stars and hidden phrases
(`curation`), and the bank's life — open, create, upgrade, keep the search index current
(`lifecycle`, `opening`, `indexing`) — and what goes wrong with its file: failures in the writer's
words (`faults`), backups (`backups`), damaged banks (`recovery`).
May import `mining`, `search`, `documents`, `vocab`, `text`, `files` and `errors`; never outlines,
review, export or the CLI.
"""
