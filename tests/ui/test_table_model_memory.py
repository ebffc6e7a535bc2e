"""The attribute table keeps the texts of the rows looked at, not whole columns, and the same
texts as formatting the whole column would give; a replaced table model goes away."""
import numpy as np
from PySide6.QtCore import Qt


def test_texts_equal_the_whole_column_formatted_and_stay_bounded(fresh_demo, qtbot, monkeypatch):
    from gridmap.ui import table_model
    from gridmap.ui.formatting import display_column
    monkeypatch.setattr(table_model, "BLOCK_ROWS", 64)
    monkeypatch.setattr(table_model, "MAX_BLOCKS", 5)
    layer = fresh_demo["incidents"]
    model = table_model.LayerTableModel(layer)
    columns = [c for c in model.columns if c not in layer.sensitive_columns]
    model.sort(model.columns.index("reported_at"), Qt.SortOrder.DescendingOrder)
    rng = np.random.default_rng(3)
    for row in rng.integers(0, model.rowCount(), 300):
        for column in rng.choice(columns, 3, replace=False):
            shown = model.data(model.index(int(row), model.columns.index(column)))
            expected = display_column(layer.data[column], *model._labels(column))[model.data_row(int(row))]
            assert shown == str(expected), (row, column)
        assert len(model._blocks) <= 5
    model.set_filter("物业")
    import pandas as pd
    expected = np.zeros(len(layer.data), dtype=bool)
    for column in columns:
        expected |= pd.Series(display_column(layer.data[column], *model._labels(column))).str.contains(
            "物业", regex=False).to_numpy()
    assert 0 < model.rowCount() == int(expected.sum()) < len(layer.data)
    model.detach()


def test_a_replaced_table_model_is_deleted(window, qtbot):
    import shiboken6
    window.show_attribute_table()
    panel = window.table
    first = panel.model
    assert first is not None
    panel.show_layer("buildings")
    qtbot.waitUntil(lambda: not shiboken6.isValid(first), timeout=5000)
    assert panel.model is not first and panel.model.layer is window.project["buildings"]


def test_code_columns_show_their_labels_and_are_found_by_them(fresh_demo, qtbot):
    """状态 shows 已办结, not closed (English: the English label); the filter finds rows by the label
    shown; other columns are unchanged."""
    from layers.codes import INCIDENT_SOURCE, INCIDENT_STATUS, label
    from layers.messages import language, set_language
    from gridmap.ui import table_model
    layer = fresh_demo["incidents"]
    before = language()
    try:
        for lang in ("zh", "en"):
            set_language(lang)
            model = table_model.LayerTableModel(layer)
            status, source = model.columns.index("status"), model.columns.index("source")
            for row in (0, 7, 99):
                data_row = model.data_row(row)
                assert model.data(model.index(row, status)) == label(INCIDENT_STATUS, layer.data["status"].iloc[data_row], lang)
                assert model.data(model.index(row, source)) == label(INCIDENT_SOURCE, layer.data["source"].iloc[data_row], lang)
            shown = label(INCIDENT_STATUS, "in_progress", lang)
            model.set_filter(shown)
            expected = int((layer.data["status"] == "in_progress").sum())
            assert model.rowCount() >= expected > 0
            assert all(model.data(model.index(r, status)) == shown or shown.lower() in " ".join(
                str(model.data(model.index(r, c))) for c in range(len(model.columns))).lower()
                for r in range(model.rowCount()))
            model.detach()
    finally:
        set_language(before)


def test_a_code_column_sorts_in_the_contracts_order(fresh_demo, qtbot):
    """Sorting 状态 follows the workflow (受理, 派遣, 处置中, 办结, 结案), not the codes' spelling;
    missing values go last either way."""
    from PySide6.QtCore import Qt
    from layers.codes import INCIDENT_LEVEL, INCIDENT_STATUS
    from gridmap.ui import table_model
    layer = fresh_demo["incidents"]
    model = table_model.LayerTableModel(layer)
    for column, codes in (("status", INCIDENT_STATUS), ("level", INCIDENT_LEVEL)):
        rank = {code: k for k, code in enumerate(codes)}
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(model.columns.index(column), order)
            values = layer.data[column].iloc[model.view_rows].astype(object).tolist()
            present = [rank[v] for v in values if isinstance(v, str)]
            assert present == sorted(present, reverse=order == Qt.SortOrder.DescendingOrder)
            missing = [not isinstance(v, str) for v in values]
            assert missing == sorted(missing)                  # every missing value after every code
        assert len(set(present)) > 1
    model.detach()
