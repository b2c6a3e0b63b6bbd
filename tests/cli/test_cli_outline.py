"""Building an outline from a script: `tigang new`, `add` (text and --phrase), `export`, with one-line errors."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import seed_000_sections

from phrasebank.outline.file import load_outline


def test_script_builds_the_seed_000_outline(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "汇报.json"
    result = run_cli("new", "--structure", "si-ge-jiguan", path)
    assert result.code == 0, result.err
    assert "4 个部分" in result.out
    for number, (heading, leads) in enumerate(seed_000_sections(), start=1):
        assert run_cli("add", path, "--part", number, "--level", "1", heading).code == 0
        for lead in leads:
            result = run_cli("add", path, "--part", number, lead)
            assert result.code == 0, result.err
    # the structure's salutation template “尊敬的××，同志们：” is text already: replacing it is explicit
    refused = run_cli("add", path, "--salutation", "尊敬的王主任，同志们：")
    assert refused.code == 1 and "--replace" in refused.err
    assert run_cli("add", path, "--salutation", "尊敬的王主任，同志们：", "--replace").code == 0
    assert run_cli("add", path, "--part", "1", "--level", "3", "坚持“第一议题”学习制度。").code == 0
    result = run_cli("add", path, "--closing", "汇报完毕，谢谢大家！")
    assert result.code == 0 and result.out.startswith("已添加 结尾段落")
    outline = load_outline(path)
    assert [p.organ for p in outline.parts] == ["政治机关", "权力机关", "工作机关", "代表机关"]
    assert outline.numbered()[4].path == "一、（三）1."
    lines = run_cli("export", path, "-o", "-").out.splitlines()
    assert lines[0] == "尊敬的王主任，同志们："  # the structure has no title template
    assert lines[1] == "一、维护核心，做政治坚定的表率，着力打造忠诚可靠的“政治机关”"
    assert lines[4:6] == ["（三）严格管理定目标，让党员“干”起来。", "1.坚持“第一议题”学习制度。"]
    assert lines[-2:] == ["（三）带头为民履职办好实事。", "汇报完毕，谢谢大家！"]
    assert run_cli("add", path, "--part", "5", "--level", "1", "新的第五部分").code == 0
    assert len(load_outline(path).parts) == 5


def test_errors_are_one_line_and_leave_the_file_alone(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "a.json"
    assert run_cli("new", "-s", "jingyan-fayan-sanbu", path).code == 0
    before = path.read_bytes()
    cases = [
        (("new", "-s", "si-ge-jiguan", path), "已存在"),
        (("new", "-s", "no-such", tmp_path / "b.json"), "si-ge-jiguan"),
        (("add", path, "--part", "7", "要点"), "第 7 部分不存在"),
        (("add", path, "--part", "1", "--level", "3", "要点"), "--level 2"),
        (("add", path, "--part", "1"), "TEXT"),
        (("add", path, "--part", "1", "  "), "空"),
        (("add", tmp_path / "missing.json", "--part", "1", "要点"), "找不到提纲文件"),
    ]
    for args, words in cases:
        result = run_cli(*args)
        assert result.code == 1, args
        assert result.err.startswith("tigang: 错误：") and result.err.count("\n") == 1, result.err
        assert words in result.err, (words, result.err)
        assert "Traceback" not in result.err
    assert path.read_bytes() == before
    assert not (tmp_path / "b.json").exists()
    assert run_cli("new", "-s", "si-ge-jiguan", path, "--force").code == 0
    assert path.with_name("a.json.bak").read_bytes() == before


def test_add_from_the_phrase_bank(tmp_path: Path, run_cli) -> None:
    from phrasebank.bank.lifecycle import open_bank

    bank = open_bank(None)
    try:
        phrases = [p for p in (bank.get_phrase(i) for i in range(1, 200)) if p is not None]
    finally:
        bank.close()
    political = next(p for p in phrases if p.kind == "point" and p.organs == ["政治机关"])
    representative = next(p for p in phrases if p.kind == "point" and p.organs == ["代表机关"])
    path = tmp_path / "a.json"
    run_cli("new", "-s", "si-ge-jiguan", path)
    result = run_cli("add", path, "--part", "1", "--phrase", political.id)
    assert result.code == 0, result.err
    assert result.err == ""
    item = load_outline(path).numbered()[1].item
    assert (item.text, item.phrase_id) == (political.text, political.id)
    result = run_cli("add", path, "--part", "1", "--phrase", representative.id)
    assert result.code == 0 and "代表机关" in result.err  # a hint: the phrase belongs to another organ
    result = run_cli("add", path, "--part", "1", "--phrase", "999999")
    assert result.code == 1 and "999999" in result.err
    result = run_cli("add", path, "--part", "1", "--phrase", political.id, "--bank", tmp_path / "none.sqlite")
    assert result.code == 1 and result.err.count("\n") == 1


def test_help_stays_light() -> None:
    script = "import sys\nfrom phrasebank.cli.main import build_parser\nbuild_parser()\nprint('docx' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
