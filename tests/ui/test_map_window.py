"""The map window driven as a user would: layers, identify, table, search, language."""
import numpy as np
import shapely
from PySide6.QtCore import Qt

from gridmap.render import palette

from .conftest import map_pixel, rgba_array, viewport_point


def _pump_room_xy(window):
    facilities = window.project.to_metric("facilities")
    row = int(np.flatnonzero(facilities["facility_id"] == "F-PUMP-001")[0])
    geom = facilities.geometry.iloc[row]
    return geom.x, geom.y


def _colour_near(window, x, y, rgba, radius=3, tol=12):
    pixels = rgba_array(window.canvas.image_item._pixmap.toImage())
    c, r = map_pixel(window.canvas, x, y)
    patch = pixels[r - radius:r + radius + 1, c - radius:c + radius + 1, :3].reshape(-1, 3).astype(int)
    return bool((np.abs(patch - np.array(rgba[:3])).max(axis=1) <= tol).any())


def test_toggling_a_layer_in_the_panel_hides_it_on_the_map(window):
    x, y = _pump_room_xy(window)
    window.canvas.zoom_to_rect(window.canvas.full_extent())
    window.canvas.render_now()
    pump_blue = palette.FACILITY_SYMBOL["pump_room"][1]
    assert _colour_near(window, x, y, pump_blue)
    item = window.layer_panel.item("facilities")
    item.setCheckState(Qt.CheckState.Unchecked)          # the user unticks the layer
    assert window.project["facilities"].visible is False
    window.canvas.render_now()
    assert not _colour_near(window, x, y, pump_blue)
    window.project["facilities"].visible = True           # and the model drives the panel
    assert item.checkState() == Qt.CheckState.Checked


def _quiet_building(window):
    """A point inside a building with no point feature within 3 m (so the click is unambiguous)."""
    buildings = window.project.to_metric("buildings")
    points = np.concatenate([shapely.get_coordinates(window.project.to_metric(n).geometry.values)
                             for n in ("incidents", "facilities")])
    tree = shapely.STRtree(shapely.points(points))
    for row, geom in enumerate(buildings.geometry.values):
        c = geom.centroid
        corner = geom.exterior.coords[0]
        spot = shapely.Point(c.x + 0.8 * (corner[0] - c.x), c.y + 0.8 * (corner[1] - c.y))
        if geom.contains(spot) and len(tree.query(spot, "dwithin", distance=3)) == 0:
            return row, spot.x, spot.y
    raise AssertionError("no quiet building in the demo")


def test_clicking_a_building_identifies_exactly_that_building(window, qtbot):
    row, x, y = _quiet_building(window)
    window.canvas.zoom_to_features("buildings", [row])
    window.canvas.render_now()
    window.actions["identify"].trigger()
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=viewport_point(window.canvas, x, y))
    hits = window.identify_panel.hits
    assert [h for h in hits if h[0] == "buildings"] == [("buildings", row)]
    assert hits[0] == ("buildings", row)                  # the top-most layer at the click
    assert {h[0] for h in hits} >= {"grid_cells"}         # overlapping features are listed too
    shown = window.identify_panel.shown_values()
    assert shown["building_id"] == window.project["buildings"].data["building_id"].iloc[row]


def test_identify_masks_sensitive_values_until_revealed(window):
    cells = window.project["grid_cells"].data
    row = int(np.flatnonzero(cells["worker_phone"].notna())[0])
    window.identify_panel.set_results(window.project, [("grid_cells", row)])
    shown = window.identify_panel.shown_values()
    assert shown["worker_phone"] == "●●●●●●" and shown["worker"] == cells["worker"].iloc[row]
    window.identify_panel.reveal.setChecked(True)
    assert window.identify_panel.shown_values()["worker_phone"] == cells["worker_phone"].iloc[row]


def test_overlapping_features_are_listed_and_pickable(window):
    cells = window.project.to_metric("grid_cells")
    centre = shapely.point_on_surface(cells.geometry.iloc[3])
    hits = window.tools.identify(centre.x, centre.y)
    assert ("grid_cells", 3) in hits and any(h[0] == "communities" for h in hits)
    panel = window.identify_panel
    assert panel.features.isVisibleTo(panel) and panel.features.count() == len(hits)
    community_index = [h[0] for h in hits].index("communities")
    panel.features.setCurrentRow(community_index)
    assert "community_code" in panel.shown_values()


def test_selecting_a_table_row_selects_the_feature_and_back(window):
    window.show_attribute_table()
    window.table.show_layer("buildings")
    table = window.table
    layer = window.project["buildings"]
    table.filter_edit.setText("公滨路")                         # filter, then sort descending
    table.view.sortByColumn(table.model.columns.index("address"), Qt.SortOrder.DescendingOrder)
    shown = [table.model.data(table.model.index(r, table.model.columns.index("address")))
             for r in range(table.model.rowCount())]
    assert shown and all("公滨路" in a for a in shown) and shown == sorted(shown, reverse=True)
    table.view.selectRow(2)
    expected = int(np.flatnonzero(layer.data["address"] == shown[2])[0])
    assert list(layer.selection) == [expected]
    # ... and the map's selection drives the table.
    other = int(np.flatnonzero(layer.data["address"] == shown[5])[0])
    layer.selection = [other]
    selected = [i.row() for i in table.view.selectionModel().selectedRows()]
    assert selected == [5]
    # The map draws the selection: the selected building's outline turns selection-yellow.
    window.canvas.zoom_to_features("buildings", [other])
    window.canvas.render_now()
    geom = window.project.to_metric("buildings").geometry.iloc[other]
    x0, y0, x1, y1 = geom.bounds
    assert _colour_near(window, geom.exterior.coords[0][0], geom.exterior.coords[0][1], palette.SELECTION,
                        radius=4, tol=40)


def test_table_masks_sensitive_columns(window):
    window.table.show_layer("incidents")
    model = window.table.model
    col = model.columns.index("reporter_phone")
    assert {model.data(model.index(r, col)) for r in range(20)} == {"●●●●●●"}
    window.table.filter_edit.setText("13")  # phone digits are not searchable while hidden
    phones = window.project["incidents"].data["reporter_phone"].fillna("")
    descriptions_etc = model.rowCount()
    assert descriptions_etc < (phones.str.contains("13")).sum()


def test_search_for_a_grid_code_zooms_to_that_cell(window, qtbot):
    cells = window.project.to_metric("grid_cells")
    row = 17
    code = cells["grid_code"].iloc[row]
    window.search_box.setText(code)
    window.search_box.go_to_best()
    view = window.canvas.view_rect()
    x0, y0, x1, y1 = cells.geometry.iloc[row].bounds
    assert view.left() <= x0 and view.right() >= x1 and view.top() <= y0 and view.bottom() >= y1
    # Zoomed to the cell, not the whole street: the cell fills most of one dimension.
    assert max((x1 - x0) / view.width(), (y1 - y0) / view.height()) > 0.5


def test_search_by_address_forms(window):
    matches = window.search_box.search("公滨路 307-1")
    assert matches and matches[0].layer == "buildings"
    assert window.project["buildings"].data["address"].iloc[matches[0].row] == "公滨路307-1号"
    assert window.search_box.search("市二院")  # the hospital's short name still finds it


def test_language_switch_changes_menu_text(window):
    assert window.file_menu.title() == "&File"
    window.set_language("zh")
    assert window.file_menu.title() == "文件(&F)"
    assert window.actions["open"].text() == "打开项目(&O)…"
    assert window.layer_panel.opacity_label.text() == "不透明度"
    # Panels of other classes retranslate through the same LanguageChange mechanism.
    assert window.coverage_panel.run_button.text() == "检查覆盖"
    assert window.search_box.placeholderText() == "搜索网格编码、地址、楼栋、网格员、案件编号…"
    window.set_language("en")
    assert window.file_menu.title() == "&File"
    assert window.coverage_panel.run_button.text() == "Check coverage"


def test_zoom_to_layer_and_full_extent(window):
    window.canvas.zoom_to_layer("facilities")
    facilities = window.project.to_metric("facilities")
    x0, y0, x1, y1 = facilities.total_bounds
    view = window.canvas.view_rect()
    assert view.left() <= x0 and view.right() >= x1
    window.actions["zoom_full"].trigger()
    full = window.canvas.view_rect()
    bx0, by0, bx1, by1 = window.project.to_metric("buildings").total_bounds
    assert full.left() <= bx0 and full.right() >= bx1 and full.top() <= by0 and full.bottom() >= by1


def test_opacity_and_order_from_the_panel(window):
    panel = window.layer_panel
    panel.list.setCurrentItem(panel.item("buildings"))
    panel.opacity.setValue(40)
    assert window.project["buildings"].opacity == 0.4
    order = panel.order_bottom_first()
    assert order == window.canvas.order


def test_add_layer_with_a_clear_error(window, tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point
    bad = tmp_path / "cells.geojson"
    gpd.GeoDataFrame({"grid_code": ["1"]}, geometry=[Point(126.68, 45.73)], crs=4326).to_file(bad)
    before = len(window.project["grid_cells"])
    assert not window.add_layer_file(str(bad), "grid_cells")
    assert "cells.geojson" in window.last_error[1] and "missing required column" in window.last_error[1]
    assert len(window.project["grid_cells"]) == before
    good = tmp_path / "wells.geojson"
    gpd.GeoDataFrame({"name": ["井1"]}, geometry=[Point(126.685, 45.735)], crs=4326).to_file(good)
    assert window.add_layer_file(str(good), None)
    assert "wells" in window.project and "wells" in window.canvas.order


def test_style_choice_changes_map_and_legend(window):
    from gridmap.analysis.stats import households_by_cell
    panel = window.layer_panel
    panel.list.setCurrentItem(panel.item("grid_cells"))
    index = panel.style_box.findData("households")
    panel.style_box.setCurrentIndex(index)
    assert window.project["grid_cells"].style == "households"
    window.canvas.render_now()
    legend_texts = [window.legend.topLevelItem(i).text(0) for i in range(window.legend.topLevelItemCount())]
    head = next(i for i in range(window.legend.topLevelItemCount())
                if window.legend.topLevelItem(i).text(0) == window.project["grid_cells"].name)
    children = [window.legend.topLevelItem(head).child(k).text(0)
                for k in range(window.legend.topLevelItem(head).childCount())]
    assert children == ["under 200", "200–299", "300–399", "400–500", "over 500"], legend_texts
    # The most populous cell is drawn in the 400-500 colour (blended over the background).
    totals = households_by_cell(window.project)
    row = int(np.argmax(totals))
    assert 400 <= totals[row] <= 500
    from .test_screenshot import blend, clear_spot
    x, y = clear_spot(window.project, row)
    window.canvas.render_now()
    pixels = rgba_array(window.canvas.image_item._pixmap.toImage())
    c, r = map_pixel(window.canvas, x, y)
    expected = blend(palette.CELL_HOUSEHOLD_CLASSES[3][1], palette.BACKGROUND)
    assert np.abs(pixels[r, c, :3].astype(int) - expected).max() <= 3


def test_legend_follows_the_density_view(window, monkeypatch):
    """When a render switches the incidents to their density image (too many to draw), the legend
    says so; when it switches back, the categories return."""
    from gridmap.render.points import IncidentsPainter

    def incident_entries():
        name = window.project["incidents"].name
        head = next(window.legend.topLevelItem(i) for i in range(window.legend.topLevelItemCount())
                    if window.legend.topLevelItem(i).text(0) == name)
        return [head.child(k).text(0) for k in range(head.childCount())] or [head.text(0)]
    assert "Heating" in incident_entries()
    monkeypatch.setattr(IncidentsPainter, "LOD_POINTS", 100)      # the demo's 5,840 are "too many"
    window.canvas.render_now()
    assert not any("Heating" == t for t in incident_entries())
    assert len(incident_entries()) == 1
    monkeypatch.setattr(IncidentsPainter, "LOD_POINTS", 10**9)
    window.canvas.render_now()
    assert "Heating" in incident_entries()
