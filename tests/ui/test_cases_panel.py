"""The centre's panel: per department the figures of an independent count, and the share of this
quarter's settled disputes per level with the change from last quarter."""
import pandas as pd

from gridmap.analysis.dispatch import apply_plan, plan_dispatch
from gridmap.io.dispatch_rules import read_rules
from tests.analysis.test_dispatch import independent_figures


def test_panel_shows_departments_and_quarter_shares(qtbot, fresh_demo):
    from gridmap.ui.main_window import MainWindow
    project = fresh_demo
    layer = project["incidents"]
    layer.data = apply_plan(layer.data, plan_dispatch(project, read_rules("data/dispatch_rules.csv")))
    w = MainWindow(language="en")
    qtbot.addWidget(w)
    w.canvas.asynchronous = False           # renders in this thread: none outlives the test
    w.set_project(project)
    panel = w.cases_panel
    assert panel.figures is None                # hidden (as it starts): nothing computed
    w.show()
    w.cases_dock.show()                         # shown: it catches up
    as_of = pd.Timestamp("2025-03-31T20:15+08:00")
    assert panel.as_of == as_of
    expected = independent_figures(layer.data, as_of)
    shown = {panel.table.item(r, 0).text(): [panel.table.item(r, c).text() for c in range(1, 6)]
             for r in range(panel.table.rowCount())}
    for name, f in expected.items():
        key = name or "(not dispatched)"
        hours = "—" if f["median_hours"] is None else f"{f['median_hours']:.1f}"
        assert shown[key] == [str(f["open"]), str(f["overdue"]), str(f["late"]), str(f["resolved"]), hours], key
    # disputes settled with a level: this quarter (2025 Q1) against 2024 Q4, by hand
    frame = layer.data
    done = frame[(frame["kind"] == "dispute") & frame["status"].isin(["resolved", "closed"]) & frame["level"].notna()]

    def share(level, start, end):
        part = done[(done["resolved_at"] >= pd.Timestamp(start, tz=as_of.tz))
                    & (done["resolved_at"] < pd.Timestamp(end, tz=as_of.tz))]
        return (part["level"] == level).mean()
    now, before = share("community", "2025-01-01", "2025-04-01"), share("community", "2024-10-01", "2025-01-01")
    assert f"Community {now:.0%} ({now * 100 - before * 100:+.0f})" in panel.shares.text()
    # the panel follows an edit of the incidents
    frame = layer.data.copy()
    frame.loc[frame.index[:5], "department"] = "街道综治中心"
    layer.data = frame
    assert any(panel.table.item(r, 0).text() == "街道综治中心" for r in range(panel.table.rowCount()))
