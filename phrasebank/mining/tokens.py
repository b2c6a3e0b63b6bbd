"""Word segmentation for mining: jieba's dictionary through rjieba (jieba-rs) when installed.

rjieba cuts the same dictionary about 20× faster than jieba (≈ 5M vs 220k characters/s here), which
is what lets mining keep up with plain `jieba.lcut`; plain jieba is the fallback. Either way the
dictionary loads once per process, at mining time — never on the UI's start-up path or a keystroke.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

# Domain words jieba's general dictionary cuts apart; added so series and variants keep them whole.
DOMAIN_WORDS = (
    "人大常委会", "常委会", "人大代表", "四个机关", "政治机关", "权力机关", "工作机关", "代表机关", "两个确立",
    "两个维护", "四个意识", "四个自信", "第一议题", "全过程人民民主", "代表联络站", "代表之家", "执法检查",
    "专题询问", "备案审查", "一岗双责", "三会一课", "主题党日", "从严治党", "党风廉政", "意识形态",
    "组成人员", "专项工作报告", "高质量发展", "干事创业", "政治规矩", "政治纪律", "市级机关",
)


class _Segmenter(NamedTuple):
    """What mining asks of the segmenter: tokens, part-of-speech tags, and dictionary membership."""

    cut: Callable[[str], list[str]]
    tag: Callable[[str], list[tuple[str, str]]]
    has_word: Callable[[str], bool]


@lru_cache(maxsize=1)
def _segmenter() -> _Segmenter:
    """The fastest available segmenter, with the domain words added."""
    try:
        import rjieba

        tokenizer = rjieba.Jieba()
        for word in DOMAIN_WORDS:
            tokenizer.add_word(word, None, None)
        return _Segmenter(lambda text: list(tokenizer.cut(text, True)),
                          lambda text: [(word, flag) for word, flag in tokenizer.tag(text, True)],
                          tokenizer.has_word)
    except (ImportError, AttributeError, TypeError):
        import tempfile

        import jieba
        import jieba.posseg  # type: ignore[import-untyped]

        jieba.setLogLevel(60)
        # jieba would load a marshal cache from the shared temp folder, which anyone could have put
        # there: a folder of this process's own (empty) means it builds from its dictionary instead.
        jieba.dt.tmp_dir = tempfile.mkdtemp(prefix="tigang-jieba-")
        for word in DOMAIN_WORDS:
            jieba.add_word(word)
        return _Segmenter(lambda text: list(jieba.lcut(text)),
                          lambda text: [(pair.word, pair.flag) for pair in jieba.posseg.lcut(text)],
                          lambda word: word in jieba.dt.FREQ and jieba.dt.FREQ[word] > 0)


def _cutter() -> Callable[[str], list[str]]:
    return _segmenter().cut


@lru_cache(maxsize=65536)
def _cut_cached(text: str) -> tuple[str, ...]:
    return tuple(_cutter()(text))


def cut(text: str) -> list[str]:
    """Tokens of `text` (jieba's dictionary, HMM on for unknown words)."""
    return list(_cut_cached(text))


@lru_cache(maxsize=16384)
def tags(text: str) -> tuple[tuple[str, str], ...]:
    """(token, part of speech) of a short text: asked only of the few candidates a filter weighs
    (series items, dictionary set phrases), never of whole documents."""
    return tuple(_segmenter().tag(text))


@lru_cache(maxsize=16384)
def has_word(word: str) -> bool:
    """True when jieba's dictionary (with the domain words) holds `word`."""
    return bool(_segmenter().has_word(word))


IDIOM_MIN_FREQUENCY = 10
"""jieba's dictionary gives frequency 3 to bulk-added entries (今年以来, 贯彻落实); real idioms have more."""


@lru_cache(maxsize=1)
def idioms() -> dict[str, int]:
    """Words of four or more characters that jieba's dictionary tags idiom (i) or locution (l), with
    frequency. Scanning the 350,000-line dictionary takes about 0.4 s, so every mining process would
    pay it: the result is cached in the user data directory, keyed by the dictionary's size and time."""
    import jieba

    from phrasebank.files.atomic import write_text_atomic
    from phrasebank.files.paths import user_data_dir

    dictionary = Path(jieba.__file__).with_name("dict.txt")
    stat = dictionary.stat()
    cache = user_data_dir() / "cache" / f"idioms-{stat.st_size}-{int(stat.st_mtime)}.tsv"
    try:
        cached = cache.read_text(encoding="utf-8").splitlines()
        return {word: int(frequency) for word, frequency in (line.split("\t") for line in cached)}
    except (OSError, ValueError):
        pass
    found: dict[str, int] = {}
    with dictionary.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.endswith((" i\n", " l\n")):
                continue
            word, frequency, _ = line.split(" ", 2)
            if len(word) >= 4:
                found[word] = int(frequency)
    with suppress(OSError):  # a read-only home only costs the 0.4 s again next time
        write_text_atomic(cache, "".join(f"{word}\t{frequency}\n" for word, frequency in found.items()))
    return found


def is_set_phrase(word: str, in_series: bool = False) -> bool:
    """An idiom or locution: a well-attested dictionary one, or any listed one standing in a series."""
    frequency = idioms().get(word, 0)
    return frequency >= IDIOM_MIN_FREQUENCY or (in_series and frequency > 0)
