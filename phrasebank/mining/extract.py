"""Mining reusable phrases from a parsed document, each occurrence with its source and organ tags.

Kinds (a stable interface, listed in `phrasebank.vocab.kinds`): salutation, opening, heading, point,
sentence, formula, series, phrase, term, closing. Mining works on clean text only, so no phrase can
carry a 党 mask, an ad or a raw placeholder; slots are the canonical `××`.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from phrasebank.documents.tree import Document, Node
from phrasebank.mining.tokens import cut, is_set_phrase
from phrasebank.text.cjk import HAN_RANGES as _HAN
from phrasebank.vocab.organs import OrganTag, Vocabulary
from phrasebank.vocab.slots import count_slots

_NUMERAL = "一二两三四五六七八九十百双"
_QUOTED = re.compile(r"[“‘\"]([^“”‘’\"\n]{2,12})[”’\"]")
_FORMULA_SHAPE = re.compile(rf"^[{_NUMERAL}][{_HAN}·、{_NUMERAL}]{{1,9}}$")
_NUMBERED_PAIR = re.compile(rf"(?<![{_NUMERAL}])[{_NUMERAL}][{_HAN}][{_NUMERAL}][{_HAN}](?![{_NUMERAL}])")
_NOT_PAIR_END = set("个次些样起同年月日天时人件名位项")
_SERIES = re.compile(rf"[{_HAN}]+(?:、[{_HAN}]+){{2,}}")
_ABAC = re.compile(rf"(?=(([{_HAN}])([{_HAN}])\2([{_HAN}])))")
_SENTENCE_PUNCT = re.compile(r"[，。；：！？,;:!?]")
_DIGIT_RUN = re.compile(r"\d+")


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
        kind = _node_kind(node, context)
        text = _phrase_text(node, kind)
        if kind and text:
            found.append(_occurrence(kind, text, node, 0, context, vocabulary))
    formula_texts = _document_formulas(node.text for node, _ in texts)
    longest_first = sorted(formula_texts, key=len, reverse=True)
    formula_pattern = re.compile("|".join(map(re.escape, longest_first))) if formula_texts else None
    for node, context in texts:
        if formula_pattern:
            for match in formula_pattern.finditer(node.text):
                found.append(_occurrence("formula", match.group(), node, match.start(), context, vocabulary))
        for kind, text, offset in _inline_phrases(node):
            found.append(_occurrence(kind, text, node, offset, context, vocabulary))
    return found


def _walk_texts(document: Document, vocabulary: Vocabulary) -> Iterator[tuple[Node, _Context]]:
    """Every node that carries wording, with its context."""
    if document.title:
        yield document.title, _Context("标题")
    if document.salutation:
        yield document.salutation, _Context("称谓")
    if document.opening:
        yield from _walk_children(document.opening, _Context("开头"))
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
        return text.rstrip("。；;，,：:") if len(text) >= 2 else ""
    if kind == "salutation":
        return text
    if kind == "closing":
        return text if len(text) >= 4 else ""
    if kind == "opening" and text.endswith("如下：") and len(text) <= 40:
        return text  # “现将有关情况报告如下：” is the opening formula writers reuse most
    if kind in ("sentence", "opening"):
        return text if _reusable_sentence(text) else ""
    return ""


def _reusable_sentence(text: str) -> bool:
    """A complete sentence of sensible length, not a string of figures or a worked example."""
    if not 8 <= len(text) <= 150 or not re.search(r"[。！？][”’）]?$", text):
        return False
    if len(_DIGIT_RUN.findall(text)) > 1 or count_slots(text) > 2:
        return False
    return not text.startswith(("如：", "如在", "例如", "比如", "其中，"))


def _document_formulas(texts: Iterator[str]) -> set[str]:
    """Numbered formulas of a document: quoted numeral expressions and 三联三助-shaped pairs."""
    formulas: set[str] = set()
    for text in texts:
        for match in _QUOTED.finditer(text):
            inner = match.group(1)
            if _FORMULA_SHAPE.match(inner) and not _SENTENCE_PUNCT.search(inner):
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
        if not _FORMULA_SHAPE.match(inner) and not _SENTENCE_PUNCT.search(inner) and len(inner) >= 2:
            yield "term", inner, match.start(1)
    emitted: set[tuple[str, int]] = set()
    for start, items in _series(text):
        yield "series", "、".join(items), start
        if all(len(item) == 4 and "的" not in item for item in items):
            shared_prefix = len({item[:2] for item in items}) == 1
            for item in items:
                if shared_prefix or is_set_phrase(item, in_series=True) or _is_abac(item):
                    emitted.add((item, start + text[start:].find(item)))
    offset = 0
    boundaries = {0}
    for token in cut(text):
        if len(token) >= 4 and is_set_phrase(token):
            emitted.add((token, offset))
        offset += len(token)
        boundaries.add(offset)
    for match in _ABAC.finditer(text):
        window, start = match.group(1), match.start()
        if _is_abac(window) and start in boundaries and start + 4 in boundaries:
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


def _series(text: str) -> Iterator[tuple[int, list[str]]]:
    """Parallel lists of equal-length items separated by 、, trimmed at word boundaries."""
    for match in _SERIES.finditer(text):
        items = match.group().split("、")
        middle_lengths = {len(item) for item in items[1:-1]}
        if len(middle_lengths) != 1:
            continue
        length = middle_lengths.pop()
        if not 2 <= length <= 8 or len(items[0]) < length or len(items[-1]) < length:
            continue
        if length == 2 and len(items) < 4:
            continue
        first, last = items[0], items[-1]
        if len(first) > length and not _is_boundary(first, len(first) - length):
            continue
        if len(last) > length and not _is_boundary(last, length):
            continue
        items[0], items[-1] = first[-length:], last[:length]
        yield match.start() + len(first) - length, items


def _is_boundary(text: str, position: int) -> bool:
    """True when cutting `text` at `position` does not split a word."""
    offset = 0
    for token in cut(text):
        if offset == position:
            return True
        if offset > position:
            return False
        offset += len(token)
    return offset == position


def _occurrence(kind: str, text: str, node: Node, offset: int, context: _Context, vocabulary: Vocabulary) -> Occurrence:
    return Occurrence(
        kind=kind,
        text=text,
        line=node.pos.line,
        column=node.pos.column + offset,
        section=context.section,
        organs=vocabulary.tag(text, context.heading, context.organ),
    )
