"""One document turned into bank rows: what a mining worker sends back to the process that writes."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from phrasebank.documents.parse import parse_text
from phrasebank.documents.reading import read_document
from phrasebank.mining.extract import mine_document
from phrasebank.mining.filters import starts_inside_word
from phrasebank.mining.tokens import cut
from phrasebank.mining.variants import packed_keys_of
from phrasebank.vocab.organs import (
    TagDict,
    Vocabulary,
    load_vocabulary,
    merge_organ_tags,
    merged_tags_json,
    organ_mask,
)


class MinedPhrase(NamedTuple):
    """One distinct phrase of a document: its tokens, organ tags over all its occurrences, its variant
    keys (`phrasebank.mining.variants`, packed as little-endian 64-bit numbers) and its sources.

    Tags are JSON already, and the whole is a tuple of plain values: serialising happens in the worker
    processes, and sending it to the process that writes costs as little as it can.
    """

    kind: str
    text: str
    tokens: str
    organs_json: str
    """The organ tags merged over its occurrences, as stored (a JSON list, "[]" for none)."""
    organ_mask: int
    variant_keys: bytes
    sources: list[tuple[int, int, str, str]]
    """(line, column, section, organ tags as JSON) of each occurrence."""


@dataclass
class MinedDocument:
    """A read, cleaned, parsed and mined document, ready to store (sent back from worker processes)."""

    path: str
    name: str
    sha256: str
    raw: str
    encoding: str
    title: str
    chars: int
    noise: dict[str, int]
    paragraphs: list[tuple[int, str]]
    phrases: list[MinedPhrase]
    builtin: bool = False

    @property
    def occurrences(self) -> int:
        """How many phrase occurrences the document has."""
        return sum(len(phrase.sources) for phrase in self.phrases)


_vocabulary: Vocabulary | None = None


def worker_vocabulary() -> Vocabulary:
    """The organ vocabulary, loaded once per process."""
    global _vocabulary
    if _vocabulary is None:
        _vocabulary = load_vocabulary()
    return _vocabulary


def mine_text(raw: str, path: str, name: str, encoding: str = "utf-8", builtin: bool = False) -> MinedDocument:
    """Mine already-decoded document text (also used to re-mine a bank's stored documents)."""
    document = parse_text(raw, name, encoding=encoding, starts_inside_word=starts_inside_word)
    found: dict[tuple[str, str], tuple[str, list[tuple[object, ...]], list[tuple[int, int, str, str]]]] = {}
    for occurrence in mine_document(document, worker_vocabulary()):
        key = (occurrence.kind, occurrence.text)
        if key not in found:
            found[key] = (" ".join(filter(str.strip, cut(occurrence.text))), [], [])
        _, tags, sources = found[key]
        tag_key = tuple((tag.organ, tag.how, tag.score, tag.why) for tag in occurrence.organs)
        sources.append((occurrence.line, occurrence.column, occurrence.section, _tags_json(tag_key)[0]))
        tags.append(tag_key)
    keys = packed_keys_of([(kind, text, tokens) for (kind, text), (tokens, _, _) in found.items()])
    phrases = []
    for ((kind, text), (tokens, tags, sources)), packed in zip(found.items(), keys, strict=True):
        organs_json, mask = _merged_json(tuple(dict.fromkeys(tags)))
        phrases.append(MinedPhrase(kind, text, tokens, organs_json, mask, packed, sources))
    title = document.title.text if document.title else ""
    return MinedDocument(
        path=path,
        name=name,
        sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        raw=raw,
        encoding=encoding,
        title=title,
        chars=sum(len(line) for line in document.clean.lines),
        noise=dict(document.clean.summary()),
        paragraphs=list(zip(document.clean.line_numbers, document.clean.lines, strict=True)),
        phrases=phrases,
        builtin=builtin,
    )


@lru_cache(maxsize=65_536)
def _tags_json(tag_key: tuple[tuple[str, str, float, str], ...]) -> tuple[str, list[TagDict]]:
    """The tags of one occurrence as JSON and as dicts (the same few recur across a whole archive)."""
    dicts: list[TagDict] = [{"organ": organ, "how": how, "score": round(score, 2), "why": why}
                            for organ, how, score, why in tag_key]
    return json.dumps(dicts, ensure_ascii=False), dicts


@lru_cache(maxsize=65_536)
def _merged_json(tag_keys: tuple[tuple[tuple[str, str, float, str], ...], ...]) -> tuple[str, int]:
    """The tags of a phrase merged over its distinct occurrence tags, as stored, and its organ mask."""
    if len(tag_keys) == 1:  # most phrases: one occurrence, whose tags (one per organ, in order) are the merge
        return _tags_json(tag_keys[0])[0], organ_mask(organ for organ, _, _, _ in tag_keys[0])
    return merged_tags_json([merge_organ_tags(_tags_json(tag_key)[1] for tag_key in tag_keys)])


def mine_file(path: Path) -> MinedDocument:
    """Read and mine one file; raises `TigangError` for a file that cannot be read."""
    source = read_document(path)
    return mine_text(source.text, str(path.resolve()), path.name, source.encoding)
