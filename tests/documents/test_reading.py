"""Reading documents in every encoding and format writers have, and refusing bad files clearly."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from helpers import SEED_000, SEED_001, SEED_004

from phrasebank.documents.parse import parse_file
from phrasebank.documents.reading import read_document
from phrasebank.errors import TigangError


def tree(path: Path) -> list:
    return [node.to_dict() for node in parse_file(path).sections()]


@pytest.mark.parametrize("seed", [SEED_000, SEED_001, SEED_004], ids=lambda p: p.name[:3])
def test_gb18030_and_utf8_bom_copies_parse_to_the_same_tree(seed: Path, tmp_path: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    gb = tmp_path / "gb.txt"
    gb.write_bytes(text.encode("gb18030"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(text.encode("utf-8-sig"))
    assert read_document(gb).encoding == "gb18030"
    assert read_document(bom).encoding == "utf-8-sig"
    original = tree(seed)
    assert tree(gb) == original
    assert tree(bom) == original


def test_gbk_with_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "报告.txt"
    path.write_bytes("市委：\r\n一、坚持党的领导\r\n一是加强学习。认真学习。\r\n二是改进作风。深入基层。\r\n".encode("gbk"))
    doc = parse_file(path)
    assert doc.salutation.text == "市委："
    assert [p.text for p in doc.parts[0].points()] == ["加强学习", "改进作风"]


def test_markdown_formatting_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "讲话.md"
    path.write_text("# 在机关全体会议上的讲话\n\n同志们：\n\n## 一、坚持党的领导\n\n**加强学习，提升能力。**要把学习摆在首位，持续用力。\n\n**改进作风，狠抓落实。**要深入基层，解决问题。\n", encoding="utf-8")
    doc = parse_file(path)
    assert doc.title.text == "在机关全体会议上的讲话"
    assert [part.text for part in doc.parts] == ["坚持党的领导"]
    assert [p.text for p in doc.parts[0].points()] == ["加强学习，提升能力", "改进作风，狠抓落实"]


def test_docx_paragraphs_are_read(tmp_path: Path) -> None:
    source = docx.Document()
    for line in SEED_000.read_text(encoding="utf-8").splitlines():
        source.add_paragraph(line)
    path = tmp_path / "seed000.docx"
    source.save(path)
    doc = parse_file(path)
    assert read_document(path).encoding == "docx"
    assert [part.text for part in doc.parts] == [part.text for part in parse_file(SEED_000).parts]
    assert len(doc.parts[3].points()) == 3


def make_bad(kind: str, tmp_path: Path) -> Path:
    if kind == "empty":
        path = tmp_path / "empty.txt"
        path.write_bytes(b"")
    elif kind == "blank":
        path = tmp_path / "blank.txt"
        path.write_text(" \n\n\t\n", encoding="utf-8")
    elif kind == "binary":
        path = tmp_path / "image.txt"
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    elif kind == "corrupt-docx":
        path = tmp_path / "broken.docx"
        path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    elif kind == "truncated-docx":
        good = tmp_path / "good.docx"
        document = docx.Document()
        document.add_paragraph("一、坚持党的领导")
        document.save(good)
        path = tmp_path / "truncated.docx"
        path.write_bytes(good.read_bytes()[:2000])
    elif kind == "directory":
        path = tmp_path / "folder.txt"
        path.mkdir()
    elif kind == "missing":
        path = tmp_path / "no-such-file.txt"
    elif kind == "old-word":
        path = tmp_path / "old.doc"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    elif kind == "latin1":
        path = tmp_path / "latin.txt"
        path.write_bytes(bytes(range(128, 256)) * 4)
    return path


BAD_KINDS = ["empty", "blank", "binary", "corrupt-docx", "truncated-docx", "directory", "missing", "old-word", "latin1"]


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_files_raise_a_one_line_error_naming_the_file(kind: str, tmp_path: Path) -> None:
    path = make_bad(kind, tmp_path)
    with pytest.raises(TigangError) as error:
        read_document(path)
    message = str(error.value)
    assert "\n" not in message and path.name in message


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_files_give_one_line_and_nonzero_exit_from_the_cli(kind: str, tmp_path: Path, run_cli) -> None:
    path = make_bad(kind, tmp_path)
    result = run_cli("outline-of", path)
    assert result.code != 0
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tigang: 错误：") and path.name in lines[0]
    assert "Traceback" not in result.err


TRADITIONAL = """各位代表：
現在，我代表全國人民代表大會常務委員會，向大會報告工作，請予審議。
一、過去一年的主要工作
過去一年，常委會堅持以新時代中國特色社會主義思想為指導，全面貫徹黨的二十大精神，認真履行憲法和法律賦予的職責，緊緊圍繞黨和國家工作大局，依法行使立法權、監督權、決定權、任免權，各項工作取得新的進展。
（一）加強和改進立法工作。全年共審議法律案二十八件，通過其中十九件。我們堅持科學立法、民主立法、依法立法，廣泛聽取人民群眾的意見和建議，不斷提高立法質量和效率。
（二）依法開展監督工作。常委會聽取審議關於國民經濟和社會發展計劃執行情況的報告，檢查多部法律的實施情況，開展專題詢問和調研，推動解決人民群眾關心的突出問題。
二、今後一年的主要任務
新的一年，常委會要繼續堅持黨的領導、人民當家作主、依法治國有機統一，紮實做好立法、監督、代表等各項工作，為全面建設社會主義現代化國家作出新的貢獻。
"""
"""A traditional-Chinese work report (Big5 has every character of it)."""

TAIWAN = """立法院第十屆第五會期施政報告
行政院院長率各部會首長列席報告施政方針及施政報告，並備質詢。過去一年，政府積極推動產業轉型，強化社會安全網，照顧弱勢族群，落實長期照顧十年計畫，並持續推動能源轉型與環境保護。
面對國際經濟情勢的變化，我們將穩定物價，擴大公共建設投資，協助中小企業升級，並提升國家競爭力。
"""

ENCODED_PASSAGES = [
    ("seed-utf8", "seed", "utf-8", "utf-8"),
    ("seed-gbk", "seed", "gbk", "gb18030"),
    ("seed-gb18030", "seed", "gb18030", "gb18030"),
    ("seed-utf16le-no-bom", "seed", "utf-16-le", "utf-16-le"),
    ("seed-utf16be-no-bom", "seed", "utf-16-be", "utf-16-be"),
    ("seed-utf16-bom", "seed", "utf-16", "utf-16"),
    ("traditional-big5", "traditional", "big5", "big5"),
    ("traditional-cp950", "traditional", "cp950", "big5"),
    ("traditional-gb18030", "traditional", "gb18030", "gb18030"),
    ("traditional-utf8", "traditional", "utf-8", "utf-8"),
    ("traditional-utf16le-no-bom", "traditional", "utf-16-le", "utf-16-le"),
    ("taiwan-big5", "taiwan", "big5", "big5"),
    ("english-utf16le-no-bom", "english", "utf-16-le", "utf-16-le"),
]


def passage(name: str) -> str:
    return {
        "seed": SEED_001.read_text(encoding="utf-8"),
        "traditional": TRADITIONAL,
        "taiwan": TAIWAN,
        "english": "Report on the work of the Standing Committee.\nIt is plain English text.\n",
    }[name]


@pytest.mark.parametrize(("passage_name", "codec", "detected"), [case[1:] for case in ENCODED_PASSAGES],
                         ids=[case[0] for case in ENCODED_PASSAGES])
def test_real_passages_read_back_exactly_in_every_encoding(passage_name: str, codec: str, detected: str, tmp_path: Path) -> None:
    text = passage(passage_name)
    path = tmp_path / "材料.txt"
    path.write_bytes(text.encode(codec))
    source = read_document(path)
    assert source.encoding == detected
    assert source.text == text.replace("\r\n", "\n")


BIG5_LINES = [line for line in (TRADITIONAL + TAIWAN).splitlines() if line]


@pytest.mark.parametrize("line", BIG5_LINES, ids=[f"line{number}" for number in range(len(BIG5_LINES))])
def test_every_single_big5_line_is_read_as_big5_not_as_gb18030_mojibake(line: str, tmp_path: Path) -> None:
    path = tmp_path / "一行.txt"
    path.write_bytes(line.encode("big5"))
    assert read_document(path).text == line


def test_big5_report_parses_into_its_traditional_parts(tmp_path: Path) -> None:
    path = tmp_path / "報告.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))
    doc = parse_file(path)
    assert [part.text for part in doc.parts] == ["過去一年的主要工作", "今後一年的主要任務"]
    assert [point.text for point in doc.parts[0].points()] == ["加強和改進立法工作", "依法開展監督工作"]


def test_word_line_and_page_breaks_become_lines_and_other_controls_go(tmp_path: Path) -> None:
    path = tmp_path / "导出.txt"
    path.write_bytes("一、坚持党的领导\x0b加强学习\x0c二、改进作风\x01\x7f深入\x85基层\u2028狠抓落实\r\n\t三、其他\r".encode())
    assert read_document(path).text == "一、坚持党的领导\n加强学习\n二、改进作风深入基层\n狠抓落实\n\t三、其他\n"


def test_many_manual_line_breaks_are_not_mistaken_for_binary(tmp_path: Path) -> None:
    path = tmp_path / "短行.txt"
    path.write_bytes(("加强学习\x0b" * 400).encode("gb18030"))
    assert read_document(path).text.count("\n") == 400


def docx_with_table_under_part_one(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("一、坚持党的领导")
    document.add_paragraph("一是加强学习。认真学习。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "二是改进作风。深入基层。"
    table.cell(0, 1).text = "三是狠抓落实。真抓实干。"
    table.cell(1, 0).text = "四是严守纪律。"
    inner = table.cell(1, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "五是团结协作。"
    document.add_paragraph("二、依法履职尽责")
    document.add_paragraph("一是依法监督。听取审议。")
    document.save(path)


def test_word_tables_are_read_where_they_stand(tmp_path: Path) -> None:
    path = tmp_path / "表格.docx"
    docx_with_table_under_part_one(path)
    lines = [line for line in read_document(path).text.splitlines() if line]
    assert lines == ["一、坚持党的领导", "一是加强学习。认真学习。", "二是改进作风。深入基层。", "三是狠抓落实。真抓实干。",
                     "四是严守纪律。", "五是团结协作。", "二、依法履职尽责", "一是依法监督。听取审议。"]
    doc = parse_file(path)
    assert [p.text for p in doc.parts[0].points()] == ["加强学习", "改进作风", "狠抓落实", "严守纪律", "团结协作"]
    assert [p.text for p in doc.parts[1].points()] == ["依法监督"]


def test_a_merged_cell_is_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "一是加强学习。"
    path = tmp_path / "合并.docx"
    document.save(path)
    assert read_document(path).text.count("一是加强学习") == 1


def test_docx_paragraph_text_is_what_python_docx_reads(tmp_path: Path) -> None:
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    paragraph = document.add_paragraph("一、坚持")
    run = paragraph.add_run("党的")
    run.add_tab()
    run.add_text("领导")
    run.add_break()
    run.add_text("第二行")
    run.add_break(WD_BREAK.PAGE)
    paragraph.add_run("末尾 ").bold = True
    document.add_paragraph("")
    document.add_paragraph("（一）加强学习")
    path = tmp_path / "格式.docx"
    document.save(path)
    expected = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "\t" in expected and "第二行" in expected
    assert read_document(path).text == expected


def test_utf8_with_a_few_stray_nuls_keeps_its_text(tmp_path: Path) -> None:
    text = SEED_000.read_text(encoding="utf-8")
    path = tmp_path / "截断.txt"
    path.write_bytes(text.encode("utf-8") + b"\x00" * 3)
    source = read_document(path)
    assert source.encoding == "utf-8" and source.text == text
