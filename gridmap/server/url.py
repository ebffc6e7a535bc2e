"""Database project addresses: ``postgresql://USER@HOST:PORT/DB?project=NAME``. The password never
travels in the address: libpq takes it from PGPASSWORD, ~/.pgpass or a service file."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from layers.messages import add_messages, msg

add_messages({
    "db_bad_url": {"zh": "数据库地址应为 postgresql://用户@主机:端口/数据库?project=项目名，而不是 {url}",
                   "en": "a database project is postgresql://USER@HOST:PORT/DB?project=NAME, not {url}"},
    "db_password_in_url": {"zh": "地址中不能写密码：请用 PGPASSWORD、~/.pgpass 或服务文件",
                           "en": "no password in the address: use PGPASSWORD, ~/.pgpass or a service file"},
    "db_bad_project": {"zh": "项目名只能由小写字母、数字和下划线组成，且以字母开头：{name}",
                       "en": "a project name is lower-case letters, digits and _ starting with a letter: {name}"},
})

_NAME = re.compile(r"[a-z][a-z0-9_]{0,40}")


def is_database(text) -> bool:
    return str(text).startswith(("postgresql://", "postgres://"))


@dataclass(frozen=True)
class DbProject:
    conninfo: str          # the libpq URL without ``project``
    name: str              # the project: schema ``gm_<name>``

    @property
    def schema(self) -> str:
        return f"gm_{self.name}"

    @property
    def channel(self) -> str:
        """The LISTEN/NOTIFY channel of the project's changes."""
        return f"gm_{self.name}"


def parse(url: str) -> DbProject:
    """Raises ValueError for anything but a libpq URL with a valid ``project`` and no password."""
    parts = urlsplit(str(url))
    if parts.scheme not in ("postgresql", "postgres") or not parts.path.strip("/"):
        raise ValueError(msg("db_bad_url", url=url))
    if parts.password:
        raise ValueError(msg("db_password_in_url"))
    query = dict(parse_qsl(parts.query))
    name = query.pop("project", "")
    if not _NAME.fullmatch(name):
        raise ValueError(msg("db_bad_project", name=name or "—"))
    return DbProject(urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), "")), name)
