"""LayerModel: one layer of a project over a (Geo)DataFrame, validated, with Qt-free events."""
from __future__ import annotations

from typing import ClassVar, Iterable

import geopandas as gpd
import numpy as np
import pandas as pd

from .events import EventGroup
from .messages import msg
from .row_ids import FID, ensure_row_ids
from .schema import POINT, LayerSpec
from .validate import validate_frame


class LayerModel:
    """A layer of the data contract.

    Subclasses set ``spec``. The data is validated on construction and on every assignment
    to ``data``; listeners subscribe to ``events`` (data, visible, opacity, selection, style,
    name) and never hold a back-reference from the model.
    """

    spec: ClassVar[LayerSpec]

    def __init__(self, data: pd.DataFrame, *, source: str | None = None,
                 sensitive: Iterable[str] = (), validate: bool = True) -> None:
        self.events = EventGroup("data", "visible", "opacity", "selection", "style", "name", "filter")
        self._filter: np.ndarray | None = None
        self._options: dict = {}
        self.source = source
        self._extra_sensitive = tuple(sensitive)
        self._data = ensure_row_ids(validate_frame(self.spec, data, source) if validate else data.copy())
        self._name: str | None = None         # a name the user gave; None: the label in the UI language
        self._visible = True
        self._opacity = 1.0
        self._style = "default"
        self._selection = np.empty(0, dtype=np.int64)

    # -- data ----------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        """The contract layer name, e.g. ``"buildings"``."""
        return self.spec.name

    @property
    def data(self) -> pd.DataFrame:
        """The validated (Geo)DataFrame. Treat as read-only; assign a new frame to change it."""
        return self._data

    @data.setter
    def data(self, frame: pd.DataFrame) -> None:
        self._data = self.checked(frame)
        self._selection = self._selection[self._selection < len(self._data)]
        self._filter = None
        self.events.data.emit(self._data)

    def checked(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` as assigning it to ``data`` would hold it (validated, with row ids), without
        assigning it: raises LayerValidationError for a frame the layer would refuse."""
        return ensure_row_ids(validate_frame(self.spec, frame, self.source))

    def take_new_row_ids(self) -> None:
        """Give every row a new temporary id (rows read elsewhere, about to join another project:
        their old ids mean nothing there). No event: the layer is not shown yet."""
        from .row_ids import temporary_ids
        self._data = self._data.assign(**{FID: temporary_ids(len(self._data))})

    def restore(self, frame: pd.DataFrame) -> None:
        """Put back a frame this layer held before (undo): trusted, so not validated again."""
        self._data = frame
        self._selection = self._selection[self._selection < len(frame)]
        self._filter = None
        self.events.data.emit(self._data)

    @property
    def is_spatial(self) -> bool:
        return self.spec.geometry_types is not None

    @property
    def is_point_layer(self) -> bool:
        """Its contract allows points only (incidents, patrols, facilities)."""
        return self.spec.geometry_types == POINT

    @property
    def crs(self):
        return self._data.crs if isinstance(self._data, gpd.GeoDataFrame) else None

    @property
    def bounds(self) -> tuple[float, float, float, float] | None:
        """(minx, miny, maxx, maxy) in the layer's CRS, or None for a table or an empty layer."""
        if not self.is_spatial or len(self._data) == 0:
            return None
        return tuple(float(v) for v in self._data.total_bounds)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.kind!r}: {len(self)} features>"

    # -- sensitive data ------------------------------------------------------------------
    @property
    def sensitive_columns(self) -> list[str]:
        """Columns that never reach a print, a web export or a screenshot."""
        names = self.spec.sensitive_columns + [c for c in self._extra_sensitive
                                               if c not in self.spec.sensitive_columns]
        return [c for c in names if c in self._data.columns]

    def mark_sensitive(self, column: str) -> None:
        """Mark one more column sensitive (a project may do so for any column)."""
        if column not in self._data.columns:
            raise KeyError(f"{self.kind}: no column {column!r}")
        if column not in self._extra_sensitive:
            self._extra_sensitive += (column,)
            self.events.style.emit(self._style)

    def public_data(self) -> pd.DataFrame:
        """A copy of the data without any sensitive column or row id: the only view exports may use."""
        return self._data.drop(columns=self.sensitive_columns + [FID], errors="ignore")

    @property
    def columns(self) -> list[str]:
        """The data columns a person sees (the row id and geometry left out)."""
        geometry = self._data.geometry.name if isinstance(self._data, gpd.GeoDataFrame) else None
        return [c for c in self._data.columns if c not in (FID, geometry)]

    # -- view state ----------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The display name: the one the user gave, else the layer's label in the current language."""
        if self._name:
            return self._name
        from .messages import language
        return self.spec.label_en if language() == "en" else self.spec.label_zh

    @property
    def renamed(self) -> str | None:
        """The name the user gave, if any."""
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        value = str(value).strip()
        if not value:
            raise ValueError("a layer name cannot be empty")
        self._name = value
        self.events.name.emit(value)

    def reset_name(self, value: str | None = None) -> None:
        """Give the layer the name ``value``, or (None) its label in the UI language again."""
        self._name = str(value).strip() if value else None
        self.events.name.emit(self.name)

    @property
    def visible(self) -> bool:
        return self._visible

    @visible.setter
    def visible(self, value: bool) -> None:
        value = bool(value)
        if value != self._visible:
            self._visible = value
            self.events.visible.emit(value)

    @property
    def opacity(self) -> float:
        return self._opacity

    @opacity.setter
    def opacity(self, value: float) -> None:
        if not 0.0 <= float(value) <= 1.0:
            raise ValueError(msg("opacity_range", value=value))
        self._opacity = float(value)
        self.events.opacity.emit(self._opacity)

    @property
    def style(self) -> str:
        """The name of the style the renderer uses for this layer."""
        return self._style

    @style.setter
    def style(self, value: str) -> None:
        self._style = str(value)
        self.events.style.emit(self._style)

    @property
    def selection(self) -> np.ndarray:
        """Selected row positions, sorted, unique."""
        return self._selection

    @selection.setter
    def selection(self, rows: Iterable[int]) -> None:
        rows = np.unique(np.asarray(list(rows) if not isinstance(rows, np.ndarray) else rows, dtype=np.int64))
        if len(rows) and (rows[0] < 0 or rows[-1] >= len(self._data)):
            raise IndexError(f"{self.kind}: selection outside 0..{len(self._data) - 1}")
        if not np.array_equal(rows, self._selection):
            self._selection = rows
            self.events.selection.emit(rows)

    @property
    def filter_mask(self) -> np.ndarray | None:
        """Which rows the views show (None: all). A view filter, not a data change."""
        return self._filter

    @filter_mask.setter
    def filter_mask(self, mask) -> None:
        if mask is not None:
            mask = np.asarray(mask, dtype=bool)
            if mask.shape != (len(self._data),):
                raise ValueError(f"{self.kind}: filter needs {len(self._data)} values, got {mask.shape}")
        self._filter = mask
        self.events.filter.emit(mask)

    def option(self, key: str, default=None):
        """A view option of this layer (heatmap bandwidth, hot-spot weights …)."""
        return self._options.get(key, default)

    def set_option(self, key: str, value) -> None:
        """Set a view option; listeners redraw as for a style change."""
        if self._options.get(key) != value:
            self._options[key] = value
            self.events.style.emit(self._style)

    def rows_where(self, column: str, value) -> np.ndarray:
        """Row positions whose ``column`` equals ``value``."""
        return np.flatnonzero((self._data[column] == value).to_numpy(dtype=bool, na_value=False))
