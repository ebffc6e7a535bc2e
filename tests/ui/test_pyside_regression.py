"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every void Qt call and aborts the
process ("none_dealloc") after a few thousand. The pin in pyproject.toml avoids it; this test
makes 20,000 such calls in a subprocess so that a bad version fails here, not in a user's hands."""
import subprocess
import sys

CODE = """
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
path = QPainterPath()
r = QRectF()
for i in range(20000):
    w.setToolTip("x")        # void calls: each returns None to Python
    path.moveTo(QPointF(i, i))
    r.setWidth(float(i))
print("ok", sys.getrefcount(None) > 0)
"""


def test_twenty_thousand_void_calls_do_not_abort():
    result = subprocess.run([sys.executable, "-c", "import sys\n" + CODE], capture_output=True, text=True,
                            timeout=120, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok True")
