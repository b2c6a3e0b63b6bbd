"""The outline at real size: long points wrap by Chinese rules instead of ending in “…”, parts fold and
unfold, and each part's characters and speaking time stand on its heading — at 80×24 and 120×36."""
from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import LONG_POINT, AppOn, editor, long_outline, put_cursor, run_async, settle
from textual.pilot import Pilot

from phrasebank.outline.file import load_outline
from phrasebank.review.timing import format_duration, speaking_seconds, spoken_chars
from phrasebank.text.width import cell_width
from tui.app import TigangApp
from tui.widgets.cjk_text import NO_LINE_START
from tui.widgets.outline_lines import View, outline_rows, part_figures
from tui.widgets.outline_tree import OutlineTree

SIZES = [(80, 24), (120, 36)]
def shown_lines(tree: OutlineTree) -> list[str]:
    """The outline view's lines as the terminal shows them (trailing blanks dropped)."""
    lines = [tree.render_line(y).text.rstrip() for y in range(tree.scrollable_content_region.height)]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def test_rows_wrap_every_line_within_the_width_and_never_start_with_closing_punctuation(tmp_path: Path) -> None:
    outline = load_outline(long_outline(tmp_path / "发言.json"))
    for width in (24, 33, 46, 70):
        rows = outline_rows(outline, View(width))
        for row in rows:
            lines = row.text.plain.split("\n")
            assert all(cell_width(line) <= width for line in lines), (width, lines)
            assert all(line.strip()[:1] not in NO_LINE_START for line in lines[1:]), lines
            # continuation lines hang under the text, after the number
            assert all(line[: min(row.hang, width // 2)].strip() == "" for line in lines[1:]), lines
        point = next(row for row in rows if row.item_id == "p11")
        assert "".join(line.strip() for line in point.text.plain.split("\n")).endswith(LONG_POINT)


def test_each_heading_carries_its_part_figures(tmp_path: Path) -> None:
    outline = load_outline(long_outline(tmp_path / "发言.json"))
    figures = part_figures(outline)
    expected = spoken_chars("坚持党的领导，建设对党忠诚的“政治机关”") + spoken_chars(LONG_POINT) + spoken_chars(
        "落实“第一议题”制度，一年来共组织集中学习××次，专题研讨××次。")
    assert figures["part1"] == expected
    row = next(row for row in outline_rows(outline, View(200, rate=250)) if row.item_id == "part1")
    assert f"{expected}字·{format_duration(speaking_seconds(expected, 250))}" in row.text.plain


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_long_points_wrap_in_the_outline_at_real_sizes(app_on: AppOn, tmp_path: Path,
                                                              size: tuple[int, int]) -> None:
    path = long_outline(tmp_path / "发言.json")
    async with app_on(open_path=path, size=size) as (app, pilot):
        tree = editor(app).query_one(OutlineTree)
        tree.focus()
        await settle(pilot)
        lines = shown_lines(tree)
        text = "".join(line.strip() for line in lines)
        assert "…" not in text
        assert LONG_POINT in text  # whole, across its wrapped lines
        assert all(cell_width(line) <= tree.scrollable_content_region.width for line in lines)
        assert all(line.strip()[:1] not in NO_LINE_START for line in lines)


def all_lines(tree: OutlineTree) -> str:
    """Every line of the outline view, scrolled into sight or not."""
    return "\n".join(str(option.prompt) for option in tree.options)


async def press_and_read(pilot: Pilot[None], *keys: str) -> str:
    await pilot.press(*keys)
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, TigangApp)
    return all_lines(editor(app).query_one(OutlineTree))


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_parts_fold_one_or_all_and_unfold_where_the_cursor_goes(app_on: AppOn, tmp_path: Path,
                                                                      size: tuple[int, int]) -> None:
    path = long_outline(tmp_path / "发言.json")
    async with app_on(open_path=path, size=size) as (app, pilot):
        screen = editor(app)
        await put_cursor(pilot, LONG_POINT)
        shown = await press_and_read(pilot, "space")
        assert "（已折叠 2 条）" in shown and "始终把坚持" not in shown
        assert screen.cursor_id == "part1"  # the cursor goes to the folded heading
        assert "围绕全市中心工作" in shown  # other parts stay open
        shown = await press_and_read(pilot, "space")
        assert "始终把坚持" in shown and "已折叠" not in shown
        shown = await press_and_read(pilot, "f")
        assert shown.count("已折叠") == 3 and "围绕全市中心工作" not in shown  # 四、 has no points to fold
        # adding a point into a folded part (here: editing one by id) shows it again
        screen.refresh_outline("p21")
        await settle(pilot)
        shown = all_lines(screen.query_one(OutlineTree))
        assert "围绕全市中心工作" in shown and shown.count("已折叠") == 2
        shown = await press_and_read(pilot, "f")
        assert shown.count("已折叠") == 3
        shown = await press_and_read(pilot, "f")
        assert "已折叠" not in shown and "始终把坚持" in shown


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_part_figures_follow_every_change(app_on: AppOn, tmp_path: Path, size: tuple[int, int]) -> None:
    path = long_outline(tmp_path / "发言.json")
    async with app_on(open_path=path, size=size) as (app, pilot):
        screen = editor(app)
        before = part_figures(screen.outline)["part2"]
        assert f"{before}字" in all_lines(screen.query_one(OutlineTree))
        await put_cursor(pilot, "加强预算审查监督和国有资产管理情况监督")
        await pilot.press("delete")
        await settle(pilot)
        after = before - spoken_chars("加强预算审查监督和国有资产管理情况监督")
        assert f"{after}字" in all_lines(screen.query_one(OutlineTree))


@run_async
async def test_the_speaking_rate_comes_from_the_settings_file(app_on: AppOn, tmp_path: Path, fake_home: Path) -> None:
    from phrasebank.files.paths import user_config_dir

    user_config_dir().mkdir(parents=True, exist_ok=True)
    (user_config_dir() / "settings.toml").write_text("rate = 180\n", encoding="utf-8")
    path = long_outline(tmp_path / "发言.json")
    async with app_on(open_path=path, size=(120, 36)) as (app, _pilot):
        screen = editor(app)
        chars = part_figures(screen.outline)["part3"]
        assert f"{chars}字·{format_duration(speaking_seconds(chars, 180))}" in all_lines(screen.query_one(OutlineTree))
        total = format_duration(speaking_seconds(screen.outline.spoken_chars(), 180))
        assert f"约 {total}" in str(screen.query_one("#status").render())
