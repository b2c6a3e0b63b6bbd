"""The Textual application: widgets, screens, bindings and styles; all logic lives in `phrasebank`."""
from __future__ import annotations
