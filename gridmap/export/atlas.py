"""Patrol-map atlases: one page per grid cell (plus continuation pages for long checklists), as one
PDF, one per community or one per cell. Pages are streamed to the PDF as they are drawn, so a
1,000-page atlas does not hold its pages in memory; each file is written to a temporary name
and renamed when complete."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from layers.errors import DataError
from layers.messages import add_messages, msg

from ..render.qt_helpers import radical_twins
from ..render.registry import painter_for
from .atlas_data import AtlasData
from .atlas_page import (PAPER_MM, PageLayout, draw_footer, draw_header, draw_legend, draw_map, draw_table)
from .pdf_text import make_searchable
from .qt_app import ensure_gui_app

add_messages({
    "atlas_no_cells": {"zh": "没有要打印的网格（检查 --cells / --community）", "en": "no grid cells to print (check --cells / --community)"},
    "atlas_unknown_cells": {"zh": "项目中没有这些网格：{codes}", "en": "these grid cells are not in the project: {codes}"},
    "atlas_bad_option": {"zh": "无效的选项：{what}", "en": "invalid option: {what}"},
    "atlas_cannot_write": {"zh": "无法写入 {path}", "en": "cannot write {path}"},
})


class AtlasCancelled(Exception):
    """The user cancelled the export; no partial file is left."""


@dataclass
class AtlasOptions:
    cells: list[str] | None = None
    community: str | None = None
    split: str = "none"            # none | community | cell
    paper: str = "A4"
    landscape: bool = False
    days: float = 30.0
    language: str = "zh"
    dpi: int = 150

    def validate(self) -> None:
        if self.split not in ("none", "community", "cell"):
            raise DataError(msg("atlas_bad_option", what=f"split={self.split}"))
        if self.paper not in PAPER_MM:
            raise DataError(msg("atlas_bad_option", what=f"paper={self.paper}"))
        if self.days <= 0:
            raise DataError(msg("atlas_bad_option", what=f"days={self.days}"))


def plan_files(data: AtlasData, rows: list[int], out: Path, split: str) -> list[tuple[Path, list[int]]]:
    """(file, cell rows) per output file: one file, one per community, or one per cell."""
    if split == "none":
        return [(out, rows)]
    key = "community_code" if split == "community" else "grid_code"
    groups: dict[str, list[int]] = {}
    for row in rows:
        groups.setdefault(str(data.cells[key].iloc[row]), []).append(row)
    return [(out.with_name(f"{out.stem}_{k}{out.suffix or '.pdf'}"), v) for k, v in groups.items()]


def export_atlas(project, out: str | os.PathLike, options: AtlasOptions | None = None,
                 progress: Callable[[int, int, str], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> list[Path]:
    """Write the patrol atlas; returns the files written.

    Raises DataError for bad options or unknown cells, AtlasCancelled when ``cancelled()`` says so
    (the file being written is removed), OSError when a file cannot be written.
    """
    job = AtlasJob(project, options or AtlasOptions())
    files = plan_files(job.data, job.rows, Path(out), job.options.split)
    total, done, written = len(job.rows), [0], []

    def tick() -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], total, "")
    try:
        for path, file_rows in files:
            _write_file(path, file_rows, job.data, job.base, job.options, job.credit, job.printed, tick, cancelled)
            written.append(path)
    finally:
        job.close()
    return written


def _write_file(path, rows, data, base, opts, credit, printed, tick, cancelled) -> None:
    tmp = path.with_name(f".{path.name}.writing")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(opts.dpi)
    writer.setCreator("GridMap 网格地图")
    zh = opts.language == "zh"
    # Searchable by its metadata: "红旗街道 网格巡查图册 (file)", author the street.
    writer.setTitle(f"{data.street} {'网格巡查图册' if zh else 'patrol atlas'} ({path.stem})".strip())
    writer.setAuthor(data.street or "GridMap")
    writer.setPageLayout(page_layout(opts))
    ok = False
    try:
        draw_atlas(writer, rows, data, base, opts, credit, printed, tick, cancelled, path)
        ok = True
    finally:
        del writer   # closes the file
        if ok:
            make_searchable(tmp, radical_twins())
            os.replace(tmp, path)
        else:
            try:
                os.remove(tmp)
            except OSError:
                pass


def page_layout(opts: AtlasOptions) -> QPageLayout:
    orientation = QPageLayout.Orientation.Landscape if opts.landscape else QPageLayout.Orientation.Portrait
    size = QPageSize(QPageSize.PageSizeId.A4 if opts.paper == "A4" else QPageSize.PageSizeId.A3)
    return QPageLayout(size, orientation, QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter)


def draw_atlas(device, rows, data, base, opts, credit, printed, tick=None, cancelled=None, path=None) -> int:
    """Draw the pages of ``rows`` on a paged device (QPdfWriter, or a QPrinter for preview and
    printing); returns the number of pages. The same drawing for file, preview and printer."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(msg("atlas_cannot_write", path=path or "printer"))
    try:
        dpi = device.logicalDpiX() if not isinstance(device, QPdfWriter) else opts.dpi
        layout = PageLayout.make(device.width(), device.height(), dpi, opts.landscape)
        # Page numbers need the file's page count first: count rows per cell (cheap), then draw.
        page_count = sum(layout.pages_for(len(data.buildings_in(r))) for r in rows)
        page_no, first = 0, True
        n_first, n_cont = layout.rows_fitting(layout.table_first), layout.rows_fitting(layout.table_cont)
        for row in rows:
            if cancelled is not None and cancelled():
                raise AtlasCancelled()
            page = data.page(row)
            for k in range(layout.pages_for(len(page.buildings))):
                if not first:
                    device.newPage()
                first = False
                page_no += 1
                draw_header(painter, layout, page, data, page_no, page_count, opts.language, printed, continued=k > 0)
                if k == 0:
                    present = draw_map(painter, layout, page, data, base, opts.language)
                    draw_legend(painter, layout, present, opts.language)
                    draw_table(painter, layout, layout.table_first, page.buildings, 0, n_first, opts.language)
                else:
                    start = n_first + (k - 1) * n_cont
                    draw_table(painter, layout, layout.table_cont, page.buildings, start, n_cont, opts.language)
                draw_footer(painter, layout, credit, opts.language)
            if tick is not None:
                tick()
        return page_no
    finally:
        painter.end()


class AtlasJob:
    """One prepared atlas (data computed once) that can draw to files, a preview or a printer."""

    def __init__(self, project, options: AtlasOptions) -> None:
        options.validate()
        ensure_gui_app()
        from ..render.snapshot import public_view
        project = public_view(project)      # a print: columns marked sensitive stay empty
        self.project, self.options = project, options
        self.data = AtlasData(project, options.days)
        if options.cells:
            unknown = sorted(set(options.cells) - set(self.data.cells["grid_code"]))
            if unknown:
                raise DataError(msg("atlas_unknown_cells", codes=", ".join(unknown)))
        self.rows = self.data.rows_for(options.cells, options.community)
        if not self.rows:
            raise DataError(msg("atlas_no_cells"))
        self.base = {n: painter_for(project, project[n]) for n in ("roads", "buildings", "boundary") if n in project}
        self.credit = project.meta.get("credit", "")
        self.printed = pd.Timestamp.now(tz="Asia/Shanghai").strftime("%Y-%m-%d")   # local time +08:00

    def draw(self, device, tick=None, cancelled=None) -> int:
        return draw_atlas(device, self.rows, self.data, self.base, self.options, self.credit, self.printed,
                          tick, cancelled)

    def close(self) -> None:
        for p in self.base.values():
            p.detach()
