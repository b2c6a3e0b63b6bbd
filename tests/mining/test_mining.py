"""Mining the seeds: kinds, organ tags, counts, exact boundaries, provenance, no noise."""
from __future__ import annotations

import re

from helpers import ALL_SEEDS, SEED_000, SEED_003

from phrasebank.bank.store import Bank
from phrasebank.documents.cleaning import clean
from phrasebank.documents.parse import parse_file
from phrasebank.mining.series import is_couplet
from phrasebank.vocab.kinds import KINDS
from phrasebank.vocab.organs import ORGANS


def entries(bank: Bank, kind: str) -> dict[str, object]:
    return {phrase.text: phrase for phrase in bank.phrases(kind=kind, with_sources=True)}


def all_phrases(bank: Bank):
    rows = bank.db.execute("SELECT id, kind, text FROM phrases").fetchall()
    return rows


def seed_texts() -> list[str]:
    return [clean(path.read_text(encoding="utf-8")).text for path in ALL_SEEDS]


def test_the_eight_organ_headings_are_explicit_headings(seed_bank: Bank) -> None:
    headings = entries(seed_bank, "heading")
    for path in (SEED_000, SEED_003):
        for part in parse_file(path).parts:
            phrase = headings[part.text]
            organ = re.search(r"“(..机关)”", part.text).group(1)
            tags = {tag["organ"]: tag for tag in phrase.organ_tags}
            assert organ in tags and tags[organ]["how"] == "explicit", part.text
    assert sum(1 for text in headings if re.search(r"“..机关”$", text)) == 8


def test_listed_formulas_have_correct_counts(seed_bank: Bank) -> None:
    formulas = entries(seed_bank, "formula")
    texts = seed_texts()
    for formula in ["两个维护", "两个确立", "四个意识", "四个自信", "三联三助", "十项行动", "六个表率", "一岗双责", "三会一课"]:
        expected = sum(text.count(formula) for text in texts)
        assert formula in formulas, formula
        assert formulas[formula].count == expected, (formula, formulas[formula].count, expected)
        assert formulas[formula].docs == sum(1 for text in texts if formula in text)
        assert len(formulas[formula].sources) == expected
    assert "政治机关" in formulas["两个维护"].organs
    assert "代表机关" in formulas["三联三助"].organs  # no vocabulary of its own: the parts it stands in
    # “四个机关” names all four organs: tagged with all four, not with the organ of one part (issue 12).
    assert formulas["四个机关"].organs == list(ORGANS)
    assert {tag["why"] for tag in formulas["四个机关"].organ_tags} == {"文中点名“四个机关”，四个机关都涉及"}


def test_series_come_out_with_exact_boundaries(seed_bank: Bank) -> None:
    series = entries(seed_bank, "series")
    assert "忠诚可靠、坚强有力、人民满意、高效廉洁" in series
    assert "往深里走、往实里走、往心里走" in series
    assert "往深里走、往心里走、往实里走" in series
    assert "政治判断力、政治领悟力、政治执行力" in series
    assert "学出绝对忠诚、学出坚定自信、学出使命担当、学出能力水平" in series
    for text in series:
        items = text.split("、")
        assert len({len(item) for item in items}) == 1, text
        assert len(items) >= 3 or is_couplet(*items), text  # two items only as a couplet (民有所呼、我有所应)
    # Nothing cut inside a word: no entry starts or ends with a fragment of a longer series item.
    assert not any(text.startswith(("设忠诚", "诚可靠")) for text in series)


def test_set_phrases_terms_and_formulaic_openings_and_closings(seed_bank: Bank) -> None:
    phrases = entries(seed_bank, "phrase")
    assert {"学深悟透", "守土有责", "走深走实", "见行见效"} <= set(phrases)
    terms = entries(seed_bank, "term")
    assert {"第一议题", "回头看"} <= set(terms)
    assert "政治机关" in terms["第一议题"].organs
    salutations = entries(seed_bank, "salutation")
    assert {"尊敬的××，同志们：", "市委：", "同志们：", "尊敬的××主任，各位领导，同志们："} <= set(salutations)
    openings = entries(seed_bank, "opening")
    assert "现将有关情况报告如下：" in openings
    closings = entries(seed_bank, "closing")
    assert {"汇报完毕，谢谢大家！", "发言完毕，请各位领导批评指正。"} <= set(closings)


def test_points_and_sentences(seed_bank: Bank) -> None:
    points = entries(seed_bank, "point")
    assert {"丰富学习强思想，让学习“高”起来", "领导带头顶格推动", "要讲团结凝聚合力", "主动接受县委领导"} <= set(points)
    point = points["靶向监督提效能"]
    assert point.organ_tags[0]["organ"] == "权力机关" and point.organ_tags[0]["how"] == "explicit"
    sentences = entries(seed_bank, "sentence")
    assert "实干是最好的担当。" in sentences
    assert "有权必有责，用权受监督。" in sentences
    assert all(8 <= len(text) <= 150 for text in sentences)


def test_no_phrase_carries_noise(seed_bank: Bank) -> None:
    for _, kind, text in all_phrases(seed_bank):
        assert kind in KINDS
        assert not re.search(r"[\u4e00-\u9fff]D|D[\u4e00-\u9fff]", text), text
        assert "哒哒" not in text and "paid" not in text and "客服" not in text, text
        assert not re.search(r"(?<![A-Za-z])[xX]+(?![A-Za-z])|\*|＊", text), text


def test_every_source_points_at_the_phrase_in_its_paragraph(seed_bank: Bank) -> None:
    rows = seed_bank.db.execute(
        "SELECT p.kind, p.text, s.doc_id, s.line, s.col FROM sources s JOIN phrases p ON p.id = s.phrase_id"
    ).fetchall()
    assert len(rows) > 700  # every kind is there (fewer since issue 12: no junk, no phrases of series pieces)
    for kind, text, doc_id, line, column in rows:
        paragraph = seed_bank.paragraph(doc_id, line)
        assert paragraph[column : column + len(text)] == text, (kind, text, line, column)


def test_sections_are_recorded(seed_bank: Bank) -> None:
    point = entries(seed_bank, "sentence")["有权必有责，用权受监督。"]
    assert point.sources[0].section == "二、坚持服务发展，建设依法履职的“权力机关” › 要持续开展人事监督"
    assert point.sources[0].doc == SEED_003.name


def test_inferred_organs_carry_a_score_and_reason(seed_bank: Bank) -> None:
    headings = entries(seed_bank, "heading")
    tag = headings["围绕县委决策部署，充分发挥人大依法监督作用"].organ_tags[0]
    assert tag["organ"] == "权力机关" and tag["how"] == "inferred" and tag["score"] >= 2 and "依法监督" in tag["why"]
