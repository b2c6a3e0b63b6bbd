"""The shared vocabulary of the domain: phrase kinds (`kinds`), the “四个机关” and organ tagging
(`organs`, the only definition of `ORGANS`), the slot marker ×× (`slots`), and the list of canonical
wordings — formulas with their order and collocations, changed names, confusions, wrong characters —
(`formulas`, its file; `formula_rules`, how each kind of rule finds itself in a text).

May import `text`, `files` and `errors`; everything above uses it.
"""
