"""One document turned into bank rows: what a mining worker sends back to the process that writes."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from phrasebank.documents.parse import parse_text
from phrasebank.documents.reading import read_document
from phrasebank.mining.extract import mine_document
from phrasebank.mining.tokens import cut
from phrasebank.mining.variants import pack_keys, variant_keys
from phrasebank.vocab.organs import TagDict, Vocabulary, load_vocabulary, merge_organ_tags, merged_tags_json


@dataclass
class MinedPhrase:
    """One distinct phrase of a document: its tokens, organ tags over all its occurrences, and sources.

    Tags are JSON already: serialising happens in the worker processes, not in the one that writes.
    """

    kind: str
    text: str
    tokens: str
    organs: list[TagDict]
    sources: list[tuple[int, int, str, str]] = field(default_factory=list)  # (line, column, section, organs JSON)
    organs_json: str = "[]"
    organ_mask: int = 0
    variant_keys: bytes = b""
    """The phrase's variant keys (`phrasebank.mining.variants`), packed as little-endian 64-bit numbers."""


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
    document = parse_text(raw, name, encoding=encoding)
    phrases: dict[tuple[str, str], MinedPhrase] = {}
    tag_json: dict[tuple[object, ...], tuple[str, list[TagDict]]] = {}
    for occurrence in mine_document(document, worker_vocabulary()):
        key = (occurrence.kind, occurrence.text)
        phrase = phrases.get(key)
        if phrase is None:
            tokens = " ".join(token for token in cut(occurrence.text) if token.strip())
            phrase = phrases[key] = MinedPhrase(occurrence.kind, occurrence.text, tokens, [])
        tag_key = tuple((tag.organ, tag.how, tag.score, tag.why) for tag in occurrence.organs)
        if tag_key not in tag_json:
            dicts = [tag.to_dict() for tag in occurrence.organs]
            tag_json[tag_key] = (json.dumps(dicts, ensure_ascii=False), dicts)
        encoded, dicts = tag_json[tag_key]
        phrase.sources.append((occurrence.line, occurrence.column, occurrence.section, encoded))
        phrase.organs = merge_organ_tags([phrase.organs, dicts])
    for phrase in phrases.values():
        phrase.organs_json, phrase.organ_mask = merged_tags_json([phrase.organs])
        phrase.variant_keys = pack_keys(variant_keys(phrase.kind, phrase.text, phrase.tokens))
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
        phrases=list(phrases.values()),
        builtin=builtin,
    )


def mine_file(path: Path) -> MinedDocument:
    """Read and mine one file; raises `TigangError` for a file that cannot be read."""
    source = read_document(path)
    return mine_text(source.text, str(path.resolve()), path.name, source.encoding)
