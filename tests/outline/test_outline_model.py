"""The outline model: derived numbering, every operation, exact undo/redo, slots, stable ids."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from helpers import build_seed_000, seed_000_sections
from hypothesis import given, settings
from hypothesis import strategies as st

from phrasebank.outline.file import outline_to_data
from phrasebank.outline.items import CLOSING, OPENING, Item, OutlineError
from phrasebank.outline.model import Outline
from phrasebank.outline.numbering import level_label


def state(outline: Outline) -> dict:
    return outline_to_data(outline)


def test_level_labels() -> None:
    assert [level_label(level, 2) for level in (1, 2, 3, 4)] == ["二、", "（二）", "2.", "（2）"]
    assert level_label(1, 11) == "十一、"


def test_seed_000_built_by_operations_has_its_headings_and_leads() -> None:
    outline = build_seed_000()
    sections = seed_000_sections()
    assert [part.text for part in outline.parts] == [heading for heading, _ in sections]
    assert [part.organ for part in outline.parts] == ["政治机关", "权力机关", "工作机关", "代表机关"]
    for part, (_, leads) in zip(outline.parts, sections, strict=True):
        assert [child.text for child in outline.children(part.id)] == leads
    labels = [(entry.path, entry.item.level) for entry in outline.numbered()]
    assert labels[:4] == [("一、", 1), ("一、（一）", 2), ("一、（二）", 2), ("一、（三）", 2)]
    assert labels[-1] == ("四、（三）", 2)
    assert outline.salutation.text == "尊敬的王主任，同志们："


def test_numbering_is_derived_and_restarts_under_each_heading() -> None:
    outline = Outline()
    part = outline.add_part("甲")
    for index in range(12):
        outline.add_child(part.id, f"要点{index}")
    second = outline.add_part("乙")
    point = outline.add_child(second.id, "乙一")
    sub = outline.add_child(point.id, "细项")
    outline.add_child(sub.id, "更细")
    paths = [entry.path for entry in outline.numbered()]
    assert paths[12] == "一、（十二）"
    assert paths[13:] == ["二、", "二、（一）", "二、（一）1.", "二、（一）1.（1）"]
    outline.delete(outline.children(part.id)[0].id)
    assert outline.label(outline.children(part.id)[-1].id) == "（十一）"


def _fixture() -> Outline:
    outline = build_seed_000()
    outline.add_paragraph("opening", "××县人大常委会机关党支部对标“四个机关”重要论述。")
    first_point = outline.children(outline.parts[0].id)[0]
    outline.add_child(first_point.id, "学习××次，研讨××次。")
    outline.clear_history()
    return outline


def _part(outline: Outline, n: int) -> Item:
    return outline.parts[n]


def _point(outline: Outline, part: int, n: int) -> Item:
    return outline.children(outline.parts[part].id)[n]


OPERATIONS: dict[str, Callable[[Outline], object]] = {
    "set_title": lambda o: o.set_title("新标题"),
    "set_salutation": lambda o: o.set_salutation("同志们："),
    "add_paragraph": lambda o: o.add_paragraph("closing", "谢谢大家！", index=0),
    "add_part": lambda o: o.add_part("第五部分", organ="代表机关", index=2),
    "add_child": lambda o: o.add_child(_part(o, 1).id, "新要点", body="正文"),
    "insert_after": lambda o: o.insert_after(_point(o, 2, 0).id, "插入"),
    "insert_before": lambda o: o.insert_before(_part(o, 1).id, "前插的部分"),
    "edit": lambda o: o.edit(_point(o, 3, 1).id, "改过的要点", body="补充正文", phrase_id=42),
    "edit_organ": lambda o: o.edit(_part(o, 0).id, organ=None),
    "delete_point": lambda o: o.delete(_point(o, 0, 0).id),
    "delete_part": lambda o: o.delete(_part(o, 2).id),
    "delete_paragraph": lambda o: o.delete(o.closing[0].id),
    "move_up": lambda o: o.move_up(_point(o, 1, 2).id),
    "move_down": lambda o: o.move_down(_part(o, 0).id),
    "move_paragraph": lambda o: o.move_down(o.closing[0].id),
    "promote": lambda o: o.promote(_point(o, 1, 1).id),
    "demote": lambda o: o.demote(_point(o, 2, 2).id),
    "demote_part": lambda o: o.demote(_part(o, 3).id),
    "move_to_part": lambda o: o.move_to_part(_point(o, 0, 0).id, _part(o, 3).id),
    "fill_slot": lambda o: o.fill_slot(o.opening[0].id, "某某"),
    "fill_next_slot": lambda o: o.fill_next_slot("5", o.parts[0].id),
    "move_up_across_parts": lambda o: o.move_up(_point(o, 1, 0).id),
    "move_down_across_parts": lambda o: o.move_down(_point(o, 2, 2).id),
    "cut_part": lambda o: o.cut(_part(o, 1).id),
    "cut_paragraph": lambda o: o.cut(o.opening[0].id),
    "paste": lambda o: o.paste(o.subtree(_point(o, 0, 0).id), _point(o, 3, 2).id),
}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_every_operation_is_one_exact_undo_step(name: str) -> None:
    outline = _fixture()
    before = state(outline)
    OPERATIONS[name](outline)
    after = state(outline)
    assert after != before
    assert outline.can_undo and not outline.can_redo
    assert outline.undo()
    assert state(outline) == before
    assert not outline.can_undo
    assert outline.redo()
    assert state(outline) == after
    assert outline.undo() and outline.undo() is False
    assert state(outline) == before


def test_operations_do_what_they_say() -> None:
    outline = _fixture()
    points = outline.children(outline.parts[1].id)
    outline.move_up(points[2].id)
    assert [p.text for p in outline.children(outline.parts[1].id)] == [points[0].text, points[2].text, points[1].text]
    moved = outline.parts[0]
    outline.move_down(moved.id)
    assert outline.parts[1].id == moved.id
    assert len(outline.subtree(moved.id)) == 5  # the part, its three points and the nested 1.
    point = outline.children(outline.parts[2].id)[1]
    outline.promote(point.id)
    assert point.id in [p.id for p in outline.parts]
    assert outline.find(point.id).level == 1
    assert outline.parts[3].id == point.id  # promoted in place: it now heads the points after it
    outline.demote(point.id)
    assert outline.find(point.id).level == 2
    target = outline.parts[3]
    outline.move_to_part(point.id, target.id)
    assert outline.part_of(point.id).id == target.id
    assert outline.children(target.id)[-1].id == point.id


def test_refused_operations_change_nothing_and_record_no_step() -> None:
    outline = _fixture()
    before = state(outline)
    first_point = outline.children(outline.parts[0].id)[0]
    refused: list[Callable[[], object]] = [
        lambda: outline.move_up(outline.parts[0].id),
        lambda: outline.move_down(outline.parts[-1].id),
        lambda: outline.move_up(first_point.id),
        lambda: outline.promote(outline.parts[0].id),
        lambda: outline.demote(outline.parts[0].id),
        lambda: outline.demote(first_point.id),  # would skip a level under its part
        lambda: outline.add_child(outline.parts[0].id, "x", level=1),
        lambda: outline.add_child(outline.parts[0].id, "x", level=5),
        lambda: outline.edit(outline.parts[0].id, organ="立法机关"),
        lambda: outline.move_to_part(outline.parts[1].id, outline.parts[0].id),
        lambda: outline.find("nope"),
        lambda: outline.fill_slot(outline.opening[0].id, "  "),
    ]
    for operation in refused:
        with pytest.raises(OutlineError):
            operation()
        assert state(outline) == before
    assert not outline.can_undo


def test_demote_to_level_four_limit() -> None:
    outline = Outline()
    part = outline.add_part("部分")
    a = outline.add_child(part.id, "a")
    b = outline.add_child(part.id, "b")
    outline.demote(b.id)
    c = outline.add_child(b.id, "c")
    assert [outline.find(i).level for i in (a.id, b.id, c.id)] == [2, 3, 4]
    assert outline.parent(c.id).id == b.id and outline.parent(b.id).id == a.id
    with pytest.raises(OutlineError):
        outline.demote(b.id)  # c is already at level 4
    with pytest.raises(OutlineError):
        outline.add_child(c.id, "d")


def test_ids_are_stable_across_operations_and_undo() -> None:
    outline = _fixture()
    ids = [item.id for item in outline.items()]
    assert len(set(ids)) == len(ids)
    target = outline.children(outline.parts[2].id)[1]
    original = target.text
    outline.move_up(target.id)
    outline.edit(target.id, "改")
    outline.undo()
    outline.undo()
    assert outline.find(target.id).text == original  # look items up by id: undo restores copies
    assert [item.id for item in outline.items()] == ids


def test_slots_in_document_order_and_fill_next() -> None:
    outline = _fixture()
    refs = outline.unfilled_slots()
    assert [outline.path_label(ref.item_id) for ref in refs] == ["开头第1段", "一、（一）1.", "一、（一）1."]
    nested = outline.find(refs[1].item_id)
    assert nested.slots == [(2, 4), (8, 10)]
    assert outline.next_slot(outline.parts[1].id) == refs[0]  # wraps around to the opening
    filled = outline.fill_next_slot("6", outline.parts[0].id)
    assert filled == refs[1]
    assert nested.text == "学习6次，研讨××次。"
    assert outline.fill_slot(nested.id, "3") is True
    assert outline.fill_slot(nested.id, "3") is False
    outline.fill_next_slot("××县", None)  # filling with a slot is allowed
    assert outline.unfilled_slots()[0].item_id == outline.opening[0].id


def test_revision_counts_changes() -> None:
    outline = Outline()
    revision = outline.revision
    outline.add_part("甲")
    outline.edit(outline.parts[0].id, "甲")  # no change: no step, no revision
    assert outline.revision == revision + 1
    outline.undo()
    assert outline.revision == revision + 2


# A random walk over operations, each applied to a drawn item: undoing all of it gives back the start,
# redoing gives the end; a refused operation changes nothing and records no step.


def _nth(items: list[Item], pick: int) -> Item:
    """The `pick`-th item, wrapping; a refusal when there are none (like the outline's own refusals)."""
    if not items:
        raise OutlineError("没有可选的条目")
    return items[pick % len(items)]


def _points(outline: Outline) -> list[Item]:
    return [item for item in outline.body if item.level > 1]


RANDOM_OPERATIONS: dict[str, Callable[[Outline, int], object]] = {
    "add_child": lambda o, n: o.add_child(_nth(o.body, n).id, f"新要点{n}"),
    "add_part": lambda o, n: o.add_part(f"新部分{n}", index=n % 5),
    "insert_after": lambda o, n: o.insert_after(_nth(o.body, n).id, f"插入{n}"),
    "insert_before": lambda o, n: o.insert_before(_nth(o.parts, n).id, f"前插{n}"),
    "edit": lambda o, n: o.edit(_nth(list(o.items()), n).id, f"改{n}"),
    "delete": lambda o, n: o.delete(_nth(list(o.items()), n).id),
    "move_up": lambda o, n: o.move_up(_nth(o.body, n).id),
    "move_down": lambda o, n: o.move_down(_nth(o.body, n).id),
    "promote": lambda o, n: o.promote(_nth(_points(o), n).id),
    "demote": lambda o, n: o.demote(_nth(o.body, n).id),
    "move_to_part": lambda o, n: o.move_to_part(_nth(_points(o), n).id, _nth(o.parts, n // 3).id),
    "add_paragraph": lambda o, n: o.add_paragraph("opening" if n % 2 else "closing", f"段落{n}"),
    "fill_next_slot": lambda o, n: o.fill_next_slot(str(n), _nth(list(o.items()), n).id),
    "cut": lambda o, n: o.cut(_nth(list(o.items()), n).id),
    "paste": lambda o, n: o.paste(o.subtree(_nth(o.body, n).id), _nth(list(o.items()), n // 2).id),
}

_STEPS = st.lists(st.tuples(st.sampled_from(sorted(RANDOM_OPERATIONS)), st.integers(0, 40)), min_size=1, max_size=15)


@settings(max_examples=60, deadline=None)
@given(_STEPS)
def test_random_sequences_undo_and_redo_exactly(steps: list[tuple[str, int]]) -> None:
    outline = _fixture()
    start = state(outline)
    done = 0
    for name, pick in steps:
        before, before_revision = state(outline), outline.revision
        try:
            RANDOM_OPERATIONS[name](outline, pick)
        except OutlineError:
            assert state(outline) == before and outline.revision == before_revision  # refused: nothing changed
            continue
        if outline.revision != before_revision:
            done += 1
    end = state(outline)
    for _ in range(done):
        assert outline.undo()
    assert state(outline) == start and not outline.can_undo
    for _ in range(done):
        assert outline.redo()
    assert state(outline) == end and not outline.can_redo


# Moving across parts (org-mode's rule) and cut / paste, on the outline of seed 000.


def _paths(outline: Outline) -> list[tuple[str, str]]:
    return [(entry.path, entry.item.text) for entry in outline.numbered()]


def test_first_point_moves_up_to_the_end_of_the_previous_part_and_back() -> None:
    outline = _fixture()
    before = state(outline)
    point = _point(outline, 1, 0)  # 二、（一）动员部署勇争先。
    outline.move_up(point.id)
    assert outline.part_of(point.id).id == outline.parts[0].id
    assert outline.children(outline.parts[0].id)[-1].id == point.id
    assert ("一、（四）", "动员部署勇争先。") in _paths(outline)
    assert [p.text for p in outline.children(outline.parts[1].id)] == ["靶向监督提效能。", "深入基层创特色。"]
    outline.move_down(point.id)  # the last point of 一、 goes to the start of 二、
    assert state(outline) == before
    assert outline.undo() and outline.part_of(point.id).id == outline.parts[0].id  # each move one step
    assert outline.undo() and state(outline) == before


def test_a_point_moves_with_everything_under_it_and_keeps_its_level() -> None:
    outline = _fixture()
    first = _point(outline, 0, 0)  # （一）丰富学习强思想 with its 1.
    outline.move_up(_point(outline, 1, 0).id)
    outline.move_up(outline.children(outline.parts[0].id)[-1].id)
    outline.move_down(_point(outline, 3, 0).id)
    outline.move_up(_point(outline, 3, 0).id)  # swapping with a sibling is as before
    outline.move_down(first.id)
    outline.move_down(first.id)
    outline.move_down(first.id)
    outline.move_down(first.id)  # from the last place of 一、 to the first of 二、
    assert [e.path for e in outline.numbered() if e.item.id == first.id] == ["二、（一）"]
    assert outline.children(first.id)[0].text == "学习××次，研讨××次。"
    assert outline.find(outline.children(first.id)[0].id).level == 3


def test_a_deeper_point_crosses_into_the_neighbour_of_its_parent() -> None:
    outline = _fixture()
    nested = outline.children(_point(outline, 0, 0).id)[0]  # 一、（一）1.
    outline.move_down(nested.id)
    assert _paths(outline)[2:4] == [("一、（二）", "强化培训练业务，让能力“提”起来。"),
                                    ("一、（二）1.", "学习××次，研讨××次。")]
    outline.move_down(nested.id)
    outline.move_down(nested.id)  # past 二、: the first （一） of the next part
    assert outline.parent(nested.id).text == "动员部署勇争先。"
    assert outline.find(nested.id).level == 3
    outline.move_up(nested.id)  # back to the end of the last （三） of 一、
    assert outline.parent(nested.id).text == "严格管理定目标，让党员“干”起来。"


def test_moving_refuses_only_at_the_ends() -> None:
    outline = _fixture()
    before = state(outline)
    cases = [
        (lambda: outline.move_up(_point(outline, 0, 0).id), "前面没有可以移入的部分"),
        (lambda: outline.move_down(_point(outline, 3, 2).id), "后面没有可以移入的部分"),
        (lambda: outline.move_up(outline.parts[0].id), "已经是同级第一项"),
        (lambda: outline.move_down(outline.parts[-1].id), "已经是同级最后一项"),
    ]
    for move, words in cases:
        with pytest.raises(OutlineError, match=words):
            move()
        assert state(outline) == before
    nested = outline.children(_point(outline, 0, 0).id)[0]
    with pytest.raises(OutlineError, match="前面没有可以移入的二级条目"):
        outline.move_up(nested.id)
    assert not outline.can_undo


def test_cut_and_paste_a_part_after_a_point() -> None:
    outline = _fixture()
    before = state(outline)
    cut = outline.cut(outline.parts[1].id)
    assert [(item.level, item.text) for item in cut] == [
        (1, "围绕中心，做服务发展的表率，着力打造坚强有力的“权力机关”"),
        (2, "动员部署勇争先。"), (2, "靶向监督提效能。"), (2, "深入基层创特色。"),
    ]
    assert cut[0].organ == "权力机关"
    assert [part.organ for part in outline.parts] == ["政治机关", "工作机关", "代表机关"]
    assert outline.undo() and state(outline) == before  # cutting is one step
    assert outline.redo()
    target = _point(outline, 0, 0)
    first = outline.paste(cut, target.id)  # after （一） and its 1.: a （二） with 1. 2. 3. under it
    rows = _paths(outline)
    assert rows[3:7] == [
        ("一、（二）", "围绕中心，做服务发展的表率，着力打造坚强有力的“权力机关”"),
        ("一、（二）1.", "动员部署勇争先。"), ("一、（二）2.", "靶向监督提效能。"), ("一、（二）3.", "深入基层创特色。"),
    ]
    assert outline.find(first).organ is None  # a 机关 belongs to a part, and this is a point now
    again = outline.paste(cut, target.id)  # pasting twice: fresh ids every time
    ids = [item.id for item in outline.items()]
    assert len(ids) == len(set(ids)) and again != first
    assert {item.id for item in cut}.isdisjoint(ids)
    assert outline.undo() and outline.undo() and outline.undo()
    assert state(outline) == before


def test_paste_places_by_where_it_is_pasted() -> None:
    outline = _fixture()
    nested = outline.cut(outline.children(_point(outline, 0, 0).id)[0].id)
    point = outline.cut(_point(outline, 2, 1).id)  # 三、（二）“老将”新征激活力。
    first = outline.paste(point, None)  # at the start of the body: a part
    assert outline.body[0].id == first and outline.body[0].level == 1
    outline.undo()
    outline.paste(point, outline.opening[0].id)  # after an opening paragraph: the same
    assert outline.body[0].level == 1 and outline.body[0].text == "“老将”新征激活力。"
    outline.undo()
    at_end = outline.paste(point, outline.closing[0].id)  # after a closing paragraph: end of the body
    assert outline.body[-1].id == at_end and outline.body[-1].level == 2
    outline.undo()
    deep = outline.paste(nested + point, _point(outline, 3, 0).id)  # 1. then （二）: depth kept below 1.
    assert [outline.find(deep).level] + [item.level for item in outline.body if item.text == point[0].text] == [2, 1]
    outline.undo()
    with pytest.raises(OutlineError, match="标题不能剪切"):
        outline.cut("title")
    with pytest.raises(OutlineError, match="称谓不能剪切"):
        outline.cut("salutation")
    with pytest.raises(OutlineError, match="没有可粘贴"):
        outline.paste([], None)


def test_paragraphs_cut_and_pasted_stay_paragraphs() -> None:
    outline = _fixture()
    closing = outline.cut(outline.closing[1].id)  # 汇报完毕，谢谢大家！
    assert closing[0].level == 0
    outline.paste(closing, outline.opening[0].id)
    assert [item.text for item in outline.opening][-1] == "汇报完毕，谢谢大家！"
    outline.paste(closing, "salutation")  # at the start of the opening
    assert outline.opening[0].text == "汇报完毕，谢谢大家！"
    point = outline.paste(closing, outline.parts[3].id)  # after a part: a part after its points
    assert outline.find(point).level == 1 and outline.parts[-1].id == point
    assert len(outline.closing) == 1
    outline.paste(closing, CLOSING)  # the closing as a whole (the editor's group line): its start
    assert outline.closing[0].text == "汇报完毕，谢谢大家！"
    at_end = outline.paste(outline.subtree(outline.parts[0].id)[1:2], CLOSING)  # a point: end of the body
    assert outline.body[-1].id == at_end and outline.body[-1].level == 2
    first = outline.paste(outline.subtree(outline.parts[0].id)[1:2], OPENING)  # a point: the first part
    assert outline.body[0].id == first and outline.body[0].level == 1
