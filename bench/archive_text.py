"""A generated office archive: documents of the seeds' shape whose sentences are new.

A real archive is thousands of documents of mostly distinct sentences; recombining whole seed
paragraphs (`bench/corpus.py`) gives only ~1,500 distinct phrases however large it grows, and hides
every cost that grows with distinct phrases. Here every sentence is generated: body sentences are
random walks over the seeds' word bigrams, headings and lead sentences are seed ones with words
swapped for others of the same length. Documents keep the seeds' structure (title, salutation,
opening, numbered parts with points, closing) and some of their noise (党 masked as D, placeholders,
an ad line, half-width punctuation). Document `i` of seed `s` is always the same text.
"""
from __future__ import annotations

import random
import re
from collections import defaultdict
from functools import cached_property
from pathlib import Path

from phrasebank.documents.cleaning import clean
from phrasebank.documents.parse import parse_text
from phrasebank.files.paths import seeds_dir

NUMERALS = "一二三四五六七八九十"
_SENTENCE = re.compile(r"[^。！？；]+[。！？；]")
SALUTATIONS = ["同志们：", "尊敬的××主任，各位领导，同志们：", "各位代表，同志们：", "市委：", "县委："]
TITLES = ["关于{}的情况报告", "在{}推进会上的讲话", "关于{}工作的汇报", "{}经验交流材料", "在{}座谈会上的发言"]
RUN_IN = ["一是", "二是", "三是", "四是", "五是"]
AD = "更多优质材料请关注哒哒素材库，添加客服微信获取。"


class ArchiveWriter:
    """Writes archive documents; the word model is learned from the seeds once."""

    def __init__(self, seed: int = 2026) -> None:
        self.seed = seed

    @cached_property
    def _model(self) -> tuple[dict[str, list[str]], list[str], dict[int, list[str]], list[str], list[str]]:
        """Word successors, sentence starts, words by length, seed headings, seed lead sentences."""
        import jieba

        jieba.setLogLevel(60)
        texts = [clean(path.read_text(encoding="utf-8")).text for path in sorted(seeds_dir().glob("*.txt"))]
        successors: dict[str, list[str]] = defaultdict(list)
        starts: list[str] = []
        by_length: dict[int, list[str]] = defaultdict(list)
        headings: list[str] = []
        leads: list[str] = []
        for text in texts:
            document = parse_text(text)
            headings.extend(part.text for part in document.parts)
            leads.extend(node.text for node in document.walk() if node.kind == "point" and 4 <= len(node.text) <= 30)
            for sentence in _SENTENCE.findall(text.replace("\n", "")):
                words = jieba.lcut(sentence)
                starts.append(words[0])
                for before, after in zip(["^", *words], [*words, "$"], strict=True):
                    successors[before].append(after)
                for word in words:
                    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", word):
                        by_length[len(word)].append(word)
        return successors, starts, by_length, headings, leads

    def sentence(self, rng: random.Random, longest: int = 90) -> str:
        """A new sentence: a random walk over the seeds' word bigrams, quotes kept balanced."""
        successors, starts, *_ = self._model
        word = rng.choice(starts)
        words = [word]
        while len("".join(words)) < longest:
            word = rng.choice(successors[word])
            if word == "$":
                break
            words.append(word)
        text = "".join(words).rstrip("，、：")
        if text.count("“") != text.count("”"):
            text = text.replace("“", "").replace("”", "")
        return text if text.endswith(("。", "！", "？", "；")) else text + "。"

    def swapped(self, rng: random.Random, text: str) -> str:
        """`text` with two or three of its words swapped for other words of the same length."""
        import jieba

        _, _, by_length, _, _ = self._model
        words = jieba.lcut(text)
        choices = [i for i, word in enumerate(words)
                   if len(word) in by_length and re.fullmatch(r"[\u4e00-\u9fff]+", word)]
        for index in rng.sample(choices, min(len(choices), rng.randint(2, 3))):
            words[index] = rng.choice(by_length[len(words[index])])
        return "".join(words)

    def document(self, index: int, target: int = 5000) -> str:
        """Document `index` of the archive, about `target` characters."""
        rng = random.Random(self.seed * 1_000_003 + index)
        _, _, by_length, headings, leads = self._model
        topic = "".join(rng.choice(by_length[2]) for _ in range(2))
        lines = [rng.choice(TITLES).format(topic)]
        if rng.random() < 0.8:
            lines.append(rng.choice(SALUTATIONS))
        lines.append("".join(self.sentence(rng) for _ in range(rng.randint(2, 4))))
        if rng.random() < 0.5:
            lines.append("现将有关情况报告如下：")
        parts = rng.randint(3, 5)
        per_part = max(300, (target - 600) // parts)
        for part in range(parts):
            lines.append(f"{NUMERALS[part]}、{self.swapped(rng, rng.choice(headings))}")
            written = 0
            point = 0
            while written < per_part and point < 9:
                body = "".join(self.sentence(rng) for _ in range(rng.randint(3, 6)))
                if rng.random() < 0.25:  # run-in points in one paragraph
                    paragraph = "".join(f"{RUN_IN[i]}{self.sentence(rng)}" for i in range(rng.randint(2, 4)))
                else:
                    paragraph = f"（{NUMERALS[point]}）{self.swapped(rng, rng.choice(leads))}。{body}"
                lines.append(paragraph)
                written += len(paragraph)
                point += 1
        lines.append("下一步，" + self.sentence(rng))
        lines.append(rng.choice(["汇报完毕，谢谢大家！", "发言完毕，请各位领导批评指正。", "谢谢大家！"]))
        return _noisy(rng, "\n".join(lines) + "\n")

    def write(self, folder: Path, documents: int, start: int = 0) -> list[Path]:
        """Write documents `start` … `start + documents - 1` into `folder` (some GB18030, some .docx)."""
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for index in range(start, start + documents):
            text = self.document(index)
            sub = folder / f"{index // 100:03d}"
            sub.mkdir(exist_ok=True)
            if index % 50 == 49:
                import docx

                document = docx.Document()
                for line in text.splitlines():
                    document.add_paragraph(line)
                path = sub / f"档案{index:05d}.docx"
                document.save(str(path))
            elif index % 7 == 3:
                path = sub / f"档案{index:05d}.txt"
                path.write_bytes(text.encode("gb18030"))
            else:
                path = sub / f"档案{index:05d}.txt"
                path.write_text(text, encoding="utf-8")
            written.append(path)
        return written


def _noisy(rng: random.Random, text: str) -> str:
    """Some of the noise of material collected from the web."""
    if rng.random() < 0.05:
        text = text.replace("党", "D", rng.randint(1, 5))
    if rng.random() < 0.1:
        text = text.replace("，", ",", rng.randint(1, 8))
    if rng.random() < 0.02:
        lines = text.splitlines()
        lines.insert(rng.randint(2, len(lines) - 1), AD)
        text = "\n".join(lines) + "\n"
    return text
