"""The key map: every binding with a stable id, a short footer label and a longer help text.

The footer, the `?` help screen and the command palette all read these lists, so a key, its label
and its help can never disagree. Ids are stable (`tigang.<screen>.<action>`) so a keymap can rebind
them.
"""
from __future__ import annotations

from textual.binding import Binding

MOVE = Binding.Group("移动", compact=True)
LEVEL = Binding.Group("升降级", compact=True)
HISTORY = Binding.Group("撤销重做", compact=True)


def _b(key: str, action: str, label: str, help_text: str, binding_id: str, *, show: bool = True,
       key_display: str | None = None, priority: bool = False, group: Binding.Group | None = None) -> Binding:
    return Binding(key, action, label, show=show, key_display=key_display or key_label(key), priority=priority,
                   tooltip=help_text, id=binding_id, group=group)


KEY_NAMES = {"escape": "Esc", "enter": "⏎", "delete": "Del", "up": "↑", "down": "↓", "left": "←", "right": "→",
             "pageup": "PgUp", "pagedown": "PgDn", "space": "空格", "tab": "Tab", "question_mark": "?"}


def key_label(keys: str) -> str:
    """How the first of `keys` is written on screen: `ctrl+o` → `^o`, `f5` → `F5`, `delete` → `Del`."""
    first = keys.split(",")[0]
    ctrl = first.startswith("ctrl+")
    name = first.removeprefix("ctrl+")
    name = KEY_NAMES.get(name, name.upper() if name[:1] == "f" and name[1:].isdigit() else name)
    return f"^{name}" if ctrl else name


EDITOR_BINDINGS: list[Binding] = [
    _b("ctrl+f,slash", "focus_search", "搜索", "把光标移到搜索框（汉字、拼音或首字母）", "tigang.editor.search",
       key_display="^f"),
    _b("ctrl+n", "add_point", "加要点", "把选中的素材加为当前条目下的要点", "tigang.editor.add-point", show=False),
    _b("ctrl+t", "add_part", "加标题", "把选中的素材加为一级标题；当前部分标题还空着时直接填入",
       "tigang.editor.add-part", show=False),
    _b("f2", "edit", "编辑", "就地编辑当前条目（回车保留，Esc 取消）", "tigang.editor.edit", show=False),
    _b("ctrl+g", "fill_slot", "填空", "从当前条目起找下一个 ×× 空位并填写", "tigang.editor.fill-slot", show=False),
    _b("ctrl+up,alt+up", "move_up", "上移", "当前条目连同下级上移；在部分的第一条上则移到上一部分的末尾",
       "tigang.editor.move-up", show=False, key_display="^↑"),
    _b("ctrl+down,alt+down", "move_down", "下移", "当前条目连同下级下移；在部分的最后一条上则移到下一部分的开头",
       "tigang.editor.move-down", show=False, key_display="^↓"),
    _b("alt+left", "promote", "升级", "当前条目升一级（如（一）→ 一、）", "tigang.editor.promote", show=False,
       key_display="^←"),
    _b("alt+right", "demote", "降级", "当前条目降一级（如 一、→（一））", "tigang.editor.demote", show=False,
       key_display="^→"),
    _b("ctrl+z", "undo", "撤销", "撤销上一步修改", "tigang.editor.undo", group=HISTORY, key_display="^z"),
    _b("ctrl+y", "redo", "重做", "重做刚撤销的修改", "tigang.editor.redo", group=HISTORY, key_display="^y"),
    _b("ctrl+s", "save", "保存", "立即保存（每次修改后也会自动保存，并保留上一版为 .bak）", "tigang.editor.save"),
    _b("f5", "snapshot", "存版本", "给提纲当前的样子存一个有名字的版本（如“送审前”“主任改后”）",
       "tigang.editor.snapshot", key_display="F5"),
    _b("f6", "versions", "版本", "浏览已存的版本：与现在比较，或恢复某一版（恢复前先自动存一版）",
       "tigang.editor.versions", key_display="F6"),
    _b("ctrl+o", "export", "导出", "导出为文本、Markdown 或 Word（询问格式和路径）", "tigang.editor.export"),
    _b("ctrl+r", "check", "检查", "检查未填空位、层级、对仗、提法，并统计字数和讲话时长", "tigang.editor.check"),
    _b("f1,question_mark", "help", "帮助", "列出全部按键", "tigang.editor.help", key_display="F1"),
    _b("escape", "focus_outline", "回提纲", "把光标移回提纲（编辑中则取消编辑）", "tigang.editor.outline", show=False),
    _b("ctrl+b", "close", "关闭", "保存并关闭提纲，回到开始页（换一篇提纲）", "tigang.editor.close", show=False),
]
"""The editor screen's keys. They work wherever the focus is (the outline cursor stays visible);
the footer shows the outline keys while the outline has the focus and the search keys while the
search pane has it, so it always fits one line."""

SEARCH_BINDINGS: list[Binding] = [
    _b("ctrl+n", "screen.add_point", "加要点", "把选中的素材加为当前条目下的要点（回车也可）",
       "tigang.search.add-point", key_display="⏎"),
    _b("ctrl+t", "screen.add_part", "加标题", "把选中的素材加为一级标题；当前部分标题还空着时直接填入",
       "tigang.search.add-part"),
    _b("f3", "star", "收藏", "收藏选中的短语（搜索时排在同级结果前面），再按一次取消", "tigang.search.star",
       show=False),
    _b("f4", "hide", "隐藏", "隐藏选中的短语：此后搜索和列表都不再显示（tigang unhide 编号 可恢复）",
       "tigang.search.hide", show=False),
    _b("down", "move(1)", "下一条", "结果中的下一条（在搜索框里也可用）", "tigang.search.down", show=False),
    _b("up", "move(-1)", "上一条", "结果中的上一条", "tigang.search.up", show=False),
    _b("pagedown", "move(10)", "下一页", "结果中往下翻一页", "tigang.search.page-down", show=False),
    _b("pageup", "move(-10)", "上一页", "结果中往上翻一页", "tigang.search.page-up", show=False),
]
"""Keys shown while the search pane has the focus, most important first (see `OUTLINE_BINDINGS`)."""

OUTLINE_BINDINGS: list[Binding] = [
    _b("enter,e", "screen.edit", "编辑", "就地编辑当前条目（F2 或双击也可）", "tigang.outline.edit", key_display="⏎"),
    _b("ctrl+up,alt+up", "screen.move_up", "上移", "连同下级上移；在部分的第一条上则移到上一部分的末尾",
       "tigang.outline.move-up", key_display="^↑", group=MOVE),
    _b("ctrl+down,alt+down", "screen.move_down", "下移", "连同下级下移；在部分的最后一条上则移到下一部分的开头",
       "tigang.outline.move-down", key_display="^↓", group=MOVE),
    _b("ctrl+left,alt+left,less_than_sign", "screen.promote", "升级", "升一级（如（一）→ 一、）",
       "tigang.outline.promote", key_display="^←", group=LEVEL),
    _b("ctrl+right,alt+right,greater_than_sign", "screen.demote", "降级", "降一级（如 一、→（一））",
       "tigang.outline.demote", key_display="^→", group=LEVEL),
    _b("delete", "screen.delete", "删除", "删除当前条目及其下级（可撤销）", "tigang.outline.delete", key_display="Del"),
    _b("ctrl+g", "screen.fill_slot", "填空", "从当前条目起找下一个 ×× 空位并填写", "tigang.outline.fill-slot"),
    _b("ctrl+x", "screen.cut", "剪切", "剪下当前条目及其下级（可撤销），再用 ^v 粘贴到别处", "tigang.outline.cut",
       key_display="^x"),
    _b("ctrl+v", "screen.paste", "粘贴", "把剪下的条目粘贴在当前条目之后（与当前条目同级）", "tigang.outline.paste",
       key_display="^v"),
    _b("space", "screen.fold", "折叠", "折叠或展开光标所在的部分", "tigang.outline.fold", key_display="空格"),
    _b("f", "screen.fold_all", "全部折叠", "全部部分折叠；再按一次全部展开", "tigang.outline.fold-all"),
    _b("a", "screen.add_point", "加要点", "把选中的素材加为要点", "tigang.outline.add-point", show=False),
]
"""Keys shown while the outline has the focus (the outline keys also work from the search pane), most
important first: a narrow footer (`tui.widgets.footer`) shows them in this order while they fit."""

START_BINDINGS: list[Binding] = [
    _b("enter", "choose", "打开/新建", "打开选中的提纲，或用选中的结构新建提纲", "tigang.start.choose"),
    _b("ctrl+n", "new_outline", "新建", "用选中的结构新建提纲（询问保存位置）", "tigang.start.new"),
    _b("ctrl+o", "open_file", "打开文件", "输入路径打开一个提纲文件", "tigang.start.open"),
    _b("delete", "forget_recent", "移出列表", "把选中的提纲移出“最近的提纲”（文件不删除）", "tigang.start.forget",
       key_display="Del"),
    _b("f1,question_mark", "help", "帮助", "列出全部按键", "tigang.start.help", key_display="F1"),
]
"""The start screen's keys."""

APP_BINDINGS: list[Binding] = [
    _b("ctrl+q", "quit", "退出", "保存并退出 tigang", "tigang.app.quit", priority=True),
    _b("ctrl+p", "command_palette", "命令", "命令面板：按名称查找并执行本页的全部操作", "tigang.app.palette",
       show=False, priority=True),
]
"""Keys that work on every screen (the command palette is ^p)."""
