"""Near-duplicate grouping, directly: one word changed, added or dropped makes a variant; less alike does not."""
from __future__ import annotations

from phrasebank.mining.tokens import cut
from phrasebank.mining.variants import group_variants


def rows(*entries: tuple[int, str, str, int]) -> list[tuple[int, str, str, str, int]]:
    """(id, kind, text, count) → the rows grouping reads, tokens cut as mining cuts them."""
    return [(phrase_id, kind, text, " ".join(cut(text)), count) for phrase_id, kind, text, count in entries]


def test_one_word_substituted_added_or_dropped_is_a_variant_of_the_most_used() -> None:
    groups = group_variants(rows(
        (1, "sentence", "全面加强人大常委会机关自身建设工作。", 2),
        (2, "sentence", "全面推进人大常委会机关自身建设工作。", 5),  # one word substituted
        (3, "sentence", "全面加强人大常委会机关建设工作。", 1),  # one word dropped
        (4, "sentence", "全面加强人大常委会机关自身建设各项工作。", 1),  # one word added
    ))
    assert groups == {1: 2, 2: 2, 3: 2, 4: 2}


def test_different_kinds_short_phrases_and_two_words_apart_stay_apart() -> None:
    groups = group_variants(rows(
        (1, "sentence", "全面加强人大常委会机关自身建设工作。", 2),
        (2, "point", "全面推进人大常委会机关自身建设工作。", 5),  # another kind
        (3, "point", "坚持学习带动", 3),
        (4, "point", "坚持典型带动", 3),  # parallel points, too short to be variants
        (5, "sentence", "全面推进人大常委会机关建设各项工作。", 1),  # two words apart from 1
    ))
    assert groups == {}


def test_ties_go_to_the_shorter_then_the_older_phrase() -> None:
    groups = group_variants(rows(
        (8, "heading", "持续深化代表联络站规范化建设", 1),
        (3, "heading", "持续深化代表联络站标准化规范化建设", 1),
    ))
    assert groups == {8: 8, 3: 8}
