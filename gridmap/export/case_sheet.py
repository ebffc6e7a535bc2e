"""The one-page case sheet for a coordination meeting (案件协调单): the case, a map of where it is
drawn by the screen's painters, and its case file — dispatch, reporting in, escalation, meetings,
the agreement's terms, follow-up visits. No personal data: no reporter, no phone, and not the
case's free-text description (it may name people); parties are organisations and roles."""
from __future__ import annotations

import html
import os
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QTextDocument

from layers.codes import CASE_EVENT, INCIDENT_CATEGORY, INCIDENT_KIND, INCIDENT_LEVEL, INCIDENT_STATUS, label
from layers.errors import DataError

from ..render import palette
from ..render.qt_helpers import map_font, polygons_path, qcolor
from .briefing import begin_map, draw_title, end_map, write_one_page
from .qt_app import ensure_gui_app

HIGHLIGHT = (214, 40, 40, 255)


def case_entries(project, incident_id: str) -> pd.DataFrame:
    """The case file of ``incident_id`` in time order (an empty frame when it has none)."""
    if "case_events" not in project:
        return pd.DataFrame(columns=["at", "kind"])
    events = project["case_events"].data
    return events[events["incident_id"] == incident_id].sort_values("at", kind="stable")


def write_case_sheet(project, incident_id: str, path: str | os.PathLike, language: str = "zh") -> Path:
    """Write the case sheet of ``incident_id`` to ``path`` (A4, one page).

    Raises DataError for an unknown case, OSError when the file cannot be written."""
    ensure_gui_app()
    from ..render.snapshot import ProjectSnapshot, public_view
    if not isinstance(project, ProjectSnapshot):
        project = public_view(project)          # a print: columns marked sensitive stay empty
    if "incidents" not in project:
        raise DataError(f"the project has no incidents (case {incident_id})")
    incidents = project["incidents"].data
    rows = np.flatnonzero((incidents["incident_id"] == incident_id).to_numpy())
    if not len(rows):
        raise DataError(f"no case {incident_id!r} in the project")
    case = incidents.iloc[int(rows[0])]
    entries = case_entries(project, incident_id)
    street = project["boundary"].data["name"].iloc[0] if "boundary" in project and len(project["boundary"]) else ""

    def draw(painter, page, scale):
        y = _title(painter, page, case, language, scale)
        map_rect = QRectF(page.left(), y, page.width(), page.height() * 0.30)
        _map(painter, project, int(rows[0]), case, map_rect, scale, language)
        top = map_rect.bottom() + 10 * scale
        doc = _document(painter, QRectF(page.left(), top, page.width(), page.bottom() - top), case, entries,
                        project, language)
        painter.save()
        painter.translate(QPointF(page.left(), top))
        doc.drawContents(painter, QRectF(0, 0, page.width(), page.bottom() - top))
        painter.restore()
    return write_one_page(path, f"{incident_id}", str(street) or "GridMap", draw)


def _title(painter, page, case, language, scale) -> float:
    zh = language == "zh"
    title = "案件协调单（街镇吹哨、部门报到）" if zh else "Case sheet for the coordination meeting"
    line = (f"{case['incident_id']}　{label(INCIDENT_CATEGORY, case['category'], language)}"
            f"（{label(INCIDENT_KIND, case['kind'], language)}）　"
            + ("打印：" if zh else "printed ") + pd.Timestamp.now().strftime("%Y-%m-%d"))
    return draw_title(painter, page, title, line, scale)


def _map(painter, project, row: int, case, rect, scale, language) -> None:
    """The case's cell and surroundings; its building outlined, the case marked."""
    x, y = project.metric_xy("incidents")
    point = shapely.Point(float(x[row]), float(y[row]))
    focus = point.buffer(150.0)
    cell = None
    if "grid_cells" in project and isinstance(case.get("grid_code"), str):
        cells = project.to_metric("grid_cells")
        hit = np.flatnonzero((cells["grid_code"] == case["grid_code"]).to_numpy())
        if len(hit):
            cell = np.asarray(cells.geometry.values)[hit[0]]
            focus = shapely.union_all([focus, cell.buffer(40.0)])
    ctx = begin_map(painter, project, focus.bounds, rect, scale, language)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setTransform(ctx.transform)
    if cell is not None:
        pen = QPen(qcolor(palette.GRID_OUTLINE), 3.0 * scale)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(polygons_path(np.asarray([cell])))
    if "buildings" in project and isinstance(case.get("building_id"), str):
        buildings = project.to_metric("buildings")
        hit = np.flatnonzero((buildings["building_id"] == case["building_id"]).to_numpy())
        if len(hit):
            pen = QPen(qcolor(HIGHLIGHT), 2.2 * scale)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(QBrush(qcolor(HIGHLIGHT, 0.35)))
            painter.drawPath(polygons_path(np.asarray(buildings.geometry.values)[hit[:1]]))
    painter.resetTransform()
    dx, dy = ctx.to_device(np.array([point.x]), np.array([point.y]))
    painter.setPen(QPen(QColor(30, 30, 30), 1.2 * scale))
    painter.setBrush(qcolor(palette.INCIDENT_COLOUR.get(case["category"], (90, 90, 90, 255))))
    painter.drawEllipse(QPointF(dx[0], dy[0]), 6 * scale, 6 * scale)
    end_map(painter, ctx, rect, scale)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    return html.escape(str(value))


def _time(value) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def _document(painter, rect, case, entries, project, language) -> QTextDocument:
    zh = language == "zh"
    t = (lambda a, b: a if zh else b)
    community = ""
    if "grid_cells" in project and isinstance(case.get("grid_code"), str):
        cells = project["grid_cells"].data
        hit = cells[cells["grid_code"] == case["grid_code"]]
        if len(hit) and "communities" in project:
            names = dict(zip(project["communities"].data["community_code"], project["communities"].data["name"]))
            community = names.get(hit["community_code"].iloc[0], hit["community_code"].iloc[0])
    level = label(INCIDENT_LEVEL, case["level"], language) if isinstance(case.get("level"), str) else "—"
    parts = [
        f"<p><b>{t('地址', 'Address')}</b>：{_text(case.get('address')) or '—'}　"
        f"<b>{t('网格', 'Cell')}</b>：{_text(case.get('grid_code')) or '—'}　"
        f"<b>{t('社区', 'Community')}</b>：{_text(community) or '—'}</p>",
        f"<p><b>{t('受理', 'Reported')}</b>：{_time(case['reported_at'])}　"
        f"<b>{t('状态', 'Status')}</b>：{html.escape(label(INCIDENT_STATUS, case['status'], language))}"
        + (f"（{_time(case.get('resolved_at'))}）" if _time(case.get('resolved_at')) else "") + "　"
        f"<b>{t('责任部门', 'Department')}</b>：{_text(case.get('department')) or t('未派遣', 'not dispatched')}　"
        f"<b>{t('处置层级', 'Level')}</b>：{html.escape(level)}　"
        f"<b>{t('办理时限', 'Due')}</b>：{_time(case.get('due_at')) or '—'}</p>",
    ]
    agreements = entries[entries["kind"] == "agreement"] if len(entries) else entries
    for entry in agreements.itertuples():
        parts.append(f"<p style='background:#fff3e0'><b>{t('协议条款', 'Terms of the agreement')}</b>"
                     f"（{_time(entry.at)}）：{_text(entry.terms)}</p>")
    if len(entries):
        rows = "".join(
            f"<tr><td>{_time(e.at)}</td><td>{html.escape(label(CASE_EVENT, e.kind, language))}</td>"
            f"<td>{_text(e.department)}</td>"
            f"<td>{html.escape(label(INCIDENT_LEVEL, e.level, language)) if isinstance(e.level, str) else ''}</td>"
            f"<td>{_text(e.parties)}</td><td>{' '.join(x for x in (_text(e.reason), _text(e.outcome)) if x)}</td></tr>"
            for e in entries.itertuples())
        parts.append(f"<p><b>{t('案件记录', 'Case file')}</b></p>"
                     f"<table cellspacing='0' cellpadding='3' border='1' width='100%'><tr><th>{t('时间', 'Time')}</th>"
                     f"<th>{t('环节', 'Step')}</th><th>{t('部门', 'Department')}</th><th>{t('层级', 'Level')}</th>"
                     f"<th>{t('参加单位和各方', 'Present')}</th><th>{t('事由与结果', 'Reason and outcome')}</th></tr>"
                     f"{rows}</table>")
    else:
        parts.append(f"<p>{t('尚无案件记录。', 'No case file entries yet.')}</p>")
    credit = project.meta.get("credit") or ""
    parts.append(f"<p style='color:#666'>{t('本协调单不含个人信息（反映人、联系电话、诉求原文）。', 'No personal data (reporters, phones, the original complaint text).')}"
                 f" {html.escape(credit)}</p>")
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(painter.device())
    doc.setDefaultFont(map_font(8.5))
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.setHtml("".join(parts))
    return doc
