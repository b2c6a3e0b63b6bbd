"""The running tigang app, typed, for the screens and widgets that use its bank and outline helpers.

A function rather than an import of `tui.app`: the app module imports the screens, so the screens
cannot import it back at run time.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from tui.app import TigangApp


def tigang(node: MessagePump) -> TigangApp:
    """The app `node` runs in."""
    return cast("TigangApp", node.app)
