"""The phrase bank as the UI uses it: opened once in a worker thread, then searched and previewed.

Plain Python (no Textual), so it can be tested and benchmarked on its own. One `Bank` must not be used
from two threads at once, so every call goes through one lock; workers call these methods and post
the results to the UI as messages. A team bank is brought up to date from its server (`sync`) with
the lock free while the server is asked — a search never waits for the network — and taken only to
load the new index; a star or a hide goes to the server the same way.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from phrasebank.vocab.kinds import KIND_NAMES, PARAGRAPH
from phrasebank.vocab.organs import TagDict

if TYPE_CHECKING:  # opening a bank is done in a worker; the start-up path imports none of it
    from phrasebank.bank.store import Bank
    from phrasebank.search.query import Hit, SearchIndex
    from phrasebank.team.opening import BankLocation

SEARCH_LIMIT = 60
MAX_QUERY = 3000
"""A longer query (a pasted chapter) is searched by its first 3,000 characters, so a search stays quick."""
CLAUSE = r"[^，。；：！？、,.;:!?\s]{4,}"
"""A clause of a pasted paragraph: the text between two punctuation marks, four characters or more."""
PASTED_CLAUSES = 8
PER_CLAUSE = 8
"""A pasted paragraph found nowhere as such is searched by its 8 longest clauses, 8 hits each at most."""


@dataclass(frozen=True)
class SearchRequest:
    """One search: the query and the filters of the search pane.

    `organ` filters; `boost_organ` only ranks (the organ of the part under the outline cursor).
    With `organ_from_part`, the organ filter came from the cursor rather than the user: when it
    leaves nothing for a non-empty query, the search is repeated over all organs (and says so).
    """

    query: str = ""
    kind: str | None = None
    organ: str | None = None
    boost_organ: str | None = None
    organ_from_part: bool = False
    kind_from_cursor: bool = False
    """The kind filter follows the cursor's region (结尾 in the closing): widened like the organ."""
    limit: int = SEARCH_LIMIT


def widened_note(request: SearchRequest, kind: str | None, organ: str | None) -> str:
    """What the search had to leave out to find anything, in words (empty when nothing)."""
    dropped = []
    if kind != request.kind and request.kind:
        dropped.append((KIND_NAMES.get(request.kind, request.kind), "全部类型"))
    if organ != request.organ and request.organ:
        dropped.append((request.organ, "全部机关"))
    if not dropped:
        return ""
    return "、".join(name for name, _ in dropped) + "没有匹配，已扩大到" + "、".join(wide for _, wide in dropped) + "。"


@dataclass(frozen=True)
class SearchOutcome:
    """The hits of a search and a note for the user when the filter was widened."""

    hits: list[Hit]
    note: str = ""
    sources: dict[int, str] = field(default_factory=dict)
    """Titles of the documents the 原文 hits come from (the file name when a document has none), by id."""
    flagged: frozenset[str] = frozenset()
    """Keys of the hits whose wording breaks a rule of the canonical list (marked ⚠)."""


@dataclass(frozen=True)
class Preview:
    """What the preview panel shows for one hit: the phrase (or the sentence, kind `paragraph`) and the
    paragraph it came from."""

    phrase_id: int
    text: str
    kind: str
    count: int
    docs: int
    organ_tags: list[TagDict]
    variants: list[str]
    paragraph: str = ""
    document: str = ""
    document_title: str = ""
    section: str = ""
    line: int = 0
    more_sources: int = 0
    warnings: list[str] = field(default_factory=list)
    """What the canonical list says is wrong with the wording, with the corrected text."""
    starred: bool = False
    hidden: bool = False


@dataclass(frozen=True)
class SyncReport:
    """Where one sync of a team bank left it: whether it brought changes (the index was reloaded),
    how many phrases the bank holds, and the offline note ("" while the server answers)."""

    changed: bool
    phrases: int
    offline: str


@dataclass
class BankService:
    """Owns the bank and its search index; thread-safe through one lock."""

    bank_path: BankLocation = None
    """The bank asked for (`--bank`: a file or a team bank's URL); None: the `bank` setting, else the
    built-in bank (`phrasebank.team.opening.bank_location`)."""
    bank: Bank | None = None
    index: SearchIndex | None = None
    index_name: str = ""
    location: BankLocation = None
    """The bank in use, once opening has looked at the setting."""
    team: bool = False
    """Whether it is a team bank (set when it opens; read on the UI thread without the lock)."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _titles: dict[int, tuple[str, str]] = field(default_factory=dict, repr=False)
    _resolved: bool = field(default=False, repr=False)
    _syncing: threading.Lock = field(default_factory=threading.Lock, repr=False)
    """Held while a sync runs: a second one asked for meanwhile is skipped, never queued."""
    _synced_at: float = field(default=0.0, repr=False)
    """When (`time.monotonic`) the last sync ended, or the bank opened."""
    _phrases: int = field(default=0, repr=False)

    @property
    def ready(self) -> bool:
        return self.index is not None

    def _resolve(self) -> BankLocation:
        """The bank to open: `bank_path`, else the `bank` setting, else None (the built-in bank)."""
        from phrasebank.team.opening import bank_location
        from phrasebank.team.urls import is_team_url

        if not self._resolved:
            self.location = bank_location(self.bank_path)
            self.team, self._resolved = is_team_url(self.location), True
        return self.location

    def will_build(self) -> bool:
        """True when opening will first build the built-in bank from the seeds (the first run)."""
        if self._resolve() is not None:
            return False
        from phrasebank.bank.lifecycle import builtin_bank_path

        return not builtin_bank_path().exists()

    def open(self) -> tuple[int, float]:
        """Open (on first use: build) the bank and load its index; returns (phrases, seconds).

        Heavy — the first run mines the seeds (about a second), a team bank is synced with its server
        first — so call it in a worker thread.
        """
        started = time.perf_counter()
        from phrasebank.bank.indexing import search_index
        from phrasebank.team.opening import located_faults, open_located

        location = self._resolve()
        with self._lock, located_faults(location):  # a file or disk failure becomes one line
            if self.bank is None or self.index is None:
                bank = open_located(location)
                self.bank, self.index, self.index_name = bank, search_index(bank), "search"
                self._titles = {doc.id: (doc.name, doc.title) for doc in bank.documents()}
                self._synced_at = time.monotonic()
            self._phrases = self.bank.phrase_count()
            return self._phrases, time.perf_counter() - started

    @property
    def offline_note(self) -> str:
        """A team bank's line while its server is away ("团队题库离线，数据截至 …"); else ""."""
        with self._lock:
            return str(getattr(self.bank, "offline_note", "")) if self.team and self.bank is not None else ""

    def sync_due(self, seconds: float) -> bool:
        """Whether a team bank's last sync ended `seconds` ago or more and none is under way (no lock:
        cheap enough to ask before every search)."""
        return self.team and not self._syncing.locked() and time.monotonic() - self._synced_at >= seconds

    def sync(self) -> SyncReport | None:
        """Bring a team bank up to date with its server; None for a bank file, when one is under way,
        or when the bank closed meanwhile. The server is asked with the lock free — searches and
        previews go on from the replica — and the lock is taken only to load the new index, when the
        sync brought anything. A server away is the report's offline note; `TigangError` when the
        server refuses or the replica's disk fails."""
        from phrasebank.bank.indexing import search_index
        from phrasebank.team.bank import TeamBank
        from phrasebank.team.opening import located_faults

        bank = self.bank
        if not isinstance(bank, TeamBank) or not self._syncing.acquire(blocking=False):
            return None
        try:
            with located_faults(self.location):
                result = bank.sync()  # the network, and the replica through a connection of its own
                with self._lock:
                    if self.bank is not bank:
                        return None
                    if result:
                        self.index = search_index(bank)
                        self._titles = {doc.id: (doc.name, doc.title) for doc in bank.documents()}
                        self._phrases = bank.phrase_count()
                    return SyncReport(bool(result), self._phrases, bank.offline_note)
        finally:
            self._synced_at = time.monotonic()
            self._syncing.release()

    @property
    def notices(self) -> list[str]:
        """What opening the bank did that the writer should know (an upgrade, a damaged bank restored)."""
        return list(self.bank.notices) if self.bank is not None else []

    def search(self, request: SearchRequest) -> SearchOutcome:
        """Hits for the request (empty query: the bank by frequency, filtered)."""
        with self._lock:
            if self.index is None:
                return SearchOutcome([])
            query = request.query.strip()
            cut = len(query) > MAX_QUERY
            query = query[:MAX_QUERY]
            # the filters the cursor set first; with no match there, without them (and say so); then,
            # for a pasted paragraph found nowhere as such, its clauses one by one
            hits: list[Hit] = []
            note = ""
            for how in (self._whole, self._by_clauses):
                for kind, organ in self._widenings(request) if query else [(request.kind, request.organ)]:
                    hits = how(query, replace(request, kind=kind), organ)
                    if hits:
                        break
                if hits:
                    note = widened_note(request, kind, organ)
                    if how == self._by_clauses:
                        note += "题库中没有这段话，下面是与其中分句相近的素材。"
                    break
            if cut:
                note = f"按前 {MAX_QUERY} 字查找。" + note
            return SearchOutcome(hits, note, self._sources(hits), flagged_hits(hits))

    @staticmethod
    def _widenings(request: SearchRequest) -> list[tuple[str | None, str | None]]:
        """(kind, organ) filters to try in turn: the request's, then without what the cursor set."""
        kinds = [request.kind, None] if request.kind and request.kind_from_cursor else [request.kind]
        organs = [request.organ, None] if request.organ and request.organ_from_part else [request.organ]
        return [(kind, organ) for kind in kinds for organ in organs]

    def _whole(self, query: str, request: SearchRequest, organ: str | None) -> list[Hit]:
        """The index's hits for `query` with the request's filters and `organ`."""
        assert self.index is not None
        return self.index.search(query, kind=request.kind, organ=organ, boost_organ=request.boost_organ,
                                 limit=request.limit)

    def _by_clauses(self, query: str, request: SearchRequest, organ: str | None) -> list[Hit]:
        """For a pasted paragraph (longer than `LONG_QUERY`): the hits of its longest clauses searched
        one by one — close wordings, a clause's words in any order — when not one of its rarest clauses
        occurs as such (the index's own way with a long query). Nothing for a shorter query."""
        from phrasebank.search.query import LONG_QUERY

        assert self.index is not None
        if len(query) <= LONG_QUERY:
            return []
        clauses = sorted(set(re.findall(CLAUSE, query)), key=lambda clause: (-len(clause), query.index(clause)))
        found: dict[str, Hit] = {}
        for clause in clauses[:PASTED_CLAUSES]:
            for hit in self.index.search(clause[:LONG_QUERY], kind=request.kind, organ=organ,
                                         boost_organ=request.boost_organ, limit=PER_CLAUSE):
                found.setdefault(hit.key, hit)
        return list(found.values())[: request.limit]

    def mark(self, hit: Hit, *, starred: bool | None = None, hidden: bool | None = None) -> str:
        """Star or hide (or undo either) the phrase of `hit`, keep the index current; what was done,
        in one line. `TigangError` when it cannot be (a read-only bank, a sentence of 原文, a team
        bank's server away or a reader's role). A team bank's mark goes to its server with the lock
        free, so searches do not wait for it."""
        from phrasebank.bank.indexing import search_index
        from phrasebank.errors import TigangError

        if hit.kind == PARAGRAPH:
            raise TigangError("原文句子不是题库短语，不能收藏或隐藏。")
        with self._lock:
            bank = self.bank
            if bank is None:
                raise TigangError("题库还没有载入。")
            if not self.team:
                changed = _set_mark(bank, hit, starred, hidden)
                if changed:
                    self.index = search_index(bank)  # the change is in the log: a small catch-up
        if self.team:
            changed = _set_mark(bank, hit, starred, hidden)  # the server, then the replica synced
            if changed:
                with self._lock:
                    if self.bank is bank:
                        self.index = search_index(bank)
        if starred is not None:
            done = "已收藏" if starred else "已取消收藏"
        else:
            done = "已隐藏（tigang unhide {id} 可恢复）" if hidden else "已恢复显示"
        return f"{done.format(id=hit.phrase_id)}：{hit.text}" if changed else f"未作改动：{hit.text}"

    def _sources(self, hits: list[Hit]) -> dict[int, str]:
        """Titles (else file names) of the documents of the sentence hits: a writer knows a document by its
        title, not by `003_b77b….txt` (documents mined since opening are looked up)."""
        wanted = {hit.doc_id for hit in hits if hit.kind == PARAGRAPH}
        if self.bank is not None and not wanted <= self._titles.keys():
            self._titles = {doc.id: (doc.name, doc.title) for doc in self.bank.documents()}
        named = {doc_id: self._titles[doc_id] for doc_id in wanted if doc_id in self._titles}
        return {doc_id: title or name for doc_id, (name, title) in named.items()}

    def preview(self, hit: Hit) -> Preview | None:
        """The hit with its source paragraph (a phrase: its first one), or None when it is gone."""
        with self._lock:
            if self.bank is None:
                return None
            if hit.kind == PARAGRAPH:
                return self._sentence_preview(hit)
            phrase = self.bank.get_phrase(hit.phrase_id)
            if phrase is None:
                return None
            preview = Preview(
                phrase_id=phrase.id, text=phrase.text, kind=phrase.kind, count=phrase.count, docs=phrase.docs,
                organ_tags=list(phrase.organ_tags), variants=[variant.text for variant in phrase.variants],
                warnings=wording_warnings(phrase.text), starred=phrase.starred, hidden=phrase.hidden,
            )
            if not phrase.sources:
                return preview
            source = phrase.sources[0]
            name, title = self._titles.get(source.doc_id, (source.doc, ""))
            return replace(
                preview, paragraph=self.bank.paragraph(source.doc_id, source.line), document=name,
                document_title=title, section=source.section, line=source.line, more_sources=len(phrase.sources) - 1,
            )

    def _sentence_preview(self, hit: Hit) -> Preview | None:
        """A sentence of a stored paragraph, shown in its paragraph."""
        assert self.bank is not None
        place = self.bank.paragraphs_at([(hit.doc_id, hit.line)]).get((hit.doc_id, hit.line))
        if place is None:
            return None
        name, paragraph = place
        title = self._titles.get(hit.doc_id, (name, ""))[1]
        return Preview(phrase_id=0, text=hit.text, kind=PARAGRAPH, count=0, docs=0, organ_tags=[], variants=[],
                       paragraph=paragraph, document=name, document_title=title, line=hit.line,
                       warnings=wording_warnings(hit.text))

    def close(self) -> None:
        with self._lock:
            if self.bank is not None:
                self.bank.close()
            self.bank = self.index = None


def _set_mark(bank: Bank, hit: Hit, starred: bool | None, hidden: bool | None) -> bool:
    """Star (when `starred` is given) or else hide the phrase of `hit`; whether that changed anything."""
    if starred is not None:
        return bank.set_starred(hit.phrase_id, starred)
    return bank.set_hidden(hit.phrase_id, bool(hidden))


def flagged_hits(hits: list[Hit]) -> frozenset[str]:
    """Keys of the hits whose wording breaks a rule of the canonical list (`phrasebank.review.wording`)."""
    from phrasebank.review.wording import wording_checker

    checker = wording_checker()
    return frozenset(hit.key for hit in hits if checker.check(hit.text))


def wording_warnings(text: str) -> list[str]:
    """One line per rule `text` breaks, each with its severity and the corrected wording."""
    from phrasebank.review.wording import wording_problems

    return [f"{problem.severity_name}：{problem.message} 改为：{problem.corrected}"
            for problem in wording_problems(text)]
