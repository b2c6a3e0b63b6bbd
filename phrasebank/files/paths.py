"""Where tigang keeps things: shipped seeds and data files, the user's data and config directories."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The `phrasebank` package folder (data files and, in a wheel, the seeds live there)."""
DATA_DIR = PACKAGE_DIR / "data"


def seeds_dir() -> Path:
    """The seed corpus: inside the package when installed from a wheel, else the source tree's `seeds/`."""
    packaged = PACKAGE_DIR / "seeds"
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / "seeds"


def user_data_dir() -> Path:
    """Per-user data (the built-in bank, recent outlines); `TIGANG_HOME` overrides it, e.g. in tests."""
    override = os.environ.get("TIGANG_HOME")
    if override:
        return Path(override) / "data"
    from platformdirs import user_data_path

    return user_data_path("tigang", appauthor=False)


def user_config_dir() -> Path:
    """Per-user configuration (own section structures, organ vocabulary, formulas); `TIGANG_HOME` overrides."""
    override = os.environ.get("TIGANG_HOME")
    if override:
        return Path(override) / "config"
    from platformdirs import user_config_path

    return user_config_path("tigang", appauthor=False)
