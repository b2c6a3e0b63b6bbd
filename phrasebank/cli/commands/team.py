"""`tigang team init|grant|status`: set up an office's team bank on its PostgreSQL server."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from phrasebank.cli.options import Subparsers
    from phrasebank.team.urls import TeamUrl

ORDER = 30


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "team", help="团队题库（PostgreSQL）：建立、授权、查看状态",
        description="几位写作者共用办公室 PostgreSQL 服务器上的一个题库：每人本机有一份副本，搜索不等网络，"
        "服务器暂时连不上时照常搜索（不能写入）。需要先安装 pip install \"tigang[team]\"。",
    )
    actions = parser.add_subparsers(dest="team_command", metavar="ACTION", title="操作", required=True)
    init = actions.add_parser(
        "init", help="在服务器上建立团队题库，或升级它（由题库所有者运行）",
        description="在 URL 所指的数据库中建立团队题库的表（已有则按需升级），并加入内置种子材料。")
    init.add_argument("url", metavar="URL", help="postgresql://所有者@服务器:5432/数据库名（密码放在 ~/.pgpass）")
    init.add_argument("--no-seeds", action="store_true", help="不加入内置种子材料")
    init.set_defaults(func=run_init)
    grant = actions.add_parser(
        "grant", help="让一个数据库角色读写（--writer）或只检索（--reader）团队题库（由题库所有者运行）",
        description="给角色授权；角色不存在时建立一个可登录的角色（密码请 IT 设定）。")
    grant.add_argument("url", metavar="URL", help="团队题库地址（以所有者身份连接）")
    grant.add_argument("role", metavar="ROLE", help="写作者的数据库角色名")
    access = grant.add_mutually_exclusive_group(required=True)
    access.add_argument("--writer", dest="access", action="store_const", const="writer", help="检索和写入")
    access.add_argument("--reader", dest="access", action="store_const", const="reader", help="只能检索")
    grant.set_defaults(func=run_grant)
    status = actions.add_parser(
        "status", help="连接团队题库，同步本机副本，显示角色、权限和数据时间",
        description="连接团队题库（URL，默认 settings.toml 中的 bank），同步本机副本并显示状态。")
    status.add_argument("url", metavar="URL", nargs="?", help="团队题库地址（默认：settings.toml 中的 bank）")
    status.set_defaults(func=run_status)


def run_init(args: argparse.Namespace) -> int:
    from phrasebank.team.schema import init_bank

    for line in init_bank(_url(args.url), seeds=not args.no_seeds):
        print(line)
    return 0


def run_grant(args: argparse.Namespace) -> int:
    from phrasebank.team.schema import grant

    print(grant(_url(args.url), args.role, args.access))
    return 0


def run_status(args: argparse.Namespace) -> int:
    from phrasebank.errors import TigangError
    from phrasebank.team.bank import TeamBank
    from phrasebank.team.opening import bank_location, open_located
    from phrasebank.team.server import write_refusal

    location = bank_location(args.url)
    if not isinstance(location, str):
        raise TigangError("没有指定团队题库：请给出 URL，或在 settings.toml 中写 bank = \"postgresql://…\"。")
    with open_located(location) as bank:
        assert isinstance(bank, TeamBank)
        print(f"团队题库：{bank.url.shown}")
        if bank.state is None:
            print(f"状态：{bank.offline_note}（{bank.away_reason}）")
        else:
            refusal = write_refusal(bank.state, bank.url)
            print(f"角色：{bank.role}；权限：{'检索和写入' if refusal is None else '只能检索'}")
            if refusal and bank.state.can_write:
                print(refusal)
        print(f"本机副本：{bank.path}（{len(bank.documents())} 个文档，{bank.phrase_count()} 条短语，"
              f"数据截至 {bank.synced_at}）")
    return 0


def _url(text: str) -> TeamUrl:
    """The URL argument, refused in one line when it is not a postgresql:// URL."""
    from phrasebank.errors import TigangError
    from phrasebank.team.urls import TeamUrl, is_team_url

    if not is_team_url(text):
        raise TigangError(f"“{text}”不是团队题库地址；格式如 postgresql://用户名@服务器:5432/数据库名。")
    return TeamUrl.parse(text)
