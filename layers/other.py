"""Any layer outside the contract (roads, water, a planner's sketch): kept and drawn, not checked."""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from .base import LayerModel
from .schema import LayerSpec

_ANY_GEOMETRY = ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon")


class OtherLayer(LayerModel):
    """A layer a project may carry beyond the contract, such as ``roads``."""

    def __init__(self, data: pd.DataFrame, *, layer_name: str, source: str | None = None,
                 sensitive: Iterable[str] = ()) -> None:
        spatial = "geometry" in getattr(data, "columns", []) and hasattr(data, "geometry")
        self.spec = LayerSpec(name=layer_name, label_zh=layer_name, label_en=layer_name,
                              geometry_types=_ANY_GEOMETRY if spatial else None, columns=())
        super().__init__(data, source=source, sensitive=sensitive)
        if layer_name == "roads":
            self._name = "道路"
