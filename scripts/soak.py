#!/usr/bin/env python3
"""Soak test: drive the real GridMap window under Xvfb with random input for N minutes.

Starts Xvfb (unless DISPLAY is set and --display is not given), opens a private copy of the demo
project in the app, and sends random clicks, drags, wheel turns and shortcut keys with xdotool:
pan, zoom, identify and select clicks, the coverage check (F7), merge (Ctrl+Shift+M), undo and
redo, the attribute table (F6), style-free navigation keys, save (Ctrl+S, into the copy) and
Escape for whatever dialog opened. A crash is counted, its last stderr lines kept, and the app
restarted. Prints actions, crashes and the app's memory (RSS) at start, maximum and end; with
--json OUT also writes them as JSON.

    .venv/bin/python scripts/soak.py --minutes 10 [--seed 1] [--json soak.json]

Needs the Debian packages xvfb and xdotool (scripts/setup.sh installs them).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (weight, kind, argument). Keys are xdotool key names. Ctrl+Q (quit) and Ctrl+P (print dialog)
# are left out: the first ends the run, the second is a modal dialog of its own soak.
KEYS = [
    (6, "key", "F7"), (6, "key", "ctrl+z"), (5, "key", "ctrl+shift+z"), (4, "key", "ctrl+shift+m"),
    (3, "key", "F6"), (8, "key", "Escape"), (3, "key", "s"), (3, "key", "i"), (3, "key", "p"),
    (2, "key", "ctrl+shift+f"), (2, "key", "ctrl+j"), (2, "key", "ctrl+shift+n"), (2, "key", "ctrl+plus"),
    (2, "key", "ctrl+minus"), (1, "key", "ctrl+s"), (1, "key", "ctrl+shift+l"),
    # the planner's tools: vertex, reshape, new cell, move, building, facility; finishing and deleting
    (3, "key", "v"), (2, "key", "r"), (2, "key", "n"), (2, "key", "m"), (1, "key", "b"), (1, "key", "f"),
    (4, "key", "Return"), (2, "key", "BackSpace"), (2, "key", "Delete"), (1, "key", "ctrl+shift+k"),
    (1, "key", "ctrl+shift+Delete"), (1, "key", "ctrl+Delete"), (1, "key", "F2"),
]
MOUSE = [(25, "click", None), (14, "drag", None), (12, "wheel", None), (4, "ctrlclick", None)]


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def xdo(*args: str, env) -> str:
    run = subprocess.run(["xdotool", *args], capture_output=True, text=True, env=env, timeout=20)
    return run.stdout.strip()


class App:
    """The GridMap process under test."""

    def __init__(self, project: Path, env: dict, log: Path) -> None:
        self.project, self.env, self.log = project, env, log
        self.proc: subprocess.Popen | None = None
        self.window = ""

    def start(self) -> None:
        self.err = open(self.log, "ab")
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), str(self.project), "--lang", "zh"],
                                     env=self.env, stdout=subprocess.DEVNULL, stderr=self.err, cwd=ROOT)
        deadline = time.time() + 60
        while time.time() < deadline and self.proc.poll() is None:
            found = xdo("search", "--onlyvisible", "--pid", str(self.proc.pid), "--name", "GridMap|网格地图",
                        env=self.env).split()
            if found:
                self.window = found[-1]
                xdo("windowsize", self.window, "1400", "900", env=self.env)
                xdo("windowmove", self.window, "0", "0", env=self.env)
                xdo("windowactivate", "--sync", self.window, env=self.env)
                time.sleep(2.0)           # the project opens in the background
                return
            time.sleep(0.5)
        raise RuntimeError("the GridMap window did not appear within 60 s")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self.err.close()


def act(rng: random.Random, env) -> str:
    """One random action on the map area (x 250..1100, y 120..820 of a 1400×900 window)."""
    pool = KEYS + MOUSE
    kind, arg = rng.choices([(k, a) for _w, k, a in pool], weights=[w for w, _k, _a in pool])[0]
    x, y = rng.randint(250, 1100), rng.randint(120, 820)
    if kind == "key":
        xdo("key", "--clearmodifiers", arg, env=env)
        return f"key {arg}"
    xdo("mousemove", str(x), str(y), env=env)
    if kind == "click":
        xdo("click", "1", env=env)
    elif kind == "ctrlclick":
        xdo("keydown", "ctrl", "click", "1", "keyup", "ctrl", env=env)
    elif kind == "wheel":
        xdo("click", "--repeat", str(rng.randint(1, 4)), rng.choice(["4", "5"]), env=env)
    else:
        x2, y2 = x + rng.randint(-250, 250), y + rng.randint(-200, 200)
        xdo("mousedown", "1", "mousemove", "--sync", str((x + x2) // 2), str((y + y2) // 2),
            "mousemove", str(x2), str(y2), "mouseup", "1", env=env)
    return kind


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rate", type=float, default=8.0, help="actions per second (default 8)")
    ap.add_argument("--json", help="write the result as JSON here")
    ap.add_argument("--display", help="use this X display instead of starting Xvfb")
    ap.add_argument("--screenshot", help="save the screen as a PNG here at the end (ImageMagick's import)")
    args = ap.parse_args(argv)
    for tool in ("xdotool",) + (() if args.display else ("Xvfb",)):
        if shutil.which(tool) is None:
            print(f"soak: {tool} is not installed (apt-get install xdotool xvfb)", file=sys.stderr)
            return 2
    work = Path(tempfile.mkdtemp(prefix="gridmap-soak-"))
    os.chmod(work, 0o700)
    project = work / "soak.gpkg"
    shutil.copy(ROOT / "data" / "hongqi_demo.gpkg", project)
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM",)}
    env.update(GRIDMAP_NO_SETTINGS="1", XDG_DATA_HOME=str(work / "data"), QT_QPA_PLATFORM="xcb",
               PYTHONFAULTHANDLER="1")
    xvfb = None
    if args.display:
        env["DISPLAY"] = args.display
    else:
        display = f":{90 + os.getpid() % 9}"
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        env["DISPLAY"] = display
        time.sleep(1.5)
    rng = random.Random(args.seed)
    log = work / "stderr.log"
    app = App(project, env, log)
    result = {"minutes": args.minutes, "seed": args.seed, "actions": 0, "crashes": 0, "crash_tails": [],
              "rss_mb": {}, "kinds": {}}
    samples: list[float] = []
    try:
        app.start()
        first = rss_mb(app.proc.pid)
        end = time.time() + args.minutes * 60
        next_sample = time.time()
        while time.time() < end:
            if not app.alive():
                result["crashes"] += 1
                tail = log.read_text(errors="replace").splitlines()[-25:]
                result["crash_tails"].append({"exit": app.proc.returncode, "stderr": tail})
                print(f"soak: CRASH (exit {app.proc.returncode}) after {result['actions']} actions", flush=True)
                app.stop()
                app.start()
            kind = act(rng, env)
            result["actions"] += 1
            result["kinds"][kind.split()[0]] = result["kinds"].get(kind.split()[0], 0) + 1
            if time.time() >= next_sample:
                value = rss_mb(app.proc.pid)
                if value is not None:
                    samples.append(value)
                next_sample = time.time() + 5
            time.sleep(rng.expovariate(args.rate))
        time.sleep(2)
        if not app.alive():
            result["crashes"] += 1
        last = rss_mb(app.proc.pid) if app.alive() else None
        if args.screenshot and shutil.which("import"):
            subprocess.run(["import", "-window", "root", args.screenshot], env=env, timeout=30)
        result["rss_mb"] = {"start": round(first or 0, 1), "max": round(max(samples, default=0), 1),
                            "end": round(last or 0, 1), "samples": len(samples)}
    finally:
        app.stop()
        if xvfb is not None:
            xvfb.terminate()
        shutil.rmtree(work, ignore_errors=True)
    print(f"soak: {result['minutes']} min, {result['actions']} actions ({result['kinds']}), "
          f"{result['crashes']} crashes, RSS MB start {result['rss_mb'].get('start')} / max "
          f"{result['rss_mb'].get('max')} / end {result['rss_mb'].get('end')}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1))
    return 1 if result["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
