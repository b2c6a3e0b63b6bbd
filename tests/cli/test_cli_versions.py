"""Versions from a script: `tigang snapshot`, `versions`, `diff` and `restore --version`, with one-line
errors; `restore` without `--version` still takes the .bak."""
from __future__ import annotations

from pathlib import Path

from phrasebank.outline.file import backup_path, load_outline
from phrasebank.outline.versions import list_versions, versions_dir

HEADING = "维护核心，做政治坚定的表率，着力打造忠诚可靠的“政治机关”"
LEAD = "丰富学习强思想，让学习“高”起来。"


def _outline(tmp_path: Path, run_cli) -> Path:
    path = tmp_path / "汇报.json"
    assert run_cli("new", "--structure", "si-ge-jiguan", path).code == 0
    assert run_cli("add", path, "--part", "1", "--level", "1", HEADING).code == 0
    return path


def test_snapshot_change_diff_and_restore(tmp_path: Path, run_cli) -> None:
    path = _outline(tmp_path, run_cli)
    result = run_cli("snapshot", path, "送审前")
    assert result.code == 0, result.err
    assert result.out.startswith("已存为第 1 版“送审前”") and ".汇报.json.versions" in result.out
    assert run_cli("add", path, "--part", "1", LEAD).code == 0
    result = run_cli("snapshot", path)  # no name: the time
    assert result.code == 0 and "已存为第 2 版“20" in result.out
    table = run_cli("versions", path)
    assert table.code == 0
    rows = table.out.splitlines()
    assert rows[0].split() == ["版本", "名称", "时间", "字数"]
    assert rows[1].split()[:2] == ["1", "送审前"] and rows[2].split()[0] == "2"
    assert "共 2 个版本" in table.out

    diff = run_cli("diff", path, "--version", "1")
    assert diff.code == 0, diff.err
    assert "第 1 版“送审前”" in diff.out and "增加 1 行，删去 0 行" in diff.out
    assert f"+   （一）{LEAD}" in diff.out.splitlines()
    assert f"  一、{HEADING}" in diff.out.splitlines()  # context around the change
    assert "没有改动" in run_cli("diff", path).out  # the latest version is the default

    result = run_cli("restore", path, "--version", "1")
    assert result.code == 0, result.err
    assert "恢复为第 1 版“送审前”" in result.out and "第 3 版“恢复第1版前自动保存”" in result.out
    assert LEAD not in [item.text for item in load_outline(path).items()]
    assert [v.name for v in list_versions(path)][-1] == "恢复第1版前自动保存"
    undo = run_cli("diff", path, "-v", "3", "--all")
    assert f"-   （一）{LEAD}" in undo.out.splitlines()
    assert run_cli("restore", path, "--version", "3").code == 0
    assert LEAD in [item.text for item in load_outline(path).items()]


def test_version_errors_are_one_line(tmp_path: Path, run_cli) -> None:
    path = _outline(tmp_path, run_cli)
    none = run_cli("versions", path)
    assert none.code == 0 and "还没有保存过版本" in none.out
    assert run_cli("snapshot", path, "送审前").code == 0
    damaged = next(versions_dir(path).glob("0001-*.json"))
    damaged.write_text("{\"format\": 1, \"body\": [", encoding="utf-8")
    before = path.read_bytes()
    cases = [
        (("diff", path, "--version", "5"), "没有第 5 版；已有的版本：1"),
        (("restore", path, "--version", "5"), "没有第 5 版"),
        (("diff", path, "--version", "1"), str(damaged)),
        (("restore", path, "--version", "1"), str(damaged)),
        (("restore", path, "--version", "1", "--force"), "--force 只用于"),
        (("snapshot", path, "名" * 61), "版本名太长"),
        (("snapshot", tmp_path / "无.json"), "找不到提纲文件"),
    ]
    for args, words in cases:
        result = run_cli(*args)
        assert result.code == 1, args
        assert result.err.startswith("tigang: 错误：") and result.err.count("\n") == 1, result.err
        assert words in result.err, (words, result.err)
    assert path.read_bytes() == before
    listed = run_cli("versions", path)
    assert listed.code == 0 and "（无法读取）" in listed.out and str(damaged) in listed.err


def test_restore_without_a_version_still_uses_the_backup(tmp_path: Path, run_cli) -> None:
    path = _outline(tmp_path, run_cli)
    assert backup_path(path).exists()
    path.write_text("{\"format\": 1, \"body\": [", encoding="utf-8")
    result = run_cli("restore", path)
    assert result.code == 0, result.err
    assert "已用备份 汇报.json.bak 恢复" in result.out
    assert not versions_dir(path).exists()
