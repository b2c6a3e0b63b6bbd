"""The wheel carries the seeds and data files, so `pip install .` and pipx work, not only editable."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source tree")
def test_wheel_contains_seeds_and_data(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("tigang-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for seed in (ROOT / "seeds").iterdir():
        assert f"phrasebank/seeds/{seed.name}" in names
    for data_file in (ROOT / "phrasebank" / "data").rglob("*.*"):
        assert data_file.relative_to(ROOT).as_posix() in names
    assert "tui/__init__.py" in names
    assert any(name.endswith("entry_points.txt") for name in names)
