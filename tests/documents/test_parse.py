"""Structure parsing finds every level-1 heading and level-2 point of the five seeds."""
from __future__ import annotations

from pathlib import Path

from helpers import SEED_000, SEED_001, SEED_002, SEED_003, SEED_004

from phrasebank.documents.parse import ends_mid_sentence, parse_file, parse_text, starts_mid_sentence

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "precision" / "sources"


def headings(document) -> list[str]:
    return [part.text for part in document.parts]


def points(part) -> list[str]:
    return [point.text for point in part.points()]


def test_seed_000_four_parts_with_three_lead_sentences_each() -> None:
    doc = parse_file(SEED_000)
    assert doc.salutation.text == "尊敬的××，同志们："
    assert headings(doc) == [
        "维护核心，做政治坚定的表率，着力打造忠诚可靠的“政治机关”",
        "围绕中心，做服务发展的表率，着力打造坚强有力的“权力机关”",
        "坚守初心，做干事创业的表率，着力打造质高量大的“工作机关”",
        "贴近民心，做联系群众的表率，着力打造人民满意的“代表机关”",
    ]
    assert [part.label for part in doc.parts] == ["一、", "二、", "三、", "四、"]
    assert [points(part) for part in doc.parts] == [
        ["丰富学习强思想，让学习“高”起来", "强化培训练业务，让能力“提”起来", "严格管理定目标，让党员“干”起来"],
        ["动员部署勇争先", "靶向监督提效能", "深入基层创特色"],
        ["专题活动聚合力", "“老将”新征激活力", "服务发展添动力"],
        ["全面开展“党员精准联户”工作", "指导实施代表联络站“三化”建设", "带头为民履职办好实事"],
    ]
    assert all(point.style == "lead" and point.level == 2 for part in doc.parts for point in part.points())
    assert doc.closing.text.startswith("下一步，我们将")
    assert doc.closing.sentences()[-1].text == "汇报完毕，谢谢大家！"


def test_seed_001_title_five_parts_and_lead_points() -> None:
    doc = parse_file(SEED_001)
    assert doc.title.text == "2023年市人大常委会机关党组落实全面从严治党主体责任情况报告"
    assert doc.title.pos.line == 2
    assert doc.salutation is None
    assert doc.opening.sentences()[-1].text == "现将有关情况报告如下："
    assert headings(doc) == [
        "提高政治站位，强化政治担当",
        "坚持凝心铸魂，主题教育见行见效",
        "压实党建责任，夯实组织基础",
        "强化正风肃纪，建设清廉机关",
        "发挥领导作用，落实职责任务",
    ]
    assert [len(part.points()) for part in doc.parts] == [3, 5, 4, 3, 8]
    assert points(doc.parts[0]) == ["加强政治建设，确保正确方向", "强化理论武装，筑牢思想根基", "紧扣中心任务，推动高质量发展"]
    assert points(doc.parts[2])[0] == "聚焦“担责履责”，构建上下贯通责任体系"
    assert points(doc.parts[4])[-1] == "发挥群团组织作用"
    closing_points = points(doc.closing)
    assert closing_points[2:] == ["强化政治机关建设", "深化创新理论武装", "巩固主题教育成果", "着力夯实基层基础", "抓实纪律作风建设", "推动主体责任落实"]


def test_seed_002_run_in_points_one_paragraph_each() -> None:
    doc = parse_file(SEED_002)
    assert doc.salutation.text == "市委："
    assert headings(doc)[1] == "围绕县委决策部署，充分发挥人大依法监督作用"
    assert [len(part.points()) for part in doc.parts] == [5, 5, 3, 5, 0]
    assert points(doc.parts[0]) == ["主动接受县委领导", "抓好党史学习教育", "严肃党内政治生活", "加强党风廉政建设", "强化意识形态工作"]
    assert points(doc.parts[2]) == ["抓培训，明确代表履职方向", "抓活动，提升代表履职能力", "抓落实，增强代表履职实效"]
    assert [point.label for point in doc.parts[3].points()] == ["一是", "二是", "三是", "四是", "五是"]
    # The part's introductory paragraph stays body text, not a point.
    assert doc.parts[1].children[0].kind == "sentence"
    assert doc.closing.text.startswith("过去的一年，我们虽然")


def test_seed_003_mixed_and_unnumbered_points() -> None:
    doc = parse_file(SEED_003)
    assert doc.salutation.text == "同志们："
    assert headings(doc) == [
        "坚持党的领导，建设对党忠诚的“政治机关”",
        "坚持服务发展，建设依法履职的“权力机关”",
        "坚持人民至上，建设践行宗旨的“代表机关”",
        "坚持强基固本，建设务实担当的“工作机关”",
    ]
    assert points(doc.parts[0]) == [
        "坚持党中央集中统一领导",
        "必须坚持以习近平新时代中国特色社会主义思想为指导",
        "必须紧紧围绕区委、区政府工作大局履职尽责",
    ]
    assert [point.label for point in doc.parts[0].points()] == ["一要", "二是", "三是"]
    assert points(doc.parts[1]) == ["要全面开展经济监督", "要扎实开展民生监督", "要深入开展法治监督", "要持续开展人事监督"]
    assert points(doc.parts[2]) == ["要抓好履职培训", "要建好活动载体", "要督办代表建议", "要加强区镇联动"]
    assert points(doc.parts[3]) == ["要讲团结凝聚合力", "要讲纪律清正廉洁", "要讲实干树优形象"]
    assert points(doc.opening) == ["学深悟透", "突出重点", "学以致用"]
    assert doc.closing.text.startswith("同志们，我坚信")


def test_seed_004_heading_split_from_body_on_the_same_line() -> None:
    doc = parse_file(SEED_004)
    assert headings(doc) == [
        "高位推动、精心部署，推进“三联三助”活动落细落地",
        "上下联动、同向发力，推进“三联三助”活动走深走实",
        "示范带动、提升水平，推进“三联三助”活动见行见效",
    ]
    for part in doc.parts:
        assert [point.label for point in part.points()] == ["一是", "二是", "三是"]
    assert points(doc.parts[0]) == ["领导带头顶格推动", "项目管理清单推动", "落实经费保障推动"]
    assert points(doc.parts[2]) == ["坚持学习带动", "坚持典型带动", "坚持品牌带动"]
    first = doc.parts[0]
    assert (first.pos.line, first.pos.column) == (3, 2)
    assert first.points()[0].pos.line == 3 and first.points()[0].pos.column > len(first.text)
    assert doc.closing.sentences()[-1].text == "发言完毕，请各位领导批评指正。"


def test_positions_point_back_into_the_clean_paragraph() -> None:
    doc = parse_file(SEED_004)
    for node in doc.walk():
        if node.kind in ("sentence", "point", "part"):
            paragraph = doc.paragraph(node.pos.line)
            assert paragraph[node.pos.column :].startswith(node.text[:6]), (node.kind, node.text)
            assert node.pos.file == str(SEED_004)


def test_numbered_level_two_to_four_headings_nest() -> None:
    doc = parse_text(
        "关于加强代表工作的报告\n"
        "一、总体情况\n"
        "（一）加强代表培训\n"
        "全年组织培训三次。\n"
        "1.集中培训。组织代表集中学习。\n"
        "（1）初任培训。新任代表全部参训。\n"
        "（二）办好代表建议\n"
        "建议全部办结。\n"
        "二、下一步打算\n"
        "继续做好代表工作。\n"
    )
    assert doc.title.text == "关于加强代表工作的报告"
    first = doc.parts[0]
    assert points(first) == ["加强代表培训", "办好代表建议"]
    level3 = first.points()[0].points()
    assert [(p.label, p.text, p.level) for p in level3] == [("1.", "集中培训", 3)]
    assert [(p.label, p.text, p.level) for p in level3[0].points()] == [("（1）", "初任培训", 4)]


def test_a_web_copy_that_starts_mid_sentence_is_headless_and_has_no_opening() -> None:
    doc = parse_text(
        "门、街道办事处之间的协调联动。各地在实践中探索形成了“群众点单、代表接单、部门办单”的工作模式。\n"
        "做好新时代代表工作，必须坚持以人民为中心。\n"
    )
    assert doc.cut_at_start and doc.headless and not doc.cut_at_end
    assert doc.opening is None and doc.body is not None
    first, second = doc.body.sentences()[:2]
    assert (first.text, first.cut) == ("门、街道办事处之间的协调联动。", "start")
    assert second.cut == ""
    assert starts_mid_sentence("，将代表建议办理情况纳入部门年度绩效考核。")
    assert starts_mid_sentence("作，推动审议意见落地见效。")
    assert not starts_mid_sentence("省、市、县、乡四级人大代表主动进“家”入“站”。")


def test_a_copy_that_starts_at_part_three_is_headless() -> None:
    doc = parse_text("（三）认真履行代表职责。积极参加视察调研。\n三、今后的努力方向\n进一步加强学习。\n")
    assert doc.headless and not doc.cut_at_start and doc.opening is None
    assert [part.label for part in doc.parts] == ["三、"]


def test_a_copy_that_ends_mid_sentence_marks_its_last_sentence_cut() -> None:
    doc = parse_text(
        "在全县人大工作会议上的讲话\n同志们：\n下面，我讲三点意见。\n一、加强自身建设\n"
        "要推进乡镇人大规范化建设，持续推动代表之家、代表联络站提档升级，不断提升代表履职的\n"
    )
    assert doc.cut_at_end and not doc.headless
    assert doc.opening is not None  # a real document's beginning: its opening stays an opening
    assert doc.parts[0].sentences()[-1].cut == "end"
    assert ends_mid_sentence("坚持依法治国、依法执政、依法行")
    assert not ends_mid_sentence("××县人大常委会")  # a signature
    assert not ends_mid_sentence("2023年12月20日")  # a date
    assert not ends_mid_sentence("三、坚持从严从实，在加强自身建设上展现新作为")  # a heading


def test_a_document_without_parts_has_a_body_not_an_opening() -> None:
    doc = parse_text("以高质量代表工作助推全过程人民民主\n××市人大常委会研究室 王立新\n"
                     "人大代表是人民代表大会的主体，代表工作是人大工作的基础。\n")
    assert doc.title.text == "以高质量代表工作助推全过程人民民主"
    assert doc.opening is None and doc.parts == []
    assert [node.text for node in doc.body.sentences()] == ["人大代表是人民代表大会的主体，代表工作是人大工作的基础。"]


def test_a_dateline_under_the_title_leaves_the_salutation_recognised() -> None:
    doc = parse_text("在全县人大工作会议上的讲话\n（2023年3月2日）\n同志们：\n这次会议很重要。\n一、提高站位\n要讲政治。\n")
    assert doc.salutation.text == "同志们："
    assert doc.opening.sentences()[0].text == "这次会议很重要。"


def test_a_word_report_with_tables_parses_as_a_real_document() -> None:
    doc = parse_file(SAMPLE / "report-tables.docx")
    assert doc.title.text == "××县人大常委会2023年监督工作情况报告"
    assert doc.salutation.text == "县委："
    assert doc.opening.sentences()[-1].text == "现将有关情况报告如下："
    assert [part.label for part in doc.parts] == ["一、", "二、", "三、"]
    assert "听取审议" in doc.clean.lines and "71.0%" in doc.clean.lines  # table cells where the tables stand
    assert not doc.headless and not doc.cut_at_start and not doc.cut_at_end
