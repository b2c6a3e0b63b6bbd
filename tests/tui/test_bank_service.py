"""The bank as the UI uses it, without the UI: open once, search with the part's organ, preview, close."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from phrasebank.bank.store import Bank
from tui.bank_service import BankService, SearchRequest


def test_opening_searching_and_previewing(seed_bank_path: Path, seed_bank: Bank) -> None:
    service = BankService(seed_bank_path)
    assert not service.ready and not service.will_build()
    assert service.search(SearchRequest("lgwh")).hits == []  # not open yet: nothing, no error
    phrases, seconds = service.open()
    assert service.ready and phrases == seed_bank.phrase_count() and seconds >= 0
    assert service.open()[0] == phrases  # opening again reuses what is open
    hits = service.search(SearchRequest("lgwh", kind="formula")).hits
    assert hits[0].text == "两个维护" and all(hit.kind == "formula" for hit in hits)
    preview = service.preview(hits[0])
    assert preview is not None and preview.text == "两个维护" and "两个维护" in preview.paragraph
    assert preview.document.endswith(".txt") and preview.document_title and preview.more_sources >= 0
    assert service.preview(replace(hits[0], phrase_id=10**9)) is None
    service.close()
    assert not service.ready and service.preview(hits[0]) is None


def test_a_sentence_of_the_archive_shows_with_its_document_and_paragraph(seed_bank_path: Path) -> None:
    service = BankService(seed_bank_path)
    service.open()
    outcome = service.search(SearchRequest("民有所呼"))
    sentence = next(hit for hit in outcome.hits if hit.kind == "paragraph")
    assert not outcome.sources[sentence.doc_id].endswith(".txt")  # the document's title, not its file name
    preview = service.preview(sentence)
    assert preview is not None and preview.kind == "paragraph" and preview.line == sentence.line
    assert "民有所呼、我有所应" in preview.text and preview.text in preview.paragraph
    assert preview.document.endswith(".txt") and preview.document_title == outcome.sources[sentence.doc_id]
    service.close()


def test_the_organ_of_the_part_filters_and_widens_when_it_leaves_nothing(seed_bank_path: Path) -> None:
    service = BankService(seed_bank_path)
    service.open()
    following = SearchRequest("", organ="权力机关", boost_organ="权力机关", organ_from_part=True)
    assert all("权力机关" in hit.organs for hit in service.search(following).hits)
    widened = service.search(SearchRequest("代表联络站", organ="政治机关", organ_from_part=True))
    assert widened.hits and "没有匹配" in widened.note  # the cursor's organ had nothing: all organs, said so
    chosen = service.search(SearchRequest("代表联络站", organ="政治机关", organ_from_part=False))
    assert chosen.hits == [] and chosen.note == ""  # a filter the writer chose is kept
    service.close()


def test_the_kind_the_cursor_set_widens_too_when_it_leaves_nothing(seed_bank_path: Path) -> None:
    service = BankService(seed_bank_path)
    service.open()
    on_salutation = service.search(SearchRequest("两个维护", kind="salutation", kind_from_cursor=True))
    assert on_salutation.hits and on_salutation.hits[0].text == "两个维护"
    assert on_salutation.note == "称谓没有匹配，已扩大到全部类型。"
    both = service.search(SearchRequest("代表联络站", kind="closing", kind_from_cursor=True, organ="政治机关",
                                        organ_from_part=True))
    assert both.hits and both.note == "结尾、政治机关没有匹配，已扩大到全部类型、全部机关。"
    chosen = service.search(SearchRequest("两个维护", kind="salutation"))
    assert chosen.hits == [] and chosen.note == ""  # a kind the writer picked is kept
    service.close()


def test_searches_and_previews_from_several_threads_share_one_bank_safely(seed_bank_path: Path) -> None:
    service = BankService(seed_bank_path)
    service.open()
    queries = ["lgwh", "政治机关", "代表", "zz机关", "监督效", "两个维户"] * 5

    def work(query: str) -> int:
        hits = service.search(SearchRequest(query)).hits
        for hit in hits[:3]:
            assert service.preview(hit) is not None
        return len(hits)

    with ThreadPoolExecutor(4) as pool:
        assert all(count > 0 for count in pool.map(work, queries))
    service.close()
