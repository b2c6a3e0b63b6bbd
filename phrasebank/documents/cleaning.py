"""Cleaning raw 素材 text: restore the masked 党, mark placeholders as slots, drop ads, paywall
markers and the furniture of web pages, make half-width punctuation full-width between Chinese,
normalise whitespace.

Web copies bring their page with them: source and editor lines, view counts, share and print
buttons, “上一篇/下一篇”, page footers, “（上接第一版）”. None of it is the writer's material, so
those lines go whole (kind `boilerplate`, the removed text recorded like an ad line) and are neither
stored nor mined. What belongs to the article itself — photo captions, “出席会议并讲话”, datelines —
stays in the stored paragraphs and is kept out of the bank by mining (`phrasebank.mining.filters`).

`clean` is a pure function: raw text in, clean text plus a record of every change out. It works line
by line so every clean line still knows its line number in the source file, and it is idempotent
(cleaning clean text changes nothing), which lets re-mining and tests rely on it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from phrasebank.text.cjk import CJK_CONTEXT_RANGES, HAN_RANGES, full_width_punctuation, is_cjk
from phrasebank.vocab.slots import SLOT_MARKER

# Lines that are advertising from 素材 sites; matched anywhere in a line, the whole line goes.
_AD_LINE = re.compile(
    r"哒哒|素材库|代笔客服|添加客服|谨防假冒|会员群|网盘群|一键精准搜索|有意加入请联系|持续接单中"
)
_PAYWALL_MARKER = re.compile(r"#{1,2}\s*paid(?:begin|end)\s*#{1,2}", re.IGNORECASE)

# Lines that are a web page's furniture, not the article: whole lines, matched at their start.
_META_FIELD = (
    r"责任编辑|责编|编辑|审核|审校|校对|终审|初审|复审|监制|来源|信息来源|稿件来源|文章来源|图片来源|"
    r"发布时间|发布日期|发布者|浏览次数|阅读次数|阅读量|点击数|点击量|访问量|作者单位|版权声明|本文来源"
)
_PAGE_FURNITURE = re.compile(
    rf"^[（(【\[]?\s*(?:{_META_FIELD})\s*[：:]"  # 责任编辑：… 来源：… （编辑：…）
    r"|^(?:【[^】]{0,12}】\s*)+$"  # 【字体：大 中 小】【打印本页】【关闭窗口】
    r"|^(?:首页|当前位置|您的位置|你的位置)\s*[>：:›»]"  # breadcrumbs
    r"|^(?:上一篇|下一篇|上一条|下一条|相关阅读|相关链接|相关新闻|相关文章|推荐阅读|往期推荐|往期回顾|分享到|"
    r"扫一扫|打印本页|关闭窗口|返回顶部|阅读原文|点击上方|点击蓝字|长按识别|长按二维码)"
    r"|^[（(](?:上接|下转|接上|转下)[^）)]{0,10}[）)]$"  # （上接第一版）
    r"|^第\s*\d+\s*页\s*[/，,]?\s*共\s*\d+\s*页$"  # 第2页 共5页
    r"|^[（(]\s*(?:图/文|文/图|图文|摄影|摄|记者|通讯员|作者系|作者单位)[^）)]{0,40}[）)]$"  # （图/文 …）
)
_META_ANYWHERE = re.compile(rf"(?:{_META_FIELD}|作者|时间|日期)\s*[：:]")
_TIMESTAMP = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}|发表于")
_BYLINE = re.compile(r"^(?:本报|本台|本刊)?(?:记者|通讯员)[\s\u3000]*[^，。；：！？]{2,24}$")
FURNITURE_MAX_CHARS = 80
"""Lines longer than this are prose, whatever they start with: only short lines are page furniture."""

# 党 masked as D: a run of capital D (D, DD) standing alone among Chinese, or before a placeholder x.
# Letters on either side mean a real Latin word (PPP, SV, App, AAA, 3D); a few grade-like uses
# (“D级危房”, “D类”) are real letters too.
_D_MASK = re.compile(
    rf"(?<![A-Za-z0-9])D+(?=[{CJK_CONTEXT_RANGES}]|x+(?![A-Za-z])|$)|(?<=[{CJK_CONTEXT_RANGES}])D+(?![A-Za-z0-9])"
)
_D_NOT_MASK_AFTER = set("级类区座栋型档盘号楼栋款")

# Placeholders: runs of x/X alone (not inside a Latin word), runs of two or more *, the full-width ＊,
# and runs of × that are not a single multiplication sign.
_PLACEHOLDER = re.compile(r"(?<![A-Za-z])[xX]+(?![A-Za-z])|\*{2,}|＊+|×{2,}")
_LONE_STAR = re.compile(rf"(?<=[{CJK_CONTEXT_RANGES}])\*(?=[{CJK_CONTEXT_RANGES}])")

_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_PLACEHOLDER_CHAR = re.compile(r"[xX*＊]|×××")
"""What makes a line hold a placeholder other than the canonical ×× (a lone × is a multiplication sign)."""
_SPACE_OR_ZERO_WIDTH = re.compile(r"[\s\u200b-\u200d\u2060\ufeff\u00ad]")
"""What a step could change at all: most lines of a document have none of it, and one scan for it
costs a fraction of the step's own substitutions (cleaning runs over every line of an archive)."""
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")
_SPACE_BETWEEN_HAN = re.compile(rf"(?<=[{HAN_RANGES}，。、；：！？“”）（])\s+(?=[，。、；：！？”）])|(?<=[（“])\s+")


CHANGE_NAMES = {
    "party-mask": "恢复“党”字",
    "placeholder": "占位符改为××",
    "ad-line": "删除广告行",
    "paywall-marker": "删除付费标记",
    "boilerplate": "删除网页版式行",
    "punctuation": "半角标点改全角",
    "whitespace": "整理空白",
}
"""What each kind of change is called when a writer is told about it."""


@dataclass(frozen=True)
class Change:
    """One kind of change made on one source line, with how many times it was made."""

    kind: str  # a key of CHANGE_NAMES: "party-mask", "placeholder", "ad-line", "boilerplate", "paywall-marker", …
    line: int  # 1-based line in the source file
    count: int
    before: str = ""  # for removed lines, the text removed


@dataclass
class CleanText:
    """Clean text as lines, each with the source line it came from, and the changes made."""

    lines: list[str]
    line_numbers: list[int]
    changes: list[Change] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The clean text, one non-empty line per paragraph."""
        return "\n".join(self.lines)

    def summary(self) -> Counter[str]:
        """How many changes of each kind were made."""
        totals: Counter[str] = Counter()
        for change in self.changes:
            totals[change.kind] += change.count
        return totals


def clean(raw: str) -> CleanText:
    """Clean raw document text; blank and removed lines are dropped, line numbers kept."""
    lines: list[str] = []
    line_numbers: list[int] = []
    changes: list[Change] = []
    for number, raw_line in enumerate(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line, line_changes = clean_line(raw_line)
        changes.extend(Change(kind, number, count, before) for kind, count, before in line_changes)
        if line:
            lines.append(line)
            line_numbers.append(number)
    return CleanText(lines=lines, line_numbers=line_numbers, changes=changes)


def clean_line(raw_line: str) -> tuple[str, list[tuple[str, int, str]]]:
    """Clean one line; returns the clean line ("" if dropped) and (kind, count, removed text) changes.

    The steps are applied until nothing changes (at most a few rounds), so that a change made by one
    step (e.g. a removed marker joining two halves) is seen by the others; that is what makes
    cleaning idempotent.
    """
    changes: Counter[str] = Counter()
    removed = ""
    line = raw_line
    for _ in range(4):
        before = line
        if "#" in line:
            line, count = _PAYWALL_MARKER.subn("", line)
            changes["paywall-marker"] += count
        if _AD_LINE.search(line):
            removed, line = line.strip(), ""
            changes["ad-line"] += 1
            break
        if is_page_furniture(line):
            removed, line = line.strip(), ""
            changes["boilerplate"] += 1
            break
        line, count = _restore_party(line)
        changes["party-mask"] += count
        line, count = _mark_placeholders(line)
        changes["placeholder"] += count
        line, count = _full_width_punctuation(line)
        changes["punctuation"] += count
        line, count = _curly_quotes(line)
        changes["punctuation"] += count
        line, count = _normalise_whitespace(line)
        changes["whitespace"] += count
        if line == before:
            break
    return line, [(kind, count, removed if kind in ("ad-line", "boilerplate") else "")
                  for kind, count in changes.items() if count]


def is_page_furniture(line: str) -> bool:
    """A web page's furniture rather than the article: source, editor and date lines, counters, buttons,
    “上一篇”, page footers, bylines. Only short lines qualify, so a paragraph is never lost."""
    text = line.strip()
    if not text or len(text) > FURNITURE_MAX_CHARS:
        return False
    if _PAGE_FURNITURE.match(text) or _BYLINE.match(text):
        return True
    return len(_META_ANYWHERE.findall(text)) >= 2 or bool(_TIMESTAMP.search(text))


def _restore_party(line: str) -> tuple[str, int]:
    """Replace D masks with 党 (DD → 党党, as in 中国共产DD员 → 中国共产党党员)."""
    if "D" not in line:
        return line, 0
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        following = line[match.end() : match.end() + 1]
        if following in _D_NOT_MASK_AFTER and len(match.group()) == 1:
            return match.group()
        count += len(match.group())
        return "党" * len(match.group())

    return _D_MASK.sub(replace, line), count


def _mark_placeholders(line: str) -> tuple[str, int]:
    """Turn every placeholder into the canonical slot marker."""
    if not _PLACEHOLDER_CHAR.search(line):
        return line, 0
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        if match.group() != SLOT_MARKER:
            count += 1
        return SLOT_MARKER

    line = _PLACEHOLDER.sub(replace, line)
    line, lone = _LONE_STAR.subn(SLOT_MARKER, line)
    return line, count + lone


def _full_width_punctuation(line: str) -> tuple[str, int]:
    """Half-width `, : ; ( ) ? !` in Chinese made full-width (not in 1,000 or 12:30); see
    `phrasebank.text.cjk.full_width_punctuation`, the one rule export uses too."""
    converted = full_width_punctuation(line)
    if converted == line:
        return line, 0
    marks = "，：；（）？！"
    return converted, sum(char in marks for char in converted) - sum(char in marks for char in line)


def _curly_quotes(line: str) -> tuple[str, int]:
    """Straight double quotes in Chinese made curly, in pairs (web copies type "两个确立" for “两个确立”).

    Only a line with an even number of them, at least one next to Chinese, is changed: an odd one
    out cannot be paired safely, and quotes among Latin text are not Chinese punctuation.
    """
    count = line.count('"')
    if not count or count % 2 or not any(
        is_cjk(line[index - 1 : index]) or is_cjk(line[index + 1 : index + 2])
        for index, char in enumerate(line) if char == '"'
    ):
        return line, 0
    parts = line.split('"')
    return "".join(part + ("“" if index % 2 == 0 else "”") for index, part in enumerate(parts[:-1])) + parts[-1], count


def _normalise_whitespace(line: str) -> tuple[str, int]:
    """Strip the line, drop zero-width characters and spaces next to full-width punctuation, collapse runs."""
    if not _SPACE_OR_ZERO_WIDTH.search(line):
        return line, 0
    original = line
    line = _ZERO_WIDTH.sub("", line)
    line = _SPACES.sub(" ", line).strip()
    line = _SPACE_BETWEEN_HAN.sub("", line)
    return line, int(line != original)
