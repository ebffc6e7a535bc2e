"""The centre's view on the map: open cases coloured by the level handling them, those past their
deadline ringed red, settled ones small and grey — checked on the pixels drawn."""
import numpy as np
import pandas as pd
from PySide6.QtCore import QRectF

from gridmap.analysis.dispatch import apply_plan, plan_dispatch
from gridmap.canvas.render_job import render_image
from gridmap.io.dispatch_rules import read_rules
from gridmap.render import palette
from gridmap.render.registry import painter_for

from .conftest import rgba_array


def test_open_cases_by_level_and_past_deadline(fresh_demo):
    project = fresh_demo
    layer = project["incidents"]
    frame = apply_plan(layer.data, plan_dispatch(project, read_rules("data/dispatch_rules.csv")))
    as_of = frame["reported_at"].max()
    open_ = frame["status"].isin(["received", "dispatched", "in_progress"]).to_numpy()
    # one open street-level case past its deadline and one open community case within it
    street = int(np.flatnonzero(open_ & (frame["level"] == "street").to_numpy())[0])
    community = int(np.flatnonzero(open_ & (frame["level"] == "community").to_numpy())[0])
    due = frame["due_at"].copy()
    due.iloc[street] = as_of - pd.Timedelta(hours=5)
    due.iloc[community] = as_of + pd.Timedelta(hours=30)
    frame["due_at"] = due
    layer.data = frame
    layer.style = "level"
    x, y = project.metric_xy("incidents")
    painter = painter_for(project, layer)
    legend = [text for text, _s in painter.legend("zh")]
    assert "未办结·街道" in legend and "超过办理时限" in legend and "未办结·未派遣" in legend

    def pixel_around(k, offset_px=0):
        world = QRectF(x[k] - 40, y[k] - 40, 80, 80)            # 80 m in 400 px: 5 px per metre
        image, visible = render_image([painter], world, 400, 400)
        rgba = rgba_array(image)
        col = int((x[k] - visible.left()) / visible.width() * 400) + offset_px
        row = int((visible.bottom() - y[k]) / visible.height() * 400)
        return rgba[row, col, :3].astype(int)
    assert np.abs(pixel_around(street) - palette.LEVEL_COLOUR["street"][:3]).max() < 40
    assert np.abs(pixel_around(community) - palette.LEVEL_COLOUR["community"][:3]).max() < 40
    # the red ring shows just outside the dot of the case past its deadline, not around the other
    ring = pixel_around(street, offset_px=7)
    assert ring[0] > ring[2] + 60, ring
    plain = pixel_around(community, offset_px=7)
    assert not plain[0] > plain[2] + 60, plain
