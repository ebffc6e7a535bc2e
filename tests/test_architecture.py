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
