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

from ..render.registry import painter_for
from .atlas_data import AtlasData
from .atlas_page import (PAPER_MM, PageLayout, draw_footer, draw_header, draw_legend, draw_map, draw_table)
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
    opts = options or AtlasOptions()
    opts.validate()
    ensure_gui_app()
    data = AtlasData(project, opts.days)
    if opts.cells:
        unknown = sorted(set(opts.cells) - set(data.cells["grid_code"]))
        if unknown:
            raise DataError(msg("atlas_unknown_cells", codes=", ".join(unknown)))
    rows = data.rows_for(opts.cells, opts.community)
    if not rows:
        raise DataError(msg("atlas_no_cells"))
    out = Path(out)
    files = plan_files(data, rows, out, opts.split)
    base = {n: painter_for(project, project[n]) for n in ("roads", "buildings", "boundary") if n in project}
    credit = project.meta.get("credit", "")
    printed = pd.Timestamp.now().strftime("%Y-%m-%d")
    total = len(rows)
    done = [0]
    written = []

    def tick() -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], total, "")
    try:
        for path, file_rows in files:
            _write_file(path, file_rows, data, base, opts, credit, printed, tick, cancelled)
            written.append(path)
    finally:
        for p in base.values():
            p.detach()
    return written


def _write_file(path, rows, data, base, opts, credit, printed, tick, cancelled) -> None:
    tmp = path.with_name(f".{path.name}.writing")
    width_mm, height_mm = PAPER_MM[opts.paper]
    writer = QPdfWriter(str(tmp))
    writer.setResolution(opts.dpi)
    writer.setCreator("GridMap")
    writer.setTitle(path.stem)
    orientation = QPageLayout.Orientation.Landscape if opts.landscape else QPageLayout.Orientation.Portrait
    size = QPageSize(QPageSize.PageSizeId.A4 if opts.paper == "A4" else QPageSize.PageSizeId.A3)
    writer.setPageLayout(QPageLayout(size, orientation, QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(msg("atlas_cannot_write", path=path))
    ok = False
    try:
        layout = PageLayout.make(writer.width(), writer.height(), opts.dpi, opts.landscape)
        # Page numbers need the file's page count first: count rows per cell (cheap), then draw.
        counts = [layout.pages_for(_building_count(data, r)) for r in rows]
        page_count, page_no = sum(counts), 0
        first = True
        for row in rows:
            if cancelled is not None and cancelled():
                raise AtlasCancelled()
            page = data.page(row)
            n_first, n_cont = layout.rows_fitting(layout.table_first), layout.rows_fitting(layout.table_cont)
            for k in range(layout.pages_for(len(page.buildings))):
                if not first:
                    writer.newPage()
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
            tick()
        ok = True
    finally:
        painter.end()
        if ok:
            os.replace(tmp, path)
        else:
            try:
                os.remove(tmp)
            except OSError:
                pass


def _building_count(data: AtlasData, row: int) -> int:
    import shapely
    if data.b_tree is None:
        return 0
    geom = data.cell_geoms[row]
    cand = data.b_tree.query(geom, predicate="intersects")
    return int(shapely.contains(geom, shapely.point_on_surface(data.b_geoms[cand])).sum())
