"""Widgets of the terminal UI; each shows engine data and posts messages, none holds outline state."""
