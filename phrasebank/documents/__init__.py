"""Documents, the first stage of the pipeline: reading files (`reading`: regular files only, bounded;
`decoding`: UTF-8, UTF-16 with or without BOM, GB18030/GBK or Big5, chosen by how much the result
reads like Chinese — `plausibility` — never mojibake; `docx_text`: .docx with a decompressed-size
limit, tables where they stand), cleaning the noise of real material (`cleaning`), and parsing the
structure of a speech or report into a tree (`tree`, `parse`).

May import `vocab`, `text`, `files` and `errors`.
"""
