"""`python -m phrasebank` runs the CLI."""
from __future__ import annotations

import sys

from phrasebank.cli.main import main

if __name__ == "__main__":  # not when a spawned worker process imports this module again
    sys.exit(main())
