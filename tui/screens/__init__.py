"""Screens of the terminal UI: start, editor, help and the dialogs."""
