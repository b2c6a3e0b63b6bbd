"""The search index on disk: saved next to its bank, loaded back exactly, rebuilt when stale or damaged."""
from __future__ import annotations

from pathlib import Path

from helpers import SEED_004

from phrasebank.bank.ingest import mine_paths
from phrasebank.bank.lifecycle import index_path, open_bank, search_index
from phrasebank.bank.store import Bank
from phrasebank.search.index import ARRAY_FIELDS, build_index, load_index, save_index
from phrasebank.search.query import SearchIndex

QUERIES = ["两个维护", "lgwh", "zhengzhijiguan", "zz机关", "监督效", "代表 联系", "两个维户", "jianshe"]


def test_a_saved_index_loads_back_exactly(seed_bank: Bank, tmp_path: Path) -> None:
    built = build_index(seed_bank.index_rows(), "7")
    path = tmp_path / "bank.sqlite.index"
    save_index(built, path)
    loaded = load_index(path)
    assert loaded is not None and loaded.generation == "7" and len(loaded) == len(built) > 500
    for name in ARRAY_FIELDS:
        assert list(getattr(loaded, name)) == list(getattr(built, name)), name
    for family in ("han", "letters", "starts", "exact"):
        for width, postings in getattr(built, family).items():
            other = getattr(loaded, family)[width]
            assert other.keys == postings.keys and list(other.ranks) == list(postings.ranks), (family, width)
    assert loaded.text == built.text and loaded.readings == built.readings and loaded.words == built.words
    for query in QUERIES:
        assert SearchIndex(loaded).search(query, limit=20) == SearchIndex(built).search(query, limit=20), query


def test_damaged_or_foreign_index_files_are_not_loaded(seed_bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite.index"
    assert load_index(path) is None  # missing
    save_index(build_index(seed_bank.index_rows(), "1"), path)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 3])  # cut short
    assert load_index(path) is None
    path.write_bytes(b"not an index at all")
    assert load_index(path) is None


def test_index_is_saved_and_rebuilt_when_the_bank_changes(tmp_path: Path) -> None:
    with open_bank(tmp_path / "bank.sqlite", create=True) as bank:
        first = search_index(bank)
        assert first.search("三联三助") == []
        (tmp_path / "发言.txt").write_bytes(SEED_004.read_bytes())
        mine_paths(bank, [tmp_path / "发言.txt"])
        second = search_index(bank)
        assert second.search("sanlian", limit=1)[0].text == "三联三助"
        assert index_path(bank.path).exists()
        assert search_index(bank).data.generation == second.data.generation == bank.generation()
        index_path(bank.path).write_bytes(b"damaged")
        assert search_index(bank).search("sanlian", limit=1)[0].text == "三联三助"  # rebuilt, not an error
        assert load_index(index_path(bank.path)) is not None
