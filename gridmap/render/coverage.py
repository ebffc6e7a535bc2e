"""The coverage overlay: cells by days since their last patrol; gaps and overlaps hatched red;
problem buildings outlined red; problem points ringed."""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen

from . import palette
from .base import LayerPainter
from .qt_helpers import fill_paths, polygons_path, qcolor

AREA_KINDS = ("gap", "overlap", "cell_outside")
BUILDING_KINDS = ("building_unassigned", "building_split", "building_code_mismatch", "invalid_geometry")
CELL_KINDS = ("cell_no_worker", "cell_households", "grid_code_invalid", "cell_not_patrolled", "silent_cell")


class CoveragePainter(LayerPainter):
    def _build(self):
        metric = self.metric()
        kinds = metric["kind"].to_numpy()
        geoms = np.asarray(metric.geometry.values)
        days = metric["days"].to_numpy(dtype=float)
        cells = kinds == "cell_patrol"
        fills = []
        for k, (bound, colour, _zh, _en) in enumerate(palette.PATROL_AGE_CLASSES):
            low = palette.PATROL_AGE_CLASSES[k - 1][0] if k else -np.inf
            mask = cells & (days > low) & (days <= bound)
            if mask.any():
                fills.append((colour, polygons_path(geoms[mask])))
        never = cells & np.isnan(days)
        if never.any():
            fills.append((palette.PATROL_NEVER, polygons_path(geoms[never])))
        points = np.isin(shapely.get_type_id(geoms), (0, 4))
        return dict(fills=fills, areas=polygons_path(geoms[np.isin(kinds, AREA_KINDS)]),
                    buildings=polygons_path(geoms[np.isin(kinds, BUILDING_KINDS) & ~points]),
                    cells=polygons_path(geoms[np.isin(kinds, CELL_KINDS)]),
                    points=shapely.get_coordinates(geoms[points]))

    def _draw(self, painter, ctx, c):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setTransform(ctx.transform)
        fill_paths(painter, c["fills"])
        red = qcolor(palette.FINDING_RED)
        dashed = QPen(qcolor((200, 0, 160, 255)), 2.0 * ctx.symbol_scale, Qt.PenStyle.DashLine)
        dashed.setCosmetic(True)
        painter.setPen(dashed)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(c["cells"])
        # Hatching keeps its pattern size on screen: draw the areas in device coordinates.
        painter.resetTransform()
        hatch = QBrush(red, Qt.BrushStyle.BDiagPattern)
        outline = QPen(red, 2.2 * ctx.symbol_scale)
        painter.setPen(outline)
        painter.setBrush(hatch)
        painter.drawPath(ctx.transform.map(c["areas"]))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(red, 2.6 * ctx.symbol_scale))
        painter.drawPath(ctx.transform.map(c["buildings"]))
        if len(c["points"]):
            dx, dy = ctx.to_device(c["points"][:, 0], c["points"][:, 1])
            painter.setPen(QPen(red, 2.2 * ctx.symbol_scale))
            for x, y in zip(dx, dy):
                painter.drawEllipse(QPointF(x, y), 9 * ctx.symbol_scale, 9 * ctx.symbol_scale)

    def legend(self, language):
        zh = language == "zh"
        entries = [(z if zh else e, {"kind": "polygon", "fill": colour, "outline": (120, 120, 120, 255)})
                   for _b, colour, z, e in palette.PATROL_AGE_CLASSES]
        entries.append(("从未巡查" if zh else "never patrolled",
                        {"kind": "polygon", "fill": palette.PATROL_NEVER, "outline": (120, 120, 120, 255)}))
        entries.append(("空白区 / 重叠 / 超出边界" if zh else "gap / overlap / outside",
                        {"kind": "hatch", "colour": palette.FINDING_RED}))
        entries.append(("问题楼栋" if zh else "problem building",
                        {"kind": "outline", "colour": palette.FINDING_RED, "width": 2.4}))
        entries.append(("问题网格" if zh else "problem cell",
                        {"kind": "outline", "colour": (200, 0, 160, 255), "width": 2, "dash": True}))
        entries.append(("问题事件 / 设施" if zh else "problem incident / facility",
                        {"kind": "ring", "colour": palette.FINDING_RED}))
        return entries
