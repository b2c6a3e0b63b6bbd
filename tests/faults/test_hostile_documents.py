"""Hostile and broken documents: each is refused at once with one line naming the file (never a hang,
an unbounded read, or mojibake mined as if it were text), and a folder of them is mined around them."""
from __future__ import annotations

import io
import os
import stat
import threading
import time
import zipfile
from pathlib import Path

import docx
import pytest
from helpers import SEED_000

from phrasebank.documents.docx_text import DOCX_XML_LIMIT, MAX_TABLE_DEPTH
from phrasebank.documents.reading import TEXT_SIZE_LIMIT, iter_document_paths, read_document
from phrasebank.errors import TigangError

SECONDS = 5.0
"""Longer than any refusal takes; a read that blocks or reads forever is caught by it."""

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PARAGRAPH = "<w:p><w:r><w:t>一是加强理论学习，提升政治站位。</w:t></w:r></w:p>".encode()


def read_within(path: Path, seconds: float = SECONDS) -> str:
    """The refusal message of `read_document(path)`, which must come within `seconds`."""
    outcome: list[BaseException | str] = []

    def read() -> None:
        try:
            outcome.append(read_document(path).text)
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome.append(error)

    worker = threading.Thread(target=read, daemon=True)  # daemon: a hung read must not hang pytest's exit
    started = time.perf_counter()
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"reading {path} did not return within {seconds} s"
    assert time.perf_counter() - started < seconds
    [result] = outcome
    assert isinstance(result, TigangError), f"{path} was read instead of refused: {result!r}"[:300]
    message = str(result)
    assert "\n" not in message and path.name in message
    return message


def docx_with_document_xml(path: Path, write_xml) -> Path:
    """A real .docx from python-docx whose main part is replaced by what `write_xml(stream)` writes."""
    template = io.BytesIO()
    docx.Document().save(template)
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            if info.filename == "word/document.xml":
                with out.open(info.filename, "w", force_zip64=True) as stream:
                    write_xml(stream)
            else:
                out.writestr(info.filename, source.read(info))
    return path


def xml_of_megabytes(megabytes: int):
    def write(stream) -> None:
        stream.write(f"<w:document {W}><w:body>".encode())
        chunk = PARAGRAPH * (1024 * 1024 // len(PARAGRAPH))
        for _ in range(megabytes):
            stream.write(chunk)
        stream.write(b"</w:body></w:document>")
    return write


def xml_text(xml: str):
    return lambda stream: stream.write(xml.encode())


def declare_size(path: Path, member: str, size: int) -> None:
    """Make the zip's headers claim `size` bytes for `member` (a lying header, as a zip bomb has)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = int.from_bytes(data[central + 28:central + 30], "little")
        if data[central + 46:central + 46 + name_length] == name:
            data[central + 24:central + 28] = size.to_bytes(4, "little")
            local = int.from_bytes(data[central + 42:central + 46], "little")
            data[local + 22:local + 26] = size.to_bytes(4, "little")
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


# --- special files: refused before they are opened for reading -------------------------------------


def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "管道.txt"
    os.mkfifo(fifo)
    assert "命名管道" in read_within(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_is_refused_not_read_forever(tmp_path: Path) -> None:
    assert "字符设备" in read_within(Path("/dev/zero"))
    disguised = tmp_path / "零.txt"
    disguised.symlink_to("/dev/zero")
    assert "字符设备" in read_within(disguised)
    word = tmp_path / "零.docx"
    word.symlink_to("/dev/zero")
    assert "字符设备" in read_within(word)


def test_an_ipc_endpoint_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    os.mknod(path, stat.S_IFSOCK | 0o600)  # the special file a local server leaves, made with mknod
    assert "套接字" in read_within(path)


def test_a_text_file_beyond_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "巨大.txt"
    with path.open("wb") as file:  # sparse: costs no disk and no time to make
        file.write("一、坚持党的领导\n".encode())
        file.truncate(TEXT_SIZE_LIMIT + 1)
    message = read_within(path, seconds=1.0)
    assert "20 MB" in message and "拆成" in message


# --- .docx: bounded decompression, no entities ------------------------------------------------------


def test_a_docx_inflating_beyond_the_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = docx_with_document_xml(tmp_path / "炸弹.docx", xml_of_megabytes(DOCX_XML_LIMIT // 1024 // 1024 + 2))
    assert path.stat().st_size < 1024 * 1024  # a small file on disk
    message = read_within(path, seconds=1.0)
    assert "50 MB" in message and "解压" in message


def test_a_docx_bomb_under_a_text_name_is_refused_the_same_way(tmp_path: Path) -> None:
    path = docx_with_document_xml(tmp_path / "炸弹.docx", xml_of_megabytes(DOCX_XML_LIMIT // 1024 // 1024 + 2))
    renamed = path.rename(tmp_path / "炸弹.txt")
    assert "50 MB" in read_within(renamed, seconds=1.0)


def test_a_docx_whose_headers_understate_its_size_is_refused_without_inflating_it(tmp_path: Path) -> None:
    path = docx_with_document_xml(tmp_path / "谎报.docx", xml_of_megabytes(60))
    declare_size(path, "word/document.xml", 4096)
    assert zipfile.ZipFile(path).getinfo("word/document.xml").file_size == 4096
    started = time.perf_counter()
    message = read_within(path, seconds=2.0)
    assert "不是有效的 .docx" in message
    assert time.perf_counter() - started < 1.0  # it stopped at the declared size instead of inflating 60 MB


def test_a_docx_just_under_the_limit_of_real_paragraphs_is_read(tmp_path: Path) -> None:
    path = docx_with_document_xml(tmp_path / "长文.docx", xml_of_megabytes(4))
    text = read_document(path).text
    assert text.count("一是加强理论学习") > 50_000


def test_external_entities_in_a_docx_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容请勿外传", encoding="utf-8")
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file://{secret}">]>'
           f"<w:document {W}><w:body><w:p><w:r><w:t>一、坚持党的领导&xxe;</w:t></w:r></w:p></w:body></w:document>")
    path = docx_with_document_xml(tmp_path / "实体.docx", xml_text(xml))
    try:
        text = read_document(path).text
    except TigangError as error:
        text = str(error)
    assert "机密内容" not in text


def test_an_entity_expansion_bomb_in_a_docx_is_not_expanded(tmp_path: Path) -> None:
    entities = '<!ENTITY a0 "一二三四五六七八九十">' + "".join(
        f'<!ENTITY a{level} "{f"&a{level - 1};" * 10}">' for level in range(1, 10)
    )
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [{entities}]>'
           f"<w:document {W}><w:body><w:p><w:r><w:t>一、&a9;</w:t></w:r></w:p></w:body></w:document>")
    path = docx_with_document_xml(tmp_path / "笑.docx", xml_text(xml))
    started = time.perf_counter()
    try:
        text = read_document(path).text
    except TigangError as error:
        text = str(error)
    assert len(text) < 1000 and time.perf_counter() - started < 1.0


def test_tables_nested_past_the_bound_are_left_out_and_the_rest_is_read(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("一、坚持党的领导")
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "第1层"
    for depth in range(2, MAX_TABLE_DEPTH + 5):
        cell = cell.add_table(rows=1, cols=1).cell(0, 0)
        cell.text = f"第{depth}层"
    document.add_paragraph("二、依法履职")
    path = tmp_path / "嵌套.docx"
    document.save(path)
    lines = [line for line in read_document(path).text.splitlines() if line]
    assert lines == ["一、坚持党的领导", *(f"第{depth}层" for depth in range(1, MAX_TABLE_DEPTH + 1)), "二、依法履职"]


@pytest.mark.parametrize(
    ("name", "members"),
    [
        ("no-main-part", {"[Content_Types].xml": "<Types/>"}),
        ("spreadsheet", {"_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                        '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                                        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
                         "xl/workbook.xml": "<workbook/>"}),
        ("not-xml", {"word/document.xml": "一、坚持党的领导"}),
    ],
)
def test_zips_that_are_not_word_documents_are_refused(name: str, members: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / f"{name}.docx"
    with zipfile.ZipFile(path, "w") as package:
        for member, content in members.items():
            package.writestr(member, content)
    assert "不是有效的 .docx" in read_within(path)


def test_an_empty_docx_is_called_empty(tmp_path: Path) -> None:
    path = tmp_path / "空.docx"
    path.write_bytes(b"")
    assert "空文件" in read_within(path)


# --- text that is no supported encoding of Chinese: refused, never mojibake ------------------------


NOT_CHINESE = [
    ("german-latin1", "München, Straße, Grüße\n", "latin-1"),
    ("german-latin1-prose", "Die Bürger in München sind über die Änderungen nicht erfreut; größere Maßnahmen wären nötig.\n", "latin-1"),
    ("one-umlaut-latin1", "The Größe is right\n", "latin-1"),
    ("french-cp1252", "Le député a présenté « le rapport » à l’assemblée générale.\n", "cp1252"),
    ("japanese-shift-jis", "日本語のテキストです。これはテストです。\n", "shift_jis"),
    ("japanese-euc-jp", "日本語のテキストです。これはテストです。\n", "euc_jp"),
    ("russian-cp1251", "Привет, как дела? Это тест.\n", "cp1251"),
]


@pytest.mark.parametrize(("text", "codec"), [case[1:] for case in NOT_CHINESE], ids=[case[0] for case in NOT_CHINESE])
def test_text_that_is_not_chinese_in_any_supported_encoding_is_refused(text: str, codec: str, tmp_path: Path) -> None:
    path = tmp_path / "外文.txt"
    path.write_bytes(text.encode(codec))
    message = read_within(path)
    assert "编码无法识别" in message and "UTF-8" in message


def test_a_file_mixing_utf8_and_gbk_lines_is_refused(tmp_path: Path) -> None:
    lines = SEED_000.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "拼接.txt"
    path.write_bytes("".join(lines[:10]).encode("utf-8") + "".join(lines[10:]).encode("gbk"))
    assert "编码无法识别" in read_within(path)


def test_plain_english_is_still_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "english.txt"
    path.write_bytes(b"Report on the work of the Standing Committee.\n")
    assert read_document(path).encoding == "utf-8"


def test_binary_data_after_a_bom_or_as_utf16_is_refused(tmp_path: Path) -> None:
    noise = bytes(range(1, 32)) * 50
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + noise)
    assert "二进制" in read_within(bom)
    odd = tmp_path / "odd.txt"
    odd.write_bytes("一、坚持党的领导".encode("utf-16-le") + b"\x00")  # NULs, odd length: no UTF-16 either
    assert "二进制" in read_within(odd)


# --- folders and the command line --------------------------------------------------------------------


def hostile_folder(folder: Path) -> dict[str, str]:
    """A folder with one good document and one of each hostile kind: {file name: what its refusal says}."""
    folder.mkdir()
    (folder / "好.txt").write_bytes(SEED_000.read_bytes())
    os.mkfifo(folder / "管道.txt")
    (folder / "德文.txt").write_bytes("München, Straße, Grüße\n".encode("latin-1"))
    docx_with_document_xml(folder / "炸弹.docx", xml_of_megabytes(DOCX_XML_LIMIT // 1024 // 1024 + 1))
    (folder / "失效.txt").symlink_to(folder / "不存在.txt")
    return {"管道.txt": "命名管道", "德文.txt": "编码无法识别", "炸弹.docx": "50 MB", "失效.txt": "找不到"}


def test_folders_list_special_files_and_dead_links_as_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "材料"
    hostile_folder(folder)
    found, skipped = iter_document_paths([folder, tmp_path / "不存在"])
    assert sorted(path.name for path in found) == ["好.txt", "德文.txt", "炸弹.docx"]
    reasons = {path.name: reason for path, reason in skipped}
    assert set(reasons) == {"管道.txt", "失效.txt", "不存在"}
    assert "命名管道" in reasons["管道.txt"] and "找不到" in reasons["不存在"]
    fifo_found, fifo_skipped = iter_document_paths([folder / "管道.txt"])
    assert fifo_found == [] and "命名管道" in fifo_skipped[0][1]


def test_mining_a_folder_of_hostile_files_skips_each_and_mines_the_rest(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "材料"
    expected = hostile_folder(folder)
    started = time.perf_counter()
    result = run_cli("mine", folder, "--bank", tmp_path / "bank.sqlite")
    assert time.perf_counter() - started < 30
    assert result.code == 0, result.err
    assert "新增 1" in result.out and f"跳过 {len(expected)}" in result.out
    for name, says in expected.items():
        [line] = [line for line in result.out.splitlines() if name in line]
        assert says in line


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "latin1", "docx-bomb", "oversized-text"])
def test_outline_of_a_hostile_file_exits_nonzero_with_one_line(kind: str, run_cli, tmp_path: Path) -> None:
    path = tmp_path / f"{kind}.txt"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero here")
        path.symlink_to("/dev/zero")
    elif kind == "latin1":
        path.write_bytes("München, Straße, Grüße\n".encode("latin-1"))
    elif kind == "docx-bomb":
        path = docx_with_document_xml(tmp_path / "bomb.docx", xml_of_megabytes(DOCX_XML_LIMIT // 1024 // 1024 + 1))
    else:
        with path.open("wb") as file:
            file.truncate(TEXT_SIZE_LIMIT + 10)
    result = run_cli("outline-of", path)
    assert result.code != 0 and result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tigang: 错误：") and path.name in lines[0]
