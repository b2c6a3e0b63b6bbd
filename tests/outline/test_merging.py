"""Merging an editor's changes with what others saved to the same outline meanwhile, item by item."""
from __future__ import annotations

from phrasebank.outline.items import Item
from phrasebank.outline.merging import merge_states
from phrasebank.outline.model import Outline
from phrasebank.outline.sharing import outline_of


def speech() -> Outline:
    return Outline(
        title="在全市人大机关建设推进会上的发言",
        salutation="尊敬的××主任，各位领导，同志们：",
        opening=[Item("今年以来，市人大常委会机关坚持以习近平新时代中国特色社会主义思想为指导。", id="o1")],
        body=[
            Item("坚持党的领导，建设对党忠诚的“政治机关”", 1, organ="政治机关", id="part1"),
            Item("落实“第一议题”制度", 2, id="p11"),
            Item("一年来共组织集中学习××次", 2, id="p12"),
            Item("坚持服务发展，建设依法履职的“权力机关”", 1, organ="权力机关", id="part2"),
            Item("聚焦中心大局开展监督", 2, id="p21"),
        ],
        structure_id="si-ge-jiguan",
    )


def texts(outline: Outline) -> list[str]:
    return [item.text for item in outline.items()]


def test_additions_on_both_sides_are_all_kept_where_each_was_made() -> None:
    base, ours, theirs = speech(), speech(), speech()
    ours.add_child("part1", "健全党组理论学习中心组学习制度")
    theirs.add_child("part2", "持续跟踪监督审计查出问题整改")
    theirs.add_paragraph("closing", "谢谢大家！")
    merge = merge_states(base.snapshot(), ours.snapshot(), theirs.snapshot())
    merged = outline_of(merge.state)
    assert merge.conflicts == []
    assert [e.label + e.item.text for e in merged.numbered()] == [
        "一、坚持党的领导，建设对党忠诚的“政治机关”", "（一）落实“第一议题”制度", "（二）一年来共组织集中学习××次",
        "（三）健全党组理论学习中心组学习制度", "二、坚持服务发展，建设依法履职的“权力机关”",
        "（一）聚焦中心大局开展监督", "（二）持续跟踪监督审计查出问题整改",
    ]
    assert [item.text for item in merged.closing] == ["谢谢大家！"]


def test_an_edit_on_one_side_and_a_deletion_on_the_other_both_apply() -> None:
    base, ours, theirs = speech(), speech(), speech()
    ours.edit("p12", "一年来共组织集中学习12次")
    theirs.delete("p21")
    merged = outline_of(merge_states(base.snapshot(), ours.snapshot(), theirs.snapshot()).state)
    assert "一年来共组织集中学习12次" in texts(merged)
    assert "聚焦中心大局开展监督" not in texts(merged)


def test_an_item_both_sides_rewrote_is_kept_in_both_versions_and_reported() -> None:
    base, ours, theirs = speech(), speech(), speech()
    ours.edit("p11", "严格落实“第一议题”制度")
    theirs.edit("p11", "认真落实“第一议题”学习制度")
    merge = merge_states(base.snapshot(), ours.snapshot(), theirs.snapshot())
    merged = outline_of(merge.state)
    points = [item.text for item in merged.subtree("part1")][1:]
    assert points[:2] == ["严格落实“第一议题”制度", "认真落实“第一议题”学习制度"]
    assert len(merge.conflicts) == 1 and "两个版本都保留" in merge.conflicts[0]


def test_an_item_deleted_on_one_side_but_edited_on_the_other_keeps_the_edit() -> None:
    base, ours, theirs = speech(), speech(), speech()
    ours.delete("p12")
    theirs.edit("p12", "一年来共组织集中学习24次")
    merge = merge_states(base.snapshot(), ours.snapshot(), theirs.snapshot())
    assert "一年来共组织集中学习24次" in texts(outline_of(merge.state))
    assert merge.conflicts and "保留了修改后的版本" in merge.conflicts[0]


def test_a_title_both_sides_rewrote_keeps_ours_and_moves_theirs_to_the_opening() -> None:
    base, ours, theirs = speech(), speech(), speech()
    ours.set_title("在市人大常委会机关建设推进会上的讲话")
    theirs.set_title("在全市人大系统机关建设会议上的发言")
    merge = merge_states(base.snapshot(), ours.snapshot(), theirs.snapshot())
    merged = outline_of(merge.state)
    assert merged.title.text == "在市人大常委会机关建设推进会上的讲话"
    assert merged.opening[0].text == "在全市人大系统机关建设会议上的发言"
    assert merge.conflicts and merge.conflicts[0].startswith("标题两边都改了")


def test_a_move_on_one_side_survives_an_addition_on_the_other() -> None:
    base, ours, theirs = speech(), speech(), speech()
    ours.move_down("p11")
    theirs.add_child("part2", "开展专题询问")
    merged = outline_of(merge_states(base.snapshot(), ours.snapshot(), theirs.snapshot()).state)
    assert [item.text for item in merged.subtree("part1")][1:] == ["一年来共组织集中学习××次", "落实“第一议题”制度"]
    assert [item.text for item in merged.subtree("part2")][1:] == ["聚焦中心大局开展监督", "开展专题询问"]


def test_nothing_changed_on_one_side_gives_the_other_exactly() -> None:
    base, ours = speech(), speech()
    ours.add_part("坚持守正创新，建设务实高效的“工作机关”", organ="工作机关")
    assert merge_states(base.snapshot(), ours.snapshot(), base.snapshot()).state == ours.snapshot()
    assert merge_states(base.snapshot(), base.snapshot(), ours.snapshot()).state == ours.snapshot()
