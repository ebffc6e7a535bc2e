"""Layer models: sensitive columns, change events, selection; no Qt involved."""
import pytest

from layers import GridCellsLayer, IncidentsLayer, LayerValidationError

from .test_validation import valid_frame


def test_sensitive_columns_are_known_and_never_in_public_data():
    cells = GridCellsLayer(valid_frame(GridCellsLayer))
    incidents = IncidentsLayer(valid_frame(IncidentsLayer))
    assert cells.sensitive_columns == ["worker_phone"]
    assert incidents.sensitive_columns == ["reporter", "reporter_phone"]
    public = incidents.public_data()
    assert "reporter" not in public.columns and "reporter_phone" not in public.columns
    assert "description" in public.columns


def test_a_project_may_mark_more_columns_sensitive():
    incidents = IncidentsLayer(valid_frame(IncidentsLayer), sensitive=["description"])
    assert "description" in incidents.sensitive_columns
    assert "description" not in incidents.public_data().columns
    cells = GridCellsLayer(valid_frame(GridCellsLayer))
    cells.mark_sensitive("worker")
    assert "worker" not in cells.public_data().columns
    with pytest.raises(KeyError):
        cells.mark_sensitive("no_such_column")


def test_events_fire_on_change_only():
    layer = GridCellsLayer(valid_frame(GridCellsLayer))
    seen = []
    layer.events.visible.connect(lambda v: seen.append(("visible", v)))
    layer.events.opacity.connect(lambda v: seen.append(("opacity", v)))
    layer.events.selection.connect(lambda v: seen.append(("selection", list(v))))
    layer.visible = True          # unchanged: no event
    layer.visible = False
    layer.opacity = 0.25
    layer.selection = [1, 1, 0]
    layer.selection = [0, 1]      # same selection: no event
    assert seen == [("visible", False), ("opacity", 0.25), ("selection", [0, 1])]


def test_opacity_is_validated_before_it_changes():
    layer = GridCellsLayer(valid_frame(GridCellsLayer))
    with pytest.raises(ValueError, match="between 0 and 1"):
        layer.opacity = 1.5
    assert layer.opacity == 1.0


def test_selection_outside_the_data_is_refused():
    layer = GridCellsLayer(valid_frame(GridCellsLayer, n=2))
    with pytest.raises(IndexError):
        layer.selection = [2]


def test_bad_data_assignment_keeps_old_data_and_emits_nothing():
    layer = GridCellsLayer(valid_frame(GridCellsLayer))
    before = layer.data
    fired = []
    layer.events.data.connect(fired.append)
    with pytest.raises(LayerValidationError):
        layer.data = before.drop(columns=["grid_code"])
    assert layer.data is before and fired == []
    layer.data = before.iloc[:1]
    assert len(fired) == 1 and len(layer) == 1


def test_blocked_signal_is_silent():
    layer = GridCellsLayer(valid_frame(GridCellsLayer))
    fired = []
    layer.events.visible.connect(fired.append)
    with layer.events.visible.blocked():
        layer.visible = False
    assert fired == [] and layer.visible is False
