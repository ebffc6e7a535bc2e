"""A throwaway PostgreSQL cluster for the server tests: initdb into a temporary folder as a plain
user (PostgreSQL refuses root), a unix socket in that folder, a free port, trust authentication;
stopped and removed afterwards. Skips when the server binaries or PostGIS are not installed."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.folder = Path(tempfile.mkdtemp(prefix="gridmap-pg-"))
        self.port = _free_port()
        self.user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *args, check=True):
        cmd = [str(a) for a in args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120)

    def stop_on_signal(self) -> "Cluster":
        """For scripts: a SIGTERM or SIGINT (a timeout, Ctrl+C) exits through ``finally`` blocks, so
        the cluster is stopped instead of left running."""
        import signal
        import sys
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda number, _frame: sys.exit(128 + number))
        return self

    def start(self) -> "Cluster":
        if self.user:
            shutil.chown(self.folder, self.user)
        data = self.folder / "data"
        self._run(self.bin / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        self._run(self.bin / "pg_ctl", "-D", data, "-l", self.folder / "log", "-w", "start", "-o",
                  f"-k {self.folder} -p {self.port} -c listen_addresses='' -c fsync=off")
        return self

    def url(self, db: str = "postgres", user: str = "postgres", project: str = "test") -> str:
        return f"postgresql://{user}@/{db}?host={self.folder}&port={self.port}&project={project}"

    def psql(self, sql: str, db: str = "postgres") -> str:
        out = subprocess.run(["psql", "-h", str(self.folder), "-p", str(self.port), "-U", "postgres", "-d", db,
                              "-At", "-c", sql], capture_output=True, text=True, timeout=60)
        if out.returncode:
            raise RuntimeError(out.stderr)
        return out.stdout

    def stop(self) -> None:
        self._run(self.bin / "pg_ctl", "-D", self.folder / "data", "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def available() -> str | None:
    """Why the server tests cannot run here (None: they can)."""
    if _bin_dir() is None:
        return "PostgreSQL server binaries are not installed (scripts/setup.sh installs postgresql)"
    if not glob.glob("/usr/share/postgresql/*/extension/postgis.control"):
        return "PostGIS is not installed (scripts/setup.sh installs postgis)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (make setup installs it)"
    return None
