"""What is not a phrase: the tests mining applies before it keeps a text.

A writer reuses a phrase word for word in a document that goes to a Party committee, so whatever
cannot be reused as it stands stays out of the bank: sentences tied to one occasion (figures, dates,
people's names), the language of news reports (“会议指出”, “出席会议并讲话”, photo captions,
datelines), quoted words that are only placeholders, digits or single characters, lists of people,
places or dates posing as series, and words of a dictionary that are plain nouns rather than set
phrases. Each test is general — a shape of text, never a list of the seeds' own sentences — so it
holds on material no one here has seen; `bench/precision.py` measures how well.
"""
from __future__ import annotations

import re
from functools import lru_cache

from phrasebank.mining.tokens import cut, tags
from phrasebank.text.cjk import HAN_RANGES as _HAN
from phrasebank.vocab.slots import SLOT_MARKER, count_slots

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "喻温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴"
    "霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑"
)
"""Common Chinese surnames: a name in a news report is a surname and one or two more characters."""
_SURNAME = f"[{SURNAMES}]"

ROLES = (
    "主任|副主任|书记|副书记|秘书长|副秘书长|主席|副主席|委员长|县长|副县长|市长|副市长|区长|副区长|镇长|乡长|"
    "局长|副局长|厅长|部长|处长|科长|院长|检察长|组长|副组长|记者|通讯员|摄影|作者"
)
"""Titles that stand right before a person's name in a news report (“副主任王建军出席”)."""

_FINAL = re.compile(r"[。！？][”’）」』]?$")
_EXAMPLE_START = ("如：", "如在", "例如", "比如", "其中，")
_CAPTION_START = r"[（(]?(?:图为|图中|上图|下图|左图|右图|图片|图：|摄影|▲|△|■|●|◆)"
_NEWS_SUBJECT = (
    r"会议|会上|会后|会前|会议期间|座谈会上|活动中|检查中|调研中|视察中|视察组|调研组|检查组|执法检查组|督查组|"
    r"考察组|代表们|委员们|与会人员|与会代表|与会同志|居民们|群众们|大家|记者|该负责人|有关负责人|负责人|他们|她们|"
    + SLOT_MARKER
)
_NEWS_VERB = r"(?:一致)?(?:指出|强调|要求|认为|表示|提出|建议|希望|介绍|说|称|透露|获悉|了解到|发现)"
_STARTS_AS_NEWS = re.compile(
    rf"{_CAPTION_START}|(?:{_NEWS_SUBJECT}){_NEWS_VERB}|(?:会上|会后|会前|活动中|检查中|调研中|视察中|座谈中)[，,]"
    r"|本报讯|本台讯|本报记者|新华社|记者从|据了解|据悉|据介绍|日前|近日|昨天|昨日|今天上午|今天下午|当天|次日"
    r"|(?:去年|今年|前不久)?[^，。]{0,6}(?:大会|党代会|全会|会议)上[，,]|这是|这也是|这就是|这正是"
)
"""How a photo caption or a news report starts (and a sentence that points back at the one before)."""
_INSTITUTIONS = ("纪念馆", "博物馆", "展览馆", "监狱", "大学", "学院", "农场", "集团", "公司")
_NUMERAL_CLASS = "[一二三四五六七八九十]"
_AFTER_NAME = r"(?=[，、。；（）\s]|同志|出席|主持|参加|列席|带领|率|一行|等|指出|强调|表示|说|介绍|在|作)"
_NOT_REUSABLE_BRANCHES = [
    *"0123456789０１２３４５６７８９",  # figures and dates
    *(f"{re.escape(bracket)}(?:图为|摄影|图片)" for bracket in "（("),  # a caption in brackets
    r"出席会议并(?:作)?讲话", r"以视频(?:会议)?形式", "在分会场", r"作(?:了)?(?:交流|表态)发言。$",  # news boilerplate
    *(rf"{verb}(?:了)?(?:本次)?(?:会议|活动|视察|调研|座谈会?|仪式|开幕式|闭幕式)(?:并(?:作)?(?:讲话|致辞))?[。！]$"
      for verb in ("出席", "列席", "参加", "主持")),
    # people: a title and a name (副主任王建军), a name and 同志 after a list, a name and 说
    *(rf"{role}{_SURNAME}[{_HAN}]{{1,2}}{_AFTER_NAME}" for role in ROLES.split("|")),
    rf"同志(?<=[，、：”]{_SURNAME}[{_HAN}]同志)", rf"同志(?<=[，、：”]{_SURNAME}[{_HAN}]{{2}}同志)",
    *(rf"{verb}[：，](?<=[，。：；“]{_SURNAME}[{_HAN}]{{{width}}}{verb}[：，])"
      for verb in ("说", "表示", "介绍") for width in (1, 2)),
    "他(?<!其他)(?![们人])", "她(?![们人])",  # narration about him or her
    "被评为", "被推荐为", "被授予", "荣获", "获评", "荣膺", "见下表", "见附表", "如下表", "下表所示",  # awards; tables
    "刊载", "刊发", "转载", "疫情", "新冠", "疫苗", "核酸", "喜迎",  # press coverage; dated events
    "来[京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀黔贵滇云陕秦甘陇青蒙桂藏宁新]考察", "参观[“《]",  # one visit
    rf"届(?<={_NUMERAL_CLASS}届)(?<![新本历上下每换]{_NUMERAL_CLASS}届)",  # 十八届, not 新一届
    rf"第[二三四五六七八九十]{_NUMERAL_CLASS}{{0,2}}次(?:会议|全会|党代会)",
    *(rf"{word}(?<=[{_HAN}]{{2}}{word})" + ("(?!生)" if word == "大学" else "") for word in _INSTITUTIONS),
    "《[^》]+》《[^》]+》《",  # a list of named works
]
_NOT_REUSABLE = re.compile("|".join(_NOT_REUSABLE_BRANCHES))
"""Anywhere in a text, what ties it to one occasion or to a news report: one scan for all of it."""
_ONE_OCCASION = re.compile(
    r"疫情|新冠|疫苗|核酸|喜迎|(?<![新本历上下每换])[一二三四五六七八九十]{1,3}届"
    rf"|[{_HAN}]{{2}}(?:纪念馆|博物馆|展览馆|监狱|大学(?!生)|学院|农场|集团|公司)"
)
"""What dates a quoted term or ties it to one place (“疫情防控……在行动”)."""
_GARBLED = re.compile(
    r"[、，]对的|(?:学习|领会|领悟|对照|贯彻)(?:贯彻|领会)?关于[^，。；]{2,40}?(?:重要思想|重要论述|重要讲话|重要指示)"
    r"|[、，]关于[^，。；]{2,40}?(?:重要思想|重要论述)"
    r"|(?:学习|领会|贯彻|践行)(?:领会|贯彻)?(?:法治|文化|生态文明|经济|外交|强军)思想"
    r"|(?:贯彻|学习)(?:落实)?在[^，。；]{2,30}上的重要讲话"
)
_WHOSE = re.compile(r"总书记|习近平|主席|同志")
"""Who said it: what a material site cuts out of “学习贯彻习近平总书记关于……的重要论述”."""

_PLACE_SUFFIX = re.compile(r"^[" + _HAN + r"]{1,4}(?:省|市|县|区|镇|乡|村|街道|社区|州|旗)$")
_DATE_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十〇零]{1,3}[月日号]|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日"
    r"|周[一二三四五六日]|星期[一二三四五六日天]|[一二三四]季度|[上下]半年)$"
)
_DATE_FORMULAS = {"五一", "五四", "六一", "七一", "八一", "十一"}
"""Numbered expressions that are dates (July 1st …), not formulas."""
_NAME_CONTEXT_AFTER = re.compile(r"^(?:等)?(?:同志|等人|委员|代表(?!大会))")
_NOT_SENTENCE_START = set(
    "在对把以从为要将我让使据经由向与同和但而并又更也既凡各每全本该这此其今近市县区省镇乡村党会自随按依至共已正可应"
    "须当若如请另还再才都只先首一二三四五六七八九十两百千万他她它你您咱谁有是无不没能给被令用做抓建管讲学干育强树守严"
    "促推办走送帮听看找定立破带控保盯聚防补比评创练扛亮跟靠图望盼愿谢"
)
"""Single characters a sentence does start with: prepositions, pronouns, conjunctions, adverbs,
numerals, administrative levels, and the one-character verbs of 公文 imperatives (抓、建、管、讲……)."""


def starts_inside_word(text: str) -> bool:
    """True when `text` starts inside a word, as a web copy cut mid-sentence does (“展全过程人民民主
    ……” is the end of 发展): its first token is a single character that does not start sentences."""
    head = cut(text[:12])
    first = head[0] if head else ""
    return len(first) == 1 and first not in _NOT_SENTENCE_START and bool(re.match(f"[{_HAN}]", first))


def reusable_sentence(text: str) -> bool:
    """A complete sentence of sensible length that a writer can reuse as it stands (not one that
    points back at the sentence before it: “这是……”)."""
    if not 8 <= len(text) <= 150 or not _FINAL.search(text):
        return False
    if count_slots(text) > 2 or text.startswith(_EXAMPLE_START):
        return False
    return reusable_wording(text)


def reusable_wording(text: str) -> bool:
    """False for wording tied to one occasion or belonging to a news report: figures and dates,
    people's names, photo captions, datelines and “会议指出”, awards of one year, narration about
    him or her, a pointer to a table."""
    if _STARTS_AS_NEWS.match(text) or _NOT_REUSABLE.search(text) or garbled(text):
        return False
    return text.count("、") < 2 or not _lists_of_people_or_places(text)


_CLAUSE = re.compile(r"[，。；：！？,;:!?（）()“”‘’《》\s]")
_PLACE_SUFFIXES = ("街道", "社区", "省", "市", "县", "区", "镇", "乡", "村", "州", "旗")
_GENERIC_PLACE = re.compile(r"^[各全本我该每所其]|^(?:乡镇|城镇|村镇|城区|市区|县区|区县|县市|市县|省市|城乡|村社)$")


def _lists_of_people_or_places(text: str) -> bool:
    """True when a clause of `text` lists people (张建国、王海燕、刘志强) or three or more named places
    (城关镇、红旗镇、新华镇……, not levels of government: 各区县、乡镇、村)."""
    for clause in _CLAUSE.split(text):
        if clause.count("、") < 2:
            continue  # two people need a first and a middle item, three places two marks
        first, *middle, last = clause.split("、")
        people = ([first] if 2 <= len(first) <= 3 else []) + middle
        if len(people) >= 2 and is_name_list(people, last):
            return True
        places = [first[-4:], *middle, _place_head(last)]
        if sum(_named_place(place) for place in places) >= 3:
            return True
    return False


def _place_head(text: str) -> str:
    """The place name a text starts with (东风乡 of 东风乡等地), or ""."""
    for end in range(2, min(len(text), 5) + 1):
        if text[:end].endswith(_PLACE_SUFFIXES):
            return text[:end]
    return ""


def _named_place(item: str) -> bool:
    """A place name that is no level of government: 红旗镇, not 乡镇 or 各区县."""
    if not item.endswith(_PLACE_SUFFIXES):
        return False
    for start in range(max(0, len(item) - 4), len(item) - 1):
        name = item[start:]
        if len(name) >= 2 and not _GENERIC_PLACE.search(name):
            return bool(re.fullmatch(f"[{_HAN}]+", name))
    return False


def garbled(text: str) -> bool:
    """True for wording a material site garbled by cutting out a leader's name: “学习贯彻关于……的重要
    思想” with nobody's, “学习法治思想”, “对党、对的忠诚”."""
    if "思想" not in text and "关于" not in text and "对的" not in text and "讲话" not in text:
        return False
    match = _GARBLED.search(text)
    return match is not None and not _WHOSE.search(text, 0, match.start())


def junk_term(term: str, after: str = "") -> bool:
    """A quoted “term” that is no term: only placeholders, digits or Latin letters (“××”, “156”,
    “1+N”), single characters in a list (“家、站”), a word of two characters in quotes (emphasis or a
    nickname: “老将”, “导师”), a derived word of three (“满意率”, “跟踪式”), part of a title (“倡议书”》),
    or a placeholder standing for its distinctive part (“××楷模”). `after` is the text after the quote."""
    han = re.findall(f"[{_HAN}]", term.replace(SLOT_MARKER, ""))
    if not han or re.search(r"[0-9０-９A-Za-z]", term) or after.startswith("》"):
        return True
    if (len(term) == 3 and term[-1] in "率式型性书") or _ONE_OCCASION.search(term):
        return True
    if "、" in term and all(len(item) <= 1 for item in term.split("、")):
        return True
    if len(term) <= 2:
        return True
    return term.startswith(SLOT_MARKER) and len(han) <= 2


def junk_formula(formula: str) -> bool:
    """A numbered “formula” that is a date (“七一”) or holds no words at all."""
    return formula in _DATE_FORMULAS or not re.search(f"[{_HAN}]", formula)


def junk_series(items: list[str]) -> bool:
    """A list that is not a series a writer reuses: people's names, places or dates."""
    if any(SLOT_MARKER in item for item in items):
        return True
    return is_name_list(items) or is_place_list(items) or is_date_list(items)


def is_name_list(items: list[str], after: str = "") -> bool:
    """People's names: items of two or three characters, each a surname and a name the tokeniser
    tags as one (“金万昆、成卫东、王东坡”); followed by 同志 or 等人, surnames alone suffice."""
    if len(items) < 2 or not all(2 <= len(item) <= 3 and item[0] in SURNAMES for item in items):
        return False
    if _NAME_CONTEXT_AFTER.match(after):
        return True
    return all(_looks_like_name(item) for item in items)


@lru_cache(maxsize=8192)
def _looks_like_name(item: str) -> bool:
    """A surname and a given name: the tokeniser tags it (or its given name) as a person's name."""
    return any(flag == "nr" for _, flag in tags(item))


def is_place_list(items: list[str]) -> bool:
    """Places: every item ends in 省, 市, 县, 区, 镇, 乡, 村, 街道 … (“城关镇、红旗镇、新华镇”)."""
    return all(_PLACE_SUFFIX.match(item) for item in items)


def is_date_list(items: list[str]) -> bool:
    """Dates: months, days, weekdays, quarters (“一月、四月、七月、十月”)."""
    return all(_DATE_ITEM.match(item) for item in items)


@lru_cache(maxsize=8192)
def plain_compound(word: str) -> bool:
    """A dictionary locution that is a plain noun (家庭教育, 问卷调查: a noun and a noun or a
    nominal verb), not a set phrase of 公文 such as 持之以恒 or 真抓实干."""
    if len(word) != 4 or tags(word) == ((word, "i"),):
        return False  # an idiom (歪风邪气) is a set phrase whatever its halves are
    head, tail = tags(word[:2]), tags(word[2:])
    if len(head) != 1 or len(tail) != 1:
        return False
    return head[0][1] == "n" and tail[0][1] in ("n", "vn")
