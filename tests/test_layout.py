"""The engine never imports Textual: checked in a fresh interpreter for every phrasebank module."""
from __future__ import annotations

import pkgutil
import subprocess
import sys

import phrasebank


def all_phrasebank_modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(phrasebank.__path__, prefix="phrasebank.")
        if not info.name.endswith("__main__")
    )


def test_there_are_modules_to_check() -> None:
    modules = all_phrasebank_modules()
    assert "phrasebank.documents.cleaning" in modules and "phrasebank.documents.parse" in modules


def test_no_phrasebank_module_imports_textual() -> None:
    modules = all_phrasebank_modules()
    script = (
        "import importlib, sys\n"
        f"modules = {modules!r}\n"
        "bad = []\n"
        "for name in modules:\n"
        "    importlib.import_module(name)\n"
        "    if any(m == 'textual' or m.startswith('textual.') or m == 'tui' or m.startswith('tui.') for m in sys.modules):\n"
        "        bad.append(name)\n"
        "        break\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"imports textual: {result.stdout.strip()}"


def test_cli_help_does_not_import_textual() -> None:
    script = (
        "import sys\n"
        "from phrasebank.cli.main import build_parser\n"
        "build_parser()\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
