"""PDFs GridMap prints give back their text as written: 网 not the radical ⽹, 页 not ⻚, every digit
of "第 1 / 3 页" — checked with poppler's pdftotext against the strings drawn — and look the same."""
import shutil
import subprocess
import zlib

import numpy as np
import pytest

from gridmap.export.pdf_text import (parse_cmap, readable_text, searchable_bytes, write_cmap)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
                                reason="poppler-utils (make test installs it)")

LINES = ["红旗街道 香电社区第1网格 户数 水 骨 说 页", "第 1 / 3 页  打印日期：2026-11-30", "page 2 of 49  Route 1,650 m",
         "网格员：邵国阳…"]


def text_of(path, *args):
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def draw_lines(path, fix: bool):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainter, QPdfWriter
    from gridmap.export.qt_app import ensure_gui_app
    from gridmap.export.pdf_text import make_searchable
    from gridmap.render.qt_helpers import map_font, radical_twins
    ensure_gui_app()
    writer = QPdfWriter(str(path))
    writer.setResolution(150)
    painter = QPainter(writer)
    for k, line in enumerate(LINES):
        painter.setFont(map_font(12, bold=k == 0))
        painter.drawText(QPointF(50, 80 + 60 * k), line)
    painter.end()
    del writer
    return make_searchable(path, radical_twins()) if fix else 0


def test_cmap_round_trip_and_the_readable_forms():
    mapping = {1: "网", 2: "1", 0x30: "\u2F79", 0x31: "\u2EDA", 0x32: "\t", 0x33: "ab"}
    assert parse_cmap(write_cmap(mapping)) == mapping
    ranges = b"2 beginbfrange\n<0001> <0003> <0041>\n<0005> <0006> [<2F79> <7F51>]\nendbfrange\n"
    assert parse_cmap(ranges) == {1: "A", 2: "B", 3: "C", 5: "\u2F79", 6: "网"}
    # Kangxi radicals fold by Unicode; the supplement's ⻚ only by the font's twin table
    assert readable_text("\u2F79格\t\u2EDA") == "网格 \u2EDA"
    assert readable_text("\u2EDA", {"\u2EDA": "页"}) == "页"


def test_pdf_text_is_what_was_drawn_and_the_page_looks_the_same(tmp_path):
    plain, fixed = tmp_path / "plain.pdf", tmp_path / "fixed.pdf"
    draw_lines(plain, fix=False)
    changed = draw_lines(fixed, fix=True)
    before = text_of(plain)
    assert "\u2F79" in before or "\u2EDA" in before          # Qt's own maps: the bug this fixes
    assert changed > 0
    after = [" ".join(line.split()) for line in text_of(fixed).splitlines() if line.strip()]
    assert after == [" ".join(line.split()) for line in LINES]
    # the same pixels: only the text map changed
    for pdf in (plain, fixed):
        subprocess.run(["pdftoppm", "-r", "50", "-gray", str(pdf), str(tmp_path / pdf.stem)], check=True)
    a = (tmp_path / "plain-1.pgm").read_bytes()
    b = (tmp_path / "fixed-1.pgm").read_bytes()
    assert a == b
    info = subprocess.run(["pdfinfo", str(fixed)], capture_output=True, text=True)
    assert info.returncode == 0 and "Syntax Error" not in info.stderr


def test_a_file_it_cannot_read_is_left_alone(tmp_path):
    from gridmap.export.pdf_text import make_searchable
    odd = tmp_path / "odd.pdf"
    odd.write_bytes(b"%PDF-1.7\n% a cross-reference stream, not a table\nstartxref\n9\n%%EOF\n")
    assert make_searchable(odd) == 0 and odd.read_bytes().startswith(b"%PDF-1.7\n%")
    head = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n"          # no fonts: nothing to change
    pdf = head + (b"xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\n"
                  b"startxref\n%d\n%%%%EOF\n" % len(head))
    assert searchable_bytes(pdf) == (pdf, 0)


def test_briefing_text_is_searchable(tmp_path, demo_project):
    from gridmap.analysis.facility_report import facility_report
    from gridmap.export.briefing import write_briefing
    from gridmap.render.snapshot import public_view
    public = public_view(demo_project)
    report = facility_report(public, "F-PUMP-001")
    pdf = write_briefing(public, report, tmp_path / "brief.pdf")
    text = text_of(pdf)
    assert not any(0x2E80 <= ord(c) <= 0x2FDF for c in text)
    flat = "".join(text.split())
    for cell in report.cells:                          # the cells' names (网格) as written
        assert "".join(str(cell["name"]).split()) in flat
    assert f"{report.households:,}" in flat or str(report.households) in flat
    assert report.name in text and not (tmp_path / ".brief.pdf.writing").exists()
