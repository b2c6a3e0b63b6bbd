"""Organ tags by rule for phrases that name all four organs or none: never one organ at random."""
from __future__ import annotations

import json

from phrasebank.mining.pipeline import mine_text
from phrasebank.vocab.organs import ORGANS, load_vocabulary

SPEECH = (
    "同志们：\n"
    "下面，我讲几点意见。\n"
    "一、依法履职守初心，建设担当有为的权力机关\n"
    "牢牢把握“四个机关”定位要求，坚持“三联三助”和“第一议题”制度，推动学习走深走实。\n"
    "二、加强自身建设，努力建设“四个机关”\n"
    "各级人大要按照政治机关、权力机关、工作机关、代表机关的定位要求，全面加强自身建设。\n"
    "要坚持从严从实，打造过硬队伍。\n"
)


def organs_by_text(kind: str) -> dict[str, list[str]]:
    """text → organs of every phrase of `kind` mined from the speech."""
    return {phrase.text: [tag["organ"] for tag in json.loads(phrase.organs_json)]
            for phrase in mine_text(SPEECH, "speech.txt", "speech.txt").phrases if phrase.kind == kind}


def test_a_phrase_naming_all_four_organs_is_tagged_with_all_four_and_says_why() -> None:
    vocabulary = load_vocabulary()
    for text in ("四个机关", "建设“四个机关”", "政治机关、权力机关、工作机关、代表机关"):
        tags = vocabulary.tag(text, "坚持服务发展，建设依法履职的“权力机关”", "权力机关")
        assert [tag.organ for tag in tags] == list(ORGANS), text  # not the part's one organ
        assert all(tag.how == "explicit" and "四个机关" in tag.why for tag in tags), text
    assert organs_by_text("formula")["四个机关"] == list(ORGANS)
    assert organs_by_text("heading")["加强自身建设，努力建设“四个机关”"] == list(ORGANS)
    assert organs_by_text("series")["政治机关、权力机关、工作机关、代表机关"] == list(ORGANS)


def test_a_part_about_all_four_organs_leans_to_none_and_lends_none() -> None:
    vocabulary = load_vocabulary()
    body = "坚持党的领导，依法监督，执法检查，联系群众，代表建议办理，作风建设。" * 3
    assert vocabulary.section_organ("加强自身建设，努力建设“四个机关”", body) is None
    assert organs_by_text("sentence")["要坚持从严从实，打造过硬队伍。"] == []


def test_a_phrase_naming_no_organ_gets_one_only_on_evidence_and_says_which() -> None:
    vocabulary = load_vocabulary()
    assert vocabulary.tag("三联三助") == []  # no name, no vocabulary, no part: none
    [own] = vocabulary.tag("第一议题", "依法履职守初心，建设担当有为的权力机关", "权力机关")[:1]
    assert own.organ == "政治机关" and "第一议题" in own.why  # its own vocabulary speaks first
    [from_part] = vocabulary.tag("三联三助", "依法履职守初心，建设担当有为的权力机关", "权力机关")
    assert from_part.organ == "权力机关" and "所在部分标题点名" in from_part.why  # the part names its organ
    assert organs_by_text("term")["第一议题"] == ["政治机关", "权力机关"]
