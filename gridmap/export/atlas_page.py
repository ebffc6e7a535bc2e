"""Drawing one patrol page (QGIS-Atlas-like): header, map, legend, checklist table, footer.
The map uses the same painters and palette as the screen."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen, QPolygonF

from layers.codes import BUILDING_USE, FACILITY_KIND, INCIDENT_CATEGORY, label

from ..render import palette
from ..render.context import RenderContext
from ..render.decorations import draw_north_arrow, draw_scale_bar
from ..render.labels import LabelPlacer, draw_halo_text, draw_text_boxes
from ..render.legend_symbols import draw_legend_symbol
from ..render.map_renderer import fit_transform
from ..render.qt_helpers import map_font, marker_path, polygons_path, qcolor

PAPER_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
ROUTE = (0, 120, 215, 255)


@dataclass
class PageLayout:
    """Rectangles of a page in device units; ``u`` converts millimetres to device units."""

    u: float
    page: QRectF
    header: QRectF
    map: QRectF
    legend: QRectF
    table_first: QRectF
    table_cont: QRectF
    footer: QRectF
    row_h: float

    @classmethod
    def make(cls, width: float, height: float, dpi: float, landscape: bool) -> "PageLayout":
        u = dpi / 25.4
        page = QRectF(0, 0, width, height)
        header = QRectF(0, 0, width, 15 * u)
        footer = QRectF(0, height - 7 * u, width, 7 * u)
        body_top, body_bottom = header.bottom() + 2 * u, footer.top() - 2 * u
        row_h = 6.2 * u
        if landscape:
            map_rect = QRectF(0, body_top, width * 0.6, body_bottom - body_top)
            legend = QRectF(map_rect.right() + 4 * u, body_top, width - map_rect.right() - 4 * u, 34 * u)
            table = QRectF(legend.left(), legend.bottom() + 2 * u, legend.width(), body_bottom - legend.bottom() - 2 * u)
        else:
            map_rect = QRectF(0, body_top, width, (body_bottom - body_top) * 0.56)
            legend = QRectF(0, map_rect.bottom() + 2 * u, width, 16 * u)
            table = QRectF(0, legend.bottom() + 2 * u, width, body_bottom - legend.bottom() - 2 * u)
        cont = QRectF(0, body_top, width, body_bottom - body_top)
        return cls(u, page, header, map_rect, legend, table, cont, footer, row_h)

    def rows_fitting(self, rect: QRectF) -> int:
        return max(1, int(rect.height() // self.row_h) - 1)   # one row for the column titles

    def pages_for(self, n_rows: int) -> int:
        first = self.rows_fitting(self.table_first)
        rest = max(0, n_rows - first)
        return 1 + math.ceil(rest / self.rows_fitting(self.table_cont))


def _text(painter, rect, text, size, bold=False, align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
          colour=(20, 20, 20)):
    painter.setFont(map_font(size, bold))
    painter.setPen(QColor(*colour))
    painter.drawText(rect, int(align), text)


def draw_header(painter, layout, page, data, page_no, page_count, language, printed, continued=False) -> None:
    zh = language == "zh"
    u = layout.u
    title = f"{data.street} · {page.community} · {'网格巡查图' if zh else 'patrol map'}" + ("（续）" if continued and zh else
                                                                                        " (cont.)" if continued else "")
    _text(painter, QRectF(0, 0, layout.page.width() * 0.7, 8 * u), title, 13, bold=True)
    worker = page.worker or ("（无网格员）" if zh else "(no worker)")
    line = (f"{page.grid_code}  {page.name}    {'网格员' if zh else 'Worker'}：{worker}    "
            f"{'打印日期' if zh else 'Printed'}：{printed}")
    _text(painter, QRectF(0, 8 * u, layout.page.width() * (0.62 if page.emerging is not None else 0.8), 6 * u),
          line, 9)
    _text(painter, QRectF(layout.page.width() * 0.7, 0, layout.page.width() * 0.3, 8 * u),
          f"第 {page_no} / {page_count} 页" if zh else f"page {page_no} of {page_count}", 10,
          align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if page.emerging is not None:       # the cell's emerging hot spot category and trend, by month
        from layers.codes import label
        from ..analysis.emerging import CATEGORY_LABELS
        category, tau, p = page.emerging
        colour = (150, 20, 30) if category.endswith("_hot") else (30, 70, 150) if category.endswith("_cold") \
            else (90, 90, 90)
        _text(painter, QRectF(layout.page.width() * 0.62, 8 * u, layout.page.width() * 0.38, 6 * u),
              f"{label(CATEGORY_LABELS, category, 'zh' if zh else 'en')} · "
              f"{'趋势' if zh else 'trend'} τ {tau:+.2f}, p {p:.2f}", 8,
              align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, colour=colour)
    painter.setPen(QPen(QColor(60, 60, 60), 0.3 * u))
    painter.drawLine(QPointF(0, layout.header.bottom()), QPointF(layout.page.width(), layout.header.bottom()))


def draw_footer(painter, layout, credit, language) -> None:
    zh = language == "zh"
    text = (credit + "　" if credit else "") + ("GridMap 网格地图 · 本图不含个人信息" if zh else "GridMap · no personal data")
    _text(painter, layout.footer, text, 7, colour=(90, 90, 90))


def draw_map(painter, layout, page, data, base_painters, language) -> dict:
    """The cell and its surroundings; returns what appeared (for the legend)."""
    u = layout.u
    rect = layout.map
    x0, y0, x1, y1 = page.geometry.bounds
    pad = max(x1 - x0, y1 - y0) * 0.08
    transform, visible = fit_transform(QRectF(x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad), rect)
    scale = u / 3.78   # device units per screen pixel (96 dpi)
    ctx = RenderContext(transform=transform, world_rect=visible, language=language, symbol_scale=scale,
                        options={"vector_text": True, "label_placer": LabelPlacer(cell=40 * u), "cull": True})
    painter.save()
    painter.setClipRect(rect)
    painter.fillRect(rect, QColor(*palette.BACKGROUND))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    # Neighbours grey with their codes, the cell itself in the cell colour.
    painter.setTransform(transform)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(qcolor(palette.NEIGHBOUR_FILL)))
    painter.drawPath(polygons_path(np.asarray([g for _c, g in page.neighbours], dtype=object)))
    painter.setBrush(QBrush(qcolor(palette.GRID_FILL)))
    painter.drawPath(polygons_path(np.asarray([page.geometry])))
    painter.resetTransform()
    for name in ("roads", "buildings", "boundary"):
        if name in base_painters:
            base_painters[name].paint(painter, ctx)
    painter.setTransform(transform)
    pen = QPen(qcolor((140, 140, 140, 255)), 0.3 * u)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(polygons_path(np.asarray([g for _c, g in page.neighbours], dtype=object)))
    pen = QPen(qcolor(palette.GRID_OUTLINE), 0.8 * u)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.drawPath(polygons_path(np.asarray([page.geometry])))
    painter.resetTransform()
    for code, geom in page.neighbours:
        spot = shapely.intersection(geom, shapely.box(visible.left(), visible.top(), visible.right(), visible.bottom()))
        if spot.is_empty:
            continue
        p = shapely.point_on_surface(spot)
        dx, dy = ctx.to_device(np.array([p.x]), np.array([p.y]))
        draw_halo_text(painter, QPointF(dx[0], dy[0]), [code], 7 * scale, (110, 110, 110, 255), None, vector=True)
    present = {"uses": set(page.buildings["use"]) if len(page.buildings) else set()}
    _route(painter, ctx, page, u)
    present["facilities"] = _facilities(painter, ctx, page, u)
    present["incidents"] = _incidents(painter, ctx, page, u)
    _numbers(painter, ctx, page, u, scale)
    draw_scale_bar(painter, QPointF(rect.left() + 4 * u, rect.bottom() - 3 * u), ctx.px_per_metre, 30 * u, scale)
    draw_north_arrow(painter, QPointF(rect.right() - 7 * u, rect.top() + 9 * u), scale=scale)
    painter.restore()
    painter.setPen(QPen(QColor(80, 80, 80), 0.3 * u))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect)
    if page.route is not None:
        zh = language == "zh"
        text = (f"巡查路线 {page.route.length_m:,.0f} 米（{'沿道路' if page.route.along_roads else '直线'}）" if zh else
                f"Route {page.route.length_m:,.0f} m ({'along roads' if page.route.along_roads else 'straight'})")
        _text(painter, QRectF(rect.left() + 2 * u, rect.top() + 1 * u, rect.width() * 0.6, 5 * u), text, 8,
              colour=ROUTE[:3])
    return present


def _route(painter, ctx, page, u) -> None:
    if page.route is None:
        return
    coords = shapely.get_coordinates(page.route.path)
    dx, dy = ctx.to_device(coords[:, 0], coords[:, 1])
    # Opaque: a translucent pen makes Qt's PDF engine outline the whole stroke (so overlaps do not
    # blend twice), which made the route a third of each page's bytes and time.
    pen = QPen(qcolor(ROUTE), 0.9 * u)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in zip(dx, dy)]))
    # Direction marks: an arrowhead at the middle of every longer stretch.
    painter.setBrush(qcolor(ROUTE))
    for x0, y0, x1, y1 in zip(dx[:-1], dy[:-1], dx[1:], dy[1:]):
        length = math.hypot(x1 - x0, y1 - y0)
        if length < 8 * u:
            continue
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        s = 1.6 * u
        head = QPolygonF([QPointF(mx + ux * s, my + uy * s), QPointF(mx - ux * s - uy * s, my - uy * s + ux * s),
                          QPointF(mx - ux * s + uy * s, my - uy * s - ux * s)])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPolygon(head)


def _facilities(painter, ctx, page, u) -> set:
    kinds = set()
    for row in page.facilities.records():
        p = row.geometry
        dx, dy = ctx.to_device(np.array([p.x]), np.array([p.y]))
        marker, colour = palette.FACILITY_SYMBOL.get(row.kind, palette.FACILITY_SYMBOL["other"])
        centre = QPointF(dx[0], dy[0])
        if row.shared:
            painter.setPen(QPen(qcolor(palette.SHARED_RING), 0.7 * u))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, 2.6 * u, 2.6 * u)
            kinds.add("shared")
        painter.setPen(QPen(QColor(40, 40, 40), 0.2 * u))
        painter.setBrush(qcolor(colour))
        painter.drawPath(marker_path(marker, 3.2 * u).translated(centre))
        kinds.add(row.kind)
    return kinds


def _incidents(painter, ctx, page, u) -> set:
    cats = set()
    if not len(page.incidents):
        return cats
    pts = shapely.get_coordinates(np.asarray(page.incidents["geometry"]))
    dx, dy = ctx.to_device(pts[:, 0], pts[:, 1])
    painter.setPen(QPen(QColor(30, 30, 30), 0.2 * u))
    for x, y, cat in zip(dx, dy, page.incidents["category"]):
        painter.setBrush(qcolor(palette.INCIDENT_COLOUR.get(cat, palette.INCIDENT_COLOUR["other"])))
        painter.drawEllipse(QPointF(x, y), 1.1 * u, 1.1 * u)
        cats.add(cat)
    return cats


def _numbers(painter, ctx, page, u, scale) -> None:
    """Each building's visiting number on it; its address beside it where there is room."""
    from ..render.labels import text_size
    placer = LabelPlacer(cell=30 * u)
    centres = shapely.get_coordinates(shapely.point_on_surface(np.asarray(page.buildings["geometry"])))
    if not len(centres):
        return
    dx, dy = ctx.to_device(centres[:, 0], centres[:, 1])
    r = 2.3 * u
    for x, y in zip(dx, dy):
        placer.try_place(QRectF(x - r, y - r, 2 * r, 2 * r))
    # One pen and brush for all the discs, one for all the numbers: every change of either is a
    # graphics state written into the page's PDF stream.
    painter.setFont(map_font(7, bold=True))
    painter.setPen(QPen(QColor(255, 255, 255), 0.25 * u))
    painter.setBrush(qcolor(ROUTE))
    for x, y in zip(dx, dy):
        painter.drawEllipse(QPointF(x, y), r, r)
    painter.setPen(QColor(255, 255, 255))
    centre = int(Qt.AlignmentFlag.AlignCenter)
    for x, y, no in zip(dx, dy, page.buildings["no"]):
        painter.drawText(QRectF(x - r, y - r, 2 * r, 2 * r), centre, str(no))
    size = 6.0 * scale
    ds = painter.device().logicalDpiY() / 96.0
    placed = []
    gap = r + 0.8 * u
    for x, y, address in zip(dx, dy, page.buildings["address"]):
        if not address:
            continue
        text = str(address)
        w, h = text_size((text,), size / ds, False)
        w, h = w * ds, h * ds
        for ox, oy in ((gap + w / 2, 0), (-gap - w / 2, 0), (0, -gap - h / 2), (0, gap + h / 2)):
            cx, cy = x + ox, y + oy      # the box draw_halo_text would test
            if placer.try_place(QRectF(cx - w / 2 - 2, cy - h / 2 - 1, w + 4, h + 2)):
                placed.append((cx - w / 2, cy - h / 2, text))
                break
    draw_text_boxes(painter, placed, size / ds, (30, 30, 30, 255), (255, 255, 255, 230), ds)


def draw_legend(painter, layout, present, language) -> None:
    """Only what appears on this page."""
    zh = language == "zh"
    u = layout.u
    entries = [("本网格" if zh else "this cell", {"kind": "polygon", "fill": palette.GRID_FILL, "outline": palette.GRID_OUTLINE}),
               ("相邻网格" if zh else "neighbouring cell", {"kind": "polygon", "fill": palette.NEIGHBOUR_FILL,
                                                           "outline": (140, 140, 140, 255)}),
               ("巡查路线与顺序" if zh else "route and order", {"kind": "line", "colour": ROUTE, "width": 2.5})]
    for use in BUILDING_USE:
        if use in present["uses"]:
            entries.append((label(BUILDING_USE, use, language), {"kind": "polygon", "fill": palette.BUILDING_FILL[use],
                                                                 "outline": palette.BUILDING_OUTLINE}))
    for kind, (marker, colour) in palette.FACILITY_SYMBOL.items():
        if kind in present["facilities"]:
            entries.append((label(FACILITY_KIND, kind, language), {"kind": "marker", "marker": marker, "colour": colour}))
    if "shared" in present["facilities"]:
        entries.append(("共用设施" if zh else "shared facility", {"kind": "ring", "colour": palette.SHARED_RING}))
    for cat, colour in palette.INCIDENT_COLOUR.items():
        if cat in present["incidents"]:
            entries.append((label(INCIDENT_CATEGORY, cat, language), {"kind": "dot", "colour": colour}))
    rect = layout.legend
    font = map_font(7)
    fm = QFontMetricsF(font, painter.device())
    x, y = rect.left(), rect.top()
    symbol_w, gap = 6 * u, 2 * u
    line_h = max(fm.height(), 4 * u) + 1 * u
    painter.setFont(font)
    for text, desc in entries:
        width = symbol_w + gap + fm.horizontalAdvance(text) + 4 * u
        if x + width > rect.right():
            x, y = rect.left(), y + line_h
        if y + line_h > rect.bottom():
            break
        draw_legend_symbol(painter, QRectF(x, y, symbol_w, line_h - 1 * u), desc, scale=u / 3.78)
        painter.setPen(QColor(30, 30, 30))
        painter.drawText(QRectF(x + symbol_w + gap, y, width, line_h - 1 * u),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        x += width


def draw_table(painter, layout, rect, buildings, start, count, language) -> None:
    """Checklist rows ``start``..``start+count``: no., address, households, last visit, ☐, notes."""
    zh = language == "zh"
    u = layout.u
    titles = (["序号", "地址", "户数", "最近巡查", "已查", "备注"] if zh else
              ["No.", "Address", "Households", "Last visit", "Done", "Notes"])
    widths = np.array([0.08, 0.38, 0.11, 0.17, 0.08, 0.18]) * rect.width()
    xs = rect.left() + np.concatenate([[0], np.cumsum(widths)])
    painter.setPen(QPen(QColor(60, 60, 60), 0.2 * u))
    y = rect.top()
    painter.fillRect(QRectF(rect.left(), y, rect.width(), layout.row_h), QColor(230, 236, 245))
    for k, title in enumerate(titles):
        _text(painter, QRectF(xs[k] + 1 * u, y, widths[k] - 2 * u, layout.row_h), title, 8, bold=True)
    rows = buildings.slice(start, start + count)
    painter.setFont(map_font(8))
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    box = 3.2 * u
    # the texts with one pen, then the tick boxes with another (a pen change per row is two
    # graphics states per row in the page's PDF stream)
    painter.setPen(QColor(20, 20, 20))
    for row in rows.records():
        y += layout.row_h
        for k, value in ((0, str(row.no)), (1, str(row.address)), (2, str(row.households)), (3, row.last_visit)):
            painter.drawText(QRectF(xs[k] + 1 * u, y, widths[k] - 2 * u, layout.row_h), right if k in (0, 2) else left,
                             value)
    painter.setPen(QPen(QColor(60, 60, 60), 0.2 * u))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for k in range(1, len(rows) + 1):
        top = rect.top() + k * layout.row_h
        painter.drawRect(QRectF(xs[4] + (widths[4] - box) / 2, top + (layout.row_h - box) / 2, box, box))
    bottom = y + layout.row_h
    for x in xs:
        painter.drawLine(QPointF(x, rect.top()), QPointF(x, bottom))
    for k in range(len(rows) + 2):
        yy = rect.top() + k * layout.row_h
        painter.drawLine(QPointF(rect.left(), yy), QPointF(rect.right(), yy))
