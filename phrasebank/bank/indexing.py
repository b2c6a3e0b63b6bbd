"""What is derived from a bank, kept current: its search index (a folder beside it) and its variant
groups, both brought up to date from the bank's change log in time proportional to the change.

The index folder records which bank and which point of the log it has caught up with. Catching up
adds a small segment for what changed; a missing, foreign, damaged or too old index is rebuilt from
the bank. Updates are serialised by the folder's lock and read the bank in one snapshot, so two
processes never build over each other and a reader never sees half a change. Where the folder cannot
be written (a read-only share), the index is built in memory instead; a bank opened read-only keeps
the variant groups its last writer left.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack, suppress
from pathlib import Path

from phrasebank.bank.changes import ChangeSet, can_catch_up, change_seq, changes_since, first_logged_seq, prune
from phrasebank.bank.faults import can_write
from phrasebank.bank.grouping import regroup, regroups_whole_bank
from phrasebank.bank.schema import read_snapshot, write_transaction
from phrasebank.bank.store import Bank
from phrasebank.errors import TigangError
from phrasebank.search.index import IndexFolder
from phrasebank.search.pinyin import syllable_prefixes
from phrasebank.search.query import SearchIndex
from phrasebank.search.storage import SegmentFileError
from phrasebank.search.view import IndexView


def index_path(bank_path: Path) -> Path:
    """Where a bank's search index lives: the folder `<bank>.index` next to it."""
    return bank_path.with_name(bank_path.name + ".index")


def search_index(bank: Bank) -> SearchIndex:
    """A search index of the bank as it is now (variant groups brought up to date first)."""
    return SearchIndex(refresh(bank))


def refresh(bank: Bank) -> IndexView:
    """Bring the index and the variant groups up to date with the bank; the current index."""
    update(bank)
    return current_view(bank)


def update(bank: Bank) -> None:
    """Bring the index and the variant groups up to date with the bank, without loading the index
    (after mining: the first search loads it). A read-only bank keeps the groups its last writer left."""
    if bank.read_only:  # the index, where it can be kept on disk, catches up when it is loaded
        return
    grouped = int(bank.meta("grouped_seq", "0"))
    if grouped < change_seq(bank.db):
        if not _rebuild_due(bank):  # a rebuild comes after grouping, which then needs no index
            _catch_up(bank)  # the heavy part first, while other processes may still write
        else:
            _rebuild_while_regrouping(bank)
        with write_transaction(bank.db):
            grouped = int(bank.meta("grouped_seq", "0"))
            if grouped < change_seq(bank.db):
                # Under the write lock the bank holds still, so the index it loads is exact.
                grouped = _regroup(bank, changes_since(bank.db, grouped), lambda: current_view(bank))
    indexed = _catch_up(bank)  # new groups change which entries are searchable
    done = grouped if indexed is None else min(indexed, grouped)  # an index kept in memory needs no log
    if first_logged_seq(bank.db) <= done:
        prune(bank.db, done)


def _rebuild_while_regrouping(bank: Bank) -> None:
    """After a first mine: rebuild the index while the whole bank is regrouped. Its sentences, which
    no group changes, are built by the workers while this process groups; its phrases after. Nothing
    is done when the regrouping is not of the whole bank (that one reads the index) or the folder
    cannot be written: the usual order then follows.

    The sentences are read in the regrouping's transaction, the phrases in a snapshot after it: when
    a document changed in between (another process), the index says it has caught up only with the
    regrouping, and its next catch-up builds that document again.

    The bank's write lock is taken before the folder's, as everywhere (a regrouping that reads the
    index takes the folder's inside its transaction); the folder's outlives the transaction."""
    folder = IndexFolder(index_path(bank.path), bank.bank_id)
    with suppress(OSError, SegmentFileError), ExitStack() as transaction:
        transaction.enter_context(write_transaction(bank.db))
        grouped = int(bank.meta("grouped_seq", "0"))
        changes = changes_since(bank.db, grouped)
        if not changes or not regroups_whole_bank(bank.db, changes):
            return
        with folder.locked(), folder.rebuilding() as build:
            build.add_paragraphs(bank.paragraph_rows())
            sentences_seq = _regroup(bank, changes, _never_asked)
            transaction.close()  # the regrouping committed; the folder stays locked for the phrases
            with read_snapshot(bank.db):
                seq = change_seq(bank.db)
                build.add_phrases(bank.phrase_rows(), bank.phrase_count())
                build.commit(sentences_seq if changes_since(bank.db, sentences_seq).doc_ids else seq,
                             syllable_prefixes())


def _regroup(bank: Bank, changes: ChangeSet, view: Callable[[], IndexView]) -> int:
    """Regroup for `changes` and record how far the groups have caught up (the caller holds the write
    transaction); that point of the log."""
    regroup(bank.db, changes, view)
    grouped = change_seq(bank.db)
    bank.set_meta("grouped_seq", str(grouped))
    return grouped


def _never_asked() -> IndexView:
    """The index, which a regrouping of the whole bank never asks for."""
    raise AssertionError("a regrouping of the whole bank reads no index")


def current_view(bank: Bank) -> IndexView:
    """The index of the bank as it is now: caught up on disk, or built in memory where it cannot be."""
    folder = IndexFolder(index_path(bank.path), bank.bank_id)
    if _index_writable(bank):
        with suppress(OSError), folder.locked(), read_snapshot(bank.db):
            view = _caught_up(bank, folder, load=True)
            assert view is not None
            return view
    with read_snapshot(bank.db):
        return IndexView.of_rows(bank.phrase_rows(), bank.paragraph_rows(), syllable_prefixes(), change_seq(bank.db))


def _index_writable(bank: Bank) -> bool:
    """Whether the index folder may be written: always for a bank opened for writing (where it cannot,
    the attempt fails and the index is built in memory); for a read-only bank, only where its folder is
    not marked read-only (an administrator could write there, but whoever marked it meant it)."""
    if not bank.read_only:
        return True
    folder = index_path(bank.path)
    return can_write(folder if folder.exists() else bank.path.parent)


def _rebuild_due(bank: Bank) -> bool:
    """Whether the index folder is missing or too far behind to catch up (as after a first mine)."""
    manifest = IndexFolder(index_path(bank.path), bank.bank_id).manifest()
    return manifest is None or not can_catch_up(bank.db, manifest.seq)


def _catch_up(bank: Bank) -> int | None:
    """Bring the index folder up to date without loading it; the point of the log it has caught up
    with, or None where it cannot be written at all."""
    folder = IndexFolder(index_path(bank.path), bank.bank_id)
    with suppress(OSError), folder.locked(), read_snapshot(bank.db):
        _caught_up(bank, folder, load=False)
        return change_seq(bank.db)
    return None


def _caught_up(bank: Bank, folder: IndexFolder, *, load: bool) -> IndexView | None:
    """Catch the folder up with the bank (rebuild it when it cannot be) and, with `load`, load it."""
    for _ in range(2):
        manifest = folder.manifest()
        seq = change_seq(bank.db)
        try:
            if manifest is None or not can_catch_up(bank.db, manifest.seq):
                manifest = folder.rebuild(bank.phrase_rows(), bank.paragraph_rows(), seq, syllable_prefixes(),
                                          bank.phrase_count())
            elif manifest.seq < seq:
                changes = changes_since(bank.db, manifest.seq)
                manifest = folder.update(manifest, changes.phrase_ids, bank.phrase_rows(changes.phrase_ids),
                                         changes.doc_ids, bank.paragraph_rows(changes.doc_ids), changes.seq)
            return folder.load(manifest) if load else None
        except SegmentFileError:
            folder.discard()  # a damaged or missing segment: rebuild from the bank
    raise TigangError(f"题库索引 {folder.folder} 无法重建；请检查磁盘空间后重试。")
