"""Each layer model rejects what breaks the data contract with a message naming what is wrong."""
import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from layers import LAYER_CLASSES, BuildingsLayer, GridCellsLayer, IncidentsLayer, LayerValidationError
from layers.messages import set_language

SQUARE = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
SQUARE2 = Polygon([(2, 0), (3, 0), (3, 1), (2, 1)])

VALUES = {
    "households": 30, "floors": 6, "reported_at": "2025-01-15T09:30:00+08:00",
    "resolved_at": None, "visited_at": "2025-01-15T09:30:00+08:00", "due_at": None,
    "at": "2025-01-15T09:30:00+08:00",
}
GEOMETRY = {"Polygon": SQUARE, "MultiPolygon": SQUARE, "Point": Point(0.5, 0.5)}


def valid_frame(cls, n=2):
    """A small frame that satisfies ``cls``'s contract."""
    spec = cls.spec
    data = {c.name: [next(iter(c.codes)) if c.codes else VALUES.get(c.name, f"{c.name}-{k}") for k in range(n)]
            for c in spec.columns}
    if spec.geometry_types is None:
        return pd.DataFrame(data)
    return gpd.GeoDataFrame(data, geometry=[GEOMETRY[spec.geometry_types[0]]] * n, crs=4326)


REQUIRED = [(name, col) for name, cls in LAYER_CLASSES.items() for col in cls.spec.required_columns]


@pytest.mark.parametrize("name", list(LAYER_CLASSES))
def test_valid_frame_is_accepted(name):
    layer = LAYER_CLASSES[name](valid_frame(LAYER_CLASSES[name]))
    assert len(layer) == 2


@pytest.mark.parametrize(("name", "column"), REQUIRED)
def test_each_missing_required_column_is_named(name, column):
    frame = valid_frame(LAYER_CLASSES[name]).drop(columns=[column])
    with pytest.raises(LayerValidationError) as err:
        LAYER_CLASSES[name](frame, source="city.gpkg")
    text = str(err.value)
    assert f"missing required column(s) {column} " in text
    assert name in text and "city.gpkg" in text


def test_missing_optional_column_is_added_empty():
    frame = valid_frame(GridCellsLayer).drop(columns=["worker_phone", "households"])
    layer = GridCellsLayer(frame)
    assert layer.data["worker_phone"].isna().all()
    assert str(layer.data["households"].dtype) == "Int64" and layer.data["households"].isna().all()


@pytest.mark.parametrize("name", [n for n, c in LAYER_CLASSES.items() if c.spec.geometry_types])
def test_wrong_geometry_type_names_row_and_type(name):
    cls = LAYER_CLASSES[name]
    frame = valid_frame(cls, n=3)
    wrong = Point(5, 5) if "Point" not in cls.spec.geometry_types else LineString([(0, 0), (1, 1)])
    frame.loc[2, "geometry"] = wrong
    with pytest.raises(LayerValidationError) as err:
        cls(frame)
    text = str(err.value)
    assert "wrong geometry type" in text and "row 3" in text and wrong.geom_type in text


def test_null_geometry_is_rejected_with_its_row():
    frame = valid_frame(BuildingsLayer, n=3)
    frame.loc[1, "geometry"] = None
    with pytest.raises(LayerValidationError, match=r"no geometry.*row 2 \(building_id=building_id-1\)"):
        BuildingsLayer(frame)


def test_single_part_multipolygon_is_unwrapped_multi_part_rejected():
    frame = valid_frame(GridCellsLayer, n=2)
    frame.loc[0, "geometry"] = MultiPolygon([SQUARE])
    layer = GridCellsLayer(frame)
    assert layer.data.geometry.iloc[0].geom_type == "Polygon"
    assert layer.data.geometry.iloc[0].equals(SQUARE)
    frame.loc[1, "geometry"] = MultiPolygon([SQUARE, SQUARE2])
    with pytest.raises(LayerValidationError, match="multi-part"):
        GridCellsLayer(frame)


def test_invalid_polygon_is_kept_for_the_coverage_check():
    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    frame = valid_frame(BuildingsLayer, n=1)
    frame.loc[0, "geometry"] = bowtie
    assert not BuildingsLayer(frame).data.geometry.iloc[0].is_valid


def test_bad_integer_names_column_row_and_value():
    frame = valid_frame(BuildingsLayer, n=3)
    frame["households"] = [12, "abc", 3.5]
    with pytest.raises(LayerValidationError) as err:
        BuildingsLayer(frame)
    text = str(err.value)
    assert "column households" in text and "2 value(s)" in text
    assert "row 2 (building_id=building_id-1): 'abc'" in text and "row 3" in text


def test_numbers_as_text_are_accepted():
    frame = valid_frame(BuildingsLayer, n=2)
    frame["households"] = ["12", " 40 "]
    assert BuildingsLayer(frame).data["households"].tolist() == [12, 40]


def test_times_parse_with_and_without_offset():
    frame = valid_frame(IncidentsLayer, n=3)
    frame["reported_at"] = ["2025-01-15T09:30:00+08:00", "2025-01-15 01:30:00Z", "2025-01-15 09:30"]
    times = IncidentsLayer(frame).data["reported_at"]
    # All three are the same instant: 09:30 local time is 01:30 UTC.
    assert times.nunique() == 1
    assert times.iloc[0].utcoffset().total_seconds() == 8 * 3600
    assert times.iloc[0].hour == 9


def test_bad_time_is_named():
    frame = valid_frame(IncidentsLayer, n=2)
    frame.loc[1, "reported_at"] = "yesterday"
    with pytest.raises(LayerValidationError, match=r"reported_at.*row 2 \(incident_id=incident_id-1\): 'yesterday'"):
        IncidentsLayer(frame)


def test_codes_accept_chinese_labels_and_reject_unknown():
    frame = valid_frame(BuildingsLayer, n=3)
    frame["use"] = ["住宅", "Hospital", "school"]
    assert BuildingsLayer(frame).data["use"].tolist() == ["residential", "hospital", "school"]
    frame["use"] = ["住宅", "castle", None]
    with pytest.raises(LayerValidationError, match=r"column use.*'castle'.*allowed: residential, hospital"):
        BuildingsLayer(frame)



def test_code_columns_are_held_as_one_byte_per_row_over_the_code_list():
    """A code column is a categorical over the contract's list (in its order): the same values
    as text, one byte of code per row, and a frame already coded is not converted again."""
    from layers.codes import BUILDING_USE
    frame = valid_frame(BuildingsLayer, n=4)
    frame["use"] = ["住宅", "hospital", None, "school"]
    use = BuildingsLayer(frame).data["use"]
    assert isinstance(use.dtype, pd.CategoricalDtype) and list(use.cat.categories) == list(BUILDING_USE)
    assert use.cat.codes.dtype.itemsize == 1
    assert use.astype(object).where(use.notna(), None).tolist() == ["residential", "hospital", None, "school"]
    assert (use == "hospital").tolist() == [False, True, False, False]
    layer = BuildingsLayer(frame)
    again = BuildingsLayer(layer.data).data["use"]
    assert again.cat.codes.to_numpy().__array_interface__["data"][0] == \
        layer.data["use"].cat.codes.to_numpy().__array_interface__["data"][0]


def test_a_label_or_a_bad_value_set_into_a_code_column_reaches_validation():
    """An edit may set a label (医院) or a wrong value into a coded column: ``settable`` makes the
    column take it, the layer codes the label and names the row of a wrong value."""
    from layers.coded import settable
    layer = BuildingsLayer(valid_frame(BuildingsLayer, n=3))
    frame = layer.data.copy(deep=False)
    settable(frame, "use", "医院")
    frame.loc[1, "use"] = "医院"
    assert BuildingsLayer(frame).data["use"].tolist()[1] == "hospital"
    frame = layer.data.copy(deep=False)
    settable(frame, "use", "castle")
    frame.loc[2, "use"] = "castle"
    with pytest.raises(LayerValidationError, match=r"column use.*'castle'"):
        BuildingsLayer(frame)
    assert isinstance(layer.data["use"].dtype, pd.CategoricalDtype)     # the layer's own frame untouched

def test_codes_stored_as_integers_become_text():
    frame = valid_frame(GridCellsLayer, n=2)
    frame["grid_code"] = [230110004001001, 230110004001002]
    assert GridCellsLayer(frame).data["grid_code"].tolist() == ["230110004001001", "230110004001002"]
    frame["grid_code"] = [230110004001001.0, None]  # as Excel delivers them
    assert GridCellsLayer(frame).data["grid_code"].iloc[0] == "230110004001001"


def test_messages_in_chinese():
    set_language("zh")
    frame = valid_frame(BuildingsLayer).drop(columns=["households"])
    with pytest.raises(LayerValidationError, match="缺少必需的列 households"):
        BuildingsLayer(frame, source="楼栋.gpkg")


def test_not_a_table():
    with pytest.raises(LayerValidationError, match="not a table"):
        BuildingsLayer([1, 2, 3])
