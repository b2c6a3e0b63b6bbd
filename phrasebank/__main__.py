"""`python -m phrasebank` runs the CLI."""
from __future__ import annotations

import sys

from phrasebank.cli.main import main

sys.exit(main())
