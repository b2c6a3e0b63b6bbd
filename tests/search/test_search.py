"""Search on the seed bank: every query form finds the expected phrase in the top 3."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from helpers import SEED_001, SEED_002

from phrasebank.cli.output import window
from phrasebank.search.pinyin import parse_letters
from phrasebank.search.query import TIERS
from phrasebank.text.width import cell_width


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
    hits = seed_index.search("政治", limit=60)
    tiers = [hit.tier for hit in hits]
    assert {"prefix", "substring"} <= set(tiers)
    assert tiers == sorted(tiers, key=TIERS.index)  # every prefix hit comes before every substring hit
    assert all(hit.text.startswith("政治") for hit in hits if hit.tier == "prefix")
    assert all("政治" in hit.text[1:] and not hit.text.startswith("政治") for hit in hits if hit.tier == "substring")
    # within a tier, more frequent first
    for tier in ("prefix", "substring"):
        counts = [hit.count for hit in hits if hit.tier == tier]
        assert counts == sorted(counts, reverse=True), tier


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
    in_doc = seed_index.search("三联三助", phrase_ids=seed_bank.phrase_ids_of_document(doc_004.id),
                               doc_ids={doc_004.id}, limit=3)
    assert in_doc[0].text == "三联三助"
    doc_000 = next(doc for doc in seed_bank.documents() if doc.name.startswith("000"))
    assert seed_index.search("三联三助", phrase_ids=seed_bank.phrase_ids_of_document(doc_000.id),
                             doc_ids={doc_000.id}, limit=3) == []


def test_empty_query_with_filters_lists_by_frequency(seed_index) -> None:
    formulas = seed_index.search("", kind="formula", limit=5)
    assert next(hit.text for hit in formulas) == "十项行动"
    counts = [hit.count for hit in formulas]
    assert counts == sorted(counts, reverse=True)


def test_boost_moves_the_organ_of_the_current_part_up(seed_index) -> None:
    plain = seed_index.search("建设", limit=50)
    boosted = seed_index.search("建设", boost_organ="代表机关", limit=50)
    first_tier = boosted[0].tier
    leading = [hit for hit in boosted if hit.tier == first_tier]
    assert "代表机关" in leading[0].organs
    assert [hit.text for hit in plain] != [hit.text for hit in boosted]


def test_unlimited_search_finds_every_substring_hit(seed_bank, seed_index) -> None:
    entries = [(row[0], row[2]) for row in seed_bank.phrase_rows() if row[7]]  # searchable: heading their group
    for query in ["人大", "监督", "代表", "党的", "高质量", "一"]:
        expected = {phrase_id for phrase_id, text in entries if query in text}
        hits = seed_index.search(query, limit=None, paragraphs=False)
        assert {hit.phrase_id for hit in hits if hit.tier in ("exact", "prefix", "substring")} == expected, query


def test_pinyin_queries_parse_without_pypinyin(seed_index) -> None:
    """Parsing uses the syllable table stored in the index; pypinyin is never asked at query time."""
    prefixes = seed_index.view.syllables
    assert ["zheng", "zhi", "ji", "guan"] in parse_letters("zhengzhijiguan", prefixes)
    assert ["l", "g", "w", "h"] in parse_letters("lgwh", prefixes)
    assert ["xi", "an"] in parse_letters("xian", prefixes) and ["xian"] in parse_letters("xian", prefixes)


QUERY_WITHOUT_PYPINYIN = """
import sys
from pathlib import Path

from phrasebank.search.index import IndexFolder
from phrasebank.search.query import SearchIndex

folder = IndexFolder(Path(sys.argv[1]), sys.argv[2])
index = SearchIndex(folder.load(folder.manifest()))
texts = [index.search(query, limit=3)[0].text for query in ("lgwh", "zhengzhijiguan", "zz机关", "两个维户")]
print(texts)
print("pypinyin" in " ".join(sys.modules))
"""


def test_a_query_neither_imports_nor_calls_pypinyin(seed_bank) -> None:
    """A fresh process loads the saved index and runs pinyin queries: pypinyin is never imported
    (so it cannot have been called either) — the readings live in the index."""
    from phrasebank.bank.indexing import index_path

    result = subprocess.run([sys.executable, "-c", QUERY_WITHOUT_PYPINYIN, str(index_path(seed_bank.path)),
                             seed_bank.bank_id],
                            capture_output=True, text=True, check=True)
    texts, imported = result.stdout.splitlines()
    assert texts == str(["两个维护", "政治机关", "政治机关", "两个维护"])
    assert imported == "False"


def test_search_cli_json_and_table(run_cli) -> None:
    result = run_cli("search", "lgwh", "--json", "--limit", "3")
    assert result.code == 0, result.err
    items = json.loads(result.out)
    assert items[0]["text"] == "两个维护" and items[0]["spans"] == [[0, 4]]
    assert {"id", "text", "kind", "organs", "count", "docs", "sources", "score", "spans"} <= set(items[0])
    found = json.loads(run_cli("search", "监督效", "--kind", "point", "--limit", "3", "--json").out)
    table = run_cli("search", "监督效", "--kind", "point", "--limit", "3")
    lines = table.out.splitlines()
    assert "靶向监督提效能" in table.out and len(lines) == 1 + len(found)
    # the phrase column starts at the same terminal cell in the header and on every row
    header_cells = cell_width(lines[0][: lines[0].index("短语")])
    for item, line in zip(found, lines[1:], strict=True):
        shown, _ = window(item["text"], item["spans"])  # long texts are shown around their match
        assert cell_width(line[: line.index(shown[:4])]) == header_cells, line
    none = run_cli("search", "完全不存在的说法哈哈")
    assert none.code == 0 and "没有找到" in none.out


def test_wording_in_no_phrase_is_found_in_the_paragraph_that_holds_it(run_cli, seed_index) -> None:
    # (民有所呼 served here until issue 12 made 民有所呼、我有所应 a mined couplet.)
    assert not seed_index.search("聚焦发力", paragraphs=False)  # no mined phrase holds it
    items = json.loads(run_cli("search", "聚焦发力", "--json").out)
    assert all(item["kind"] == "paragraph" for item in items)  # seed 002 holds it
    sentence = next(item for item in items if item["doc"].startswith("002_"))
    assert "紧扣中心、服务大局" in sentence["text"]
    assert sentence["line"] == 2 and sentence["id"] is None
    start, end = sentence["spans"][0]
    assert sentence["text"][start:end] == "聚焦发力"
    assert sentence["text"] in sentence["paragraph"]
    assert sentence["paragraph"][sentence["column"] :].startswith(sentence["text"])  # the cleaned paragraph
    assert "紧扣中心、服务大局" in SEED_002.read_text(encoding="utf-8").splitlines()[1]  # line 2 of the file
    table = run_cli("search", "民有所呼")
    assert "原文" in table.out and "民有所呼" in table.out


def test_words_in_any_order_find_paragraph_sentences(seed_index) -> None:
    hits = seed_index.search("我有所应 民有所呼")
    sentence = next(hit for hit in hits if hit.kind == "paragraph")
    assert sentence.tier == "words" and "民有所呼、我有所应" in sentence.text
    assert {sentence.text[start:end] for start, end in sentence.spans} == {"民有所呼", "我有所应"}


@pytest.mark.parametrize("query", ["哒哒", "哒哒素材库", "svip会员", "代笔客服", "每天更新材料1000多篇"])
def test_what_cleaning_removed_is_never_found(seed_index, query: str) -> None:
    assert "哒哒素材库" in SEED_001.read_text(encoding="utf-8")  # the ad is in the seed file
    assert seed_index.search(query, limit=None) == []


@pytest.mark.parametrize("query", ["人大代表", "监督", "代表 联系", "政治机关"])
def test_paragraph_hits_come_after_phrases_and_never_push_one_out(seed_index, query: str) -> None:
    for limit in (5, 40):
        phrases = seed_index.search(query, limit=limit, paragraphs=False)
        everything = seed_index.search(query, limit=limit)
        assert everything[: len(phrases)] == phrases
        assert all(hit.kind == "paragraph" for hit in everything[len(phrases) :])


def test_a_pasted_paragraph_finds_its_sentences_and_the_phrases_of_its_clauses(seed_bank, seed_index) -> None:
    paragraph = max((text for _, _, text in seed_bank.paragraph_rows()), key=len)
    pasted = (paragraph * (3000 // len(paragraph) + 1))[:3000]
    hits = seed_index.search(pasted, limit=50)
    assert any(hit.text in paragraph and len(hit.text) >= 10 for hit in hits)  # its own sentences
    for hit in hits:  # and every hit holds a clause of it, marked
        assert hit.spans and all(hit.text[start:end] in pasted for start, end in hit.spans), hit
    assert seed_index.search(pasted[:61], limit=5)  # just over the length searched by clauses


def test_a_pasted_paragraph_with_words_found_nowhere_still_finds_its_known_clauses(seed_bank, seed_index) -> None:
    """Clauses holding a character pair no entry has can match nothing: they give way to the others."""
    paragraph = max((text for _, _, text in seed_bank.paragraph_rows()), key=len)
    known = next(clause for clause in re.split(r"[，。；：！？、]", paragraph) if len(clause) >= 8)
    strange = "，".join(["氪氙氡钋砹镭锕钍镤铀镎钚镅锔锫锎锿镄钔锘铹"[i:i + 6] for i in range(0, 18, 2)])
    pasted = f"{strange}，{known}，{strange}。"
    assert len(pasted) > 60  # searched by clauses
    hits = seed_index.search(pasted, limit=20)
    assert any(known in hit.text for hit in hits)
