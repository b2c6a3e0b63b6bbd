"""The check screen at 80×24 and 120×36: findings said in words, wrapped not cut, Enter jumps to the
item; and the export's count of unfilled slots is the status line's."""
from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import AppOn, editor, run_async, settle
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input

from phrasebank.outline.file import save_outline
from phrasebank.outline.items import Item
from phrasebank.outline.model import Outline
from phrasebank.text.width import cell_width
from tui.screens.check import CheckScreen, FindingList
from tui.screens.dialogs import ExportDialog
from tui.widgets.cjk_text import NO_LINE_START

SIZES = [(80, 24), (120, 36)]
LONG = ("人大常委会党组坚持把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务，"
        "全年召开党组理论学习中心组学习12次。")


def review_outline(path: Path) -> Path:
    """Four parallel parts; part one's points are parallel but for the third (too short); part two
    holds sentence-length points and the second point of part one again."""
    outline = Outline(
        title="在全市人大机关建设推进会上的发言",
        salutation="尊敬的王主任，各位领导，同志们：",
        body=[
            Item("坚持党的领导，建设对党忠诚的“政治机关”", 1, id="part1"),
            Item("健全完善代表联络站运行机制", 2, id="p11"),
            Item("规范代表建议办理工作流程", 2, id="p12"),
            Item("提升代表活动实效性", 2, id="p13"),
            Item("加强代表履职学习培训工作", 2, id="p14"),
            Item("坚持服务发展，建设依法履职的“权力机关”", 1, id="part2"),
            Item(LONG, 2, id="p21"),
            Item("动员部署。勇争先。", 2, id="p22"),
            Item("围绕全市中心工作，听取审议专项工作报告8项，开展执法检查5次，推动解决了一批群众急难愁盼问题。", 2, id="p23"),
            Item("规范代表建议办理工作流程", 2, id="p24"),
            Item("加强监督。", 2, id="p25"),
            Item("坚持人民至上，建设践行宗旨的“代表机关”", 1, id="part3", body="全年走访代表120人次。"),
            Item("坚持强基固本，建设务实担当的“工作机关”", 1, id="part4", body="机关作风持续改进。"),
        ],
    )
    save_outline(outline, path)
    return path


async def open_check(pilot: Pilot[None]) -> CheckScreen:
    await pilot.press("ctrl+r")  # the checks run in a worker; the report opens when they are done
    await settle(pilot)
    check = pilot.app.screen
    assert isinstance(check, CheckScreen)
    return check


def shown(check: CheckScreen, item_id: str, code: str) -> tuple[str, list[str]]:
    """The message of the finding about `item_id`, and the lines its row is shown in."""
    index = next(i for i, f in enumerate(check.report.findings) if f.item_id == item_id and f.code == code)
    rows = check.query_one(FindingList)
    prompt = rows.get_option_at_index(index).prompt
    assert isinstance(prompt, Text)
    return check.report.findings[index].message, prompt.plain.split("\n")


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_findings_say_which_heading_differs_and_how_wrapped_not_cut(
        app_on: AppOn, tmp_path: Path, size: tuple[int, int]) -> None:
    path = review_outline(tmp_path / "发言.json")
    async with app_on(open_path=path, size=size) as (app, pilot):
        check = await open_check(pilot)
        rows = check.query_one(FindingList)
        width = rows.scrollable_content_region.width
        message, lines = shown(check, "p13", "length")
        assert message == "一、下的二级标题中，（三）共 9 字，其余 12–13 字。"
        duplicate, duplicate_lines = shown(check, "p24", "duplicate")
        assert duplicate == "一、（二）和二、（四）文字相同：“规范代表建议办理工作流程”。"
        for row in (lines, duplicate_lines):
            assert all(cell_width(line) <= width for line in row), (width, row)
            assert not any(line.strip()[:1] in NO_LINE_START for line in row[1:]), row
        # every character is there, in order: wrapped, never cut
        assert "".join(line.strip() for line in lines).endswith(message)
        assert "".join(line.strip() for line in duplicate_lines).endswith(duplicate)
        if size == (80, 24):
            assert len(lines) == 2 and len(duplicate_lines) == 2
        # sentence-length points get no parallel hint; the part headings are parallel
        parallel = [f for f in check.report.findings if f.code in ("not-parallel", "length")]
        assert [f.item_id for f in parallel] == ["p13"]
        assert check.query_one("#check-summary").region.height >= 1
        # Enter on a finding jumps to its item
        rows.highlighted = next(i for i, f in enumerate(check.report.findings) if f.item_id == "p24")
        await pilot.press("enter")
        await settle(pilot)
        assert editor(app).cursor_id == "p24"


@run_async
async def test_the_rows_rewrap_when_the_terminal_is_resized(app_on: AppOn, tmp_path: Path) -> None:
    path = review_outline(tmp_path / "发言.json")
    async with app_on(open_path=path, size=(120, 36)) as (_app, pilot):
        check = await open_check(pilot)
        _, wide = shown(check, "p13", "length")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        _, narrow = shown(check, "p13", "length")
        assert len(wide) == 1 and len(narrow) == 2


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_export_counts_the_slots_the_status_line_counts(
        app_on: AppOn, tmp_path: Path, size: tuple[int, int]) -> None:
    outline = Outline(
        salutation="尊敬的××主任，各位领导，同志们：",
        body=[Item("坚持党的领导，建设对党忠诚的“政治机关”", 1, id="part1"),
              Item("一年来共组织集中学习××次，专题研讨××次，参加××人次", 2, id="p11")],
    )
    path = tmp_path / "发言.json"
    save_outline(outline, path)
    async with app_on(open_path=path, size=size, notifications=True) as (app, pilot):
        status = str(app.screen.query_one("#status").render())
        assert "未填空位 4" in status
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        warning = next(n for n in app._notifications if n.severity == "warning")
        assert warning.title == "还有 4 处未填空位（2 个条目）"
        assert warning.message.splitlines() == ["称谓 1 处：尊敬的××主任，各位领导，同志们：",
                                                "一、（一） 3 处：一年来共组织集中学习××次，专题研讨××次，参加…"]
        check = await open_check(pilot)
        assert check.report.slot_summary == "还有 4 处未填空位（2 个条目）"
        assert "还有 4 处未填空位（2 个条目）" in str(check.query_one("#check-summary").render())
