"""The search index on disk: segments saved as plain data and loaded back exactly, damaged files
refused, the folder kept current from the bank's change log and rebuilt when it cannot be."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from helpers import SEED_004

from phrasebank.bank.indexing import index_path, refresh, search_index
from phrasebank.bank.ingest import mine_paths
from phrasebank.bank.lifecycle import open_bank
from phrasebank.bank.store import Bank
from phrasebank.search.index import MANIFEST, IndexFolder
from phrasebank.search.pinyin import syllable_prefixes
from phrasebank.search.query import SearchIndex
from phrasebank.search.segment import build_phrases, build_sentences, sentences_of
from phrasebank.search.storage import SegmentFileError, load_segment, save_segment
from phrasebank.search.view import IndexView, LivePhrases, LiveSentences

QUERIES = ["两个维护", "lgwh", "zhengzhijiguan", "zz机关", "监督效", "代表 联系", "两个维户", "jianshe", "民有所呼"]


def arrays_of(segment: object) -> dict[str, object]:
    return {name: value for name, value in vars(segment).items() if isinstance(value, np.ndarray)}


def test_a_saved_segment_loads_back_exactly(seed_bank: Bank, tmp_path: Path) -> None:
    built = build_phrases(seed_bank.phrase_rows())
    save_segment(built, tmp_path / "p.seg")
    loaded = load_segment(tmp_path / "p.seg")
    assert type(loaded) is type(built) and len(loaded) == len(built) > 500
    for name, array in arrays_of(built).items():
        assert np.array_equal(getattr(loaded, name), array), name
    for family in ("letters", "starts", "exact"):
        for width, postings in getattr(built, family).items():
            other = getattr(loaded, family)[width]
            assert np.array_equal(other.keys, postings.keys) and np.array_equal(other.ranks, postings.ranks)
    assert loaded.texts.text == built.texts.text and loaded.readings == built.readings
    assert loaded.words == built.words and loaded.rows() == built.rows()
    sentences = build_sentences(sentences_of(seed_bank.paragraph_rows()))
    save_segment(sentences, tmp_path / "s.seg")
    assert load_segment(tmp_path / "s.seg").rows() == sentences.rows()
    saved = SearchIndex(IndexView([LivePhrases(loaded)], [LiveSentences(sentences)], syllable_prefixes()))
    fresh = SearchIndex(IndexView([LivePhrases(built)], [LiveSentences(sentences)], syllable_prefixes()))
    for query in QUERIES:
        assert saved.search(query, limit=20) == fresh.search(query, limit=20), query


def test_damaged_or_foreign_segment_files_are_refused(seed_bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "p.seg"
    with pytest.raises(SegmentFileError):
        load_segment(path)  # missing
    save_segment(build_sentences(sentences_of(seed_bank.paragraph_rows())), path)
    whole = path.read_bytes()
    in_text = whole.index("人大".encode())
    flipped = whole[:in_text] + bytes([whole[in_text] ^ 1]) + whole[in_text + 1 :]  # a damaged text
    for damaged in (whole[: len(whole) // 3], flipped, whole + b"\0" * 8, b"not an index at all", b""):
        path.write_bytes(damaged)
        with pytest.raises(SegmentFileError):
            load_segment(path)


def test_the_index_folder_catches_up_with_the_bank_and_survives_damage(tmp_path: Path) -> None:
    with open_bank(tmp_path / "bank.sqlite", create=True) as bank:
        assert search_index(bank).search("三联三助") == []
        (tmp_path / "发言.txt").write_bytes(SEED_004.read_bytes())
        mine_paths(bank, [tmp_path / "发言.txt"])
        folder = index_path(bank.path)
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        assert manifest["bank"] == bank.bank_id and manifest["seq"] > 0
        assert search_index(bank).search("sanlian", limit=1)[0].text == "三联三助"
        assert {path.name for path in folder.glob("*.seg")} == {
            ref["file"] for ref in manifest["phrases"] + manifest["sentences"]}  # nothing left over
        for segment in folder.glob("*.seg"):
            segment.write_bytes(b"damaged")
        assert search_index(bank).search("sanlian", limit=1)[0].text == "三联三助"  # rebuilt, not an error
        (folder / MANIFEST).write_text("{", encoding="utf-8")
        assert search_index(bank).search("sanlian", limit=1)[0].text == "三联三助"


def test_an_index_of_another_bank_is_never_used(tmp_path: Path) -> None:
    (tmp_path / "发言.txt").write_bytes(SEED_004.read_bytes())
    with open_bank(tmp_path / "a.sqlite", create=True) as bank:
        mine_paths(bank, [tmp_path / "发言.txt"])
    with open_bank(tmp_path / "b.sqlite", create=True) as other:
        shutil.rmtree(index_path(other.path), ignore_errors=True)
        shutil.copytree(index_path(tmp_path / "a.sqlite"), index_path(other.path))  # a stray copy
        assert IndexFolder(index_path(other.path), other.bank_id).manifest() is None
        assert search_index(other).search("三联三助") == []


def test_an_unwritable_index_folder_is_built_in_memory(tmp_path: Path) -> None:
    (tmp_path / "发言.txt").write_bytes(SEED_004.read_bytes())
    with open_bank(tmp_path / "bank.sqlite", create=True) as bank:
        mine_paths(bank, [tmp_path / "发言.txt"])
        folder = index_path(bank.path)
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
        folder.write_text("", encoding="utf-8")  # an index of the older single-file format is replaced
        assert search_index(bank).search("sanlian", limit=1)[0].text == "三联三助"
        assert folder.is_dir()
        not_a_folder = tmp_path / "notes.txt"
        not_a_folder.write_text("", encoding="utf-8")
        bank.path = not_a_folder / "bank.sqlite"  # where no index folder can be made, even by root
        assert SearchIndex(refresh(bank)).search("sanlian", limit=1)[0].text == "三联三助"


@pytest.mark.parametrize("big_scan", [200_000, 0])
def test_entries_containing_a_piece_are_exactly_those_a_scan_finds(seed_bank: Bank, big_scan: int,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """By the rarest bigram's postings (or, past `BIG_SCAN` candidates, one scan of the texts): pieces
    of one to twenty characters from real sentences, and pieces with a pair that occurs nowhere."""
    import random

    from phrasebank.search import han

    monkeypatch.setattr(han, "BIG_SCAN", big_scan)
    segment = build_sentences(sentences_of(seed_bank.paragraph_rows()))
    texts = [segment.texts.text_of(rank) for rank in range(len(segment))]
    rng = random.Random(10)
    pieces = ["代表", "人大代表", "民有所呼、我有所应", "机关机关", "民有所应", "哒哒", "人"]
    for _ in range(60):
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        pieces.append(text[start : start + rng.randint(1, 20)])
    for piece in pieces:
        expected = [rank for rank, text in enumerate(texts) if piece in text]
        assert list(han.containing(segment.texts, piece)) == expected, piece


def test_an_index_built_by_worker_processes_answers_as_one_built_in_memory(seed_bank: Bank, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Small batches, so that the seed bank's rebuild goes to worker processes in many segments (as a
    big archive's does): paragraphs first, phrases in batches of one size, all of them named."""
    from phrasebank.search import building, index

    monkeypatch.setattr(building, "PARALLEL_ROWS", 200)
    monkeypatch.setattr(index, "BUILD_ROWS", 200)
    monkeypatch.setattr(index, "BUILD_CHARS", 5_000)
    phrase_count = sum(1 for _ in seed_bank.phrase_rows())
    folder = IndexFolder(tmp_path / "bank.sqlite.index", seed_bank.bank_id)
    with folder.locked():
        manifest = folder.rebuild(seed_bank.phrase_rows(), seed_bank.paragraph_rows(), 1, syllable_prefixes(),
                                  phrase_count)
    sizes = [ref.entries for ref in manifest.phrases]
    assert len(sizes) >= 3 and max(sizes) - min(sizes) < len(sizes) and sum(sizes) == phrase_count
    assert len(manifest.sentences) >= 3
    built = SearchIndex(folder.load(manifest))
    in_memory = SearchIndex(IndexView.of_rows(seed_bank.phrase_rows(), seed_bank.paragraph_rows(), syllable_prefixes()))
    for query in [*QUERIES, "", "人大代表", "代表 工作"]:
        assert built.search(query, limit=30) == in_memory.search(query, limit=30), query
