"""`tigang mine / docs / forget / phrases / show / explain` as a user runs them."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from helpers import SEED_001, SEED_004

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def test_phrases_json_has_the_documented_fields(run_cli) -> None:
    result = run_cli("phrases", "--kind", "formula", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert isinstance(data, list) and data
    for item in data:
        assert {"id", "text", "kind", "organs", "count", "docs", "sources"} <= set(item)
        assert item["kind"] == "formula"
        assert set(item["organs"]) <= {"政治机关", "权力机关", "工作机关", "代表机关"}
        assert len(item["sources"]) == item["count"]
        assert all({"doc", "line"} <= set(source) for source in item["sources"])
    counts = [item["count"] for item in data]
    assert counts == sorted(counts, reverse=True)


def test_phrases_filters_by_organ_and_limit(run_cli) -> None:
    result = run_cli("phrases", "--organ", "代表机关", "--limit", "5", "--json")
    data = json.loads(result.out)
    assert len(data) == 5 and all("代表机关" in item["organs"] for item in data)
    table = run_cli("phrases", "--kind", "heading", "--limit", "3")
    assert table.code == 0 and len(table.out.strip().splitlines()) == 4


def test_show_prints_the_source_paragraph(run_cli) -> None:
    data = json.loads(run_cli("phrases", "--kind", "formula", "--json").out)
    sanlian = next(item for item in data if item["text"] == "三联三助")
    result = run_cli("show", sanlian["id"])
    assert result.code == 0
    assert "【提法】三联三助" in result.out and SEED_004.name in result.out
    assert "以深化“三联三助”活动为抓手" in result.out
    missing = run_cli("show", 999999)
    assert missing.code == 1 and "没有编号为 999999" in missing.err


def test_explain_gives_organ_and_reason(run_cli) -> None:
    explicit = run_cli("explain", "坚持人民至上，建设践行宗旨的“代表机关”")
    assert "代表机关 — 明确" in explicit.out
    inferred = run_cli("explain", "依法开展执法检查和专题询问", "--json")
    tags = json.loads(inferred.out)["organs"]
    assert tags[0]["organ"] == "权力机关" and tags[0]["how"] == "inferred" and "执法检查" in tags[0]["why"]
    none = run_cli("explain", "今天天气很好")
    assert "未归入四个机关" in none.out


def test_user_vocabulary_extends_the_organs(run_cli, isolated_home: Path) -> None:
    config = isolated_home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "organs.toml").write_text('[organ."代表机关"]\nterms = { "代表夜访" = 3 }\n', encoding="utf-8")
    result = run_cli("explain", "探索建立代表夜访工作机制", "--json")
    assert json.loads(result.out)["organs"][0]["organ"] == "代表机关"
    (config / "organs.toml").write_text('threshold = 2\n[organ."人民机关"]\nterms = {}\n', encoding="utf-8")
    broken = run_cli("explain", "坚持依法监督，开展执法检查")
    # a broken user file is reported (file, line, key) and skipped; the built-in vocabulary still works
    assert broken.code == 0 and len(broken.err.strip().splitlines()) == 1
    assert "organs.toml 第 2 行" in broken.err and "organ.人民机关" in broken.err and "已跳过" in broken.err
    assert "权力机关" in broken.out


def test_mine_docs_forget_round_trip(run_cli, tmp_path: Path) -> None:
    bank = tmp_path / "mine.sqlite"
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "报告.txt").write_bytes(SEED_001.read_bytes())
    (folder / "发言.txt").write_bytes(SEED_004.read_text(encoding="utf-8").encode("gb18030"))
    result = run_cli("mine", folder, "--bank", bank)
    assert result.code == 0, result.err
    assert "新增 2" in result.out and "按机关" in result.out and "广告行 4" in result.out
    docs = run_cli("docs", "--bank", bank, "--json")
    assert sorted(doc["name"] for doc in json.loads(docs.out)) == ["发言.txt", "报告.txt"]
    again = run_cli("mine", folder, "--bank", bank)
    assert "新增 0，更新 0，未变 2" in again.out
    forget = run_cli("forget", "发言.txt", "--bank", bank)
    assert forget.code == 0 and "发言.txt" in forget.out
    formulas = json.loads(run_cli("phrases", "--kind", "formula", "--json", "--bank", bank).out)
    assert "三联三助" not in {item["text"] for item in formulas}
    missing = run_cli("phrases", "--bank", tmp_path / "nope.sqlite")
    assert missing.code == 1 and "找不到题库" in missing.err


def test_mining_a_thousand_files_with_broken_ones(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.corpus import write_corpus

    folder = tmp_path / "archive"
    write_corpus(folder, 1000, parts=(1, 2), docx_every=100)
    terminal = io.StringIO()
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stderr", terminal)
    result = run_cli("mine", folder, "--bank", tmp_path / "archive.sqlite")
    assert result.code == 0
    assert "新增 1000" in result.out and "跳过 3" in result.out
    for broken in ("空文件.txt", "图片.txt", "损坏.docx"):
        assert broken in result.out
    progress = terminal.getvalue()
    assert "挖掘" in progress and "1003/1003" in progress  # a Rich bar, drawn because stderr is a terminal
    docs = json.loads(run_cli("docs", "--bank", tmp_path / "archive.sqlite", "--json").out)
    assert len(docs) == 1000
