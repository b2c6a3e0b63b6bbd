"""Structure parsing: clean text → title, salutation, opening, numbered parts and points, closing.

Follows the shapes described in DOMAIN.md: level-1 `一、`, level-2 `（一）`, level-3 `1.`, level-4
`（1）`; run-in points `一是……。二是……。` / `一要` / `第一，`; lead sentences that open a paragraph
(“丰富学习强思想，让学习“高”起来。”) when sibling paragraphs share the habit; unnumbered `要……。`
points (seed 003); a level-1 heading that shares its line with body text (seed 004).

Web copies often lack their beginning or end: a copy that starts mid-sentence (“门、街道办事处之间
的协调联动。”), at part 三 or at a （二） is `headless` and has no opening; the sentence cut at either
end is marked `cut` (kept in the stored text; mining takes nothing from it that reaches the cut). A
dateline or byline under the title (“（2023年3月2日）”, “××市人大常委会研究室 王立新”) belongs to the
front matter, not to the opening.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from phrasebank.documents.cleaning import CleanText, clean
from phrasebank.documents.reading import read_document
from phrasebank.documents.tree import Document, Node, Position
from phrasebank.text.cjk import NUMERALS, chinese_number, is_han

_CN_NUMBER = f"[{NUMERALS}]{{1,3}}"

_LEVEL_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(
        rf"^(?P<label>(?P<num>{_CN_NUMBER})[、．.]|第(?P<num2>{_CN_NUMBER})部分[、，：:\s]?)\s*(?P<rest>.+)$"
    )),
    (2, re.compile(rf"^(?P<label>[（(](?P<num>{_CN_NUMBER})[）)])\s*(?P<rest>.+)$")),
    (3, re.compile(r"^(?P<label>(?P<num>\d{1,2})(?:[.．、](?!\d)))\s*(?P<rest>.+)$")),
    (4, re.compile(r"^(?P<label>[（(](?P<num>\d{1,2})[）)])\s*(?P<rest>.+)$")),
]

# A run-in marker must start the paragraph or follow a sentence or clause end.
_RUN_IN = re.compile(
    rf"(?:^|(?<=[。！？；：;:]))(?P<label>(?P<num>{_CN_NUMBER})(?:是要|是|要|则|来)|第(?P<num2>{_CN_NUMBER})[，、,]|其(?P<num3>{_CN_NUMBER})[，、,是])"
)
_BARE_POINT = re.compile(r"(?:^|(?<=[。！？；]))要[^。！？；，、]{2,11}[。！？；]")
_SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?…]+[”’」』）)]*|$)")
_SENTENCE_END = re.compile(r"[。！？!?]")
_SALUTATION_WORDS = re.compile(r"同志们|各位|尊敬的|领导|代表|委员|主任|书记|朋友们|大家")
_CLOSING_START = re.compile(
    r"^(下一步|今后|在总结成绩|过去的一年|回顾过去|展望|总之|总而言之|以上(报告|汇报|发言)|汇报完毕|发言完毕|谢谢|"
    r"同志们[，,！!]|最后[，,]|当前[，,].{0,20}(存在|不足)|存在的(主要)?问题|.{0,12}存在(以下|一些)?(的)?(问题|不足))"
)
_CLOSING_ANYWHERE = re.compile(r"汇报完毕|发言完毕|谢谢大家|谢谢！|请.{0,8}批评指正")

LEAD_MAX_CHARS = 26
"""A lead sentence is at most this many characters (without its final mark): a heading, not a statement."""

StartsInsideWord = Callable[[str], bool]
"""Whether a text starts inside a word: mining passes the tokeniser's judgement (`documents` has none)."""

_CONTINUATION = "，、。；：！？）」』”’…,.;:!?)】"
"""Marks that continue a sentence: a text that starts with one starts mid-sentence."""
_BOUND_START = set("的地得了着过们性化者之")
"""Characters that end words or bind to what precedes them, never the first of a sentence."""
_ENUMERABLE = set("省市县区乡镇村党政军中")
"""Single characters that do start a sentence in an enumeration (“省、市、县三级……”)."""
_FINAL_MARKS = "。！？!?…；;"
_CLOSERS = "”’」』）)】"
CUT_END_MIN_CHARS = 25
"""A last line this long without a final mark is a sentence cut off, not a signature or a date."""
FRONT_MATTER_MAX_CHARS = 40
FRONT_MATTER_MAX_LINES = 2
"""Datelines, bylines and subtitles under a title: short lines without punctuation, at most two."""


@dataclass
class _Line:
    """A clean line with its source line number and the column its text starts at."""

    text: str
    number: int
    column: int = 0


def parse_file(path: str | Path) -> Document:
    """Read, clean and parse one document file."""
    source = read_document(path)
    return parse_text(source.text, str(path), encoding=source.encoding)


def parse_text(raw: str, source: str = "<text>", encoding: str = "utf-8",
               starts_inside_word: StartsInsideWord | None = None) -> Document:
    """Clean and parse raw document text."""
    return parse_clean(clean(raw), source, encoding, starts_inside_word)


def parse_clean(cleaned: CleanText, source: str = "<text>", encoding: str = "utf-8",
                starts_inside_word: StartsInsideWord | None = None) -> Document:
    """Parse already-cleaned text into a document tree.

    `starts_inside_word` refines the test for a copy that starts mid-sentence (“展全过程人民民主……”
    starts inside 发展); without it, only marks and bound characters at the start tell.
    """
    document = Document(source=source, clean=cleaned, encoding=encoding)
    lines = [_Line(text, number) for text, number in zip(cleaned.lines, cleaned.line_numbers, strict=True)]
    position = _parse_front_matter(document, lines)
    body = lines[position:]
    first_part = next((i for i, line in enumerate(body) if _heading_level(line.text) == 1), None)
    if body and not (document.title or document.salutation):
        document.cut_at_start = starts_mid_sentence(body[0].text, starts_inside_word)
        document.headless = document.cut_at_start or _heading_level(body[0].text) > 1
    if first_part is not None and _heading_number(body[first_part].text) != 1:
        document.headless = True  # a copy that starts in part 二 or later
    document.cut_at_end = bool(body) and ends_mid_sentence(body[-1].text)
    if first_part is None:
        lead_lines, part_lines, closing_lines = body, [], []
    else:
        lead_lines, rest = body[:first_part], body[first_part:]
        closing_at = _closing_start(rest)
        part_lines, closing_lines = rest[:closing_at], rest[closing_at:]
    if lead_lines and (first_part is None or document.headless):
        document.body = _section("body", lead_lines, source)
    elif lead_lines:
        document.opening = _section("opening", lead_lines, source)
    document.parts = _parse_parts(part_lines, source)
    if closing_lines:
        document.closing = _section("closing", closing_lines, source)
    _mark_cut(document)
    return document


def starts_mid_sentence(text: str, starts_inside_word: StartsInsideWord | None = None) -> bool:
    """True when a document's first line is the rest of a sentence cut off before it (web copies)."""
    if not text or _heading_level(text) or _RUN_IN.match(text):
        return False  # a numbered heading or point starts something
    if text[0] in _CONTINUATION or text[0] in _BOUND_START:
        return True
    if len(text) > 1 and is_han(text[0]) and text[1] in "、，；：。" and text[0] not in _ENUMERABLE:
        return True  # “门、街道办事处……”, “作，推动……”: the end of a word cut in two
    return bool(starts_inside_word and starts_inside_word(text))


def ends_mid_sentence(text: str) -> bool:
    """True when a document's last line stops inside a sentence (not a signature, date or heading)."""
    if _heading_level(text):
        return False
    stripped = text.rstrip(_CLOSERS)
    if not stripped or stripped[-1] in _FINAL_MARKS:
        return False
    if stripped[-1] in "，、：,:":
        return True
    return len(text) >= CUT_END_MIN_CHARS or (len(text) >= CUT_END_MIN_CHARS // 2 and bool(re.search("[，、；]", text)))


def _mark_cut(document: Document) -> None:
    """Mark the sentence or point cut off at either end of a web copy, so that mining leaves it out."""
    sections = [document.opening, document.body, *document.parts, document.closing]
    nodes = [node for section in sections if section for node in section.walk() if node.kind in ("sentence", "point")]
    if document.cut_at_start and nodes:
        nodes[0].cut = "start"
    if document.cut_at_end and nodes:
        nodes[-1].cut = "both" if nodes[-1].cut else "end"


def _parse_front_matter(document: Document, lines: list[_Line]) -> int:
    """Find the title and salutation at the top; returns how many lines they took."""
    index = 0
    if len(lines) > 1 and _is_title(lines[0].text) and not _is_salutation(lines[0].text):
        document.title = Node("title", lines[0].text, Position(document.source, lines[0].number))
        index = 1
    while index and index <= FRONT_MATTER_MAX_LINES and index < len(lines) - 1 and _is_front_matter(lines[index].text):
        index += 1  # a dateline, byline or subtitle under the title
    if index < len(lines) and _is_salutation(lines[index].text):
        line = lines[index]
        document.salutation = Node("salutation", line.text, Position(document.source, line.number))
        index += 1
    return index


def _is_title(text: str) -> bool:
    """A first line with no sentence punctuation, not numbered, and short enough to be a title."""
    if len(text) > 60 or "。" in text or re.search(r"[。！？；，：:,;]$", text):
        return False
    return _heading_level(text) == 0


def _is_front_matter(text: str) -> bool:
    """A short line under the title with no sentence punctuation: “（2023年3月2日）”, a byline."""
    if len(text) > FRONT_MATTER_MAX_CHARS or _heading_level(text) or _is_salutation(text):
        return False
    return not re.search(r"[，。；：！？,;:!?]", text)


def _is_salutation(text: str) -> bool:
    """A short line ending in a colon that addresses people (“同志们：”, “市委：”)."""
    if not re.search(r"[：:]$", text) or len(text) > 40 or "。" in text:
        return False
    return bool(_SALUTATION_WORDS.search(text)) or len(text) <= 12


def _heading_level(text: str) -> int:
    """The numbered heading level a line starts with (1–4), or 0."""
    for level, pattern in _LEVEL_PATTERNS:
        match = pattern.match(text)
        if match and match.group("rest").strip():
            return level
    return 0


def _heading_number(text: str) -> int:
    """The number of the heading a line starts with (一、 → 1, （三） → 3, 2. → 2), 0 if none."""
    for _, pattern in _LEVEL_PATTERNS:
        match = pattern.match(text)
        if match and match.group("rest").strip():
            number = match.group("num") or match.groupdict().get("num2") or ""
            return int(number) if number.isdigit() else chinese_number(number)
    return 0


def _closing_start(lines: list[_Line]) -> int:
    """Index of the first closing paragraph after the last level-1 heading (len(lines) if none)."""
    last_heading = max(i for i, line in enumerate(lines) if _heading_level(line.text) == 1)
    for index in range(last_heading + 1, len(lines)):
        text = lines[index].text
        if _heading_level(text):
            continue
        if _CLOSING_START.match(text) or (_CLOSING_ANYWHERE.search(text) and len(text) < 80):
            return index
    return len(lines)


def _section(kind: str, lines: list[_Line], source: str) -> Node:
    """An opening or closing node holding the points and sentences of its paragraphs."""
    node = Node(kind, lines[0].text, Position(source, lines[0].number))
    node.children = _parse_paragraph_block(lines, source, level=2)
    return node


def _parse_parts(lines: list[_Line], source: str) -> list[Node]:
    """Split lines at level-1 headings and parse each part's body."""
    parts: list[Node] = []
    body: list[_Line] = []
    for line in lines:
        if _heading_level(line.text) == 1:
            if parts:
                parts[-1].children = _parse_body(body, source, level=2)
            heading, rest = _split_heading(line, 1, source)
            parts.append(heading)
            body = [rest] if rest else []
        else:
            body.append(line)
    if parts:
        parts[-1].children = _parse_body(body, source, level=2)
    return parts


def _split_heading(line: _Line, level: int, source: str) -> tuple[Node, _Line | None]:
    """A heading node, and the body text that shared its line (seed 004), if any."""
    pattern = dict(_LEVEL_PATTERNS)[level]
    match = pattern.match(line.text)
    assert match is not None
    label = match.group("label").strip()
    rest_start = match.start("rest")
    rest = match.group("rest")
    end = _SENTENCE_END.search(rest)
    remainder: _Line | None = None
    heading_text = rest
    if end and rest[end.end() :].strip():
        heading_text = rest[: end.start()]
        tail_offset = end.end()
        while tail_offset < len(rest) and rest[tail_offset] in "”’）)":
            tail_offset += 1
        remainder = _Line(rest[tail_offset:], line.number, line.column + rest_start + tail_offset)
    heading_text = heading_text.rstrip("。；;，,")
    position = Position(source, line.number, line.column + rest_start)
    node = Node("part" if level == 1 else "point", heading_text, position, level=level, label=label, style="numbered")
    return node, remainder


def _parse_body(lines: list[_Line], source: str, level: int) -> list[Node]:
    """Children of a heading at `level - 1`: numbered sub-headings with their bodies, or paragraphs.

    The shallowest numbered level present splits the block, so a skipped level (`1.` directly
    under `一、`) still nests at `level`.
    """
    present = [heading for heading in (_heading_level(line.text) for line in lines) if heading >= level]
    split_level = min(present, default=0)
    nodes: list[Node] = []
    block: list[_Line] = []
    current: Node | None = None

    def flush() -> None:
        if current is None:
            nodes.extend(_parse_paragraph_block(block, source, level))
        else:
            current.children.extend(_parse_body(block, source, level + 1))

    for line in lines:
        if split_level and _heading_level(line.text) == split_level:
            flush()
            current, rest = _split_heading(line, split_level, source)
            current.level = level
            nodes.append(current)
            block = [rest] if rest else []
        else:
            block.append(line)
    flush()
    return nodes


def _parse_paragraph_block(lines: list[_Line], source: str, level: int) -> list[Node]:
    """Paragraphs of one section: lead-sentence points when siblings share them, else run-in points.

    A run-in series may continue across paragraphs (seed 002: one paragraph per 一是/二是/三是).
    """
    leads = [_lead_sentence(line.text) for line in lines]
    use_leads = sum(1 for lead in leads if lead) >= 2
    nodes: list[Node] = []
    series_length = 0
    for line, lead in zip(lines, leads, strict=True):
        if use_leads and lead:
            position = Position(source, line.number, line.column)
            point = Node("point", lead.rstrip("。！？!?"), position, level=level, style="lead")
            rest = _Line(line.text[len(lead) :], line.number, line.column + len(lead))
            point.children, _ = _parse_paragraph(rest, source, level + 1)
            nodes.append(point)
            series_length = 0
        else:
            children, series_length = _parse_paragraph(line, source, level, series_length)
            nodes.extend(children)
    return nodes


def _lead_sentence(text: str) -> str:
    """The paragraph's first sentence if it is short and heading-like and more text follows, else ""."""
    if _RUN_IN.match(text) or _heading_level(text):
        return ""
    match = _SENTENCE.match(text)
    sentence = match.group() if match else ""
    if not sentence or not re.search(r"[。！!]$", sentence) or len(sentence) - 1 > LEAD_MAX_CHARS:
        return ""
    if len(text) - len(sentence) < 10 or re.search(r"[：:；]", sentence):
        return ""
    return sentence


def _parse_paragraph(line: _Line, source: str, level: int, series_length: int = 0) -> tuple[list[Node], int]:
    """One paragraph: run-in numbered points (一是/一要/第一，), unnumbered 要-points, or sentences.

    `series_length` is how many points of a run-in series earlier paragraphs already had; the
    returned count is the series length after this paragraph (0 when it has no run-in points).
    """
    markers, series_length = _run_in_series(line.text, series_length)
    style = "run-in"
    if not markers:
        bare = [(match.start(), match.start(), "") for match in _BARE_POINT.finditer(line.text)]
        markers = bare if len(bare) >= 2 else []
        style = "bare"
    if not markers:
        return _sentences(line, source), 0
    nodes = _sentences(_Line(line.text[: markers[0][0]], line.number, line.column), source)
    for index, (_, text_start, label) in enumerate(markers):
        end = markers[index + 1][0] if index + 1 < len(markers) else len(line.text)
        segment = line.text[text_start:end]
        sentence = _SENTENCE.match(segment)
        lead = sentence.group() if sentence else segment
        point = Node(
            "point",
            lead.rstrip("。！？!?；;"),
            Position(source, line.number, line.column + text_start),
            level=level,
            label=label,
            style=style,
        )
        rest = _Line(segment[len(lead) :], line.number, line.column + text_start + len(lead))
        point.children = _sentences(rest, source)
        nodes.append(point)
    return nodes, series_length


def _run_in_series(text: str, previous: int = 0) -> tuple[list[tuple[int, int, str]], int]:
    """Run-in markers forming a series 一, 二, 三 …: ((marker start, text start, label) …, series length).

    A series starts at 一 — or continues from `previous` when the paragraph opens with the next
    number. A lone mid-paragraph 一 is not a series (“统一”, “第一，” in passing).
    """
    series: list[tuple[int, int, str]] = []
    count = 0
    for match in _RUN_IN.finditer(text):
        number = chinese_number(match.group("num") or match.group("num2") or match.group("num3"))
        marker = (match.start(), match.end(), match.group("label"))
        if not series and match.start() == 0 and previous and number == previous + 1:
            series, count = [marker], number
        elif number == 1:
            if len(series) > 1:
                break  # a second series in one paragraph belongs to a deeper level
            series, count = [marker], 1
        elif series and number == count + 1:
            series.append(marker)
            count = number
    if len(series) >= 2 or (series and series[0][0] == 0):
        return series, count
    return [], 0


def split_sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of a paragraph with the column each starts at (also how full-text search cuts
    the stored paragraphs)."""
    sentences = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        if sentence:
            sentences.append((match.start() + len(match.group()) - len(match.group().lstrip()), sentence))
    return sentences


def _sentences(line: _Line, source: str) -> list[Node]:
    """Split a stretch of paragraph text into sentence nodes with their columns."""
    return [Node("sentence", text, Position(source, line.number, line.column + column))
            for column, text in split_sentences(line.text)]
