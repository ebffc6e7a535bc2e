"""Models, readers and analysis import no Qt (napari enforces the same for its layers)."""
import subprocess
import sys

import pytest

QT_FREE = ["layers", "gridmap.io", "gridmap.analysis", "gridmap.project", "gridmap.demo"]


@pytest.mark.parametrize("module", QT_FREE)
def test_module_imports_no_qt(module):
    code = (f"import sys, importlib; importlib.import_module({module!r}); "
            "bad = [m for m in ('PySide6', 'pyqtgraph', 'shiboken6') if m in sys.modules]; "
            "print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{module} pulled in {result.stdout.strip()}"


def test_message_boxes_show_project_text_as_plain_text(qtbot):
    """Qt renders a message that looks like HTML as HTML: every message box goes through
    ui.message_box (plain text), none through QMessageBox's static helpers or its constructor."""
    import re
    from pathlib import Path
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox
    ui = Path(__file__).resolve().parents[1] / "gridmap" / "ui"
    offenders = []
    for path in ui.glob("*.py"):
        if path.name == "message_box.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"QMessageBox\.(question|warning|information|critical)\(|QMessageBox\(", text):
            offenders.append(path.name)
    assert not offenders
    from gridmap.ui.message_box import message_box
    box = message_box(None, QMessageBox.Icon.Warning, "t", "<b>点我</b> <img src='x'>")
    assert box.textFormat() == Qt.TextFormat.PlainText and box.text() == "<b>点我</b> <img src='x'>"
