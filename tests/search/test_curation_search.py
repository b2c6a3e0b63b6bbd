"""Stars and hidden phrases in the ranked search: a starred entry leads its tier however far down the
rank order it stands among thousands of candidates, a hidden one is left out unless asked for, and
the index of starred entries is built without pypinyin."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import SEED_003

from phrasebank.search.flags import HEAD, HIDDEN, STARRED
from phrasebank.search.pinyin import syllable_prefixes
from phrasebank.search.query import SearchIndex
from phrasebank.search.segment import PhraseRow
from phrasebank.search.view import IndexView

DIGITS = "零一二三四五六七八九"
CANDIDATES = 4_000


def numbered(number: int) -> str:
    return "".join(DIGITS[int(digit)] for digit in str(number))


def rows(marks: dict[int, int]) -> list[PhraseRow]:
    """An exact and a prefix entry for 监督, then thousands holding it (the higher the id, the rarer),
    with `marks` (id → flags) added to their flags."""
    texts = [("term", "监督", 5000), ("term", "监督工作", 4000)]
    texts += [("point", f"加强第{numbered(number)}项依法监督", CANDIDATES - number) for number in range(CANDIDATES)]
    return [(phrase_id, kind, text, count, 1, 0, "", HEAD | marks.get(phrase_id, 0), b"")
            for phrase_id, (kind, text, count) in enumerate(texts, start=1)]


def index_of(marks: dict[int, int]) -> SearchIndex:
    return SearchIndex(IndexView.of_rows(rows(marks), [], syllable_prefixes()))


LAST = CANDIDATES + 2
"""The id of the rarest entry."""


def test_a_starred_entry_leads_its_tier_from_the_bottom_of_thousands() -> None:
    plain = index_of({})
    assert LAST not in [hit.phrase_id for hit in plain.search("监督", limit=20)]
    starred = index_of({LAST: STARRED, LAST - 1: STARRED})
    hits = starred.search("监督", limit=5)
    assert [hit.tier for hit in hits] == ["exact", "prefix", "substring", "substring", "substring"]
    assert [hit.phrase_id for hit in hits[2:4]] == [LAST - 1, LAST]  # starred first, then by rank among them
    assert hits[2].starred and not hits[4].starred and hits[4].phrase_id == 3
    everything = starred.search("监督", limit=None, paragraphs=False)
    assert len(everything) == CANDIDATES + 2 and len({hit.phrase_id for hit in everything}) == len(everything)
    assert [hit.phrase_id for hit in starred.search("", limit=3)] == [LAST - 1, LAST, 1]
    assert starred.search("", kind="term", limit=1)[0].phrase_id == 1  # filters apply to starred entries too
    assert starred.search("jiandu", limit=3)[0].phrase_id == 1  # pinyin: exact first, then prefix…
    assert [hit.phrase_id for hit in starred.search("jiandu", limit=4)][2:] == [LAST - 1, LAST]


def test_a_starred_exact_entry_leads_the_exact_tier() -> None:
    index = SearchIndex(IndexView.of_rows(
        [*rows({}), (LAST + 1, "heading", "监督", 1, 1, 0, "", HEAD | STARRED, b"")], [], syllable_prefixes()))
    assert [hit.phrase_id for hit in index.search("监督", limit=3)] == [LAST + 1, 1, 2]


def test_a_hidden_entry_is_left_out_unless_asked_for() -> None:
    index = index_of({1: HIDDEN, 3: HIDDEN | STARRED})
    assert {1, 3}.isdisjoint(hit.phrase_id for hit in index.search("监督", limit=None))
    assert {1, 3}.isdisjoint(hit.phrase_id for hit in index.search("", limit=None))
    shown = index.search("监督", limit=4, hidden=True)
    assert [(hit.phrase_id, hit.hidden, hit.starred) for hit in shown[:3]] == [
        (1, True, False), (2, False, False), (3, True, True)]
    assert shown[0].to_dict()["hidden"] is True and shown[1].to_dict()["starred"] is False


def test_a_long_query_lists_starred_entries_first() -> None:
    index = index_of({LAST: STARRED})
    pasted = "项依法监督，" * 12  # longer than any entry: searched by its clauses
    hits = index.search(pasted, limit=3, paragraphs=False)
    assert [hit.phrase_id for hit in hits] == [LAST, 3, 4] and hits[0].starred


STARRED_WITHOUT_PYPINYIN = """
import sys
from pathlib import Path

from phrasebank.bank.indexing import index_path
from phrasebank.search.index import IndexFolder
from phrasebank.search.query import SearchIndex

folder = IndexFolder(index_path(Path(sys.argv[1])), sys.argv[2])
index = SearchIndex(folder.load(folder.manifest()))
for query in ("监督", "jiandu"):
    print(next(hit.text for hit in index.search(query, limit=None) if hit.tier == "substring"))
print("pypinyin" in " ".join(sys.modules))
"""


def test_the_index_of_starred_entries_is_built_without_pypinyin(tmp_path: Path) -> None:
    """A fresh process loads the saved index and searches with a starred entry: the small index of
    starred entries takes its readings from the loaded one, never from pypinyin."""
    from phrasebank.bank.indexing import refresh
    from phrasebank.bank.lifecycle import open_bank
    from phrasebank.mining.pipeline import mine_text

    with open_bank(tmp_path / "bank.sqlite", create=True) as bank:
        bank.store_document(mine_text(SEED_003.read_text(encoding="utf-8"), "/s/003.txt", "003.txt"))
        starred = bank.db.execute("SELECT id FROM phrases WHERE text = '要持续开展人事监督'").fetchone()[0]
        bank.set_starred(starred)
        refresh(bank)
        bank_id = bank.bank_id
    result = subprocess.run([sys.executable, "-c", STARRED_WITHOUT_PYPINYIN, str(tmp_path / "bank.sqlite"), bank_id],
                            capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["要持续开展人事监督", "要持续开展人事监督", "False"]
