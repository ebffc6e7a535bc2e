"""A printed patrol page looks the same at any printer resolution.

The page is printed through QPrinter (the print and preview path) to PDF files at 300, 600 and
1,200 dpi, and written by the PDF export; pdftoppm renders each at one resolution. The renders must
agree: the same page is the same page. The scale bar's label used to be drawn ten times too large at
1,200 dpi (its font size was scaled twice), which this comparison sees at once."""
import shutil
import subprocess

import numpy as np
import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (make test installs it)")


def render(pdf, out_stem, dpi=100):
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", str(pdf), str(out_stem)], check=True)
    png = next(out_stem.parent.glob(out_stem.name + "*.png"))
    image = QImage(str(png)).convertToFormat(QImage.Format.Format_Grayscale8)
    arr = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    return arr[:, :image.width()].astype(float)


def test_the_same_page_at_300_600_and_1200_dpi(demo_project, tmp_path):
    from PySide6.QtPrintSupport import QPrinter
    from gridmap.export.atlas import AtlasJob, AtlasOptions
    job = AtlasJob(demo_project, AtlasOptions(cells=["230110004001001"]))
    pages = {}
    for dpi in (300, 600, 1200):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setResolution(dpi)
        from gridmap.export.atlas import page_layout
        printer.setPageLayout(page_layout(job.options))
        printer.setOutputFileName(str(tmp_path / f"p{dpi}.pdf"))
        assert job.draw(printer) >= 1
        del printer
        pages[dpi] = render(tmp_path / f"p{dpi}.pdf", tmp_path / f"p{dpi}")
    job.close()
    base = blocks(pages[300])
    for dpi in (600, 1200):
        assert pages[dpi].shape == pages[300].shape
        differs = np.abs(blocks(pages[dpi]) - base) > 40
        # hinting and rounded advances shift glyphs of long text lines by a pixel (measured: 0.1 %
        # at 600, 0.2 % at 1,200 dpi); the label sized twice was 0.6 % at 600 dpi and grows with dpi
        assert differs.mean() < 0.004, f"{dpi} dpi differs from 300 dpi on {differs.mean():.2%} of the page"


def blocks(a, k=4):
    h, w = (a.shape[0] // k) * k, (a.shape[1] // k) * k
    return a[:h, :w].reshape(h // k, k, w // k, k).mean(axis=(1, 3))


def test_scale_bar_label_keeps_its_size_on_any_device():
    """The scale bar drawn on images of 96 … 1,200 dpi with symbols scaled to the device: its label's
    height in screen pixels (device pixels ÷ scale) is the same on all of them."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QImage, QPainter
    from gridmap.render.decorations import draw_scale_bar
    heights = {}
    for dpi in (96, 300, 600, 1200):
        scale = dpi / 96.0
        image = QImage(int(300 * scale), int(80 * scale), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        painter = QPainter(image)
        # 1 screen pixel = 1 m: the bar is 100 m = 100 screen pixels long, 6 high, at y = 70
        draw_scale_bar(painter, QPointF(20 * scale, 70 * scale), scale, 160 * scale, scale)
        painter.end()
        gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
        arr = np.frombuffer(gray.constBits(), dtype=np.uint8).reshape(gray.height(), gray.bytesPerLine())
        label = arr[:int((70 - 6 - 1) * scale), :gray.width()] < 128       # above the bar
        rows = np.flatnonzero(label.any(axis=1))
        heights[dpi] = (rows.max() - rows.min() + 1) / scale
    assert heights[96] > 4
    for dpi in (300, 600, 1200):
        assert heights[dpi] == pytest.approx(heights[96], rel=0.2), heights


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils (make test installs it)")
def test_atlas_pdf_carries_title_and_author(demo_project, tmp_path):
    from gridmap.export.atlas import AtlasOptions, export_atlas
    out = tmp_path / "atlas.pdf"
    export_atlas(demo_project, out, AtlasOptions(cells=["230110004001001"], language="zh"))
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    street = demo_project["boundary"].data["name"].iloc[0]
    assert f"Title:           {street} 网格巡查图册 (atlas)" in info and f"Author:          {street}" in info
