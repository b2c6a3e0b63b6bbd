"""The seed corpus ships unchanged and is described by its manifest."""
from __future__ import annotations

import hashlib

from phrasebank.bank.seeds import seed_documents
from phrasebank.bank.store import Bank
from phrasebank.documents.parse import parse_file
from phrasebank.search.query import SearchIndex


def test_manifest_lists_the_five_seeds_with_their_unchanged_bytes() -> None:
    documents = seed_documents()
    assert [doc.path.name[:3] for doc in documents] == ["000", "001", "002", "003", "004"]
    for doc in documents:
        assert hashlib.sha256(doc.path.read_bytes()).hexdigest() == doc.sha256, doc.path.name
        assert doc.genre in {"讲话", "发言", "工作报告", "情况报告"}
        assert doc.level in {"县", "市", "区"}
        assert doc.title and doc.structure


def test_manifest_titles_agree_with_the_documents() -> None:
    by_number = {doc.path.name[:3]: doc for doc in seed_documents()}
    assert parse_file(by_number["001"].path).title.text == by_number["001"].title
    assert "三联三助" in by_number["004"].title


def test_manifest_structures_are_built_in_structures() -> None:
    from phrasebank.outline.structures import builtin_structures

    known = {structure.id for structure in builtin_structures()}
    assert {doc.structure for doc in seed_documents()} <= known


def test_the_bank_stores_every_seed_under_its_manifest_title(seed_bank: Bank) -> None:
    titles = {doc.path.name: doc.title for doc in seed_documents()}
    stored = {doc.name: doc.title for doc in seed_bank.documents() if doc.builtin}
    assert stored == titles


def test_a_sentence_hit_and_its_preview_name_seed_003_by_its_title(seed_bank: Bank, seed_index: SearchIndex) -> None:
    from tui.bank_service import BankService, SearchRequest

    title = next(doc.title for doc in seed_documents() if doc.path.name.startswith("003_"))
    service = BankService(seed_bank.path)
    service.open()
    try:
        outcome = service.search(SearchRequest("新年就要有新气象"))
        hit = next(hit for hit in outcome.hits if hit.kind == "paragraph")
        assert outcome.sources[hit.doc_id] == title
        preview = service.preview(hit)
        assert preview is not None and preview.document_title == title
    finally:
        service.close()
