"""The `sanwei` console script.

    sanwei demo [--fresh] [--no-serve] [--port 8000]   build the demo town, print logins, serve
    sanwei serve [--port 8000] [--host 127.0.0.1]       serve the site locally (runserver)
    sanwei serve --production [--bind ADDR] [--workers N] [--threads N]
                                                        collectstatic, then exec gunicorn
                                                        (static files through whitenoise)
    sanwei classify FILE                                each line's opinion category and
                                                        near-duplicate group (offline)
    sanwei <django command> ...                         any Django management command
                                                        (migrate, createsuperuser, builddemo …)

The SQLite database lives in $SANWEI_DATA_DIR, or ./data under the current directory
(DATABASE_URL selects another database). `demo` and `serve` are for local use: they turn
DEBUG on unless DEBUG is set, and serve static files themselves.
"""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from sanwei.core.i18n import gettext as _
from sanwei.core.i18n import gettext_noop

SETTINGS_MODULE = "sanwei.settings"
DEFAULT_PORT = 8000
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
NOT_FOR_PRODUCTION = gettext_noop(
    "注意：sanwei serve 是 Django 开发服务器，只供本机试用，不要用于正式上线。"
    "正式上线请用 sanwei serve --production（gunicorn），并在前面放 nginx 限制请求大小（见 README“正式上线”）。"
)

# Printed before Django is set up: sanwei.core.i18n falls back to the msgid then.
USAGE = gettext_noop("""用法：
  sanwei demo [--fresh] [--no-serve] [--port 8000]   建立演示乡镇（东岳观镇），列出演示账号并启动网站
  sanwei serve [--port 8000]                          在本机启动网站
  sanwei serve --production [--bind 地址] [--workers N]  正式上线：用 gunicorn 运行网站
  sanwei classify 文件                                 每行一条意见：输出类别、相似组号和原文
  sanwei <Django 管理命令> …                           如 migrate、createsuperuser、builddemo、loadregions
""")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    command = args[0] if args else ""
    if command == "demo":
        return _demo(args[1:])
    if command == "serve":
        return _serve(args[1:])
    if command == "classify":
        return _classify(args[1:])
    if command == "import":
        args = ["import_roster", *args[1:]]  # sanwei import FILE --kind persons --region CODE
    if command in {"", "-h", "--help", "help"} and len(args) <= 1:
        print(_(USAGE))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sanwei", *args])
    return 0


def _local_use() -> None:
    """Settings for running on one's own machine: DEBUG on unless the environment says."""
    os.environ.setdefault("DEBUG", "1")


def _demo(args: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="sanwei demo",
        description=_(
            "建立演示乡镇（慈利县东岳观镇，16个村/社区，约2万群众），创建演示账号并启动网站。"
        ),
    )
    parser.add_argument(
        "--fresh", action="store_true", help=_("删除现有数据库（SQLite 文件）后重建演示数据")
    )
    parser.add_argument("--no-serve", action="store_true", help=_("只建数据，不启动网站"))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=_("端口（默认 8000）"))
    parser.add_argument("--scale", type=float, default=1.0, help=_("人口规模（1.0 约 2 万人）"))
    parser.add_argument("--seed", type=int, default=None, help=_("随机种子（默认 20221025）"))
    ns = parser.parse_args(args)
    _local_use()

    import django

    django.setup()
    from django.core.management import call_command

    flush = False
    if ns.fresh:
        database = _sqlite_file()
        if database is not None:
            _delete_sqlite(database)
            print(_("已删除数据库 %(database)s") % {"database": database})
        else:
            flush = True  # a server database: empty it instead
    target = _sqlite_file()
    print(_("数据库：%(database)s") % {"database": target or "（DATABASE_URL）"})
    print(_("迁移数据库……"))
    call_command("migrate", interactive=False, verbosity=0)
    options = {"fresh": flush, "scale": ns.scale}
    if ns.seed is not None:
        options["seed"] = ns.seed
    call_command("builddemo", **options)
    print()
    print(_logins_table())
    print()
    if ns.no_serve:
        print(_("启动网站：sanwei serve"))
        return 0
    print(
        _("打开 http://127.0.0.1:%(port)s/ ，用上面的账号登录。按 Ctrl+C 停止。")
        % {"port": ns.port}
    )
    _run_server("127.0.0.1", ns.port)
    return 0


def _serve(args: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="sanwei serve", description=_("在本机启动网站（开发服务器）")
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=_("端口（默认 8000）"))
    parser.add_argument("--host", default="127.0.0.1", help=_("监听地址（默认 127.0.0.1）"))
    parser.add_argument(
        "--production",
        action="store_true",
        help=_("正式上线：收集静态文件后用 gunicorn 运行（静态文件由 whitenoise 提供）"),
    )
    parser.add_argument(
        "--bind", default=None, help=_("gunicorn 监听地址（默认 127.0.0.1:端口，放在 nginx 后面）")
    )
    parser.add_argument(
        "--workers", type=int, default=None, help=_("gunicorn 工作进程数（默认 CPU 核数×2+1）")
    )
    parser.add_argument("--threads", type=int, default=4, help=_("每个工作进程的线程数（默认 4）"))
    ns = parser.parse_args(args)
    if ns.production:
        return _serve_production(ns)
    _local_use()
    if ns.host not in LOOPBACK_HOSTS:
        print(_(NOT_FOR_PRODUCTION), file=sys.stderr)

    import django

    django.setup()
    _run_server(ns.host, ns.port)
    return 0


def _serve_production(ns: argparse.Namespace) -> int:
    """collectstatic, then replace this process with gunicorn (so systemd signals reach it)."""
    if os.environ.get("DEBUG", "0").strip().lower() in {"1", "true", "yes", "on"}:
        print(_("正式上线不能开启 DEBUG：请设置 DEBUG=0。"), file=sys.stderr)
        return 2
    import django

    django.setup()
    from django.core.management import call_command

    # The deployment checks first (gunicorn runs none): e.g. the field key in the data folder.
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=True, stdout=sys.stderr)
    except SystemCheckError as e:
        print(e, file=sys.stderr)
        return 2
    call_command("collectstatic", interactive=False, verbosity=0)
    bind = ns.bind or f"127.0.0.1:{ns.port}"
    workers = ns.workers or (os.cpu_count() or 1) * 2 + 1
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "sanwei.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        # Threads: a request waiting on the database leaves the worker to the next one
        # (gunicorn's gthread worker), so a check-in storm does not queue behind locks.
        "--threads",
        str(max(1, ns.threads)),
        "--access-logfile",
        "-",
        # The path without its query string, and no referrer: a search's text (a phone
        # number typed into the search box) stays out of the access log.
        "--access-logformat",
        '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s',
        "--timeout",
        "120",  # county-size exports run as background tasks; pages stay well below
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "--no-control-socket",  # one fixed path per user: two instances would collide
    ]
    print(
        _("gunicorn 在 %(bind)s 上启动，%(workers)s 个工作进程。")
        % {"bind": bind, "workers": workers},
        file=sys.stderr,
    )
    sys.stderr.flush()
    os.execv(sys.executable, command)
    return 0  # not reached


def _classify(args: list[str]) -> int:
    """`sanwei classify FILE`: per non-blank line, tab-separated: category code, group
    number shared by near-duplicates (or -), text; in input order. No database needed."""
    parser = argparse.ArgumentParser(
        prog="sanwei classify",
        description=_(
            "离线为意见分类并找出相似意见：文件每行一条意见（UTF-8），"
            "每行输出“类别代码<Tab>相似组号（无则为 -）<Tab>意见原文”。"
        ),
    )
    parser.add_argument("file", help=_("意见文件（UTF-8，每行一条；- 表示标准输入）"))
    ns = parser.parse_args(args)
    try:
        if ns.file == "-":
            raw = sys.stdin.buffer.read()
        else:
            raw = Path(ns.file).read_bytes()
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        print(_("找不到文件：%(file)s") % {"file": ns.file}, file=sys.stderr)
        return 2
    except IsADirectoryError:
        print(_("这是一个目录，不是文件：%(file)s") % {"file": ns.file}, file=sys.stderr)
        return 2
    except OSError as e:
        print(
            _("无法读取文件 %(file)s：%(error)s") % {"file": ns.file, "error": e.strerror},
            file=sys.stderr,
        )
        return 2
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        print(
            _("文件 %(file)s 不是 UTF-8 编码（第 %(line)s 行）。请另存为 UTF-8 后再试。")
            % {"file": ns.file, "line": line},
            file=sys.stderr,
        )
        return 2
    from sanwei.seminar import topics

    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    classifier = topics.default_classifier()
    groups = topics.group(lines)
    out = sys.stdout
    for line, group in zip(lines, groups, strict=True):
        number = "-" if group is None else str(group)
        out.write(f"{classifier.classify(line)}\t{number}\t{line}\n")
    out.flush()
    return 0


def _run_server(host: str, port: int) -> None:
    from django.core.management import call_command

    # insecure_serving: static files come from the app directories even with DEBUG off.
    call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True)


def _sqlite_file() -> Path | None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return None
    name = str(database["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def _delete_sqlite(path: Path) -> None:
    from django.db import connections

    connections.close_all()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _logins_table() -> str:
    """The demo logins, with a column saying who must set up two-factor login at their
    first login (SANWEI_OTP_REQUIRED: superusers and town admins), and how."""
    from django.contrib.auth import get_user_model

    from sanwei.accounts.services import otp_required
    from sanwei.demo.builder import demo_login_rows

    rows = demo_login_rows()
    users = get_user_model().objects.in_bulk([r[1] for r in rows], field_name="username")
    second = {name for name, user in users.items() if otp_required(user)}
    tokens = _demo_tokens(users.values())
    header = (_("角色"), _("用户名"), _("密码"), _("区划"), _("首次登录"), _("API 令牌"))
    rows = [
        header,
        *(
            (*row, _("须设置两步验证") if row[1] in second else "", tokens.get(row[1], ""))
            for row in rows
        ),
    ]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
    lines = [_("演示账号：")]
    for n, row in enumerate(rows):
        cells = (_pad(cell, w) for cell, w in zip(row, widths, strict=True))
        lines.append(("  " + "  ".join(cells)).rstrip())
        if n == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    if tokens:
        lines.append("")
        lines.append(
            _(
                "API 令牌只列出用途和前缀（与“API 令牌”页面相同）：令牌的值只在创建时显示"
                "一次，演示里没有；要试用 API，请登录后在“API 令牌”页面新建一个。"
            )
        )
    if second:
        lines.append("")
        lines.append(
            _(
                "注意：%(users)s 第一次登录时须先设置两步验证：输入密码后，用手机上的"
                "验证器 App（如 Microsoft Authenticator、Google 身份验证器）扫描页面上的"
                "二维码，再输入 App 显示的 6 位验证码；以后每次登录都要输入验证码。"
                "其他账号用上面的密码直接登录。"
            )
            % {"users": "、".join(sorted(second))}
        )
    return "\n".join(lines)


def _demo_tokens(users) -> dict[str, str]:
    """{username: "用途（前缀…）"} of the demo logins' API tokens: what the tokens page
    shows of them, never a token's value (it was shown once, when it was made)."""
    from sanwei.accounts.models import ApiToken

    shown: dict[str, list[str]] = {}
    for token in ApiToken.objects.filter(user__in=list(users)).select_related("user"):
        shown.setdefault(token.user.username, []).append(f"{token.name}（{token.prefix}…）")
    return {name: "、".join(sorted(items)) for name, items in shown.items()}


if __name__ == "__main__":
    sys.exit(main())
