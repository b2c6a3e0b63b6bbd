"""Section structures: the built-ins match the seeds; broken user files are reported and skipped."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import SEED_000, SEED_001, SEED_002, SEED_003, SEED_004

from phrasebank.errors import TigangError
from phrasebank.outline.structures import (
    BUILTIN_DIR,
    builtin_structures,
    get_structure,
    load_structures,
    outline_from_structure,
    user_structures_dir,
)

SEED_OF = {
    "si-ge-jiguan": SEED_000,
    "si-ge-jiguan-jianghua": SEED_003,
    "niandu-gongzuo-baogao": SEED_002,
    "jingyan-fayan-sanbu": SEED_004,
    "congyan-zhidang-baogao": SEED_001,
}


def test_builtins_are_the_five_seed_structures() -> None:
    structures = builtin_structures()
    assert [s.id for s in structures][:2] == ["si-ge-jiguan", "si-ge-jiguan-jianghua"]
    assert {s.id for s in structures} >= set(SEED_OF)
    by_id = {s.id: s for s in structures}
    assert [p.organ for p in by_id["si-ge-jiguan"].parts] == ["政治机关", "权力机关", "工作机关", "代表机关"]
    assert [p.organ for p in by_id["si-ge-jiguan-jianghua"].parts] == ["政治机关", "权力机关", "代表机关", "工作机关"]
    assert len(by_id["jingyan-fayan-sanbu"].parts) == 3
    for structure in structures:
        assert structure.builtin and structure.name and structure.description
        assert structure.opening_guide and structure.opening_example
        assert structure.closing_guide and structure.closing_example
        assert all(part.title and part.guide and part.example for part in structure.parts)


@pytest.mark.parametrize("structure_id", sorted(SEED_OF))
def test_part_examples_are_headings_taken_from_the_seed(structure_id: str) -> None:
    structure = get_structure(structure_id)
    # seed 001 masks 党 as “D”; the template shows the real character
    seed = SEED_OF[structure_id].read_text(encoding="utf-8").replace("D", "党")
    headings = [line.strip() for line in seed.splitlines()]
    numerals = "一二三四五六七八九"
    for number, part in enumerate(structure.parts):
        prefix = f"{numerals[number]}、{part.example}"
        assert any(line.startswith(prefix) for line in headings), prefix


def _write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def _valid_text(structure_id: str = "my-own") -> str:
    text = (BUILTIN_DIR / "si-ge-jiguan.toml").read_text(encoding="utf-8")
    return text.replace('id = "si-ge-jiguan"', f'id = "{structure_id}"')


def test_user_structure_is_listed_after_the_builtins() -> None:
    _write(user_structures_dir(), "mine.toml", _valid_text())
    found = load_structures()
    assert not found.problems
    assert found.structures[-1].id == "my-own" and not found.structures[-1].builtin
    assert found.structures[-1].source == user_structures_dir() / "mine.toml"


def test_broken_user_files_are_reported_with_file_line_and_key() -> None:
    directory = user_structures_dir()
    _write(directory, "syntax.toml", 'id = "x"\nname = "名称\n')
    _write(directory, "unknown.toml", _valid_text("u1").replace('order = 10', 'order = 10\ncolour = "红"'))
    _write(directory, "missing.toml", _valid_text("u2").replace('guide = "讲依法监督、围绕中心服务发展、基层人大特色工作。"\n', ""))
    _write(directory, "organ.toml", _valid_text("u3").replace('organ = "代表机关"', 'organ = "立法机关"'))
    _write(directory, "clash.toml", _valid_text("si-ge-jiguan"))
    _write(directory, "good.toml", _valid_text("u4"))
    found = load_structures()
    problems = {p.path.name: p for p in found.problems}
    assert set(problems) == {"syntax.toml", "unknown.toml", "missing.toml", "organ.toml", "clash.toml"}
    assert problems["syntax.toml"].line == 2
    assert (problems["unknown.toml"].key, problems["unknown.toml"].line) == ("colour", 6)
    lines = _valid_text("u2").splitlines()
    missing_line = [n for n, line in enumerate(lines, start=1) if line == "[[parts]]"][1]  # the second table
    assert (problems["missing.toml"].key, problems["missing.toml"].line) == ("parts[2].guide", missing_line)
    organ = problems["organ.toml"]
    assert organ.key == "parts[4].organ" and "立法机关" in str(organ)
    assert _valid_text().splitlines()[organ.line - 1].startswith("organ")
    assert problems["clash.toml"].key == "id"
    assert all("已跳过" in str(p) and str(p.path) in str(p) for p in found.problems)
    ids = [s.id for s in found.structures]
    assert {s.id for s in builtin_structures()} <= set(ids) and "u4" in ids
    assert not {"u1", "u2", "u3"} & set(ids)


def test_cli_structures_lists_and_reports(run_cli) -> None:
    _write(user_structures_dir(), "bad.toml", 'id = "bad"\nname = 3\n')
    result = run_cli("structures")
    assert result.code == 0
    assert "si-ge-jiguan" in result.out and "维护核心，做政治坚定的表率" in result.out
    assert "bad.toml 第 2 行" in result.err and "键 name" in result.err
    result = run_cli("structures", "--json")
    data = json.loads(result.out)
    assert data["structures"][0]["id"] == "si-ge-jiguan"
    assert data["structures"][0]["parts"][0]["organ"] == "政治机关"
    assert data["problems"][0]["line"] == 2 and data["problems"][0]["key"] == "name"


def test_unknown_structure_names_the_available_ones() -> None:
    with pytest.raises(TigangError, match="si-ge-jiguan"):
        get_structure("no-such")


def test_outline_from_structure_has_empty_parts_with_organs() -> None:
    outline = outline_from_structure(get_structure("si-ge-jiguan-jianghua"))
    assert [p.organ for p in outline.parts] == ["政治机关", "权力机关", "代表机关", "工作机关"]
    assert all(p.text == "" for p in outline.parts)
    assert outline.salutation.text == "同志们：" and outline.structure_id == "si-ge-jiguan-jianghua"
