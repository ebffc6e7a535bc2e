"""The one-page briefing for the coordination meeting (街镇吹哨、部门报到) about a shared facility
and its outage: a map drawn by the same painters as the screen, then who is affected and who is
responsible. No personal data: no phones, no reporters."""
from __future__ import annotations

import html
import os
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen, QTextDocument

from layers.codes import BUILDING_USE, FACILITY_KIND, INCIDENT_CATEGORY, INCIDENT_STATUS, label

from ..render import palette
from ..render.context import RenderContext
from ..render.decorations import draw_north_arrow, draw_scale_bar
from ..render.map_renderer import fit_transform, render_layers
from ..render.qt_helpers import map_font, marker_path, polygons_path, qcolor, radical_twins
from ..render.registry import drawing_order, painter_for
from .pdf_text import make_searchable
from .qt_app import ensure_gui_app

BASE_LAYERS = ("roads", "grid_cells", "communities", "buildings", "boundary")
HIGHLIGHT = (214, 40, 40, 255)


def write_briefing(project, report, path: str | os.PathLike, language: str = "zh") -> Path:
    """Write the one-page A4 PDF briefing of ``report`` (a facility or outage report) to ``path``.

    Raises OSError when the file cannot be written.
    """
    ensure_gui_app()
    from ..render.snapshot import ProjectSnapshot, public_view
    if not isinstance(project, ProjectSnapshot):
        project = public_view(project)      # a print: columns marked sensitive stay empty
    street = project["boundary"].data["name"].iloc[0] if "boundary" in project and len(project["boundary"]) else ""

    def draw(painter, page, scale):
        y = _title(painter, page, report, language, scale)
        map_rect = QRectF(page.left(), y, page.width(), page.height() * 0.38)
        _map(painter, project, report, map_rect, scale, language)
        _text(painter, QRectF(page.left(), map_rect.bottom() + 10 * scale, page.width(),
                              page.bottom() - map_rect.bottom() - 10 * scale), project, report, language, scale)
    return write_one_page(path, f"{report.facility_id} {report.name or ''}", str(street) or "GridMap", draw)


def write_one_page(path: str | os.PathLike, title: str, author: str, draw) -> Path:
    """An A4 portrait PDF of one page at 150 dpi: ``draw(painter, page rect, scale)`` paints it.
    Written beside ``path`` and renamed into place (a failure leaves nothing behind); its text is
    searchable (pdftotext finds what was drawn). Raises OSError when it cannot be written."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.writing")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(150)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    writer.setTitle(title)
    writer.setCreator("GridMap 网格地图")
    writer.setAuthor(author)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    ok = False
    try:
        draw(painter, QRectF(0, 0, writer.width(), writer.height()), writer.resolution() / 96.0)
        ok = True
    finally:
        painter.end()
        del writer   # closes the file
        if ok:
            make_searchable(tmp, radical_twins())
            os.replace(tmp, path)
        elif tmp.exists():
            tmp.unlink()
    return path


def _title(painter, page, report, language, scale) -> float:
    """Title and one line of facts; returns where the map starts."""
    zh = language == "zh"
    title = "共用设施协调简报（街镇吹哨、部门报到）" if zh else "Shared facility briefing"
    kind = label(FACILITY_KIND, report.kind, language)
    line = f"{report.facility_id}  {report.name or ''}（{kind}）" if zh else f"{report.facility_id} {report.name or ''} ({kind})"
    if report.outage_since is not None:
        line += ("　停运开始：" if zh else "   out of service since ") + report.outage_since.strftime("%Y-%m-%d %H:%M")
    line += ("　打印：" if zh else "   printed ") + pd.Timestamp.now().strftime("%Y-%m-%d")
    return draw_title(painter, page, title, line, scale)


def draw_title(painter, page, title: str, line: str, scale: float) -> float:
    """A page's bold title and one line of facts under it; returns where the rest starts. (Font
    sizes are points: the PDF device's resolution already scales them.)"""
    from PySide6.QtGui import QFontMetricsF
    painter.setPen(QColor(20, 20, 20))
    title_font = map_font(15, bold=True)
    painter.setFont(title_font)
    h1 = QFontMetricsF(title_font, painter.device()).height()
    painter.drawText(QRectF(page.left(), page.top(), page.width(), h1), Qt.AlignmentFlag.AlignLeft, title)
    sub_font = map_font(9)
    painter.setFont(sub_font)
    h2 = QFontMetricsF(sub_font, painter.device()).height()
    painter.drawText(QRectF(page.left(), page.top() + h1 + 4 * scale, page.width(), h2), Qt.AlignmentFlag.AlignLeft, line)
    return page.top() + h1 + h2 + 12 * scale


def _map(painter, project, report, rect, scale, language) -> None:
    metric_b = project.to_metric("buildings")
    served = metric_b["building_id"].isin(report.buildings["building_id"]).to_numpy()
    served_geoms = np.asarray(metric_b.geometry.values)[served]
    facilities = project.to_metric("facilities")
    f_point = facilities.geometry.values[np.flatnonzero((facilities["facility_id"] == report.facility_id).to_numpy())[0]]
    focus = shapely.union_all(np.concatenate([served_geoms, [f_point]]))
    ctx = begin_map(painter, project, focus.buffer(120).bounds, rect, scale, language)
    transform = ctx.transform
    # The facility's reach: affected area, links, served buildings, related incidents.
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setTransform(transform)
    area = polygons_path(np.asarray([focus.buffer(20.0)]))
    pen = QPen(QColor(230, 120, 0), 1.5 * scale)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.setBrush(QBrush(QColor(230, 120, 0, 60), Qt.BrushStyle.BDiagPattern))
    painter.drawPath(area)
    painter.setBrush(QBrush(qcolor(HIGHLIGHT, 0.35)))
    pen = QPen(qcolor(HIGHLIGHT), 2.2 * scale)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.drawPath(polygons_path(served_geoms))
    painter.resetTransform()
    fx, fy = ctx.to_device(np.array([f_point.x]), np.array([f_point.y]))
    centres = shapely.get_coordinates(shapely.point_on_surface(served_geoms))
    cx, cy = ctx.to_device(centres[:, 0], centres[:, 1])
    painter.setPen(QPen(qcolor(HIGHLIGHT), 1.2 * scale, Qt.PenStyle.DashLine))
    for x, y in zip(cx, cy):
        painter.drawLine(QPointF(fx[0], fy[0]), QPointF(x, y))
    if report.related_incidents is not None and len(report.related_incidents):
        incidents = project.to_metric("incidents")
        chosen = incidents["incident_id"].isin(report.related_incidents["incident_id"]).to_numpy()
        pts = shapely.get_coordinates(np.asarray(incidents.geometry.values)[chosen])
        ix, iy = ctx.to_device(pts[:, 0], pts[:, 1])
        painter.setPen(QPen(QColor(30, 30, 30), 1.0 * scale))
        painter.setBrush(qcolor(palette.INCIDENT_COLOUR.get(report.related_incidents["category"].iloc[0], (90, 90, 90, 255))))
        for x, y in zip(ix, iy):
            painter.drawEllipse(QPointF(x, y), 4.5 * scale, 4.5 * scale)
    marker, colour = palette.FACILITY_SYMBOL.get(report.kind, palette.FACILITY_SYMBOL["other"])
    painter.setPen(QPen(QColor(30, 30, 30), 1.2 * scale))
    painter.setBrush(qcolor(colour))
    painter.drawPath(marker_path(marker, 15 * scale).translated(QPointF(fx[0], fy[0])))
    painter.setPen(QPen(qcolor(palette.SHARED_RING), 3 * scale))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(QPointF(fx[0], fy[0]), 14 * scale, 14 * scale)
    end_map(painter, ctx, rect, scale)


def begin_map(painter, project, bounds, rect, scale, language) -> RenderContext:
    """The base map (roads, cells, communities, buildings, boundary) of metric ``bounds`` in
    ``rect``, drawn by the screen's painters; the painter is left clipped to ``rect`` for what
    the page draws on top. Returns the render context (its transform maps metres to the page)."""
    x0, y0, x1, y1 = bounds
    transform, visible = fit_transform(QRectF(x0, y0, x1 - x0, y1 - y0), rect)
    ctx = RenderContext(transform=transform, world_rect=visible, language=language, symbol_scale=scale,
                        options={"vector_text": True, "cell_label_min_px_per_m": 0.0, "cull": True})
    painters = [painter_for(project, project[n]) for n in drawing_order([n for n in BASE_LAYERS if n in project])]
    painter.save()
    painter.setClipRect(rect)
    painter.fillRect(rect, QColor(*palette.BACKGROUND))
    render_layers(painter, painters, ctx)
    for p in painters:
        p.detach()
    return ctx


def end_map(painter, ctx, rect, scale) -> None:
    """Scale bar, north arrow and frame of a map ``begin_map`` started."""
    painter.resetTransform()
    draw_scale_bar(painter, QPointF(rect.left() + 14 * scale, rect.bottom() - 10 * scale), ctx.px_per_metre,
                   max_width=150 * scale, scale=scale)
    draw_north_arrow(painter, QPointF(rect.right() - 26 * scale, rect.top() + 34 * scale), scale=scale)
    painter.restore()
    painter.setPen(QPen(QColor(120, 120, 120), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect)


def _cell(value) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else html.escape(str(value))


def _text(painter, rect, project, report, language, scale) -> None:
    """The facts under the map; tables shortened (with "… and N more") until the page holds them."""
    building_rows, incident_rows = 14, 14
    while True:
        doc = _document(painter, rect, project, report, language, building_rows, incident_rows)
        if doc.size().height() <= rect.height() or (building_rows <= 3 and incident_rows <= 3):
            break
        if incident_rows > 3:
            incident_rows -= 2
        else:
            building_rows -= 2
    painter.save()
    painter.translate(rect.topLeft())
    doc.drawContents(painter, QRectF(0, 0, rect.width(), rect.height()))
    painter.restore()


def _document(painter, rect, project, report, language, building_rows, incident_rows) -> QTextDocument:
    zh = language == "zh"
    t = (lambda a, b: a if zh else b)
    parts = [f"<p><b>{t('产权方', 'Owner')}</b>：{_cell(report.owner) or '—'}　"
             f"<b>{t('维护方', 'Maintainer')}</b>：{_cell(report.maintainer) or '—'}　"
             f"<b>{t('影响', 'Affected')}</b>：{len(report.buildings)} {t('栋楼', 'buildings')}，"
             f"{report.households} {t('户', 'households')}</p>",
             f"<p><b>{t('小区/单位', 'Compounds')}</b>：{'、'.join(map(_cell, report.compounds)) or '—'}　"
             f"<b>{t('相关单位', 'Organisations')}</b>：{'、'.join(map(_cell, report.organisations)) or '—'}</p>",
             f"<p><b>{t('责任网格与网格员', 'Responsible cells and workers')}</b>：" +
             "；".join(f"{_cell(c['grid_code'])} {_cell(c['name'])} {_cell(c['worker']) or t('（无网格员）', '(no worker)')}"
                      for c in report.cells) + "</p>"]
    rows = "".join(f"<tr><td>{_cell(b.address)}</td><td>{_cell(b.compound)}</td>"
                   f"<td>{html.escape(label(BUILDING_USE, b.use, language))}</td><td align='right'>{b.households}</td>"
                   f"<td>{_cell(b.grid_code)}</td></tr>" for b in report.buildings.head(building_rows).itertuples())
    more = len(report.buildings) - building_rows
    parts.append(f"<table cellspacing='0' cellpadding='2' border='1' width='100%'><tr><th>{t('地址', 'Address')}</th>"
                 f"<th>{t('小区/单位', 'Compound')}</th><th>{t('用途', 'Use')}</th><th>{t('户数', 'Households')}</th>"
                 f"<th>{t('网格', 'Cell')}</th></tr>{rows}</table>"
                 + (f"<p>… {t('另有', 'and')} {more} {t('栋', 'more')}</p>" if more > 0 else ""))
    if report.related_incidents is not None:
        incidents = report.related_incidents
        rows = "".join(f"<tr><td>{i.reported_at:%m-%d %H:%M}</td>"
                       f"<td>{html.escape(label(INCIDENT_CATEGORY, i.category, language))}</td>"
                       f"<td>{_cell(i.address)}</td><td>{html.escape(label(INCIDENT_STATUS, i.status, language))}</td>"
                       f"<td>{_cell(i.incident_id)}</td></tr>" for i in incidents.head(incident_rows).itertuples())
        more = len(incidents) - incident_rows
        parts.append(f"<p><b>{t('可能相关的事件', 'Probably related incidents')}</b>：{len(incidents)} "
                     f"{t('件（同类、邻近、停运期间）', '(matching category, nearby, during the outage)')}</p>"
                     f"<table cellspacing='0' cellpadding='2' border='1' width='100%'><tr><th>{t('时间', 'Time')}</th>"
                     f"<th>{t('类别', 'Category')}</th><th>{t('地址', 'Address')}</th><th>{t('状态', 'Status')}</th>"
                     f"<th>{t('编号', 'Id')}</th></tr>{rows}</table>"
                     + (f"<p>… {t('另有', 'and')} {more} {t('件', 'more')}</p>" if more > 0 else ""))
    credit = project.meta.get("credit") or ""
    parts.append(f"<p style='color:#666'>{t('本简报不含个人信息（联系电话、反映人）。', 'No personal data (phones, reporters).')}"
                 f" {html.escape(credit)}</p>")
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(painter.device())   # measure text at the PDF's resolution
    doc.setDefaultFont(map_font(8))
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.setHtml("".join(parts))
    return doc
