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
