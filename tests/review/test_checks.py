"""`tigang check`: every planted error is found, a clean outline gives nothing, counts and exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import build_seed_000

from phrasebank.cli.output import check_report, render_text
from phrasebank.files.paths import user_config_dir
from phrasebank.outline.file import save_outline
from phrasebank.outline.model import Outline
from phrasebank.review.checks import check_outline
from phrasebank.review.timing import format_duration, spoken_chars
from phrasebank.text.width import cell_width
from phrasebank.vocab.formulas import find_formula_errors, load_formulas


def planted() -> tuple[Outline, dict[str, str]]:
    """Seed 000 with one of each error planted; returns the outline and code → where it was planted."""
    outline = build_seed_000()
    parts = outline.parts
    slot = outline.children(parts[0].id)[1]
    outline.edit(slot.id, body="全年培训××人次。")
    skipped = outline.insert_after(parts[1].id, "直接放在部分下的三级标题", level=3)
    order = outline.children(parts[1].id)[-1]
    outline.edit(order.id, body="增强大局意识、政治意识、核心意识、看齐意识。")
    confidence = outline.children(parts[3].id)[0]
    outline.edit(confidence.id, body="坚定道路、理论、文化、制度自信。")
    typo = outline.children(parts[3].id)[2]
    outline.edit(typo.id, body="坚决拥挤“两个确立”，坚决做到“两个维护”。")
    outline.edit(parts[2].id, "坚守初心，建设质高量大的工作机关")
    empty = outline.add_part("服务代表，做履职尽责的表率，着力打造务实高效的“代表机关”")
    return outline, {
        "slot": outline.path_label(slot.id),
        "skipped-level": outline.path_label(skipped.id),
        "formula-order": outline.path_label(order.id),
        "formula-order#2": outline.path_label(confidence.id),
        "formula-collocation": outline.path_label(typo.id),
        "not-parallel": outline.path_label(parts[2].id),
        "empty-part": outline.path_label(empty.id),
    }


def test_every_planted_error_is_found_where_it_was_planted() -> None:
    outline, plants = planted()
    report = check_outline(outline)
    found = {(f.code, f.where) for f in report.findings}
    for code, where in plants.items():
        assert (code.split("#")[0], where) in found, (code, where, found)
    assert len(report.findings) == len(plants)
    assert {f.code for f in report.warnings} == {"not-parallel"}
    by_code = {f.code: f for f in report.findings}
    assert by_code["not-parallel"].message == (
        "一级标题中，三、共 15 字，其余都是 25 字；只有两句，其余都是三句"
        "（如一、“维护核心，做政治坚定的表率，着力打造忠诚可靠的‘政治机关’”）。"
    )
    assert by_code["not-parallel"].item_id == outline.parts[2].id
    assert by_code["slot"].message.startswith("有 1 处未填空位") and report.slots == 1
    assert "拥护“两个确立”" in by_code["formula-collocation"].message
    orders = [f.message for f in report.findings if f.code == "formula-order"]
    assert "应按 政治意识、大局意识、核心意识、看齐意识 的顺序" in orders[0]
    assert "应按 道路自信、理论自信、制度自信、文化自信 的顺序" in orders[1]


def test_the_clean_seed_outline_gives_nothing() -> None:
    report = check_outline(build_seed_000())
    assert report.findings == []
    assert "没有发现问题" in render_text(check_report(report))


def test_new_outline_has_empty_headings_and_parts() -> None:
    outline = Outline()
    outline.add_part("")
    codes = sorted(f.code for f in check_outline(outline).findings)
    assert codes == ["empty-heading", "empty-part"]
    assert [f.code for f in check_outline(Outline()).findings] == ["empty-part"]


def test_counts_and_speaking_time() -> None:
    outline = build_seed_000()
    report = check_outline(outline, rate=200)
    assert next(row.label for row in report.counts) == "开头"
    assert report.counts[1].label.startswith("一、维护核心")
    assert report.counts[-1].label == "结尾"
    heading, leads = outline.parts[0], outline.children(outline.parts[0].id)
    assert report.counts[1].chars == sum(spoken_chars(i.text) for i in [heading, *leads])
    assert report.total_chars == sum(row.chars for row in report.counts)
    assert report.total_seconds == pytest.approx(report.total_chars * 60 / 200)
    assert spoken_chars("“两个确立”，××年3次。") == 7
    assert format_duration(125) == "2分05秒"


def test_report_columns_are_aligned_in_cells() -> None:
    outline, _ = planted()
    lines = render_text(check_report(check_outline(outline))).splitlines()
    start = lines.index(next(line for line in lines if line.startswith("字数与时长")))
    table = lines[start + 1 : lines.index("", start)]
    ends = {cell_width(line.rsplit("  ", 1)[0]) for line in table}
    assert len(ends) == 1, table  # the number column ends at the same cell in every row
    kinds = ("未填空位", "层级跳跃", "空的部分")
    columns = {cell_width(line[: line.index(k)]) for line in lines for k in kinds if k in line}
    assert len(columns) == 1, lines  # the kind column starts at the same cell whatever the place


def test_user_formulas_extend_the_builtins() -> None:
    user_config_dir().mkdir(parents=True, exist_ok=True)
    (user_config_dir() / "formulas.toml").write_text(
        '[[sequence]]\nname = "三会一课"\nitems = ["支部党员大会", "支部委员会", "党小组会", "党课"]\n', encoding="utf-8"
    )
    rules = load_formulas()
    assert {"四个意识", "三会一课"} <= {r.name for r in rules.sequences}
    assert find_formula_errors("定期召开支部委员会、支部党员大会", rules)
    (user_config_dir() / "formulas.toml").write_text("[[sequence]\n", encoding="utf-8")
    broken = load_formulas()
    assert broken.problems and "formulas.toml" in str(broken.problems[0])
    assert {r.name for r in broken.sequences} >= {"四个意识", "四个自信"}


def test_cli_check_exit_codes(tmp_path: Path, run_cli) -> None:
    outline, _plants = planted()
    bad = tmp_path / "bad.json"
    save_outline(outline, bad)
    result = run_cli("check", bad)
    assert result.code == 3
    for name in ("未填空位", "层级跳跃", "空的部分", "提法顺序", "提法搭配", "不对仗", "还有 1 处未填空位（1 个条目）"):
        assert name in result.out
    data = json.loads(run_cli("check", bad, "--json", "--rate", "250").out)
    assert data["ok"] is False and data["rate"] == 250 and data["unfilled_slots"] == 1
    assert {e["code"] for e in data["errors"]} == {"slot", "skipped-level", "formula-order", "formula-collocation", "empty-part"}
    clean = tmp_path / "clean.json"
    save_outline(build_seed_000(), clean)
    result = run_cli("check", clean)
    assert result.code == 0 and "没有发现问题" in result.out
    result = run_cli("check", clean, "--rate", "5")
    assert result.code == 1 and result.err.count("\n") == 1 and "--rate" in result.err
    result = run_cli("check", tmp_path / "none.json")
    assert result.code == 1 and "找不到提纲文件" in result.err
