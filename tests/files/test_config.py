"""One policy for every "built-in file + the writer's file" configuration: a broken user file is reported
with file, line and key, skipped as a whole, and the built-ins still load."""
from __future__ import annotations

from pathlib import Path

import pytest

from phrasebank.files.config import ConfigError, key_name, read_toml
from phrasebank.files.paths import user_config_dir
from phrasebank.outline.structures import load_structures, user_structures_dir
from phrasebank.vocab.formulas import load_formulas
from phrasebank.vocab.organs import load_vocabulary


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


BROKEN_ORGANS = {
    "syntax": ('[organ."代表机关"\nterms = {}\n', 1, None),
    "unknown organ": ('threshold = 2\n[organ."人民机关"]\nterms = {}\n', 2, "organ.人民机关"),
    "threshold not a number": ('threshold = "high"\n', 1, "threshold"),
    "names not strings": ('[organ."政治机关"]\nnames = [1, 2]\n', 2, "organ.政治机关.names"),
    "an empty name": ('[organ."政治机关"]\nnames = [""]\n', 2, "organ.政治机关.names"),
    "a weight not a number": ('[organ."工作机关"]\nterms = { "作风" = "很高" }\n', 2, "organ.工作机关.terms.作风"),
    "nested far too deep": ("x = " + "[" * 5000 + "]" * 5000 + "\n", None, None),
}


@pytest.mark.parametrize("case", sorted(BROKEN_ORGANS))
def test_a_broken_organs_file_is_skipped_with_its_line_and_key(case: str) -> None:
    text, line, key = BROKEN_ORGANS[case]
    path = write(user_config_dir() / "organs.toml", text)
    vocabulary = load_vocabulary()
    assert len(vocabulary.problems) == 1
    problem = vocabulary.problems[0]
    assert (problem.path, problem.line, problem.key) == (path, line, key)
    assert str(path) in str(problem) and "已跳过该文件" in str(problem)
    assert vocabulary.sources == [vocabulary.sources[0]] and "执法检查" in vocabulary.terms["权力机关"]
    assert vocabulary.tag("开展执法检查和专题询问")[0].organ == "权力机关"  # the built-ins still work
    assert not any(tag.organ == "政治机关" for tag in vocabulary.tag("今天天气很好"))  # nothing tagged at random


def test_a_good_organs_file_adds_and_overrides() -> None:
    write(user_config_dir() / "organs.toml", 'threshold = 3\n[organ."代表机关"]\nterms = { "代表夜访" = 3, "联络站" = 1 }\n')
    vocabulary = load_vocabulary()
    assert not vocabulary.problems and vocabulary.threshold == 3
    assert vocabulary.terms["代表机关"]["代表夜访"] == 3 and vocabulary.terms["代表机关"]["联络站"] == 1


def test_a_broken_formulas_file_is_skipped_and_the_built_in_rules_still_apply() -> None:
    path = write(user_config_dir() / "formulas.toml", '[[collocation]]\nterm = "两个确立"\nright = []\n')
    rules = load_formulas()
    assert [(p.path, p.line, p.key) for p in rules.problems] == [(path, 3, "collocation[1].right")]
    assert {rule.name for rule in rules.sequences} >= {"四个意识", "四个自信"}
    assert any(rule.term == "两个确立" and "拥护" in rule.right for rule in rules.collocations)


def test_a_broken_structure_file_is_skipped_and_the_others_load() -> None:
    directory = user_structures_dir()
    write(directory / "deep.toml", "a = " + "{ b = " * 3000 + "1" + " }" * 3000 + "\n")
    write(directory / "wrong.toml", 'id = "x"\nname = "甲"\ndescription = "乙"\norder = "first"\n')
    found = load_structures()
    assert {(p.path.name, p.key) for p in found.problems} == {("deep.toml", None), ("wrong.toml", "order")}
    assert "si-ge-jiguan" in {s.id for s in found.structures}


def test_lines_and_keys_are_found_in_tables_arrays_and_dotted_headers(tmp_path: Path) -> None:
    document = read_toml(write(tmp_path / "x.toml", '''top = 1
[organ."代表机关"]
names = ["代表机关"]

[[parts]]
title = "一"

[[parts]]
title = "二"
organ = "工作机关"
'''))
    assert document.line_of(("top",)) == 1
    assert document.line_of(("organ", "代表机关")) == 2
    assert document.line_of(("organ", "代表机关", "names")) == 3
    assert document.line_of(("parts", 1)) == 8
    assert document.line_of(("parts", 1, "organ")) == 10
    assert document.line_of(("parts", 1, "guide")) == 8  # missing: the table it belongs in
    assert key_name(("parts", 1, "organ")) == "parts[2].organ"


def test_files_that_are_not_utf8_toml_are_errors_with_a_line(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes('"名称" = "四个机关"'.encode("gb18030"))
    with pytest.raises(ConfigError, match="UTF-8"):
        read_toml(gbk)
    bad = write(tmp_path / "bad.toml", 'a = 1\nb = "unterminated\n')
    with pytest.raises(ConfigError) as raised:
        read_toml(bad)
    assert raised.value.line == 2
