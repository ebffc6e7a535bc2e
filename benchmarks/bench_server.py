"""A city command centre on one PostgreSQL/PostGIS server (issue 17), on a throwaway cluster this
script starts and stops itself:

1. push of the benchmark city (5,000 cells, 200,000 buildings, 1,000,000 incidents, 500,000 patrols);
2. 20 scripted clients for a minute, each importing incidents and editing, ten cells edited by
   everyone: every client increments a cell's household count from the row version it read; an
   increment refused as a conflict is read again and retried. Lost updates = increments acknowledged
   minus the increase in the database (0 is the target). The same for a few seconds without version
   checks ("last writer wins", as QGIS on PostGIS does) shows the check is what keeps them;
3. from a client's commit to another connection's notification: p50 / p95 (measured from just
   before the client's call, so an upper bound);
4. open → first full frame of the city in the window, from the server and from the GeoPackage, in
   the same run.

Run: .venv/bin/python benchmarks/bench_server.py [--clients 20] [--seconds 60] [--skip-open]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRIDMAP_NO_SETTINGS", "1")

HOT_CELLS = list(range(1, 11))


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


class Watcher(threading.Thread):
    """Another desk: LISTENs and notes when each (layer, id, version) notice arrived."""

    def __init__(self, db):
        super().__init__(daemon=True)
        self.db, self.arrived, self.stop, self.ready = db, {}, threading.Event(), threading.Event()

    def run(self):
        from gridmap.server.store import _q, connect
        con = connect(self.db, autocommit=True)
        con.execute(f"LISTEN {_q(self.db.channel)}")
        self.ready.set()
        while not self.stop.is_set():
            for note in con.notifies(timeout=0.2):
                now = time.monotonic()
                p = json.loads(note.payload)
                self.arrived.setdefault((p["layer"], p["fid"], p.get("version")), now)
        con.close()


def client(db, k, seconds, stats, committed, lock, checked=True):
    """One desk: imports a few incidents, edits incidents, increments a hot cell's households."""
    import geopandas as gpd
    from shapely.geometry import Point
    from gridmap.server.changes import ConflictError, ServerChanges, apply
    from gridmap.server.store import connect
    rng = random.Random(k)
    con = connect(db)
    s = f'"{db.schema}"'
    end = time.monotonic() + seconds
    mine = {"acked": 0, "conflicts": 0, "imports": 0, "edits": 0}
    while time.monotonic() < end:
        action = rng.random()
        if action < 0.15:                                       # import a batch of 20 hotline reports
            rows = gpd.GeoDataFrame({"incident_id": [f"C{k}-{mine['imports']}-{j}" for j in range(20)],
                                     "source": "hotline_12345", "kind": "complaint", "category": "heating",
                                     "status": "received", "reported_at": "2025-03-01T09:00:00+08:00"},
                                    geometry=[Point(126.6 + rng.random() * 0.1, 45.7 + rng.random() * 0.1)
                                              for _ in range(20)], crs=4326)
            t = time.monotonic()
            ids = apply(db, ServerChanges("incidents", inserts=rows), user_connection=con)["inserted"]
            with lock:
                for fid in ids:
                    committed[("incidents", fid, 1)] = t
            mine["imports"] += 1
            continue
        if action < 0.45:                                       # move an incident along its workflow
            fid = rng.randint(1, 1_000_000)
            row = con.execute(f"SELECT version FROM {s}.incidents WHERE fid = %s", (fid,)).fetchone()
            con.commit()
            if row is None:
                continue
            t = time.monotonic()
            try:
                out = apply(db, ServerChanges("incidents", updates={fid: (row[0], {"status": "dispatched"})}),
                            user_connection=con)
                with lock:
                    committed[("incidents", fid, out["versions"][fid])] = t
                mine["edits"] += 1
            except ConflictError:
                mine["conflicts"] += 1
            continue
        fid = rng.choice(HOT_CELLS)                             # everyone edits the same ten cells
        while time.monotonic() < end:
            version, households = con.execute(f"SELECT version, households FROM {s}.grid_cells WHERE fid = %s",
                                              (fid,)).fetchone()
            con.commit()
            time.sleep(rng.random() * 0.005)                    # the operator's moment of thought
            t = time.monotonic()
            if not checked:                                     # last writer wins
                con.execute(f"UPDATE {s}.grid_cells SET households = %s WHERE fid = %s", ((households or 0) + 1, fid))
                con.commit()
                mine["acked"] += 1
                break
            try:
                out = apply(db, ServerChanges("grid_cells", updates={fid: (version, {"households": (households or 0) + 1})}),
                            user_connection=con)
                with lock:
                    committed[("grid_cells", fid, out["versions"][fid])] = t
                mine["acked"] += 1
                break
            except ConflictError:
                mine["conflicts"] += 1                          # read again and retry: never overwrite
    con.close()
    with lock:
        for key, value in mine.items():
            stats[key] = stats.get(key, 0) + value


def hot_total(db) -> int:
    from gridmap.server.store import connect
    with connect(db) as con:
        return int(con.execute(f'SELECT coalesce(sum(coalesce(households, 0)), 0) FROM "{db.schema}".grid_cells WHERE fid = ANY(%s)',
                               (HOT_CELLS,)).fetchone()[0])


def run_clients(db, clients, seconds, checked=True):
    stats, committed, lock = {}, {}, threading.Lock()
    watcher = Watcher(db)
    watcher.start()
    watcher.ready.wait(10)
    before = hot_total(db)
    threads = [threading.Thread(target=client, args=(db, k, seconds, stats, committed, lock, checked))
               for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    time.sleep(1.0)
    watcher.stop.set()
    watcher.join()
    increase = hot_total(db) - before
    latency = [watcher.arrived[key] - t for key, t in committed.items() if key in watcher.arrived]
    missing = sum(1 for key in committed if key not in watcher.arrived)
    return stats, increase, latency, missing


def open_figures(source: str, runs: int):
    """(first full frame, everything loaded, peak MB): medians of bench_city's open script, the
    same definitions as its table, on a file or a database address."""
    from benchmarks.bench_city import OPEN_SCRIPT
    rows = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", OPEN_SCRIPT.format(root=str(ROOT), city=source)],
                             capture_output=True, text=True, timeout=900)
        if out.returncode:
            raise SystemExit(out.stderr[-3000:])
        _first, all_visible, full, peak, _check = (float(v) for v in out.stdout.split()[-5:])
        rows.append((all_visible, full, peak))
    return [statistics.median(r[k] for r in rows) for k in range(3)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--runs", type=int, default=3, help="open → frame runs (median)")
    parser.add_argument("--skip-open", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    from benchmarks.bench_city import CITY, ensure_city
    from gridmap.project import Project
    from gridmap.server.store import init, push
    from gridmap.server.url import parse
    from tests.server.cluster import Cluster, available
    why = available()
    if why:
        raise SystemExit(why)
    ensure_city()
    cluster = Cluster().stop_on_signal().start()
    results = {}
    try:
        url = cluster.url(project="city")
        db = parse(url)
        init(db)
        t = time.perf_counter()
        city = Project.open(CITY)
        read_s = time.perf_counter() - t
        t = time.perf_counter()
        counts = push(city, db)
        results["push_s"] = time.perf_counter() - t
        del city
        print(f"push of the city ({', '.join(f'{k} {v:,}' for k, v in counts.items())}): "
              f"{results['push_s']:.1f} s (read from the GeoPackage first: {read_s:.1f} s)", flush=True)
        cluster.psql("VACUUM ANALYZE")
        stats, increase, latency, missing = run_clients(db, args.clients, args.seconds)
        results.update(clients=args.clients, seconds=args.seconds, **stats, increase=increase,
                       lost_updates=stats["acked"] - increase, notices_missing=missing,
                       notify_p50_ms=1000 * percentile(latency, 0.5), notify_p95_ms=1000 * percentile(latency, 0.95),
                       notify_max_ms=1000 * max(latency), commits_timed=len(latency))
        print(f"{args.clients} clients × {args.seconds:.0f} s: {stats['imports']:,} imports of 20, {stats['edits']:,} "
              f"incident edits, {stats['acked']:,} hot-cell increments acknowledged, {stats['conflicts']:,} conflicts "
              f"reported and retried; increase in the database {increase:,} → lost updates "
              f"{results['lost_updates']}", flush=True)
        print(f"commit → another connection's notice: p50 {results['notify_p50_ms']:.1f} ms, "
              f"p95 {results['notify_p95_ms']:.1f} ms, max {results['notify_max_ms']:.1f} ms over {len(latency):,} "
              f"commits ({missing} without a notice)", flush=True)
        naive, naive_increase, _lat, _m = run_clients(db, args.clients, min(10.0, args.seconds), checked=False)
        results["naive_acked"], results["naive_lost"] = naive["acked"], naive["acked"] - naive_increase
        print(f"the same without version checks, 10 s: {naive['acked']:,} increments acknowledged, "
              f"{results['naive_lost']:,} lost", flush=True)
        if not args.skip_open:
            g_full, g_loaded, g_rss = open_figures(str(CITY), args.runs)
            s_full, s_loaded, s_rss = open_figures(url, args.runs)
            results.update(gpkg_first_full_frame_s=g_full, gpkg_all_loaded_s=g_loaded, gpkg_peak_rss_mb=g_rss,
                           server_first_full_frame_s=s_full, server_all_loaded_s=s_loaded, server_peak_rss_mb=s_rss,
                           server_to_gpkg=s_full / g_full)
            print(f"open → first full frame: GeoPackage {g_full:.2f} s, server {s_full:.2f} s "
                  f"({s_full / g_full:.2f}×); all loaded {g_loaded:.2f} / {s_loaded:.2f} s; "
                  f"peak memory {g_rss:,.0f} / {s_rss:,.0f} MB", flush=True)
    finally:
        cluster.stop()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
