"""Who may do what, kept by the database itself (not only by the app): four group roles per project
and row-level security for users scoped to one street. No Qt.

- viewer: reads every layer but no sensitive column (phones, reporters) and not the history (it
  holds whole rows); operators, planners and admins read the history of their street;
- operator: a viewer who also reads and writes incidents and patrols (logs and moves them);
- planner: a viewer who also edits cells, buildings, communities, facilities and their links;
- admin: everything.
A user given ``--street CODE`` sees and changes only rows whose code starts with the street's code.
"""
from __future__ import annotations

from layers import LAYER_CLASSES
from layers.messages import add_messages, msg

from ..io.gpkg_store import quote as _q
from .url import DbProject

add_messages({
    "db_bad_role": {"zh": "角色应为 viewer、operator、planner 或 admin，而不是 {role}",
                    "en": "a role is viewer, operator, planner or admin, not {role}"},
    "db_bad_user": {"zh": "用户名只能由小写字母、数字和下划线组成：{user}", "en": "a user name is lower-case letters, "
                    "digits and _: {user}"},
    "db_bad_street": {"zh": "街道编码应为 9 位数字：{code}", "en": "a street code is 9 digits: {code}"},
})

ROLES = ("viewer", "operator", "planner", "admin")
OPERATOR_LAYERS = ("incidents", "patrols")
PLANNER_LAYERS = ("boundary", "communities", "grid_cells", "buildings", "facilities", "facility_links", "roads")
#: The column that says which street a row belongs to (its code starts with the street's 9 digits).
STREET_COLUMN = {"boundary": "code", "communities": "community_code", "grid_cells": "grid_code",
                 "buildings": "grid_code", "incidents": "grid_code", "patrols": "grid_code"}
STREETS = "street_users"


def group(project: DbProject, role: str) -> str:
    return f"{project.schema}_{role}"


def sensitive_columns(name: str) -> set[str]:
    cls = LAYER_CLASSES.get(name)
    return set(cls.spec.sensitive_columns) if cls is not None else set()


def ensure_groups(con, project: DbProject) -> None:
    """The project's group roles and the street-scope table and function (safe to run again)."""
    s = _q(project.schema)
    for role in ROLES:
        name = group(project, role)
        if not con.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
            con.execute(f"CREATE ROLE {_q(name)} NOLOGIN")
        con.execute(f"GRANT USAGE ON SCHEMA {s} TO {_q(name)}")
    con.execute(f"CREATE TABLE IF NOT EXISTS {s}.{STREETS} (username text PRIMARY KEY, street text NOT NULL)")
    con.execute(f"""
-- SECURITY DEFINER (the scope table stays unreadable to users): inside it current_user is the owner,
-- so the user asking is session_user
CREATE OR REPLACE FUNCTION {s}.street_ok(code text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog AS $$
  SELECT NOT EXISTS (SELECT 1 FROM {s}.{STREETS} WHERE username = session_user)
      OR EXISTS (SELECT 1 FROM {s}.{STREETS} WHERE username = session_user AND code LIKE street || '%')
$$""")
    for role in ROLES:
        con.execute(f"GRANT EXECUTE ON FUNCTION {s}.street_ok(text) TO {_q(group(project, role))}")
        con.execute(f"GRANT SELECT ON {s}.gridmap_meta, {s}.gridmap_layers TO {_q(group(project, role))}")
    # The history holds whole rows, phones included: operators, planners and admins read it (not
    # viewers), street-scoped users only their street's rows.
    con.execute(f"REVOKE SELECT ON {s}.history FROM {_q(group(project, 'viewer'))}")
    con.execute(f"GRANT SELECT ON {s}.history TO " + ", ".join(_q(group(project, r)) for r in ROLES[1:]))
    con.execute(f"ALTER TABLE {s}.history ENABLE ROW LEVEL SECURITY")
    con.execute(f"DROP POLICY IF EXISTS street_read ON {s}.history")
    con.execute(f"DROP POLICY IF EXISTS anyone_writes ON {s}.history")
    con.execute(f"CREATE POLICY street_read ON {s}.history FOR SELECT USING ({s}.street_ok(COALESCE(street, '')))")
    con.execute(f"CREATE POLICY anyone_writes ON {s}.history FOR INSERT WITH CHECK (true)")


def secure_layer(con, project: DbProject, name: str, columns: list[str]) -> None:
    """Grants and the street policy of one layer table (after it is made by a push)."""
    s, t = _q(project.schema), _q(name)
    table = f"{s}.{t}"
    public = ["fid", "version", *[c for c in columns if c not in sensitive_columns(name)]]
    has_geom = con.execute("SELECT 1 FROM information_schema.columns WHERE table_schema = %s AND table_name = %s "
                           "AND column_name = 'geom'", (project.schema, name)).fetchone()
    if has_geom:
        public.append("geom")
    viewer, operator = _q(group(project, "viewer")), _q(group(project, "operator"))
    planner, admin = _q(group(project, "planner")), _q(group(project, "admin"))
    cols = ", ".join(_q(c) for c in public)
    for role in (viewer, operator, planner):
        con.execute(f"GRANT SELECT ({cols}) ON {table} TO {role}")
    writers = [admin]
    if name in OPERATOR_LAYERS:
        writers.append(operator)
    if name in PLANNER_LAYERS:
        writers.append(planner)
    for role in writers:
        con.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {role}")
        con.execute(f"GRANT USAGE ON SEQUENCE {s}.{_q(name + '_fid_seq')} TO {role}")
    con.execute(f"GRANT INSERT ON {s}.history TO {viewer}, {operator}, {planner}, {admin}")
    con.execute(f"GRANT USAGE ON SEQUENCE {s}.history_id_seq TO {viewer}, {operator}, {planner}, {admin}")
    column = STREET_COLUMN.get(name)
    if column in columns:
        con.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        con.execute(f"CREATE POLICY street ON {table} USING ({s}.street_ok({_q(column)})) "
                    f"WITH CHECK ({s}.street_ok({_q(column)}))")


def grant(con, project: DbProject, user: str, role: str, street: str | None = None) -> None:
    """Make ``user`` (a login role, created when missing) a ``role`` of the project, scoped to
    ``street`` (9 digits) or to the whole project."""
    import re
    if role not in ROLES:
        raise ValueError(msg("db_bad_role", role=role))
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", user):
        raise ValueError(msg("db_bad_user", user=user))
    if street is not None and not re.fullmatch(r"\d{9}", street):
        raise ValueError(msg("db_bad_street", code=street))
    ensure_groups(con, project)
    if not con.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,)).fetchone():
        con.execute(f"CREATE ROLE {_q(user)} LOGIN")
    for other in ROLES:
        con.execute(f"REVOKE {_q(group(project, other))} FROM {_q(user)}")
    con.execute(f"GRANT {_q(group(project, role))} TO {_q(user)}")
    s = _q(project.schema)
    con.execute(f"DELETE FROM {s}.{STREETS} WHERE username = %s", (user,))
    if street is not None:
        con.execute(f"INSERT INTO {s}.{STREETS}(username, street) VALUES (%s, %s)", (user, street))
