"""`python -m phrasebank` runs the CLI."""
from __future__ import annotations

import sys

from phrasebank.cli import main

sys.exit(main())
