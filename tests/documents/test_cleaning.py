"""Cleaning on real seed text, plus idempotency as a property."""
from __future__ import annotations

import re

from helpers import ALL_SEEDS, SEED_000, SEED_001, SEED_002, SEED_003
from hypothesis import given, settings
from hypothesis import strategies as st

from phrasebank.documents.cleaning import clean
from phrasebank.vocab.slots import SLOT_MARKER

HAN_NEXT_TO_D = re.compile(r"[\u4e00-\u9fff]D|D[\u4e00-\u9fff]|DD")
RAW_PLACEHOLDER = re.compile(r"(?<![A-Za-z])[xX]+(?![A-Za-z])|\*|＊")


def seed_clean(path) -> str:
    return clean(path.read_text(encoding="utf-8")).text


def test_no_party_mask_survives_in_any_seed() -> None:
    for path in ALL_SEEDS:
        assert not HAN_NEXT_TO_D.search(seed_clean(path)), path.name


def test_party_masks_are_restored_in_context() -> None:
    text = seed_clean(SEED_001)
    for restored in ["机关党组", "全面从严治党主体责任", "党的二十大精神", "中国共产党党员教育管理工作条例",
                     "党和国家机关基层组织工作条例", "管党治党", "光荣在党××年", "党外代表", "民主党派", "党委（党组）"]:
        assert restored in text, restored


def test_latin_words_that_are_not_masks_are_kept() -> None:
    assert "PPP项目" in seed_clean(SEED_002)
    text_001 = seed_clean(SEED_001)
    assert "SV效果" in text_001 and "AAA公众号" in text_001
    assert "“反诈”App" in seed_clean(SEED_000)
    assert clean("开展D级危房改造").text == "开展D级危房改造"
    assert clean("推广3D打印技术").text == "推广3D打印技术"


def test_placeholders_become_the_canonical_slot_marker() -> None:
    assert seed_clean(SEED_000).startswith(f"尊敬的{SLOT_MARKER}，同志们：")
    assert f"{SLOT_MARKER}年，市人大常委会机关党组" in seed_clean(SEED_001)
    assert f"以{SLOT_MARKER}同志为核心" in seed_clean(SEED_002)
    assert f"助推{SLOT_MARKER}高质量发展" in seed_clean(SEED_003)
    assert clean("召开会议＊次").text == f"召开会议{SLOT_MARKER}次"
    for path in ALL_SEEDS:
        assert not RAW_PLACEHOLDER.search(seed_clean(path)), path.name


def test_ads_and_paywall_markers_are_removed_without_cutting_the_sentence() -> None:
    result = clean(SEED_001.read_text(encoding="utf-8"))
    assert "哒哒" not in result.text and "paid" not in result.text and "客服" not in result.text
    assert "以问题整改整治建立健全制度机制，不断提升各项工作的制度化、规范化、标准化水平" in result.text
    assert result.summary()["ad-line"] == 4
    assert result.summary()["paywall-marker"] == 2
    assert result.lines[-1].endswith("加强对机关党委、机关纪委领导。")


def test_half_width_punctuation_between_chinese_becomes_full_width() -> None:
    assert "开展“入户行动”，向群众揭露" in seed_clean(SEED_000)
    text = seed_clean(SEED_001)
    assert "党委（党组）落实" in text and "国家会展中心（××）" in text and "勇担当，服务保障" in text
    assert clean("会议于12:30开始，共1,000人参加").text == "会议于12:30开始，共1,000人参加"
    assert clean("是否落实?请回答!").text == "是否落实？请回答！"


def test_whitespace_is_normalised_and_lines_keep_their_source_numbers() -> None:
    result = clean("\n　　第一段。  \n\n\t第二段 文字。\r\n")
    assert result.lines == ["第一段。", "第二段 文字。"]
    assert result.line_numbers == [2, 4]
    assert clean(SEED_002.read_text(encoding="utf-8")).lines[0] == "市委："


def test_nothing_else_in_the_wording_changes() -> None:
    raw = SEED_000.read_text(encoding="utf-8")
    cleaned = seed_clean(SEED_000)
    # Same Han characters in the same order, once placeholders are set aside.
    def han(s):
        return re.sub(r"[^\u4e00-\u9fff]", "", s)
    assert han(cleaned) == han(raw)


NOISY_ALPHABET = st.sampled_from(
    [*"党组员的建人大常委会机关代表工作政治监督一二三是要，。：；“”（）、！？ \t\n\u3000×",
     "D", "DD", "x", "xx", "X", "XXX", "*", "**", "***", "＊", "##paidbegin##", "##paidend##", "哒哒素材库",
     ",", ":", ";", "(", ")", "?", "!", "PPP", "App", "3D", "12:30", "1,000", "\u200b", "\ufeff",
     '"', "来源：", "编辑：", "【关闭窗口】", "（上接第一版）", "记者", "图为", "2023-06-12 09:30"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(NOISY_ALPHABET, max_size=60).map("".join))
def test_cleaning_is_idempotent(raw: str) -> None:
    once = clean(raw).text
    assert clean(once).text == once


def test_cleaning_real_seeds_is_idempotent() -> None:
    for path in ALL_SEEDS:
        once = seed_clean(path)
        assert clean(once).text == once


WEB_PAGE = """首页 > 人大要闻 > 工作动态
市人大常委会召开代表联络站建设推进会
发布时间：2023-06-12 09:30:21  来源：××市人大常委会办公室  浏览次数：1526
【字体：大 中 小】【打印本页】【关闭窗口】
6月9日，市人大常委会召开全市代表联络站建设推进会，总结交流各地经验做法。
图为会议现场。
责任编辑：王晓东
编辑：李明  审核：张华
（编辑：赵六）
记者 赵晓明 报道
××人大 2023-08-21 18:05 发表于河南
上一篇：市人大常委会召开党组（扩大）会议
（下转第三版）
第2页 共5页
"""


def test_web_page_furniture_is_removed_whole_and_recorded() -> None:
    result = clean(WEB_PAGE)
    assert result.lines == [
        "市人大常委会召开代表联络站建设推进会",
        "6月9日，市人大常委会召开全市代表联络站建设推进会，总结交流各地经验做法。",
        "图为会议现场。",  # the article's own caption stays in the stored text; mining leaves it out
    ]
    removed = [change.before for change in result.changes if change.kind == "boilerplate"]
    assert len(removed) == 11 and "责任编辑：王晓东" in removed and "第2页 共5页" in removed
    assert result.summary()["boilerplate"] == 11


def test_prose_that_merely_starts_like_furniture_is_kept() -> None:
    notice = "时间：3月2日上午9时，地点：县人大常委会会议室，请各位委员准时参加并提前审阅会议材料。"
    assert clean(notice).text == notice  # a notice's own time and place, and long: not page furniture
    long_line = "来源：" + "各地在实践中探索形成了“群众点单、代表接单、部门办单”的工作模式，" * 3
    assert clean(long_line).text == long_line
    assert clean("编辑部要认真做好稿件审核工作。").text == "编辑部要认真做好稿件审核工作。"


def test_straight_double_quotes_become_curly_in_pairs() -> None:
    assert clean('引导代表坚定拥护"两个确立"、坚决做到"两个维护"').text == "引导代表坚定拥护“两个确立”、坚决做到“两个维护”"
    assert clean('深化"人大代表+"活动').text == "深化“人大代表+”活动"
    assert clean('他说"好').text == '他说"好'  # an odd one out cannot be paired safely
    assert clean('set "abc" to 1').text == 'set "abc" to 1'  # quotes among Latin text are not Chinese punctuation
