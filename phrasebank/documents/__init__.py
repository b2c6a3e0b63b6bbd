"""Documents, the first stage of the pipeline: reading files in any of their encodings (`reading`),
cleaning the noise of real material (`cleaning`), and parsing the structure of a speech or report
into a tree (`tree`, `parse`).

May import `vocab`, `text`, `files` and `errors`.
"""
