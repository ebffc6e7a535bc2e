"""A project in PostgreSQL/PostGIS (``postgresql://USER@HOST:PORT/DB?project=NAME``). No Qt."""
