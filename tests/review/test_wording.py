"""The list of canonical wordings: the built-in list holds together, every family is found and put
right, correct official sentences raise nothing, context rules, the user's file, and speed."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from helpers import ALL_SEEDS
from wording_lines import CORRECT, WRONG

from phrasebank.files.paths import user_config_dir
from phrasebank.outline.file import save_outline
from phrasebank.outline.model import Outline
from phrasebank.review.wording import WordingChecker, corrected, wording_checker, wording_problems
from phrasebank.vocab.formula_rules import FAMILIES, SEVERITIES
from phrasebank.vocab.formulas import load_formulas


def write_user_file(text: str) -> Path:
    path = user_config_dir() / "formulas.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_built_in_list_is_long_sourced_and_graded() -> None:
    rules = load_formulas()
    assert rules.problems == []
    assert len(rules) >= 150
    entries = [*rules.sequences, *rules.collocations, *rules.replacements]
    assert all(rule.source and rule.severity in SEVERITIES for rule in entries)
    families = {rule.family for rule in rules.replacements}
    assert families == {"name", "confusion", "typo"} and len(rules.sequences) >= 30 and len(rules.collocations) >= 4
    assert {rule.severity for rule in entries} == set(SEVERITIES)


def test_no_rule_flags_its_own_right_wording() -> None:
    checker = wording_checker()
    for sequence in load_formulas().sequences:
        listed = "、".join(sequence.items)
        assert not [p for p in checker.check(f"坚持{listed}。") if p.rule == sequence.name], sequence.name
        if sequence.countable:
            assert not checker.check(f"{sequence.name}：{listed}。"), sequence.name
    for collocation in load_formulas().collocations:
        for verb in collocation.right:
            assert not checker.check(f"{verb}“{collocation.term}”"), (verb, collocation.term)
    for rule in load_formulas().replacements:
        assert not [p for p in checker.check(rule.right) if p.rule == rule.name], rule.name


@pytest.mark.parametrize("line", CORRECT)
def test_a_correct_official_sentence_raises_nothing(line: str) -> None:
    assert wording_problems(line) == []


@pytest.mark.parametrize(("line", "rule", "family"), WRONG)
def test_a_wrong_sentence_names_its_rule_and_is_put_right(line: str, rule: str, family: str) -> None:
    problems = wording_problems(line)
    found = next(problem for problem in problems if problem.rule == rule)
    assert found.family == family and found.source and found.severity in SEVERITIES
    assert line[found.start : found.end] == found.wrong
    if found.suggestion is not None:
        assert found.corrected == line[: found.start] + found.suggestion + line[found.end :]
        assert not [p for p in wording_problems(found.corrected) if p.rule == rule]


def test_check_json_names_the_rule_of_every_wrong_line_and_nothing_on_the_correct_ones(
    tmp_path: Path, run_cli
) -> None:
    """At least 20 correct and 20 wrong lines of real official writing through `tigang check --json`."""
    assert len(CORRECT) >= 20 and len(WRONG) >= 20
    right, wrong = Outline(), Outline()
    part = right.add_part("坚持党的全面领导，建设让党放心的“政治机关”")
    for line in CORRECT:
        right.add_child(part.id, line)
    part = wrong.add_part("坚持党的全面领导，建设让党放心的“政治机关”")
    expected = {wrong.add_child(part.id, line).id: rule for line, rule, _ in WRONG}
    save_outline(right, tmp_path / "对.json")
    save_outline(wrong, tmp_path / "错.json")
    good = json.loads(run_cli("check", tmp_path / "对.json", "--json").out)
    assert [f for f in good["errors"] + good["warnings"] if f["rule"]] == []
    result = run_cli("check", tmp_path / "错.json", "--json")
    assert result.code == 3
    data = json.loads(result.out)
    findings = [f for f in data["errors"] + data["warnings"] if f["rule"]]
    for item_id, rule in expected.items():
        named = [f for f in findings if f["item_id"] == item_id and f["rule"] == rule]
        assert named, rule
        finding = named[0]
        assert finding["family"] in FAMILIES and finding["source"] and rule in finding["message"]
        assert finding["rule_severity"] in SEVERITIES and finding["field"] == "text"
        assert finding["source"] in finding["message"]
        assert finding["severity"] == ("error" if finding["rule_severity"] == "error" else "warning")
    plain = run_cli("check", tmp_path / "错.json").out
    assert "错别字" in plain and "规则“贯切→贯彻”" in plain and "依据：" in plain


def test_corrections_keep_what_the_writer_wrote() -> None:
    assert corrected("坚决拥挤“两个确立”，坚决做到“两个维护”。") == "坚决拥护“两个确立”，坚决做到“两个维护”。"
    assert corrected("坚定道路、理论、文化、制度自信。") == "坚定道路、理论、制度、文化自信。"
    assert corrected("增强大局意识、政治意识、核心意识和看齐意识") == "增强政治意识、大局意识、核心意识和看齐意识"
    assert corrected("四个自信：道路自信、理论自信、制度自信。") == "四个自信：道路自信、理论自信、制度自信、文化自信。"
    assert corrected("截止目前，全县贯切落实到位。") == "截至目前，全县贯彻落实到位。"
    unknown = wording_problems("四个意识：政治意识、大局意识、核心意识、忧患意识。")
    assert [(p.family, p.severity, p.suggestion) for p in unknown] == [("count", "suspect", None)]
    assert "忧患意识" in unknown[0].message and unknown[0].corrected == "四个意识：政治意识、大局意识、核心意识、忧患意识。"


def test_context_rules_look_at_the_words_around() -> None:
    def rules(text: str) -> list[str]:
        return [problem.rule for problem in wording_problems(text)]

    assert rules("截止2023年12月31日") == ["截至（时间之前）"]
    assert rules("截止××年底") == ["截至（时间之前）"]
    assert rules("截止日期为6月30日") == rules("截止到目前") == []
    assert rules("征集工作截至。") == ["截止（句末）"] and rules("申报截至日期") == ["截止日期/时间"]
    assert rules("大胆启用年轻干部") == ["起用（干部）"] and rules("正式启用新系统") == []
    assert rules("学习“十四五”规划") == [] and rules("学习十四五规划") == ["“十四五”加引号"]
    assert rules("十四五岁的学生") == []
    assert rules("农业部门") == rules("纪检监察部门") == rules("价值的学习资料") == []
    assert rules("做出了重大部署") == ["作出决定"] and rules("做出成绩") == []
    assert rules("喜迎二十大") == rules("党的二十大和二十届二中全会") == []


def test_overlapping_problems_give_one_correction_the_surer_one() -> None:
    problems = wording_problems("坚决拥挤“两个确立”")
    assert [(p.family, p.severity) for p in problems] == [("collocation", "error")]
    assert wording_problems("加强“四个意识”")[0].severity == "suspect"  # one character from 增强: a likely typo


def test_the_seeds_only_real_error_is_the_one_in_seed_002() -> None:
    errors = [
        (path.name, problem.wrong)
        for path in ALL_SEEDS
        for line in path.read_text(encoding="utf-8").replace("D的", "党的").splitlines()
        for problem in wording_problems(line)
        if problem.severity == "error"
    ]
    assert errors == [(ALL_SEEDS[2].name, "拥挤“两个确立”")]


def test_a_user_file_adds_overrides_and_switches_off_by_name() -> None:
    write_user_file(
        '[[sequence]]\nname = "三个表率"\nitems = ["学习表率", "履职表率", "廉洁表率"]\n'
        '[[collocation]]\nterm = "两个确立"\nright = ["坚定拥护"]\nwrong = ["维护"]\nsuggestion = "坚定拥护"\n'
        'severity = "suspect"\n'
        '[[typo]]\nname = "贯切→贯彻"\ndisabled = true\n'
        '[[name]]\nwrong = "人大办"\nright = "人大常委会办公室"\nseverity = "hint"\n'
    )
    rules = load_formulas()
    assert rules.problems == []
    assert [r.name for r in rules.sequences].count("三个表率") == 1 and len(rules.sequences) > 30
    assert [r.right for r in rules.collocations if r.term == "两个确立"] == [("坚定拥护",)]
    checker = WordingChecker(rules)
    assert [p.rule for p in checker.check("争做履职表率、学习表率、廉洁表率")] == ["三个表率"]
    assert [(p.severity, p.suggestion) for p in checker.check("维护“两个确立”")] == [("suspect", "坚定拥护“两个确立”")]
    assert checker.check("贯切落实") == []
    assert [(p.severity, p.source) for p in checker.check("人大办")] == [("hint", "")]
    assert checker.check("贯切落实") == [] and checker.check("再接再励")  # the rest of the built-ins stand


def test_a_bad_context_expression_skips_its_entry_with_a_one_line_warning() -> None:
    path = write_user_file(
        '[[confusion]]\nwrong = "甲乙"\nright = "甲丙"\nfollowed_by = \'(a+)+\'\n'
        '[[confusion]]\nwrong = "丁戊"\nright = "丁己"\npreceded_by = \'[未闭合\'\n'
        '[[typo]]\nwrong = "庚辛"\nright = "庚壬"\nfollowed_by = \'\\d\'\n'
    )
    rules = load_formulas()
    assert [(p.path, p.line, p.key) for p in rules.problems] == [
        (path, 4, "confusion[1].followed_by"), (path, 8, "confusion[2].preceded_by"),
    ]
    assert all("已跳过该条目" in str(p) and "\n" not in str(p) for p in rules.problems)
    assert "括号" in str(rules.problems[0]) and "方括号" in str(rules.problems[1])
    checker = WordingChecker(rules)
    assert checker.check("甲乙丁戊") == [] and [p.rule for p in checker.check("庚辛2")] == ["庚辛→庚壬"]
    assert checker.check("庚辛年") == [] and checker.check("贯切")  # the good entry and the built-ins apply


def test_the_checker_follows_edits_of_the_user_file() -> None:
    assert wording_checker() is wording_checker()
    assert wording_problems("人大办") == []
    write_user_file('[[name]]\nwrong = "人大办"\nright = "人大常委会办公室"\n')
    assert [p.rule for p in wording_problems("人大办")] == ["人大办→人大常委会办公室"]
    write_user_file('[[name]]\nwrong = "人大办公厅"\nright = "人大常委会办公厅"\n')
    assert wording_problems("人大办") == []


def test_ten_thousand_phrases_take_well_under_a_second(seed_bank) -> None:
    texts = [phrase.text for phrase in seed_bank.phrases(limit=None)]
    sample = (texts * (10_000 // len(texts) + 1))[:10_000]
    checker = wording_checker()
    started = time.perf_counter()
    found = sum(len(checker.check(text)) for text in sample)
    elapsed = time.perf_counter() - started
    assert found > 0
    assert elapsed < 2.0, elapsed  # about 0.1 s on a laptop; the bound leaves room for a loaded test machine
