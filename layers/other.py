"""Any layer outside the contract (roads, water, a planner's sketch): kept and drawn, not checked."""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from .base import LayerModel
from .schema import LayerSpec

_ANY_GEOMETRY = ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon")


#: Labels of layers outside the contract that GridMap knows.
_KNOWN_LABELS = {"roads": ("道路", "Roads")}


class OtherLayer(LayerModel):
    """A layer a project may carry beyond the contract, such as ``roads``."""

    def __init__(self, data: pd.DataFrame, *, layer_name: str, source: str | None = None,
                 sensitive: Iterable[str] = ()) -> None:
        spatial = "geometry" in getattr(data, "columns", []) and hasattr(data, "geometry")
        zh, en = _KNOWN_LABELS.get(layer_name, (layer_name, layer_name))
        self.spec = LayerSpec(name=layer_name, label_zh=zh, label_en=en,
                              geometry_types=_ANY_GEOMETRY if spatial else None, columns=())
        super().__init__(data, source=source, sensitive=sensitive)
