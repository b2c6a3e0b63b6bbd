"""Where a chosen phrase goes, for every place the cursor can stand — and that adding never replaces text."""
from __future__ import annotations

import pytest

from phrasebank.outline.file import outline_to_data
from phrasebank.outline.items import CLOSING, OPENING, SALUTATION_ID, TITLE_ID, Item, OutlineError
from phrasebank.outline.model import Outline
from phrasebank.outline.placement import add_heading, add_point, fill, point_parent, replace_text

PHRASE = "坚决做到“两个维护”"


def outline(*, title: str = "", salutation: str = "", empty_part: bool = False) -> Outline:
    """Two parts (the second's heading empty when asked), points down to level 4, an opening and a closing."""
    result = Outline(
        title=title,
        salutation=salutation,
        opening=[Item("现将有关情况报告如下：", id="o1")],
        body=[
            Item("坚持党的领导，建设对党忠诚的“政治机关”", 1, organ="政治机关", id="part1"),
            Item("落实“第一议题”制度", 2, id="p2"),
            Item("学深悟透", 3, id="p3"),
            Item("逐条对照", 4, id="p4"),
            Item("" if empty_part else "坚持服务发展，建设依法履职的“权力机关”", 1, organ="权力机关", id="part2"),
        ],
        closing=[Item("汇报完毕，谢谢大家！", id="c1")],
    )
    return result


def texts(o: Outline) -> list[tuple[int, str]]:
    return [(item.level, item.text) for item in o.body]


@pytest.mark.parametrize(
    ("at", "parent", "level"),
    [("part1", "part1", 2), ("p2", "p2", 3), ("p3", "p3", 4)],
)
def test_a_point_goes_one_level_under_a_part_or_point_at_the_end_of_what_is_under_it(at: str, parent: str, level: int) -> None:
    o = outline()
    placed = add_point(o, at, PHRASE, phrase_id=7)
    item = o.find(placed.item_id)
    assert (item.text, item.level, item.phrase_id, placed.how) == (PHRASE, level, 7, "added")
    assert o.subtree(parent)[-1].id == item.id
    assert placed.cursor == at  # the cursor stays: adding again makes the next sibling
    again = add_point(o, placed.cursor, "第二条")
    assert [i.text for i in o.subtree(parent)][-2:] == [PHRASE, "第二条"] and o.find(again.item_id).level == level


def test_under_a_level_four_point_the_next_point_follows_it_and_order_is_kept() -> None:
    o = outline()
    first = add_point(o, "p4", "甲")
    second = add_point(o, first.cursor, "乙")
    assert [(i.level, i.text) for i in o.subtree("p3")] == [(3, "学深悟透"), (4, "逐条对照"), (4, "甲"), (4, "乙")]
    assert second.cursor == second.item_id


@pytest.mark.parametrize("field", [TITLE_ID, SALUTATION_ID])
def test_an_empty_title_or_salutation_is_filled_a_written_one_is_never_replaced(field: str) -> None:
    o = outline()
    placed = add_point(o, field, PHRASE)
    assert (placed.how, o.find(field).text, placed.item_id) == ("filled", PHRASE, field)
    again = add_point(o, field, "另一句话。")
    assert o.find(field).text == PHRASE  # written text stays
    assert again.how == "added" and o.opening[-1].text == "另一句话。" and again.cursor == field


def test_five_adds_on_a_filled_salutation_replace_nothing() -> None:
    o = outline(salutation="尊敬的张主任，同志们：")
    for number in range(5):
        add_point(o, SALUTATION_ID, f"第{number}句。")
    assert o.salutation.text == "尊敬的张主任，同志们："
    assert [item.text for item in o.opening][-5:] == [f"第{number}句。" for number in range(5)]


@pytest.mark.parametrize(("marker", "region"), [(OPENING, "opening"), (CLOSING, "closing")])
def test_on_the_opening_or_closing_line_a_paragraph_is_appended(marker: str, region: str) -> None:
    o = outline()
    placed = add_point(o, marker, PHRASE)
    paragraphs = o.opening if region == "opening" else o.closing
    assert paragraphs[-1].id == placed.item_id and paragraphs[-1].level == 0 and placed.cursor == marker


@pytest.mark.parametrize(("paragraph", "region"), [("o1", "opening"), ("c1", "closing")])
def test_on_a_paragraph_the_next_one_follows_it_in_order(paragraph: str, region: str) -> None:
    o = outline()
    o.add_paragraph(region, "最后一段")  # type: ignore[arg-type]
    first = add_point(o, paragraph, "甲")
    add_point(o, first.cursor, "乙")
    paragraphs = o.opening if region == "opening" else o.closing
    assert [p.text for p in paragraphs][1:3] == ["甲", "乙"] and paragraphs[-1].text == "最后一段"


def test_with_no_cursor_a_point_ends_the_last_part_and_without_parts_it_is_refused() -> None:
    o = outline()
    placed = add_point(o, None, PHRASE)
    assert o.subtree("part2")[-1].id == placed.item_id
    with pytest.raises(OutlineError):
        add_point(Outline(), None, PHRASE)


def test_a_heading_fills_the_empty_part_under_the_cursor() -> None:
    o = outline(empty_part=True)
    placed = add_heading(o, "part2", PHRASE, phrase_id=3, organ="代表机关")
    assert (placed.how, placed.item_id, o.find("part2").text) == ("filled", "part2", PHRASE)
    assert o.find("part2").organ == "权力机关"  # a part keeps the organ it has
    assert len(o.parts) == 2


def test_a_heading_on_a_written_part_starts_a_new_part_after_it() -> None:
    o = outline()
    placed = add_heading(o, "p3", PHRASE, organ="代表机关")  # the cursor on a point of part 1
    assert [p.text for p in o.parts] == ["坚持党的领导，建设对党忠诚的“政治机关”", PHRASE, "坚持服务发展，建设依法履职的“权力机关”"]
    assert o.find(placed.item_id).organ == "代表机关" and placed.how == "added" and placed.cursor == placed.item_id
    assert o.find("part1").text.startswith("坚持党的领导")


@pytest.mark.parametrize("at", [TITLE_ID, SALUTATION_ID, OPENING, "o1", CLOSING, None])
def test_a_heading_outside_the_body_fills_the_first_empty_part_else_ends_the_body(at: str | None) -> None:
    o = outline(empty_part=True)
    assert add_heading(o, at, PHRASE).item_id == "part2"
    placed = add_heading(o, at, "又一个部分")
    assert o.parts[-1].id == placed.item_id and len(o.parts) == 3


def test_filling_a_written_field_is_refused_unless_replacing_is_asked_for() -> None:
    o = outline(title="原标题")
    before = outline_to_data(o)
    with pytest.raises(OutlineError, match="原标题"):
        fill(o, TITLE_ID, "新标题")
    assert outline_to_data(o) == before and not o.can_undo
    assert fill(o, TITLE_ID, "新标题", replace=True).how == "replaced" and o.title.text == "新标题"
    assert replace_text(o, "part1", "新的部分标题").how == "replaced" and o.find("part1").text == "新的部分标题"
    assert fill(o, SALUTATION_ID, "同志们：").how == "filled"


def test_point_parent_for_each_level_and_the_refusals() -> None:
    o = outline()
    assert [point_parent(o, 1, level) for level in (2, 3, 4)] == ["part1", "p2", "p3"]
    assert point_parent(o, 2, 2) == "part2"
    with pytest.raises(OutlineError, match="第 3 部分不存在"):
        point_parent(o, 3, 2)
    with pytest.raises(OutlineError, match="还没有 2 级标题"):
        point_parent(o, 2, 3)


def test_every_placement_is_one_undo_step() -> None:
    o = outline(empty_part=True)
    before = outline_to_data(o)
    for place in (lambda: add_point(o, "p2", "甲"), lambda: add_heading(o, "part2", "乙"), lambda: add_point(o, TITLE_ID, "丙")):
        place()
    for _ in range(3):
        assert o.undo()
    assert outline_to_data(o) == before
