"""Status bar widgets: cursor position in WGS84 and the projected CRS, and the map scale."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar


class MapStatus:
    """Keeps the status bar's coordinate and scale labels up to date."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.wgs84 = QLabel()
        self.projected = QLabel()
        self.scale = QLabel()
        for label in (self.wgs84, self.projected, self.scale):
            label.setMinimumWidth(120)
            bar.addPermanentWidget(label)
        self._to_wgs84 = None
        self._metric_crs = None
        self._crs_name = ""

    def set_crs(self, metric_crs) -> None:
        # The transformer is made when the pointer first moves over the map: made here, it waited
        # for the reading threads' lock on PROJ and GDAL while a city opened (0.4 s of the GUI's).
        self._metric_crs = metric_crs
        self._to_wgs84 = None
        epsg = metric_crs.to_epsg() if metric_crs else None
        self._crs_name = f"EPSG:{epsg}" if epsg else (metric_crs.name if metric_crs else "")

    def show_position(self, x: float, y: float) -> None:
        if self._to_wgs84 is None:
            if self._metric_crs is None:
                return
            from ..io.crs import transformer
            self._to_wgs84 = transformer(self._metric_crs, 4326)
        lon, lat = self._to_wgs84.transform(x, y)
        self.wgs84.setText(f"WGS84 {lon:.6f}°E {lat:.6f}°N")
        self.projected.setText(f"{self._crs_name} {x:.1f}, {y:.1f}")

    def show_scale(self, denominator: float) -> None:
        self.scale.setText(f"1:{denominator:,.0f}" if denominator > 0 else "")
        self.scale.setToolTip(self.bar.tr("Map scale on this screen") if hasattr(self.bar, "tr") else "")

