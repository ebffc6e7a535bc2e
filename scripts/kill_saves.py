#!/usr/bin/env python3
"""Kill -9 during saves, again and again: is the project file always the old or the new state?

A child process opens a copy of the demo and saves in a loop; each save sets every cell's worker
and every incident's description to the round number (5,886 rows in one transaction). The parent
kills it with SIGKILL at a random moment, then checks with Python's sqlite3 that the file passes
``PRAGMA integrity_check``, that all those rows carry one and the same round number (no half
save), that GridMap opens it, and that nothing but the GeoPackage and SQLite's own -journal /
-wal / -shm lies in the folder.

    .venv/bin/python scripts/kill_saves.py --times 200 [--seed 1]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQLITE_OWN = ("-journal", "-wal", "-shm")

CHILD = """
import sys
sys.path.insert(0, {root!r})
from gridmap.project import Project
p = Project.open({path!r})
k = int(p["grid_cells"].data["worker"].iloc[0][1:]) if str(p["grid_cells"].data["worker"].iloc[0]).startswith("w") else 0
print("ready", flush=True)
while True:
    k += 1
    cells = p["grid_cells"].data.copy(); cells["worker"] = f"w{{k}}"; p["grid_cells"].data = cells
    inc = p["incidents"].data.copy(); inc["description"] = f"d{{k}}"; p["incidents"].data = inc
    p.save()
"""


def state(path: Path) -> tuple:
    con = sqlite3.connect(path)
    try:
        return (tuple(r[0] for r in con.execute("SELECT worker FROM grid_cells ORDER BY fid")),
                tuple(r[0] for r in con.execute("SELECT description FROM incidents ORDER BY fid")))
    finally:
        con.close()


def check(path: Path, original: tuple) -> list[str]:
    """What is wrong with the file after a kill (empty: nothing)."""
    problems = []
    con = sqlite3.connect(path)
    try:
        if con.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            problems.append("integrity_check failed")
        workers = {r[0] for r in con.execute("SELECT DISTINCT worker FROM grid_cells")}
        texts = {r[0] for r in con.execute("SELECT DISTINCT description FROM incidents")}
    finally:
        con.close()
    rounds = {w[1:] for w in workers if w and str(w).startswith("w")} | {t[1:] for t in texts if t and str(t).startswith("d")}
    if state(path) != original and (len(workers) != 1 or len(texts) != 1 or len(rounds) > 1):
        problems.append(f"half a save: workers {sorted(map(str, workers))[:3]}, descriptions {sorted(map(str, texts))[:3]}")
    sys.path.insert(0, str(ROOT))
    from gridmap.project import Project
    try:
        Project.open(path)
    except Exception as exc:  # noqa: BLE001 - reported
        problems.append(f"GridMap cannot open it: {exc}")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--times", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="gridmap-kill-"))
    path = work / "p.gpkg"
    shutil.copy(ROOT / "data" / "hongqi_demo.gpkg", path)
    damaged, leftovers, rounds_seen = [], [], set()
    original = state(path)
    start = time.time()
    for n in range(args.times):
        child = subprocess.Popen([sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(path))],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        time.sleep(rng.uniform(0.0, 1.2))
        child.send_signal(signal.SIGKILL)
        child.wait()
        problems = check(path, original)
        if problems:
            damaged.append({"kill": n, "problems": problems})
        extra = [p.name for p in work.iterdir() if p.name != path.name
                 and not any(p.name == path.name + s for s in SQLITE_OWN)]
        if extra:
            leftovers.append({"kill": n, "files": extra})
            for name in extra:
                shutil.rmtree(work / name, ignore_errors=True)
        con = sqlite3.connect(path)
        rounds_seen.add(con.execute("SELECT worker FROM grid_cells LIMIT 1").fetchone()[0])
        con.close()
    result = {"kills": args.times, "damaged": len(damaged), "leftover_files": len(leftovers),
              "distinct_saved_states": len(rounds_seen), "seconds": round(time.time() - start, 1),
              "details": damaged[:5] + leftovers[:5]}
    shutil.rmtree(work, ignore_errors=True)
    print(f"kill_saves: {result['kills']} kills during saves, {result['damaged']} damaged, "
          f"{result['leftover_files']} with files left beside the project, "
          f"{result['distinct_saved_states']} distinct saved states reached, {result['seconds']} s")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 1 if damaged or leftovers else 0


if __name__ == "__main__":
    sys.exit(main())
