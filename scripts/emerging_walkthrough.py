#!/usr/bin/env python3
"""A planner reviews hot spots over time in a real window: GridMap under Xvfb on the demo, driven
with xdotool. Colours the cells by emerging hot spot category (the incident panel's list), steps
the time slider to one month's Gi* map with the keyboard, then clicks a cell with the identify
tool (I) and reads its category, trend and z-scores over time; a screenshot after each step.

    .venv/bin/python scripts/emerging_walkthrough.py OUT_DIR
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(out: Path) -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    from x_driver import run_in_x
    return run_in_x(":78", out, walk)


def widget_centre(widget) -> tuple[int, int]:
    from PySide6.QtCore import QPoint
    g = widget.mapToGlobal(QPoint(widget.width() // 2, widget.height() // 2))
    return g.x(), g.y()


def walk(out: Path) -> int:
    import numpy as np
    import shapely
    from x_driver import XDriver, open_window
    from gridmap.analysis.space_time import HotspotQuery, emerging
    app, w = open_window(ROOT / "data" / "hongqi_demo.gpkg", 1600, 1000)
    w.canvas.asynchronous = False
    x = XDriver(app, w, out)
    x.settle(1.0)
    w.incident_dock.show()
    w.incident_dock.raise_()
    panel = w.incident_panel
    x.settle()
    # the time window: all, then cells coloured by emerging hot spots (the last entry of the list)
    x.xdo("mousemove", *widget_centre(panel.preset))
    x.xdo("click", 1)
    x.key("Home")
    x.key("Return")
    x.xdo("mousemove", *widget_centre(panel.cells_view))
    x.xdo("click", 1)
    x.key("End")
    x.key("Return")
    x.settle(1.0)
    assert w.project["grid_cells"].style == "emerging", w.project["grid_cells"].style
    x.shot("1-emerging-categories")
    # the slider: End (the last month), then back two months with the arrow keys
    x.xdo("mousemove", *widget_centre(panel.emerging.slider))
    x.xdo("click", 1)
    x.key("End")
    x.key("Left")
    x.key("Left")
    x.settle(1.0)
    print("slider", panel.emerging.slider.value(), panel.emerging.where.text(), flush=True)
    x.shot("2-gi-of-one-month")
    x.key("Home")                       # back to the categories
    # identify the consecutive hot spot
    result = emerging(w.project, HotspotQuery(step="month"))
    k = int(np.flatnonzero(result.category == "consecutive_hot")[0])
    cell = np.asarray(w.project.to_metric("grid_cells").geometry.values)[k]
    # a spot of the cell away from its buildings and incidents (a click there finds the cell alone)
    taken = shapely.union_all(np.concatenate([
        shapely.buffer(np.asarray(w.project.to_metric("buildings").geometry.values), 6.0),
        shapely.buffer(shapely.points(*w.project.metric_xy("incidents")), 8.0)]))
    inside = shapely.point_on_surface(shapely.difference(shapely.buffer(cell, -10.0), taken))
    x.move(inside.x, inside.y)
    x.key("i")
    x.xdo("click", 1)
    x.settle(1.0)
    w.identify_dock.raise_()
    x.settle(0.5)
    hits = w.identify_panel.hits
    if hits and hits[0][0] != "grid_cells":      # an incident on top: pick the cell from the list
        row = [name for name, _r in hits].index("grid_cells")
        listing = w.identify_panel.features
        listing.scrollToItem(listing.item(row))
        x.settle(0.2)
        rect = listing.visualItemRect(listing.item(row))
        g = listing.viewport().mapToGlobal(rect.center())
        x.xdo("mousemove", g.x(), g.y())
        x.xdo("click", 1)
        x.settle(0.5)
    print("identify", w.identify_panel.shown_values(), flush=True)
    x.shot("3-identify-chart")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/emerging-walk")))
