"""The search index: built from a bank once, saved next to it, loaded in well under a second.

Everything is flat: phrases in rank order (most used first) so every posting list is already sorted
by frequency; all texts in one string with an offsets array; the initials (one letter per character)
in one aligned string; n-gram postings as sorted key strings plus offset and id arrays. Few Python
objects means a small memory footprint, and the arrays are stored raw and memory-mapped on load.
"""
from __future__ import annotations

import pickle
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import add
from pathlib import Path

from phrasebank.files.atomic import open_atomic
from phrasebank.search.pinyin import initials_tables, readings_table, syllable_prefixes
from phrasebank.search.postings import Postings
from phrasebank.vocab.kinds import KINDS

INDEX_FORMAT = 9
SEPARATOR = "\x00"
START_WIDTHS = (1, 2, 3, 4)
"""Widths of the leading-initials postings used for pinyin prefix matches."""
EXACT_WIDTHS = tuple(range(1, 9))
"""Phrases of these lengths are also filed under their whole initials, for pinyin exact matches."""


@dataclass
class IndexData:
    """What a search index holds (see the module docstring)."""

    generation: str
    ids: Sequence[int]  # rank → phrase id
    counts: Sequence[int]
    docs: Sequence[int]
    kinds: bytes
    masks: bytes
    text: str  # all texts, each followed by SEPARATOR
    offsets: Sequence[int]  # rank → start in `text` (n + 1 entries)
    han: dict[int, Postings]  # 1 → characters, 2 → bigrams
    letters: dict[int, Postings]  # 2, 3 → initial n-grams (also with one polyphone switched)
    by_text: Sequence[int]  # ranks sorted by text
    starts: dict[int, Postings]  # 1–4 → phrases whose initials begin with that (one polyphone switched too)
    exact: dict[int, Postings]  # 1–8 → phrases of that length, by their whole initials
    readings: dict[str, tuple[str, ...]]
    words: frozenset[str] = field(default_factory=frozenset)
    syllable_prefixes: frozenset[str] = field(default_factory=frozenset)
    classes: dict[str, str] = field(default_factory=dict)  # pinyin piece → characters it can stand for
    format: int = INDEX_FORMAT

    def __len__(self) -> int:
        return len(self.ids)

    def text_of(self, rank: int) -> str:
        return self.text[self.offsets[rank] : self.offsets[rank + 1] - 1]




Row = tuple[int, str, str, int, int, int, str]
"""(id, kind, text, count, docs, organ_mask, tokens) of one entry."""


def build_index(rows: Iterable[Row], generation: str) -> IndexData:
    """Build from rows already in rank order (most used first)."""
    ids, counts, docs = array("I"), array("I"), array("I")  # arrays: compact, and stored raw
    kinds, masks = bytearray(), bytearray()
    texts: list[str] = []
    words: set[str] = set()
    for phrase_id, kind, text, count, doc_count, mask, tokens in rows:
        ids.append(phrase_id)
        counts.append(count)
        docs.append(doc_count)
        kinds.append(KINDS.index(kind))
        masks.append(mask)
        texts.append(text.replace(SEPARATOR, " "))
        words.update(token for token in tokens.split(" ") if len(token) >= 2)
    chars = {char for text in texts for char in set(text)}
    table = readings_table(chars)
    primary_table, switched_table = initials_tables(table, chars)
    offsets = array("I", [0])
    initials_parts: list[str] = []
    switched_parts: list[str] = []
    han1: dict[str, array[int]] = defaultdict(lambda: array("I"))
    han2: dict[str, array[int]] = defaultdict(lambda: array("I"))
    letters: dict[int, dict[str, array[int]]] = {size: defaultdict(lambda: array("I")) for size in (2, 3)}
    end = 0
    for rank, text in enumerate(texts):
        end += len(text) + 1
        offsets.append(end)
        primary = text.translate(primary_table)
        switched = text.translate(switched_table)
        initials_parts.append(primary)
        switched_parts.append(switched)
        for char in set(text):
            han1[char].append(rank)
        for gram in set(map(add, text, text[1:])):
            han2[gram].append(rank)
        bigrams = set(map(add, primary, primary[1:]))
        trigrams = set(map(add, map(add, primary, primary[1:]), primary[2:]))
        if switched != primary:  # one polyphone read the other way at a time (长期: cq, not cj)
            differing = (i for i, (letter, other) in enumerate(zip(primary, switched, strict=True)) if letter != other)
            for position in differing:
                before, after = primary[max(0, position - 2) : position], primary[position + 1 : position + 3]
                window = before + switched[position] + after
                bigrams.update(map(add, window, window[1:]))
                trigrams.update(map(add, map(add, window, window[1:]), window[2:]))
        for gram in bigrams:
            if "\x01" not in gram:
                letters[2][gram].append(rank)
        for gram in trigrams:
            if "\x01" not in gram:
                letters[3][gram].append(rank)
    return IndexData(
        generation=generation,
        ids=ids,
        counts=counts,
        docs=docs,
        kinds=bytes(kinds),
        masks=bytes(masks),
        text=SEPARATOR.join(texts) + SEPARATOR if texts else "",
        offsets=offsets,
        han={1: Postings.build(1, han1), 2: Postings.build(2, han2)},
        letters={size: Postings.build(size, postings) for size, postings in letters.items()},
        by_text=array("I", sorted(range(len(texts)), key=texts.__getitem__)),
        starts=_built(_leading(initials_parts, switched_parts, whole=False)),
        exact=_built(_leading(initials_parts, switched_parts, whole=True)),
        readings=table,
        words=frozenset(words),
        syllable_prefixes=syllable_prefixes(),
        classes=_pinyin_classes(table),
    )


def _built(lists_by_width: dict[int, dict[str, array[int]]]) -> dict[int, Postings]:
    """Postings of each width from its key → ranks lists."""
    return {width: Postings.build(width, lists) for width, lists in lists_by_width.items()}


def _pinyin_classes(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """For every prefix of every reading (“z”, “zh”, “zhon”, “zhong” …), the characters it fits."""
    members: dict[str, set[str]] = defaultdict(set)
    for char, readings in table.items():
        for reading in readings:
            for end in range(1, len(reading) + 1):
                members[reading[:end]].add(char)
    return {piece: "".join(sorted(chars)) for piece, chars in members.items()}


def _leading(primary: list[str], switched: list[str], whole: bool) -> dict[int, dict[str, array[int]]]:
    """Postings of the first 1–4 initials of every phrase, or (`whole`) of the whole initials of
    phrases up to 8 characters long — each also with one polyphone read the other way."""
    widths = EXACT_WIDTHS if whole else START_WIDTHS
    postings: dict[int, dict[str, array[int]]] = {width: defaultdict(lambda: array("I")) for width in widths}
    for rank, (initials, other) in enumerate(zip(primary, switched, strict=True)):
        for width in ((len(initials),) if whole else widths):
            if width not in postings:
                continue
            head, other_head = initials[:width], other[:width]
            heads = {head}
            if other_head != head:
                differing = (i for i in range(len(head)) if other_head[i] != head[i])
                heads.update(head[:i] + other_head[i] + head[i + 1 :] for i in differing)
            for key in heads:
                if len(key) == width and "\x01" not in key:
                    postings[width][key].append(rank)
    return postings


MAGIC = b"TIGANGIX"
ARRAY_FIELDS = ("ids", "counts", "docs", "offsets", "by_text")


def _arrays(data: IndexData) -> dict[str, Sequence[int]]:
    """The big number arrays of an index, by name: they are stored raw and mapped, not unpickled."""
    found: dict[str, Sequence[int]] = {name: getattr(data, name) for name in ARRAY_FIELDS}
    families = (("han", data.han), ("letters", data.letters), ("starts", data.starts), ("exact", data.exact))
    for family, postings_by_width in families:
        for width, postings in postings_by_width.items():
            found[f"{family}{width}.starts"] = postings.starts
            found[f"{family}{width}.ranks"] = postings.ranks
    return found


def _set_array(data: IndexData, name: str, value: object) -> None:
    if "." in name:
        key, attribute = name.split(".")
        family, width = key.rstrip("0123456789"), int(key[len(key.rstrip("0123456789")) :])
        setattr(getattr(data, family)[width], attribute, value)
    else:
        setattr(data, name, value)


def save_index(data: IndexData, path: Path) -> None:
    """Write the index atomically: a pickled shell with the arrays left out, then the raw arrays."""
    import copy

    arrays = _arrays(data)
    shell = copy.copy(data)
    shell.han = {width: copy.copy(postings) for width, postings in data.han.items()}
    shell.letters = {width: copy.copy(postings) for width, postings in data.letters.items()}
    shell.starts = {width: copy.copy(postings) for width, postings in data.starts.items()}
    shell.exact = {width: copy.copy(postings) for width, postings in data.exact.items()}
    layout: dict[str, tuple[int, int, str]] = {}
    position = 0
    views = {name: _raw(values) for name, values in arrays.items()}
    for name, view in views.items():
        layout[name] = (position, view.nbytes, view.format)
        position += view.nbytes + (-view.nbytes % 8)
        _set_array(shell, name, None)
    header = pickle.dumps((shell, layout), protocol=pickle.HIGHEST_PROTOCOL)
    with open_atomic(path) as handle:
        handle.write(MAGIC + len(header).to_bytes(8, "little") + header)
        handle.write(b"\0" * (-(len(header) + 16) % 8))
        for name, view in views.items():
            handle.write(view)
            handle.write(b"\0" * (-layout[name][1] % 8))


def _raw(values: Sequence[int]) -> memoryview:
    """The bytes of a number array (built: an `array`; loaded: a memory-mapped view)."""
    return memoryview(values if isinstance(values, (array, memoryview)) else array("Q", values))


def load_index(path: Path) -> IndexData | None:
    """The saved index, or None when it is missing, unreadable or of another format.

    The arrays (most of the index) are memory-mapped where the system allows, so loading costs
    about the time to unpickle the texts, and only the pages a search touches are read.
    """
    import mmap
    import os

    try:
        with path.open("rb") as handle:
            if handle.read(8) != MAGIC:
                return None
            header_size = int.from_bytes(handle.read(8), "little")
            shell, layout = pickle.loads(handle.read(header_size))
            base = 16 + header_size + (-(16 + header_size) % 8)
            if os.name == "posix":
                buffer: mmap.mmap | bytes = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            else:  # a mapped file cannot be replaced on Windows, and the index is replaced after mining
                handle.seek(0)
                buffer = handle.read()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None
    if not isinstance(shell, IndexData) or shell.format != INDEX_FORMAT:
        return None
    view = memoryview(buffer)
    if any(base + offset + size > len(view) for offset, size, _ in layout.values()):
        return None  # cut short (a crash while another program copied it, a full disk): rebuild
    for name, (offset, size, typecode) in layout.items():
        _set_array(shell, name, view[base + offset : base + offset + size].cast(typecode))
    return shell
