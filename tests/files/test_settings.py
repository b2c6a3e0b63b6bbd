"""The writer's settings file: the speaking rate read from it, a bad file reported and the default used."""
from __future__ import annotations

from pathlib import Path

import pytest

from phrasebank.files.settings import DEFAULT_RATE, load_settings


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "settings.toml")
    assert settings.rate == DEFAULT_RATE and not settings.problems


def test_the_rate_is_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("# 领导语速偏慢\nrate = 190\n", encoding="utf-8")
    assert load_settings(path).rate == 190


@pytest.mark.parametrize(("text", "said"), [
    ("rate = 30\n", "应在 60 到 600 之间"),
    ("rate = \"快\"\n", "应为整数"),
    ("rate = 200\nspeed = 3\n", "未知的键"),
    ("rate = \n", "TOML 语法错误"),
])
def test_a_bad_file_is_reported_with_its_line_and_the_default_applies(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    settings = load_settings(path)
    assert settings.rate == DEFAULT_RATE
    (problem,) = settings.problems
    assert said in str(problem) and str(path) in str(problem) and "第 " in str(problem)
