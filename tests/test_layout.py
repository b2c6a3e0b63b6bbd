"""The layout holds: the import contracts, an engine without Textual even at run time, small modules,
subpackages that say what they hold, and every command documented in the README."""
from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import phrasebank
import tui
from phrasebank.cli.main import build_parser, command_names

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 450


def all_phrasebank_modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(phrasebank.__path__, prefix="phrasebank.")
        if not info.name.endswith("__main__")
    )


def source_files() -> list[Path]:
    return sorted([*Path(phrasebank.__file__).parent.rglob("*.py"), *Path(tui.__file__).parent.rglob("*.py")])


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source tree")
def test_the_import_contracts_hold() -> None:
    """Layers, no UI / Textual / Rich below the CLI, no cycles — the contracts in pyproject.toml."""
    lint_imports = Path(sys.executable).with_name("lint-imports")  # installed with the test extra
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_no_phrasebank_module_loads_textual_or_the_ui_at_run_time() -> None:
    """Also what a static check cannot see: nothing imported on the way pulls Textual in."""
    modules = [name for name in all_phrasebank_modules() if not name.startswith("phrasebank.cli")]
    assert "phrasebank.documents.cleaning" in modules and "phrasebank.search.query" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui', 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_cli_help_does_not_import_textual_or_heavy_libraries() -> None:
    script = "import sys\nfrom phrasebank.cli.main import build_parser\nbuild_parser()\n" \
             "print(sorted(m for m in ('textual', 'docx', 'jieba', 'pypinyin', 'rich') if m in sys.modules))\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_no_module_is_over_450_lines() -> None:
    long = {str(path.relative_to(path.parents[2])): count for path in source_files()
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_every_subpackage_says_what_it_holds_and_may_import() -> None:
    for init in Path(phrasebank.__file__).parent.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert len(doc) > 80 and ("import" in doc), init


@pytest.mark.skipif(not (ROOT / "README.md").exists(), reason="needs the source tree")
def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in sorted(command_names(build_parser())) if f"`tigang {name}" not in readme]
    assert missing == []
