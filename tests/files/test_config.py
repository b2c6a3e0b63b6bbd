"""One policy for every "built-in file + the writer's file" configuration: a broken user file is reported
with file, line and key, skipped as a whole, and the built-ins still load."""
from __future__ import annotations

from pathlib import Path

import pytest

from phrasebank.files.config import ConfigError, key_name, read_toml
from phrasebank.files.paths import user_config_dir
from phrasebank.files.patterns import pattern_problem
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


SAFE_PATTERNS = [r"\d|[一二三四五六七八九十〇零]{1,4}[年月]|今年", "(?:党的|中共).{0,10}|第", "[”\"]?两个确立", "新?(?:印章|系统)",
                 r"a*?b", r"[\]]x", "^$", "(?:ab|cd)?x"]
UNSAFE_PATTERNS = {
    "(a+)+": "括号整体", "(a|aa)*": "括号整体", "(?=x)": "前后查找", "(?<=x)y": "前后查找", "(?P<n>x)": "命名组",
    "(?i)x": "内联标志", r"(a)\1": "反向引用", "a*b*c*d*e*": "最多 4 个", "a{1,30}": "最多 20", "a**": "连续",
    "[abc": "方括号", "(x": "语法错误", "x)": "语法错误",
}


@pytest.mark.parametrize("pattern", SAFE_PATTERNS)
def test_a_safe_context_expression_is_accepted(pattern: str) -> None:
    assert pattern_problem(pattern) is None


@pytest.mark.parametrize("pattern", sorted(UNSAFE_PATTERNS))
def test_an_unsafe_or_broken_context_expression_is_refused_with_the_reason(pattern: str) -> None:
    problem = pattern_problem(pattern)
    assert problem is not None and UNSAFE_PATTERNS[pattern] in problem and "\n" not in problem


def test_typed_values_of_a_formulas_file_are_checked_with_line_and_key(tmp_path: Path) -> None:
    document = read_toml(write(tmp_path / "f.toml", 'a = "疑似"\nb = "maybe"\nc = true\nd = 1\ne = \'' + "x" * 121 + "'\n"))
    choices = {"error": "必错", "suspect": "疑似", "hint": "提示"}
    assert document.choice(("a",), choices, "error") == "suspect" and document.choice(("z",), choices, "hint") == "hint"
    with pytest.raises(ConfigError, match="suspect（疑似）") as raised:
        document.choice(("b",), choices, "error")
    assert raised.value.line == 2 and raised.value.key == "b"
    assert document.flag(("c",)) is True and document.flag(("z",)) is False
    with pytest.raises(ConfigError, match="true 或 false"):
        document.flag(("d",))
    with pytest.raises(ConfigError, match="过长"):
        document.pattern(("e",))
    assert document.pattern(("z",)) is None


BROKEN_FORMULA_ENTRIES = {
    "a severity not known": ('[[typo]]\nwrong = "甲乙"\nright = "甲丙"\nseverity = "fatal"\n', 4, "typo[1].severity"),
    "min_run out of range": ('[[sequence]]\nname = "甲"\nitems = ["甲一", "甲二"]\nmin_run = 1\n', 4,
                             "sequence[1].min_run"),
    "two entries of one name": ('[[name]]\nname = "甲"\nwrong = "甲乙"\nright = "甲丙"\n'
                                '[[confusion]]\nname = "甲"\nwrong = "甲乙"\nright = "甲丁"\n', 6, "confusion[1].name"),
    "wrong equals right": ('[[typo]]\nwrong = "甲乙"\nright = "甲乙"\n', 3, "typo[1].right"),
    "no wrong": ('[[typo]]\nname = "甲"\nright = "甲乙"\n', 1, "typo[1].wrong"),
    "disabled not a flag": ('[[typo]]\nname = "贯切→贯彻"\ndisabled = "yes"\n', 3, "typo[1].disabled"),
    "an unknown family": ('[[punctuation]]\nwrong = "甲"\nright = "乙"\n', None, "punctuation"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_FORMULA_ENTRIES))
def test_a_broken_wording_entry_skips_the_file_and_the_built_ins_still_apply(case: str) -> None:
    text, line, key = BROKEN_FORMULA_ENTRIES[case]
    path = write(user_config_dir() / "formulas.toml", text)
    rules = load_formulas()
    assert [(p.path, p.line, p.key) for p in rules.problems] == [(path, line, key)]
    assert "已跳过该文件" in str(rules.problems[0])
    assert len(rules) >= 150 and any(rule.name == "贯切→贯彻" for rule in rules.replacements)


def test_a_bad_context_expression_skips_only_its_entry() -> None:
    path = write(user_config_dir() / "formulas.toml",
                 '[[typo]]\nwrong = "甲乙"\nright = "甲丙"\n\n[[confusion]]\nwrong = "丙丁"\nright = "丙戊"\n'
                 "followed_by = '(\\\\d+)+'\n")
    rules = load_formulas()
    assert [(p.path, p.line, p.key) for p in rules.problems] == [(path, 8, "confusion[1].followed_by")]
    problem = str(rules.problems[0])
    assert str(path) in problem and "第 8 行" in problem and "已跳过该条目" in problem and "\n" not in problem
    names = {rule.name for rule in rules.replacements}
    assert "甲乙→甲丙" in names and "丙丁→丙戊" not in names
