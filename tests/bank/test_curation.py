"""Stars and hidden phrases are kept by what the phrase is: they survive `forget` + `mine`, a new miner
and a new schema (both re-mine the bank into a new file), and a bank from before curation upgrades."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SEED_001, SEED_003, SEED_004

from phrasebank import mining
from phrasebank.bank import lifecycle, opening, schema
from phrasebank.bank.indexing import refresh, search_index
from phrasebank.bank.ingest import mine_paths
from phrasebank.bank.lifecycle import open_bank
from phrasebank.bank.store import Bank
from phrasebank.errors import TigangError
from phrasebank.search.query import SearchIndex

STARRED_TEXT = "要持续开展人事监督"
"""A point of seed 003 used once: far down the list until starred."""
HIDDEN_TEXT = "两个维护"
"""A formula of seeds 001 and 003, high in every list until hidden."""


def copy_seed(seed: Path, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_bytes(seed.read_bytes())
    return target


def phrase_id(bank: Bank, text: str) -> int:
    return int(bank.db.execute("SELECT id FROM phrases WHERE text = ? ORDER BY id LIMIT 1", (text,)).fetchone()[0])


def marked_bank(tmp_path: Path) -> Path:
    """A bank of two seeds, with one phrase starred and one hidden."""
    path = tmp_path / "bank.sqlite"
    with open_bank(path, create=True) as bank:
        mine_paths(bank, [copy_seed(SEED_001, tmp_path / "docs", "发言.txt"),
                          copy_seed(SEED_003, tmp_path / "docs", "汇报.txt")])
        assert bank.set_starred(phrase_id(bank, STARRED_TEXT)) is True
        assert bank.set_hidden(phrase_id(bank, HIDDEN_TEXT)) is True
        refresh(bank)
    return path


def assert_marks_hold(bank: Bank) -> None:
    """The starred phrase leads the list and its tier, the hidden one is nowhere unless asked for."""
    listed = bank.phrases()
    assert listed[0].text == STARRED_TEXT and listed[0].starred
    assert HIDDEN_TEXT not in [phrase.text for phrase in listed]
    assert next(phrase for phrase in bank.phrases(hidden=True) if phrase.text == HIDDEN_TEXT).hidden
    index = search_index(bank)
    assert HIDDEN_TEXT not in [hit.text for hit in index.search(HIDDEN_TEXT, limit=None)]
    assert [hit.hidden for hit in index.search(HIDDEN_TEXT, hidden=True) if hit.text == HIDDEN_TEXT] == [True]
    substring = [hit for hit in index.search("监督", limit=None, paragraphs=False) if hit.tier == "substring"]
    assert substring[0].text == STARRED_TEXT and substring[0].starred
    assert not any(hit.starred for hit in substring[1:])


def test_marks_show_in_lists_and_search(tmp_path: Path) -> None:
    with open_bank(marked_bank(tmp_path)) as bank:
        assert_marks_hold(bank)
        marks = {(kind, text, starred, hidden) for _, kind, text, starred, hidden, _ in bank.marks()}
        assert marks == {("point", STARRED_TEXT, 1, 0), ("formula", HIDDEN_TEXT, 0, 1)}
        shown = bank.get_phrase(phrase_id(bank, HIDDEN_TEXT))  # looked up by its id, a hidden phrase is there
        assert shown is not None and shown.hidden and shown.to_dict()["hidden"] is True


def test_unmarking_restores_the_usual_order_and_forgets_the_mark(tmp_path: Path) -> None:
    with open_bank(marked_bank(tmp_path)) as bank:
        assert bank.set_starred(phrase_id(bank, STARRED_TEXT), False) is True
        assert bank.set_starred(phrase_id(bank, STARRED_TEXT), False) is False  # nothing to change
        assert bank.set_hidden(phrase_id(bank, HIDDEN_TEXT), False) is True
        assert bank.marks() == []
        listed = bank.phrases()
        assert HIDDEN_TEXT in [phrase.text for phrase in listed[:20]]
        assert not any(phrase.starred or phrase.hidden for phrase in listed)
        assert search_index(bank).search(HIDDEN_TEXT, limit=1)[0].text == HIDDEN_TEXT
        counts = [phrase.count for phrase in listed]
        assert counts == sorted(counts, reverse=True)


def test_marks_survive_forget_and_mine_of_the_same_document(tmp_path: Path) -> None:
    path = marked_bank(tmp_path)
    with open_bank(path) as bank:
        old_ids = {phrase_id(bank, STARRED_TEXT), phrase_id(bank, HIDDEN_TEXT)}
        bank.forget("发言.txt")
        bank.forget("汇报.txt")
        refresh(bank)
        assert bank.phrase_count() == 0 and len(bank.marks()) == 2  # the phrases are gone, the marks stay
        report = mine_paths(bank, [tmp_path / "docs"])
        assert report.added == 2
        assert {phrase_id(bank, STARRED_TEXT), phrase_id(bank, HIDDEN_TEXT)}.isdisjoint(old_ids)  # new ids
        assert_marks_hold(bank)  # marked again at once, and the index knows it
        assert SearchIndex(refresh(bank)).search("", limit=1)[0].text == STARRED_TEXT


def test_marks_survive_a_new_mining_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = marked_bank(tmp_path)
    monkeypatch.setattr(mining, "MINING_VERSION", mining.MINING_VERSION + 1)
    with open_bank(path) as bank:  # re-mined from the stored documents into a new file
        assert bank.meta("mining_version") == str(mining.MINING_VERSION)
        assert any("重新挖掘" in notice for notice in bank.notices)
        assert_marks_hold(bank)


def test_marks_survive_a_new_schema_and_its_backup_keeps_them(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = marked_bank(tmp_path)
    newer = schema.SCHEMA_VERSION + 1
    for module in (schema, lifecycle, opening):
        monkeypatch.setattr(module, "SCHEMA_VERSION", newer)
    with open_bank(path) as bank:
        assert bank.meta("schema_version") == str(newer)
        assert_marks_hold(bank)
    backups = list(tmp_path.glob("bank.sqlite.backup-*"))
    assert len(backups) == 1
    backup = opening.open_existing(backups[0])
    with backup:
        assert len(backup.marks()) == 2


def test_a_bank_from_before_curation_is_upgraded_and_can_be_marked(tmp_path: Path) -> None:
    path = tmp_path / "bank.sqlite"
    with open_bank(path, create=True) as bank:
        mine_paths(bank, [copy_seed(SEED_004, tmp_path / "docs", "汇报.txt")])
        with bank.db:  # as schema 2 made it: no curation table, no marks on the phrases
            bank.db.execute("DROP TABLE curation")
            bank.db.execute("ALTER TABLE phrases DROP COLUMN starred")
            bank.db.execute("ALTER TABLE phrases DROP COLUMN hidden")
            bank.set_meta("schema_version", "2")
        count = bank.phrase_count()
    with open_bank(path) as bank:
        assert bank.meta("schema_version") == str(schema.SCHEMA_VERSION)
        assert bank.phrase_count() == count and bank.marks() == []
        assert bank.set_starred(bank.phrases()[-1].id)
        refresh(bank)
        assert bank.phrases()[0].starred


def test_an_unknown_id_or_a_read_only_bank_is_one_clear_error(tmp_path: Path) -> None:
    path = marked_bank(tmp_path)
    with open_bank(path) as bank, pytest.raises(TigangError, match="没有编号为 999999 的短语"):
        bank.set_hidden(999999)
    path.chmod(0o444)
    try:
        with open_bank(path) as bank:
            if bank.read_only:  # not when running as root, who may write anyway
                with pytest.raises(TigangError, match="只读"):
                    bank.set_starred(phrase_id(bank, HIDDEN_TEXT))
    finally:
        path.chmod(0o644)
