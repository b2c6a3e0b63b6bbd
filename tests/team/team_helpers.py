"""What the team bank's tests share: short Chinese speech texts (each in two versions: as written, and
edited), setting a bank up on a test's database, a writer's own TIGANG_HOME, and reading a bank
(server or replica) as plain comparable rows."""
from __future__ import annotations

import os
import random
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from postgres import Cluster

TEXTS: dict[str, tuple[str, str]] = {
    "代表工作.txt": (
        "关于加强代表工作的汇报\n"
        "一、坚持党的领导，把牢人大工作政治方向\n"
        "县人大常委会党组牢记政治机关的功能定位，坚持党的全面领导这一最高政治原则，增强“四个意识”，坚定“四个自信”，做到“两个维护”。\n"
        "二、密切联系群众，着力打造人民满意的“代表机关”\n"
        "完善落实委员联系代表、代表联系选民的“双联系”制度，收集选民意见，全力推动问题解决，真正做到民有所呼、我有所应。\n",
        "关于加强代表工作的汇报\n"
        "一、坚持党的领导，把牢人大工作政治方向\n"
        "县人大常委会党组牢记政治机关的功能定位，坚持党的全面领导这一最高政治原则，增强“四个意识”，坚定“四个自信”，做到“两个维护”。\n"
        "二、密切联系群众，着力打造人民满意的“代表机关”\n"
        "指导实施代表联络站“三化”建设，探索创新开展代表联络站“网格化、规范化、数字化”管理模式，解决了一批人民群众关心的热点、难点问题。\n",
    ),
    "监督工作.txt": (
        "关于开展执法检查的报告\n"
        "一、坚持党的领导，把牢人大工作政治方向\n"
        "把坚持党的领导贯穿于人大工作各方面、全过程，严格执行向县委请示报告制度。\n"
        "二、依法履职，增强监督实效\n"
        "紧紧围绕工业发展、项目建设、乡村振兴等重点、热点和难点问题组织代表开展调研和执法检查，确保党委的决策部署指向哪里，人大监督工作就跟进到哪里。\n",
        "关于开展执法检查的报告\n"
        "一、坚持党的领导，把牢人大工作政治方向\n"
        "把坚持党的领导贯穿于人大工作各方面、全过程，严格执行向县委请示报告制度。\n"
        "二、依法履职，增强监督实效\n"
        "组织党员代表听取审议县人民政府工作部门主要负责人履职情况报告，有力促进被任命干部依法履职、高效履职。\n"
        "三、践行全过程人民民主\n"
        "民有所呼、我有所应，切实回应人民群众关切。\n",
    ),
    "三联三助.txt": (
        "深化“三联三助”活动的情况汇报\n"
        "一、高位推动、精心部署，推进“三联三助”活动落细落地\n"
        "县委高度重视“三联三助”活动，纳入县委总体布局，同安排同部署，以顶格战法推动。\n"
        "采取“项目化”方式推动“三联三助”活动，建立“月调度、季分析、年总结”工作机制，逐项细化任务、明确分工，责任到人。\n",
        "深化“三联三助”活动的情况汇报\n"
        "一、高位推动、精心部署，推进“三联三助”活动落细落地\n"
        "县财政足额预算机关运行、代表活动、换届选举、学习培训等工作经费，全力保障“三联三助”重点工作开展。\n"
        "二、上下联动、同向发力，推进“三联三助”活动走深走实\n"
        "牢牢把握“四个机关”定位要求，坚持高起点、高标准、高规格打造人大机关阵地。\n",
    ),
    "模范机关.txt": (
        "县人大常委会机关党支部建设模范机关情况汇报\n"
        "一、维护核心，做政治坚定的表率，着力打造忠诚可靠的“政治机关”\n"
        "丰富学习强思想，让学习“高”起来。坚持“第一议题”学习制度，确保人大系统队伍始终保持正确政治方向，与党委同心同向。\n"
        "二、贴近民心，做联系群众的表率，着力打造人民满意的“代表机关”\n"
        "全面开展“党员精准联户”工作，收集选民意见，全力推动问题解决，真正做到民有所呼、我有所应。\n",
        "县人大常委会机关党支部建设模范机关情况汇报\n"
        "一、维护核心，做政治坚定的表率，着力打造忠诚可靠的“政治机关”\n"
        "强化培训练业务，让能力“提”起来。实施“轮岗练兵”，帮助青年干部熟悉人大工作的全流程。\n"
        "二、围绕中心，做服务发展的表率，着力打造坚强有力的“权力机关”\n"
        "靶向监督提效能。紧紧围绕乡村振兴、环保、民生等事关发展和民生的重点、热点和难点问题组织党员代表进行调研。\n",
    ),
}
"""File name → (text as written, text edited). Headings and sentences recur across the files, so
phrases are shared between documents and counts add up across writers."""
NAMES = list(TEXTS)
SHARED = "会议通知.txt"
SHARED_TEXT = ("关于召开县人大常委会第十次会议的通知\n"
               "一、会议议程\n"
               "听取和审议县人民政府关于乡村振兴工作情况的报告，开展专题询问。\n"
               "二、有关要求\n"
               "请各位组成人员提前做好准备，坚持党的领导，依法履职，真正做到民有所呼、我有所应。\n")
"""A file on the office's shared drive that more than one writer mines."""
SECTIONS = sorted({(heading.split("、", 1)[1], body) for text in [*(t for pair in TEXTS.values() for t in pair), SHARED_TEXT]
                   for heading, body in zip(text.splitlines(), text.splitlines()[1:], strict=False)
                   if heading[:2] in ("一、", "二、", "三、")})
"""(heading, paragraph) of every part of the texts above: what briefings are made of."""


def briefing(writer: str, number: int) -> str:
    """A short briefing of its own (its title names the writer and number) whose two parts come from
    `SECTIONS`: briefings share headings and sentences with each other and with the texts."""
    rng = random.Random(f"{writer}-{number}")
    first, second = rng.sample(SECTIONS, 2)
    return (f"{writer}第{number}期人大工作简报\n一、{first[0]}\n{first[1]}\n"
            f"二、{second[0]}\n{second[1]}\n")


def unique(role: str) -> str:
    """A role name of this test's own (roles belong to the whole cluster, which a process's tests share)."""
    return f"{role}_{uuid.uuid4().hex[:6]}"


def init_team(cluster: Cluster, database: str, *, seeds: bool = False) -> str:
    """A team bank in `database` (made by its owner, the superuser, without the seeds unless asked);
    the owner's URL."""
    from phrasebank.team.schema import init_bank
    from phrasebank.team.urls import TeamUrl

    url = cluster.url(database=database)
    init_bank(TeamUrl.parse(url), seeds=seeds)
    return url


def grant(cluster: Cluster, database: str, role: str, access: str = "writer") -> str:
    """Let `role` write (or only read) the bank in `database`; the role's own URL."""
    from phrasebank.team.schema import grant as grant_role
    from phrasebank.team.urls import TeamUrl

    grant_role(TeamUrl.parse(cluster.url(database=database)), role, access)
    return cluster.url(role, database)


@contextmanager
def home(folder: Path) -> Iterator[Path]:
    """`folder` as TIGANG_HOME for the time being: one writer's computer."""
    previous = os.environ.get("TIGANG_HOME")
    os.environ["TIGANG_HOME"] = str(folder)
    try:
        yield folder
    finally:
        if previous is None:
            os.environ.pop("TIGANG_HOME", None)
        else:
            os.environ["TIGANG_HOME"] = previous


def write_settings(text: str) -> Path:
    """`text` as the writer's settings.toml (in the config folder of the current TIGANG_HOME); its path."""
    from phrasebank.files.settings import settings_path

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_texts(folder: Path, names: list[str], version: int = 0) -> list[Path]:
    """The named texts (in the given version) as UTF-8 files in `folder`; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        path = folder / name
        path.write_text(SHARED_TEXT if name == SHARED else TEXTS[name][version], encoding="utf-8")
        paths.append(path)
    return paths


def pg_rows(cluster: Cluster, database: str, sql: str) -> list[tuple[Any, ...]]:
    """Rows of one query on the server, as its superuser."""
    import psycopg

    with psycopg.connect(cluster.url(database=database)) as connection:
        return [tuple(row) for row in connection.execute(sql).fetchall()]  # type: ignore[arg-type]


def replica_file(home_folder: Path) -> Path:
    """The one replica kept in a writer's TIGANG_HOME."""
    (replica,) = (home_folder / "data" / "team").glob("team-*.sqlite")
    return replica


def sqlite_rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows of one query on a bank file (a replica), read-only."""
    connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def phrase_counts(rows: list[tuple[Any, ...]]) -> dict[tuple[str, str], tuple[int, int]]:
    """(kind, text) → (count, docs) from rows of (kind, text, count, docs)."""
    return {(str(kind), str(text)): (int(count), int(docs)) for kind, text, count, docs in rows}
