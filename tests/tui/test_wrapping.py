"""Chinese line breaking for the UI's wrapped text: no line starts with ，。、 and the like."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text

from phrasebank.text.width import cell_width
from tui.widgets.cjk_text import NO_LINE_END, NO_LINE_START, break_points, wrap_cjk

CJK_TEXT = st.text(alphabet=st.sampled_from(list("人大代表机关监督，。、；：“”（）《》ab1 ")), max_size=80)


@settings(max_examples=300, deadline=None)
@given(text=CJK_TEXT, width=st.integers(min_value=4, max_value=30))
def test_wrapping_keeps_the_text_fits_the_width_and_respects_punctuation(text: str, width: int) -> None:
    lines = wrap_cjk(Text(text), width).plain.split("\n")
    indent = len(text) - len(text.lstrip(" "))
    if indent < width // 2:
        lines = lines[:1] + [line[indent:] for line in lines[1:]]
    assert "".join(lines) == text
    for index, line in enumerate(lines):
        assert cell_width(line) <= width
        if index and line and line[0] in NO_LINE_START:
            # only when the previous line could not give anything up
            assert all(ch in NO_LINE_START or ch in NO_LINE_END for ch in lines[index - 1][1:])
        if index < len(lines) - 1 and line and line[-1] in NO_LINE_END:
            assert all(ch in NO_LINE_END or ch in NO_LINE_START for ch in line)


def test_wrapping_a_guide_line() -> None:
    guide = "本部分写法：讲党的领导、理论学习、“第一议题”、队伍培训和管理。"
    lines = wrap_cjk(Text(guide), 32).plain.split("\n")
    assert lines == ["本部分写法：讲党的领导、理论学", "习、“第一议题”、队伍培训和管理。"]
    assert break_points("a lgwh b", 5) == [2, 7]  # “lgwh” moves down whole
    indented = wrap_cjk(Text("   讲党的领导、理论学习、“第一议题”、队伍培训和管理。"), 20).plain.split("\n")
    assert indented == ["   讲党的领导、理论", "   学习、“第一议", "   题”、队伍培训和管", "   理。"]
