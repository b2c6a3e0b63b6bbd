"""What is not a phrase, on real material: web copies cut at either end, captions, news boilerplate,
bylines, dates, lists of people and places, placeholder terms — and couplets, which are."""
from __future__ import annotations

from helpers import ALL_SEEDS

from phrasebank.documents.parse import parse_text, split_sentences
from phrasebank.mining.filters import junk_term, reusable_sentence, starts_inside_word
from phrasebank.mining.pipeline import mine_file, mine_text
from phrasebank.mining.series import find_series, is_couplet
from phrasebank.mining.tokens import cut


def mined(raw: str, name: str = "web.txt") -> dict[str, set[str]]:
    """kind → texts mined from a document given as text."""
    kinds: dict[str, set[str]] = {}
    for phrase in mine_text(raw, name, name).phrases:
        kinds.setdefault(phrase.kind, set()).add(phrase.text)
    return kinds


def series_of(text: str) -> list[str]:
    """The series and couplets of one text, as mining finds them."""
    starts: dict[int, str] = {}
    offset = 0
    for token in cut(text):
        starts[offset] = token
        offset += len(token)
    return ["、".join(items) for _, items in find_series(text, starts)]


WEB_COPY_CUT_BOTH_ENDS = (
    "门、街道办事处之间的协调联动。各地在实践中探索形成了“群众点单、代表接单、部门办单”的工作模式，"
    "推动群众急难愁盼问题在基层得到及时解决。\n"
    "做好新时代代表工作，必须坚持以人民为中心，把代表联系群众作为人大工作的基础性工作抓紧抓实。\n"
    "人大工作要始终坚持党的领导、人民当家作主、依法治国有机统一，坚持依法治国、依法执政、依法行"
)


def test_a_web_copy_cut_at_both_ends_gives_no_cut_sentence_no_opening_no_cut_series() -> None:
    kinds = mined(WEB_COPY_CUT_BOTH_ENDS)
    assert "opening" not in kinds  # a headless fragment has no opening
    assert "门、街道办事处之间的协调联动。" not in kinds["sentence"]
    assert "做好新时代代表工作，必须坚持以人民为中心，把代表联系群众作为人大工作的基础性工作抓紧抓实。" in kinds["sentence"]
    assert "群众点单、代表接单、部门办单" in kinds["series"]
    assert not any(text.startswith(("坚持依法治国", "依法治国、依法执政")) for text in kinds["series"])
    assert not any("有机" in text for text in kinds["series"])  # 依法治国有机|统一: not a series item


def test_a_copy_that_starts_inside_a_word_is_recognised_by_the_tokeniser() -> None:
    assert starts_inside_word("展全过程人民民主的生动实践。近年来，我市各级人大……")
    assert not starts_inside_word("近年来，我市各级人大坚持把民生实事项目人大代表票决制作为重要抓手。")
    assert not starts_inside_word("抓好党史学习教育。")  # a one-character verb starts many 公文 sentences
    doc = parse_text("展全过程人民民主的生动实践。近年来，各级人大坚持问需于民。", starts_inside_word=starts_inside_word)
    assert doc.cut_at_start and doc.headless and doc.opening is None


def test_a_copy_that_starts_at_part_three_has_no_opening_and_its_run_in_points_are_points() -> None:
    raw = (
        "作，推动审议意见落地见效。二是聚焦民生热点开展监督。围绕教育、医疗、养老、住房等群众关心的问题，"
        "推动解决一批群众急难愁盼问题。\n"
        "三、坚持人民至上，在密切联系群众上展现新作为\n"
        "人大代表来自人民、植根人民。\n"
    )
    kinds = mined(raw)
    assert "opening" not in kinds
    assert "聚焦民生热点开展监督" in kinds["point"]
    assert not any(text.startswith(("作，", "二是")) for text in kinds["sentence"])
    assert "坚持人民至上，在密切联系群众上展现新作为" in kinds["heading"]


def test_a_real_document_keeps_its_opening_even_with_a_dateline_under_its_title() -> None:
    raw = (
        "在全县人大工作会议上的讲话\n（2023年3月2日）\n同志们：\n"
        "这次会议的主要任务是：深入学习贯彻党的二十大精神，安排部署今年重点任务。\n"
        "一、提高政治站位\n人民代表大会制度是我国的根本政治制度。\n"
    )
    kinds = mined(raw)
    assert kinds["salutation"] == {"同志们："}
    assert kinds["opening"] == {"这次会议的主要任务是：深入学习贯彻党的二十大精神，安排部署今年重点任务。"}


def test_captions_news_boilerplate_bylines_and_dates_are_not_phrases() -> None:
    raw = (
        "市人大常委会召开代表联络站建设推进会\n"
        "发布时间：2023-06-12 09:30:21  来源：××市人大常委会办公室  浏览次数：1526\n"
        "本报讯（记者 陈静 通讯员 周伟）6月9日，市人大常委会召开全市代表联络站建设推进会。\n"
        "市委副书记×××出席会议并讲话。\n"
        "会议指出，代表联络站是人大代表联系群众的重要平台，是践行全过程人民民主的重要阵地。\n"
        "图为代表在社区听取居民意见。\n"
        "县人大常委会副主任张建国、王海燕、刘志强参加视察。\n"
        "视察组先后深入城关镇、红旗镇、新华镇、东风乡等地，实地察看了农村饮水安全提升项目。\n"
        "要强化项目资金保障，严格资金使用管理，提高资金使用效益。\n"
        "责任编辑：王晓东\n"
        "记者 赵晓明 报道\n"
    )
    document = mine_text(raw, "news.txt", "news.txt")
    texts = {phrase.text for phrase in document.phrases}
    assert texts == {"要强化项目资金保障，严格资金使用管理，提高资金使用效益。"}
    stored = "\n".join(text for _, text in document.paragraphs)
    assert "责任编辑" not in stored and "浏览次数" not in stored and "记者 赵晓明" not in stored  # page furniture
    assert "图为代表在社区听取居民意见。" in stored  # the article's own words stay searchable


def test_sentences_tied_to_one_occasion_are_not_reusable() -> None:
    assert not reusable_sentence("今年6月，召开县委常委会议专题听取、专题研究、专题部署。")
    assert not reusable_sentence("常委会党组书记、主任喻云林同志担任组长，亲自动员、亲自部署。")
    assert not reusable_sentence("机关工会职工之家被推荐为“全国模范职工之家”。")
    assert not reusable_sentence("强化对党、对的忠诚教育，教育引导机关党员干部深刻领悟“两个确立”的决定性意义。")
    assert not reusable_sentence("组织机关党员干部到周邓纪念馆过“政治生日”，重温入党誓词。")
    assert reusable_sentence("有权必有责，用权受监督。")
    assert reusable_sentence("发挥机关党组理论学习中心组带头作用，开展集中学习××次，集体研讨××次。")


def test_lists_of_people_places_and_dates_are_not_series() -> None:
    assert series_of("广泛开展向“××楷模”金万昆、成卫东、王东坡同志学习活动。") == []
    assert series_of("会上，青山区、东湖区、西城区、南岗区人大常委会作了交流发言。") == []
    assert series_of("分别在一月、四月、七月、十月召开常委会会议。") == []
    assert series_of("坚持高起点、高标准、高规格打造人大机关阵地。") == ["高起点、高标准、高规格"]


def test_a_series_never_ends_inside_a_word() -> None:
    text = "制定基因和细胞产业促进、人才发展促进、职业教育产教融合促进等法规，修订职业教育条例。"
    assert series_of(text) == []  # 职业教育产教|融合: the last item is cut
    assert series_of("提倡讲短话、讲实话、讲管用的话，努力改进会风。") == []
    assert series_of("营造了尊崇、学习、遵守、维护和运用宪法的良好氛围。") == []  # the list goes on
    assert series_of("不断提升各项工作的制度化、规范化、标准化水平。") == ["制度化、规范化、标准化"]
    assert series_of("努力打造一支政治坚定、作风过硬、为民务实的干部队伍。") == ["政治坚定、作风过硬、为民务实"]


def test_every_mined_series_of_the_seeds_ends_on_token_boundaries() -> None:
    for path in ALL_SEEDS:
        document = mine_file(path)
        paragraphs = dict(document.paragraphs)
        for phrase in document.phrases:
            if phrase.kind != "series":
                continue
            for line, column, _, _ in phrase.sources:
                paragraph = paragraphs[line]
                sentence = next(text for start, text in split_sentences(paragraph)
                                if start <= column < start + len(text))
                start = column - paragraph.index(sentence)
                boundaries = {0}
                for token in cut(sentence):
                    boundaries.add(max(boundaries) + len(token))
                assert start in boundaries and start + len(phrase.text) in boundaries, phrase.text


def test_couplets_are_mined_as_series() -> None:
    raw = (
        "近年来，区人大常委会聚焦群众所思所盼，实现了民有所呼、我有所应。\n"
        "我们坚持守土有责、守土尽责，对民生议题实施全过程监督。\n"
        "要坚持问需于民、问计于民，推动人大工作更好体现民意。\n"
        "会议审议了专题询问、专题调研两项议程。\n"
    )
    series = mined(raw)["series"]
    assert {"民有所呼、我有所应", "守土有责、守土尽责", "问需于民、问计于民"} <= series
    assert "专题询问、专题调研" not in series  # a plain pair with a common prefix is no couplet
    assert is_couplet("件件有着落", "事事有回音") and is_couplet("由民定", "由民评")
    assert not is_couplet("东城区", "西城区") and not is_couplet("机关", "机关")


def test_placeholder_digit_and_single_character_terms_are_dropped() -> None:
    for junk in ("××", "××·××", "156", "家、站", "老将", "1+N", "15分钟", "××楷模", "满意率"):
        assert junk_term(junk), junk
    for term in ("第一议题", "回头看", "钱袋子", "由民定、由民评", "××文化大讲堂"):
        assert not junk_term(term), term
    assert junk_term("倡议书", after="》")  # part of a document's title
    kinds = mined("推动人大代表“家、站、点”全覆盖，群众可拨打“12345”热线，也可到“××”代表联络站反映，落实“第一议题”制度。")
    assert kinds["term"] == {"第一议题"}
