"""Chinese text as such: which characters are Han or Chinese context, punctuation in both widths,
numerals in both directions (`cjk`), and display width in terminal cells (`width`).

The bottom of the engine: imports nothing from tigang but `phrasebank.errors`.
"""
