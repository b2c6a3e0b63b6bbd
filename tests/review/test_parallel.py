"""Parallel headings said in words, repeated wording found with both places, slots counted once."""
from __future__ import annotations

import random
import time

from helpers import build_seed_000

from phrasebank.export.blocks import slot_warnings
from phrasebank.outline.items import Item
from phrasebank.outline.model import Outline
from phrasebank.review.checks import check_outline, sibling_groups
from phrasebank.review.duplicates import find_repeats
from phrasebank.review.headings import Heading, compare_siblings

SEED_003 = ["坚持党的领导，建设对党忠诚的“政治机关”", "坚持服务发展，建设依法履职的“权力机关”",
            "坚持人民至上，建设践行宗旨的“代表机关”", "坚持强基固本，建设务实担当的“工作机关”"]
LONG = ("人大常委会党组坚持把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务，"
        "全年召开党组理论学习中心组学习12次。")


def part_with(points: list[str], heading: str = "坚持人民至上，建设践行宗旨的“代表机关”") -> Outline:
    return Outline(body=[Item(heading, 1, id="part"), *(Item(text, 2, id=f"p{i}") for i, text in enumerate(points))])


def parallel_findings(outline: Outline) -> list[tuple[str, str, str, str | None]]:
    return [(f.code, f.where, f.message, f.item_id) for f in check_outline(outline).findings
            if f.code in ("not-parallel", "length")]


def test_a_point_much_shorter_than_its_siblings() -> None:
    outline = part_with(["健全完善代表联络站运行机制", "规范代表建议办理工作流程", "提升代表活动实效性",
                         "加强代表履职学习培训工作"])
    assert parallel_findings(outline) == [
        ("length", "一、（三）", "一、下的二级标题中，（三）共 9 字，其余 12–13 字。", "p2"),
    ]


def test_a_part_heading_that_does_not_open_like_the_others() -> None:
    headings = [*SEED_003]
    headings[1] = "围绕中心大局，建设依法履职的“权力机关”"
    outline = Outline(body=[Item(text, 1) for text in headings])
    assert [f[1:3] for f in parallel_findings(outline)] == [
        ("二、", "一级标题中，二、开头是“围绕”，其余都以“坚持”开头。"),
    ]
    differences = compare_siblings([Heading(f"{i}、", text) for i, text in enumerate(headings)])
    assert [(d.index, d.feature) for d in differences] == [(1, "opening")]


def test_a_one_clause_point_among_two_clause_lead_sentences() -> None:
    outline = part_with(["丰富学习强思想，让学习“高”起来。", "强化培训练业务，让能力“提”起来。",
                         "加强作风建设。", "严格管理定目标，让党员“干”起来。"])
    ((code, where, message, item_id),) = parallel_findings(outline)
    assert (code, where, item_id) == ("not-parallel", "一、（三）", "p2")
    assert message == (
        "一、下的二级标题中，（三）共 6 字，其余都是 13 字；结尾是“建设”，其余都以“起来”结尾；"
        "只有一句，其余都是两句（如（一）“丰富学习强思想，让学习‘高’起来”）。"
    )


def test_a_shared_ending_word() -> None:
    outline = part_with(["加强思想政治建设", "加强基层组织建设", "严明纪律规矩要求", "推进机关作风建设"])
    assert [f[2] for f in parallel_findings(outline)] == [
        "一、下的二级标题中，（三）结尾是“要求”，其余都以“建设”结尾。",
    ]


def test_loose_real_headings_and_the_seeds_give_nothing() -> None:
    seed_002 = ["坚持党的领导，把牢人大工作政治方向", "围绕县委决策部署，充分发挥人大依法监督作用",
                "强化载体建设，有效发挥代表主体作用", "顺应时代要求，切实加强机关自身建设", "依照政策规定，做好县乡人大换届选举工作"]
    assert compare_siblings([Heading("", text) for text in seed_002]) == []
    assert compare_siblings([Heading("", text) for text in SEED_003]) == []
    assert parallel_findings(build_seed_000()) == []
    two_against_two = ["坚持党的领导", "坚持服务发展", "围绕中心大局", "围绕民生实事"]
    assert compare_siblings([Heading("", text) for text in two_against_two]) == []


def test_sentence_length_points_get_no_parallel_hint() -> None:
    outline = part_with(["加强思想政治建设", LONG, "加强基层组织建设", "动员部署。勇争先。", "推进机关作风建设",
                         LONG.replace("12", "15")])
    assert parallel_findings(outline) == []  # 3 headings and 3 sentences: nothing to compare


def test_only_siblings_are_compared() -> None:
    """Four level-2 points in two parts are two groups of two, not one group of four."""
    outline = Outline(body=[
        Item(SEED_003[0], 1), Item("加强思想政治建设", 2), Item("加强基层组织建设", 2),
        Item(SEED_003[1], 1), Item("推进机关作风建设", 2), Item("严明纪律规矩要求", 2),
        Item(SEED_003[2], 1), Item(SEED_003[3], 1),
    ])
    groups = sibling_groups(outline.numbered())
    assert [[e.path for e in group] for group in groups] == [
        ["一、", "二、", "三、", "四、"], ["一、（一）", "一、（二）"], ["二、（一）", "二、（二）"],
    ]
    assert parallel_findings(outline) == []


def test_duplicates_are_flagged_with_both_places() -> None:
    outline = Outline(
        opening=[Item("一年来，在市委的坚强领导下，常委会机关认真履职。")],
        body=[
            Item(SEED_003[0], 1, id="part1"),
            Item("落实“第一议题”制度", 2, id="a"),
            Item("提高代表建议办理质量和实效", 2, id="b"),
            Item(SEED_003[1], 1, id="part2"),
            Item("落实 “第一议题” 制度。", 2, id="c"),  # the same, spaces and punctuation aside
            Item("提升代表建议办理质量和实效", 2, id="d"),  # one word changed
            Item("总结经验", 2, id="e", body="一年来，在市委的坚强领导下，常委会机关认真履职。"),
            Item("总结经验", 2, id="f"),  # too short to matter
        ],
    )
    findings = [(f.code, f.where, f.message, f.item_id, f.item_field) for f in check_outline(outline).findings
                if f.code.endswith("duplicate")]
    assert findings == [
        ("duplicate", "二、（一）", "一、（一）和二、（一）文字相同：“落实 ‘第一议题’ 制度。”。", "c", "text"),
        ("near-duplicate", "二、（二）",
         "一、（二）和二、（二）几乎相同（相似度 92%，前一处是“高”，后一处是“升”）：“提升代表建议办理质量和实效”。",
         "d", "text"),
        ("duplicate", "二、（三）",
         "开头第1段和二、（三）的正文文字相同：“一年来，在市委的坚强领导下，常委会机关…”。", "e", "body"),
    ]
    assert all(f.severity == "warning" for f in check_outline(outline).findings if f.code.endswith("duplicate"))


def test_repeats_of_repeats_point_at_the_first() -> None:
    texts = ["坚持党的领导，把牢政治方向", "坚持党的领导、把牢政治方向", "其他内容完全不同的一句话", "坚持党的领导把牢政治方向"]
    assert [(r.later, r.earlier, r.score) for r in find_repeats(texts)] == [(1, 0, 100.0), (3, 0, 100.0)]


def test_slots_are_counted_once_each_everywhere() -> None:
    outline = build_seed_000()
    outline.set_salutation("尊敬的××主任，同志们：")
    outline.edit(outline.children(outline.parts[1].id)[1].id, body="全年监督××项，××人次，××件。")
    outline.edit(outline.children(outline.parts[2].id)[0].id, "开展××项专题活动。")
    report, warnings = check_outline(outline), slot_warnings(outline)
    assert report.slots == warnings.slots == len(outline.unfilled_slots()) == 5
    assert report.slot_summary == warnings.headline == "还有 5 处未填空位（3 个条目）"
    assert [f.message.split("（")[0] for f in report.findings if f.code == "slot"] == [
        "有 1 处未填空位", "有 3 处未填空位", "有 1 处未填空位"]
    assert check_outline(build_seed_000()).slot_summary == ""


def test_a_300_point_outline_is_checked_quickly() -> None:
    rng = random.Random(13)
    words = ["坚持", "党的领导", "依法监督", "代表", "履职", "机关", "建设", "服务", "发展", "人民", "民主", "制度",
             "学习", "落实", "推进", "工作", "质量", "实效", "联系", "群众"]
    body: list[Item] = []
    for part in range(5):
        body.append(Item(SEED_003[part % 4], 1))
        for point in range(60):
            text = "".join(rng.choices(words, k=rng.randint(3, 12))) + ("。" if point % 3 else "")
            body.append(Item(text, 2 if point % 4 == 0 else 3, body="".join(rng.choices(words, k=30)) + "。"))
    outline = Outline(body=body)
    check_outline(outline)  # imports and the wording list load once
    start = time.perf_counter()
    check_outline(outline)
    assert time.perf_counter() - start < 2.0  # about 0.15 s on the development machine
