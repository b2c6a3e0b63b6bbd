"""Mining reusable phrases from a parsed document, each occurrence with its source and organ tags.

Kinds (a stable interface, listed in `phrasebank.vocab.kinds`): salutation, opening, heading, point,
sentence, formula, series, phrase, term, closing. Couplets (民有所呼、我有所应) are series of two
items (`phrasebank.mining.series` says why). Mining works on clean text only, so no phrase can carry
a 党 mask, an ad or a raw placeholder; slots are the canonical `××`. What is not a phrase — news
language, captions, figures, names, placeholders — is decided in `phrasebank.mining.filters`; the
words a web copy cut off at either end (`Node.cut`) are not mined at all.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from phrasebank.documents.tree import Document, Node
from phrasebank.mining.filters import (
    junk_formula,
    junk_term,
    plain_compound,
    reusable_sentence,
    reusable_wording,
)
from phrasebank.mining.series import find_series
from phrasebank.mining.tokens import cut, has_word, is_set_phrase
from phrasebank.text.cjk import HAN_RANGES as _HAN
from phrasebank.vocab.organs import OrganTag, Vocabulary

_NUMERAL = "一二两三四五六七八九十百双"
_QUOTED = re.compile(r"[“‘\"]([^“”‘’\"\n]{2,12})[”’\"]")
_FORMULA_SHAPE = re.compile(rf"^[{_NUMERAL}][{_HAN}·、{_NUMERAL}]{{1,9}}$")
_NUMBERED_PAIR = re.compile(rf"[{_NUMERAL}](?<![{_NUMERAL}]{{2}})[{_HAN}][{_NUMERAL}][{_HAN}](?![{_NUMERAL}])")
"""A numeral, not after another, then Han, numeral, Han (三联三助); the numeral comes before the look
back so that the regex engine can skip straight to numerals (three times faster on a document)."""
_NOT_PAIR_END = set("个次些样起同年月日天时人件名位项")
_ABAC = re.compile(rf"(?=(([{_HAN}])([{_HAN}])\2([{_HAN}])))")
_SENTENCE_PUNCT = re.compile(r"[，。；：！？,;:!?]")
_FINAL = re.compile(r"[。！？][”’）」』]?$")
_CLAUSE_MARKS = "，；：。！？"
_NUMBER_LABEL = re.compile(
    rf"^(?:[{_NUMERAL}]{{1,3}}(?:是要|是|要|则|来)|第[{_NUMERAL}]{{1,3}}[，、]|其[{_NUMERAL}]{{1,3}}[，、是]"
    rf"|[（(](?:[{_NUMERAL}]{{1,3}}|\d{{1,2}})[）)]|\d{{1,2}}[.．、](?!\d)|[{_NUMERAL}]{{1,3}}[、．])"
)
"""The numbering a point starts with (二是, 第三，, （四）, 5.), when the parse left it in a sentence."""


@dataclass
class Occurrence:
    """One place a phrase was found: its kind and text, where it stands, and its organ tags."""

    kind: str
    text: str
    line: int
    column: int
    section: str
    organs: list[OrganTag] = field(default_factory=list)


@dataclass
class _Context:
    """Where a node sits: its section path, and the part heading and organ it falls under."""

    section: str
    heading: str = ""
    organ: str | None = None


def mine_document(document: Document, vocabulary: Vocabulary) -> list[Occurrence]:
    """Every phrase occurrence in `document`, in document order."""
    found: list[Occurrence] = []
    texts: list[tuple[Node, _Context]] = list(_walk_texts(document, vocabulary))
    for node, context in texts:
        kind, text = _whole_phrase(node, context)
        if kind and text and not node.cut:
            found.append(_occurrence(kind, text, node, 0, context, vocabulary))
    formulas = sorted(_document_formulas(_whole_part(node) for node, _ in texts), key=len, reverse=True)
    for node, context in texts:
        low, high = _whole_span(node)
        for start, formula in _occurrences_of(formulas, node.text, low, high):
            found.append(_occurrence("formula", formula, node, start, context, vocabulary))
        for kind, text, offset in _inline_phrases(node):
            if low <= offset and offset + len(text) <= high:
                found.append(_occurrence(kind, text, node, offset, context, vocabulary))
    return found


def _occurrences_of(words: list[str], text: str, low: int, high: int) -> list[tuple[int, str]]:
    """Where `words` stand in `text[low:high]`, left to right, the longest first where several start
    together, never overlapping — what an alternation of them finds, without compiling one per
    document (each document has its own few formulas, and compiling cost more than mining them)."""
    hits = []
    for word in words:
        start = text.find(word, low, high)
        while start >= 0:
            hits.append((start, -len(word), word))
            start = text.find(word, start + 1, high)
    found = []
    end = low
    for start, _, word in sorted(hits):
        if start >= end:
            found.append((start, word))
            end = start + len(word)
    return found


def _whole_span(node: Node) -> tuple[int, int]:
    """The part of a node's text that a cut at the start or end of a web copy left whole: from its first
    clause mark (when cut at the start) to its last (when cut at the end)."""
    text, low, high = node.text, 0, len(node.text)
    if node.cut in ("start", "both"):
        marks = [text.find(mark) for mark in _CLAUSE_MARKS if mark in text]
        low = min(marks) + 1 if marks else high
    if node.cut in ("end", "both"):
        high = max((text.rfind(mark) for mark in _CLAUSE_MARKS), default=-1)
        high = max(high, low) if high >= 0 else low
    return low, high


def _whole_part(node: Node) -> str:
    """The whole part of a node's text (all of it, unless a web copy cut it)."""
    low, high = _whole_span(node)
    return node.text[low:high]


def _walk_texts(document: Document, vocabulary: Vocabulary) -> Iterator[tuple[Node, _Context]]:
    """Every node that carries wording, with its context."""
    if document.title:
        yield document.title, _Context("标题")
    if document.salutation:
        yield document.salutation, _Context("称谓")
    if document.opening:
        yield from _walk_children(document.opening, _Context("开头"))
    if document.body:
        yield from _walk_children(document.body, _Context("正文"))
    for part in document.parts:
        body = "".join(node.text for node in part.walk() if node is not part)
        section_organ = vocabulary.section_organ(part.text, body)
        organ = section_organ[0] if section_organ else None
        context = _Context(f"{part.label}{part.text}", heading=part.text, organ=organ)
        yield part, context
        yield from _walk_children(part, context)
    if document.closing:
        yield from _walk_children(document.closing, _Context("结尾"))


def _walk_children(node: Node, context: _Context) -> Iterator[tuple[Node, _Context]]:
    for child in node.children:
        yield child, context
        if child.children:
            inner = _Context(f"{context.section} › {child.label}{child.text}", context.heading, context.organ)
            yield from _walk_children(child, inner)


def _whole_phrase(node: Node, context: _Context) -> tuple[str, str]:
    """The kind and reusable text of a node as a whole ("" when it is not worth keeping whole).

    A sentence that starts with a numbering label (“二是……”, “（三）……”) is the lead of a point whose
    series the parse could not see — a web copy that starts after 一是 — and is mined as that point."""
    kind = _node_kind(node, context)
    if kind in ("sentence", "opening", "closing"):
        label = _NUMBER_LABEL.match(node.text)
        if label and _FINAL.search(node.text):
            lead = node.text[label.end() :].rstrip("。！？”’")
            return "point", lead if 2 <= len(lead) <= 40 and reusable_wording(lead) else ""
    return kind, _phrase_text(node, kind)


def _node_kind(node: Node, context: _Context) -> str:
    """The phrase kind a node's own text is mined as ("" when it is not worth keeping whole)."""
    if node.kind in ("salutation", "point"):
        return node.kind
    if node.kind == "part":
        return "heading"
    if node.kind != "sentence":
        return ""
    if context.section == "开头":
        return "opening"
    if context.section == "结尾":
        return "closing"
    return "sentence"


def _phrase_text(node: Node, kind: str) -> str:
    """The reusable text of a node, or "" when it is not reusable as a whole."""
    text = node.text.strip()
    if kind in ("heading", "point"):
        text = text.rstrip("。；;，,：:")
        return text if len(text) >= 2 and reusable_wording(text) else ""
    if kind == "salutation":
        return text
    if kind == "closing":
        return text if len(text) >= 4 and _FINAL.search(text) and reusable_wording(text) else ""
    if kind == "opening" and text.endswith("如下：") and len(text) <= 40:
        return text  # “现将有关情况报告如下：” is the opening formula writers reuse most
    if kind in ("sentence", "opening"):
        return text if reusable_sentence(text) else ""
    return ""


def _document_formulas(texts: Iterator[str]) -> set[str]:
    """Numbered formulas of a document: quoted numeral expressions and 三联三助-shaped pairs."""
    formulas: set[str] = set()
    for text in texts:
        for match in _QUOTED.finditer(text):
            inner = match.group(1)
            if _FORMULA_SHAPE.match(inner) and not _SENTENCE_PUNCT.search(inner) and not junk_formula(inner):
                formulas.add(inner)
        for match in _NUMBERED_PAIR.finditer(text):
            pair = match.group()
            if pair[1] not in _NOT_PAIR_END and pair[3] not in _NOT_PAIR_END and not is_set_phrase(pair):
                formulas.add(pair)
    return formulas


def _inline_phrases(node: Node) -> Iterator[tuple[str, str, int]]:
    """Series, set phrases and quoted terms inside a node's text: (kind, text, offset)."""
    text = node.text
    for match in _QUOTED.finditer(text):
        inner = match.group(1)
        if not _FORMULA_SHAPE.match(inner) and not _SENTENCE_PUNCT.search(inner) and not junk_term(
                inner, text[match.end() : match.end() + 1]):
            yield "term", inner, match.start(1)
    offset = 0
    token_starts: dict[int, str] = {}
    emitted: set[tuple[str, int]] = set()
    for token in cut(text):
        if len(token) >= 4 and is_set_phrase(token) and not plain_compound(token):
            emitted.add((token, offset))
        token_starts[offset] = token
        offset += len(token)
    boundaries = {*token_starts, offset}
    for start, items in find_series(text, token_starts):
        yield "series", "、".join(items), start
        position = start
        for item in items:
            if len(item) == 4 and "的" not in item and (
                    (is_set_phrase(item, in_series=True) and not plain_compound(item)) or _is_abac(item)):
                emitted.add((item, position))
            position += len(item) + 1
    for match in _ABAC.finditer(text):
        window, start = match.group(1), match.start()
        after = token_starts.get(start + 4, "")
        if _is_abac(window) and start in boundaries and start + 4 in boundaries and not (
                after and has_word(window[2:] + after)):  # 爱国爱家|乡: its last half belongs to the next word
            emitted.add((window, start))
    if node.kind == "point":
        short = text[1:] if text.startswith("要") else text
        if len(short) == 4 and re.fullmatch(f"[{_HAN}]{{4}}", short):
            emitted.add((short, text.find(short)))
    for phrase, start in sorted(emitted, key=lambda item: item[1]):
        yield "phrase", phrase, start


def _is_abac(word: str) -> bool:
    """Four characters shaped A_A_ (走深走实, 入脑入心), a common coinage of 公文."""
    return len(word) == 4 and word[0] == word[2] and word[0] not in _NUMERAL


def _occurrence(kind: str, text: str, node: Node, offset: int, context: _Context, vocabulary: Vocabulary) -> Occurrence:
    return Occurrence(
        kind=kind,
        text=text,
        line=node.pos.line,
        column=node.pos.column + offset,
        section=context.section,
        organs=vocabulary.tag(text, context.heading, context.organ),
    )
