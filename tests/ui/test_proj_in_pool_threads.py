"""pyproj in Qt pool threads: each job gets a new Python thread state, which freed pyproj's PROJ
context of that thread while its native pointer stayed, and the next job there crashed in
``proj_create`` (seen after a coverage check on a city). ``keep_proj_context`` keeps it valid."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import os, sys, threading, time
sys.path.insert(0, {root!r})
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QCoreApplication, QRunnable, QThreadPool
from pyproj import CRS, Transformer
from gridmap.io.native import keep_proj_context
app = QCoreApplication([])
pool = QThreadPool()
pool.setMaxThreadCount(1)
threads, results = set(), []

class Job(QRunnable):
    def run(self):
        keep_proj_context()
        threads.add(threading.get_native_id())
        for code in (4547, 4326, 3857):
            tr = Transformer.from_crs(CRS.from_epsg(code), CRS.from_epsg(4548), always_xy=True)
            results.append(tr.transform(126.6, 45.7))

for _ in range(20):
    pool.start(Job())
    time.sleep(0.01)          # the pool thread stays (no waitForDone between jobs)
pool.waitForDone()
print(len(threads), len(results))
"""


def test_many_jobs_in_one_pool_thread_make_crs_objects_safely():
    out = subprocess.run([sys.executable, "-c", SCRIPT.format(root=str(ROOT))], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]          # a segmentation fault is -11
    threads, results = (int(v) for v in out.stdout.split())
    assert threads < 20, "the jobs must share pool threads, or this proves nothing"
    assert results == 60
