"""The shared vocabulary of the domain: phrase kinds (`kinds`), the “四个机关” and organ tagging
(`organs`, the only definition of `ORGANS`), the slot marker ×× (`slots`), and the fixed formulas
with their canonical order and collocations (`formulas`).

May import `text`, `files` and `errors`; everything above uses it.
"""
