"""The status bar's pointer position: WGS84 and projected coordinates, the transformer made when
the pointer first moves (not while a project opens)."""
from pyproj import CRS, Transformer


def test_pointer_position_in_wgs84_and_the_metric_crs(qtbot):
    from PySide6.QtWidgets import QStatusBar
    from gridmap.ui.status import MapStatus
    bar = QStatusBar()
    qtbot.addWidget(bar)
    status = MapStatus(bar)
    status.show_position(1.0, 2.0)                 # no project yet: nothing shown, nothing raised
    assert status.wgs84.text() == ""
    crs = CRS.from_epsg(4551)                      # CGCS2000 / 3-degree Gauss-Kruger CM 126E (Harbin)
    status.set_crs(crs)
    assert status._to_wgs84 is None                # made on the first move, not while opening
    y = 5_066_000.0
    x = 500_000.0 - 12_345.6
    status.show_position(x, y)
    lon, lat = Transformer.from_crs(crs, 4326, always_xy=True).transform(x, y)
    assert status.wgs84.text() == f"WGS84 {lon:.6f}°E {lat:.6f}°N"
    assert status.projected.text() == f"EPSG:4551 {x:.1f}, {y:.1f}"
    assert 125 < lon < 127 and 45 < lat < 46.5
