"""The one exception type whose message is shown to the user as a one-line error."""
from __future__ import annotations


class TigangError(Exception):
    """A problem the user can fix; its message says what, where and what to do, on one line."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))
