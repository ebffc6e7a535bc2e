"""The grid draft over the map (Analysis → Plan grid…): drafted cells outlined in orange, those out
of the households range filled red, each labelled with its households."""
from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen

from .base import LayerPainter
from .labels import LabelPlacer, draw_halo_text
from .qt_helpers import polygons_path, qcolor

DRAFT = (235, 120, 0, 255)
OUT_OF_RANGE = (220, 30, 30, 90)


class PlanDraftPainter(LayerPainter):
    def _build(self):
        metric = self.metric()
        geoms = np.asarray(metric.geometry.values)
        bad = ~metric["in_range"].to_numpy(dtype=bool)
        centres = shapely.get_coordinates(shapely.point_on_surface(geoms))
        return dict(all=polygons_path(geoms), bad=polygons_path(geoms[bad]), x=centres[:, 0], y=centres[:, 1],
                    text=[f"{h} 户" for h in metric["households"].astype(int)])

    def _draw(self, painter, ctx, c):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setTransform(ctx.transform)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(qcolor(OUT_OF_RANGE)))
        painter.drawPath(c["bad"])
        pen = QPen(qcolor(DRAFT), 2.6 * ctx.symbol_scale, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(c["all"])

    def _draw_labels(self, painter, ctx, c):
        dx, dy = ctx.to_device(c["x"], c["y"])
        placer = ctx.options.get("label_placer") or LabelPlacer()
        for px, py, text in zip(dx, dy, c["text"]):
            draw_halo_text(painter, QPointF(px, py + 16 * ctx.symbol_scale), [text], 10 * ctx.symbol_scale, DRAFT,
                           placer, vector=ctx.options.get("vector_text", False))

    def legend(self, language):
        zh = language == "zh"
        return [("网格草案" if zh else "grid draft", {"kind": "outline", "colour": DRAFT, "width": 2.6, "dash": True}),
                ("户数超出范围" if zh else "households out of range",
                 {"kind": "polygon", "fill": OUT_OF_RANGE, "outline": OUT_OF_RANGE})]
