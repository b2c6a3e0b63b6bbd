"""Search on the seed bank: every query form finds the expected phrase in the top 3."""
from __future__ import annotations

import json

import pytest

from phrasebank.search.pinyin import parse_letters, syllable_prefixes


def top3(index, query: str, **filters) -> list[str]:
    return [hit.text for hit in index.search(query, limit=3, **filters)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("两个维护", "两个维护"),  # exact
        ("政治机", "政治机关"),  # prefix
        ("实施代表联络站", "指导实施代表联络站“三化”建设"),  # contiguous substring
        ("监督效", "靶向监督提效能"),  # characters in order with gaps
        ("两个维户", "两个维护"),  # one wrong character
        ("两个维护护", "两个维护"),  # one extra character
        ("学深悟", "学深悟透"),  # prefix of a set phrase
        ("zhengzhijiguan", "政治机关"),  # full pinyin
        ("zhengzhi", "政治机关"),  # full pinyin prefix
        ("zzjg", "政治机关"),  # initials
        ("lgwh", "两个维护"),  # initials
        ("sgyz", "四个意识"),  # initials
        ("zz机关", "政治机关"),  # initials mixed with Chinese
        ("zhengzhijg", "政治机关"),  # full pinyin mixed with initials
        ("ＬＧＷＨ", "两个维护"),  # full-width capitals from an input method
    ],
)
def test_query_forms(seed_index, query: str, expected: str) -> None:
    assert expected in top3(seed_index, query), (query, top3(seed_index, query))


def test_exact_beats_prefix_beats_substring(seed_index) -> None:
    hits = seed_index.search("两个维护", limit=10)
    assert hits[0].text == "两个维护" and hits[0].tier == "exact"
    assert [hit.tier for hit in hits] == sorted((hit.tier for hit in hits), key=["exact", "prefix", "substring", "words", "fuzzy"].index)
    prefix = seed_index.search("政治", limit=10)
    assert all(hit.text.startswith("政治") for hit in prefix if hit.tier == "prefix")
    # within a tier, more frequent first
    substring_counts = [hit.count for hit in prefix if hit.tier == "prefix"]
    assert substring_counts == sorted(substring_counts, reverse=True)


def test_polyphones_match_either_reading(seed_index) -> None:
    zhong = top3(seed_index, "zhongyao")
    chong = top3(seed_index, "chongyao")
    assert any("重要" in text for text in zhong) and any("重要" in text for text in chong)
    xing = seed_index.search("xingdong", limit=5)
    assert any("行动" in hit.text for hit in xing)
    assert any("行动" in hit.text for hit in seed_index.search("hangdong", limit=5))
    assert any("长期" in hit.text for hit in seed_index.search("changqi", limit=5))
    assert any("长期" in hit.text for hit in seed_index.search("zhangqi", limit=5))


def test_word_wise_matches_words_in_any_order(seed_index) -> None:
    texts = top3(seed_index, "建设政治机关")
    assert "强化政治机关建设" in texts
    spaced = seed_index.search("代表 联系", limit=3)
    assert spaced and all("代表" in hit.text and "联系" in hit.text for hit in spaced)


def test_spans_mark_the_matched_characters(seed_index) -> None:
    hit = seed_index.search("lgwh", limit=1)[0]
    assert hit.spans == ((0, 4),)
    gapped = next(hit for hit in seed_index.search("监督效", limit=5) if hit.text == "靶向监督提效能")
    assert [gapped.text[start:end] for start, end in gapped.spans] == ["监", "督", "效"]
    substring = next(hit for hit in seed_index.search("联络站", limit=10) if hit.text == "指导实施代表联络站“三化”建设")
    assert substring.spans == ((6, 9),)


def test_filters_by_kind_organ_and_document(seed_index, seed_bank) -> None:
    assert "两个维护" in top3(seed_index, "lgwh", kind="formula")
    assert all(hit.kind == "sentence" for hit in seed_index.search("监督", kind="sentence", limit=10))
    assert all("代表机关" in hit.organs for hit in seed_index.search("代表", organ="代表机关", limit=10))
    doc_004 = next(doc for doc in seed_bank.documents() if doc.name.startswith("004"))
    in_doc = seed_index.search("三联三助", phrase_ids=seed_bank.phrase_ids_of_document(doc_004.id), limit=3)
    assert in_doc[0].text == "三联三助"
    doc_000 = next(doc for doc in seed_bank.documents() if doc.name.startswith("000"))
    assert seed_index.search("三联三助", phrase_ids=seed_bank.phrase_ids_of_document(doc_000.id), limit=3) == []


def test_empty_query_with_filters_lists_by_frequency(seed_index) -> None:
    formulas = seed_index.search("", kind="formula", limit=5)
    assert [hit.text for hit in formulas][0] == "十项行动"
    counts = [hit.count for hit in formulas]
    assert counts == sorted(counts, reverse=True)


def test_boost_moves_the_organ_of_the_current_part_up(seed_index) -> None:
    plain = seed_index.search("建设", limit=50)
    boosted = seed_index.search("建设", boost_organ="代表机关", limit=50)
    first_tier = boosted[0].tier
    leading = [hit for hit in boosted if hit.tier == first_tier]
    assert "代表机关" in leading[0].organs
    assert [hit.text for hit in plain] != [hit.text for hit in boosted]


def test_unlimited_search_finds_every_substring_hit(seed_index) -> None:
    data = seed_index.data
    for query in ["人大", "监督", "代表", "党的", "高质量", "一"]:
        expected = {data.ids[rank] for rank in range(len(data)) if query in data.text_of(rank)}
        found = {hit.phrase_id for hit in seed_index.search(query, limit=None)}
        assert expected <= found, query


def test_pinyin_parses_without_loading_pypinyin_per_query() -> None:
    prefixes = syllable_prefixes()
    assert ["zheng", "zhi", "ji", "guan"] in parse_letters("zhengzhijiguan", prefixes)
    assert ["l", "g", "w", "h"] in parse_letters("lgwh", prefixes)
    assert ["xi", "an"] in parse_letters("xian", prefixes) and ["xian"] in parse_letters("xian", prefixes)


def test_index_is_saved_and_rebuilt_when_the_bank_changes(seed_bank, tmp_path) -> None:
    from helpers import SEED_004

    from phrasebank.bank.ingest import mine_paths
    from phrasebank.bank.lifecycle import index_path, open_bank, search_index

    with open_bank(tmp_path / "bank.sqlite", create=True) as bank:
        first = search_index(bank)
        assert first.search("三联三助") == []
        (tmp_path / "发言.txt").write_bytes(SEED_004.read_bytes())
        mine_paths(bank, [tmp_path / "发言.txt"])
        second = search_index(bank)
        assert second.search("sanlian", limit=1)[0].text == "三联三助"
        assert index_path(bank.path).exists()
        assert search_index(bank).data.generation == second.data.generation


def test_search_cli_json_and_table(run_cli) -> None:
    result = run_cli("search", "lgwh", "--json", "--limit", "3")
    assert result.code == 0, result.err
    items = json.loads(result.out)
    assert items[0]["text"] == "两个维护" and items[0]["spans"] == [[0, 4]]
    assert {"id", "text", "kind", "organs", "count", "docs", "sources", "score", "spans"} <= set(items[0])
    table = run_cli("search", "监督效", "--kind", "point", "--limit", "3")
    assert "靶向监督提效能" in table.out
    lines = table.out.splitlines()
    from phrasebank.text.width import cell_width

    header_cells = cell_width(lines[0].split("短语")[0])
    assert all(cell_width(line[: line.index(text)]) == header_cells for line in lines[1:] for text in [line.split()[-1][:2]] if text in line)
    none = run_cli("search", "完全不存在的说法哈哈")
    assert none.code == 0 and "没有找到" in none.out
