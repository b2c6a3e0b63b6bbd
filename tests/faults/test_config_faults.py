"""Broken user configuration — wrong types, empty names, huge numbers, absurd sizes, deep nesting — is one
warning line naming the file (and line and key where known), the file is skipped, the built-ins still
work, and neither the loaders nor the CLI ever show a traceback."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from phrasebank.files.config import MAX_FILE_BYTES
from phrasebank.files.paths import user_config_dir
from phrasebank.outline.file import load_outline
from phrasebank.outline.structures import BUILTIN_DIR, builtin_structures, load_structures, user_structures_dir
from phrasebank.vocab.formulas import find_formula_errors, load_formulas
from phrasebank.vocab.organs import load_vocabulary

DEEP_ARRAYS = "x = " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_TABLES = "x = " + "{ a = " * 5000 + "1" + " }" * 5000 + "\n"
DEEP_DOTTED = "x" + ".x" * 5000 + " = 1\n"
DIGITS_5000 = "9" * 5000  # over Python's 4,300-digit limit: tomllib raises ValueError
DIGITS_4000 = "9" * 4000  # parses, but is too big to become a float (OverflowError)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def valid_structure(structure_id: str = "my-own") -> str:
    text = (BUILTIN_DIR / "si-ge-jiguan.toml").read_text(encoding="utf-8")
    return text.replace('id = "si-ge-jiguan"', f'id = "{structure_id}"')


def assert_one_warning_line(err: str, path: Path) -> str:
    """The CLI's stderr holds exactly one warning, on one line, naming `path`; no traceback."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "警告" in line]
    assert len(lines) == 1, err
    assert str(path) in lines[0] and "已跳过该文件" in lines[0]
    return lines[0]


# text of organs.toml → (line, key, words of the message); None where the place cannot be known
BROKEN_ORGANS: dict[str, tuple[str, int | None, str | None, str]] = {
    "threshold a word": ('threshold = "high"\n', 1, "threshold", "应为数字"),
    "organ an array": ("organ = [1, 2]\n", 1, "organ", "应为表"),
    "an empty name": ('[organ."政治机关"]\nnames = [""]\n', 2, "organ.政治机关.names", "空文字"),
    "a blank name": ('[organ."政治机关"]\nnames = ["政治机关", "   "]\n', 2, "organ.政治机关.names", "第 2 项是空文字"),
    "a one-character name": ('[organ."政治机关"]\nnames = ["党"]\n', 2, "organ.政治机关.names", "至少两个字"),
    "a name with a control character": ('[organ."政治机关"]\nnames = ["政治\\u0000机关"]\n', 2,
                                        "organ.政治机关.names", "控制字符"),
    "a name not text": ('[organ."政治机关"]\nnames = [1, 2]\n', 2, "organ.政治机关.names", "应为文字"),
    "an empty term": ('[organ."工作机关"]\nterms = { "" = 2 }\n', 2, "organ.工作机关.terms", "空的词语"),
    "a blank term": ('[organ."工作机关"]\nterms = { "  " = 2 }\n', 2, "organ.工作机关.terms", "空的词语"),
    "a weight nan": ('[organ."工作机关"]\nterms = { "作风" = nan }\n', 2, "organ.工作机关.terms.作风", "有限"),
    "a weight a word": ('[organ."工作机关"]\nterms = { "作风" = "很高" }\n', 2, "organ.工作机关.terms.作风", "应为数字"),
    "threshold inf": ("threshold = inf\n", 1, "threshold", "有限"),
    "threshold out of range": ("threshold = 0\n", 1, "threshold", "之间"),
    "threshold of 4,000 digits": (f"threshold = {DIGITS_4000}\n", 1, "threshold", "之间"),
    "threshold of 5,000 digits": (f"\nthreshold = {DIGITS_5000}\n", 2, None, "数字位数过多"),
    "a weight of 5,000 digits": (f'[organ."工作机关"]\nterms = {{ "作风" = {DIGITS_5000} }}\n', 2, None, "数字位数过多"),
    "arrays nested 5,000 deep": (DEEP_ARRAYS, None, None, "嵌套层数过多"),
    "tables nested 5,000 deep": (DEEP_TABLES, None, None, "嵌套层数过多"),
    "dotted keys 5,000 deep": (DEEP_DOTTED, 1, "x.x.x.x.x.x.x.x.x", "嵌套层数过多"),
    "over a megabyte": ("# " + "x" * MAX_FILE_BYTES + "\n", None, None, "文件过大"),
    "too many terms": ('[organ."工作机关"]\nterms = { ' + ", ".join(f'"词{n}" = 1' for n in range(2001)) + " }\n",
                       2, "organ.工作机关.terms", "词语过多"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_ORGANS))
def test_a_broken_organs_file_is_one_warning_and_tags_nothing_at_random(case: str, run_cli) -> None:
    text, line, key, words = BROKEN_ORGANS[case]
    path = write(user_config_dir() / "organs.toml", text)
    vocabulary = load_vocabulary()
    assert [(p.path, p.line, p.key) for p in vocabulary.problems] == [(path, line, key)]
    assert words in vocabulary.problems[0].message
    assert vocabulary.tag("今天天气很好") == []  # an empty or one-character name would tag this
    assert [tag.organ for tag in vocabulary.tag("开展执法检查和专题询问")] == ["权力机关"]  # built-ins work
    result = run_cli("explain", "开展执法检查和专题询问")
    assert result.code == 0 and "权力机关" in result.out
    assert words in assert_one_warning_line(result.err, path)


def test_not_utf8_is_one_warning(run_cli) -> None:
    path = user_config_dir() / "organs.toml"
    path.parent.mkdir(parents=True)
    path.write_bytes('[organ."政治机关"]\nnames = ["政治机关"]\n'.encode("gb18030"))
    result = run_cli("explain", "开展执法检查")
    assert result.code == 0 and "UTF-8" in assert_one_warning_line(result.err, path)


BROKEN_FORMULAS: dict[str, tuple[str, int | None, str | None, str]] = {
    "right empty": ('[[collocation]]\nterm = "两个确立"\nright = []\n', 3, "collocation[1].right", "空列表"),
    "right an empty word": ('[[collocation]]\nterm = "两个确立"\nright = [""]\n', 3, "collocation[1].right", "空文字"),
    "right a word, not a list": ('[[collocation]]\nterm = "两个确立"\nright = "拥护"\n', 3,
                                 "collocation[1].right", "列表"),
    "term missing": ('[[collocation]]\nright = ["拥护"]\n', 1, "collocation[1].term", "缺少"),
    "wrong repeats right": ('[[collocation]]\nterm = "两个确立"\nright = ["拥护"]\nwrong = ["拥护"]\n', 4,
                            "collocation[1].wrong", "重复"),
    "items repeated": ('[[sequence]]\nname = "两个维护"\nitems = ["维护核心", "维护核心"]\n', 3,
                       "sequence[1].items", "重复"),
    "one item": ('[[sequence]]\nname = "两个维护"\nitems = ["维护核心"]\n', 3, "sequence[1].items", "两项"),
    "a name with a line break": ('[[sequence]]\nname = "两个\\n维护"\nitems = ["甲乙", "丙丁"]\n', 2,
                                 "sequence[1].name", "控制字符或换行"),
    "too many sequences": ('[[sequence]]\nname = "甲"\nitems = ["甲一", "甲二"]\n' * 501, 1501,
                           "sequence[501]", "条目过多"),
    "sequence a number": ("sequence = 3\n", 1, "sequence", "表的数组"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_FORMULAS))
def test_a_broken_formulas_file_is_one_warning_and_the_built_in_rules_still_apply(
    case: str, run_cli, tmp_path: Path
) -> None:
    text, line, key, words = BROKEN_FORMULAS[case]
    path = write(user_config_dir() / "formulas.toml", text)
    rules = load_formulas()
    assert [(p.path, p.line, p.key) for p in rules.problems] == [(path, line, key)]
    assert words in rules.problems[0].message
    assert [error.kind for error in find_formula_errors("坚决拥挤“两个确立”", rules)] == ["collocation"]
    outline = tmp_path / "提纲.json"
    assert run_cli("new", "--structure", "si-ge-jiguan", outline).code == 0
    assert run_cli("add", outline, "--part", "1", "--level", "1", "坚决拥挤“两个确立”").code == 0
    result = run_cli("check", outline)
    assert result.code == 3 and "Traceback" not in result.err  # 3: the outline has errors, as it should
    assert "拥护“两个确立”" in result.out
    notes = [note for note in result.out.splitlines() if str(path) in note]
    assert len(notes) == 1 and "已跳过该文件" in notes[0]


ENDS = '[opening]\nguide = "甲"\nexample = "乙"\n[closing]\nguide = "甲"\nexample = "乙"\n'
PART = '[[parts]]\ntitle = "甲"\nguide = "乙"\nexample = "丙"\n'
TOO_MANY_PARTS = 'id = "u8"\nname = "甲"\ndescription = "乙"\n' + ENDS + PART * 31
"""Nine lines before the parts, four lines each: the 31st part starts on line 9 + 4 × 30 + 1."""

# name of a file in the user's structures folder → (text, line, key, words of the message)
BROKEN_STRUCTURES: dict[str, tuple[str, int | None, str | None, str]] = {
    "deep-arrays": (DEEP_ARRAYS, None, None, "嵌套层数过多"),
    "deep-tables": (DEEP_TABLES, None, None, "嵌套层数过多"),
    "huge-order": (valid_structure("u1").replace("order = 10", f"order = {DIGITS_5000}"), 5, None, "数字位数过多"),
    "big-order": (valid_structure("u2").replace("order = 10", f"order = {DIGITS_4000}"), 5, "order", "之间"),
    "order-a-word": (valid_structure("u3").replace("order = 10", 'order = "first"'), 5, "order", "整数"),
    "empty-id": (valid_structure(""), 3, "id", "非空文字"),
    "id-a-number": (valid_structure("u4").replace('id = "u4"', "id = 5"), 3, "id", "非空文字"),
    "long-id": (valid_structure("u" * 100), 3, "id", "过长"),
    "long-title": (valid_structure("u5").replace('title = "政治机关"', f'title = "{"长" * 10_000}"'), 14,
                   "parts[1].title", "过长"),
    "control-in-example": (valid_structure("u6").replace('example = "维护核心，', 'example = "维护\\u000b核心，'),
                           17, "parts[1].example", "控制字符"),
    "parts-not-tables": ('id = "u7"\nname = "甲"\ndescription = "乙"\nparts = [1, 2]\n' + ENDS, 4, "parts", "表的数组"),
    "too-many-parts": (TOO_MANY_PARTS, 130, "parts[31]", "部分过多"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_STRUCTURES))
def test_a_broken_structure_file_is_one_warning_and_built_ins_still_work(name: str, run_cli, tmp_path: Path) -> None:
    text, line, key, words = BROKEN_STRUCTURES[name]
    path = write(user_structures_dir() / f"{name}.toml", text)
    found = load_structures()
    assert [(p.path, p.line, p.key) for p in found.problems] == [(path, line, key)]
    assert words in found.problems[0].message
    assert [s.id for s in found.structures] == [s.id for s in builtin_structures()]
    result = run_cli("structures")
    assert result.code == 0 and "si-ge-jiguan" in result.out
    assert words in assert_one_warning_line(result.err, path)
    outline = tmp_path / "新提纲.json"
    result = run_cli("new", "--structure", "si-ge-jiguan", outline)
    assert result.code == 0 and "Traceback" not in result.err
    assert len(load_outline(outline).parts) == 4


def test_a_good_user_structure_beside_broken_ones_still_loads(run_cli) -> None:
    write(user_structures_dir() / "deep.toml", DEEP_ARRAYS)
    write(user_structures_dir() / "huge.toml", f"order = {DIGITS_5000}\n")
    write(user_structures_dir() / "good.toml", valid_structure("my-own"))
    found = load_structures()
    assert sorted(p.path.name for p in found.problems) == ["deep.toml", "huge.toml"]
    assert found.structures[-1].id == "my-own"


def test_asking_for_a_skipped_structure_says_files_were_skipped(run_cli, tmp_path: Path) -> None:
    write(user_structures_dir() / "mine.toml", valid_structure("my-own").replace("order = 10", "order = []"))
    result = run_cli("new", "--structure", "my-own", tmp_path / "x.json")
    assert result.code == 1 and "Traceback" not in result.err
    assert "没有 id 为 “my-own” 的结构" in result.err and "1 个自定义结构文件有错误" in result.err


def test_the_real_command_in_a_fresh_process_never_shows_a_traceback(isolated_home: Path, tmp_path: Path) -> None:
    deep = write(user_structures_dir() / "deep.toml", DEEP_ARRAYS)
    huge = write(user_structures_dir() / "huge.toml", f"id = {DIGITS_5000}\n")
    organs = write(user_config_dir() / "organs.toml", '[organ."政治机关"]\nnames = [""]\n')
    env = {"TIGANG_HOME": str(isolated_home), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "phrasebank"]
    listed = subprocess.run([*command, "structures"], capture_output=True, text=True, env=env, timeout=60)
    assert listed.returncode == 0 and "si-ge-jiguan" in listed.stdout
    assert "Traceback" not in listed.stderr
    warnings = [line for line in listed.stderr.splitlines() if "警告" in line]
    assert len(warnings) == 2 and str(deep) in warnings[0] and str(huge) in warnings[1]
    created = subprocess.run([*command, "new", "-s", "si-ge-jiguan", str(tmp_path / "a.json")],
                             capture_output=True, text=True, env=env, timeout=60)
    assert created.returncode == 0 and "Traceback" not in created.stderr
    explained = subprocess.run([*command, "explain", "今天天气很好"], capture_output=True, text=True, env=env, timeout=60)
    assert explained.returncode == 0 and "未归入四个机关" in explained.stdout
    assert_one_warning_line(explained.stderr, organs)
