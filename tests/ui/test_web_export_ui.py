"""File → Export web map uses the current filter, time window and visible layers."""


def test_export_follows_filters_and_visible_layers(window, tmp_path):
    window.set_language("zh")
    window.incident_panel.set_preset("last_30")
    window.incident_panel.set_categories({"heating"})
    window.project["buildings"].visible = False
    result = window.export_web_map(str(tmp_path / "w.html"), open_browser=False)
    mask = window.project["incidents"].filter_mask
    assert result.incidents_in_window == int(mask.sum()) == result.points_written
    text = (tmp_path / "w.html").read_text(encoding="utf-8")
    import json
    assert json.dumps("楼栋") not in text and json.dumps("网格") in text      # hidden layer left out
    assert "2025-03-01" in text                                              # the window's first day
