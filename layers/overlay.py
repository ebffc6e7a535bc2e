"""A transient layer computed by an analysis (the coverage overlay): drawn, never saved."""
from __future__ import annotations

import pandas as pd

from .base import LayerModel
from .schema import Column, LayerSpec

_ANY = ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection")


class OverlayLayer(LayerModel):
    """Features with a ``kind`` column; ``transient``: the project does not save it."""

    transient = True

    def __init__(self, data: pd.DataFrame, *, layer_name: str, label_zh: str, label_en: str) -> None:
        self.spec = LayerSpec(name=layer_name, label_zh=label_zh, label_en=label_en, geometry_types=_ANY,
                              columns=(Column("kind"),))
        super().__init__(data)
