"""``gridmap screenshot``: render the main window offscreen with a project loaded, to a PNG."""
from __future__ import annotations

import os
from pathlib import Path

from layers.errors import DataError


def parse_size(text: str) -> tuple[int, int]:
    """``"1600x1000"`` -> (1600, 1000). Raises ValueError for anything else."""
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"size must look like 1600x1000, got {text!r}") from None
    if not (200 <= w <= 10000 and 200 <= h <= 10000):
        raise ValueError(f"size must be between 200x200 and 10000x10000, got {text!r}")
    return w, h


def take_screenshot(project_path: Path, output: Path, size: tuple[int, int] = (1600, 1000),
                    language: str = "zh") -> Path:
    """Open ``project_path`` in the main window offscreen and save the window to ``output``.

    Raises DataError when the project cannot be opened, OSError when the image cannot be written.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("GRIDMAP_NO_SETTINGS", "1")
    from PySide6.QtWidgets import QApplication

    from .app import make_application
    from .i18n import install_language
    from .main_window import MainWindow

    app = make_application()
    install_language(language)
    window = MainWindow(language=language)
    window.resize(*size)
    window.show()
    app.processEvents()
    if not window.open_project(project_path, background=False):   # the whole project, then the picture
        title, text = getattr(window, "last_error", ("", str(project_path)))
        raise DataError(text)
    app.processEvents()
    window.canvas.zoom_full()
    app.processEvents()
    window.canvas.render_now()
    app.processEvents()
    output = Path(output)
    if not output.parent.is_dir():
        raise OSError(f"the folder does not exist: {output.parent}")
    if not window.grab().save(str(output)):
        raise OSError(f"cannot write the image {output}")
    window.close()
    QApplication.processEvents()
    return output
