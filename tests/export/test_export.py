"""Export: text with derived numbering and full-width punctuation, Markdown, and a GB/T 9704 .docx."""
from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from helpers import build_seed_000

from phrasebank.export.blocks import slot_warnings
from phrasebank.export.text import export_text
from phrasebank.export.word import docx_bytes
from phrasebank.outline.file import save_outline

SEED_000_TEXT = """\
县人大常委会机关党支部建设模范机关情况汇报

尊敬的王主任，同志们：
一、维护核心，做政治坚定的表率，着力打造忠诚可靠的“政治机关”
（一）丰富学习强思想，让学习“高”起来。
（二）强化培训练业务，让能力“提”起来。
（三）严格管理定目标，让党员“干”起来。
二、围绕中心，做服务发展的表率，着力打造坚强有力的“权力机关”
（一）动员部署勇争先。
（二）靶向监督提效能。
（三）深入基层创特色。
三、坚守初心，做干事创业的表率，着力打造质高量大的“工作机关”
（一）专题活动聚合力。
（二）“老将”新征激活力。
（三）服务发展添动力。
四、贴近民心，做联系群众的表率，着力打造人民满意的“代表机关”
（一）全面开展“党员精准联户”工作。
（二）指导实施代表联络站“三化”建设。
（三）带头为民履职办好实事。
下一步，我们将以贯彻此次会议精神为契机，坚持以党的二十大精神指引，进一步学习各兄弟县市典型做法，推动我单位模范机关建设再上新台阶，再创新业绩。
汇报完毕，谢谢大家！
"""


def test_seed_000_exports_as_text() -> None:
    assert export_text(build_seed_000()) == SEED_000_TEXT


def test_text_export_renumbers_after_changes_and_runs_bodies_on() -> None:
    outline = build_seed_000()
    outline.delete(outline.parts[1].id)
    first_point = outline.children(outline.parts[0].id)[0]
    outline.edit(first_point.id, body="人大常委会党组坚持“第一议题”学习制度(每月一次),确保方向正确.")
    outline.add_child(first_point.id, "细化措施", body="分三步推进:")
    lines = export_text(outline).splitlines()
    assert lines[4] == "（一）丰富学习强思想，让学习“高”起来。人大常委会党组坚持“第一议题”学习制度（每月一次），确保方向正确."
    assert lines[5:7] == ["1.细化措施", "分三步推进："]  # no sentence end: the body gets its own paragraph
    assert [line[:2] for line in lines if line[1:2] == "、"] == ["一、", "二、", "三、"]


def _east_asian(run) -> str | None:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_docx_follows_gbt_9704(tmp_path: Path) -> None:
    outline = build_seed_000()
    point = outline.children(outline.parts[0].id)[0]
    outline.edit(point.id, body="人大常委会党组坚持“第一议题”学习制度。")
    detail = outline.add_child(point.id, "细项")
    outline.add_child(detail.id, "更细")
    path = tmp_path / "out.docx"
    path.write_bytes(docx_bytes(outline))
    document = docx.Document(str(path))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)]
    assert margins == [37, 35, 28, 26]
    paragraphs = [p for p in document.paragraphs if p.text]
    by_text = {p.text: p for p in paragraphs}

    title = paragraphs[0]
    assert title.text == "县人大常委会机关党支部建设模范机关情况汇报"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert (title.runs[0].font.name, _east_asian(title.runs[0]), title.runs[0].font.size) == ("方正小标宋简体", "方正小标宋简体", Pt(22))

    expected = {
        "一、维护核心，做政治坚定的表率，着力打造忠诚可靠的“政治机关”": "黑体",
        "四、贴近民心，做联系群众的表率，着力打造人民满意的“代表机关”": "黑体",
        "（二）强化培训练业务，让能力“提”起来。": "楷体_GB2312",
        "1.细项": "仿宋_GB2312",
        "（1）更细": "仿宋_GB2312",
        "汇报完毕，谢谢大家！": "仿宋_GB2312",
    }
    for text, font in expected.items():
        run = by_text[text].runs[0]
        assert (run.font.name, _east_asian(run), run.font.size) == (font, font, Pt(16)), text
        assert by_text[text].paragraph_format.first_line_indent == Pt(32)
    lead = by_text["（一）丰富学习强思想，让学习“高”起来。人大常委会党组坚持“第一议题”学习制度。"]
    assert [(_east_asian(r), r.text) for r in lead.runs] == [
        ("楷体_GB2312", "（一）丰富学习强思想，让学习“高”起来。"),
        ("仿宋_GB2312", "人大常委会党组坚持“第一议题”学习制度。"),
    ]
    normal = document.styles["Normal"]
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert 28 <= normal.paragraph_format.line_spacing.pt <= 29
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_slot_warnings_name_the_place() -> None:
    outline = build_seed_000()
    point = outline.children(outline.parts[1].id)[1]
    outline.edit(point.id, body="全年监督××项，××人次。")
    outline.edit(outline.children(outline.parts[2].id)[0].id, "开展××项专题活动。")
    warnings = slot_warnings(outline)
    assert warnings == ["二、（二） 2 处：全年监督××项，××人次。", "三、（一） 1 处：开展××项专题活动。"]
    assert warnings.slots == len(outline.unfilled_slots()) == 3
    assert warnings.headline == "还有 3 处未填空位（2 个条目）"
    assert slot_warnings(build_seed_000()) == [] and slot_warnings(build_seed_000()).headline == ""


def test_cli_export_formats_warnings_and_strict(tmp_path: Path, run_cli) -> None:
    outline = build_seed_000()
    path = tmp_path / "讲话.json"
    save_outline(outline, path)
    result = run_cli("export", path)
    assert result.code == 0 and result.err == ""
    assert (tmp_path / "讲话.txt").read_text(encoding="utf-8") == SEED_000_TEXT
    assert run_cli("export", path, "-o", tmp_path / "讲话.md").code == 0
    assert (tmp_path / "讲话.md").read_text(encoding="utf-8").startswith("# 县人大常委会")
    assert run_cli("export", path, "--format", "docx").code == 0
    assert docx.Document(str(tmp_path / "讲话.docx")).paragraphs[0].text.startswith("县人大常委会")
    result = run_cli("export", path, "-o", "-")
    assert result.out == SEED_000_TEXT

    outline.edit(outline.children(outline.parts[2].id)[0].id, "开展××项专题活动。")
    save_outline(outline, path)
    result = run_cli("export", path, "-o", tmp_path / "new.txt")
    assert result.code == 0
    assert "还有 1 处未填空位（1 个条目）" in result.err and "三、（一） 1 处：开展××项专题活动。" in result.err
    result = run_cli("export", path, "--strict", "-o", tmp_path / "strict.docx")
    assert result.code == 1
    assert result.err.count("\n") == 1 and "--strict" in result.err and "三、（一）" in result.err
    assert not (tmp_path / "strict.docx").exists()
    assert not list(tmp_path.glob(".strict*"))
    before = (tmp_path / "讲话.txt").read_bytes()
    assert run_cli("export", path, "--strict").code == 1
    assert (tmp_path / "讲话.txt").read_bytes() == before
    assert run_cli("export", path, "-o", "-", "--format", "docx").code == 1
    assert run_cli("export", tmp_path / "missing.json").code == 1
