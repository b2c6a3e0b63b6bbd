"""Warnings of the list of canonical wordings as a writer meets them: `search` / `phrases` JSON rows,
the ⚠ of the tables, `show`, and the shape of a `check --json` finding."""
from __future__ import annotations

import json
from pathlib import Path

from helpers import SEED_002

from phrasebank.files.paths import user_config_dir
from phrasebank.outline.file import save_outline
from phrasebank.outline.model import Outline

WARNING_KEYS = {"rule", "family", "family_name", "severity", "severity_name", "source", "message", "start", "end",
                "wrong", "suggestion", "corrected"}


def test_the_real_typo_of_seed_002_comes_with_its_correction_in_search(run_cli) -> None:
    result = run_cli("search", "两个确立", "--json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert all(isinstance(row["warnings"], list) for row in rows)
    warned = [row for row in rows if row["warnings"]]
    assert warned, [row["text"] for row in rows]
    row = next(row for row in warned if "坚决拥挤“两个确立”" in row["text"])
    warning = row["warnings"][0]
    assert set(warning) == WARNING_KEYS
    assert (warning["rule"], warning["family"], warning["severity"], warning["severity_name"]) == (
        "两个确立", "collocation", "error", "必错")
    assert warning["source"] and warning["wrong"] == "拥挤“两个确立”" and warning["suggestion"] == "拥护“两个确立”"
    assert "坚决拥护“两个确立”" in warning["corrected"] and "拥挤" not in warning["corrected"]
    assert row["text"][warning["start"] : warning["end"]] == warning["wrong"]
    assert SEED_002.name in {source["doc"] for source in row["sources"]}
    table = run_cli("search", "坚决拥挤").out
    assert "⚠ " in table


def test_phrases_rows_carry_warnings_and_show_prints_them(run_cli) -> None:
    rows = json.loads(run_cli("phrases", "--json").out)
    assert all(row["warnings"] == [] or set(row["warnings"][0]) == WARNING_KEYS for row in rows)
    warned = next(row for row in rows if any(w["rule"] == "两个确立" for w in row["warnings"]))
    shown = run_cli("show", warned["id"])
    assert "⚠ 必错·提法搭配：搭配不当" in shown.out and "依据：" in shown.out
    assert "建议改为：" in shown.out and "坚决拥护“两个确立”" in shown.out
    data = json.loads(run_cli("show", warned["id"], "--json").out)
    assert data["warnings"] == warned["warnings"]
    clean = next(row for row in rows if not row["warnings"])
    assert "⚠" not in run_cli("show", clean["id"]).out
    table = run_cli("phrases", "--limit", "1000").out.splitlines()
    marked = [line for line in table if "⚠ " in line]
    assert marked and all(line.split()[0] in {str(row["id"]) for row in rows if row["warnings"]} for line in marked)


def test_warnings_follow_the_writers_list_and_a_broken_entry_is_said_once(run_cli) -> None:
    path = user_config_dir() / "formulas.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[[collocation]]\nterm = "两个确立"\ndisabled = true\n'
                    '[[name]]\nwrong = "人大机关"\nright = "人大常委会机关"\nnot_followed_by = \'(?=x)\'\n',
                    encoding="utf-8")
    result = run_cli("search", "两个确立", "--json")
    rows = json.loads(result.out)
    assert not any(w["rule"] == "两个确立" for row in rows for w in row["warnings"])
    assert any(w["rule"] == "拥护（坚决拥护）" for row in rows for w in row["warnings"])  # the typo rule still holds
    assert result.err.count("\n") == 1 and "formulas.toml" in result.err and "已跳过该条目" in result.err


def test_a_check_finding_names_rule_family_severity_source_and_suggestion(tmp_path: Path, run_cli) -> None:
    outline = Outline()
    part = outline.add_part("坚持党的全面领导，建设让党放心的“政治机关”")
    item = outline.add_child(part.id, "全年开展视察××次", body="截止2024年底，全县贯切落实到位。")
    save_outline(outline, tmp_path / "提纲.json")
    data = json.loads(run_cli("check", tmp_path / "提纲.json", "--json").out)
    findings = [f for f in data["errors"] if f["rule"]]
    assert [f["rule"] for f in findings] == ["截至（时间之前）", "贯切→贯彻"]
    first = findings[0]
    assert set(first) == {"severity", "code", "where", "message", "item_id", "rule", "family", "rule_severity",
                          "rule_severity_name", "source", "field", "wrong", "suggestion", "corrected"}
    assert (first["code"], first["family"], first["rule_severity"], first["rule_severity_name"]) == (
        "wording-confusion", "confusion", "error", "必错")
    assert (first["item_id"], first["field"], first["wrong"], first["suggestion"]) == (item.id, "body", "截止", "截至")
    assert first["corrected"] == "截至2024年底，全县贯切落实到位。" and "现代汉语词典" in first["source"]
    slot = next(f for f in data["errors"] if f["code"] == "slot")
    assert slot["rule"] is None and slot["family"] is None and slot["source"] is None and slot["corrected"] is None
