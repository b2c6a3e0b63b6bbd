"""Builds `sources/report-tables.docx`: an annual report with tables, as offices write them in Word.

Run once (`python tests/data/precision/make_report_docx.py`); the .docx is kept in the repository so
the precision sample does not change when python-docx does. Tables stand between paragraphs, with a
header row, numbers, dates and unit names in their cells — what mining meets in real Word reports.
"""
from __future__ import annotations

from pathlib import Path

import docx

PARAGRAPHS_BEFORE = [
    "××县人大常委会2023年监督工作情况报告",
    "县委：",
    "2023年，县人大常委会在县委的坚强领导下，坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，"
    "紧扣县委中心工作，依法行使监督职权，为全县经济社会高质量发展提供了有力法治保障。现将有关情况报告如下：",
    "一、坚持围绕中心，监督工作取得新成效",
    "（一）聚焦高质量发展开展经济监督。常委会坚持把服务高质量发展作为监督工作的首要任务，"
    "听取审议计划执行、预算执行和审计工作报告，加强对政府债务、国有资产管理情况的监督，推动经济持续健康发展。",
    "（二）聚焦群众关切开展民生监督。坚持民有所呼、我有所应，围绕教育、医疗、养老等群众关心的问题开展监督，"
    "推动解决了一批群众急难愁盼问题。全年监督工作开展情况见下表。",
]
SUPERVISION_TABLE = [
    ("序号", "监督议题", "监督方式", "完成时间", "责任单位"),
    ("1", "县人民政府关于优化营商环境工作情况的报告", "听取审议", "6月", "财经工委"),
    ("2", "《中华人民共和国食品安全法》贯彻实施情况", "执法检查", "8月", "教科文卫工委"),
    ("3", "全县养老服务体系建设情况", "专题询问", "10月", "社会建设工委"),
    ("4", "2022年度县级预算执行和其他财政收支的审计工作报告", "听取审议", "7月", "预算工委"),
]
PARAGRAPHS_BETWEEN = [
    "二、坚持代表主体地位，代表工作展现新气象",
    "常委会坚持尊重代表主体地位，完善代表联系群众制度，推动代表之家、代表联络站规范化建设。"
    "全年代表建议办理情况如下：",
]
PROPOSALS_TABLE = [
    ("类别", "件数", "已解决或基本解决", "列入计划逐步解决", "占比"),
    ("经济发展", "42", "30", "12", "71.4%"),
    ("社会民生", "65", "48", "17", "73.8%"),
    ("城乡建设", "38", "25", "13", "65.8%"),
    ("合计", "145", "103", "42", "71.0%"),
]
PARAGRAPHS_AFTER = [
    "三、坚持从严从实，自身建设迈出新步伐",
    "常委会坚持把政治建设摆在首位，严格落实全面从严治党主体责任，持续深化模范机关创建，"
    "推动机关作风持续好转，人大工作的整体水平不断提升。",
    "在肯定成绩的同时，我们也清醒地认识到，监督工作的刚性和实效还需进一步增强，代表作用的发挥还不够充分。"
    "下一步，我们将坚持问题导向，认真加以改进，努力开创人大工作新局面。",
    "××县人大常委会",
    "2023年12月20日",
]


def build(path: Path) -> None:
    """Write the report to `path`."""
    document = docx.Document()
    for text in PARAGRAPHS_BEFORE:
        document.add_paragraph(text)
    _add_table(document, SUPERVISION_TABLE)
    for text in PARAGRAPHS_BETWEEN:
        document.add_paragraph(text)
    _add_table(document, PROPOSALS_TABLE)
    for text in PARAGRAPHS_AFTER:
        document.add_paragraph(text)
    document.save(str(path))


def _add_table(document: docx.document.Document, rows: list[tuple[str, ...]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / "sources" / "report-tables.docx")
