"""Print patrol maps from the app: options from the dialog, export with progress, cancel, preview."""
import subprocess

from PySide6.QtPrintSupport import QPrinter

from gridmap.ui.atlas_dialog import AtlasDialog


def test_dialog_exports_selected_cells(window, tmp_path):
    cells = window.project["grid_cells"]
    cells.selection = [0, 5]
    dialog = AtlasDialog(window.project, "en", window)
    dialog.scope.setCurrentIndex(1)                          # the selected cells
    dialog.split.setCurrentIndex(dialog.split.findData("cell"))
    assert dialog.options().cells == cells.data["grid_code"].iloc[[0, 5]].tolist()
    assert dialog.export(str(tmp_path / "p.pdf"))
    assert sorted(p.name for p in dialog.written) == sorted(f"p_{c}.pdf" for c in dialog.options().cells)


def test_cancel_leaves_nothing(window, tmp_path, monkeypatch):
    dialog = AtlasDialog(window.project, "en", window)
    from PySide6.QtWidgets import QProgressDialog
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: self.value() >= 2)
    assert not dialog.export(str(tmp_path / "all.pdf"))
    assert "Cancelled" in dialog.last_error
    assert not list(tmp_path.iterdir())


def test_preview_draws_the_same_pages_on_a_printer(window, tmp_path):
    dialog = AtlasDialog(window.project, "zh", window)
    dialog.scope.setCurrentIndex(dialog.scope.findText("香电社区", flags=__import__("PySide6").QtCore.Qt.MatchFlag.MatchStartsWith))
    job = dialog._job()
    printer = dialog._printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages = job.draw(printer)
    job.close()
    info = subprocess.run(["pdfinfo", str(tmp_path / "printed.pdf")], capture_output=True, text=True).stdout
    assert f"Pages:           {pages}" in info and pages >= 6
