"""``gridmap db init|push|pull``: a project in PostgreSQL/PostGIS (gridmap.server)."""
from __future__ import annotations

from pathlib import Path

from layers.messages import add_messages, msg

add_messages({
    "db_init_done": {"zh": "已在 {db} 中建立项目 {name}（PostGIS、行版本、历史记录、变更通知）",
                     "en": "Project {name} set up in {db} (PostGIS, row versions, history, change notices)"},
    "db_push_done": {"zh": "已推送 {path} → {name}：{layers}", "en": "Pushed {path} → {name}: {layers}"},
    "db_granted": {"zh": "用户 {user} 在项目 {name} 中的角色：{role}（范围：{street}）",
                   "en": "User {user} is {role} of project {name} (scope: {street})"},
    "db_all_streets": {"zh": "全部街道", "en": "every street"},
    "db_watching": {"zh": "正在监听项目 {name} 的变更…", "en": "watching project {name} for changes…"},
    "db_pull_done": {"zh": "已拉取 {name} → {path}：{layers}", "en": "Pulled {name} → {path}: {layers}"},
})


def add_parsers(sub) -> None:
    db = sub.add_parser("db", help="a project in PostgreSQL/PostGIS: init, push, pull, grant, watch")
    verbs = db.add_subparsers(dest="db_command", metavar="ACTION", required=True, help="what to do with the database")
    init = verbs.add_parser("init", help="set up a project in the database (PostGIS, tables, history)")
    init.add_argument("url", help="postgresql://USER@HOST:PORT/DB?project=NAME (password from PGPASSWORD or ~/.pgpass)")
    push = verbs.add_parser("push", help="put a GeoPackage project into the database (all or nothing)")
    push.add_argument("project", type=Path)
    push.add_argument("url", help="postgresql://USER@HOST:PORT/DB?project=NAME (password from PGPASSWORD or ~/.pgpass)")
    pull = verbs.add_parser("pull", help="take a snapshot of the database project as a GeoPackage")
    pull.add_argument("url", help="postgresql://USER@HOST:PORT/DB?project=NAME (password from PGPASSWORD or ~/.pgpass)")
    pull.add_argument("output", type=Path, help="the new .gpkg")
    grant = verbs.add_parser("grant", help="give a database user a role in the project, maybe for one street only")
    grant.add_argument("url", help="postgresql://USER@HOST:PORT/DB?project=NAME (password from PGPASSWORD or ~/.pgpass)")
    grant.add_argument("user", help="the database user (created when missing; its password is set by the DBA)")
    grant.add_argument("--as", dest="role", required=True, choices=["viewer", "operator", "planner", "admin"],
                       help="viewer: reads, no phones; operator: also incidents; planner: also cells and buildings")
    grant.add_argument("--street", default=None, help="9-digit street code: the user sees and changes only that street")
    watch = verbs.add_parser("watch", help="print one JSON line per change anyone makes (layer, id, user, time)")
    watch.add_argument("url", help="postgresql://USER@HOST:PORT/DB?project=NAME (password from PGPASSWORD or ~/.pgpass)")
    watch.add_argument("--seconds", type=float, default=None, help="stop after this many seconds (default: never)")


def _cmd_db(args) -> int:
    from .server import store
    from .server.url import parse
    project = parse(args.url)
    if args.db_command == "init":
        store.init(project)
        print(msg("db_init_done", db=project.conninfo, name=project.name))
    elif args.db_command == "push":
        from .project import Project
        counts = store.push(Project.open(args.project), project)
        print(msg("db_push_done", path=args.project, name=project.name,
                  layers=", ".join(f"{k} {v:,}" for k, v in counts.items())))
    elif args.db_command == "grant":
        from .server.roles import grant
        with store.connect(project) as con:
            with con.transaction():
                grant(con, project, args.user, args.role, args.street)
        print(msg("db_granted", user=args.user, role=args.role, name=project.name,
                  street=args.street or msg("db_all_streets")))
    elif args.db_command == "watch":
        import json
        import sys
        store.watch(project, args.seconds,
                    lambda change: print(json.dumps(change, ensure_ascii=False), flush=True),
                    ready=lambda: print(msg("db_watching", name=project.name), file=sys.stderr, flush=True))
    else:
        snapshot = store.pull(project)
        snapshot.save(str(args.output))
        print(msg("db_pull_done", name=project.name, path=args.output,
                  layers=", ".join(f"{n} {len(snapshot[n]):,}" for n in snapshot.layer_names())))
    return 0


HANDLERS = {"db": _cmd_db}


def project_arg(text: str):
    """A command's project: a ``postgresql://…?project=NAME`` address as it is, else a file path."""
    from .server.url import is_database
    return text if is_database(text) else Path(text)
